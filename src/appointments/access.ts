// When a tenant can be in, from their answer to "When can we get in?": mornings, afternoons, any time, or their own
// words ("not Mondays", "Tue or Thu after 12"), as the halves of the day and the weekdays to offer.
import type { HalfDay } from "./scheduler";

export interface AccessTimes {
  timesOfDay: HalfDay[];
  daysOfWeek: number[];
}

const WEEKDAYS: [number, RegExp][] = [
  [1, /\bmon(day)?s?\b/],
  [2, /\btue?s?(day)?s?\b/],
  [3, /\bwed(nesday)?s?\b|\bweds\b/],
  [4, /\bthu(rs?)?(day)?s?\b/],
  [5, /\bfri(day)?s?\b/],
  [6, /\bsat(urday)?s?\b/],
  [7, /\bsun(day)?s?\b/],
];

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
const MORNING = /\b(mornings?|am|before (12|noon|dinner ?time|lunch))\b/;
const AFTERNOON = /\b(afternoons?|pm|after (12|noon|dinner ?time|lunch))\b/;
// "I work mornings" says when they are out, like "not mornings".
const NOT = /\b(not|no|except|never|cant do|cannot do|work|working|at work|out|busy|away)\b/;

export function accessTimes(access: string | undefined, words: string | undefined): AccessTimes {
  if (access === "mornings") return { timesOfDay: ["AM"], daysOfWeek: ALL_DAYS };
  if (access === "afternoons") return { timesOfDay: ["PM"], daysOfWeek: ALL_DAYS };
  if (access !== "other" || !words) return { timesOfDay: ["AM", "PM"], daysOfWeek: ALL_DAYS };
  const text = words.toLowerCase();
  const negated = NOT.test(text);
  const morning = MORNING.test(text);
  const afternoon = AFTERNOON.test(text);
  // "not mornings" means afternoons; "mornings" alone means mornings; neither or both means either.
  let timesOfDay: HalfDay[] = ["AM", "PM"];
  if (morning !== afternoon) timesOfDay = (morning !== negated) ? ["AM"] : ["PM"];
  const named = WEEKDAYS.filter(([, pattern]) => pattern.test(text)).map(([day]) => day);
  const daysOfWeek = named.length === 0 ? ALL_DAYS : negated ? ALL_DAYS.filter((day) => !named.includes(day)) : named;
  return { timesOfDay, daysOfWeek };
}

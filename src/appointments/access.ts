// When a tenant can be in, from their answer to "When can we get in?": mornings, afternoons, any time, or their own
// words ("not Mondays", "Tue or Thu after 12"), as the halves of the day and the weekdays to offer.
import type { HalfDay } from "./scheduler";

export interface AccessTimes {
  timesOfDay: HalfDay[];
  daysOfWeek: number[];
}

const WEEKDAYS: [number, RegExp][] = [
  [1, /\bmon(day)?s?\b/g],
  [2, /\btue?s?(day)?s?\b/g],
  [3, /\bwed(nesday)?s?\b|\bweds\b/g],
  [4, /\bthu(rs?)?(day)?s?\b/g],
  [5, /\bfri(day)?s?\b/g],
  [6, /\bsat(urday)?s?\b/g],
  [7, /\bsun(day)?s?\b/g],
];

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
const MORNING = /\b(mornings?|am|\d{1,2}(:\d\d)? ?am|before (12|noon|dinner ?time|lunch))\b/g;
const AFTERNOON = /\b(afternoons?|pm|\d{1,2}(:\d\d)? ?pm|after (12|noon|dinner ?time|lunch))\b/g;
// Said just before a time, these mean the tenant is out then: "not Mondays", "I work mornings".
const NOT_BEFORE = /\b(not|no|except|never|cant do|cannot do|work|working|at work|out|busy|away)\b[\w ]{0,12}$/;

/** How a time is named in the words: wanted ("mornings"), ruled out ("not mornings"), or not at all. */
function said(text: string, pattern: RegExp): "wanted" | "ruled_out" | null {
  let found: "wanted" | "ruled_out" | null = null;
  for (const match of text.matchAll(pattern)) {
    const before = text.slice(0, match.index).split(/[,.;]| and | but | or /).at(-1) ?? "";
    if (NOT_BEFORE.test(before)) found ??= "ruled_out";
    else found = "wanted";
  }
  return found;
}

export function accessTimes(access: string | undefined, words: string | undefined): AccessTimes {
  if (access === "mornings") return { timesOfDay: ["AM"], daysOfWeek: ALL_DAYS };
  if (access === "afternoons") return { timesOfDay: ["PM"], daysOfWeek: ALL_DAYS };
  if (access !== "other" || !words) return { timesOfDay: ["AM", "PM"], daysOfWeek: ALL_DAYS };
  const text = words.toLowerCase();
  const morning = said(text, MORNING);
  const afternoon = said(text, AFTERNOON);
  let timesOfDay: HalfDay[] = ["AM", "PM"];
  if (morning === "wanted" && afternoon !== "wanted") timesOfDay = ["AM"];
  else if (afternoon === "wanted" && morning !== "wanted") timesOfDay = ["PM"];
  else if (morning === "ruled_out" && afternoon === null) timesOfDay = ["PM"];
  else if (afternoon === "ruled_out" && morning === null) timesOfDay = ["AM"];
  const days = WEEKDAYS.map(([day, pattern]) => [day, said(text, pattern)] as const);
  const wanted = days.filter(([, how]) => how === "wanted").map(([day]) => day);
  const ruledOut = days.filter(([, how]) => how === "ruled_out").map(([day]) => day);
  const daysOfWeek = (wanted.length > 0 ? wanted : ALL_DAYS).filter((day) => !ruledOut.includes(day));
  return { timesOfDay, daysOfWeek: daysOfWeek.length > 0 ? daysOfWeek : ALL_DAYS };
}

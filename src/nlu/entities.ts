// Facts in a tenant's own words that let a journey skip a question: the room, what is not working, when, who is at home.
import * as chrono from "chrono-node";
const ROOMS: [string, RegExp][] = [
  ["communal", /\b(communal|shared|lift|stairwell|corridor|bin store|landing outside|entrance hall|foyer|block)\b/],
  ["kitchen", /\b(kitchen|cooker|oven|hob|worktop)\b/],
  ["bathroom", /\b(bathroom|bath|shower|toilet|loo|wc|basin)\b/],
  ["bedroom", /\b(bedroom|bed room|box room)\b/],
  ["living_room", /\b(living room|lounge|front room|sitting room|livingroom)\b/],
  ["hall_stairs", /\b(hall|hallway|stairs|staircase|landing)\b/],
  ["outside", /\b(garden|outside|yard|roof|gutter|fence|gate|shed|path|drive)\b/],
];

/** The room or area named in the text, as the repair journey's "where" answer. */
export function findRoom(corrected: string): string | null {
  return ROOMS.find(([, pattern]) => pattern.test(corrected))?.[0] ?? null;
}

/** For heating: which of heating and hot water is lost, if the words say. */
export function findHeatingDetail(corrected: string): string | null {
  const noHeat = /\b(no|not|without|lost|cant get( the)?)\b.{0,15}\bheat(ing)?\b|\bheating\b.{0,20}\b(not working|broke|broken|off|gone|stopped|bust)\b/.test(corrected);
  const noHotWater = /\b(no|not|without|lost)\b.{0,15}\bhot water\b|\bhot water\b.{0,20}\b(not working|broke|broken|off|gone|stopped|cold)\b/.test(corrected);
  if (noHeat && noHotWater) return "none";
  if (noHeat) return "no_heating";
  if (noHotWater) return "no_hot_water";
  return null;
}

/** For a toilet: whether it is the only one in the home, if the words say. */
export function findToiletDetail(corrected: string): string | null {
  if (/\b(only|just the one|just one|one and only) (toilet|loo|wc)\b|\bonly (have|got) (one|1) (toilet|loo)\b/.test(corrected)) return "only_toilet";
  if (/\b(other|another|second|downstairs|upstairs) (toilet|loo|wc) (works|is working|is fine|is ok)\b/.test(corrected)) return "other_toilet";
  return null;
}

/** For damp and mould: whether it is in more than one room, if the words say (its size is left to the question). */
export function findDampDetail(corrected: string): string | null {
  const spread = /\b(every|all the|most of the|most|both) (rooms?|bedrooms)\b|\ball (over|through|round) the (house|flat|home)\b|\b(whole|entire) (house|flat|home)\b|\b(two|2|three|3|few|several|all my) rooms\b|\beverywhere\b/;
  return spread.test(corrected) ? "several_rooms" : null;
}

/**
 * A case reference: R or S and six letters or digits (src/cases/references.ts issues them without 0, 1, I, L or
 * O, but a tenant copying one may still type those). A word like "respect" is not a reference: it needs a digit,
 * or to be written in capitals as we send them.
 */
export function findReference(text: string): string | null {
  for (const [token] of text.matchAll(/\b[RS][A-Z0-9]{6}\b/gi)) {
    if (/\d/.test(token) || token === token.toUpperCase()) return token.toUpperCase();
  }
  return null;
}

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, couple: 2, few: 3 };
const UNIT_DAYS: Record<string, number> = { day: 1, week: 7, month: 30 };

/**
 * When something started or happened, from "since tuesday", "last night", "for 2 weeks", "on saturday": always
 * in the past, because tenants report what has happened. Null when the words give no time.
 */
export function findWhen(text: string, now: Date): Date | null {
  const lower = text.toLowerCase();
  const duration = /\bfor (?:a |the )?(?:last |past )?(\d+|a|an|one|two|three|four|five|six|couple of|few)\s*(day|week|month)s?\b/.exec(lower);
  if (duration) {
    const count = Number(duration[1]) || NUMBER_WORDS[duration[1]!.replace(" of", "")] || 1;
    return new Date(now.getTime() - count * UNIT_DAYS[duration[2]!]! * 86_400_000);
  }
  const [found] = chrono.en.GB.parse(lower, now);
  if (!found) return null;
  let when = found.start.date();
  // Always the last one: "since tuesday" said on a Monday is last Tuesday, "every night" said at 10am is last night.
  const step = found.start.isCertain("weekday") ? 7 : 1;
  while (when.getTime() > now.getTime()) when = new Date(when.getTime() - step * 86_400_000);
  return when;
}

const RECURRENCE =
  /\b((every|each|most|some) (single )?(day|night|morning|evening|afternoon|weekend|week|month|days|nights|weekends|mon|tues|wednes|thurs|fri|satur|sun)[a-z]*|all (the )?(time|day|night|weekend)|constantly|non ?stop|on and off|again and again|(at|on|over) weekends|(every|most|all) (the )?(time))\b/;

/** How often something happens, in the tenant's words: "every weekend", "all the time". Null when they do not say. */
export function findRecurrence(text: string): string | null {
  return RECURRENCE.exec(text.toLowerCase())?.[0] ?? null;
}

const APPLIANCES = [
  "boiler", "radiator", "cooker", "oven", "hob", "extractor fan", "shower", "bath", "toilet", "tap", "sink",
  "immersion heater", "storage heater", "gas fire", "electric fire", "smoke alarm", "fuse box", "door entry", "intercom", "lift",
];

/** The appliance or fitting named, for the engineer: "boiler", "extractor fan". */
export function findAppliance(corrected: string): string | null {
  return APPLIANCES.find((appliance) => new RegExp(`\\b${appliance}s?\\b`).test(corrected)) ?? null;
}

const DISSATISFIED =
  /\b((second|third|fourth|fifth|2nd|3rd|4th|5th|\d+) time|(nobody|no one|noone|no body|no1) (came|come|turned up|showed|has been|rang|called)|fed up|sick of|still waiting|still not (fixed|done|sorted)|waiting (for )?(weeks|months|ages)|not good enough|unacceptable|ridiculous|disgusting|disgraceful|let down|(keep|keeps) (cancelling|canceling|breaking))\b/;

/** Signs of dissatisfaction ("third time", "nobody came", "fed up"): the tenant is offered a complaint (DOMAIN.md). */
export function isDissatisfied(text: string): boolean {
  return DISSATISFIED.test(text.toLowerCase());
}

/** Someone at home who needs extra care: the people the repair journey's vulnerability questions ask about. */
const VULNERABLE = new RegExp(
  String.raw`\b(` +
    [
      String.raw`bab(y|ies)|new ?born|toddler|infant|(weeks?|months?) old`,
      String.raw`pregnant|expecting a baby`,
      // An age only when it is a person's: "the house is 80 years old" is not.
      String.raw`elderly|pensioners?|over (6[5-9]|[7-9][0-9])|(i am|shes|hes|she is|he is|aged|age|(mum|mam|dad|nan|gran|husband|wife) is) (6[5-9]|[7-9][0-9])`,
      String.raw`disabled|disability|wheelchair|bed ?bound|dementia`,
      String.raw`oxygen|asthma|asthmatic|copd|breathing (problems?|difficult[a-z]*)|chest (problems?|infections?)|lung (problems?|condition)`,
      String.raw`cancer|chemo[a-z]*|heart (problems?|condition)`,
      // "ill" only after a verb: "ill be in" is text-speak for "I'll", and "sick of waiting" is not illness.
      String.raw`(is|am|are|been|being|gets?|getting|got|feel(ing|s)?|keeps? getting|making( [a-z]+){0,3}|made( [a-z]+){0,3}) (ill|poorly|unwell|sick(?! of| and tired))`,
    ].join("|") +
    String.raw`)\b`,
  "g",
);
/** "no baby", "nobody is ill", "not pregnant": the words just before a match that deny it. */
const DENIED = /\b(no|not|nobody|no one|noone|none|never|isnt|arent)( (is|are|has|here|at home))? $/;

/** Words saying someone at home needs extra care ("my baby", "mum is 82", "on oxygen"), or null. */
export function findVulnerability(corrected: string): string | null {
  for (const match of corrected.matchAll(VULNERABLE)) {
    if (!DENIED.test(corrected.slice(0, match.index))) return match[0];
  }
  return null;
}

// Facts in a tenant's own words that let a journey skip a question: the room, and what is not working.
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

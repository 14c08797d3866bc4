// Finds danger to life or home in any message, at any step, before anything else looks at it. Deliberately
// eager: a false alarm costs a safety message, a miss could cost a life. Later work adds spelling correction.
export type DangerKind =
  | "fire"
  | "gas"
  | "co"
  | "threat"
  | "domestic_abuse"
  | "self_harm"
  | "electric_danger"
  | "flood";

export const SAFEGUARDING_KINDS: ReadonlySet<DangerKind> = new Set(["threat", "domestic_abuse", "self_harm"]);

const GAS = String.raw`ga+s+`;
const SMELL = String.raw`(sme+l+[a-z]*|smel+s?)`;
const ELECTRIC_THING = String.raw`(light|lights|light fitting|socket|sockets|plug|switch|switches|fuse ?box|electrics?|wires?|wiring)`;

// Most severe first: the first kind found decides the advice the tenant gets first.
const PATTERNS: [DangerKind, RegExp][] = [
  ["fire", /\b(fire|fires|on fire|flames?|smoke|smokey|smoky)\b/],
  ["gas", new RegExp(String.raw`\b${SMELL}\b.{0,20}\b${GAS}\b|\b${GAS}\b.{0,15}\b(${SMELL}|lea?k[a-z]*|leek[a-z]*|escap[a-z]*)\b`)],
  ["co", /\b(carbon mono?xi?de?|co alarm|co detector|monoxide)\b/],
  ["threat", /\b(threat[a-z]*|going to (kill|hurt|stab|attack|batter)|gonna (kill|hurt|stab|batter)|attacked me|hit me|stabbed|knife|gun|kill me)\b/],
  [
    "domestic_abuse",
    /\b(domestic (abuse|violence)|(partner|husband|boyfriend|wife|girlfriend|ex)\b.{0,20}\b(hits?|hitting|beats?|beating|hurts?|hurting|abus[a-z]*|controls?|scared))\b/,
  ],
  ["self_harm", /\b(kill myself|end my life|suicid[a-z]*|self harm[a-z]*|hurt myself|want to die|better off dead)\b/],
  [
    "electric_danger",
    new RegExp(
      String.raw`\b(spark[a-z]*|exposed wir[a-z]*|live wires?|bare wires?|burning smell|smell[a-z]* (of )?burning|electric shock)\b|\b${ELECTRIC_THING}\b.{0,20}\b(melt[a-z]*|burn[a-z]*|smok[a-z]*|bang[a-z]*)\b`,
    ),
  ],
  [
    "flood",
    new RegExp(
      String.raw`\b(flood[a-z]*|burst (pipe|main)s?|pipes? (has |have )?burst)\b` +
        String.raw`|\bwater\b.{0,50}\b(through|thru|into|in|on|onto|near|round|around|from|out of|behind|over|under)\b.{0,30}\b${ELECTRIC_THING}\b` +
        String.raw`|\b${ELECTRIC_THING}\b.{0,30}\b(wet|water|leak[a-z]*|drip[a-z]*)\b`,
    ),
  ],
];

export function normaliseForSafety(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9' ]+/g, " ").replace(/'/g, "").replace(/\s+/g, " ").trim();
}

/** Every kind of danger in the message, most severe first; empty when none. */
export function detectDanger(text: string): DangerKind[] {
  const normalised = normaliseForSafety(text);
  return PATTERNS.filter(([, pattern]) => pattern.test(normalised)).map(([kind]) => kind);
}

// Finds danger to life or home, and people at risk of harm, in any message at any step, before anything else looks
// at it. Deliberately eager: a false alarm costs a safety message, a miss could cost a life. It runs on the raw text
// and on the spelling-corrected text (src/nlu/understand.ts), and ignores a danger word only when it is plainly
// negated ("no gas smell", "not sparking").
export type DangerKind =
  // danger now: safety advice first, then an emergency case
  | "fire"
  | "gas"
  | "co"
  | "electric_danger"
  | "flood"
  | "insecure"
  | "lift_entrapment"
  // a person at risk of harm: advice, then a safeguarding case for a person
  | "violence"
  | "threat"
  | "domestic_abuse"
  | "self_harm"
  | "hate"
  | "child_at_risk"
  // an emergency repair but no danger to life this minute: the repair journey sets the priority
  | "no_heat_vulnerable"
  | "no_water"
  | "power_loss"
  | "sewage";

export const SAFEGUARDING_KINDS: ReadonlySet<DangerKind> = new Set(["threat", "domestic_abuse", "self_harm", "hate", "child_at_risk"]);

/** Violence threatened against someone's life is an emergency (999), as well as a case for a person. */
export const EMERGENCY_KINDS: ReadonlySet<DangerKind> = new Set([
  "fire", "gas", "co", "electric_danger", "flood", "insecure", "lift_entrapment", "violence",
  "no_heat_vulnerable", "no_water", "power_loss", "sewage",
]);

/** Kinds that interrupt whatever the tenant is doing with safety advice and a case for staff. */
export const INTERRUPTING_KINDS: ReadonlySet<DangerKind> = new Set([
  "fire", "gas", "co", "electric_danger", "flood", "insecure", "lift_entrapment",
  "violence", "threat", "domestic_abuse", "self_harm", "hate", "child_at_risk",
]);

const GAS = String.raw`ga+s+`;
const SMELL = String.raw`(sme+l+[a-z]*|smel+s?|whiff|stink[a-z]*)`;
const ELECTRIC_THING = String.raw`(light|lights|light fitting|lamp|socket|sockets|plug|plugs|switch|switches|fuse ?box|electrics?|wires?|wiring|meter)`;
const VULNERABLE = String.raw`(baby|babies|newborn|new born|toddler|infant|week old|weeks old|month old|months old|pregnant|elderly|older|old lady|old man|pensioner|nan|nana|nanna|gran|granny|grandma|grandad|disabled|disability|wheelchair|poorly|ill|sick|oxygen|chemo|cancer|dementia|asthma|asthmatic|copd|(is|aged|age|shes|hes) [6-9][0-9]|[6-9][0-9] ?(yr|year)s?)`;
const NO_HEAT = String.raw`(no|not|nt|without|stopped|broke|broken|bust|gone|off|wont|isnt|cant)\b.{0,25}\b(heat[a-z]*|boiler|hot water|radiators?)|\b(heat[a-z]*|boiler|hot water|radiators?)\b.{0,25}\b(not working|broke|broken|bust|gone off|stopped|packed in|died|off)`;
const PARTNER = String.raw`(partner|husband|boyfriend|girlfriend|wife|ex|fella|bloke|baby ?dad|babys dad|kids dad|kids mum)`;
const HARM = String.raw`(hit[a-z]*|beat[a-z]*|punch[a-z]*|kick[a-z]*|slap[a-z]*|hurt[a-z]*|strangl[a-z]*|chok[a-z]*|abus[a-z]*|controll?[a-z]*|threat[a-z]*|scared|terrified|afraid|frightened|violent)`;
const CHILD = String.raw`(child|children|kid|kids|baby|toddler|little one|boy|girl|son|daughter|[0-9]{1,2} ?(yr|year)s? old)`;

// Most severe first: the first kind found decides the advice the tenant gets first.
const PATTERNS: [DangerKind, RegExp][] = [
  // Not the appliances ("gas fire", "electric fire"), "fire door", a boiler that "won't fire up" or a smoke alarm alone.
  ["fire", /(?<!\b(gas|electric|coal|log) )\b(fire|fires|flames?|smoke|smokey|smoky|burning down|alight)\b(?! (door|doors|place|up|escape|exit|alarm|alarms|detector|blanket))/],
  ["gas", new RegExp(String.raw`\b${SMELL}\b.{0,25}\b${GAS}\b|\b${GAS}\b.{0,15}\b(${SMELL}|lea?k[a-z]*|leek[a-z]*|escap[a-z]*|hiss[a-z]*)\b|\b(rotten eggs?|smells? like gas)\b`)],
  ["co", /\b(carbon mono?xi?de?|co alarm|co detector|monoxide|co2 alarm|carbon alarm)\b/],
  ["self_harm", /\b(kill myself|end my life|end it all|suicid[a-z]*|self harm[a-z]*|hurt myself|harm myself|want to die|better off dead|take my own life|cant go on)\b/],
  [
    "domestic_abuse",
    new RegExp(
      String.raw`\b(domestic (abuse|violence)|\b${PARTNER}\b.{0,30}\b(${HARM}|turn(s|ing)? up|wont (go away|leave|stop)|keeps (coming|turning|texting|ringing|calling|following|watching)|stalk[a-z]*)\b|\b${HARM}\b.{0,20}\bby (my )?${PARTNER}\b` +
        String.raw`|(woman|she|her|girl|wife|mum)\b.{0,25}\bscream[a-z]*|smashing (things|stuff|the place|everything))`,
    ),
  ],
  [
    "child_at_risk",
    new RegExp(
      String.raw`\b(${CHILD}\b.{0,30}\b(left alone|on their own|being (hit|hurt|beaten|abused)|screaming for help|neglected|locked (in|out)|pushed|attacked|punched|robbed|mugged|bullied|beaten|threatened|groomed|stabbed)|(hit[a-z]*|beat[a-z]*|hurt[a-z]*|abus[a-z]*|neglect[a-z]*) (the|their|her|his|a) ${CHILD})\b`,
    ),
  ],
  ["hate", /\b(racis[a-z]*|racial[a-z]*|homophobic|transphobic|islamophobic|antisemitic|hate crime|hate incident|because (i am|im) (black|gay|muslim|jewish|disabled|trans|asian|polish|foreign)|(paki|n[i1]gg[a-z]*|f[a4]gg?[o0]t|tranny|spastic|retard)s?)\b/],
  ["violence", /\b((going|gonna) to (kill|stab|shoot|murder|burn) (me|us|my|him|her)|gonna (kill|stab|shoot|murder) (me|us|my)|(kill|stab|shoot|murder) (me|us|my)|(has|got|with|pulled) (a )?(knife|gun|machete|weapon)|stabbed|shot at)\b/],
  [
    "threat",
    /\b(threat[a-z]*|going to (hurt|attack|batter|smash|get) (me|us|my)|gonna (hurt|batter|smash|get) (me|us|my)|(said|says|told me) (he|she|they)(ll| will| would)? (hurt|batter|smash|burn)|attacked me|assault[a-z]*|hit me|punched me|beat me up|smash my face|harass[a-z]*|intimidat[a-z]*|following me|followed me|shout(ing|s|ed)? abuse|abuse at me|abusing me|(dont|do not|never|no longer) feel safe|not safe (here|at home|in my)|scared (to go out|for my life|to leave)|(trying|tried|try) to (get|break|force) in)\b/,
  ],
  [
    "electric_danger",
    new RegExp(
      String.raw`\b(spark[a-z]*|exposed wir[a-z]*|live wires?|bare wires?|wires? hanging out|burning smell|smell[a-z]* (of )?burning|electric shock|got a shock|shocked me|scorch[a-z]*)\b|\b${ELECTRIC_THING}\b.{0,20}\b(melt[a-z]*|burn[a-z]*|smok[a-z]*|bang[a-z]*|buzz[a-z]*|crackl[a-z]*|black(ened)?)\b`,
    ),
  ],
  [
    "flood",
    new RegExp(
      String.raw`\b(flood[a-z]*|burst (pipe|main)s?|pipes? (has |have )?burst|water (is )?(pouring|gushing|pissing|flooding)|(cant|wont|cannot) stop (the )?(water|leak)|ceiling (is )?(bulging|coming down|collaps[a-z]*|caving))\b` +
        String.raw`|\bwater\b.{0,50}\b(through|thru|into|in|on|onto|near|round|around|from|out of|behind|over|under)\b.{0,30}\b${ELECTRIC_THING}\b` +
        String.raw`|\b${ELECTRIC_THING}\b.{0,30}\b(wet|water|leak[a-z]*|drip[a-z]*)\b`,
    ),
  ],
  ["insecure", /\b(broke[n]? in(to)?|break in|breakin|burgl[a-z]*|(cant|cannot|unable to) lock (up|it|the (house|flat|door))|lock (has )?(snapped|broken|broke|bust|jammed)|kicked (the |my )?(front |back )?door in|door (was |has been )?kicked in|(cant|cannot|wont|doesnt|dont) (lock|close|shut) (the |my )?(front|back)? ?door|(front|back) door (wont|doesnt|cant) (lock|close|shut)|(window|door) (smashed|put through)|smashed (my |the )?(front |back )?(window|door))\b/],
  ["lift_entrapment", /\b(stuck|trapped) in (the |a )?lift|lift\b.{0,20}\b(stuck|trapped) (with|between)|\b(someone|somebody|person|man|woman|kid|child) (is )?(stuck|trapped)\b/],
  ["no_heat_vulnerable", new RegExp(String.raw`(${NO_HEAT}).{0,80}\b${VULNERABLE}\b|\b${VULNERABLE}\b.{0,80}(${NO_HEAT})`)],
  ["no_water", /\b(no water (at all|coming out|in the (house|flat))|no running water|water (has been |is )?(cut|turned) off|no water anywhere)\b/],
  ["power_loss", /\b(no (power|electric|electricity|lights?) (at all|anywhere|in the (whole )?(house|flat))|all (the |my )?(power|electric|electricity|lights) (is |are |has |have )?(gone|off|out)|power cut|whole (house|flat) (has )?no (power|electric))\b/],
  ["sewage", /\b(sewage|sewerage|raw sewage|poo (is )?coming up|toilet (is )?overflowing)\b/],
];

const NEGATION = /\b(no|not|nt|never|without|isnt|wasnt|arent|dont|doesnt|didnt|cant|nothing|none)\s+([a-z]+\s+){0,1}$/;

/** True when every place the pattern matches is plainly negated: "no gas smell", "not sparking now". */
function onlyNegated(text: string, pattern: RegExp): boolean {
  const global = new RegExp(pattern.source, "g");
  let found = false;
  for (const match of text.matchAll(global)) {
    found = true;
    const before = text.slice(Math.max(0, match.index - 20), match.index);
    if (!NEGATION.test(before)) return false;
  }
  return found;
}

export function normaliseForSafety(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9' ]+/g, " ").replace(/'/g, "").replace(/\s+/g, " ").trim();
}

/** Every kind of danger in the message, most severe first; empty when none. */
export function detectDanger(text: string): DangerKind[] {
  const normalised = normaliseForSafety(text);
  return PATTERNS.filter(([kind, pattern]) => {
    if (!pattern.test(normalised)) return false;
    // Negation never hides harm to a person: "no one helped, he hit me" must still count.
    return SAFEGUARDING_KINDS.has(kind) || !onlyNegated(normalised, pattern);
  }).map(([kind]) => kind);
}

import type { Intent } from "./intents";

// Words that name the kind of problem, per intent: they set the category and, for repairs, fill the repair
// journey's "what needs fixing" answer so the tenant is not asked again.
export interface CategoryRule {
  category: string;
  /** The repair journey's category it fills, if any. */
  repairCategory?: string;
  words: string[];
}

export const REPAIR_CATEGORIES: CategoryRule[] = [
  { category: "gas_appliance", repairCategory: "heating", words: ["gas", "cooker", "hob", "carbon", "monoxide", "fire"] },
  { category: "heating_hot_water", repairCategory: "heating", words: ["boiler", "heating", "radiator", "radiators", "hot", "heat", "warm", "cold", "pressure", "thermostat", "immersion"] },
  { category: "damp_mould", repairCategory: "damp", words: ["damp", "mould", "mold", "condensation", "mildew", "fungus"] },
  { category: "plumbing", repairCategory: "leak", words: ["leak", "leaking", "leaks", "drip", "dripping", "pipe", "pipes", "tap", "taps", "water", "flood", "flooding", "burst", "stopcock", "cistern"] },
  { category: "kitchen_bathroom", repairCategory: "kitchen_bathroom", words: ["kitchen", "bathroom", "cupboard", "worktop", "bath", "shower", "sink", "basin", "tiles", "sealant", "oven", "extractor"] },
  { category: "electrical", repairCategory: "electrics", words: ["socket", "sockets", "light", "lights", "electric", "electrics", "electricity", "power", "fuse", "switch", "wires", "wiring", "sparks", "sparking", "tripping", "bulb"] },
  { category: "doors_windows_locks", repairCategory: "doors", words: ["door", "doors", "window", "windows", "lock", "locks", "key", "keys", "handle", "glass", "glazing", "latch", "hinge"] },
  { category: "roof_gutters", repairCategory: "other", words: ["roof", "gutter", "gutters", "slates", "tiles", "chimney", "drainpipe", "loft"] },
  { category: "communal_areas", repairCategory: "other", words: ["lift", "communal", "stairwell", "corridor", "entry", "intercom", "block", "landing", "shared"] },
  { category: "pests", repairCategory: "other", words: ["mice", "mouse", "rats", "rat", "cockroaches", "bugs", "pigeons", "wasps", "fleas", "bedbugs", "ants"] },
  { category: "garden", repairCategory: "other", words: ["fence", "gate", "garden", "path", "shed", "hedge", "tree"] },
  { category: "plumbing", repairCategory: "toilet", words: ["toilet", "loo", "flush", "drain", "drains", "blocked", "sewage"] },
];

export const ASB_CATEGORIES: CategoryRule[] = [
  { category: "domestic_abuse", words: ["partner", "husband", "boyfriend", "girlfriend", "wife", "ex", "abusive", "controlling"] },
  { category: "hate", words: ["racist", "racism", "race", "gay", "homophobic", "religion", "muslim", "jewish", "disabled", "disability", "trans", "hate", "colour"] },
  { category: "harassment_threats", words: ["threat", "threaten", "threatened", "threatening", "harass", "harassing", "harassment", "intimidating", "scared", "attack", "attacked", "hit", "fight", "knife", "violent", "abuse", "abusing"] },
  { category: "drugs", words: ["drugs", "dealing", "weed", "cannabis", "needles", "dealer", "crack"] },
  { category: "vandalism_graffiti", words: ["graffiti", "smashed", "vandalism", "vandalised", "damage", "damaged", "sprayed", "broke"] },
  { category: "rubbish_flytipping", words: ["rubbish", "dumped", "tipping", "flytipping", "litter", "bags", "mattress", "waste"] },
  { category: "pets_animals", words: ["dog", "dogs", "barking", "barks", "cat", "cats", "animal", "animals", "foul", "poo"] },
  { category: "noise", words: ["noise", "noisy", "loud", "music", "party", "partying", "banging", "shouting", "screaming", "stomping", "bass"] },
];

export const PAYMENT_CATEGORIES: CategoryRule[] = [
  { category: "arrears_hardship", words: ["cant", "afford", "struggling", "behind", "arrears", "plan", "instalments", "lost", "debt", "short"] },
  { category: "direct_debit", words: ["direct", "debit"] },
  { category: "benefits", words: ["universal", "credit", "benefit", "benefits", "dwp"] },
  { category: "how_to_pay", words: ["pay", "paying", "card", "online", "post", "paypoint"] },
  { category: "balance", words: ["balance", "much", "statement", "account", "owing", "owe", "due"] },
];

/** The category rules of each intent that has categories. */
export const CATEGORY_RULES: Partial<Record<Intent, CategoryRule[]>> = {
  repair: REPAIR_CATEGORIES,
  asb: ASB_CATEGORIES,
  payment: PAYMENT_CATEGORIES,
};

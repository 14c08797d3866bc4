// The understanding layer, in layers each tested on its own: normalise text-speak and dialect, correct spelling
// against our own vocabulary, then two trained linear classifiers over stems and word vectors (src/nlu/features.ts):
// one for the intent, one for each danger and harm kind. The danger rules (src/nlu/danger.ts) are features of both;
// a rule decides alone in a message too short for the classifier, and in any message for the rules that are seldom
// wrong (`trustedRules`); the others count through the classifier, which has learnt when they mislead. When the
// classifier half-suspects that a person is at risk, the conversation asks (`checkSafety`).
import { CATEGORY_RULES, type CategoryRule } from "../../dialogs/nlu/categories";
import type { Intent } from "../../dialogs/nlu/intents";
import { PorterStemmer } from "natural/lib/natural/stemmers";
import { DANGER_KINDS, dangerRulesIn, deniedDangers, EMERGENCY_KINDS, SAFEGUARDING_KINDS, type DangerKind } from "./danger";
import { findReference } from "./entities";
import { meaningfulWords } from "./features";
import type { SparseVector } from "./linear";
import { isFrustrated } from "./frustration";
import { loadOrTrain, type DangerLabel, type Model } from "./model";
import { normalise } from "./normalise";
import { trainingMessages, type LabelledMessage } from "./training";

export interface Understanding {
  intent: Intent;
  confidence: number;
  /** The best guesses, most likely first, with confidences that sum to 1. */
  ranking: { intent: Intent; confidence: number }[];
  emergency: boolean;
  safeguarding: boolean;
  dangers: DangerKind[];
  category: string | null;
  /** The repair journey's "what needs fixing" answer, when the words name it. */
  repairCategory: string | null;
  /** A case reference in the text (R or S and six characters), for "where is my repair". */
  reference: string | null;
  /** Swearing, words aimed at the bot, or clear distress: offer a person. */
  frustrated: boolean;
  /** The words after normalising and spelling correction, as the classifier saw them. */
  corrected: string;
  /** No danger found, but the classifier gives a person being at risk some weight: ask whether they are safe. */
  checkSafety: boolean;
  /** The classifier's probability for each danger kind it gives any weight, for review and tuning. */
  dangerScores: Partial<Record<DangerKind, number>>;
}

/** Dangers to the home: a message reporting one is a repair unless the tenant is asking something of a service. */
const REPAIR_HAZARDS: ReadonlySet<DangerKind> = new Set([
  "gas", "co", "electric_danger", "flood", "structural", "lift_entrapment", "no_heat_vulnerable", "no_water", "power_loss", "sewage",
]);

/** Where the classifiers' probabilities turn into decisions; `npm run nlu:eval -- --sweep` measures other values. */
export interface Thresholds {
  /** The danger classifier alone names a danger to life or home at this probability. */
  danger: number;
  /** ... and a person at risk of harm at this one; below it, but at least `checkSafety`, the tenant is asked. */
  harm: number;
  /** The classifier's "some danger to life or home" or "some person at risk" output names its likeliest kind at this. */
  group: number;
  /** Below `danger` but at least this for a kind where a person is at risk: ask whether they are safe. */
  checkSafety: number;
  /**
   * Rules that name their kind on their own in any message, whatever the classifier makes of it. The others (fire,
   * threat, flood...) also fire on past incidents, jokes and letters, and count through the classifier.
   */
  trustedRules: ReadonlySet<DangerKind>;
  /** A danger this sure (or found by a trusted rule) ... */
  sure: number;
  /** ... raises the threshold for the classifier alone to name a kind of the other group (harm beside danger) to this. */
  beside: number;
  /** A kind's own threshold in place of `danger` or `harm`, where cross-validation chose one. */
  perKind?: Partial<Record<DangerKind, number>>;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  danger: 0.3,
  harm: 0.3,
  group: 0.7,
  sure: 0.9,
  beside: 0.4,
  checkSafety: 0.25,
  // Right at least 85 times in 100 on the training batches (README, "How the danger rules were chosen").
  trustedRules: new Set(["gas", "self_harm", "hate", "exploitation", "welfare", "no_heat_vulnerable", "no_water", "power_loss", "sewage"]),
};
/**
 * The intent classifier is trained with a falling rate and a little regularisation, so its probabilities are
 * cautious; raising them to 1 / this power makes a clear winner read as clear without changing which intent wins
 * (set by hand against the conversation tests, not measured: see README).
 */
const INTENT_TEMPERATURE = 0.6;
const UNKNOWN_WORDS_CONFIDENCE = 0.3;
const SERVICE_INTENTS: ReadonlySet<Intent> = new Set(["payment", "complaint", "status", "update_details", "greeting", "help", "stop"]);

function sharpened(ranking: { intent: Intent; confidence: number }[]) {
  const powered = ranking.map((guess) => guess.confidence ** (1 / INTENT_TEMPERATURE));
  const total = powered.reduce((sum, value) => sum + value, 0) || 1;
  return ranking.map((guess, index) => ({ intent: guess.intent, confidence: powered[index]! / total }));
}

/** Intents that ask nothing of the landlord's services: a danger to the home under one of these is a repair. */
const NOT_A_SERVICE: ReadonlySet<Intent> = new Set(["asb", "other", "greeting", "help"]);

/** Fewer meaningful words than this and only the danger rules are trusted. */
const MIN_WORDS_FOR_CLASSIFIER = 3;

/** "hi", "hiya there", "thanks a lot": so many messages open with these that the classifier is never sure of them alone. */
const GREETING_WORDS = new Set("hi hiya hey hello hallo helo morning afternoon evening good thanks thank you ta cheers bye there all again a lot mate love".split(" "));

function onlyGreeting(corrected: string): boolean {
  const words = corrected.split(" ").filter((word) => /[a-z]/.test(word));
  return words.length > 0 && words.every((word) => GREETING_WORDS.has(word));
}

/** What `Understander.evidence` found in a message. */
export interface DangerEvidence {
  corrected: string;
  ruled: ReadonlySet<DangerKind>;
  x: SparseVector;
  /** The classifier's probability for each kind and group, 0 where the message is too short or denies the kind. */
  scores: Map<DangerLabel, number>;
  short: boolean;
  denied: ReadonlySet<DangerKind>;
}

/** The danger kinds a message reports, most severe first, from its evidence at the given thresholds. */
export function decideDangers(evidence: DangerEvidence, thresholds: Thresholds, plainlyService = false): DangerKind[] {
  const { ruled, scores, short, denied } = evidence;
  // In a longer message a rule is one feature among the words: the classifier has learnt when it misleads.
  const trusted = (kind: DangerKind) => ruled.has(kind) && (short || thresholds.trustedRules.has(kind));
  const threshold = (kind: DangerKind) => thresholds.perKind?.[kind] ?? (SAFEGUARDING_KINDS.has(kind) ? thresholds.harm : thresholds.danger);
  const found = new Set(DANGER_KINDS.filter((kind) => trusted(kind) || scores.get(kind)! >= threshold(kind)));
  // Beside a danger of one group that is sure (a trusted rule, or the classifier at `sure`), a kind of the other group
  // that only the classifier half-suspects is the sure one's words echoing ("strangling me when he's drunk" read as
  // carbon monoxide symptoms): it needs `beside`.
  const sure = (kind: DangerKind) => trusted(kind) || scores.get(kind)! >= thresholds.sure;
  for (const kind of found) {
    if (trusted(kind) || scores.get(kind)! >= thresholds.beside) continue;
    const otherGroup = SAFEGUARDING_KINDS.has(kind) ? EMERGENCY_KINDS : SAFEGUARDING_KINDS;
    if ([...otherGroup].some((other) => found.has(other) && sure(other))) found.delete(kind);
  }
  // The group says there is danger though no one kind is sure: take the group's likeliest kind. Not for a person at
  // risk in a message plainly about a service (the safety question is not asked there
  // either): short complaints ("the man never came") can read as harm to the group alone (set by hand against the
  // conversation tests, not measured).
  for (const [group, kinds] of [["any_emergency", EMERGENCY_KINDS], ["any_safeguarding", SAFEGUARDING_KINDS]] as const) {
    if (group === "any_safeguarding" && plainlyService) continue;
    if (scores.get(group)! < thresholds.group || denied.size > 0 || [...kinds].some((kind) => found.has(kind))) continue;
    found.add([...kinds].reduce((best, kind) => (scores.get(kind)! > scores.get(best)! ? kind : best)));
  }
  // In the rules' order (most severe first), so the advice the tenant gets first is the gravest.
  return DANGER_KINDS.filter((kind) => found.has(kind));
}

let shared: Model | undefined;

export class Understander {
  private readonly model: Model;
  private readonly thresholds: Thresholds;

  /**
   * Trains once per process on every batch not held out, and shares the model; pass `messages` to train on those
   * instead (the evaluation does, to leave batches out).
   */
  constructor(options: { messages?: readonly LabelledMessage[]; thresholds?: Thresholds; model?: Model } = {}) {
    this.thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
    this.model = options.model ?? (options.messages ? loadOrTrain(options.messages) : (shared ??= loadOrTrain(trainingMessages())));
    // Warm the JIT at start-up, so the first tenants of the day are not the slow ones.
    for (const text of ["me bolier is brokn agen", "naybours musik", "cant pay the rnt this wk", "hi"]) this.understand(text);
  }

  /** The same trained model deciding at other thresholds (the evaluation's sweep). */
  withThresholds(thresholds: Thresholds): Understander {
    return Object.assign(Object.create(Understander.prototype) as Understander, { model: this.model, thresholds });
  }

  /** What the models and rules make of a message, before any threshold decides (the evaluation sweeps these). */
  evidence(text: string): DangerEvidence {
    const { speller, featuriser } = this.model;
    const corrected = speller.correct(normalise(text));
    const ruled = dangerRulesIn(text, corrected);
    const x = featuriser.featurise(corrected, ruled);
    const scores = this.model.dangers.probabilities(x);
    // A short reply ("no im not", "yes please", "gas!") gives the classifier nothing to go on; only the rules speak.
    const short = meaningfulWords(corrected).length < MIN_WORDS_FOR_CLASSIFIER;
    if (short) for (const label of scores.keys()) scores.set(label, 0);
    const denied = new Set([...deniedDangers(text), ...deniedDangers(corrected)]);
    for (const kind of denied) scores.set(kind, 0);
    return { corrected, ruled, x, scores, short, denied };
  }

  understand(text: string): Understanding {
    const { intents, featuriser } = this.model;
    const evidence = this.evidence(text);
    const { corrected, x, scores } = evidence;
    const ranking = sharpened(intents.classify(x).map((guess) => ({ intent: guess.label, confidence: guess.probability })));
    // A message plainly about rent, a complaint or contact details ("the man never came"): see `decideDangers`.
    const plainlyService = SERVICE_INTENTS.has(ranking[0]!.intent) && ranking[0]!.confidence >= 0.9;
    const dangers = decideDangers(evidence, this.thresholds, plainlyService);
    const dangerScores: Partial<Record<DangerKind, number>> = {};
    for (const kind of DANGER_KINDS) if (scores.get(kind)! >= 0.05) dangerScores[kind] = Number(scores.get(kind)!.toFixed(3));
    // Words the model has never seen ("asdfgh", "purple") leave only its prior and perhaps a word vector: worth
    // offering as guesses, never acting on.
    if (!featuriser.knowsWords(x)) {
      for (const guess of ranking) guess.confidence = Math.min(guess.confidence, UNKNOWN_WORDS_CONFIDENCE);
    }
    const checkSafety =
      dangers.length === 0 &&
      [...SAFEGUARDING_KINDS].some((kind) => scores.get(kind)! >= this.thresholds.checkSafety) &&
      // A message plainly about rent, a complaint or contact details is not asked; worry about a person still is.
      !plainlyService;
    const hazardous = dangers.some((kind) => REPAIR_HAZARDS.has(kind));
    // A number alone ("6", a reply to a list it is not on) says nothing about what the tenant wants.
    const wordless = !/[a-z]/.test(corrected);
    // A danger to the home in words read as nuisance or chat ("upstairs flooded my flat") is a repair; one in a
    // chase-up or a complaint ("reported the burst pipe, still pouring") stays what it is, and the danger still
    // interrupts with its advice (measured by cross-validation: 0.2 points of intent gained).
    const asRepair = hazardous && NOT_A_SERVICE.has(ranking[0]!.intent);
    const top = asRepair
      ? (ranking.find((guess) => guess.intent === "repair") ?? ranking[0]!)
      : wordless
        ? { intent: "other" as Intent, confidence: 0 }
        : onlyGreeting(corrected)
          ? { intent: "greeting" as Intent, confidence: 1 }
          : ranking[0]!;
    const rule = this.category(top.intent, corrected);
    return {
      intent: top.intent,
      confidence: asRepair ? 1 : top.confidence,
      ranking: wordless && !hazardous ? [] : ranking,
      emergency: dangers.some((kind) => EMERGENCY_KINDS.has(kind)),
      safeguarding: dangers.some((kind) => SAFEGUARDING_KINDS.has(kind)),
      dangers,
      category: rule?.category ?? (CATEGORY_RULES[top.intent] ? "other" : null),
      repairCategory: top.intent === "repair" ? (rule?.repairCategory ?? null) : null,
      reference: findReference(text),
      frustrated: isFrustrated(corrected),
      corrected,
      checkSafety: checkSafety && !wordless,
      dangerScores,
    };
  }

  private category(intent: Intent, corrected: string): CategoryRule | null {
    const rules = CATEGORY_RULES[intent];
    if (!rules) return null;
    // Compared as stems, so "parties" finds "party" and "barking" finds "bark".
    const words = new Set(corrected.split(" ").map((word) => PorterStemmer.stem(word)));
    let best: { rule: CategoryRule; hits: number } | null = null;
    for (const rule of rules) {
      const hits = [...new Set(rule.words.map((word) => PorterStemmer.stem(word)))].filter((stem) => words.has(stem)).length;
      if (hits > 0 && (!best || hits > best.hits)) best = { rule, hits };
    }
    return best?.rule ?? null;
  }
}

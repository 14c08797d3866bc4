// The understanding layer: normalise text-speak, correct spelling against our own vocabulary, classify the
// intent (natural's Bayes classifier over Porter stems), name the category, and run the danger detectors, which
// are independent of the classifier so no threshold or wrong intent can hide a gas leak or a threat.
import BayesClassifier from "natural/lib/natural/classifiers/bayes_classifier";
import { PorterStemmer } from "natural/lib/natural/stemmers";
import englishWords from "an-array-of-english-words";
import { ASB_CATEGORIES, PAYMENT_CATEGORIES, REPAIR_CATEGORIES, type CategoryRule } from "../../dialogs/nlu/categories";
import { INTENT_EXAMPLES, type Intent } from "../../dialogs/nlu/intents";
import { detectDanger, EMERGENCY_KINDS, SAFEGUARDING_KINDS, type DangerKind } from "./danger";
import { findReference } from "./entities";
import { isFrustrated } from "./frustration";
import { normalise } from "./normalise";
import { SpellingCorrector } from "./spelling";

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
}

/** A message reporting one of these is about a repair, whatever the classifier thinks: the detectors are rules. */
const REPAIR_HAZARDS: ReadonlySet<DangerKind> = new Set([
  "gas", "co", "electric_danger", "flood", "lift_entrapment", "no_heat_vulnerable", "no_water", "power_loss", "sewage",
]);

const CATEGORY_RULES: Partial<Record<Intent, CategoryRule[]>> = {
  repair: REPAIR_CATEGORIES,
  asb: ASB_CATEGORIES,
  payment: PAYMENT_CATEGORIES,
};

/** Porter stems, plus each pair of neighbouring stems ("next_door", "hot_water") so phrases count as well as words. */
function stems(text: string): string[] {
  const words = text.split(" ").filter((word) => word.length > 0).map((word) => PorterStemmer.stem(word));
  const pairs = words.slice(1).map((word, index) => `${words[index]}_${word}`);
  return [...words, ...pairs];
}

export class Understander {
  private readonly classifier = new BayesClassifier(undefined, 0.01);
  private readonly speller: SpellingCorrector;

  constructor() {
    const examples = Object.entries(INTENT_EXAMPLES).flatMap(([intent, texts]) =>
      texts.map((text) => ({ intent, text: normalise(text) })),
    );
    const lexicon = Object.values(CATEGORY_RULES).flatMap((rules) => rules!.flatMap((rule) => rule.words));
    this.speller = new SpellingCorrector([...examples.map((example) => example.text), ...lexicon], new Set(englishWords));
    for (const example of examples) this.classifier.addDocument(stems(example.text), example.intent);
    this.classifier.train();
    // Warm the JIT at start-up, so the first tenants of the day are not the slow ones.
    for (const text of ["me bolier is brokn agen", "naybours musik", "cant pay the rnt this wk", "hi"]) this.understand(text);
  }

  understand(text: string): Understanding {
    const corrected = this.speller.correct(normalise(text));
    const dangers = [...new Set([...detectDanger(text), ...detectDanger(corrected)])];
    const scores = this.classifier.getClassifications(stems(corrected)) as { label: Intent; value: number }[];
    const total = scores.reduce((sum, score) => sum + score.value, 0) || 1;
    const ranking = scores
      .map((score) => ({ intent: score.label, confidence: score.value / total }))
      .sort((a, b) => b.confidence - a.confidence);
    const hazardous = dangers.some((kind) => REPAIR_HAZARDS.has(kind));
    // A number alone ("6", a reply to a list it is not on) says nothing about what the tenant wants.
    const wordless = !/[a-z]/.test(corrected);
    const top = hazardous
      ? (ranking.find((guess) => guess.intent === "repair") ?? ranking[0]!)
      : wordless
        ? { intent: "other" as Intent, confidence: 0 }
        : ranking[0]!;
    const rule = this.category(top.intent, corrected);
    return {
      intent: top.intent,
      confidence: hazardous ? 1 : top.confidence,
      ranking: wordless && !hazardous ? [] : ranking,
      emergency: dangers.some((kind) => EMERGENCY_KINDS.has(kind)),
      safeguarding: dangers.some((kind) => SAFEGUARDING_KINDS.has(kind)),
      dangers,
      category: rule?.category ?? (CATEGORY_RULES[top.intent] ? "other" : null),
      repairCategory: top.intent === "repair" ? (rule?.repairCategory ?? null) : null,
      reference: findReference(text),
      frustrated: isFrustrated(corrected),
      corrected,
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

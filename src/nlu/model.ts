// The trained part of understanding: the spelling vocabulary, the features and the two classifiers, learnt from the
// labelled batches (src/nlu/training.ts) and the intent examples in dialogs/nlu/intents.ts, and kept on disk so that
// a server or a test file starts in a fraction of a second instead of training again.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import englishWords from "an-array-of-english-words";
import { CATEGORY_RULES } from "../../dialogs/nlu/categories";
import { INTENT_EXAMPLES, INTENTS, type Intent } from "../../dialogs/nlu/intents";
import { DANGER_KINDS, dangerRulesIn, EMERGENCY_KINDS, SAFEGUARDING_KINDS, type DangerKind } from "./danger";
import { Featuriser } from "./features";
import { DEFAULT_TRAINING, MultiLabelClassifier, SoftmaxClassifier, type SavedClassifier, type TrainingOptions } from "./linear";
import { normalise } from "./normalise";
import { SpellingCorrector } from "./spelling";
import type { LabelledMessage } from "./training";
import { WordVectors } from "./vectors";

export interface Model {
  speller: SpellingCorrector;
  featuriser: Featuriser;
  intents: SoftmaxClassifier<Intent>;
  dangers: MultiLabelClassifier<DangerLabel>;
}

/** Each danger kind, and whether there is any danger to life or home, or any person at risk: the groups have many
 * more examples than any one kind, so they find danger that no one kind's output is sure of. */
export type DangerLabel = DangerKind | "any_emergency" | "any_safeguarding";
const DANGER_LABELS: DangerLabel[] = [...DANGER_KINDS, "any_emergency", "any_safeguarding"];

function dangerLabels(kinds: readonly DangerKind[]): DangerLabel[] {
  const labels: DangerLabel[] = [...kinds];
  if (kinds.some((kind) => EMERGENCY_KINDS.has(kind))) labels.push("any_emergency");
  if (kinds.some((kind) => SAFEGUARDING_KINDS.has(kind))) labels.push("any_safeguarding");
  return labels;
}

/** How each classifier is trained. */
export interface ModelOptions {
  intents: TrainingOptions;
  dangers: TrainingOptions;
}

export const MODEL_OPTIONS: ModelOptions = { intents: DEFAULT_TRAINING, dangers: DEFAULT_TRAINING };

interface SavedModel {
  terms: string[];
  intents: SavedClassifier<Intent>;
  dangers: SavedClassifier<DangerLabel>;
}

const CACHE_DIR = path.join(__dirname, "..", "..", "node_modules", ".cache", "tenant-front-door");
/** The code that shapes a model: a change to any of them, like a change to the data, means training again. */
const MODEL_SOURCES = ["danger.ts", "features.ts", "linear.ts", "model.ts", "normalise.ts", "spelling.ts"];

let vectors: WordVectors | undefined;

function spellerFor(messages: readonly LabelledMessage[]): SpellingCorrector {
  const lexicon = Object.values(CATEGORY_RULES).flatMap((rules) => rules!.flatMap((rule) => rule.words));
  const examples = Object.values(INTENT_EXAMPLES).flat();
  return new SpellingCorrector(
    [...examples.map((text) => normalise(text)), ...messages.map((message) => normalise(message.text)), ...lexicon],
    new Set(englishWords),
  );
}

/**
 * Learns from the labelled batches (intent and danger kinds) and the intent examples in dialogs/nlu/intents.ts
 * (intent only). Deterministic: the same messages give the same model.
 */
function train(
  messages: readonly LabelledMessage[],
  speller: SpellingCorrector,
  wordVectors: WordVectors,
  options: ModelOptions = MODEL_OPTIONS,
): SavedModel {
  const examples = Object.entries(INTENT_EXAMPLES).flatMap(([intent, texts]) => texts.map((text) => ({ intent: intent as Intent, text })));
  const read = (text: string) => {
    const corrected = speller.correct(normalise(text));
    return { corrected, ruled: dangerRulesIn(text, corrected) };
  };
  const intentTexts = [...examples, ...messages].map((example) => ({ intent: example.intent, ...read(example.text) }));
  const featuriser = Featuriser.fit(intentTexts.map((example) => example.corrected), wordVectors);
  const intents = SoftmaxClassifier.train(
    intentTexts.map((example) => ({ x: featuriser.featurise(example.corrected, example.ruled), label: example.intent })),
    [...INTENTS],
    featuriser.size,
    options.intents,
  );
  const dangers = MultiLabelClassifier.train(
    messages.map((message) => {
      const { corrected, ruled } = read(message.text);
      return { x: featuriser.featurise(corrected, ruled), labels: dangerLabels(message.dangers) };
    }),
    DANGER_LABELS,
    featuriser.size,
    options.dangers,
  );
  return { terms: featuriser.save(), intents: intents.save(), dangers: dangers.save() };
}

/**
 * Training takes seconds, and every test file and server start would pay it: a trained model is kept in
 * node_modules/.cache under a hash of its data, its options and the code that shapes it, and used while all match.
 */
export function loadOrTrain(messages: readonly LabelledMessage[]): Model {
  vectors ??= WordVectors.load();
  const hash = createHash("sha256");
  hash.update(JSON.stringify([messages, INTENT_EXAMPLES, CATEGORY_RULES, MODEL_OPTIONS, DANGER_LABELS]));
  for (const source of MODEL_SOURCES) hash.update(fs.readFileSync(path.join(__dirname, source)));
  const file = path.join(CACHE_DIR, `model-${hash.digest("hex").slice(0, 20)}.json`);
  const speller = spellerFor(messages);
  let saved: SavedModel;
  try {
    saved = JSON.parse(fs.readFileSync(file, "utf8")) as SavedModel;
  } catch {
    saved = train(messages, speller, vectors);
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Written aside and renamed, so another process starting at the same time never reads half a model.
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, JSON.stringify(saved));
    fs.renameSync(partial, file);
  }
  return restore(saved, speller, vectors);
}

/** Trains in memory, never cached: for trying other options in a tuning script, fold by fold. */
export function trainModel(messages: readonly LabelledMessage[], options: ModelOptions = MODEL_OPTIONS): Model {
  vectors ??= WordVectors.load();
  const speller = spellerFor(messages);
  return restore(train(messages, speller, vectors, options), speller, vectors);
}

function restore(saved: SavedModel, speller: SpellingCorrector, wordVectors: WordVectors): Model {
  return {
    speller,
    featuriser: Featuriser.restore(saved.terms, wordVectors),
    intents: SoftmaxClassifier.restore(saved.intents),
    dangers: MultiLabelClassifier.restore(saved.dangers),
  };
}


// Each layer of understanding on its own: the word vectors, the features, the linear models, the training data,
// and the classifier finding danger that no rule names.
import { detectDanger, DANGER_KINDS } from "../../src/nlu/danger";
import { Featuriser } from "../../src/nlu/features";
import { DEFAULT_TRAINING, SoftmaxClassifier, MultiLabelClassifier, type SparseVector } from "../../src/nlu/linear";
import { batchNames, HELD_OUT, readBatch, trainingMessages, TRAINING_DIR } from "../../src/nlu/training";
import { Understander } from "../../src/nlu/understand";
import { DIMENSIONS, WordVectors } from "../../src/nlu/vectors";
import path from "node:path";

const vectors = WordVectors.load();
const understander = new Understander();

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < DIMENSIONS; d += 1) {
    dot += a[d]! * b[d]!;
    na += a[d]! ** 2;
    nb += b[d]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

test("word vectors put words of like meaning together, and unlike ones apart", () => {
  expect(vectors.size).toBe(80_000);
  expect(cosine(vectors.get("gushing")!, vectors.get("pouring")!)).toBeGreaterThan(0.4);
  expect(cosine(vectors.get("threatened")!, vectors.get("intimidated")!)).toBeGreaterThan(0.4);
  expect(cosine(vectors.get("gushing")!, vectors.get("rent")!)).toBeLessThan(0.2);
});

test("a word the vocabulary never saw still reaches the classifier through its vector, averaged and max-pooled", () => {
  const featuriser = Featuriser.fit(["water pouring in", "water pouring out"], vectors);
  const unseen = featuriser.featurise("gushing");
  expect(unseen.indices.length).toBe(2 * DIMENSIONS);
  expect(featuriser.knowsWords(unseen)).toBe(false);
  expect(featuriser.featurise("zzqx").indices.length).toBe(0);
});

test("a misspelling the corrector left alone still shares most of its letter groups with the word", () => {
  const featuriser = Featuriser.fit(["the ceiling is wet", "ceiling dripping", "a crack in the ceiling"], vectors);
  const seen = new Set(featuriser.featurise("ceiling").indices);
  const misspelt = featuriser.featurise("cieling").indices.filter((index) => index >= 2 * DIMENSIONS);
  // "<ci", "cie", "ieli" and the like are new; "lin", "ing", "ng>", "ling", "ing>" and "ling>" are the word's own.
  expect(misspelt.filter((index) => seen.has(index)).length).toBeGreaterThanOrEqual(6);
  expect(featuriser.knowsWords(featuriser.featurise("cieling"))).toBe(false);
  expect(featuriser.knowsWords(featuriser.featurise("ceiling"))).toBe(true);
});

function point(index: number): SparseVector {
  return { indices: new Uint32Array([index]), values: new Float32Array([1]) };
}

test("the softmax learns what it is shown, and the same data always gives the same model", () => {
  const examples = [
    { x: point(0), label: "a" as const },
    { x: point(1), label: "b" as const },
  ];
  const one = SoftmaxClassifier.train(examples, ["a", "b"], 2);
  const two = SoftmaxClassifier.train(examples, ["a", "b"], 2);
  expect(one.classify(point(0))[0]!.label).toBe("a");
  expect(one.classify(point(1))[0]!.label).toBe("b");
  expect(JSON.stringify(one.save())).toBe(JSON.stringify(two.save()));
  expect(SoftmaxClassifier.restore(one.save()).classify(point(1))).toEqual(one.classify(point(1)));
});

test("the multi-label model says yes to each label on its own", () => {
  const shown = [
    { x: point(0), labels: ["gas" as const] },
    { x: point(1), labels: ["gas" as const, "fire" as const] },
    { x: point(2), labels: [] },
  ];
  const model = MultiLabelClassifier.train(Array.from({ length: 10 }, () => shown).flat(), ["gas", "fire"], 3);
  expect(model.probabilities(point(1)).get("fire")).toBeGreaterThan(0.5);
  expect(model.probabilities(point(0)).get("fire")).toBeLessThan(0.5);
  expect(model.probabilities(point(2)).get("gas")).toBeLessThan(0.5);
});

test("a hidden layer learns what no single feature says: either one of two words, but not both", () => {
  const both = { indices: new Uint32Array([0, 1]), values: new Float32Array([1, 1]) };
  const neither = { indices: new Uint32Array([]), values: new Float32Array([]) };
  const shown = [
    { x: neither, labels: [] },
    { x: point(0), labels: ["fire" as const] },
    { x: point(1), labels: ["fire" as const] },
    { x: both, labels: [] },
  ];
  const options = { ...DEFAULT_TRAINING, epochs: 40, positiveWeight: 1 };
  const examples = Array.from({ length: 50 }, () => shown).flat();
  const linear = MultiLabelClassifier.train(examples, ["fire"], 2, { ...options, hidden: 0 });
  const hidden = MultiLabelClassifier.restore(MultiLabelClassifier.train(examples, ["fire"], 2, { ...options, hidden: 8 }).save());
  expect(Math.abs(linear.probabilities(both).get("fire")! - linear.probabilities(point(0)).get("fire")!)).toBeLessThan(0.2);
  expect(hidden.probabilities(point(0)).get("fire")).toBeGreaterThan(0.8);
  expect(hidden.probabilities(point(1)).get("fire")).toBeGreaterThan(0.8);
  expect(hidden.probabilities(both).get("fire")).toBeLessThan(0.2);
  expect(hidden.probabilities(neither).get("fire")).toBeLessThan(0.2);
});

test("the training batches are labelled with known intents and kinds, every kind at least 60 times, the held-out batch apart", () => {
  const messages = trainingMessages();
  expect(messages.length).toBeGreaterThanOrEqual(3000);
  expect(messages.some((message) => HELD_OUT.includes(message.batch))).toBe(false);
  for (const kind of DANGER_KINDS) expect(messages.filter((message) => message.dangers.includes(kind)).length).toBeGreaterThanOrEqual(60);
  for (const name of HELD_OUT) expect(batchNames()).toContain(name);
  expect(readBatch(path.join(TRAINING_DIR, `${HELD_OUT[0]}.jsonl`)).length).toBeGreaterThan(400);
});

test.each([
  ["the ceiling rose is filling up with water and dripping on the lampshade", "flood"],
  ["ive been saving up my tablets", "self_harm"],
  ["the old boy at 9 hasnt taken his milk in since monday", "welfare"],
  ["they left a pigs head on my doorstep", "hate"],
])("the classifier finds danger no rule names: %p is %p", (text, kind) => {
  expect(detectDanger(text)).toEqual([]);
  expect(understander.understand(text).dangers).toContain(kind);
});

test("a short reply gives the classifier nothing to go on: only the rules speak", () => {
  expect(understander.understand("no im not").dangers).toEqual([]);
  expect(understander.understand("no im not").checkSafety).toBe(false);
});

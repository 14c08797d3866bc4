// Linear models over sparse features: a softmax over intents and one logistic output per danger kind, trained by
// stochastic gradient descent on every example for a fixed number of passes, in a fixed order (a seeded shuffle), so the same data always
// gives the same model.

/** Feature indices and their values; a word's vector dimensions are features too. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

export interface TrainingOptions {
  epochs: number;
  /** The first step's rate; it falls as 1 / (1 + epoch) so the last passes settle. */
  learningRate: number;
  /** L2 penalty per feature, applied where the feature occurs (lazy regularisation). */
  l2: number;
  /** How much more a missed yes counts than a false one, for the multi-label outputs. */
  positiveWeight: number;
  seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { epochs: 16, learningRate: 0.5, l2: 1e-5, positiveWeight: 3, seed: 7 };

/** Mulberry32: a small, fast seeded generator; enough for shuffling. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(length: number, next: () => number): number[] {
  const order = Array.from({ length }, (_, index) => index);
  for (let i = length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export interface SavedWeights {
  outputs: number;
  features: number;
  w: string;
  bias: string;
}

/** A trained model as JSON: its labels and weights. */
export interface SavedClassifier<Label extends string> {
  labels: Label[];
  weights: SavedWeights;
}

const base64 = (values: Float32Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64");
function floats(text: string): Float32Array {
  const bytes = Buffer.from(text, "base64");
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Weights for several outputs over the same features. */
class Weights {
  readonly w: Float32Array;
  readonly bias: Float32Array;

  constructor(readonly outputs: number, readonly features: number, saved?: { w: Float32Array; bias: Float32Array }) {
    this.w = saved?.w ?? new Float32Array(outputs * features);
    this.bias = saved?.bias ?? new Float32Array(outputs);
  }

  save(): SavedWeights {
    return { outputs: this.outputs, features: this.features, w: base64(this.w), bias: base64(this.bias) };
  }

  static restore(saved: SavedWeights): Weights {
    return new Weights(saved.outputs, saved.features, { w: floats(saved.w), bias: floats(saved.bias) });
  }

  scores(x: SparseVector, out: Float32Array): void {
    for (let o = 0; o < this.outputs; o += 1) {
      let sum = this.bias[o]!;
      const row = o * this.features;
      for (let k = 0; k < x.indices.length; k += 1) sum += this.w[row + x.indices[k]!]! * x.values[k]!;
      out[o] = sum;
    }
  }

  /** One stochastic gradient step for `error[o] * x`, plus the L2 penalty on the features present. */
  update(x: SparseVector, error: Float32Array, rate: number, l2: number): void {
    for (let o = 0; o < this.outputs; o += 1) {
      const e = error[o]!;
      if (e === 0) continue;
      const row = o * this.features;
      for (let k = 0; k < x.indices.length; k += 1) {
        const at = row + x.indices[k]!;
        this.w[at] = this.w[at]! - rate * (e * x.values[k]! + l2 * this.w[at]!);
      }
      this.bias[o] = this.bias[o]! - rate * e;
    }
  }
}

/** One label per example: probabilities over the labels sum to 1. */
export class SoftmaxClassifier<Label extends string> {
  private constructor(private readonly labels: Label[], private readonly weights: Weights) {}

  static restore<Label extends string>(saved: SavedClassifier<Label>): SoftmaxClassifier<Label> {
    return new SoftmaxClassifier(saved.labels, Weights.restore(saved.weights));
  }

  save(): SavedClassifier<Label> {
    return { labels: this.labels, weights: this.weights.save() };
  }

  static train<Label extends string>(
    examples: { x: SparseVector; label: Label; weight?: number }[],
    labels: Label[],
    features: number,
    options: TrainingOptions = DEFAULT_TRAINING,
  ): SoftmaxClassifier<Label> {
    const weights = new Weights(labels.length, features);
    const position = new Map(labels.map((label, index) => [label, index]));
    const next = random(options.seed);
    const scores = new Float32Array(labels.length);
    const error = new Float32Array(labels.length);
    for (let epoch = 0; epoch < options.epochs; epoch += 1) {
      const rate = options.learningRate / (1 + epoch);
      for (const index of shuffled(examples.length, next)) {
        const example = examples[index]!;
        weights.scores(example.x, scores);
        softmax(scores);
        const target = position.get(example.label)!;
        const weight = example.weight ?? 1;
        for (let o = 0; o < labels.length; o += 1) error[o] = weight * (scores[o]! - (o === target ? 1 : 0));
        weights.update(example.x, error, rate, options.l2);
      }
    }
    return new SoftmaxClassifier(labels, weights);
  }

  /** Every label with its probability, most likely first. */
  classify(x: SparseVector): { label: Label; probability: number }[] {
    const scores = new Float32Array(this.labels.length);
    this.weights.scores(x, scores);
    softmax(scores);
    return this.labels
      .map((label, index) => ({ label, probability: scores[index]! }))
      .sort((a, b) => b.probability - a.probability);
  }
}

/** Any number of labels per example, each its own yes or no. */
export class MultiLabelClassifier<Label extends string> {
  private constructor(private readonly labels: Label[], private readonly weights: Weights) {}

  static restore<Label extends string>(saved: SavedClassifier<Label>): MultiLabelClassifier<Label> {
    return new MultiLabelClassifier(saved.labels, Weights.restore(saved.weights));
  }

  save(): SavedClassifier<Label> {
    return { labels: this.labels, weights: this.weights.save() };
  }

  static train<Label extends string>(
    examples: { x: SparseVector; labels: Label[] }[],
    labels: Label[],
    features: number,
    options: TrainingOptions = DEFAULT_TRAINING,
  ): MultiLabelClassifier<Label> {
    const weights = new Weights(labels.length, features);
    const next = random(options.seed);
    const scores = new Float32Array(labels.length);
    const error = new Float32Array(labels.length);
    for (let epoch = 0; epoch < options.epochs; epoch += 1) {
      const rate = options.learningRate / (1 + epoch);
      for (const index of shuffled(examples.length, next)) {
        const example = examples[index]!;
        weights.scores(example.x, scores);
        for (let o = 0; o < labels.length; o += 1) {
          // A miss of a rare label costs more than a false alarm: recall is what a danger detector is for.
          error[o] = example.labels.includes(labels[o]!) ? (sigmoid(scores[o]!) - 1) * options.positiveWeight : sigmoid(scores[o]!);
        }
        weights.update(example.x, error, rate, options.l2);
      }
    }
    return new MultiLabelClassifier(labels, weights);
  }

  /** The probability of each label, independently. */
  probabilities(x: SparseVector): Map<Label, number> {
    const scores = new Float32Array(this.labels.length);
    this.weights.scores(x, scores);
    return new Map(this.labels.map((label, index) => [label, sigmoid(scores[index]!)]));
  }
}

function softmax(scores: Float32Array): void {
  let max = -Infinity;
  for (const score of scores) max = Math.max(max, score);
  let total = 0;
  for (let o = 0; o < scores.length; o += 1) {
    scores[o] = Math.exp(scores[o]! - max);
    total += scores[o]!;
  }
  for (let o = 0; o < scores.length; o += 1) scores[o] = scores[o]! / total;
}

function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

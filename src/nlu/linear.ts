// Models over sparse features: a softmax over intents and one logistic output per danger kind, each a linear model
// with, optionally, a small hidden layer beside it (its outputs see the features directly and through the hidden
// units, so the hidden layer only has to learn what no single feature says: "fire" with "last year", "water" with
// "light"). Trained by stochastic gradient descent on every example for a fixed number of passes, in a fixed order
// (a seeded shuffle) from seeded starting weights, so the same data always gives the same model.

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
  /** Hidden units beside the linear part; 0 for a linear model. */
  hidden: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { epochs: 16, learningRate: 0.5, l2: 1e-5, positiveWeight: 3, seed: 7, hidden: 0 };

/**
 * An output already right to within this is not stepped for that example: most outputs for most messages once the
 * first passes are over, so skipping them saves most of the training time and changes the model very little.
 */
const SETTLED = 1e-3;

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
  /** The hidden layer, when there is one: units, input weights (feature by feature), their biases, output weights. */
  hidden?: { units: number; w1: string; b1: string; w2: string };
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

/** A hidden layer of rectified units over the sparse features, feeding every output. */
class Hidden {
  /** The input weights, feature by feature: `w1[feature * units + unit]`, so a sparse input reads contiguous rows. */
  readonly w1: Float32Array;
  readonly b1: Float32Array;
  /** The output weights, output by output: `w2[output * units + unit]`. */
  readonly w2: Float32Array;
  /** The last input's unit values, before and after rectifying, for the update that follows it. */
  private readonly pre: Float32Array;
  readonly active: Float32Array;
  private readonly back: Float32Array;

  constructor(readonly units: number, readonly outputs: number, features: number, saved?: { w1: Float32Array; b1: Float32Array; w2: Float32Array }, seed = 1) {
    this.pre = new Float32Array(units);
    this.active = new Float32Array(units);
    this.back = new Float32Array(units);
    if (saved) {
      ({ w1: this.w1, b1: this.b1, w2: this.w2 } = saved);
      return;
    }
    const next = random(seed);
    this.w1 = Float32Array.from({ length: features * units }, () => (next() - 0.5) * 0.5);
    this.b1 = new Float32Array(units).fill(0.01);
    this.w2 = Float32Array.from({ length: outputs * units }, () => (next() - 0.5) * 0.2);
  }

  /** Adds each output's share from the hidden units to `out`. */
  scores(x: SparseVector, out: Float32Array): void {
    const { units, pre, active } = this;
    pre.set(this.b1);
    for (let k = 0; k < x.indices.length; k += 1) {
      const row = x.indices[k]! * units;
      const value = x.values[k]!;
      for (let u = 0; u < units; u += 1) pre[u] = pre[u]! + this.w1[row + u]! * value;
    }
    for (let u = 0; u < units; u += 1) active[u] = pre[u]! > 0 ? pre[u]! : 0;
    for (let o = 0; o < this.outputs; o += 1) {
      let sum = 0;
      const row = o * units;
      for (let u = 0; u < units; u += 1) sum += this.w2[row + u]! * active[u]!;
      out[o] = out[o]! + sum;
    }
  }

  /** One step back through the layer, for the input last scored. */
  update(x: SparseVector, error: Float32Array, rate: number, l2: number): void {
    const { units, pre, active, back } = this;
    back.fill(0);
    for (let o = 0; o < this.outputs; o += 1) {
      const e = error[o]!;
      if (Math.abs(e) < SETTLED) continue;
      const row = o * units;
      for (let u = 0; u < units; u += 1) {
        back[u] = back[u]! + e * this.w2[row + u]!;
        this.w2[row + u] = this.w2[row + u]! - rate * (e * active[u]! + l2 * this.w2[row + u]!);
      }
    }
    for (let u = 0; u < units; u += 1) if (pre[u]! <= 0) back[u] = 0;
    for (let k = 0; k < x.indices.length; k += 1) {
      const row = x.indices[k]! * units;
      const value = x.values[k]!;
      for (let u = 0; u < units; u += 1) {
        this.w1[row + u] = this.w1[row + u]! - rate * (back[u]! * value + l2 * this.w1[row + u]!);
      }
    }
    for (let u = 0; u < units; u += 1) this.b1[u] = this.b1[u]! - rate * back[u]!;
  }
}

/** Weights for several outputs over the same features: linear, with a hidden layer beside it if asked for. */
class Weights {
  readonly w: Float32Array;
  readonly bias: Float32Array;
  readonly hidden: Hidden | null;

  constructor(
    readonly outputs: number,
    readonly features: number,
    saved?: { w: Float32Array; bias: Float32Array; hidden?: Hidden },
    units = 0,
    seed = 1,
  ) {
    this.w = saved?.w ?? new Float32Array(outputs * features);
    this.bias = saved?.bias ?? new Float32Array(outputs);
    this.hidden = saved ? (saved.hidden ?? null) : units > 0 ? new Hidden(units, outputs, features, undefined, seed) : null;
  }

  save(): SavedWeights {
    const saved: SavedWeights = { outputs: this.outputs, features: this.features, w: base64(this.w), bias: base64(this.bias) };
    if (this.hidden) {
      saved.hidden = { units: this.hidden.units, w1: base64(this.hidden.w1), b1: base64(this.hidden.b1), w2: base64(this.hidden.w2) };
    }
    return saved;
  }

  static restore(saved: SavedWeights): Weights {
    const hidden = saved.hidden
      ? new Hidden(saved.hidden.units, saved.outputs, saved.features, { w1: floats(saved.hidden.w1), b1: floats(saved.hidden.b1), w2: floats(saved.hidden.w2) })
      : undefined;
    return new Weights(saved.outputs, saved.features, { w: floats(saved.w), bias: floats(saved.bias), hidden });
  }

  scores(x: SparseVector, out: Float32Array): void {
    for (let o = 0; o < this.outputs; o += 1) {
      let sum = this.bias[o]!;
      const row = o * this.features;
      for (let k = 0; k < x.indices.length; k += 1) sum += this.w[row + x.indices[k]!]! * x.values[k]!;
      out[o] = sum;
    }
    this.hidden?.scores(x, out);
  }

  /** One stochastic gradient step for `error[o] * x`, plus the L2 penalty on the features present; `x` was the last scored. */
  update(x: SparseVector, error: Float32Array, rate: number, l2: number): void {
    // The hidden layer first: its step needs the output weights as they were when `x` was scored.
    this.hidden?.update(x, error, rate, l2);
    for (let o = 0; o < this.outputs; o += 1) {
      const e = error[o]!;
      if (Math.abs(e) < SETTLED) continue;
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
    const weights = new Weights(labels.length, features, undefined, options.hidden ?? 0, options.seed);
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
    const weights = new Weights(labels.length, features, undefined, options.hidden ?? 0, options.seed);
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

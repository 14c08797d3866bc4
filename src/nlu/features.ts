// What the classifiers see of a message: its Porter stems and pairs of neighbouring stems (so "next door" and "hot
// water" count as phrases), from a vocabulary learnt from the training messages, and the average word vector of its
// words, which lets a word never seen in training ("gushing") count for what it means ("pouring"), and which of the
// danger rules (src/nlu/danger.ts) fired: the classifiers learn how far to trust each rule in the company of other
// words ("last year", "lol", "bbq" beside "fire").
import { PorterStemmer } from "natural/lib/natural/stemmers";
import type { SparseVector } from "./linear";
import { DANGER_KINDS, type DangerKind } from "./danger";
import { DIMENSIONS, type WordVectors } from "./vectors";

/** The features before the stems: the word-vector dimensions, then one for each danger rule. */
export const FIXED_FEATURES = DIMENSIONS + DANGER_KINDS.length;

/** Words too common to say what a message is about; they would drown its meaning in the average vector. */
const STOPWORDS = new Set(
  ("a an the and or but if so of to in on at by for from with as is are was were be been am i you he she it we they me " +
    "my your his her its our their this that these those there here just really very also then than too can could would " +
    "will shall should do does did has have had get got im ive its thats whats please hi hello thanks")
    .split(" "),
);

/** The words of a message that carry meaning: a reply like "no im not" has none for a classifier to go on. */
export function meaningfulWords(text: string): string[] {
  return words(text).filter((word) => !STOPWORDS.has(word) && !REPLY_WORDS.has(word) && /[a-z]/.test(word));
}

const REPLY_WORDS = new Set("yes no not nope yeah yep ok okay fine sure right".split(" "));

/** A stem or pair must occur in this many training messages to be a feature: rarer ones are noise. */
const MIN_COUNT = 2;

function terms(words: string[]): string[] {
  const stems = words.map((word) => PorterStemmer.stem(word));
  const pairs = stems.slice(1).map((stem, index) => `${stems[index]}_${stem}`);
  return [...new Set([...stems, ...pairs])];
}

export class Featuriser {
  private constructor(
    private readonly vocabulary: Map<string, number>,
    private readonly vectors: WordVectors,
  ) {}

  /** Learns the vocabulary from the training messages (already normalised and spelling-corrected). */
  static fit(texts: string[], vectors: WordVectors): Featuriser {
    const counts = new Map<string, number>();
    for (const text of texts) {
      for (const term of terms(words(text))) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    const vocabulary = new Map<string, number>();
    for (const [term, count] of [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (count >= MIN_COUNT) vocabulary.set(term, FIXED_FEATURES + vocabulary.size);
    }
    return new Featuriser(vocabulary, vectors);
  }

  static restore(terms: string[], vectors: WordVectors): Featuriser {
    return new Featuriser(new Map(terms.map((term, index) => [term, FIXED_FEATURES + index])), vectors);
  }

  /** The vocabulary, in feature order, to save with a trained model. */
  save(): string[] {
    return [...this.vocabulary.keys()];
  }

  /** Word-vector dimensions and danger rules first, then one feature per known stem or pair. */
  get size(): number {
    return FIXED_FEATURES + this.vocabulary.size;
  }

  /** `text` is normalised and spelling-corrected; `ruled` holds the danger rules that fired on the message. */
  featurise(text: string, ruled: ReadonlySet<DangerKind> = new Set()): SparseVector {
    const all = words(text);
    const known = terms(all)
      .map((term) => this.vocabulary.get(term))
      .filter((index): index is number => index !== undefined)
      .sort((a, b) => a - b);
    const mean = this.meanVector(all);
    const rules = DANGER_KINDS.flatMap((kind, index) => (ruled.has(kind) ? [DIMENSIONS + index] : []));
    const indices = new Uint32Array((mean ? DIMENSIONS : 0) + rules.length + known.length);
    const values = new Float32Array(indices.length);
    let at = 0;
    if (mean) {
      for (let d = 0; d < DIMENSIONS; d += 1) {
        indices[at] = d;
        values[at] = mean[d]!;
        at += 1;
      }
    }
    for (const index of rules) {
      indices[at] = index;
      values[at] = 1;
      at += 1;
    }
    // Each message's stems weigh the same in total, however long it is.
    const weight = known.length > 0 ? 1 / Math.sqrt(known.length) : 0;
    for (const index of known) {
      indices[at] = index;
      values[at] = weight;
      at += 1;
    }
    return { indices, values };
  }

  /** The average vector of the message's meaningful words, scaled to length 1; null when none has a vector. */
  private meanVector(all: string[]): Float32Array | null {
    const sum = new Float32Array(DIMENSIONS);
    let found = 0;
    for (const word of all) {
      if (STOPWORDS.has(word)) continue;
      const vector = this.vectors.get(word);
      if (!vector) continue;
      for (let d = 0; d < DIMENSIONS; d += 1) sum[d] = sum[d]! + vector[d]!;
      found += 1;
    }
    if (found === 0) return null;
    const length = Math.hypot(...sum) || 1;
    for (let d = 0; d < DIMENSIONS; d += 1) sum[d] = sum[d]! / length;
    return sum;
  }
}

function words(text: string): string[] {
  return text.split(" ").filter((word) => word.length > 0);
}

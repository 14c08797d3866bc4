// What the classifiers see of a message: its Porter stems and pairs of neighbouring stems (so "next door" and "hot
// water" count as phrases), from a vocabulary learnt from the training messages; the letter groups inside its words
// ("<ceil", "ling>"), which survive a misspelling the corrector left alone ("cieling" shares most of "ceiling"'s);
// the average and the largest value in each dimension of its words' vectors, which let a word never seen in
// training ("gushing") count for what it means ("pouring"), the largest so that one telling word in a long message
// is not averaged away; and which of the danger rules (src/nlu/danger.ts) fired: the classifiers learn how far to
// trust each rule in the company of other words ("last year", "lol", "bbq" beside "fire").
import { PorterStemmer } from "natural/lib/natural/stemmers";
import type { SparseVector } from "./linear";
import { DANGER_KINDS, type DangerKind } from "./danger";
import { DIMENSIONS, type WordVectors } from "./vectors";

/** Where the features lie: the averaged word vector, the max-pooled one, then one feature per danger rule. */
const MEAN_AT = 0;
const MAX_AT = DIMENSIONS;
const RULES_AT = 2 * DIMENSIONS;
/** The features before the learnt vocabulary (stems and pairs, then letter groups). */
export const FIXED_FEATURES = RULES_AT + DANGER_KINDS.length;

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
/** A letter group must occur in this many: there are many more of them, and most rare ones are one word's. */
const MIN_GRAM_COUNT = 3;
/** Letter groups of these lengths, of words of at least 4 letters, with "<" and ">" marking a word's ends. */
const GRAM_LENGTHS = [3, 4, 5];
/** How much the letter groups weigh beside the stems (each block has total weight 1 before this). */
const GRAM_WEIGHT = 0.5;

function terms(words: string[]): string[] {
  const stems = words.map((word) => PorterStemmer.stem(word));
  const pairs = stems.slice(1).map((stem, index) => `${stems[index]}_${stem}`);
  return [...new Set([...stems, ...pairs])];
}

function grams(words: string[]): string[] {
  const found = new Set<string>();
  for (const word of words) {
    if (word.length < 4 || STOPWORDS.has(word) || !/^[a-z]+$/.test(word)) continue;
    const marked = `<${word}>`;
    for (const length of GRAM_LENGTHS) {
      for (let at = 0; at + length <= marked.length; at += 1) found.add(`#${marked.slice(at, at + length)}`);
    }
  }
  return [...found];
}

export class Featuriser {
  private constructor(
    /** Stems and pairs first, then letter groups (their keys start "#"). */
    private readonly vocabulary: Map<string, number>,
    private readonly vectors: WordVectors,
    /** Indices from here on are letter groups. */
    private readonly gramsAt: number,
  ) {}

  /** Learns the vocabulary from the training messages (already normalised and spelling-corrected). */
  static fit(texts: string[], vectors: WordVectors): Featuriser {
    const counts = new Map<string, number>();
    for (const text of texts) {
      const all = words(text);
      for (const term of [...terms(all), ...grams(all)]) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    const sorted = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    const kept = [
      ...sorted.filter(([term, count]) => !term.startsWith("#") && count >= MIN_COUNT),
      ...sorted.filter(([term, count]) => term.startsWith("#") && count >= MIN_GRAM_COUNT),
    ].map(([term]) => term);
    return Featuriser.restore(kept, vectors);
  }

  static restore(terms: string[], vectors: WordVectors): Featuriser {
    const firstGram = terms.findIndex((term) => term.startsWith("#"));
    return new Featuriser(
      new Map(terms.map((term, index) => [term, FIXED_FEATURES + index])),
      vectors,
      FIXED_FEATURES + (firstGram < 0 ? terms.length : firstGram),
    );
  }

  /** The vocabulary, in feature order, to save with a trained model. */
  save(): string[] {
    return [...this.vocabulary.keys()];
  }

  /** Word-vector dimensions and danger rules first, then one feature per known stem, pair or letter group. */
  get size(): number {
    return FIXED_FEATURES + this.vocabulary.size;
  }

  /** True when the features hold a stem or pair seen in training, not only word vectors, rules or letter groups. */
  knowsWords(x: SparseVector): boolean {
    return x.indices.some((index) => index >= FIXED_FEATURES && index < this.gramsAt);
  }

  /** `text` is normalised and spelling-corrected; `ruled` holds the danger rules that fired on the message. */
  featurise(text: string, ruled: ReadonlySet<DangerKind> = new Set()): SparseVector {
    const all = words(text);
    const known = (list: string[]) =>
      list
        .map((term) => this.vocabulary.get(term))
        .filter((index): index is number => index !== undefined)
        .sort((a, b) => a - b);
    const stems = known(terms(all));
    const letters = known(grams(all));
    const pooled = this.pooledVectors(all);
    const rules = DANGER_KINDS.flatMap((kind, index) => (ruled.has(kind) ? [RULES_AT + index] : []));
    const indices = new Uint32Array((pooled ? 2 * DIMENSIONS : 0) + rules.length + stems.length + letters.length);
    const values = new Float32Array(indices.length);
    let at = 0;
    const put = (index: number, value: number) => {
      indices[at] = index;
      values[at] = value;
      at += 1;
    };
    if (pooled) {
      for (let d = 0; d < DIMENSIONS; d += 1) put(MEAN_AT + d, pooled.mean[d]!);
      for (let d = 0; d < DIMENSIONS; d += 1) put(MAX_AT + d, pooled.max[d]!);
    }
    for (const index of rules) put(index, 1);
    // Each message's stems weigh the same in total, however long it is; so do its letter groups.
    for (const index of stems) put(index, 1 / Math.sqrt(stems.length));
    for (const index of letters) put(index, GRAM_WEIGHT / Math.sqrt(letters.length));
    return { indices, values };
  }

  /**
   * The average of the message's meaningful words' vectors and the largest value in each dimension of them (each
   * word's vector at length 1 first), each scaled to length 1; null when no word has a vector.
   */
  private pooledVectors(all: string[]): { mean: Float32Array; max: Float32Array } | null {
    const mean = new Float32Array(DIMENSIONS);
    const max = new Float32Array(DIMENSIONS).fill(-Infinity);
    let found = 0;
    for (const word of all) {
      if (STOPWORDS.has(word)) continue;
      const vector = this.vectors.get(word);
      if (!vector) continue;
      const length = Math.hypot(...vector) || 1;
      for (let d = 0; d < DIMENSIONS; d += 1) {
        mean[d] = mean[d]! + vector[d]!;
        max[d] = Math.max(max[d]!, vector[d]! / length);
      }
      found += 1;
    }
    if (found === 0) return null;
    for (const pooled of [mean, max]) {
      const length = Math.hypot(...pooled) || 1;
      for (let d = 0; d < DIMENSIONS; d += 1) pooled[d] = pooled[d]! / length;
    }
    return { mean, max };
  }
}

function words(text: string): string[] {
  return text.split(" ").filter((word) => word.length > 0);
}

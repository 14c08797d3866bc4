// Spelling correction against the product's own vocabulary: edit distance first ("bolier" → "boiler"), then how a
// word sounds (Double Metaphone: "naybours" → "neighbours"), then a dropped "g" ("workin" → "working").
import { DamerauLevenshteinDistance } from "natural/lib/natural/distance";
import { DoubleMetaphone } from "natural/lib/natural/phonetics";

const phonetics = new DoubleMetaphone();

/** Real English words that tenants type for our words: left alone, they would hide the meaning. */
const CONFUSIONS: Record<string, string> = { leek: "leak", leeks: "leaks", leeking: "leaking", mold: "mould", bord: "board", ruff: "roof" };

export class SpellingCorrector {
  private readonly frequency = new Map<string, number>();
  private readonly byLength = new Map<number, string[]>();
  private readonly bySound = new Map<string, string[]>();
  private readonly cache = new Map<string, string>();

  /**
   * @param texts our own vocabulary (training examples and lexicon): what words are corrected to
   * @param english ordinary English words, never "corrected" into ours ("head" must not become "heat")
   */
  constructor(texts: string[], private readonly english: ReadonlySet<string> = new Set()) {
    for (const text of texts) {
      for (const word of text.split(" ")) {
        if (word.length > 0) this.frequency.set(word, (this.frequency.get(word) ?? 0) + 1);
      }
    }
    for (const word of this.frequency.keys()) {
      const sameLength = this.byLength.get(word.length) ?? [];
      sameLength.push(word);
      this.byLength.set(word.length, sameLength);
      if (word.length < 4 || /\d/.test(word)) continue;
      const [primary] = phonetics.process(word) as [string, string];
      const same = this.bySound.get(primary) ?? [];
      same.push(word);
      this.bySound.set(primary, same);
    }
  }

  knows(word: string): boolean {
    return this.frequency.has(word);
  }

  correctWord(word: string): string {
    const confused = CONFUSIONS[word];
    if (confused) return confused;
    if (word.length < 4 || /\d/.test(word) || this.frequency.has(word) || this.english.has(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const corrected = this.closest(word) ?? word;
    this.cache.set(word, corrected);
    return corrected;
  }

  correct(text: string): string {
    return text
      .split(" ")
      .map((word) => this.correctWord(word))
      .join(" ");
  }

  private closest(word: string): string | null {
    if (this.frequency.has(`${word}g`)) return `${word}g`;
    const allowed = word.length >= 7 ? 2 : 1;
    let best: { word: string; distance: number; frequency: number } | null = null;
    const candidates: string[] = [];
    for (let length = Math.max(3, word.length - allowed); length <= word.length + allowed; length += 1) {
      candidates.push(...(this.byLength.get(length) ?? []));
    }
    for (const candidate of candidates) {
      // Misspellings nearly always keep the first letter ("bolier", "toliet", "cealing"); sound-alikes are below.
      if (candidate[0] !== word[0]) continue;
      const frequency = this.frequency.get(candidate) ?? 0;
      const distance = DamerauLevenshteinDistance(word, candidate, { transposition_cost: 1 });
      if (distance > allowed) continue;
      if (!best || distance < best.distance || (distance === best.distance && frequency > best.frequency)) {
        best = { word: candidate, distance, frequency };
      }
    }
    if (best) return best.word;
    const [primary] = phonetics.process(word) as [string, string];
    const soundAlike = (this.bySound.get(primary) ?? []).filter(
      (candidate) => DamerauLevenshteinDistance(word, candidate, { transposition_cost: 1 }) <= 3,
    );
    soundAlike.sort((a, b) => (this.frequency.get(b) ?? 0) - (this.frequency.get(a) ?? 0));
    return soundAlike[0] ?? null;
  }
}

// Matches a reply to one of a question's numbered choices: "1", "1.", "one", "2nd", "the first one", the words
// of the choice itself, or a close misspelling of them.
import { DamerauLevenshteinDistance } from "natural/lib/natural/distance";
import { normaliseWords } from "./words";

export interface Candidate {
  value: string;
  /** The words shown to the tenant, e.g. "Heating or hot water". */
  label: string;
  /** Other words a tenant might use for it. */
  words?: string[];
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1, first: 1, "1st": 1,
  two: 2, second: 2, "2nd": 2,
  three: 3, third: 3, "3rd": 3,
  four: 4, fourth: 4, "4th": 4,
  five: 5, fifth: 5, "5th": 5,
  six: 6, sixth: 6, "6th": 6,
  seven: 7, seventh: 7, "7th": 7,
  eight: 8, eighth: 8, "8th": 8,
  nine: 9, ninth: 9, "9th": 9,
};
const FILLER = new Set(["the", "a", "an", "one", "option", "number", "no", "num", "its", "it", "is", "please", "pls", "plz", "thanks", "ta"]);
const STOP_LABEL_WORDS = new Set(["or", "and", "a", "the", "to", "of", "in", "my", "i", "it", "is", "like", "than", "that", "we", "have"]);

// Keycap emoji digits ("1️⃣") become plain digits.
function plainDigits(text: string): string {
  return text.replace(/([0-9])\uFE0F?\u20E3/g, "$1");
}

function byNumber(words: string[], count: number): number | null {
  // "1", "1.", "option 2", "the 2nd one", "number three"
  let meaningful = words.filter((word) => !FILLER.has(word) || NUMBER_WORDS[word] !== undefined);
  // "the second one": here "one" means "choice", not the number 1.
  if (meaningful.length > 1 && meaningful.includes("one")) meaningful = meaningful.filter((word) => word !== "one");
  const numbers = meaningful
    .map((word) => (/^[0-9]+$/.test(word) ? Number(word) : NUMBER_WORDS[word]))
    .filter((value): value is number => value !== undefined);
  const others = meaningful.filter((word) => !/^[0-9]+$/.test(word) && NUMBER_WORDS[word] === undefined);
  if (numbers.length !== 1 || others.length > 0) return null;
  const [choice] = numbers as [number];
  return choice >= 1 && choice <= count ? choice : null;
}

function closeEnough(word: string, target: string): boolean {
  if (word === target) return true;
  if (word.length < 4 || target.length < 4) return false;
  const allowed = target.length >= 7 ? 2 : 1;
  return DamerauLevenshteinDistance(word, target, { transposition_cost: 1 }) <= allowed;
}

function keyWords(candidate: Candidate): string[] {
  const fromLabel = normaliseWords(candidate.label).split(" ");
  return [...fromLabel, ...(candidate.words ?? []).flatMap((phrase) => normaliseWords(phrase).split(" "))].filter(
    (word) => word.length > 0 && !STOP_LABEL_WORDS.has(word),
  );
}

/** The index of the choice a reply picks by its number alone ("2", "two", "the 2nd one"), or null. */
export function matchNumber(reply: string, count: number): number | null {
  const text = normaliseWords(plainDigits(reply));
  const numbered = text === "" ? null : byNumber(text.split(" "), count);
  return numbered === null ? null : numbered - 1;
}

/** The index of the chosen candidate, or null when the reply does not clearly pick one. */
export function matchChoice(reply: string, candidates: Candidate[]): number | null {
  const text = normaliseWords(plainDigits(reply));
  if (text === "") return null;
  const words = text.split(" ");
  const numbered = byNumber(words, candidates.length);
  if (numbered !== null) return numbered - 1;

  // Whole label or listed phrase, exactly.
  const exact = candidates.findIndex(
    (candidate) =>
      normaliseWords(candidate.label) === text || (candidate.words ?? []).some((phrase) => normaliseWords(phrase) === text),
  );
  if (exact >= 0) return exact;

  // Otherwise score each candidate by how many of its key words the reply contains, allowing misspellings.
  const scores = candidates.map((candidate) => {
    const keys = keyWords(candidate);
    return words.filter((word) => keys.some((key) => closeEnough(word, key))).length;
  });
  const best = Math.max(...scores);
  if (best === 0) return null;
  const winners = scores.filter((score) => score === best).length;
  return winners === 1 ? scores.indexOf(best) : null;
}

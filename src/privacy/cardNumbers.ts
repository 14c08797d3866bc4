// Card details must never be stored, logged or shown to staff (PCI DSS): blank out Luhn-valid 13-19 digit card
// numbers however they are separated, and in a message that had one, the expiry date and the security code too.
const CARD = "[card number removed]";
const EXPIRY = "[expiry removed]";
const SECURITY_CODE = "[security code removed]";

// Digit groups joined by a space or two, or by one of . - / , _ – — with optional spaces round it ("4111 - 1111").
// Not after a letter, digit or "+": a tenancy ref (T100001) or an international phone number is no card.
const DIGIT_GROUPS = /(?<![\w+])\d+(?:(?:\s{0,3}[.\-/,_–—]\s{0,3}|\s{1,3})\d+)*/g;
// Card networks' numbers start 2-6 (Mastercard, Amex, Visa, Discover, Maestro); UK phone numbers start 0.
const CARD_START = /^[2-6]/;

const MONTH = "(?:0?[1-9]|1[0-2])";
const EXPIRY_WORDS = String.raw`\b(?:exp(?:iry|ires|iration)?|valid\s+(?:thru|through|until|till|to)|good\s+thru|end\s+date)\b(?:\s+date)?(?:\s*(?:is|[:=.\-]))?\s*`;
const EXPIRY_AFTER_WORDS = new RegExp(`(${EXPIRY_WORDS})${MONTH}(?:\\s*[/.\\- ]\\s*|)(?:20)?\\d{2}(?!\\d)`, "gi");
// Without a word before it, a date is an expiry only if it cannot be a day and month: 03/28, 12/2027, not 12/11.
const BARE_EXPIRY = new RegExp(`(?<![\\w/.\\-])${MONTH}\\s?[/\\-]\\s?(?:20\\d{2}|1[3-9]|[2-9]\\d)(?![\\w/.\\-])`, "g");
const CODE_WORDS = String.raw`\b(?:cvv2?|cvc2?|cv2|csc|security\s+(?:code|number|digits)|sec\s+code|card\s+verification\s+(?:code|value|number))\b(?:\s+number)?(?:\s*(?:is|[:=#.\-]))?\s*`;
const CODE_AFTER_WORDS = new RegExp(`(${CODE_WORDS})\\d{3,4}(?!\\d)`, "gi");
const CODE_ON_THE_BACK = new RegExp(
  String.raw`(\b(?:digits|numbers?|code)\s+on\s+the\s+back(?:\s+of\s+(?:the|my)\s+card)?(?:\s+(?:are|is)|\s*[:=])?\s*|\bback\s+of\s+(?:the\s+|my\s+)?card(?:\s+(?:are|is)|\s*[:=])?\s*)\d{3,4}(?!\d)`,
  "gi",
);
// What tenants type straight after the number: "4111… 12/27 123", "4111… 12 27 123", "4111… 1227 123".
const DATE_AFTER_CARD = new RegExp(String.raw`(\[card number removed\][\s,;:\-]{1,3})${MONTH}\s?[/.\- ]\s?(?:20)?\d{2}(?!\d)`, "g");
const AFTER_CARD = new RegExp(String.raw`(\[card number removed\][\s,;:/\-]{1,3})(\d{3,4})(?!\d)`, "g");
const AFTER_EXPIRY = new RegExp(String.raw`(\[expiry removed\][\s,;:/\-]{1,3})\d{3,4}(?!\d)`, "g");
const MONTH_YEAR = /^(?:0[1-9]|1[0-2])\d{2}$/;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

interface Span {
  start: number;
  end: number;
}

interface Group extends Span {
  digits: string;
}

/**
 * Blanks each card number in a run of digit groups: the fewest whole groups from a group on that make one, so digits
 * typed after it ("… 1111 12/27") are left to the expiry and security-code rules.
 */
function blankCardsIn(run: string): string {
  const groups: Group[] = [...run.matchAll(/\d+/g)].map((match) => ({ start: match.index, end: match.index + match[0].length, digits: match[0] }));
  const cards: Span[] = [];
  for (let first = 0; first < groups.length; first += 1) {
    if (!CARD_START.test(groups[first]!.digits)) continue;
    let last = -1;
    let digits = "";
    for (let next = first; last < 0 && next < groups.length && digits.length + groups[next]!.digits.length <= 19; next += 1) {
      digits += groups[next]!.digits;
      if (digits.length >= 13 && luhnValid(digits)) last = next;
    }
    if (last < 0) continue;
    cards.push({ start: groups[first]!.start, end: groups[last]!.end });
    first = last;
  }
  let text = run;
  for (const card of cards.reverse()) text = `${text.slice(0, card.start)}${CARD}${text.slice(card.end)}`;
  return text;
}

function blankRestOfCard(text: string): string {
  return text
    .replace(EXPIRY_AFTER_WORDS, `$1${EXPIRY}`)
    .replace(BARE_EXPIRY, EXPIRY)
    .replace(CODE_AFTER_WORDS, `$1${SECURITY_CODE}`)
    .replace(CODE_ON_THE_BACK, `$1${SECURITY_CODE}`)
    .replace(DATE_AFTER_CARD, `$1${EXPIRY}`)
    .replace(AFTER_CARD, (_match, before: string, digits: string) => `${before}${digits.length === 4 && MONTH_YEAR.test(digits) ? EXPIRY : SECURITY_CODE}`)
    .replace(AFTER_EXPIRY, `$1${SECURITY_CODE}`);
}

export function redactCardNumbers(text: string): { text: string; redacted: boolean } {
  const clean = text.replace(DIGIT_GROUPS, blankCardsIn);
  if (clean === text) return { text, redacted: false };
  return { text: blankRestOfCard(clean), redacted: true };
}

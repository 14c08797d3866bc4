// Card numbers must never be stored, logged or shown to staff (PCI DSS): blank out any Luhn-valid 13-19 digit run.
const CANDIDATE = /\b(?:\d[ -]?){12,18}\d\b/g;

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

export function redactCardNumbers(text: string): { text: string; redacted: boolean } {
  let redacted = false;
  const clean = text.replace(CANDIDATE, (match) => {
    const digits = match.replace(/\D/g, "");
    if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return match;
    redacted = true;
    return "[card number removed]";
  });
  return { text: clean, redacted };
}

// Case references a tenant can read out or type on a keypad: a letter for the type, then 6 unambiguous characters.
import { randomInt } from "node:crypto";

const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"; // no I, L, O, 0 or 1

export function newCaseReference(prefix: "R" | "S"): string {
  let reference = prefix;
  for (let index = 0; index < 6; index += 1) reference += ALPHABET[randomInt(ALPHABET.length)];
  return reference;
}

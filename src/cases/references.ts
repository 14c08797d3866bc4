// Case references a tenant can read out or type on a keypad: a letter for the type, then 6 unambiguous characters.
import { randomInt } from "node:crypto";
import type { ReferencePrefix } from "../conversation/types";

const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"; // no I, L, O, 0 or 1

export function newCaseReference(prefix: ReferencePrefix): string {
  let reference = prefix;
  for (let index = 0; index < 6; index += 1) reference += ALPHABET[randomInt(ALPHABET.length)];
  return reference;
}

/** A six-digit code to confirm a phone number, from a cryptographic source. */
export function newConfirmationCode(): string {
  return String(randomInt(1_000_000)).padStart(6, "0");
}

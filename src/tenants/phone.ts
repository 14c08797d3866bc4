// Phone numbers in one form (E.164, e.g. +447700900123) whatever way they arrive: "07700 900123", "+44 7700 900123".
import { parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * E.164 for anything shaped like a phone number (UK by default); otherwise the input trimmed, so nothing is lost.
 * "Possible" rather than "valid": the number has the right length for its country, whoever it is allocated to.
 */
export function normalisePhone(raw: string): string {
  const parsed = parsePhoneNumberFromString(raw.trim(), "GB");
  return parsed?.isPossible() ? parsed.number : raw.trim();
}

/** "+44770090****": enough to tell numbers apart in logs without revealing them. */
export function maskPhone(phone: string): string {
  return phone.length > 6 ? `${phone.slice(0, -4)}****` : "****";
}

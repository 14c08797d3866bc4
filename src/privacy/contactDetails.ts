// Masks what identifies a person in a tenant's words before they leave the database as training data: email
// addresses, phone numbers and card-like runs of digits.
import { parsePhoneNumberFromString } from "libphonenumber-js";

const EMAIL = /[^\s@<>()[\]]+@[^\s@<>()[\]]+\.[a-z]{2,}/gi;
// Eager on purpose: any run of nine or more digits, however spaced, dashed or bracketed, valid number or not.
const DIGIT_RUN = /\+?\d(?:[ \-().]{0,2}\d){8,}/g;

export const MASKS = { email: "[email removed]", phone: "[phone number removed]", card: "[card number removed]" } as const;

/** A run the length of a card that cannot be a phone number is masked as a card; every other run as a phone. */
function maskDigits(run: string): string {
  const digits = run.replace(/\D/g, "").length;
  const phone = parsePhoneNumberFromString(run, "GB")?.isPossible() ?? false;
  return !phone && digits >= 13 && digits <= 19 ? MASKS.card : MASKS.phone;
}

export function maskContactDetails(text: string): string {
  return text.replace(EMAIL, MASKS.email).replace(DIGIT_RUN, maskDigits);
}

// Masks what identifies a person in a tenant's words before they leave the database as training data: email
// addresses, phone numbers and card-like runs of digits.
const EMAIL = /[^\s@<>()[\]]+@[^\s@<>()[\]]+\.[a-z]{2,}/gi;
// Eager on purpose: any run of nine or more digits, however spaced, dashed or bracketed, valid number or not.
const DIGIT_RUN = /\+?\d(?:[ \-().]{0,2}\d){8,}/g;
const CARD_DIGITS = { min: 13, max: 19 };

export const MASKS = { email: "[email removed]", phone: "[phone number removed]", card: "[card number removed]" } as const;

export function maskContactDetails(text: string): string {
  return text.replace(EMAIL, MASKS.email).replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, "").length;
    return digits >= CARD_DIGITS.min && digits <= CARD_DIGITS.max ? MASKS.card : MASKS.phone;
  });
}

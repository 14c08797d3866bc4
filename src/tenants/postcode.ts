// UK postcodes as tenants type them ("l40th", "L4  0th") turned into one form ("L4 0TH"), or null if not one.
const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/;

export function normalisePostcode(text: string): string | null {
  const compact = text.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const match = POSTCODE.exec(compact);
  return match ? `${match[1]} ${match[2]}` : null;
}

/** Upper case without spaces: how postcodes are compared. */
export function postcodeKey(postcode: string): string {
  return postcode.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

const IN_TEXT = /\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b/i;

/** A postcode and the house number before it in free text ("41 Walton Lane L4 5XF"), if both are there. */
export function findAddressIn(text: string): { postcode: string; houseNumber: string } | null {
  const match = IN_TEXT.exec(text);
  if (!match) return null;
  const house = /^\s*(?:flat\s*)?(\d+[a-z]?)\b/i.exec(text.slice(0, match.index));
  return house ? { postcode: `${match[1]!.toUpperCase()} ${match[2]!.toUpperCase()}`, houseNumber: house[1]! } : null;
}

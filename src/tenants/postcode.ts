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

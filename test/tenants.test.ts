// Who is texting: phone numbers, postcodes and house numbers in the forms tenants type them.
import { houseKey } from "../src/tenants/directory";
import { normalisePhone } from "../src/tenants/phone";
import { findAddressIn, normalisePostcode } from "../src/tenants/postcode";
import { redactCardNumbers } from "../src/privacy/cardNumbers";

test.each([
  ["07700 900123", "+447700900123"],
  ["+44 7700 900123", "+447700900123"],
  ["447700900123", "+447700900123"],
  ["0151 000 0000", "+441510000000"],
  ["whatever", "whatever"],
])("phone %p is stored as %p", (raw, expected) => {
  expect(normalisePhone(raw)).toBe(expected);
});

test.each([
  ["l40th", "L4 0TH"],
  ["L4  0th", "L4 0TH"],
  ["sw1a 1aa", "SW1A 1AA"],
  ["not a postcode", null],
  ["L4", null],
])("postcode %p reads as %p", (raw, expected) => {
  expect(normalisePostcode(raw)).toBe(expected);
});

test("house numbers match however they are written", () => {
  expect(houseKey("Flat 3")).toBe(houseKey("3"));
  expect(houseKey("no. 12")).toBe(houseKey("12"));
  expect(houseKey("12A")).toBe(houseKey("12a"));
  expect(houseKey("12")).not.toBe(houseKey("21"));
});

test("card numbers are blanked out; other long numbers are kept", () => {
  expect(redactCardNumbers("my card is 4111-1111-1111-1111 exp 12/27")).toEqual({ text: "my card is [card number removed] exp [expiry removed]", redacted: true });
  expect(redactCardNumbers("ref 1234567890123 and phone 07700900123")).toEqual({ text: "ref 1234567890123 and phone 07700900123", redacted: false });
});

test("an address texted as free words yields its house number and postcode", () => {
  expect(findAddressIn("41 Walton Lane L4 5XF")).toEqual({ postcode: "L4 5XF", houseNumber: "41" });
  expect(findAddressIn("flat 3 scotland rd l55ae")).toEqual({ postcode: "L5 5AE", houseNumber: "3" });
  expect(findAddressIn("near the shops")).toBeNull();
});

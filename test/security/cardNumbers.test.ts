// Card details in a tenant's text: the number is blanked however it is written, and then its expiry date and
// security code too; an ordinary message (a date, a phone number, a tenancy ref, a flat number) is left alone.
import { redactCardNumbers } from "../../src/privacy/cardNumbers";

test.each([
  ["4111.1111.1111.1111", "[card number removed]"],
  ["4111/1111/1111/1111", "[card number removed]"],
  ["4111 - 1111 - 1111 - 1111", "[card number removed]"],
  ["4111_1111_1111_1111", "[card number removed]"],
  ["pay with 5555\u00a05555\u00a05555\u00a04444 please", "pay with [card number removed] please"],
  ["amex 3782 822463 10005", "amex [card number removed]"],
  ["old visa 4222222222222", "old visa [card number removed]"],
  ["19 digits 6304000000000000000", "19 digits [card number removed]"],
  ["flat 12 4111 1111 1111 1111", "flat 12 [card number removed]"],
  ["+44 7700 900123 4111 1111 1111 1111", "+44 7700 900123 [card number removed]"],
])("tenant: %j → stored: %j", (typed, stored) => {
  expect(redactCardNumbers(typed)).toEqual({ text: stored, redacted: true });
});

test.each([
  ["card 4111111111111111 exp 12/27 cvv 123", "card [card number removed] exp [expiry removed] cvv [security code removed]"],
  ["4111 1111 1111 1111 12/2027", "[card number removed] [expiry removed]"],
  ["my card is 3782 822463 10005 expiry 1227 security code 1234", "my card is [card number removed] expiry [expiry removed] security code [security code removed]"],
  ["4111-1111-1111-1111 valid thru 03-28", "[card number removed] valid thru [expiry removed]"],
  ["4111-1111-1111-1111 cvc: 4567", "[card number removed] cvc: [security code removed]"],
  ["4111 1111 1111 1111 and the 3 digits on the back are 321", "[card number removed] and the 3 digits on the back are [security code removed]"],
  ["Expiry date: 12 / 27. 4111111111111111 CVV2 is 999", "Expiry date: [expiry removed]. [card number removed] CVV2 is [security code removed]"],
  ["5555 5555 5555 4444, 12/2027, 321", "[card number removed], [expiry removed], [security code removed]"],
  ["4111111111111111 1227 123", "[card number removed] [expiry removed] [security code removed]"],
  ["4111 1111 1111 1111 12 27 123", "[card number removed] [expiry removed] [security code removed]"],
])("with a card number, its expiry and security code go too: %j", (typed, stored) => {
  expect(redactCardNumbers(typed)).toEqual({ text: stored, redacted: true });
});

test.each([
  "on 12/11 the tap broke",
  "my number is 07700 900123",
  "call me on +44 7700 900123 or 0151 000 0000",
  "tenancy ref T100001, flat 12",
  "the boiler code is 123 and it says exp 12/27 on the filter",
  "paid £450.00 on 12/11/2026, ref 1234567890123",
  "4111111111111112", // not Luhn-valid
  "7700900123456781 is on the meter", // Luhn-valid, but no card network's numbers start with 7
])("an ordinary message is left alone: %j", (typed) => {
  expect(redactCardNumbers(typed)).toEqual({ text: typed, redacted: false });
});

test("a day and month in a message with a card number stays; a month and year does not", () => {
  expect(redactCardNumbers("on 12/11 the tap broke. card 4111 1111 1111 1111 exp 03/28 flat 12 call 07700 900123").text).toBe(
    "on 12/11 the tap broke. card [card number removed] exp [expiry removed] flat 12 call 07700 900123",
  );
});

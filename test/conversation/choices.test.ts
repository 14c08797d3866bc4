// Choice replies the way tenants send them: digits, words, ordinals, emoji and misspellings.
import { matchChoice } from "../../src/conversation/choices";

const heating = [
  { value: "heating", label: "Heating, hot water", words: ["boiler", "radiator"] },
  { value: "leak", label: "A leak", words: ["leaking", "drip"] },
  { value: "toilet", label: "Toilet, drains" },
];

test.each([
  ["1", 0],
  ["1.", 0],
  [" 2 ", 1],
  ["two", 1],
  ["2nd", 1],
  ["the second one", 1],
  ["option 3", 2],
  ["3\uFE0F\u20E3", 2],
  ["hot water", 0],
  ["bolier", 0],
  ["radiater", 0],
  ["toliet", 2],
  ["the leak one", 1],
])("%p picks choice %p", (reply, index) => {
  expect(matchChoice(reply, heating)).toBe(index);
});

test.each(["4", "0", "banana", "", "1 or 2"])("%p picks nothing", (reply) => {
  expect(matchChoice(reply, heating)).toBeNull();
});

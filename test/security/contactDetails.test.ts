// What is masked in tenants' words before they become training data, and what is left for the classifier to learn.
import { maskContactDetails } from "../../src/privacy/contactDetails";

test.each([
  ["text me on 07700900123", "text me on [phone number removed]"],
  ["ring 0151-496-0000 after 5", "ring [phone number removed] after 5"],
  ["my new number is +44 7700 900 123.", "my new number is [phone number removed]."],
  ["JO.Bloggs+rent@Example.co.uk is my email", "[email removed] is my email"],
  ["card no 5500 0000 0000 0005 wont go through", "card no [card number removed] wont go through"],
])("%j is masked", (text, masked) => {
  expect(maskContactDetails(text)).toBe(masked);
});

test.each(["dob 14 3 1968", "i owe £1,205.50", "any news on R7KQ2MX", "flat 12, 41 Walton Lane L4 5XF", "since 2024"])("%j is left as it is", (text) => {
  expect(maskContactDetails(text)).toBe(text);
});

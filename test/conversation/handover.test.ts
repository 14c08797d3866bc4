// Every reason the bot hands a conversation to a person, each with its priority (1 is the top of the queue).
import { Phone, textAll } from "./fixtures";

const cases: [string, string[], string, number][] = [
  ["the tenant asks for a person", ["can i speak to a real person"], "asked_for_person", 3],
  ["a threat (safeguarding)", ["my neighbour said he will stab me"], "safeguarding", 1],
  ["an emergency", ["i can smell gas in the kitchen"], "emergency", 1],
  ["high-risk noise or nuisance", ["hi", "3", "no", "2", "last night", "1", "1", "no", "he shouted he would hurt me", "1", "no", "no", "no", "1"], "high_risk_asb", 1],
  ["a formal complaint", ["i want to make a complaint", "4", "rude on the phone", "an apology", "1"], "complaint", 3],
  ["rent hardship", ["i cant afford my rent, i lost my job"], "rent_hardship", 2],
  ["two misunderstood replies, then yes to a person", ["hi", "1", "purple", "banana", "1"], "not_understood", 2],
  ["frustration, then yes to a person", ["this stupid bot is useless", "yes"], "frustration", 2],
  ["a request no journey answers", ["hi", "7", "3", "can i have a key fob for the bin store"], "request", 3],
];

test.each(cases)("%s goes to a person", async (_name, texts, reason, priority) => {
  const phone = new Phone();
  await textAll(phone, ...texts);
  expect(phone.eventsOf("escalation.requested")).toContainEqual(expect.objectContaining({ reason, priority }));
});

test("a voice note goes to a person", async () => {
  const phone = new Phone();
  await phone.text("", { mediaCount: 1 });
  expect(phone.eventsOf("escalation.requested")).toEqual([expect.objectContaining({ reason: "unreadable", priority: 2 })]);
});

test("while a person holds the conversation the bot says nothing, but danger still gets advice first", async () => {
  const phone = new Phone();
  await phone.text("hi");
  expect(await phone.text("hello?", { heldByPerson: true })).toEqual([]);
  expect((await phone.text("theres smoke coming from the socket", { heldByPerson: true }))[0]).toMatch(/^Ring 999 now|^Do not touch it/);
});

test("in a web chat, which may be closed, asking for a person offers a call too, without needing a number", async () => {
  const chat = new Phone("2026-11-23T10:00:00Z", null);
  chat.canReachLater = false;
  expect((await chat.text("talk to a person")).at(-1)).toMatch(/^OK\. A person will reply here, usually within .*Keep this page open\. Or give us a phone number and we will call\./);
  // A number is not needed: offering one is a tap that opens the number pad.
  expect(chat.last.at(-1)).toMatchObject({ keypad: "phone", taps: [] });
  const night = new Phone("2026-11-23T22:00:00Z", null);
  night.canReachLater = false;
  expect((await night.text("talk to a person")).at(-1)).toMatch(/^OK\. We are closed now\. A person will reply after we open, Tue 8am\. Give us a phone number and we will call\./);
});

// The satisfaction question sent after a repair is done, answered whenever the tenant next texts: a number is the
// score, anything else is understood as usual, and whatever the tenant was in the middle of is kept.
import { askUnprompted } from "../../src/conversation/asked";
import { newState } from "../../src/conversation/engine";
import { Phone } from "./fixtures";

function askedPhone(): Phone {
  const phone = new Phone();
  phone.state = askUnprompted({ ...newState(), greeted: true }, { flow: "satisfaction", step: "score", slots: { reference: "R000001" } }, phone.now);
  return phone;
}

test("a 5 days later is stored as the score and thanked", async () => {
  const phone = askedPhone();
  phone.wait(3 * 24 * 60);
  expect(await phone.text("5")).toEqual(["Thank you for telling us. Reply MENU if you need anything else."]);
  expect(phone.eventsOf("case.satisfaction_recorded")).toEqual([{ type: "case.satisfaction_recorded", reference: "R000001", score: 5 }]);
  expect(phone.state?.asked).toBeUndefined();
});

test("a 1 in words is a score too, and is offered a complaint", async () => {
  const phone = askedPhone();
  expect(await phone.text("one")).toEqual(["Thank you for telling us.", "We are sorry about this. Do you want to make a formal complaint?\n1 Yes, make a complaint\n2 No, thank you"]);
  expect(phone.eventsOf("case.satisfaction_recorded")[0]?.score).toBe(1);
  expect(await phone.text("2")).toEqual(["OK. Reply MENU if you need anything else."]);
});

test("words are understood as usual and the question lapses; a number afterwards is not a score", async () => {
  const phone = askedPhone();
  // A repair, as any first text about one: its first question is whether there is danger now.
  expect(await phone.text("my toilet is blocked")).toEqual([expect.stringMatching(/^Is there any danger now\?/)]);
  expect(phone.state?.asked).toBeUndefined();
  await phone.text("MENU");
  await phone.text("2");
  expect(phone.eventsOf("case.satisfaction_recorded")).toEqual([]);
});

test("a number out of range, or after two weeks, is not read as a score", async () => {
  const outOfRange = askedPhone();
  await outOfRange.text("7");
  expect(outOfRange.eventsOf("case.satisfaction_recorded")).toEqual([]);
  const late = askedPhone();
  late.wait(15 * 24 * 60);
  await late.text("4");
  expect(late.eventsOf("case.satisfaction_recorded")).toEqual([]);
});

test("a tenant in the middle of reporting something answers the score and is offered their report back", async () => {
  const phone = new Phone();
  await phone.text("hi");
  await phone.text("1"); // report a repair
  expect(await phone.text("6")).toEqual([expect.stringMatching(/^What needs fixing\?/)]); // no danger
  phone.state = askUnprompted(phone.state!, { flow: "satisfaction", step: "score", slots: { reference: "R000001" } }, phone.now);
  const replies = await phone.text("4");
  expect(replies[0]).toBe("Thank you for telling us. Reply MENU if you need anything else.");
  expect(replies[1]).toMatch(/^Before, you were telling us about a repair/);
  expect(await phone.text("1")).toEqual([expect.stringMatching(/^What needs fixing\?/)]);
});

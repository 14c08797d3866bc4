// Switching journey at any point: what the tenant already gave is kept, and the half-finished report is offered back.
import { Phone, textAll } from "./fixtures";

test("mid-repair, 'actually it's about my rent' switches journey and the repair is offered back afterwards", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6", "7");
  expect(phone.state?.step).toBe("where");
  const replies = await phone.text("actually its about paying my rent");
  expect(replies).toEqual(["Pay safely online at merseyhomes.org/pay, or ring 0151 000 0000. Never send card details by text or chat.", expect.stringMatching(/^Before, you were telling us about a repair\. Do you want to carry on with that\?\n1 Yes, carry on\n2 No, leave it/)]);
  expect(await phone.text("1")).toEqual([expect.stringMatching(/^Where is the problem\?/)]);
  expect(phone.state?.slots.category).toBe("kitchen_bathroom");
  await textAll(phone, "kitchen", "cupboard door hanging off", "1");
  await phone.text("yes");
  expect(phone.eventsOf("case.created")).toEqual([expect.objectContaining({ case: expect.objectContaining({ category: "kitchen_bathroom", location: "kitchen" }) })]);
});

test("at a question that wants words, the words are the answer unless the tenant plainly turns away", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6", "7", "1");
  expect(phone.state?.step).toBe("describe");
  await phone.text("the rent man broke my cupboard door");
  expect(phone.state?.slots.description).toBe("the rent man broke my cupboard door");

  const other = new Phone();
  await textAll(other, "hi", "1", "6", "7", "1");
  const replies = await other.text("actually can i check my rent balance");
  expect(replies[0]).toMatch(/^To keep your account safe/);
  expect(other.state?.parked).toMatchObject({ flow: "repair", step: "describe" });
});

test("MENU in the middle keeps the report; leaving it is the tenant's choice", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "3", "no", "1");
  await textAll(phone, "menu", "7", "3");
  const replies = await phone.text("do you allow pets in flats");
  expect(replies[1]).toMatch(/^Before, you were telling us about noise or nuisance/);
  expect(await phone.text("2")).toEqual(["OK, we have left it. Reply MENU if you need anything else."]);
  expect(phone.state?.parked).toBeUndefined();
});

test("STOP in the middle of a journey stops all texts, and START offers to carry on where they were", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "5", "1");
  expect(await phone.text("STOP")).toEqual(["You will get no more texts from us. Text START to turn them back on."]);
  expect(await phone.text("the man never came")).toEqual([]);
  expect(await phone.text("START")).toEqual(["Texts are back on. You were telling us about a complaint.", "Tell us what went wrong, in your own words.\n1 It is taking too long\n2 Nobody came when they said\n3 The work was not done well"]);
});

test("coming back a day later, the tenant is asked whether to carry on, and can", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "3", "no", "1");
  phone.wait(24 * 60);
  expect(await phone.text("hello")).toEqual([expect.stringMatching(/^Welcome back\. You were telling us about noise or nuisance\./)]);
  expect(await phone.text("1")).toEqual(["When did it happen? Like: last night, or every weekend.\n1 Today\n2 Last night\n3 Earlier this week\n4 It keeps happening"]);
});

test("asked whether to carry on, a tenant who asks for something new gets it, and the kept journey waits", async () => {
  const phone = new Phone();
  phone.repairs = [{ reference: "R7KQ2MX", category: "leak", priority: "urgent", status: "open", dueAt: new Date("2026-11-27T23:59:59Z") }];
  await textAll(phone, "hi", "1", "6", "7");
  await phone.text("actually how do i pay my rent");
  const replies = await phone.text("where is my repair");
  expect(replies[0]).toMatch(/^Your open repairs:/);
  expect(replies[1]).toMatch(/^Before, you were telling us about a repair/);
  expect(await phone.text("1")).toEqual([expect.stringMatching(/^Where is the problem\?/)]);
});

// Tenants who say what is wrong in their own words skip the questions they already answered.
import { FLOWS } from "../../dialogs";
import { en } from "../../dialogs/content/en";
import { INTERRUPTING_KINDS } from "../../src/nlu/danger";
import { Phone, textAll, understander } from "./fixtures";

test("'me bolier is broke agen no hot water' goes straight to the danger check, then skips what and which part", async () => {
  const phone = new Phone("2026-07-06T10:00:00Z"); // summer: no vulnerability question for heating
  const first = await phone.text("me bolier is broke agen no hot water");
  expect(first[1]).toMatch(/^Is there any danger now\?/);
  expect((await phone.text("6"))[0]).toMatch(/^Where is the problem\?/);
  expect((await phone.text("kitchen"))[0]).toMatch(/^When can we get in to fix it\?/); // their words were the description
  const summary = await phone.text("1");
  expect(summary[0]).toMatch(/Problem: Heating, hot water, no hot water\nWhere: Kitchen\nYou said: me bolier is broke agen no hot water/);
  await phone.text("yes");
  expect(phone.eventsOf("case.created")[0]?.case).toMatchObject({
    category: "heating",
    priority: "urgent",
    description: "me bolier is broke agen no hot water",
    details: expect.objectContaining({ detail: "no_hot_water", appliance: "boiler" }),
  });
});

test("a room in the first text fills the where question too", async () => {
  const phone = new Phone();
  await phone.text("the kitchen tap is leaking");
  const afterDanger = await phone.text("no danger");
  expect(afterDanger[0]).toMatch(/^Can you stop the water, or catch it in a bowl\?/);
  expect((await phone.text("yes"))[0]).toMatch(/^When can we get in to fix it\?/);
});

test("fewer texts than the menu route for the same routine repair", async () => {
  const viaMenu = new Phone();
  const menuTexts = ["hi", "1", "6", "7", "1", "cupboard door hanging off in the kitchen", "1", "yes"];
  await textAll(viaMenu, ...menuTexts);
  const viaWords = new Phone();
  const wordTexts = ["kitchen cupboard door hanging off", "6", "1", "yes"];
  await textAll(viaWords, ...wordTexts);
  expect(viaMenu.eventsOf("case.created")).toHaveLength(1);
  expect(viaWords.eventsOf("case.created")[0]?.case).toMatchObject({ category: "kitchen_bathroom", location: "kitchen" });
  expect(wordTexts.length).toBeLessThan(menuTexts.length);
});

test("a greeting still gets the menu", async () => {
  const phone = new Phone();
  const replies = await phone.text("hiya");
  expect(replies[1]).toMatch(/^How can we help\?/);
});

test("asking for a person in words hands over at once", async () => {
  const phone = new Phone();
  const replies = await phone.text("can i speak to a real person please");
  expect(replies[1]).toMatch(/^OK\. A person from our team will reply/);
  expect(phone.eventsOf("escalation.requested")[0]).toMatchObject({ reason: "asked_for_person" });
});

test("unsure, the bot asks with a short numbered list of its best guesses and acts on the answer", async () => {
  // The classifier as it would be on a vague text: nothing above the threshold.
  const unsure = (text: string) => ({
    ...understander.understand(text),
    intent: "asb" as const,
    confidence: 0.45,
    ranking: [
      { intent: "asb" as const, confidence: 0.45 },
      { intent: "repair" as const, confidence: 0.4 },
      { intent: "greeting" as const, confidence: 0.1 },
      { intent: "payment" as const, confidence: 0.05 },
    ],
  });
  const phone = new Phone(undefined, undefined, unsure);
  const replies = await phone.text("the water from upstairs");
  expect(replies[1]).toBe("Sorry, we are not sure what this is about. Is it:\n1 Noise or nuisance\n2 A repair\n3 Rent or payments");
  const next = await phone.text("2");
  expect(next[0]).toMatch(/^Is there any danger now\?/);
  expect(phone.state?.slots.description).toBe("the water from upstairs");
});

test("every danger that interrupts has safety advice in the catalogue", () => {
  for (const kind of INTERRUPTING_KINDS) expect(Object.keys(en)).toContain(`danger.${kind}`);
});

test("swearing at the bot gets the offer of a person, once", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1");
  const replies = await phone.text("this stupid bot is useless");
  expect(replies).toEqual(["Sorry, this is not going well. Do you want a person from our team to help?\n1 Yes, a person\n2 No, try again"]);
  expect((await phone.text("2"))[0]).toMatch(/^Is there any danger now\?/);
  expect((await phone.text("ffs"))[0]).toMatch(/^Any danger\? Reply 1 to 6\./); // offered once, then back to the question
});

test("clear distress is asked whether they are safe; not safe gets Samaritans first and a person from our team", async () => {
  const phone = new Phone();
  await phone.text("hi");
  // Asked whether they are safe, or told at once: either way Samaritans comes before anything else.
  const first = (await phone.text("im at the end of my tether i cant cope with this"))[0]!;
  expect(first).toMatch(/^(Are you safe right now\?|Please ring Samaritans free on 116 123)/);
  if (first.startsWith("Are you safe")) expect((await phone.text("no"))[0]).toMatch(/^Please ring Samaritans free on 116 123/);
  expect(phone.eventsOf("escalation.requested")[0]).toMatchObject({ reason: "safeguarding", priority: 1 });
});

test("changing the subject mid-journey follows the tenant instead of counting a miss", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6");
  const replies = await phone.text("actually its about my rent arrears, can we sort a plan");
  expect(replies[0]).toMatch(/Our money team can agree a plan/);
  expect(phone.state?.flow).toBeNull();
});

test("words that answer the question are not taken as a change of subject", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6");
  expect((await phone.text("the boiler"))[0]).toMatch(/^What is not working\?/);
});

test("an unknown number that gives its address in the first text is not asked for it, and the start date is kept", async () => {
  const phone = new Phone("2026-11-23T10:00:00Z", null);
  await phone.text("12 Anfield Road L4 0TH the kitchen tap has been dripping since saturday");
  expect((await phone.text("no danger"))[0]).toMatch(/^Can you stop the water/);
  const replies = await textAll(phone, "yes", "1");
  expect(replies[0]).toBe("Thanks, we have found your home.");
  expect(replies[1]).toMatch(/^Please check:/);
  await phone.text("yes");
  expect(phone.eventsOf("case.created")[0]?.case).toMatchObject({
    homeId: "home-1",
    verified: true,
    details: expect.objectContaining({ startedAround: "2026-11-21T12:00:00.000Z" }),
  });
});

test("a description given where the danger question was asked is taken as no danger, and fills what it says", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1");
  expect(await phone.text("kitchen cupboard door hanging off")).toEqual([expect.stringMatching(/^When can we get in to fix it\?/)]);
  expect(phone.state?.slots).toMatchObject({ danger: "none", category: "kitchen_bathroom", location: "kitchen", description: "kitchen cupboard door hanging off" });
});

test("danger words at the danger question still get the safety advice first", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1");
  expect((await phone.text("theres a funny smell of gas in the kitchen"))[0]).toMatch(/^Gas smell\? Get out now/);
});

test("asked what they meant, a tenant who says it plainly in words is followed", async () => {
  const phone = new Phone();
  await phone.text("asdfgh");
  expect(phone.state?.interrupt).toBe("guess");
  const replies = await phone.text("the music next door is banging through the wall");
  expect(replies[0]).toBe("Is anyone in danger right now?\n1 Yes\n2 No");
  expect(phone.state?.slots).toMatchObject({ category: "noise" });
});

test("a number as the first text gets the menu, not guesses at what it means", async () => {
  const phone = new Phone("2026-11-23T10:00:00Z", null);
  const replies = await phone.text("1");
  expect(replies[1]).toMatch(/^How can we help\?\n1 Report a repair/);
});

test("a number that is not on the list of guesses is asked again, never taken as a journey", async () => {
  const phone = new Phone("2026-11-23T10:00:00Z", null);
  await phone.text("asdfgh");
  expect(phone.state?.interrupt).toBe("guess");
  const replies = await phone.text("6");
  expect(replies.join("\n")).not.toMatch(/complaint/);
  expect(phone.state?.flow).toBeNull();
  expect(phone.eventsOf("case.created")).toEqual([]);
});

describe("someone vulnerable at home, said in the first text, is not asked about again", () => {
  test("a baby with no heating in winter makes it an emergency without the question", async () => {
    const phone = new Phone("2026-11-23T10:00:00Z");
    await phone.text("no heating and no hot water and my baby is 3 weeks old");
    expect((await phone.text("6"))[0]).toMatch(/^Where is the problem\?/);
    await textAll(phone, "1", "1");
    const replies = await phone.text("yes");
    expect(replies[0]).toMatch(/It is an emergency/);
    expect(phone.eventsOf("case.created")[0]?.case).toMatchObject({ category: "heating", priority: "emergency", vulnerable: true });
  });

  test("asthma with mould in every room answers the breathing question and how far it has spread", async () => {
    const phone = new Phone();
    await phone.text("black mould in every room and my son has asthma");
    expect((await phone.text("no danger"))[0]).toMatch(/^Where is the problem\?/);
    await textAll(phone, "3", "1");
    expect((await phone.text("yes"))[0]).toMatch(/A person will call you within 24 hours/);
    expect(phone.eventsOf("case.created")[0]?.case).toMatchObject({ category: "damp", vulnerable: true, details: expect.objectContaining({ detail: "several_rooms" }) });
    expect(phone.eventsOf("escalation.requested")[0]).toMatchObject({ reason: "health_risk" });
  });

  test.each([
    ["my mum is 82 and the heating is not working", "mum is 82"],
    ["im pregnant and the mould is getting worse", "pregnant"],
    ["the damp is making the kids poorly", "making the kids poorly"],
  ])("%s", async (text) => {
    const phone = new Phone();
    await phone.text(text);
    expect(phone.state?.slots.vulnerable).toBe("yes");
  });

  test.each(["ill be in after 2, the tap is leaking", "sick of waiting for the boiler to be fixed", "no baby here, just damp in the bedroom", "the house is 80 years old and damp"])(
    "%s is not taken as someone vulnerable",
    async (text) => {
      const phone = new Phone();
      await phone.text(text);
      expect(phone.state?.slots.vulnerable).toBeUndefined();
    },
  );

  test("where it cannot change the priority, what the tenant said about their household is not kept on the case", async () => {
    const phone = new Phone();
    await textAll(phone, "the kitchen tap is leaking and i have a baby", "no danger", "yes", "1");
    await phone.text("yes");
    expect(phone.eventsOf("case.created")[0]?.case).toMatchObject({ category: "leak", priority: "urgent", vulnerable: undefined });
  });
});

test("'our only toilet is blocked' answers the only-toilet question (and where it is)", async () => {
  const phone = new Phone();
  await phone.text("our only toilet is blocked");
  expect((await phone.text("no danger"))[0]).toMatch(/^When can we get in to fix it\?/);
  expect(phone.state?.slots.detail).toBe("only_toilet");
});

test("each intent is served by one journey at most, so words never have two places to go", () => {
  const served = Object.values(FLOWS).flatMap((flow) => flow.entry?.intents ?? []);
  expect(served.length).toBe(new Set(served).size);
  expect(served).toEqual(expect.arrayContaining(["repair", "asb", "payment", "complaint", "status", "update_details", "other"]));
});

// Danger words in any message at any step get the safety advice and number first, before any menu.
import { Phone, textAll } from "./fixtures";

const cases: [string, RegExp][] = [
  ["I can smell gas", /^Gas smell\? Get out now\..*Ring 0800 111 999 from outside\.$/],
  ["theres water coming through the light in the hall", /^Keep away from wet sockets and lights\./],
  ["sparks from the socket in the kitchen", /^Do not touch it\. If safe, turn off the power at the fuse box\./],
  ["fire", /^Ring 999 now\. Get everyone out and stay out\./],
  ["the carbon monoxide alarm keeps going off", /^Carbon monoxide\?.*Ring 0800 111 999\. Feel ill\? Ring 111, or 999 if serious\.$/],
  ["my neighbour said hes going to kill me", /^Ring 999 now if you or anyone is in danger\./],
  ["the lad downstairs keeps threatening me", /^If you or anyone is in danger now, ring 999\./],
  ["someone is stuck in the lift", /^If someone is hurt or unwell in the lift, ring 999\./],
  ["they shout racist abuse at my kids", /You can report hate crime to the police on 101\./],
  ["i can smel gass in the kichen", /^Gas smell\? Get out now\./],
  ["the socket is sparkin", /^Do not touch it\./],
  ["my partner hits me", /National Domestic Abuse Helpline: 0808 2000 247/],
  ["i want to end my life", /^Please ring Samaritans free on 116 123/],
];

test.each(cases)("first message %p gets the right advice as the very first reply", async (text, advice) => {
  const phone = new Phone();
  const replies = await phone.text(text);
  expect(replies[0]).toMatch(advice);
  expect(phone.eventsOf("escalation.requested")[0]).toMatchObject({ priority: 1 });
});

test("danger in the middle of a routine repair interrupts it with advice and an emergency case", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6", "7", "1");
  const replies = await phone.text("actually i can smell gas now");
  expect(replies[0]).toMatch(/^Gas smell\?/);
  expect(replies[1]).toMatch(/We have logged this as an emergency, ref R000001\. We will get someone to you by Mon 23 Nov, 2:00pm\. Text us anything else/);
  expect(phone.eventsOf("case.created")[0]?.case).toMatchObject({ reference: "R000001", priority: "emergency", category: "gas", verified: true });
});

test("danger chosen from the repair journey's danger list raises the emergency there and then", async () => {
  const phone = new Phone();
  const replies = await textAll(phone, "hi", "1", "3");
  expect(replies[0]).toMatch(/^Keep away from wet sockets and lights/);
  expect(phone.eventsOf("case.created")[0]?.case).toMatchObject({ category: "flood", priority: "emergency" });
});

test("more texts about the same danger are added to the same case, not new ones", async () => {
  const phone = new Phone();
  await phone.text("i can smell gas");
  const again = await phone.text("the gas smell is worse in the hall");
  expect(again[0]).toMatch(/^Gas smell\?/);
  expect(again[1]).toBe("Thank you, we have added that to ref R000001. Reply MENU for other help.");
  expect(phone.eventsOf("case.created")).toHaveLength(1);
  expect(phone.eventsOf("case.note_added")).toEqual([
    { type: "case.note_added", reference: "R000001", text: "the gas smell is worse in the hall" },
  ]);
});

test("a threat becomes a safeguarding case for a person, not a repair", async () => {
  const phone = new Phone();
  const replies = await phone.text("my neighbour keeps threatening me");
  expect(replies[1]).toBe("A person from our team will contact you as soon as they can. Ref S000001. Reply MENU for other help.");
  expect(phone.eventsOf("case.created")[0]?.case).toMatchObject({ type: "safeguarding", category: "threat" });
  expect(phone.eventsOf("escalation.requested")[0]).toMatchObject({ reason: "safeguarding", priority: 1, caseReference: "S000001" });
});

test("a plainly negated danger word is not an emergency", async () => {
  const phone = new Phone();
  const replies = await phone.text("no gas smell or anything, the boiler just wont fire up");
  expect(replies.join("\n")).not.toMatch(/Gas smell\?/);
  expect(phone.eventsOf("case.created")).toEqual([]);
});

test("in a web chat, which may be closed, an emergency from someone we cannot find asks for a number to call, then the address", async () => {
  const chat = new Phone("2026-11-23T10:00:00Z", null);
  chat.canReachLater = false;
  const replies = await chat.text("i can smell gas");
  expect(replies[0]).toMatch(/^Gas smell\? Get out now\./);
  expect(replies[1]).toBe("Logged as an emergency, ref R000001. We will get someone to you by Mon 23 Nov, 2:00pm.");
  expect(replies[2]).toBe("What phone number can we call you on now?");
  // The number is typed on a number pad; "I have no phone" is a tap.
  expect(chat.last[2]).toMatchObject({ keypad: "phone", taps: [{ label: "I have no phone" }] });
  expect(await chat.text("07700 900123")).toEqual(["Thank you, we will call +447700900123 about ref R000001.", "What is your address? Your house number and postcode are enough."]);
  expect(await chat.text("12 L4 0TH")).toEqual(["Thank you, we have added that to ref R000001. Reply MENU for other help."]);
  expect(chat.eventsOf("case.note_added").map((event) => event.text)).toEqual(["Phone number to call: +447700900123", "Address: 12 L4 0TH"]);
  expect(chat.eventsOf("case.home_linked")).toEqual([expect.objectContaining({ reference: "R000001", homeId: "home-1" })]);
});

test("in a web chat, an emergency can be finished by tapping only: no phone, address not known", async () => {
  const chat = new Phone("2026-11-23T10:00:00Z", null);
  chat.canReachLater = false;
  await chat.text("i can smell gas");
  expect(await chat.text("I have no phone")).toEqual(["What is your address? Your house number and postcode are enough."]);
  expect(chat.last[0]!.taps.map((tap) => tap.label)).toEqual(["I do not know"]);
  const [kept] = await chat.text("I do not know");
  expect(kept).toBe("Please keep this page open: our team will reply here about ref R000001. Or ring 0151 000 0000 and give ref R000001.");
  expect(chat.last[0]!.taps.map((tap) => tap.label)).toEqual(["Main menu", "Talk to a person"]);
  expect(chat.eventsOf("case.note_added")).toEqual([]);
  // Anything more is still added to the emergency.
  expect(await chat.text("its flat 3")).toEqual(["Thank you, we have added that to ref R000001. Reply MENU for other help."]);
});

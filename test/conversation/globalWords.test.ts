// The words that work at any time, tried at awkward moments.
import { MENU, Phone, textAll } from "./fixtures";

test("HELP gets exactly one reply, at any step, and the tenant carries on where they were", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6");
  const help = await phone.text("HELP");
  expect(help).toHaveLength(1);
  expect(help[0]).toMatch(/MENU: start again\. BACK: go back\. PERSON: talk to us\. In danger\? Ring 999\./);
  expect((await phone.text("5"))[0]).toContain("How big is the damp or mould?");
});

test("HELP already answered by Twilio's keyword handling gets no second reply", async () => {
  const phone = new Phone();
  await phone.text("hi");
  expect(await phone.text("HELP", { handledKeyword: "HELP" })).toEqual([]);
});

test("MENU in the middle of a repair starts again from the main menu", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6", "1");
  const replies = await phone.text("menu");
  expect(replies).toEqual([MENU]);
});

test("BACK goes to the previous question with its answer undone, and again to the one before", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6", "7");
  expect((await phone.text("back"))[0]).toMatch(/^What needs fixing\?/);
  expect((await phone.text("back"))[0]).toMatch(/^Is there any danger now\?/);
  expect((await phone.text("6"))[0]).toMatch(/^What needs fixing\?/);
});

test("BACK at the very first question says so and asks it again", async () => {
  const phone = new Phone();
  const replies = await textAll(phone, "hi", "back");
  expect(replies).toEqual(["You are at the start.", MENU]);
});

test("PERSON mid-journey records an escalation and is honest about who replies and when", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6");
  const replies = await phone.text("Talk to a person");
  expect(replies).toEqual(["OK. A person from our team will reply, usually within 4 hours. In an emergency ring 0151 000 0000."]);
  expect(phone.eventsOf("escalation.requested")).toEqual([{ type: "escalation.requested", reason: "asked_for_person", priority: 3 }]);
  expect(await phone.text("are you there")).toEqual(["We have your message and a person will reply soon. Reply MENU to use this service."]);
});

test("out of hours, the tenant is told when we open and given the emergency numbers", async () => {
  const phone = new Phone("2026-12-25T21:00:00Z"); // Christmas Day; Boxing Day falls on Saturday, so Monday is a holiday too
  const replies = await textAll(phone, "hi", "PERSON");
  expect(replies).toEqual([
    "OK. We are closed now. A person will reply after we open, Tue 8am. In an emergency ring 0151 000 0000, or 999 if anyone is in danger.",
  ]);
});

test("a voice note or a photo with no words goes to a person", async () => {
  const phone = new Phone();
  await phone.text("hi");
  expect(await phone.text("", { mediaCount: 1 })).toEqual([
    "Thank you. We cannot read or play this here, so a person from our team will look at it.",
    "OK. A person from our team will reply, usually within an hour. In an emergency ring 0151 000 0000.",
  ]);
  expect(phone.eventsOf("escalation.requested")).toEqual([{ type: "escalation.requested", reason: "unreadable", priority: 2 }]);
});

test("STOP mid-journey is confirmed once, then nothing is sent; START turns texts back on and offers to carry on", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6");
  expect(await phone.text("STOP")).toEqual(["You will get no more texts from us. Text START to turn them back on."]);
  expect(await phone.text("hello?")).toEqual([]);
  expect(await phone.text("4")).toEqual([]);
  const back = await phone.text("start");
  expect(back[0]).toBe("Texts are back on. You were telling us about a repair.");
  expect(back[1]).toMatch(/^What needs fixing\?/);
  expect(phone.eventsOf("consent.changed").map((event) => event.optedOut)).toEqual([true, false]);
});

test("after STOP, danger still reaches staff, with its safety advice and nothing else", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "stop");
  expect(await phone.text("there is smoke coming from the meter cupboard")).toEqual([expect.stringMatching(/^Ring 999 now\. Get everyone out/)]);
  expect(phone.eventsOf("case.created")[0]?.case).toMatchObject({ priority: "emergency", category: "fire" });
  expect(phone.eventsOf("escalation.requested")[0]).toMatchObject({ reason: "emergency", priority: 1 });
});

test("STOP handled by Twilio itself is recorded without a second confirmation", async () => {
  const phone = new Phone();
  await phone.text("hi");
  expect(await phone.text("STOP", { handledKeyword: "STOP" })).toEqual([]);
  expect(phone.state?.optedOut).toBe(true);
});

test("'stop it' is not an opt-out: only the single word is, as with Twilio", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6", "4");
  const replies = await phone.text("stop it");
  expect(phone.state?.optedOut).toBe(false);
  expect(replies[0]).toMatch(/^Is all your power off\?/); // asked again in simpler words
});

test("two replies the bot cannot match lead to the offer of a person", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1");
  const first = await phone.text("banana");
  expect(first[0]).toMatch(/^Any danger\? Reply 1 to 6\.\n1 Smell of gas/);
  const second = await phone.text("purple");
  expect(second).toEqual(["Sorry, we are not getting this. Do you want a person to help?\n1 Yes, a person\n2 No, try again"]);
  const yes = await phone.text("1");
  expect(yes[0]).toMatch(/A person from our team will reply/);
  expect(phone.eventsOf("escalation.requested")[0]).toMatchObject({ reason: "not_understood", priority: 2 });
});

const OFFER = "Sorry, we are not getting this. Do you want a person to help?\n1 Yes, a person\n2 No, try again";

test("nonsense twice at the main menu offers a person, not the same guesses again", async () => {
  const phone = new Phone();
  await phone.text("hi");
  expect((await phone.text("asdfgh"))[0]).toMatch(/^Sorry, we are not sure what this is about/);
  expect(await phone.text("qwerty")).toEqual([OFFER]);
  expect((await phone.text("2"))[0]).toMatch(/^How can we help\?/); // trying again is the menu, not a dead end
  expect((await phone.text("zxcvb"))[0]).toMatch(/^Sorry, we are not sure/);
  expect(await phone.text("99")).toEqual([OFFER]);
  expect((await phone.text("1"))[0]).toMatch(/A person from our team will reply/);
  expect(phone.eventsOf("escalation.requested")).toEqual([expect.objectContaining({ reason: "not_understood" })]);
});

test("nonsense as the first text and again offers a person", async () => {
  const phone = new Phone("2026-11-23T10:00:00Z", null);
  await phone.text("asdfgh");
  expect(await phone.text("qwerty")).toEqual([OFFER]);
});

test("two numbers that are not on the list at a question in words offer a person, and trying again asks it again", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6", "8", "1");
  expect((await phone.text("12"))[0]).toMatch(/^Tell us what is wrong in a few words\. Or reply with a number\./);
  expect(await phone.text("34")).toEqual([OFFER]);
  expect((await phone.text("2"))[0]).toMatch(/^Tell us about the problem in a few words/);
});

test("nonsense twice at 'carry on or start again' offers a person too", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6");
  phone.wait(300);
  await phone.text("hi");
  expect((await phone.text("blah"))[0]).toMatch(/^Reply 1 to carry on or 2 to start again/);
  expect(await phone.text("blah blah")).toEqual([OFFER]);
  expect((await phone.text("2"))[0]).toMatch(/^What needs fixing\?/);
});

test("after declining a person the tenant is asked the same question again and can carry on", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "x", "y");
  expect((await phone.text("no, try again"))[0]).toMatch(/^Is there any danger now\?/);
  expect((await phone.text("none"))[0]).toMatch(/^What needs fixing\?/);
});

test("coming back after a break offers to carry on or start again", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6", "1");
  phone.wait(60 * 24);
  const replies = await phone.text("hello");
  expect(replies).toEqual(["Welcome back. You were telling us about a repair.\n1 Carry on\n2 Start again"]);
  expect((await phone.text("carry on"))[0]).toMatch(/^What is not working\?/);
});

test("starting again after a break goes to the main menu", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "1", "6");
  phone.wait(300);
  await phone.text("hi");
  expect((await phone.text("2"))[0]).toMatch(/^How can we help\?/);
});

test("the privacy notice is sent once, at first contact", async () => {
  const phone = new Phone();
  expect((await phone.text("hi"))[0]).toBe("This is Mersey Homes. We keep what you text us to help you. How we use it: merseyhomes.org/privacy");
  expect((await phone.text("menu")).some((reply) => reply.includes("privacy"))).toBe(false);
});

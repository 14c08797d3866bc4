// Complaints under the Housing Ombudsman's Complaint Handling Code: formal, in the tenant's words, acknowledged at
// once with a stage 1 response date in working days; signs of dissatisfaction get an offer to complain.
import { Phone, textAll } from "./fixtures";

const boiler = { reference: "R7KQ2MX", category: "heating", priority: "urgent", status: "open", dueAt: new Date("2026-11-27T23:59:59Z") };

test("a tenant who wants to complain is told it is formal, and gets a reference, a stage 1 date and the Ombudsman", async () => {
  const phone = new Phone(); // Monday 23 Nov 2026
  phone.repairs = [boiler];
  expect(await phone.text("I want to make a complaint")).toEqual([
    expect.stringContaining("This is Mersey Homes"),
    "We are sorry. We will take this as a formal complaint, and reply to you in writing.",
    expect.stringMatching(/^What is your complaint about\?\n1 A repair\n2 A noise or nuisance report/),
  ]);
  expect(await phone.text("the repair")).toEqual(["Tell us what went wrong, in your own words.\n1 It is taking too long\n2 Nobody came when they said\n3 The work was not done well"]);
  expect(await phone.text("nobody came on friday and I took the day off work")).toEqual(["What would you like us to do to put it right?\n1 Fix the problem\n2 Say sorry\n3 Call me to talk about it"]);
  expect(await phone.text("fix it this week and pay me for the day")).toEqual([
    "Please check your complaint:\nAbout: A repair\nYou said: nobody came on friday and I took the day off work\nYou want: fix it this week and pay me for the day\n1 Yes, send it\n2 Change something",
  ]);
  expect(await phone.text("1")).toEqual([
    "Thank you. Your complaint ref is C000001. This is stage 1. We will reply by Mon 7 Dec.",
    "If you are unhappy with our reply, you can ask for stage 2. If you are still unhappy after that, you can go to the Housing Ombudsman.",
  ]);
  const [created] = phone.eventsOf("case.created");
  expect(created!.case).toMatchObject({
    type: "complaint",
    category: "repair",
    description: "nobody came on friday and I took the day off work",
    details: expect.objectContaining({ stage: 1, outcomeWanted: "fix it this week and pay me for the day", openRepairs: "R7KQ2MX" }),
  });
  expect(phone.eventsOf("escalation.requested")).toEqual([{ type: "escalation.requested", reason: "complaint", priority: 3, caseReference: "C000001" }]);
  expect(created!.case.deadlines.map(({ kind, dueAt }) => [kind, dueAt.toISOString()])).toEqual([
    ["acknowledge", "2026-11-30T23:59:59.999Z"],
    ["respond", "2026-12-07T23:59:59.999Z"],
  ]);
});

test("a tenant who sounds fed up about a repair is offered a complaint, with their words already taken", async () => {
  const phone = new Phone();
  phone.repairs = [boiler];
  const replies = await phone.text("third time asking when my boiler is getting fixed, nobody came");
  expect(replies.slice(1)).toEqual([
    "Your open repairs:\nR7KQ2MX Heating, hot water: urgent, fix by Fri 27 Nov\nReply MENU for more help.",
    "We are sorry about this. Do you want to make a formal complaint?\n1 Yes, make a complaint\n2 No, thank you",
  ]);
  expect(await phone.text("yes")).toEqual([
    "We are sorry. We will take this as a formal complaint, and reply to you in writing.",
    "What would you like us to do to put it right?\n1 Fix the problem\n2 Say sorry\n3 Call me to talk about it",
  ]);
  await textAll(phone, "send someone today");
  await phone.text("1");
  expect(phone.eventsOf("case.created")[0]!.case).toMatchObject({
    type: "complaint",
    category: "repair",
    description: "third time asking when my boiler is getting fixed, nobody came",
  });
});

test("saying no to the offer is answered, and nothing is opened", async () => {
  const phone = new Phone();
  phone.repairs = [boiler];
  await phone.text("still waiting for my repair, fed up");
  expect(await phone.text("2")).toEqual(["OK. Reply MENU if you need anything else."]);
  expect(phone.eventsOf("case.created")).toEqual([]);
  expect(phone.state?.flow).toBeNull();
});

// Whole repair conversations through the signed SMS webhook, then what was stored.
import { play } from "../support/script";
import { startTestApp, type TestApp } from "../support/testApp";
import { MENU } from "../conversation/fixtures";

const MAUREEN = "+447700900101"; // a demo tenant whose number is on file
const STRANGER = "+447700900555"; // a number on no tenancy

let harness: TestApp;
beforeAll(async () => {
  harness = await startTestApp({ now: "2026-11-23T10:00:00Z" }); // Monday 23 November 2026
});
beforeEach(async () => harness.reset());
afterAll(async () => harness.close());

test("a known tenant reports a dripping tap and gets a reference and a date 20 working days away", async () => {
  await play(harness, MAUREEN, [
    { tenant: "hello", bot: ["This is Mersey Homes", MENU] },
    { tenant: "1", bot: [/Is there any danger now\?[\s\S]*6 No danger/] },
    { tenant: "6", bot: [/What needs fixing\?/] },
    { tenant: "kitchen", bot: [/Where is the problem\?/] },
    { tenant: "1", bot: ["Tell us about the problem in a few words."] },
    { tenant: "kitchen tap drips all the time", bot: ["When can we get in to fix it?"] },
    { tenant: "2", bot: [/Please check:\nProblem: Kitchen, bathroom\nWhere: Kitchen\nYou said: kitchen tap drips all the time\nWe can come: Mornings/] },
    { tenant: "yes", bot: ["Thank you. Your ref is R000001. We will fix it by Mon 21 Dec.", "Pick a time for repair R000001:\n1 Tue 24 Nov, 8am to 12\n2 Wed 25 Nov, 8am to 12\n3 Thu 26 Nov, 8am to 12\n4 Other days\n5 None of these"] },
    { tenant: "2", bot: ["Booked for repair R000001: Wed 25 Nov, 8am to 12. Someone over 18 must be in and the area clear. We will text you the day before."] },
  ]);
  const repair = await harness.db.prisma.case.findUniqueOrThrow({ where: { reference: "R000001" }, include: { deadlines: true, tenant: true } });
  expect(repair).toMatchObject({
    type: "repair",
    priority: "routine",
    category: "kitchen_bathroom",
    location: "kitchen",
    description: "kitchen tap drips all the time",
    access: "Mornings, 8am to 12",
    phone: MAUREEN,
    verified: true,
    status: "open",
  });
  expect(repair.tenant?.tenancyRef).toBe("T100001");
  expect(repair.deadlines.map((deadline) => deadline.kind)).toEqual(["complete"]);
  const messages = await harness.db.prisma.message.findMany({ where: { conversation: { address: MAUREEN } } });
  expect(messages.filter((message) => message.direction === "inbound")).toHaveLength(9);
  expect(messages.filter((message) => message.direction === "outbound")).toHaveLength(11);
  // The visit is booked with the built-in scheduler, its reminder set for 6pm the day before, and the back office told.
  const visit = await harness.db.prisma.appointment.findFirstOrThrow({ where: { case: { reference: "R000001" } } });
  expect(visit).toMatchObject({ date: "2026-11-25", timeOfDay: "AM", status: "booked", bookedBy: "tenant", remindAt: new Date("2026-11-24T18:00:00Z") });
  expect(await harness.db.prisma.slotBooking.findMany({ select: { date: true, timeOfDay: true, status: true }, orderBy: [{ date: "asc" }] })).toEqual([
    { date: "2026-11-24", timeOfDay: "AM", status: "released" },
    { date: "2026-11-25", timeOfDay: "AM", status: "booked" },
    { date: "2026-11-26", timeOfDay: "AM", status: "released" },
  ]);
  const event = await harness.db.prisma.outboxEvent.findFirstOrThrow({ where: { type: "appointment.booked" } });
  expect(event.payload).toMatchObject({ reference: "R000001", appointment: { date: "2026-11-25", timeOfDay: "AM", bookedBy: "tenant" } });
});

test("an unknown number smelling gas gets the gas advice first and an emergency case at the top of the queue", async () => {
  await play(harness, STRANGER, [
    {
      tenant: "I can smell gas in my kitchen",
      bot: [/^Gas smell\? Get out now.*0800 111 999 from outside\.$/, /We have logged this as an emergency, ref R000001\. We will get someone to you by Mon 23 Nov, 2:00pm\. Please text your house number and postcode\./],
    },
    { tenant: "12 Anfield Rd, L4 0TH", bot: ["Thank you, we have added that to ref R000001."] },
  ]);
  const emergency = await harness.db.prisma.case.findUniqueOrThrow({
    where: { reference: "R000001" },
    include: { notes: true, deadlines: true, home: true },
  });
  // The address the tenant texted back is one of ours, so the emergency is linked to that home for the engineer.
  expect(emergency).toMatchObject({ priority: "emergency", category: "gas", hazard: "gas", verified: true });
  expect(emergency.home?.street).toBe("Anfield Road");
  expect(emergency.notes.map((note) => note.body)).toEqual(["12 Anfield Rd, L4 0TH"]);
  expect(emergency.deadlines.map((deadline) => deadline.kind).sort()).toEqual(["attend", "awaab_investigate", "awaab_make_safe", "make_safe"]);
  const escalation = await harness.db.prisma.escalation.findFirstOrThrow({ where: { caseId: emergency.id } });
  expect(escalation).toMatchObject({ reason: "emergency", priority: 1, status: "open" });
  expect(escalation.respondBy.toISOString()).toBe("2026-11-23T10:15:00.000Z");
});

test("an unknown number is matched by postcode and house number and the report is linked to the tenancy", async () => {
  const dev = "+447700900777"; // Dev Patel's tenancy, texting from a new number
  await play(harness, dev, [
    { tenant: "hi", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "repair", bot: ["Is there any danger now?"] },
    { tenant: "no danger", bot: ["What needs fixing?"] },
    { tenant: "toilet", bot: ["Is this the only toilet in your home?"] },
    { tenant: "no", bot: ["Where is the problem?"] },
    { tenant: "bathroom", bot: ["Tell us about the problem"] },
    { tenant: "toilet wont flush", bot: ["When can we get in"] },
    { tenant: "any", bot: ["To find your home, what is your postcode?"] },
    { tenant: "not sure", bot: ["Please send your postcode, like L4 0TH."] },
    { tenant: "l55ae", bot: ["What is your house or flat number?"] },
    { tenant: "flat 3", bot: ["Thanks, we have found your home.", /Please check:\nProblem: Toilet, drains, no, we have another/] },
    { tenant: "1", bot: [/Your ref is R000001\. It is urgent: we will fix it by Mon 30 Nov\./, /Pick a time for repair R000001:\n1 /] },
  ]);
  const repair = await harness.db.prisma.case.findUniqueOrThrow({ where: { reference: "R000001" }, include: { tenant: true, home: true } });
  expect(repair).toMatchObject({ priority: "urgent", verified: true, phone: dev });
  expect(repair.tenant?.tenancyRef).toBe("T100002");
  expect(repair.home?.postcode).toBe("L5 5AE");
});

test("a report from an address we cannot find is still taken, marked unverified for staff", async () => {
  await play(harness, STRANGER, [
    { tenant: "hi", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "1", bot: ["Is there any danger now?"] },
    { tenant: "6", bot: ["What needs fixing?"] },
    { tenant: "8", bot: ["Where is the problem?"] },
    { tenant: "7", bot: ["Tell us about the problem"] },
    { tenant: "the bin store door is hanging off", bot: ["When can we get in"] },
    { tenant: "4", bot: ["Tell us the days and times someone is at home."] },
    { tenant: "any day after 3pm", bot: ["what is your postcode?"] },
    { tenant: "L1 1AA", bot: ["What is your house or flat number?"] },
    { tenant: "99", bot: ["We could not find that home. We will still take your report and check it.", /We can come: any day after 3pm/] },
    { tenant: "1", bot: [/Your ref is R000001\. We will fix it by/] },
  ]);
  const repair = await harness.db.prisma.case.findUniqueOrThrow({ where: { reference: "R000001" } });
  expect(repair).toMatchObject({ verified: false, tenantId: null, location: "communal", access: "any day after 3pm" });
  expect(repair.details).toMatchObject({ postcodeGiven: "L1 1AA", houseGiven: "99" });
});

test("damp and mould with a baby at home starts Awaab's Law emergency clocks and goes to a person", async () => {
  await play(harness, MAUREEN, [
    { tenant: "hi", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "1", bot: ["Is there any danger now?"] },
    { tenant: "6", bot: ["What needs fixing?"] },
    { tenant: "mould", bot: ["How big is the damp or mould?"] },
    { tenant: "3", bot: [/baby, pregnant, over 65, or with asthma/] },
    { tenant: "yes", bot: ["Where is the problem?"] },
    { tenant: "bedroom", bot: ["Tell us about the problem"] },
    { tenant: "black mould on the walls, my baby keeps coughing", bot: ["When can we get in"] },
    { tenant: "1", bot: ["Please check:"] },
    { tenant: "1", bot: ["Your ref is R000001. A person will call you within 24 hours to check it is safe, by Tue 24 Nov, 10:00am."] },
  ]);
  const repair = await harness.db.prisma.case.findUniqueOrThrow({ where: { reference: "R000001" }, include: { deadlines: true, escalations: true } });
  expect(repair).toMatchObject({ priority: "emergency", category: "damp", vulnerable: true });
  const investigate = repair.deadlines.find((deadline) => deadline.kind === "awaab_investigate");
  expect(investigate?.dueAt.toISOString()).toBe("2026-11-24T10:00:00.000Z");
  expect(repair.escalations).toEqual([expect.objectContaining({ reason: "health_risk", priority: 1 })]);
});

test("damp and mould without a health risk gets the 10 working day Awaab's Law investigation", async () => {
  await play(harness, MAUREEN, [
    { tenant: "hi", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "1", bot: ["Is there any danger now?"] },
    { tenant: "none", bot: ["What needs fixing?"] },
    { tenant: "5", bot: ["How big is the damp or mould?"] },
    { tenant: "1", bot: [/baby, pregnant/] },
    { tenant: "no", bot: ["Where is the problem?"] },
    { tenant: "bathroom", bot: ["Tell us about the problem"] },
    { tenant: "mould round the window", bot: ["When can we get in"] },
    { tenant: "3", bot: ["Please check:"] },
    { tenant: "yes", bot: ["Your ref is R000001. We will look at the damp and mould by Mon 7 Dec and then tell you what we found.", /Pick a time for repair R000001:\n1 /] },
  ]);
  const repair = await harness.db.prisma.case.findUniqueOrThrow({ where: { reference: "R000001" }, include: { deadlines: true } });
  expect(repair.priority).toBe("urgent");
  expect(repair.deadlines.map((deadline) => [deadline.kind, deadline.dueAt.toISOString()]).sort()).toEqual([
    ["awaab_investigate", "2026-12-07T23:59:59.999Z"],
    ["complete", "2026-11-30T23:59:59.999Z"],
  ]);
});

test("the tenant changes the room at the summary and nothing else is asked again", async () => {
  await play(harness, MAUREEN, [
    { tenant: "hi", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "1", bot: ["Is there any danger now?"] },
    { tenant: "6", bot: ["What needs fixing?"] },
    { tenant: "7", bot: ["Where is the problem?"] },
    { tenant: "1", bot: ["Tell us about the problem"] },
    { tenant: "cupboard door fell off", bot: ["When can we get in"] },
    { tenant: "1", bot: [/Where: Kitchen/] },
    { tenant: "2", bot: ["What do you want to change?"] },
    { tenant: "where", bot: ["Where is the problem?"] },
    { tenant: "bathroom", bot: [/Please check:[\s\S]*Where: Bathroom or toilet\nYou said: cupboard door fell off/] },
    { tenant: "1", bot: [/Your ref is R000001/, /Pick a time for repair R000001:\n1 /] },
  ]);
  const repair = await harness.db.prisma.case.findUniqueOrThrow({ where: { reference: "R000001" } });
  expect(repair.location).toBe("bathroom");
});

test("after reporting, the tenant can check on the repair; another number cannot see it", async () => {
  await play(harness, MAUREEN, [
    { tenant: "kitchen cupboard door hanging off", bot: ["This is Mersey Homes", "Is there any danger now?"] },
    { tenant: "6", bot: ["When can we get in"] },
    { tenant: "1", bot: ["Please check:"] },
    { tenant: "yes", bot: ["Your ref is R000001", /Pick a time for repair R000001:\n1 /] },
    { tenant: "where is my repair", bot: ["Your open repairs:\nR000001 Kitchen, bathroom: routine, fix by Mon 21 Dec\nReply MENU for more help.", /^Before, you were telling us about booking a visit/] },
  ]);
  await play(harness, STRANGER, [
    { tenant: "any update on R000001", bot: ["This is Mersey Homes", "We cannot find ref R000001 for you.", /^We cannot find an open repair/] },
  ]);
});

// Booked visits through the SMS webhook and the built-in scheduler: the reminder the day before on the job queue,
// answered the next morning to move the visit; none after STOP; the hour across the clock change; a visit the housing
// system could not make, rebooked by reply, and a second one that goes to a person.
import { reminderTime } from "../../src/appointments/records";
import { DEFAULT_SCHEDULER_FILE, loadSchedulerSettings } from "../../src/appointments/settings";
import { QUEUES } from "../../src/queue/jobs";
import { play } from "../support/script";
import { startTestApp, TEST_API_TOKEN, type TestApp } from "../support/testApp";
import { bookThursday, MAUREEN, sentTo } from "../support/visits";

const settings = loadSchedulerSettings(DEFAULT_SCHEDULER_FILE);

let harness: TestApp;
beforeAll(async () => {
  harness = await startTestApp({ now: "2026-11-23T10:00:00Z" });
});
beforeEach(async () => harness.reset());
afterAll(async () => harness.close());

async function runDueReminders(): Promise<number> {
  const found = await harness.app.reminders.sweep();
  await harness.app.jobs.idle(QUEUES.reminders.name);
  return found;
}

test("the reminder goes at 6pm the day before, and 'change it' the next morning moves the visit", async () => {
  await bookThursday(harness);
  harness.clock.now = new Date("2026-11-25T17:59:00Z");
  expect(await runDueReminders()).toBe(0);
  harness.clock.now = new Date("2026-11-25T18:00:00Z");
  expect(await runDueReminders()).toBe(1);
  expect(await runDueReminders()).toBe(0); // sent once, however often the sweep runs
  expect(await sentTo(harness, MAUREEN)).toEqual(["Mersey Homes: we come to fix repair R000001 tomorrow, Thu 26 Nov, 8am to 12. Reply:\n1 Keep it\n2 Change it\n3 Cancel it"]);
  const first = await harness.db.prisma.appointment.findFirstOrThrow();
  expect(first).toMatchObject({ status: "booked", reminderStatus: "sent", remindedAt: new Date("2026-11-25T18:00:00Z") });
  expect(await harness.db.prisma.outboxEvent.count({ where: { type: "appointment.reminded" } })).toBe(1);

  harness.clock.now = new Date("2026-11-26T07:10:00Z");
  await play(harness, MAUREEN, [
    { tenant: "change it", bot: ["Pick a time for repair R000001:\n1 Fri 27 Nov, 8am to 12\n2 Fri 27 Nov, 12 to 4pm\n3 Mon 30 Nov, 8am to 12\n4 Other days\n5 None of these"] },
    { tenant: "2", bot: ["Moved. Repair R000001 is now Fri 27 Nov, 12 to 4pm. Someone over 18 must be in. We will text you the day before."] },
  ]);
  const visits = await harness.db.prisma.appointment.findMany({ orderBy: { createdAt: "asc" } });
  expect(visits.map((visit) => [visit.date, visit.timeOfDay, visit.status, visit.bookedBy])).toEqual([
    ["2026-11-26", "AM", "moved", "tenant"],
    ["2026-11-27", "PM", "booked", "tenant"],
  ]);
  expect(visits[1]!.replacesId).toBe(visits[0]!.id);
  // The Thursday slot is given back to the scheduler, and the back office hears of the change.
  expect(await harness.db.prisma.slotBooking.findFirstOrThrow({ where: { id: visits[0]!.bookingId! } })).toMatchObject({ status: "cancelled" });
  const changed = await harness.db.prisma.outboxEvent.findFirstOrThrow({ where: { type: "appointment.changed" } });
  expect(changed.payload).toMatchObject({ reference: "R000001", appointment: { date: "2026-11-27", timeOfDay: "PM" }, previous: { date: "2026-11-26", timeOfDay: "AM" } });
});

test("after STOP no reminder goes, and the appointment says why for staff", async () => {
  await bookThursday(harness);
  await harness.text(MAUREEN, "STOP");
  harness.clock.now = new Date("2026-11-25T18:05:00Z");
  await runDueReminders();
  expect(await sentTo(harness, MAUREEN)).toEqual([]);
  expect(await harness.db.prisma.appointment.findFirstOrThrow()).toMatchObject({ status: "booked", reminderStatus: "opted_out" });
});

test("the reminder hour is London's across the clock change: 6pm GMT in late October, 6pm BST in late March", () => {
  const booked = new Date("2026-10-20T10:00:00Z");
  // Clocks go back at 2am on Sun 25 Oct 2026: the Sunday evening reminder is at 18:00 GMT, 18:00 UTC.
  expect(reminderTime("2026-10-26", booked, settings.reminder)).toEqual(new Date("2026-10-25T18:00:00Z"));
  // The day before, still BST: 18:00 BST is 17:00 UTC.
  expect(reminderTime("2026-10-25", booked, settings.reminder)).toEqual(new Date("2026-10-24T17:00:00Z"));
  // Clocks go forward on Sun 28 Mar 2027: 18:00 BST that evening is 17:00 UTC.
  expect(reminderTime("2027-03-29", booked, settings.reminder)).toEqual(new Date("2027-03-28T17:00:00Z"));
  // Booked after the reminder hour of the day before: no reminder (the confirmation has just gone).
  expect(reminderTime("2026-10-21", new Date("2026-10-20T17:30:00Z"), settings.reminder)).toBeNull();
});

test("a visit across the October clock change is reminded at 18:00 UTC, not an hour early", async () => {
  await harness.reset({ now: "2026-10-22T10:00:00Z" }); // Thursday
  await play(harness, MAUREEN, [
    { tenant: "the kitchen tap drips all the time", bot: ["This is Mersey Homes", "Is there any danger now?"] },
    { tenant: "6", bot: ["Can you stop the water"] },
    { tenant: "yes", bot: ["When can we get in"] },
    { tenant: "2", bot: ["Please check:"] },
    { tenant: "yes", bot: ["Your ref is R000001", "Pick a time for repair R000001:\n1 Fri 23 Oct, 8am to 12\n2 Mon 26 Oct, 8am to 12\n3 Tue 27 Oct, 8am to 12\n4 Other days\n5 None of these"] },
    { tenant: "2", bot: ["Booked for repair R000001: Mon 26 Oct, 8am to 12."] },
  ]);
  harness.clock.now = new Date("2026-10-25T17:30:00Z");
  expect(await runDueReminders()).toBe(0);
  harness.clock.now = new Date("2026-10-25T18:00:00Z");
  expect(await runDueReminders()).toBe(1);
  expect(await sentTo(harness, MAUREEN)).toEqual([expect.stringContaining("tomorrow, Mon 26 Oct, 8am to 12")]);
});

async function postUpdate(body: object) {
  const response = await harness.app.inject({ method: "POST", url: "/api/cases/R000001/updates", headers: { authorization: `Bearer ${TEST_API_TOKEN}` }, payload: body });
  expect(response.statusCode).toBeLessThan(300);
  await harness.app.settleJobs();
}

test("no access: the tenant picks a new time by reply; a second missed visit goes to a person", async () => {
  await bookThursday(harness);
  harness.clock.now = new Date("2026-11-26T12:30:00Z");
  await postUpdate({ eventId: "evt-na-1", type: "no_access", at: "2026-11-26T12:00:00Z" });
  expect(await sentTo(harness, MAUREEN)).toEqual([
    "Mersey Homes: we came to fix repair R000001 but could not get in.",
    "Would you like to pick a new time?\n1 Pick a new time\n2 Ring me instead",
  ]);
  expect(await harness.db.prisma.appointment.findFirstOrThrow()).toMatchObject({ status: "missed", endedBy: "backoffice" });
  await play(harness, MAUREEN, [
    { tenant: "1", bot: [/^Pick a time for repair R000001:\n1 Fri 27 Nov, 8am to 12\n/] },
    { tenant: "1", bot: ["Booked for repair R000001: Fri 27 Nov, 8am to 12."] },
  ]);
  expect(await harness.db.prisma.appointment.count({ where: { status: "booked" } })).toBe(1);

  harness.clock.now = new Date("2026-11-27T12:30:00Z");
  await postUpdate({ eventId: "evt-na-2", type: "no_access", at: "2026-11-27T12:00:00Z" });
  expect((await sentTo(harness, MAUREEN)).at(-1)).toBe("Mersey Homes: we came to fix repair R000001 but could not get in again. A person will ring you to book a new visit.");
  const escalation = await harness.db.prisma.escalation.findFirstOrThrow({ where: { reason: "booking" }, include: { case: true } });
  expect(escalation).toMatchObject({ priority: 2, case: { reference: "R000001" } });
});

test("a visit the housing system books is recorded, shown in Repair update and reminded like any other", async () => {
  await play(harness, MAUREEN, [
    { tenant: "the kitchen tap drips all the time", bot: ["This is Mersey Homes", "Is there any danger now?"] },
    { tenant: "6", bot: ["Can you stop the water"] },
    { tenant: "yes", bot: ["When can we get in"] },
    { tenant: "1", bot: ["Please check:"] },
    { tenant: "yes", bot: ["Your ref is R000001", "Pick a time"] },
    { tenant: "5", bot: ["A person will contact you to book a visit for repair R000001."] },
  ]);
  await postUpdate({ eventId: "evt-set", type: "appointment_set", at: "2026-11-23T11:00:00Z", appointment: { date: "2026-11-30", timeOfDay: "09:30-14:00" } });
  expect(await harness.db.prisma.appointment.findFirstOrThrow()).toMatchObject({ date: "2026-11-30", timeOfDay: "09:30-14:00", bookedBy: "backoffice", remindAt: new Date("2026-11-29T18:00:00Z") });
  // Its own booking is not echoed back to it.
  expect(await harness.db.prisma.outboxEvent.count({ where: { type: { startsWith: "appointment." } } })).toBe(0);
  await play(harness, MAUREEN, [{ tenant: "where is my repair", bot: [/R000001 A leak: we will come Mon 30 Nov, 9:30am to 2pm/] }]);
});

test("changed to the same half day by reply, the new booking stands and the old one is given back", async () => {
  await bookThursday(harness);
  harness.clock.now = new Date("2026-11-25T18:00:00Z");
  await runDueReminders();
  harness.clock.now = new Date("2026-11-25T20:00:00Z");
  await play(harness, MAUREEN, [
    { tenant: "2", bot: [/^Pick a time for repair R000001:\n1 Thu 26 Nov, 8am to 12\n/] },
    { tenant: "1", bot: ["Moved. Repair R000001 is now Thu 26 Nov, 8am to 12."] },
  ]);
  const booked = await harness.db.prisma.slotBooking.findMany({ where: { status: "booked" } });
  expect(booked).toHaveLength(1);
  const visit = await harness.db.prisma.appointment.findFirstOrThrow({ where: { status: "booked" } });
  expect(visit.bookingId).toBe(booked[0]!.id);
});

test("moved by the housing system while the reminder waited: the tenant's change still leaves one booked visit", async () => {
  await bookThursday(harness);
  harness.clock.now = new Date("2026-11-25T18:00:00Z");
  await runDueReminders();
  await postUpdate({ eventId: "evt-moved", type: "appointment_set", at: "2026-11-25T18:30:00Z", appointment: { date: "2026-11-30", timeOfDay: "PM" } });
  harness.clock.now = new Date("2026-11-26T07:10:00Z");
  await play(harness, MAUREEN, [
    { tenant: "change it", bot: ["Pick a time for repair R000001:"] },
    { tenant: "1", bot: ["Moved. Repair R000001 is now Fri 27 Nov, 8am to 12."] },
  ]);
  const visits = await harness.db.prisma.appointment.findMany({ orderBy: { createdAt: "asc" } });
  expect(visits.map((visit) => [visit.date, visit.status])).toEqual([
    ["2026-11-26", "moved"],
    ["2026-11-30", "moved"],
    ["2026-11-27", "booked"],
  ]);
});

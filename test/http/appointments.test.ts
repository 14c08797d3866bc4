// Staff and visits: the booked visits of the coming days, a case's free times, a visit moved, booked for a tenant who
// asked a person to arrange it, and cancelled, each texted to the tenant and sent to the back office; capacity
// changed by a supervisor only; and the console's Visits pages and forms.
import type { LightMyRequestResponse } from "fastify";
import { QUEUES } from "../../src/queue/jobs";
import { createStaff } from "../../src/staff/accounts";
import { play } from "../support/script";
import { startTestApp, type TestApp } from "../support/testApp";
import { bookThursday, MAUREEN, sentTo } from "../support/visits";

const PASSWORD = "correct horse battery staple";

let harness: TestApp;
beforeAll(async () => {
  harness = await startTestApp({ now: "2026-11-23T10:00:00Z" }); // a Monday
});
beforeEach(async () => {
  await harness.reset();
  await createStaff(harness.db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: PASSWORD });
  await createStaff(harness.db.prisma, { email: "sue@merseyhomes.org", name: "Sue Supervisor", role: "supervisor", password: PASSWORD });
});
afterAll(() => harness.close());

type Call = (method: "GET" | "POST" | "PUT", url: string, payload?: object) => Promise<LightMyRequestResponse>;

async function logIn(email = "ann@merseyhomes.org"): Promise<Call & { cookie: string; csrf: string }> {
  const response = await harness.app.inject({
    method: "POST",
    url: "/console/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ email, password: PASSWORD }).toString(),
  });
  const cookie = String(response.headers["set-cookie"]).split(";")[0]!;
  const page = await harness.app.inject({ url: "/console", headers: { cookie } });
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(page.body)![1]!;
  const call = ((method, url, payload) => harness.app.inject({ method, url, payload, headers: { cookie, "x-csrf-token": csrf } })) as Call;
  return Object.assign(call, { cookie, csrf });
}

test("staff see the booked visit, move it to a free time, and the tenant is texted and later reminded of the new one", async () => {
  await bookThursday(harness);
  const call = await logIn();
  const list = (await call("GET", "/api/appointments")).json();
  expect(list).toMatchObject({ from: "2026-11-23", to: "2026-12-06" });
  expect(list.visits).toEqual([
    expect.objectContaining({ reference: "R000001", window: "Thu 26 Nov, 8am to 12", status: "booked", bookedBy: "tenant", tenantName: "Maureen Kelly", reminder: { due: "2026-11-25T18:00:00.000Z", sentAt: null, status: null } }),
  ]);

  const free = (await call("GET", "/api/cases/R000001/slots")).json();
  // Any half day, from the next working day: staff agree the time with the tenant, who said mornings only.
  expect(free.slots.slice(0, 3).map((slot: { window: string }) => slot.window)).toEqual(["Tue 24 Nov, 8am to 12", "Tue 24 Nov, 12 to 4pm", "Wed 25 Nov, 8am to 12"]);
  const moved = await call("POST", "/api/cases/R000001/appointments", { date: "2026-11-24", timeOfDay: "PM" });
  expect(moved.statusCode).toBe(200);
  expect(moved.json()).toMatchObject({ visit: { window: "Tue 24 Nov, 12 to 4pm", status: "booked", bookedBy: "staff" }, tenantTold: "sent" });
  await harness.app.settleJobs();
  expect(await sentTo(harness, MAUREEN)).toEqual([
    "Mersey Homes: repair R000001 visit moved to Tue 24 Nov, 12 to 4pm. Someone over 18 must be in. Cannot? Ring 0151 000 0000.",
  ]);
  const visits = (await call("GET", "/api/cases/R000001/appointments")).json().visits;
  expect(visits.map((visit: { window: string; status: string; endedBy: string | null }) => [visit.window, visit.status, visit.endedBy])).toEqual([
    ["Tue 24 Nov, 12 to 4pm", "booked", null],
    ["Thu 26 Nov, 8am to 12", "moved", "staff"],
  ]);
  // The Thursday slot is free again; the back office hears of the change; the audit log names who moved it.
  expect(await harness.db.prisma.slotBooking.count({ where: { date: "2026-11-26", status: "booked" } })).toBe(0);
  const changed = await harness.db.prisma.outboxEvent.findFirstOrThrow({ where: { type: "appointment.changed" } });
  expect(changed.payload).toMatchObject({ reference: "R000001", appointment: { date: "2026-11-24", timeOfDay: "PM", bookedBy: "staff" }, previous: { date: "2026-11-26" } });
  expect(await harness.db.prisma.auditEntry.count({ where: { action: "visit_move", subject: "R000001" } })).toBe(1);

  // The reminder is for the new time, and the tenant's "3" cancels that one.
  harness.clock.now = new Date("2026-11-23T18:00:00Z");
  expect(await harness.app.reminders.sweep()).toBe(1);
  await harness.app.jobs.idle(QUEUES.reminders.name);
  expect((await sentTo(harness, MAUREEN)).at(-1)).toMatch(/^Mersey Homes: we come to fix repair R000001 tomorrow, Tue 24 Nov, 12 to 4pm\. Reply:/);
  await play(harness, MAUREEN, [
    { tenant: "3", bot: ["Why do you want to cancel?"] },
    { tenant: "2", bot: ["Visit cancelled."] },
  ]);
  expect(await harness.db.prisma.appointment.findFirstOrThrow({ where: { date: "2026-11-24" } })).toMatchObject({ status: "cancelled", endedBy: "tenant" });
});

test("a tenant who asked for a person to arrange the visit has it booked by staff; cancelling it texts them and keeps the repair open", async () => {
  await play(harness, MAUREEN, [
    { tenant: "the kitchen tap drips all the time", bot: ["This is Mersey Homes", "Is there any danger now?"] },
    { tenant: "6", bot: ["Can you stop the water"] },
    { tenant: "yes", bot: ["When can we get in"] },
    { tenant: "1", bot: ["Please check:"] },
    { tenant: "yes", bot: ["Your ref is R000001", "Pick a time"] },
    { tenant: "5", bot: ["A person will contact you to book a visit for repair R000001."] },
  ]);
  const call = await logIn();
  const booked = await call("POST", "/api/cases/r000001/appointments", { date: "2026-11-25", timeOfDay: "AM", slotId: "2026-11-25.AM" });
  expect(booked.json()).toMatchObject({ visit: { window: "Wed 25 Nov, 8am to 12", bookedBy: "staff", replacesId: null }, tenantTold: "sent" });
  expect(await harness.db.prisma.outboxEvent.count({ where: { type: "appointment.booked" } })).toBe(1);
  // Booking the same time twice (a double click) is refused, not a second visit.
  expect((await call("POST", "/api/cases/R000001/appointments", { date: "2026-11-25", timeOfDay: "AM" })).json()).toMatchObject({ error: "already_booked" });

  const id = booked.json().visit.id as string;
  const cancelled = await call("POST", `/api/cases/R000001/appointments/${id}/cancel`, { reason: "Operative not available" });
  expect(cancelled.json()).toMatchObject({ visit: { status: "cancelled", endedBy: "staff", cancelReason: "Operative not available" }, tenantTold: "sent" });
  await harness.app.settleJobs();
  expect((await sentTo(harness, MAUREEN)).at(-1)).toBe("Mersey Homes: the visit for repair R000001 on Wed 25 Nov, 8am to 12 is cancelled. Questions? Reply or ring 0151 000 0000.");
  expect(await harness.db.prisma.case.findUniqueOrThrow({ where: { reference: "R000001" } })).toMatchObject({ status: "open" });
  expect(await harness.db.prisma.slotBooking.count({ where: { status: "booked" } })).toBe(0);
  const event = await harness.db.prisma.outboxEvent.findFirstOrThrow({ where: { type: "appointment.cancelled" } });
  expect(event.payload).toMatchObject({ reference: "R000001", reason: "Operative not available", by: "staff" });
  // A second cancel of the same visit says what it is now.
  expect((await call("POST", `/api/cases/R000001/appointments/${id}/cancel`, { reason: "again" })).statusCode).toBe(409);

});

test("after STOP a staff booking is made but not texted, and staff are told so", async () => {
  await bookThursday(harness);
  await harness.text(MAUREEN, "STOP");
  const call = await logIn();
  const moved = await call("POST", "/api/cases/R000001/appointments", { date: "2026-11-27", timeOfDay: "AM" });
  expect(moved.json()).toMatchObject({ visit: { window: "Fri 27 Nov, 8am to 12" }, tenantTold: "opted_out" });
  await harness.app.settleJobs();
  expect(await sentTo(harness, MAUREEN)).toEqual([]);
});

test("bad requests get a reason: unknown case, an emergency, a time that is not free, a malformed body", async () => {
  await bookThursday(harness);
  const call = await logIn();
  expect((await call("GET", "/api/cases/R999999/slots")).statusCode).toBe(404);
  // A Saturday, and a day already past, are not free times.
  const saturday = await call("POST", "/api/cases/R000001/appointments", { date: "2026-11-28", timeOfDay: "AM" });
  expect(saturday.statusCode).toBe(409);
  expect(saturday.json().message).toMatch(/Sat 28 Nov, 8am to 12 is not free/);
  expect((await call("POST", "/api/cases/R000001/appointments", { date: "2026-11-20", timeOfDay: "AM" })).statusCode).toBe(409);
  const malformed = await call("POST", "/api/cases/R000001/appointments", { date: "next tuesday", timeOfDay: "AM" });
  expect(malformed.statusCode).toBe(400);
  expect(malformed.json().message).toMatch(/date/);
  expect((await call("GET", "/api/appointments?from=2026-11-30&to=2026-11-23")).statusCode).toBe(400);

  await play(harness, "+447700900102", [{ tenant: "i can smell gas", bot: [/0800 111 999/, /logged this as an emergency, ref R000002/] }]);
  const refused = await call("GET", "/api/cases/R000002/slots");
  expect(refused.statusCode).toBe(409);
  expect(refused.json()).toMatchObject({ error: "emergency" });
  // Without a login, nothing.
  expect((await harness.app.inject({ url: "/api/appointments" })).statusCode).toBe(401);
});

test("a supervisor changes capacity and the free times follow; an agent may not", async () => {
  await bookThursday(harness);
  const agent = await logIn();
  const change = { trade: "plumbing", area: "*", timeOfDay: "AM", capacity: 0 };
  expect((await agent("PUT", "/api/scheduler/capacity", change)).statusCode).toBe(403);
  const supervisor = await logIn("sue@merseyhomes.org");
  expect((await supervisor("PUT", "/api/scheduler/capacity", { ...change, trade: "roofing" })).json()).toMatchObject({ error: "bad_request", message: expect.stringContaining("trade must be one of") });
  expect((await supervisor("PUT", "/api/scheduler/capacity", change)).statusCode).toBe(200);
  const rows = (await supervisor("GET", "/api/scheduler/capacity")).json().rows;
  expect(rows).toContainEqual(expect.objectContaining({ trade: "plumbing", area: "*", timeOfDay: "AM", capacity: 0 }));
  // Maureen's area (North, L4) has no plumbing figure of its own: it follows "anywhere else".
  expect(rows).toContainEqual(expect.objectContaining({ trade: "plumbing", area: "North", timeOfDay: "AM", capacity: 0, inherited: true }));
  const free = (await agent("GET", "/api/cases/R000001/slots")).json();
  expect(free.slots.every((slot: { timeOfDay: string }) => slot.timeOfDay === "PM")).toBe(true);
  // The visit already booked for a Thursday morning stays booked.
  expect(await harness.db.prisma.appointment.count({ where: { status: "booked" } })).toBe(1);
});

test("the console's Visits pages: the list, a repair's free times, a move by form, and forms refused without the page's token", async () => {
  await bookThursday(harness);
  expect((await harness.app.inject({ url: "/console/appointments" })).headers.location).toBe("/console");
  const call = await logIn();
  const list = await harness.app.inject({ url: "/console/appointments", headers: { cookie: call.cookie } });
  expect(list.body).toContain("Thu 26 Nov, 8am to 12");
  expect(list.body).toContain("Maureen Kelly");
  expect(list.body).toContain("Tenant, in the conversation");
  expect(list.body).not.toContain("Visits each trade can make"); // capacity and measures are for supervisors
  expect(list.body).not.toContain("/console/measures");
  const page = await harness.app.inject({ url: "/console/appointments/R000001", headers: { cookie: call.cookie } });
  expect(page.body).toContain("Move the visit to this time");
  expect(page.body).toContain('value="2026-11-24|AM|2026-11-24.AM"');

  const form = (fields: Record<string, string>) => ({
    method: "POST" as const,
    url: "/console/appointments/R000001/book",
    headers: { cookie: call.cookie, "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams(fields).toString(),
  });
  expect((await harness.app.inject(form({ slot: "2026-11-24|AM|2026-11-24.AM" }))).statusCode).toBe(403);
  const done = await harness.app.inject(form({ _csrf: call.csrf, slot: "2026-11-24|AM|2026-11-24.AM" }));
  expect(done.statusCode).toBe(303);
  const after = await harness.app.inject({ url: done.headers.location as string, headers: { cookie: call.cookie } });
  expect(after.body).toContain("Booked for Tue 24 Nov, 8am to 12. The tenant is texted.");
  expect(after.body).toContain("Cancel the visit on Tue 24 Nov, 8am to 12");

  const supervisor = await logIn("sue@merseyhomes.org");
  const withCapacity = await harness.app.inject({ url: "/console/appointments", headers: { cookie: supervisor.cookie } });
  expect(withCapacity.body).toContain("Visits each trade can make");
  expect(withCapacity.body).toContain('href="/console/measures#measure-visits_booked"');
});

test("two people moving the same visit at the same moment leave one booked visit, not two", async () => {
  await bookThursday(harness);
  const ann = await logIn();
  const sue = await logIn("sue@merseyhomes.org");
  const answers = await Promise.all([
    ann("POST", "/api/cases/R000001/appointments", { date: "2026-11-24", timeOfDay: "AM" }),
    sue("POST", "/api/cases/R000001/appointments", { date: "2026-11-25", timeOfDay: "PM" }),
  ]);
  expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200]);
  expect(await harness.db.prisma.appointment.count({ where: { status: "booked" } })).toBe(1);
  expect(await harness.db.prisma.slotBooking.count({ where: { status: "booked" } })).toBe(1);
  const booked = await harness.db.prisma.appointment.findFirstOrThrow({ where: { status: "booked" } });
  expect(await harness.db.prisma.slotBooking.findUniqueOrThrow({ where: { id: booked.bookingId! } })).toMatchObject({ status: "booked", date: booked.date });
});

// Updates in from the housing system, as an integrator sends them and a tenant's phone receives them: bearer or
// signed, idempotent by eventId (also when sent twice at once), told on the tenant's channel within its rules (not
// after STOP, not in quiet hours unless an emergency), shown to staff; completion asks how happy the tenant is.
import { SegmentedMessage } from "sms-segments-calculator";
import { QUEUES } from "../../src/queue/jobs";
import { signatureFor } from "../../src/backoffice/signature";
import { createStaff } from "../../src/staff/accounts";
import { startFakeTwilio, type FakeTwilio } from "../support/fakeTwilio";
import { play } from "../support/script";
import { startTestApp, TEST_API_TOKEN, TEST_AUTH_TOKEN, type TestApp } from "../support/testApp";

const MAUREEN = "+447700900101";
const GAS_CALLER = "+447700900555";
const SECRET = "backoffice-webhook-secret-0123456789";
const auth = { authorization: `Bearer ${TEST_API_TOKEN}` };

let twilioApi: FakeTwilio;
let harness: TestApp;
beforeAll(async () => {
  twilioApi = await startFakeTwilio(TEST_AUTH_TOKEN);
  harness = await startTestApp({ twilioApi: twilioApi.baseUrl, env: { BACKOFFICE_WEBHOOK_SECRET: SECRET } });
});
beforeEach(async () => {
  await harness.reset();
  // Maureen reports a routine repair (R000001); an unknown number reports a gas emergency (R000002).
  await play(harness, MAUREEN, [
    { tenant: "hi", bot: ["This is", "How can we help?"] },
    { tenant: "1", bot: ["danger"] },
    { tenant: "6", bot: ["What needs fixing?"] },
    { tenant: "7", bot: ["Where"] },
    { tenant: "1", bot: ["Tell us"] },
    { tenant: "tap drips", bot: ["When"] },
    { tenant: "1", bot: ["Please check"] },
    { tenant: "1", bot: ["R000001", "Pick a time"] },
  ]);
  await harness.text("07700 900555", "I smell gas");
  await harness.app.settleJobs();
  twilioApi.sent.length = 0;
});
afterAll(async () => {
  await harness.close();
  await twilioApi.close();
});

const APPOINTMENT = { eventId: "evt-1", type: "appointment_set", at: "2026-11-23T11:00:00Z", appointment: { date: "2026-12-08", timeOfDay: "AM" } };

function postUpdate(reference: string, body: object, headers: Record<string, string> = auth) {
  return harness.app.inject({ method: "POST", url: `/api/cases/${reference}/updates`, headers: { "content-type": "application/json", ...headers }, payload: JSON.stringify(body) });
}

function signed(body: string, at = Math.floor(Date.now() / 1000), secret = SECRET) {
  return { "content-type": "application/json", "x-signature": `t=${at},v1=${signatureFor(secret, at, body)}` };
}

const textsTo = (to: string) => twilioApi.sent.filter((sent) => sent.To === to).map((sent) => sent.Body);

test("an appointment reaches the tenant's phone in one plain text, and is stored, shown and sent on as case.updated", async () => {
  const response = await postUpdate("r000001", APPOINTMENT);
  expect(response.statusCode).toBe(200);
  expect(response.json()).toMatchObject({ reference: "R000001", status: "open", duplicate: false, update: { type: "appointment_set", tenantNotified: true, reason: null, sendAfter: null } });
  await harness.app.settleJobs();
  const texts = textsTo(MAUREEN);
  expect(texts).toEqual(["Mersey Homes: we will come to fix repair R000001 on Tue 8 Dec, 8am to 12. If you cannot be in, reply or ring 0151 000 0000."]);
  expect(new SegmentedMessage(texts[0]!).segmentsCount).toBe(1);

  const view = (await harness.app.inject({ url: "/api/cases/R000001", headers: auth })).json();
  expect(view.updates).toEqual([expect.objectContaining({ eventId: "evt-1", type: "appointment_set", detail: { appointment: { date: "2026-12-08", timeOfDay: "AM" } }, tenantNotified: true })]);
  const events = await harness.db.prisma.outboxEvent.findMany({ where: { type: "case.updated" } });
  expect(events.map((event) => event.payload)).toEqual([
    { reference: "R000001", status: "open", update: { eventId: "evt-1", type: "appointment_set", at: "2026-11-23T11:00:00.000Z", appointment: { date: "2026-12-08", timeOfDay: "AM" }, tenantNotified: true, reason: null } },
  ]);
});

test("a repeated update is applied once and the tenant told once, even when two identical requests arrive at once", async () => {
  const [first, second] = await Promise.all([postUpdate("R000001", APPOINTMENT), postUpdate("R000001", APPOINTMENT)]);
  const third = await postUpdate("R000001", APPOINTMENT);
  expect([first, second, third].map((response) => response.statusCode)).toEqual([200, 200, 200]);
  expect([first, second, third].map((response) => response.json().duplicate).sort()).toEqual([false, true, true]);
  await harness.app.settleJobs();
  expect(textsTo(MAUREEN)).toHaveLength(1);
  expect(await harness.db.prisma.caseUpdate.count()).toBe(1);
  expect(await harness.db.prisma.outboxEvent.count({ where: { type: "case.updated" } })).toBe(1);
  // The same eventId for another case is a mistake the sender must hear about.
  const reused = await postUpdate("R000002", APPOINTMENT);
  expect(reused.statusCode).toBe(409);
  expect(reused.json().message).toContain("already used for case R000001");
});

test("a request signed with the back-office secret is accepted; a bad, stale or missing signature is 401", async () => {
  const body = JSON.stringify({ ...APPOINTMENT, eventId: "evt-signed" });
  const good = await harness.app.inject({ method: "POST", url: "/api/cases/R000001/updates", headers: signed(body), payload: body });
  expect(good.statusCode).toBe(200);

  const tampered = await harness.app.inject({ method: "POST", url: "/api/cases/R000001/updates", headers: signed(body), payload: body.replace("AM", "PM") });
  expect(tampered.statusCode).toBe(401);
  expect(tampered.json().message).toBe("X-Signature does not match the body");
  const stale = await harness.app.inject({ method: "POST", url: "/api/cases/R000001/updates", headers: signed(body, Math.floor(Date.now() / 1000) - 301), payload: body });
  expect(stale.statusCode).toBe(401);
  expect(stale.json().message).toContain("more than 5 minutes");
  const otherSecret = await harness.app.inject({ method: "POST", url: "/api/cases/R000001/updates", headers: signed(body, undefined, "another-secret-entirely-0000"), payload: body });
  expect(otherSecret.statusCode).toBe(401);
  const none = await postUpdate("R000001", APPOINTMENT, {});
  expect(none.statusCode).toBe(401);
  const wrongToken = await postUpdate("R000001", APPOINTMENT, { authorization: "Bearer not-the-token" });
  expect(wrongToken.statusCode).toBe(401);
  expect(await harness.db.prisma.caseUpdate.count()).toBe(1);
});

test("anything malformed gets a 400 that says what is wrong, and an unknown reference a 404", async () => {
  const cases: [object | string, RegExp][] = [
    [{ type: "completed", at: "2026-11-23T11:00:00Z" }, /eventId/],
    [{ eventId: "e", type: "fixed", at: "2026-11-23T11:00:00Z" }, /type/],
    [{ eventId: "e", type: "completed", at: "yesterday" }, /at/],
    [{ eventId: "e", type: "appointment_set", at: "2026-11-23T11:00:00Z" }, /appointment_set needs appointment/],
    [{ eventId: "e", type: "appointment_set", at: "2026-11-23T11:00:00Z", appointment: { date: "2026-02-30", timeOfDay: "AM" } }, /date/],
    [{ eventId: "e", type: "appointment_set", at: "2026-11-23T11:00:00Z", appointment: { date: "2026-12-08", timeOfDay: "morning" } }, /timeOfDay/],
    [{ eventId: "e", type: "appointment_set", at: "2026-11-23T11:00:00Z", appointment: { date: "2026-12-08", timeOfDay: "14:00-09:00" } }, /end after it starts/],
    [{ eventId: "e", type: "note", at: "2026-11-23T11:00:00Z" }, /note needs text/],
    [{ eventId: "e", type: "note", at: "2026-11-23T11:00:00Z", text: "w".repeat(150) }, /fit one SMS/],
    ["{not json", /not valid JSON/],
  ];
  for (const [body, reason] of cases) {
    const response = await harness.app.inject({
      method: "POST",
      url: "/api/cases/R000001/updates",
      headers: { ...auth, "content-type": "application/json" },
      payload: typeof body === "string" ? body : JSON.stringify(body),
    });
    expect({ body, status: response.statusCode }).toEqual({ body, status: 400 });
    expect(response.json().message).toMatch(reason);
  }
  const unknown = await postUpdate("RZZZZZZ", APPOINTMENT);
  expect(unknown.statusCode).toBe(404);
  expect(unknown.json()).toEqual({ error: "not_found", message: "No case with reference RZZZZZZ" });
  expect(await harness.db.prisma.caseUpdate.count()).toBe(0);
});

test("after STOP the tenant is texted nothing, and staff see that they were not told", async () => {
  await harness.text(MAUREEN, "STOP");
  await harness.app.settleJobs();
  twilioApi.sent.length = 0;
  const response = await postUpdate("R000001", { eventId: "evt-na", type: "no_access", at: "2026-11-23T12:00:00Z" });
  expect(response.json().update).toMatchObject({ tenantNotified: false, reason: "opted_out" });
  await harness.app.settleJobs();
  expect(twilioApi.sent).toEqual([]);
  const view = (await harness.app.inject({ url: "/api/cases/R000001", headers: auth })).json();
  expect(view.updates).toEqual([expect.objectContaining({ type: "no_access", tenantNotified: false, reason: "opted_out", messages: [] })]);
});

test("staff opening an escalation see the case's updates, and an operative's name is not texted", async () => {
  await createStaff(harness.db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: "correct horse battery staple" });
  await postUpdate("R000002", { eventId: "evt-op", type: "operative_assigned", at: "2026-11-23T10:30:00Z", operative: "Gas Safe engineer J. Smith" });
  const escalation = await harness.db.prisma.escalation.findFirstOrThrow({ where: { case: { reference: "R000002" } } });
  const opened = await harness.app.inject({ url: `/api/escalations/${escalation.id}`, headers: { ...auth, "x-acting-as": "ann@merseyhomes.org" } });
  expect(opened.json().case.updates).toEqual([
    expect.objectContaining({ type: "operative_assigned", detail: { operative: "Gas Safe engineer J. Smith" }, tenantNotified: false, reason: "not_told_of_this" }),
  ]);
  await harness.app.settleJobs();
  expect(textsTo(GAS_CALLER)).toEqual([]);
});

test("in quiet hours a text waits for 8am, an emergency's goes at once, and a text held back goes when they end", async () => {
  harness.clock.now = new Date("2026-11-23T22:30:00Z"); // 10:30pm in London
  const held = await postUpdate("R000001", { eventId: "evt-night", type: "awaiting_parts", at: "2026-11-23T22:00:00Z" });
  expect(held.json().update).toMatchObject({ tenantNotified: true, sendAfter: "2026-11-24T08:00:00.000Z" });
  const emergency = await postUpdate("R000002", { eventId: "evt-gas", type: "no_access", at: "2026-11-23T22:10:00Z" });
  expect(emergency.json().update).toMatchObject({ tenantNotified: true, sendAfter: null });
  await harness.app.settleJobs();
  expect(textsTo(MAUREEN)).toEqual([]);
  expect(textsTo(GAS_CALLER)).toEqual([expect.stringContaining("could not get in")]);
  const [job] = await harness.app.jobs.scheduled(QUEUES.outbound.name);
  const hoursAway = (job!.startAfter.getTime() - Date.now()) / 3_600_000;
  expect(hoursAway).toBeGreaterThan(9.4);
  expect(hoursAway).toBeLessThan(9.6);
  await harness.db.prisma.$executeRawUnsafe("DELETE FROM pgboss.job WHERE id = $1::uuid", job!.id);

  harness.clock.now = new Date("2026-11-24T07:59:57Z"); // three seconds before quiet hours end
  await postUpdate("R000001", { eventId: "evt-dawn", type: "note", at: "2026-11-24T07:59:00Z", text: "The parts are here. We will ring you today." });
  expect(textsTo(MAUREEN)).toEqual([]);
  const until = Date.now() + 10_000;
  while (textsTo(MAUREEN).length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 200));
  expect(textsTo(MAUREEN)).toEqual(["Mersey Homes, repair R000001: The parts are here. We will ring you today."]);
}, 20_000);

test("completion asks how happy the tenant is; days later a 2 is stored and a complaint offered", async () => {
  await postUpdate("R000001", { eventId: "evt-done", type: "completed", at: "2026-11-25T15:00:00Z" });
  await harness.app.settleJobs();
  expect(textsTo(MAUREEN)).toEqual([
    "Mersey Homes: repair R000001 is done. Thank you for letting us in.",
    "How happy are you with repair R000001? Reply with a number.\n1 Very unhappy\n2 Unhappy\n3 OK\n4 Happy\n5 Very happy",
  ]);
  const view = (await harness.app.inject({ url: "/api/cases/R000001", headers: auth })).json();
  expect(view.status).toBe("completed");

  await play(harness, MAUREEN, [
    { tenant: "2", after: 3 * 24 * 60, bot: ["Thank you for telling us.", "Do you want to make a formal complaint?"] },
    // The complaint is already known to be about a repair: it goes straight to what went wrong.
    { tenant: "1", bot: ["formal complaint", "Tell us what went wrong"] },
  ]);
  const satisfaction = await harness.db.prisma.caseSatisfaction.findFirstOrThrow({ include: { case: { select: { reference: true } } } });
  expect(satisfaction).toMatchObject({ score: 2, case: { reference: "R000001" } });
  expect((await harness.app.inject({ url: "/api/cases/R000001", headers: auth })).json().satisfaction).toEqual({ score: 2, at: expect.any(String) });
});

test("a reply to the satisfaction question that is not a number is understood as usual, and a digit later is not a score", async () => {
  await postUpdate("R000001", { eventId: "evt-done", type: "completed", at: "2026-11-25T15:00:00Z" });
  await play(harness, MAUREEN, [
    { tenant: "how much rent do i owe", after: 60, bot: [/rent|money|date of birth|tenancy/i] },
    { tenant: "MENU", bot: ["How can we help?"] },
    // Repair update: nothing open now, so the repair just done is what it shows.
    { tenant: "2", bot: [/^R000001 .+: done on Wed 25 Nov\. Reply MENU/, "Before, you were telling us about your rent."] },
  ]);
  expect(await harness.db.prisma.caseSatisfaction.count()).toBe(0);
});

test("Repair update shows the latest news and appointment of the tenant's repair", async () => {
  await postUpdate("R000001", { eventId: "evt-parts", type: "awaiting_parts", at: "2026-11-23T10:30:00Z" });
  await postUpdate("R000001", APPOINTMENT);
  await play(harness, MAUREEN, [
    { tenant: "menu", bot: ["How can we help?"] },
    { tenant: "2", bot: [/^Your open repairs:\nR000001 .+: we will come Tue 8 Dec, 8am to 12\nReply MENU/, /^Before, you were telling us about booking a visit/] },
  ]);
  // An older update arriving late is kept but changes nothing the tenant sees.
  const late = await postUpdate("R000001", { eventId: "evt-old", type: "cancelled", at: "2026-11-23T09:00:00Z" });
  expect(late.json()).toMatchObject({ status: "open", update: { tenantNotified: false, reason: "superseded" } });
});

test("the OpenAPI document describes the update endpoint, its two ways in and the HACT TypeCodes", async () => {
  const spec = (await harness.app.inject({ url: "/docs/json" })).json();
  const post = spec.paths["/api/cases/{reference}/updates"].post;
  expect(post.security).toEqual([{ bearer: [] }, { backofficeSignature: [] }]);
  expect(spec.components.securitySchemes.backofficeSignature).toMatchObject({ type: "apiKey", in: "header", name: "X-Signature" });
  const body = post.requestBody.content["application/json"].schema;
  expect(body.required).toEqual(["eventId", "type", "at"]);
  expect(body.properties.type.enum).toEqual(["operative_assigned", "appointment_set", "no_access", "awaiting_parts", "completed", "cancelled", "note"]);
  expect(body.properties.type.description).toContain("no_access = 70");
  expect(Object.keys(post.responses).sort()).toEqual(["200", "400", "401", "404", "409"]);
});

// Subscribers and dead letters as the back office and a supervisor see them: /api/webhooks, /console/webhooks, and
// the event schemas under /docs.
import fs from "node:fs";
import path from "node:path";
import { PUBLISHED_TYPES } from "../../src/backoffice/events";
import { schemaFile } from "../../src/backoffice/eventSchemas";
import { createStaff } from "../../src/staff/accounts";
import { startTestApp, TEST_API_TOKEN, type TestApp } from "../support/testApp";
import { eventually, startReceiver, type Receiver } from "../support/receiver";

const SECRET = "receiver-shared-secret-0123456789";
const ENV_SECRET = "environment-secret-0123456789ab";
const WINDOW_MS = 3_000;
const PASSWORD = "correct horse battery staple";
const auth = { authorization: `Bearer ${TEST_API_TOKEN}` };

let harness: TestApp;
let environmentReceiver: Receiver;
let housing: Receiver;
beforeAll(async () => {
  environmentReceiver = await startReceiver(ENV_SECRET);
  harness = await startTestApp({
    env: { BACKOFFICE_WEBHOOK_URL: environmentReceiver.url, BACKOFFICE_WEBHOOK_SECRET: ENV_SECRET },
    // The receivers share this process: on a busy machine they can take a second or two to answer.
    webhookPolicy: { windowMs: WINDOW_MS, firstRetryMs: 100, maxRetryMs: 300, timeoutMs: 2_500, pollMs: 100, strandedMs: 3_000 },
  });
}, 60_000);
beforeEach(async () => {
  await harness.reset();
  housing = await startReceiver(SECRET);
});
afterEach(async () => housing.close());
afterAll(async () => {
  await harness.close();
  await environmentReceiver.close();
});

async function subscribe(payload: object) {
  return harness.app.inject({ method: "POST", url: "/api/webhooks", headers: auth, payload });
}

async function caseUpdated(reference: string, note: string): Promise<string> {
  const row = await harness.db.prisma.outboxEvent.create({
    data: { type: "case.updated", payload: { reference, status: "open", update: { eventId: note, type: "note", text: note } } },
  });
  return row.id;
}

async function logIn(role: "agent" | "supervisor"): Promise<{ cookie: string; csrf: string }> {
  const email = `${role}@merseyhomes.example`;
  await createStaff(harness.db.prisma, { email, name: `A ${role}`, role, password: PASSWORD });
  const response = await harness.app.inject({
    method: "POST",
    url: "/console/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ email, password: PASSWORD }).toString(),
  });
  const cookie = String(response.headers["set-cookie"]).split(";")[0]!;
  const page = await harness.app.inject({ url: "/console", headers: { cookie } });
  return { cookie, csrf: /name="csrf-token" content="([^"]+)"/.exec(page.body)![1]! };
}

test("after the retry window an event is a dead letter, the case's next event still goes, and the API re-sends it", async () => {
  const created = await subscribe({ url: housing.url, secret: SECRET });
  const subscriberId = created.json().id;
  let broken = true;
  const first = await caseUpdated("R000001", "first");
  housing.answer = (arrival) => (broken && arrival.id === first ? 500 : 200);
  const second = await caseUpdated("R000001", "second");

  await eventually(() => housing.accepted.some((arrival) => arrival.id === second), 30_000, "the second event");
  // Every try of the first came before the second was sent: it was dead, not overtaken.
  const order = housing.tries.map((arrival) => arrival.id);
  expect(order.lastIndexOf(first)).toBeLessThan(order.indexOf(second));
  expect(order.filter((id) => id === first).length).toBeGreaterThanOrEqual(2);

  const dead = await harness.app.inject({ url: `/api/webhooks/deliveries?status=dead&subscriberId=${subscriberId}`, headers: auth });
  expect(dead.statusCode).toBe(200);
  expect(dead.json().deliveries).toEqual([
    expect.objectContaining({ eventId: first, type: "case.updated", subject: "R000001", status: "dead", lastStatus: 500, lastError: "answered HTTP 500", url: housing.url }),
  ]);
  const [letter] = dead.json().deliveries;

  broken = false;
  const resent = await harness.app.inject({ method: "POST", url: `/api/webhooks/deliveries/${letter.id}/resend`, headers: auth });
  expect(resent.statusCode).toBe(200);
  await eventually(() => housing.accepted.some((arrival) => arrival.id === first), 20_000, "the re-sent event");
  const delivered = async () => (await harness.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: letter.id } })).status === "delivered";
  await eventually(delivered, 5_000, "the delivery recorded");
  expect(await harness.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: letter.id } })).toMatchObject({ lastStatus: 200, lastError: null });
  // It is no longer a dead letter, so it cannot be re-sent again.
  const again = await harness.app.inject({ method: "POST", url: `/api/webhooks/deliveries/${letter.id}/resend`, headers: auth });
  expect(again.statusCode).toBe(404);
  // The environment's subscriber got both at the first try, signed with its own secret.
  await eventually(() => environmentReceiver.accepted.filter((arrival) => [first, second].includes(arrival.id)).length === 2, 10_000, "the environment's subscriber");
}, 90_000);

test("a supervisor sees subscribers and dead letters in the console and re-sends one; an agent cannot", async () => {
  await subscribe({ url: housing.url, secret: SECRET, eventTypes: ["case.updated"] });
  housing.answer = () => 503;
  const event = await caseUpdated("R000007", "the boiler part is on order");
  await eventually(async () => (await harness.db.prisma.webhookDelivery.count({ where: { eventId: event, status: "dead" } })) === 1, 30_000, "a dead letter");

  const supervisor = await logIn("supervisor");
  const page = await harness.app.inject({ url: "/console/webhooks", headers: { cookie: supervisor.cookie } });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain(housing.url);
  expect(page.body).toContain(environmentReceiver.url);
  expect(page.body).toContain("Events that did not arrive (1)");
  expect(page.body).toMatch(/<td>R000007<\/td>[\s\S]*answered HTTP 503[\s\S]*Re-send<\/button>/);
  expect(page.body).not.toContain(SECRET);
  const id = /name="id" value="([^"]+)"/.exec(page.body)![1]!;

  const forged = await harness.app.inject({
    method: "POST",
    url: "/console/webhooks/resend",
    headers: { cookie: supervisor.cookie, "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ id, _csrf: "not-the-token" }).toString(),
  });
  expect(forged.statusCode).toBe(403);

  housing.answer = () => 200;
  const resend = await harness.app.inject({
    method: "POST",
    url: "/console/webhooks/resend",
    headers: { cookie: supervisor.cookie, "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ id, _csrf: supervisor.csrf }).toString(),
  });
  expect(resend.statusCode).toBe(303);
  expect(resend.headers.location).toBe("/console/webhooks?notice=sent");
  await eventually(() => housing.accepted.some((arrival) => arrival.id === event), 20_000, "the re-sent event");
  const after = await harness.app.inject({ url: "/console/webhooks?notice=sent", headers: { cookie: supervisor.cookie } });
  expect(after.body).toContain("Queued to send again.");
  expect(after.body).toContain("Every event has arrived.");
  const audited = await harness.db.prisma.auditEntry.findFirst({ where: { action: "resend", subject: id } });
  expect(audited).not.toBeNull();

  const agent = await logIn("agent");
  expect((await harness.app.inject({ url: "/console/webhooks", headers: { cookie: agent.cookie } })).statusCode).toBe(403);
  expect((await harness.app.inject({ url: "/api/webhooks", headers: { cookie: agent.cookie } })).statusCode).toBe(403);
  // A supervisor's session reads the API too; a change needs its CSRF token.
  expect((await harness.app.inject({ url: "/api/webhooks", headers: { cookie: supervisor.cookie } })).statusCode).toBe(200);
  const noToken = await harness.app.inject({ method: "POST", url: "/api/webhooks", headers: { cookie: supervisor.cookie }, payload: { url: housing.url, secret: SECRET } });
  expect(noToken.statusCode).toBe(403);
}, 90_000);

test("/api/webhooks refuses bad input with a reason, never shows a secret, and leaves the environment's subscriber to the environment", async () => {
  expect((await harness.app.inject({ url: "/api/webhooks" })).statusCode).toBe(401);
  expect((await harness.app.inject({ url: "/api/webhooks", headers: { authorization: "Bearer wrong-token-0123456789abcdef" } })).statusCode).toBe(401);

  const refusals: [object, RegExp][] = [
    [{ secret: SECRET }, /url/],
    [{ url: "not a url", secret: SECRET }, /url/],
    [{ url: "ftp://housing.example.org/events", secret: SECRET }, /https/],
    [{ url: "https://user:pass@housing.example.org/events", secret: SECRET }, /user name or password/],
    [{ url: housing.url }, /secret/],
    [{ url: housing.url, secret: "short" }, /secret/],
    [{ url: housing.url, secret: SECRET, eventTypes: ["case.exploded"] }, /eventTypes/],
    [{ url: housing.url, secret: SECRET, eventTypes: [] }, /eventTypes/],
    [{ url: housing.url, secret: SECRET, eventTypes: ["tenant.identified"] }, /eventTypes/],
  ];
  for (const [payload, reason] of refusals) {
    const response = await subscribe(payload);
    expect({ payload, status: response.statusCode }).toEqual({ payload, status: 400 });
    expect(response.json().message).toMatch(reason);
  }

  const created = await subscribe({ url: housing.url, secret: SECRET, eventTypes: ["case.created", "case.updated"] });
  expect(created.statusCode).toBe(201);
  expect(created.json()).toMatchObject({ url: housing.url, eventTypes: ["case.created", "case.updated"], active: true, managedBy: "api" });
  expect(created.body).not.toContain(SECRET);
  const id = created.json().id;

  const list = await harness.app.inject({ url: "/api/webhooks", headers: auth });
  expect(list.json().subscribers.map((subscriber: { managedBy: string }) => subscriber.managedBy)).toEqual(["environment", "api"]);
  expect(list.body).not.toContain(SECRET);
  expect(list.body).not.toContain(ENV_SECRET);

  expect((await harness.app.inject({ method: "PATCH", url: `/api/webhooks/${id}`, headers: auth, payload: {} })).statusCode).toBe(400);
  const noSuch = await harness.app.inject({ method: "PATCH", url: "/api/webhooks/00000000-0000-4000-8000-000000000000", headers: auth, payload: { active: false } });
  expect(noSuch.statusCode).toBe(404);
  expect((await harness.app.inject({ method: "PATCH", url: "/api/webhooks/not-an-id", headers: auth, payload: { active: false } })).statusCode).toBe(400);

  const changed = await harness.app.inject({ method: "PATCH", url: `/api/webhooks/${id}`, headers: auth, payload: { eventTypes: null, active: false } });
  expect(changed.statusCode).toBe(200);
  expect(changed.json()).toMatchObject({ eventTypes: null, active: false });
  // Switched off: nothing new is sent to it.
  const event = await caseUpdated("R000001", "while switched off");
  await eventually(() => environmentReceiver.accepted.some((arrival) => arrival.id === event), 15_000, "the environment's copy");
  expect(await harness.db.prisma.webhookDelivery.count({ where: { subscriberId: id } })).toBe(0);

  const environment = list.json().subscribers[0].id;
  const moved = await harness.app.inject({ method: "PATCH", url: `/api/webhooks/${environment}`, headers: auth, payload: { url: "https://elsewhere.example.org/events" } });
  expect(moved.statusCode).toBe(409);
  expect(moved.json().message).toMatch(/BACKOFFICE_WEBHOOK_URL/);
  expect((await harness.app.inject({ method: "DELETE", url: `/api/webhooks/${environment}`, headers: auth })).statusCode).toBe(409);

  expect((await harness.app.inject({ method: "DELETE", url: `/api/webhooks/${id}`, headers: auth })).statusCode).toBe(204);
  expect((await harness.app.inject({ method: "DELETE", url: `/api/webhooks/${id}`, headers: auth })).statusCode).toBe(404);
});

test("a subscriber switched off is sent nothing new, and what was waiting goes as soon as it is switched back on", async () => {
  const id = (await subscribe({ url: housing.url, secret: SECRET })).json().id;
  housing.answer = () => 500;
  const waiting = await caseUpdated("R000001", "before switching off");
  await eventually(() => housing.tries.length > 0, 10_000, "a first try");
  const off = await harness.app.inject({ method: "PATCH", url: `/api/webhooks/${id}`, headers: auth, payload: { active: false } });
  expect(off.json()).toMatchObject({ active: false });
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // a try already under way ends (the timeout is 2.5 s)
  const triesWhenOff = housing.tries.length;
  const meanwhile = await caseUpdated("R000001", "while switched off");
  await eventually(() => environmentReceiver.accepted.some((arrival) => arrival.id === meanwhile), 15_000, "the environment's copy");
  expect(housing.tries).toHaveLength(triesWhenOff);
  expect(await harness.db.prisma.webhookDelivery.count({ where: { subscriberId: id, eventId: meanwhile } })).toBe(0);

  housing.answer = () => 200;
  const on = await harness.app.inject({ method: "PATCH", url: `/api/webhooks/${id}`, headers: auth, payload: { active: true } });
  expect(on.json()).toMatchObject({ active: true, failures: 0, pausedUntil: null });
  await eventually(() => housing.accepted.length === 1, 10_000, "the waiting event");
  expect(housing.accepted[0]!.id).toBe(waiting);
}, 60_000);

test("an event type filter sends a subscriber only the types it asked for", async () => {
  await subscribe({ url: housing.url, secret: SECRET, eventTypes: ["case.note_added"] });
  const note = await harness.db.prisma.outboxEvent.create({ data: { type: "case.note_added", payload: { type: "case.note_added", reference: "R000001", text: "the leak is worse" } } });
  const update = await caseUpdated("R000001", "not wanted");
  await eventually(() => environmentReceiver.accepted.some((arrival) => arrival.id === update), 15_000, "the environment's copy");
  await eventually(() => housing.accepted.length === 1, 15_000, "the note");
  expect(housing.accepted[0]).toMatchObject({ id: note.id, type: "case.note_added", data: { reference: "R000001", text: "the leak is worse" } });
});

test("each event type's JSON Schema is in docs/events, matches the code, and is served under /docs", async () => {
  for (const type of PUBLISHED_TYPES) {
    const file = path.join(__dirname, "..", "..", "docs", "events", `${type}.schema.json`);
    expect(fs.readFileSync(file, "utf8")).toBe(schemaFile(type)); // run `npm run events:schemas` after changing them
    const served = await harness.app.inject({ url: `/docs/events/${type}.schema.json` });
    expect(served.statusCode).toBe(200);
    expect(served.body).toBe(schemaFile(type));
  }
  const index = await harness.app.inject({ url: "/docs/events" });
  expect(index.json().schemas.map((schema: { type: string }) => schema.type)).toEqual([...PUBLISHED_TYPES]);
  expect((await harness.app.inject({ url: "/docs/events/tenant.identified.schema.json" })).statusCode).toBe(404);
  const openapi = (await harness.app.inject({ url: "/docs/json" })).json();
  expect(Object.keys(openapi.components.schemas)).toEqual(expect.arrayContaining(PUBLISHED_TYPES.map((type) => `CloudEvent.${type}`)));
  expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(["/api/webhooks", "/api/webhooks/{id}", "/api/webhooks/deliveries", "/api/webhooks/deliveries/{id}/resend"]));
});

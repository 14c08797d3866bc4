// Events out over real HTTP: receivers on random ports that answer 500, hang, go down, or work, and what each one
// got, in what order. Events are written to the outbox as any part of the app writes them.
import { startTestApp, TEST_API_TOKEN, type TestApp } from "../support/testApp";
import { eventually, startReceiver, withoutRepeats, type Receiver } from "../support/receiver";

const SECRET = "receiver-shared-secret-0123456789";
// The receivers share this process, so the timeout leaves room for a busy machine; "hang" never answers at all.
const POLICY = { windowMs: 120_000, firstRetryMs: 100, maxRetryMs: 300, timeoutMs: 1_500, pollMs: 100, strandedMs: 3_000 };

let harness: TestApp;
const receivers: Receiver[] = [];
beforeAll(async () => {
  harness = await startTestApp({ webhookPolicy: POLICY });
}, 60_000);
beforeEach(async () => harness.reset());
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});
afterAll(async () => harness.close());

async function receiver(): Promise<Receiver> {
  const started = await startReceiver(SECRET);
  receivers.push(started);
  return started;
}

async function subscribe(url: string): Promise<string> {
  const response = await harness.app.inject({
    method: "POST",
    url: "/api/webhooks",
    headers: { authorization: `Bearer ${TEST_API_TOKEN}` },
    payload: { url, secret: SECRET },
  });
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

/** An update on a case, written the way POST /api/cases/{reference}/updates writes it; resolves to the event id. */
async function caseUpdated(reference: string, note: string): Promise<string> {
  const row = await harness.db.prisma.outboxEvent.create({
    data: { type: "case.updated", payload: { reference, status: "open", update: { eventId: note, type: "note", text: note } } },
  });
  return row.id;
}

/** One case's events as a receiver that drops repeats of an id saw them. */
const idsFor = (arrivals: { id: string; subject?: string }[], subject: string) => withoutRepeats(arrivals.filter((a) => a.subject === subject).map((a) => a.id));
const distinct = (arrivals: { id: string }[]) => new Set(arrivals.map((arrival) => arrival.id)).size;

test("one case's events arrive in order while the receiver answers 500, hangs past the timeout, then is down", async () => {
  const housing = await receiver();
  housing.answer = () => (housing.tries.length <= 2 ? 500 : housing.tries.length === 3 ? "hang" : 200);
  await subscribe(housing.url);
  const written: string[] = [];
  for (let index = 1; index <= 5; index += 1) written.push(await caseUpdated("R000001", `update ${index}`));

  await eventually(() => distinct(housing.accepted) === 5, 40_000, "the first five events");
  // The first event was tried four times (500, 500, no answer, 200) before the second was sent at all.
  expect(housing.tries.slice(0, 4).map((arrival) => arrival.id)).toEqual([written[0], written[0], written[0], written[0]]);
  expect(withoutRepeats(housing.accepted.map((arrival) => arrival.id))).toEqual(written);

  // Down for a while: the events recorded meanwhile wait, and arrive in order once it is back.
  await housing.down();
  for (let index = 6; index <= 8; index += 1) written.push(await caseUpdated("R000001", `update ${index}`));
  await eventually(async () => {
    const first = await harness.db.prisma.webhookDelivery.findFirst({ where: { eventId: written[5] } });
    return (first?.attempts ?? 0) >= 2;
  }, 20_000, "tries while the receiver is down");
  const waiting = await harness.db.prisma.webhookDelivery.findFirstOrThrow({ where: { eventId: written[5] } });
  expect(waiting).toMatchObject({ status: "pending", lastStatus: null });
  expect(waiting.lastError).toMatch(/could not connect/);
  await housing.up();

  await eventually(() => distinct(housing.accepted) === 8, 40_000, "all eight events");
  await eventually(async () => (await harness.db.prisma.webhookDelivery.count({ where: { status: "delivered" } })) === 8, 10_000, "the deliveries recorded");
  expect(withoutRepeats(housing.accepted.map((arrival) => arrival.id))).toEqual(written);
  const deliveries = await harness.db.prisma.webhookDelivery.findMany({ orderBy: { seq: "asc" } });
  expect(deliveries.map((delivery) => delivery.status)).toEqual(Array(8).fill("delivered"));
  expect(deliveries[0]!.attempts).toBeGreaterThanOrEqual(4);
  // Every try of an event carries the same envelope: same id, same data.
  const firstTries = housing.tries.filter((arrival) => arrival.id === written[0]).map((arrival) => JSON.stringify(arrival.body));
  expect(new Set(firstTries).size).toBe(1);
  expect(housing.accepted[0]!.body).toMatchObject({
    specversion: "1.0",
    type: "case.updated",
    subject: "R000001",
    source: "https://bot.example.org",
    datacontenttype: "application/json",
    data: { reference: "R000001", status: "open", update: { eventId: "update 1", type: "note", text: "update 1" } },
  });
  expect(housing.accepted[0]!.contentType).toMatch(/^application\/cloudevents\+json/);
}, 120_000);

test("a receiver that hangs holds up nobody: the other subscriber gets every event promptly, and the hung one later gets them all in order", async () => {
  const hung = await receiver();
  hung.answer = () => "hang";
  const working = await receiver();
  await subscribe(hung.url);
  await subscribe(working.url);
  const byCase: Record<string, string[]> = { R000001: [], R000002: [], A000003: [], C000004: [] };
  const started = Date.now();
  for (let round = 1; round <= 3; round += 1) {
    for (const reference of Object.keys(byCase)) byCase[reference]!.push(await caseUpdated(reference, `${reference} update ${round}`));
  }

  await eventually(() => distinct(working.accepted) === 12, 15_000, "the working subscriber's twelve events");
  // Had it queued behind the hung one's tries it would take 12 timeouts of 1.5 s.
  expect(Date.now() - started).toBeLessThan(15_000);
  for (const [reference, ids] of Object.entries(byCase)) expect(idsFor(working.accepted, reference)).toEqual(ids);
  expect(hung.accepted).toHaveLength(0);
  // One hung receiver is asked about once per wait, not once per case.
  const [hungSubscriber] = await harness.db.prisma.webhookSubscriber.findMany({ where: { url: hung.url } });
  expect(hungSubscriber!.failures).toBeGreaterThan(0);
  expect(hungSubscriber!.pausedUntil).not.toBeNull();
  expect(await harness.db.prisma.webhookDelivery.count({ where: { subscriberId: hungSubscriber!.id, status: "pending" } })).toBe(12);

  hung.answer = () => 204;
  await eventually(() => distinct(hung.accepted) === 12, 40_000, "the recovered subscriber's twelve events");
  for (const [reference, ids] of Object.entries(byCase)) expect(idsFor(hung.accepted, reference)).toEqual(ids);
  await eventually(async () => (await harness.db.prisma.webhookDelivery.count({ where: { status: "delivered" } })) === 24, 10_000, "the deliveries recorded");
  const subscribers = await harness.db.prisma.webhookSubscriber.findMany();
  expect(subscribers.map((subscriber) => subscriber.failures)).toEqual([0, 0]);
}, 120_000);

test("an event the app records without a case is delivered in order for its conversation, and internal events are not sent", async () => {
  const housing = await receiver();
  await subscribe(housing.url);
  const conversation = await harness.db.prisma.conversation.create({ data: { channel: "sms", address: "+447700900101", state: {} } });
  const stop = await harness.db.prisma.outboxEvent.create({
    data: { type: "consent.changed", payload: { conversationId: conversation.id, type: "consent.changed", optedOut: true, keyword: "STOP" } },
  });
  await harness.db.prisma.outboxEvent.create({ data: { type: "tenant.identified", payload: { conversationId: conversation.id, tenantId: null, homeId: null } } });
  const start = await harness.db.prisma.outboxEvent.create({
    data: { type: "consent.changed", payload: { conversationId: conversation.id, type: "consent.changed", optedOut: false, keyword: "START" } },
  });
  await eventually(() => distinct(housing.accepted) === 2, 10_000, "both consent events");
  expect(withoutRepeats(housing.accepted.map((arrival) => arrival.id))).toEqual([stop.id, start.id]);
  expect(housing.accepted[0]!.body.subject).toBeUndefined();
  expect(housing.accepted[0]!.data).toEqual({ optedOut: true, keyword: "STOP", channel: "sms", address: "+447700900101" });
  // Relayed, but with nobody to send it to.
  await eventually(async () => (await harness.db.prisma.outboxEvent.count({ where: { publishedAt: null } })) === 0, 5_000, "the relay");
  expect(await harness.db.prisma.webhookDelivery.count()).toBe(2);
}, 60_000);

test("a delivery whose job was lost with its process (relayed, never queued) is found and sent by the sweep", async () => {
  const housing = await receiver();
  const subscriberId = await subscribe(housing.url);
  // What the relay had committed when the process died, before it could queue the job.
  const event = await harness.db.prisma.outboxEvent.create({
    data: { type: "case.note_added", payload: { reference: "R000042", text: "still leaking" }, publishedAt: new Date() },
  });
  const cloudEvent = { specversion: "1.0", id: event.id, source: "https://bot.example.org", type: "case.note_added", time: event.createdAt.toISOString(), subject: "R000042", datacontenttype: "application/json", data: { reference: "R000042", text: "still leaking" } };
  await harness.db.prisma.outboxEvent.update({ where: { id: event.id }, data: { cloudEvent: JSON.stringify(cloudEvent) } });
  const now = Date.now();
  await harness.db.prisma.webhookDelivery.create({
    data: { eventId: event.id, subscriberId, stream: "R000042", nextAttemptAt: new Date(now - POLICY.strandedMs - 1_000), giveUpAt: new Date(now + POLICY.windowMs) },
  });
  await eventually(() => housing.accepted.length === 1, 20_000, "the stranded event");
  expect(housing.accepted[0]!.body).toEqual(cloudEvent);
}, 60_000);

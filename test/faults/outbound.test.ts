// Messages we start go through the durable queue: a provider that fails is tried again, a try that timed out is not
// sent twice, every try failing leaves a dead letter staff see and can send again, and a send stranded by a crash
// between its commit and its job is queued by the sweep.
import { createStaff } from "../../src/staff/accounts";
import { startFakeTwilio, type FakeTwilio } from "../support/fakeTwilio";
import { startTestApp, TEST_API_TOKEN, TEST_AUTH_TOKEN, type TestApp } from "../support/testApp";

const TENANT = "+447700900101";
const staff = { authorization: `Bearer ${TEST_API_TOKEN}`, "x-acting-as": "ann@merseyhomes.org" };

let twilioApi: FakeTwilio;
let harness: TestApp;
beforeAll(async () => {
  twilioApi = await startFakeTwilio(TEST_AUTH_TOKEN);
  harness = await startTestApp({ twilioApi: twilioApi.baseUrl, queueRetry: { limit: 2, delaySeconds: 1 } });
});
beforeEach(async () => {
  await harness.reset();
  twilioApi.failNext(0, "error");
  twilioApi.sent.length = 0;
  await createStaff(harness.db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: "correct horse battery staple" });
});
afterAll(async () => {
  await harness.close();
  await twilioApi.close();
});

/** A tenant asks for a person and Ann claims it: resolves to the escalation id. */
async function claimed(): Promise<string> {
  await harness.text(TENANT, "can i talk to a person");
  const escalation = await harness.db.prisma.escalation.findFirstOrThrow();
  await harness.app.inject({ method: "POST", url: `/api/escalations/${escalation.id}/claim`, headers: staff });
  return escalation.id;
}

async function staffReply(id: string, text: string) {
  const response = await harness.app.inject({ method: "POST", url: `/api/escalations/${id}/reply`, headers: staff, payload: { text } });
  expect(response.json()).toMatchObject({ ok: true, deliveryStatus: "queued" });
  return harness.db.prisma.message.findFirstOrThrow({ where: { body: text } });
}

test("a staff reply the provider fails to take is tried again and reaches the tenant once", async () => {
  const id = await claimed();
  twilioApi.failNext(2, "error");
  const reply = await staffReply(id, "Ann here, how can I help?");
  await harness.app.settleJobs();
  expect(twilioApi.sent.filter((sent) => sent.Body === "Ann here, how can I help?")).toHaveLength(1);
  expect(await harness.db.prisma.message.findUniqueOrThrow({ where: { id: reply.id } })).toMatchObject({ deliveryStatus: "queued", sendAttempts: 3, providerSid: expect.stringMatching(/^SM/) });
});

test("a try that timed out had gone out: the retry asks Twilio first and the tenant gets it once", async () => {
  const id = await claimed();
  twilioApi.failNext(1, "hang");
  const reply = await staffReply(id, "Ann again: is the leak still going?");
  await harness.app.settleJobs();
  expect(twilioApi.sent.filter((sent) => sent.Body === "Ann again: is the leak still going?")).toHaveLength(1);
  expect(await harness.db.prisma.message.findUniqueOrThrow({ where: { id: reply.id } })).toMatchObject({ deliveryStatus: "sent", sendAttempts: 1, providerSid: expect.stringMatching(/^SM/) });
}, 30_000);

test("when every try fails the message is a dead letter staff see, and sending it again works", async () => {
  const id = await claimed();
  twilioApi.failNext(100, "error");
  const reply = await staffReply(id, "Ann: we will ring you at 3pm.");
  await harness.app.settleJobs();
  const listed = await harness.app.inject({ method: "GET", url: "/api/outbound/undelivered", headers: staff });
  expect(listed.json().messages).toEqual([expect.objectContaining({ id: reply.id, status: "dead", tries: 3, fromStaff: true, channel: "sms" })]);
  expect(JSON.stringify(listed.json())).not.toContain("3pm"); // the list has no words in it

  twilioApi.failNext(0, "error");
  const resent = await harness.app.inject({ method: "POST", url: `/api/outbound/${reply.id}/resend`, headers: staff });
  expect(resent.json()).toEqual({ ok: true, deliveryStatus: "queued" });
  await harness.app.settleJobs();
  expect(twilioApi.sent.filter((sent) => sent.Body === "Ann: we will ring you at 3pm.")).toHaveLength(1);
  expect((await harness.app.inject({ method: "GET", url: "/api/outbound/undelivered", headers: staff })).json().messages).toEqual([]);
  expect((await harness.app.inject({ method: "POST", url: `/api/outbound/${reply.id}/resend`, headers: staff })).statusCode).toBe(404);
}, 30_000);

test("a send written down but never queued (the process died in between) is queued by the sweep, once", async () => {
  const conversation = await harness.db.prisma.conversation.create({ data: { channel: "sms", address: TENANT, state: {} } });
  const stranded = await harness.db.prisma.message.create({
    data: { conversationId: conversation.id, direction: "outbound", body: "Your code is 123456", deliveryStatus: "queued", createdAt: new Date(Date.now() - 120_000) },
  });
  expect(await harness.app.outbound.sweep()).toBe(1);
  expect(await harness.app.outbound.sweep()).toBe(0); // its job exists now
  await harness.app.settleJobs();
  expect(twilioApi.sent.filter((sent) => sent.Body === "Your code is 123456")).toHaveLength(1);
  expect((await harness.db.prisma.message.findUniqueOrThrow({ where: { id: stranded.id } })).providerSid).toMatch(/^SM/);
});

// Every message a tenant sends is kept and processed once, in order, whatever arrives at the same time: two first
// texts from a new number, copies of one MessageSid, a retry of a message a crash left unprocessed, a burst to one
// conversation, bad bytes, and messages spooled while the database was away.
import { Prisma } from "@prisma/client";
import { messagesInTwiml, newMessageSid, signedWebhook, smsParams } from "../../src/channels/twilio/simulator";
import { startFakeTwilio, type FakeTwilio } from "../support/fakeTwilio";
import { PUBLIC_URL, startTestApp, TEST_AUTH_TOKEN, type TestApp } from "../support/testApp";

const NEW_NUMBER = "+447700900555";
const TENANT = "+447700900101";

let twilioApi: FakeTwilio;
let harness: TestApp;
beforeAll(async () => {
  twilioApi = await startFakeTwilio(TEST_AUTH_TOKEN);
  harness = await startTestApp({ twilioApi: twilioApi.baseUrl });
});
beforeEach(async () => {
  await harness.reset();
  twilioApi.sent.length = 0;
});
afterAll(async () => {
  await harness.close();
  await twilioApi.close();
});

async function post(params: Record<string, string>) {
  const request = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", params);
  return harness.app.inject({ method: "POST", url: request.path, headers: request.headers, payload: request.payload });
}

async function inboundOf(address: string) {
  return harness.db.prisma.message.findMany({ where: { direction: "inbound", conversation: { address } }, orderBy: { seq: "asc" } });
}

async function noFaults() {
  expect(await harness.db.prisma.fault.count()).toBe(0);
  expect(await harness.db.prisma.escalation.count({ where: { reason: "fault" } })).toBe(0);
}

const APOLOGY = /something went wrong/;

test("two first texts at the same moment from a new number are both kept, in order, and both answered", async () => {
  const [first, second] = await Promise.all([post(smsParams(NEW_NUMBER, "hello")), post(smsParams(NEW_NUMBER, "my boiler is broken"))]);
  for (const response of [first, second]) {
    expect(response.statusCode).toBe(200);
    expect(messagesInTwiml(response.body).length).toBeGreaterThan(0);
    expect(response.body).not.toMatch(APOLOGY);
  }
  // Both kept, whichever the database took first; processed in that order.
  const kept = await inboundOf(NEW_NUMBER);
  expect(kept.map((message) => message.body).sort()).toEqual(["hello", "my boiler is broken"]);
  expect(kept.every((message) => message.processedAt)).toBe(true);
  expect(await harness.db.prisma.conversation.count({ where: { address: NEW_NUMBER } })).toBe(1);
  // One turn each, the first one first: the conversation moved on twice, and its first reply is the greeting.
  expect((await harness.db.prisma.conversation.findFirstOrThrow({ where: { address: NEW_NUMBER } })).version).toBe(2);
  const firstReplies = await harness.db.prisma.message.findMany({ where: { inReplyToId: kept[0]!.id }, orderBy: { seq: "asc" } });
  expect(firstReplies[0]!.body).toMatch(/^This is Mersey Homes/);
  await noFaults();
});

test("copies of one MessageSid arriving together all get the same replies, and the message is processed once", async () => {
  const params = smsParams(TENANT, "there is water coming through my ceiling light");
  const answers = await Promise.all([1, 2, 3, 4, 5].map(() => post(params)));
  const texts = answers.map((response) => messagesInTwiml(response.body));
  expect(texts[0]!.join(" ")).toMatch(/sockets and lights/);
  for (const text of texts) expect(text).toEqual(texts[0]);
  const kept = await inboundOf(TENANT);
  expect(kept).toHaveLength(1);
  expect((await harness.db.prisma.conversation.findFirstOrThrow({ where: { address: TENANT } })).version).toBe(1);
  expect(await harness.db.prisma.case.count()).toBe(1);
  await noFaults();
});

test("Twilio's retry of a message a crash left unprocessed gets it processed and answered, not an empty reply", async () => {
  const sid = newMessageSid();
  const conversation = await harness.db.prisma.conversation.create({ data: { channel: "sms", address: TENANT, state: Prisma.JsonNull } });
  await harness.db.prisma.message.create({ data: { conversationId: conversation.id, direction: "inbound", body: "i smell gas in the kitchen", providerSid: sid } });
  const retry = await post(smsParams(TENANT, "i smell gas in the kitchen", sid));
  expect(messagesInTwiml(retry.body)[0]).toMatch(/0800 111 999/);
  expect((await inboundOf(TENANT)).every((message) => message.processedAt)).toBe(true);
  await noFaults();
});

test("recovery processes a message kept but never processed, and its replies go by the queue", async () => {
  const conversation = await harness.db.prisma.conversation.create({ data: { channel: "sms", address: TENANT, state: Prisma.JsonNull } });
  const stranded = await harness.db.prisma.message.create({
    data: { conversationId: conversation.id, direction: "inbound", body: "the front door lock is broken i cant lock it", providerSid: newMessageSid(), createdAt: new Date(Date.now() - 60_000) },
  });
  expect(await harness.app.inbox.recover()).toMatchObject({ recovered: 1 });
  await harness.app.settleJobs();
  const replies = await harness.db.prisma.message.findMany({ where: { inReplyToId: stranded.id }, orderBy: { seq: "asc" } });
  expect(replies[0]!.body).toMatch(/ring 999|lock/i);
  expect(twilioApi.sent.map((sent) => sent.Body)).toEqual(replies.map((reply) => reply.body));
  expect(await harness.app.inbox.recover()).toMatchObject({ recovered: 0 });
});

test("a burst of texts to one conversation is processed in order with no apology and no false fault alert", async () => {
  const bodies = ["hi", "repair", "no danger", "my tap is dripping", "kitchen", "it has been like it a week", "yes", "thanks", "menu", "hi again"];
  const answers = await Promise.all(bodies.map((body) => post(smsParams(TENANT, body))));
  for (const answer of answers) {
    expect(answer.statusCode).toBe(200);
    expect(answer.body).not.toMatch(APOLOGY);
  }
  const kept = await inboundOf(TENANT);
  expect(kept).toHaveLength(bodies.length);
  expect(kept.every((message) => message.processedAt)).toBe(true);
  expect((await harness.db.prisma.conversation.findFirstOrThrow({ where: { address: TENANT } })).version).toBe(bodies.length);
  await noFaults();
});

test("bad bytes are cleaned at the edge, kept and answered: NUL, lone surrogates, an emoji cut in half at the limit", async () => {
  const bad = ["my tap\u0000 is broken", "help \ud800 please", `${"a".repeat(1600)}\ud83d\ude00`, "\ude00\u0000\u0007"];
  for (const body of bad) {
    const response = await post(smsParams(`${TENANT}\u0000`, body));
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toMatch(APOLOGY);
  }
  const kept = await inboundOf(TENANT);
  expect(kept).toHaveLength(bad.length);
  expect(kept.every((message) => message.processedAt && !message.body.includes("\u0000"))).toBe(true);
  expect(kept[2]!.body).toBe("a".repeat(1600)); // cut before the emoji, never through it
  await noFaults();
});

test("messages spooled while the database was away are kept in order, processed once, and answered by the queue", async () => {
  const sids = [newMessageSid(), newMessageSid()];
  const spool = (harness.app.inbox as unknown as { deps: { spool: { put(message: object): Promise<void> } } }).deps.spool;
  await spool.put({ channel: "sms", address: TENANT, body: "hello", providerSid: sids[0], media: [] });
  await spool.put({ channel: "sms", address: TENANT, body: "report a repair", providerSid: sids[1], media: [] });
  expect(await harness.app.inbox.recover()).toMatchObject({ unspooled: 2 });
  await harness.app.settleJobs();
  const kept = await inboundOf(TENANT);
  expect(kept.map((message) => message.providerSid)).toEqual(sids);
  expect(kept.every((message) => message.processedAt && message.replyByRest)).toBe(true);
  const replies = await harness.db.prisma.message.count({ where: { inReplyToId: { in: kept.map((message) => message.id) } } });
  expect(twilioApi.sent).toHaveLength(replies);
  expect(await harness.app.inbox.recover()).toMatchObject({ unspooled: 0, recovered: 0 });
});

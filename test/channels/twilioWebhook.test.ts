// The Twilio webhook as Twilio calls it: real signatures from the twilio library, forged ones, retries.
import twilio from "twilio";
import { messagesInTwiml, signedWebhook, smsParams } from "../../src/channels/twilio/simulator";
import { Writable } from "node:stream";
import { buildApp, loggerOptions } from "../../src/app";
import { PUBLIC_URL, startTestApp, TEST_API_TOKEN, TEST_AUTH_TOKEN, type TestApp } from "../support/testApp";

const FROM = "+447700900101";
let harness: TestApp;
beforeAll(async () => {
  harness = await startTestApp();
});
beforeEach(async () => harness.reset());
afterAll(async () => harness.close());

function post(request: { path: string; headers: Record<string, string>; payload: string }) {
  return harness.app.inject({ method: "POST", url: request.path, headers: request.headers, payload: request.payload });
}

async function storedMessages() {
  return harness.db.prisma.message.count();
}

test("a correctly signed text is answered in TwiML and both sides are written to the transcript", async () => {
  const response = await post(signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", smsParams(FROM, "hello")));
  expect(response.statusCode).toBe(200);
  expect(response.headers["content-type"]).toMatch(/text\/xml/);
  expect(response.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message action="https:\/\/bot\.example\.org\/webhooks\/twilio\/status\?message=[0-9a-f-]{36}" method="POST">/);
  expect(messagesInTwiml(response.body)[1]).toContain("How can we help?");
  const messages = await harness.db.prisma.message.findMany({ orderBy: { seq: "asc" } });
  expect(messages.map((message) => message.direction)).toEqual(["inbound", "outbound", "outbound"]);
  expect(messages[0]!.body).toBe("hello");
  expect(messages[2]!.segments).toBe(1);
});

test("a forged signature gets 403 and nothing is stored", async () => {
  const request = signedWebhook("not-the-real-auth-token-000000", PUBLIC_URL, "/webhooks/twilio/sms", smsParams(FROM, "hello"));
  const response = await post(request);
  expect(response.statusCode).toBe(403);
  expect(await storedMessages()).toBe(0);
  expect(await harness.db.prisma.conversation.count()).toBe(0);
});

test("a missing signature gets 403", async () => {
  const request = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", smsParams(FROM, "hello"));
  const { "x-twilio-signature": _removed, ...headers } = request.headers;
  const response = await post({ ...request, headers });
  expect(response.statusCode).toBe(403);
  expect(await storedMessages()).toBe(0);
});

test("a body changed after signing gets 403", async () => {
  const request = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", smsParams(FROM, "hello"));
  const response = await post({ ...request, payload: request.payload.replace("hello", "I+smell+gas") });
  expect(response.statusCode).toBe(403);
});

test("a signature made for another host is refused even if the Host header is spoofed", async () => {
  const request = signedWebhook(TEST_AUTH_TOKEN, "https://attacker.example", "/webhooks/twilio/sms", smsParams(FROM, "hello"));
  const response = await post({ ...request, headers: { ...request.headers, host: "attacker.example", "x-forwarded-host": "attacker.example" } });
  expect(response.statusCode).toBe(403);
});

test("extra parameters Twilio adds are part of the signature and accepted", async () => {
  const params = { ...smsParams(FROM, "hello"), FromCity: "LIVERPOOL", ApiVersion: "2010-04-01", MessagingServiceSid: "MG123" };
  const response = await post(signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", params));
  expect(response.statusCode).toBe(200);
});

test("a retried MessageSid is answered with the same replies and processed only once", async () => {
  await harness.text(FROM, "hi");
  const params = smsParams(FROM, "1", "SM0123456789abcdef0123456789abcdef");
  const first = await post(signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", params));
  const retry = await post(signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", params));
  expect(retry.statusCode).toBe(200);
  expect(messagesInTwiml(retry.body)).toEqual(messagesInTwiml(first.body));
  expect(messagesInTwiml(first.body)[0]).toContain("Is there any danger now?");
  // The repeat did not move the conversation on: "1" now answers the danger question only once.
  const inbound = await harness.db.prisma.message.count({ where: { direction: "inbound" } });
  expect(inbound).toBe(2);
  const next = await harness.text(FROM, "6");
  expect(next[0]).toContain("What needs fixing?");
});

test("a request without the fields Twilio always sends gets 400 with a reason", async () => {
  const params = { Body: "hello" };
  const response = await post(signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", params));
  expect(response.statusCode).toBe(400);
  expect(response.json()).toMatchObject({ error: "bad_request", message: expect.stringContaining("MessageSid") });
});

test("WhatsApp messages use the same journey, keyed by the number without the whatsapp: prefix", async () => {
  const params = { ...smsParams("whatsapp:+447700900101", "hello"), To: "whatsapp:+441510000000" };
  const response = await post(signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/whatsapp", params));
  expect(response.statusCode).toBe(200);
  expect(messagesInTwiml(response.body)[1]).toContain("How can we help?");
  const conversation = await harness.db.prisma.conversation.findFirstOrThrow();
  expect(conversation).toMatchObject({ channel: "whatsapp", address: "+447700900101" });
  expect(conversation.tenantId).not.toBeNull();
});

test("a fault inside a turn still gets the tenant an apology, keeps their message and tells staff", async () => {
  await harness.text(FROM, "hi");
  // Break the database under the engine: the turn cannot save its events, but the inbound message is already stored.
  await harness.db.prisma.$executeRawUnsafe(`ALTER TABLE "OutboxEvent" RENAME TO "OutboxEventGone"`);
  try {
    const replies = await harness.text(FROM, "person");
    expect(replies).toEqual(["Sorry, something went wrong our end. We have your message and a person will reply soon."]);
  } finally {
    await harness.db.prisma.$executeRawUnsafe(`ALTER TABLE "OutboxEventGone" RENAME TO "OutboxEvent"`);
  }
  const inbound = await harness.db.prisma.message.findMany({ where: { direction: "inbound" }, orderBy: { seq: "asc" } });
  expect(inbound.map((message) => message.body)).toEqual(["hi", "person"]);
  const fault = await harness.db.prisma.fault.findFirstOrThrow();
  expect(fault.kind).toBe("turn_failed");
  const escalations = await harness.db.prisma.escalation.findMany();
  expect(escalations).toEqual([expect.objectContaining({ reason: "fault", priority: 2 })]);
});

test("media in a message is kept with it", async () => {
  const params = { ...smsParams(FROM, "here is a photo"), NumMedia: "1", MediaUrl0: "https://api.twilio.com/media/ME1", MediaContentType0: "image/jpeg" };
  await post(signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", params));
  const inbound = await harness.db.prisma.message.findFirstOrThrow({ where: { direction: "inbound" } });
  expect(inbound.media).toEqual([{ url: "https://api.twilio.com/media/ME1", contentType: "image/jpeg" }]);
});

test("a card number typed into a text is blanked out before it is stored", async () => {
  await harness.text(FROM, "can I pay with 4111 1111 1111 1111 please");
  const inbound = await harness.db.prisma.message.findFirstOrThrow({ where: { direction: "inbound" } });
  expect(inbound.body).toBe("can I pay with [card number removed] please");
});

test("the signature the twilio library expects is what the simulator sends", () => {
  const params = smsParams(FROM, "hello");
  const request = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", params);
  expect(twilio.validateRequest(TEST_AUTH_TOKEN, request.headers["x-twilio-signature"]!, `${PUBLIC_URL}/webhooks/twilio/sms`, params)).toBe(true);
});

test("two texts arriving together are both applied, one after the other, never both to the same state", async () => {
  await harness.text(FROM, "hi");
  const [first, second] = await Promise.all([
    post(signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", smsParams(FROM, "1"))),
    post(signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", smsParams(FROM, "6"))),
  ]);
  const replies = [...messagesInTwiml(first.body), ...messagesInTwiml(second.body)].join("\n");
  // Either "1" chose a repair and "6" answered the danger question that followed, or "6" chose contact details and
  // "1" answered the identity question (a lone digit is no date of birth, so it is asked for again, not counted as a
  // wrong try): either way the conversation moved on twice and its version counts every turn.
  const conversation = await harness.db.prisma.conversation.findFirstOrThrow({ where: { address: FROM } });
  expect(conversation.version).toBe(3);
  expect(replies).toMatch(/What needs fixing\?|Please send your date of birth/);
  const processed = await harness.db.prisma.message.count({ where: { direction: "inbound", processedAt: { not: null } } });
  expect(processed).toBe(3);
});

test("the log carries no phone number or message text at info level", async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const options = loggerOptions("info") as Record<string, unknown>;
  const app = await buildApp({ config: harness.config, db: harness.db, logger: { ...options, stream } as never });
  try {
    const request = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", smsParams(FROM, "my boiler is broken"));
    await app.inject({ method: "POST", url: request.path, headers: request.headers, payload: request.payload });
    await app.inject({ method: "GET", url: "/api/cases?phone=07700900101", headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
  } finally {
    await app.close();
  }
  const log = lines.join("");
  expect(log).toContain("message received");
  expect(log).not.toMatch(/7700900101|boiler|Bearer/);
});

test("Twilio's delivery report for a reply is recorded against that reply", async () => {
  const response = await post(signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", smsParams(FROM, "hello")));
  const [, messageId] = /status\?message=([0-9a-f-]{36})/.exec(response.body)!;
  const path = `/webhooks/twilio/status?message=${messageId}`;
  const report = { MessageSid: "SMfeedfacefeedfacefeedfacefeedface", MessageStatus: "undelivered", ErrorCode: "30003", AccountSid: "AC0" };
  const callback = await post(signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, path, report));
  expect(callback.statusCode).toBe(204);
  const reply = await harness.db.prisma.message.findUniqueOrThrow({ where: { id: messageId! } });
  expect(reply).toMatchObject({ deliveryStatus: "undelivered", deliveryError: "30003", providerSid: report.MessageSid });

  const forged = await post(signedWebhook("wrong-token-wrong-token-wrong", PUBLIC_URL, path, { ...report, MessageStatus: "delivered" }));
  expect(forged.statusCode).toBe(403);
  const unknown = `/webhooks/twilio/status?message=00000000-0000-4000-8000-000000000000`;
  expect((await post(signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, unknown, report))).statusCode).toBe(404);
});

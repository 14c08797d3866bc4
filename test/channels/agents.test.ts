// Microsoft channels through the Agents SDK at POST /api/messages: anonymous local use, replies with suggested actions,
// replies and a later staff message sent to the channel's connector (a stand-in on loopback), the SDK's own
// authentication refusing a caller without a valid token once an app id is configured, the channels off in production
// without one, and bad bytes or a body that is not an activity.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { buildApp } from "../../src/app";
import { loadConfig } from "../../src/config";
import { createStaff } from "../../src/staff/accounts";
import { createTestDatabase } from "../support/databases";
import { startTestApp, TEST_API_TOKEN, type TestApp } from "../support/testApp";

const JPEG = Buffer.from("ffd8ffe000104a46494600010100000100010000ffd9", "hex");

let harness: TestApp;
let connector: Server;
let connectorUrl: string;
const posted: { path: string; activity: { type: string; text: string; suggestedActions?: { actions: { title: string; value: string }[] } } }[] = [];

beforeAll(async () => {
  harness = await startTestApp();
  // Stands in for a channel's Bot Connector service (what Teams or Azure Web Chat give as serviceUrl).
  connector = createServer((request, response) => {
    if (request.method === "GET") {
      if (request.url === "/attachments/leak.jpg") response.writeHead(200, { "content-type": "image/jpeg", "content-length": String(JPEG.length) }).end(JPEG);
      else response.writeHead(404).end();
      return;
    }
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      posted.push({ path: request.url ?? "", activity: JSON.parse(body) });
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `sent-${posted.length}` }));
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, "127.0.0.1", resolve));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
});
beforeEach(async () => {
  await harness.reset();
  posted.length = 0;
});
afterAll(async () => {
  await harness.close();
  await new Promise((resolve) => connector.close(resolve));
});

function activity(fields: Record<string, unknown>) {
  return {
    channelId: "msteams",
    serviceUrl: connectorUrl,
    conversation: { id: "a:teams-conversation-1" },
    from: { id: "29:tenant", name: "Tenant" },
    recipient: { id: "28:bot", name: "Mersey Homes" },
    id: `activity-${Math.random().toString(36).slice(2)}`,
    ...fields,
  };
}

async function expectReplies(fields: Record<string, unknown>) {
  const response = await harness.app.inject({ method: "POST", url: "/api/messages", payload: activity({ deliveryMode: "expectReplies", ...fields }) });
  expect(response.statusCode).toBe(200);
  return (response.json() as { activities: { text: string; suggestedActions?: { actions: { title: string; value: string }[] } }[] }).activities;
}

test("anonymously (local use), joining shows the menu as suggested actions and a tapped choice goes on with the journey", async () => {
  const opened = await expectReplies({ type: "conversationUpdate", membersAdded: [{ id: "29:tenant" }] });
  expect(opened.map((reply) => reply.text)).toEqual([expect.stringMatching(/^This is Mersey Homes/), "How can we help?"]);
  const actions = opened[1]!.suggestedActions!.actions;
  expect(actions[0]).toEqual(expect.objectContaining({ type: "imBack", title: "🔧 Report a repair", value: "Report a repair" }));
  expect(actions).toHaveLength(8);
  const next = await expectReplies({ type: "message", text: "Report a repair" });
  expect(next.map((reply) => reply.text)).toEqual(["Is there any danger now?"]);
  const conversation = await harness.db.prisma.conversation.findFirstOrThrow({ where: { channel: "microsoft" } });
  expect(conversation.address).toBe("msteams:a:teams-conversation-1");
});

test("danger gets safety advice through the channel's connector first, and a staff reply later reaches the same conversation", async () => {
  const response = await harness.app.inject({ method: "POST", url: "/api/messages", payload: activity({ type: "message", text: "i can smell gas in the kitchen" }) });
  expect(response.statusCode).toBe(200);
  expect(posted[0]!.path).toMatch(/^\/v3\/conversations\/a:teams-conversation-1\/activities/);
  expect(posted.map((item) => item.activity.text).join("\n")).toMatch(/0800 111 999/);

  const escalation = await harness.db.prisma.escalation.findFirstOrThrow({ where: { reason: "emergency" } });
  await createStaff(harness.db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: "correct horse battery staple" });
  const staff = { authorization: `Bearer ${TEST_API_TOKEN}`, "x-acting-as": "ann@merseyhomes.org" };
  await harness.app.inject({ method: "POST", url: `/api/escalations/${escalation.id}/claim`, headers: staff });
  posted.length = 0;
  const sent = await harness.app.inject({ method: "POST", url: `/api/escalations/${escalation.id}/reply`, headers: staff, payload: { text: "Ann here. Are you out of the house?" } });
  expect(sent.json()).toMatchObject({ ok: true, deliveryStatus: "queued" });
  await harness.app.settleJobs();
  expect(posted).toEqual([expect.objectContaining({ activity: expect.objectContaining({ type: "message", text: "Ann here. Are you out of the house?" }) })]);
});

test("with an Azure Bot's app id configured, a caller without a valid Bot Service token is refused and nothing is kept", async () => {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: "pglite:memory:",
    MICROSOFT_APP_ID: "00000000-0000-4000-8000-000000000001",
    MICROSOFT_APP_PASSWORD: "not-a-real-secret",
    MICROSOFT_APP_TENANT_ID: "00000000-0000-4000-8000-000000000002",
  });
  const app = await buildApp({ config, db, logger: false });
  try {
    const payload = activity({ type: "message", text: "hello" });
    const missing = await app.inject({ method: "POST", url: "/api/messages", payload });
    expect(missing.statusCode).toBe(401);
    const forged = await app.inject({ method: "POST", url: "/api/messages", payload, headers: { authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl" } });
    expect(forged.statusCode).toBe(401);
    expect(await db.prisma.message.count()).toBe(0);
  } finally {
    await app.close();
    await db.dispose();
  }
});

test("a photo sent on a Microsoft channel is fetched from the channel's own service and kept; one from elsewhere is refused", async () => {
  const replies = await expectReplies({
    type: "message",
    text: "",
    attachments: [
      { contentType: "image/jpeg", contentUrl: `${connectorUrl}attachments/leak.jpg` },
      { contentType: "image/png", contentUrl: "https://elsewhere.example/secret.png" },
    ],
  });
  expect(replies.map((reply) => reply.text)).toContain("Thank you, we have your photo or video. We will add it to your report. Please tell us in words what it shows.");
  await harness.app.settleJobs();
  const attachments = await harness.db.prisma.attachment.findMany({ orderBy: { createdAt: "asc" } });
  expect(attachments).toEqual([
    expect.objectContaining({ status: "stored", contentType: "image/jpeg", sizeBytes: JPEG.length }),
    expect.objectContaining({ status: "rejected", reason: "not an address of the channel's own service" }),
  ]);
});

test("a file that is not a photo is not lost: it is recorded with why it was refused, and a person is asked to look", async () => {
  const replies = await expectReplies({
    type: "message",
    text: "",
    attachments: [{ contentType: "application/pdf", contentUrl: `${connectorUrl}attachments/tenancy.pdf`, name: "tenancy.pdf" }],
  });
  expect(replies.map((reply) => reply.text).join("\n")).toMatch(/person/i);
  await harness.app.settleJobs();
  expect(await harness.db.prisma.attachment.findMany()).toEqual([
    expect.objectContaining({ status: "rejected", contentType: "application/pdf", reason: "type application/pdf is not accepted" }),
  ]);
  expect(await harness.db.prisma.escalation.findFirst({ where: { reason: "unreadable" } })).not.toBeNull();
});

test("in production without MICROSOFT_APP_ID the server starts with Microsoft channels off: /api/messages says why, and so does the start", async () => {
  const db = await createTestDatabase();
  const lines: { msg: string; event?: string }[] = [];
  const config = loadConfig({
    NODE_ENV: "production",
    TWILIO_AUTH_TOKEN: "0123456789abcdef0123456789abcdef",
    API_TOKEN: "a-long-random-token-for-the-back-office",
    PUBLIC_URL: "https://bot.example.org",
    DATABASE_URL: "pglite:memory:",
    DIRECT_LINE_SECRET: "a-long-random-secret-that-signs-web-chat-tokens",
    SPOOL_DIR: path.join(os.tmpdir(), "tfd-agents-off-spool"),
  });
  // The SDK reads NODE_ENV itself, and until now threw "ClientId required in production" while the app was built.
  const testEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  const logger = { level: "info", stream: { write: (line: string) => lines.push(JSON.parse(line)) } };
  const app = await buildApp({ config, db, logger }).finally(() => (process.env.NODE_ENV = testEnv));
  try {
    const response = await app.inject({ method: "POST", url: "/api/messages", payload: activity({ type: "message", text: "hello" }) });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: "channel_off", message: "Microsoft channels are off on this server: MICROSOFT_APP_ID is not set" });
    expect(lines.filter((line) => line.event === "agents.off").map((line) => line.msg)).toEqual([
      "Microsoft channels (/api/messages) are off because MICROSOFT_APP_ID is unset",
    ]);
    expect((await app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
    expect(await db.prisma.message.count()).toBe(0);
  } finally {
    await app.close();
    await db.dispose();
  }
});

test("bad bytes on a Microsoft channel are cleaned, stored and answered, and the conversation reference kept without them", async () => {
  const replies = await expectReplies({
    type: "message",
    text: "my boiler\u0000 is broke \uD800\u0007 since monday",
    id: "activity-\u0000-1",
    from: { id: "29:tenant", name: "Ann\u0000 \uDC00" },
  });
  expect(replies.length).toBeGreaterThan(0);
  expect(replies.map((reply) => reply.text).join("\n")).not.toMatch(/Sorry, something went wrong/);
  const message = await harness.db.prisma.message.findFirstOrThrow({ where: { direction: "inbound" } });
  expect(message).toMatchObject({ body: "my boiler is broke \uFFFD since monday", providerSid: "ms:msteams:a:teams-conversation-1:activity--1" });
  const conversation = await harness.db.prisma.conversation.findFirstOrThrow({ where: { channel: "microsoft" } });
  expect(conversation.reference).toMatchObject({ user: { id: "29:tenant", name: "Ann \uFFFD" } });
});

test("a body that is not an activity gets 400 with a reason, not a 500 from inside the SDK", async () => {
  const cases: [unknown, RegExp][] = [
    [[activity({ type: "message", text: "hi" })], /JSON object/],
    [activity({ type: 7, text: "hi" }), /Not an Activity: type/],
    [activity({ type: "message", text: ["hi"] }), /Not an Activity: text: /],
    [activity({ type: "message", text: "hi", conversation: undefined }), /conversation\.id/],
    [activity({ type: "message", text: "hi", conversation: { id: " " } }), /conversation\.id/],
    [activity({ type: "message", text: "hi", serviceUrl: "not a url" }), /serviceUrl/],
    [activity({ type: "message", text: "hi", serviceUrl: "file:///etc/passwd" }), /serviceUrl/],
  ];
  for (const [payload, reason] of cases) {
    const response = await harness.app.inject({ method: "POST", url: "/api/messages", payload: payload as object });
    expect([response.statusCode, response.json().message]).toEqual([400, expect.stringMatching(reason)]);
  }
  const invalid = await harness.app.inject({ method: "POST", url: "/api/messages", headers: { "content-type": "application/json" }, payload: '{"type":"message",' });
  expect(invalid.statusCode).toBe(400);
  expect(await harness.db.prisma.message.count()).toBe(0);
});

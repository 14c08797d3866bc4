// The staff side through HTTP: logging in, the queue, claiming (two staff racing), replying on the tenant's channel
// through the real twilio client (to a stand-in for Twilio's API on loopback), closing and handing back.
import type { LightMyRequestResponse } from "fastify";
import { signedWebhook, smsParams } from "../../src/channels/twilio/simulator";
import { createStaff } from "../../src/staff/accounts";
import { startFakeTwilio, type FakeTwilio } from "../support/fakeTwilio";
import { PUBLIC_URL, startTestApp, TEST_API_TOKEN, TEST_AUTH_TOKEN, TEST_FROM_NUMBER, type TestApp } from "../support/testApp";

const TENANT = "+447700900101";
const PASSWORD = "correct horse battery staple";

let twilioApi: FakeTwilio;
let harness: TestApp;
beforeAll(async () => {
  twilioApi = await startFakeTwilio("test-twilio-auth-token-0123456789");
  harness = await startTestApp({ now: "2026-11-23T10:00:00Z", twilioApi: twilioApi.baseUrl });
});
beforeEach(async () => {
  twilioApi.sent.length = 0;
  await harness.reset();
  for (const [email, name, role] of [
    ["ann@merseyhomes.org", "Ann Agent", "agent"],
    ["bob@merseyhomes.org", "Bob Agent", "agent"],
    ["sue@merseyhomes.org", "Sue Supervisor", "supervisor"],
  ] as const) {
    await createStaff(harness.db.prisma, { email, name, role, password: PASSWORD });
  }
});
afterAll(async () => {
  await harness.close();
  await twilioApi.close();
});

interface Browser {
  cookie: string;
  csrf: string;
}

async function logIn(email: string): Promise<Browser> {
  const response = await harness.app.inject({
    method: "POST",
    url: "/console/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ email, password: PASSWORD }).toString(),
  });
  expect(response.statusCode).toBe(303);
  const cookie = String(response.headers["set-cookie"]).split(";")[0]!;
  const page = await harness.app.inject({ url: "/console", headers: { cookie } });
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(page.body)![1]!;
  return { cookie, csrf };
}

function call(browser: Browser, method: "GET" | "POST", url: string, payload?: object): Promise<LightMyRequestResponse> {
  return harness.app.inject({ method, url, headers: { cookie: browser.cookie, "x-csrf-token": browser.csrf }, payload });
}

async function escalationFromSms(): Promise<string> {
  await harness.text(TENANT, "can i speak to a person please");
  const escalation = await harness.db.prisma.escalation.findFirstOrThrow();
  return escalation.id;
}

test("a bad password is refused and audited; the staff API needs a login", async () => {
  const response = await harness.app.inject({
    method: "POST",
    url: "/console/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: "email=ann%40merseyhomes.org&password=wrong",
  });
  expect(response.statusCode).toBe(401);
  expect(response.body).toContain("do not match an account");
  expect(await harness.db.prisma.auditEntry.findFirst({ where: { action: "login_failed" } })).not.toBeNull();
  expect((await harness.app.inject({ url: "/api/escalations" })).statusCode).toBe(401);
});

test("the session cookie is httpOnly and strict, and an action without the CSRF token is refused", async () => {
  const response = await harness.app.inject({
    method: "POST",
    url: "/console/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ email: "ann@merseyhomes.org", password: PASSWORD }).toString(),
  });
  expect(String(response.headers["set-cookie"])).toMatch(/HttpOnly/);
  expect(String(response.headers["set-cookie"])).toMatch(/SameSite=Strict/);
  const id = await escalationFromSms();
  const cookie = String(response.headers["set-cookie"]).split(";")[0]!;
  const forged = await harness.app.inject({ method: "POST", url: `/api/escalations/${id}/claim`, headers: { cookie } });
  expect(forged.statusCode).toBe(403);
});

test("an escalation raised over SMS is in the queue; two staff race to claim it and only one wins", async () => {
  const id = await escalationFromSms();
  const [ann, bob] = [await logIn("ann@merseyhomes.org"), await logIn("bob@merseyhomes.org")];
  const queue = (await call(ann, "GET", "/api/escalations")).json();
  expect(queue.escalations).toEqual([expect.objectContaining({ id, reason: "asked_for_person", status: "open", tenantName: "Maureen Kelly" })]);

  const results = await Promise.all([call(ann, "POST", `/api/escalations/${id}/claim`), call(bob, "POST", `/api/escalations/${id}/claim`)]);
  expect(results.map((result) => result.statusCode).sort()).toEqual([200, 409]);
  const loser = results.find((result) => result.statusCode === 409)!;
  expect(loser.json().message).toMatch(/has already claimed this/);
});

test("claimed, the bot goes quiet; staff reply on the tenant's channel; close gives the tenant back to the bot", async () => {
  const id = await escalationFromSms();
  const ann = await logIn("ann@merseyhomes.org");
  expect((await call(ann, "POST", `/api/escalations/${id}/claim`)).statusCode).toBe(200);

  expect(await harness.text(TENANT, "hello is anyone there")).toEqual([]);
  const detail = (await call(ann, "GET", `/api/escalations/${id}`)).json();
  expect(detail).toMatchObject({ status: "claimed", claimedByYou: true, tenant: { name: "Maureen Kelly", tenancyRef: "T100001" } });
  expect(detail.transcript.map((message: { from: string; body: string }) => `${message.from}: ${message.body}`)).toContain("tenant: hello is anyone there");

  const sent = await call(ann, "POST", `/api/escalations/${id}/reply`, { text: "Hi Maureen, it’s Ann from Mersey Homes. How can I help?" });
  expect(sent.json()).toEqual({ ok: true, deliveryStatus: "queued", segments: 1, waitingForTenant: false, channel: "sms" });
  await harness.app.settleJobs();
  expect(twilioApi.sent).toEqual([expect.objectContaining({ To: TENANT, From: TEST_FROM_NUMBER, Body: "Hi Maureen, it's Ann from Mersey Homes. How can I help?" })]);

  expect((await call(ann, "POST", `/api/escalations/${id}/close`, { outcome: "Rent query answered" })).statusCode).toBe(200);
  const story = (await call(ann, "GET", `/api/escalations/${id}`)).json().transcript.filter((entry: { from: string }) => entry.from === "event");
  expect(story.map((entry: { body: string }) => entry.body)).toEqual([
    "Handed to a person: asked for person (priority 3)",
    "Claimed by Ann Agent",
    "Closed: Rent query answered",
  ]);
  expect((await harness.text(TENANT, "hi"))[0]).toMatch(/^How can we help\?/);
  const actions = (await harness.db.prisma.auditEntry.findMany({ where: { subject: id }, orderBy: { at: "asc" } })).map((entry) => entry.action);
  expect(actions).toEqual(["claim", "view", "reply", "close"]);
});

test("STOP while a person holds the conversation is honoured, and staff cannot then text the tenant", async () => {
  const id = await escalationFromSms();
  const ann = await logIn("ann@merseyhomes.org");
  await call(ann, "POST", `/api/escalations/${id}/claim`);
  expect(await harness.text(TENANT, "STOP")).toEqual(["You will get no more texts from us. Text START to turn them back on."]);
  const refused = await call(ann, "POST", `/api/escalations/${id}/reply`, { text: "Hello?" });
  expect(refused.statusCode).toBe(409);
  expect(refused.json().error).toBe("opted_out");
  await harness.app.settleJobs();
  expect(twilioApi.sent).toEqual([]);
});

test("hand back tells the tenant, and only the holder or a supervisor may act on a claimed conversation", async () => {
  const id = await escalationFromSms();
  const [ann, bob, sue] = [await logIn("ann@merseyhomes.org"), await logIn("bob@merseyhomes.org"), await logIn("sue@merseyhomes.org")];
  await call(ann, "POST", `/api/escalations/${id}/claim`);
  expect((await call(bob, "POST", `/api/escalations/${id}/reply`, { text: "Hi" })).statusCode).toBe(409);
  expect((await call(sue, "POST", `/api/escalations/${id}/hand-back`)).json()).toEqual({ ok: true, deliveryStatus: "queued" });
  await harness.app.settleJobs();
  expect(twilioApi.sent[0]!.Body).toMatch(/^You are back with our text service/);
  expect((await harness.db.prisma.escalation.findUniqueOrThrow({ where: { id } })).status).toBe("handed_back");
});

test("a contact-centre tool uses the same API with the API token, acting for a named member of staff", async () => {
  const id = await escalationFromSms();
  const headers = { authorization: `Bearer ${TEST_API_TOKEN}`, "x-acting-as": "bob@merseyhomes.org" };
  expect((await harness.app.inject({ method: "POST", url: `/api/escalations/${id}/claim`, headers })).statusCode).toBe(200);
  const withoutStaff = await harness.app.inject({ url: "/api/escalations", headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
  expect(withoutStaff.statusCode).toBe(403);
  const entry = await harness.db.prisma.auditEntry.findFirstOrThrow({ where: { action: "claim" } });
  expect(entry.actor).toMatch(/^api:/);
  const docs = (await harness.app.inject({ url: "/docs/json" })).json();
  expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(["/api/escalations", "/api/escalations/{id}/claim", "/api/escalations/{id}/reply"]));
});

test("saved replies come with the demo data, and only a supervisor can change them", async () => {
  const [ann, sue] = [await logIn("ann@merseyhomes.org"), await logIn("sue@merseyhomes.org")];
  expect((await call(ann, "GET", "/api/saved-replies")).json().savedReplies).toEqual(
    expect.arrayContaining([expect.objectContaining({ title: "Introduce yourself" })]),
  );
  const reply = { title: "Out of hours", body: "We are closed now. We will text you when we open." };
  expect((await call(ann, "POST", "/api/saved-replies", reply)).statusCode).toBe(403);
  expect((await call(sue, "POST", "/api/saved-replies", reply)).statusCode).toBe(200);
  expect((await call(ann, "GET", "/api/saved-replies")).json().savedReplies).toEqual(expect.arrayContaining([reply]));
});

test("ten wrong passwords pause the account for 15 minutes, even with the right one", async () => {
  const attempt = (password: string) =>
    harness.app.inject({
      method: "POST",
      url: "/console/login",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ email: "bob@merseyhomes.org", password }).toString(),
    });
  for (let index = 0; index < 10; index += 1) expect((await attempt(`wrong ${index}`)).statusCode).toBe(401);
  const locked = await attempt(PASSWORD);
  expect(locked.statusCode).toBe(429);
  expect(locked.body).toContain("Too many wrong passwords");
});

test("a tenant who texted by SMS and then WhatsApp is one story for staff, with the channel of every message", async () => {
  await harness.text(TENANT, "my boiler is broken");
  const params = { ...smsParams(`whatsapp:${TENANT}`, "can i speak to a person"), To: "whatsapp:+441510000000" };
  const request = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/whatsapp", params);
  await harness.app.inject({ method: "POST", url: request.path, headers: request.headers, payload: request.payload });
  const escalation = await harness.db.prisma.escalation.findFirstOrThrow();
  const ann = await logIn("ann@merseyhomes.org");
  const detail = (await call(ann, "GET", `/api/escalations/${escalation.id}`)).json();
  expect(detail).toMatchObject({ channel: "whatsapp", tenant: { name: "Maureen Kelly" } });
  const tenantSaid = detail.transcript.filter((entry: { from: string }) => entry.from === "tenant").map((entry: { channel: string; body: string }) => `${entry.channel}: ${entry.body}`);
  expect(tenantSaid).toEqual(["sms: my boiler is broken", "whatsapp: can i speak to a person"]);
});

test("a blank reply or outcome is refused with a reason, and nothing is sent", async () => {
  const id = await escalationFromSms();
  const ann = await logIn("ann@merseyhomes.org");
  await call(ann, "POST", `/api/escalations/${id}/claim`);
  const blank = await call(ann, "POST", `/api/escalations/${id}/reply`, { text: "   " });
  expect(blank.statusCode).toBe(400);
  expect(blank.json().message).toMatch(/text/);
  expect((await call(ann, "POST", `/api/escalations/${id}/close`, { outcome: "    " })).statusCode).toBe(400);
  await harness.app.settleJobs();
  expect(twilioApi.sent).toEqual([]);
});

test("the queue is one row per tenant, filtered to mine or unclaimed, and searched by name, number, reference or postcode", async () => {
  const ann = await logIn("ann@merseyhomes.org");
  const bob = await logIn("bob@merseyhomes.org");
  await harness.text(TENANT, "can i speak to a person please"); // Maureen Kelly, 12 Anfield Road, L4 0TH
  await harness.text("+447700900299", "can i speak to a person please"); // a number we do not know
  const maureens = await harness.db.prisma.escalation.findFirstOrThrow({ where: { conversation: { address: TENANT } } });
  // A second escalation of her conversation, more urgent: her one row is that one, and names the other.
  const urgent = await harness.db.prisma.escalation.create({
    data: { conversationId: maureens.conversationId, reason: "safeguarding", priority: 1, respondBy: new Date("2026-11-23T10:15:00Z"), transcript: [] },
  });
  const list = async (who: Browser, query = "") => {
    const response = await call(who, "GET", `/api/escalations${query}`);
    expect(response.statusCode).toBe(200);
    return response.json() as { escalations: { id: string; tenantName: string | null; number: string | null; address: string | null; lastWords: string; also: string[] }[]; waiting: unknown[] };
  };
  const all = await list(ann);
  expect(all.escalations).toHaveLength(2);
  expect(all.escalations[0]).toMatchObject({ id: urgent.id, tenantName: "Maureen Kelly", address: "12 Anfield Road, L4 0TH", lastWords: "can i speak to a person please", also: ["asked_for_person"] });
  expect(all.escalations[1]).toMatchObject({ tenantName: null, number: "+447700900299", address: null });
  expect(all.waiting).toHaveLength(2);

  const names = async (query: string) => (await list(ann, query)).escalations.map((row) => row.tenantName ?? row.number);
  expect(await names("?search=maureen%20kelly")).toEqual(["Maureen Kelly"]);
  expect(await names("?search=l40th")).toEqual(["Maureen Kelly"]);
  expect(await names("?search=07700%20900299")).toEqual(["+447700900299"]);
  expect(await names("?search=nobody")).toEqual([]);

  await call(bob, "POST", `/api/escalations/${urgent.id}/claim`);
  expect(await names("?filter=unclaimed")).toEqual(["+447700900299"]);
  expect(await names("?filter=mine")).toEqual([]);
  expect((await list(bob, "?filter=mine")).escalations.map((row) => row.tenantName)).toEqual(["Maureen Kelly"]);

  for (const bad of ["?filter=everyone", "?search=%3Cscript%3E", `?search=${"a".repeat(61)}`, "?search=a"]) {
    const response = await call(ann, "GET", `/api/escalations${bad}`);
    expect(response.statusCode).toBe(400);
  }
});

test("a private note on the case is kept for staff, audited without its words, and never sent to the tenant", async () => {
  const ann = await logIn("ann@merseyhomes.org");
  await harness.text(TENANT, "my toilet is blocked and will not flush");
  const conversation = await harness.db.prisma.conversation.findFirstOrThrow({ where: { address: TENANT } });
  const repair = await harness.db.prisma.case.create({
    data: {
      reference: "R000901", type: "repair", priority: "routine", category: "toilet", description: "Toilet blocked", phone: TENANT, verified: true,
      conversationId: conversation.id, reportedAt: new Date(), dueAt: new Date(), details: {},
    },
  });
  const escalation = await harness.db.prisma.escalation.create({
    data: { conversationId: conversation.id, caseId: repair.id, reason: "asked_for_person", priority: 3, respondBy: new Date(), transcript: [] },
  });
  const sentBefore = twilioApi.sent.length;
  const noted = await call(ann, "POST", `/api/escalations/${escalation.id}/notes`, { text: "Neighbour says the stack is blocked too" });
  expect(noted.statusCode).toBe(200);
  expect((await call(ann, "POST", `/api/escalations/${escalation.id}/notes`, { text: "  " })).statusCode).toBe(400);

  const opened = (await call(ann, "GET", `/api/escalations/${escalation.id}`)).json();
  expect(opened.case.privateNotes).toEqual([{ by: "Ann Agent", body: "Neighbour says the stack is blocked too", at: expect.any(String) }]);
  expect(opened.case.notes).toEqual([]);
  expect(opened.transcript.map((message: { body: string }) => message.body).join(" ")).not.toContain("Neighbour");
  await harness.app.settleJobs();
  expect(twilioApi.sent.length).toBe(sentBefore);
  const entry = await harness.db.prisma.auditEntry.findFirstOrThrow({ where: { action: "private_note" } });
  expect(entry).toMatchObject({ subject: escalation.id, detail: { caseReference: "R000901" } });
  expect(JSON.stringify(entry)).not.toContain("Neighbour");
});

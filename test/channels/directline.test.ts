// The web chat's Direct Line 3.0 endpoints over HTTP: tokens, the opening menu, a journey by tapping the buttons'
// words, photos, bad requests and bad bytes, and a staff reply arriving in the chat.
import type { AddressInfo } from "node:net";
import WebSocket from "ws";
import { createStaff } from "../../src/staff/accounts";
import { startTestApp, TEST_API_TOKEN, type TestApp } from "../support/testApp";

let harness: TestApp;

beforeAll(async () => {
  harness = await startTestApp();
});
beforeEach(async () => {
  await harness.reset();
});
afterAll(async () => {
  await harness.close();
});

interface Activity {
  id: string;
  from: { id: string; role: string };
  text: string;
  suggestedActions?: { to: string[]; actions: { type: string; title: string; value: string; channelData: { icon: string } }[] };
  channelData?: { clientActivityID?: string; fromStaff?: boolean };
  attachments?: { contentType: string }[];
}

/** A web chat visitor: a token, the conversation, and what the bot has said since they last looked. */
async function visitor() {
  const generated = await harness.app.inject({ method: "POST", url: "/v3/directline/tokens/generate" });
  expect(generated.statusCode).toBe(200);
  const { token, conversationId } = generated.json() as { token: string; conversationId: string };
  const headers = { authorization: `Bearer ${token}` };
  let watermark = "";
  // As some Direct Line clients do: a JSON content type and no body.
  const started = await harness.app.inject({ method: "POST", url: "/v3/directline/conversations", headers: { ...headers, "content-type": "application/json" } });
  expect(started.statusCode).toBe(201);
  expect(started.json().streamUrl).toMatch(new RegExp(`^ws://.+/v3/directline/conversations/${conversationId}/stream\\?t=`));
  const base = `/v3/directline/conversations/${conversationId}`;
  return {
    conversationId,
    headers,
    async read(): Promise<Activity[]> {
      const response = await harness.app.inject({ method: "GET", url: `${base}/activities?watermark=${watermark}`, headers });
      expect(response.statusCode).toBe(200);
      const page = response.json() as { activities: Activity[]; watermark: string };
      watermark = page.watermark;
      return page.activities;
    },
    async tap(text: string): Promise<Activity[]> {
      const posted = await harness.app.inject({ method: "POST", url: `${base}/activities`, headers, payload: { type: "message", from: { id: "me" }, text, channelData: { clientActivityID: `c-${text}` } } });
      expect(posted.statusCode).toBe(200);
      return (await this.read()).filter((activity) => activity.from.role === "bot");
    },
    async upload(contentType: string, bytes: Buffer) {
      const boundary = "----tenantphoto";
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="activity"; filename="blob"\r\nContent-Type: application/vnd.microsoft.activity\r\n\r\n`),
        Buffer.from(JSON.stringify({ type: "message", from: { id: "me" } })),
        Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo"\r\nContent-Type: ${contentType}\r\n\r\n`),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return harness.app.inject({ method: "POST", url: `${base}/upload?userId=me`, headers: { ...headers, "content-type": `multipart/form-data; boundary=${boundary}` }, payload: body });
    },
  };
}

const JPEG = Buffer.from("/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=", "base64");

test("the chat opens with the menu as buttons with icons, and a repair is reported by tapping, with a photo on the case", async () => {
  const chat = await visitor();
  const opening = await chat.read();
  expect(opening.map((activity) => activity.text)).toEqual([expect.stringMatching(/^This is Mersey Homes/), "How can we help?"]);
  const menu = opening[1]!.suggestedActions!.actions;
  expect(menu.map((action) => action.title)).toEqual(["Report a repair", "Repair update", "Noise or nuisance", "Rent and money", "Complaint", "My phone or email", "Something else", "Talk to a person"]);
  expect(menu.every((action) => action.type === "imBack" && action.value === action.title && action.channelData.icon.length > 0)).toBe(true);
  // Addressed to no one in particular: Microsoft's Web Chat hides actions addressed to a user id it does not know.
  expect(opening[1]!.suggestedActions!.to).toEqual([]);

  const steps: [string, string][] = [
    ["Report a repair", "Is there any danger now?"],
    ["No danger", "What needs fixing?"],
    ["A leak", "Can you stop the water, or catch it in a bowl?"],
    ["Yes", "Where is the problem?"],
    ["Kitchen", "Tell us about the problem in a few words."],
  ];
  for (const [tap, asked] of steps) expect((await chat.tap(tap)).at(-1)!.text).toBe(asked);
  expect((await chat.tap("Kitchen")).length).toBe(0); // a repeated tap (same client id) is not answered twice

  const photo = await chat.upload("image/jpeg", JPEG);
  expect(photo.statusCode).toBe(200);
  const afterPhoto = (await chat.read()).filter((activity) => activity.from.role === "bot").map((activity) => activity.text);
  expect(afterPhoto.at(-1)).toBe("Tell us about the problem in a few words.");
  const describe = (await chat.tap("My photo shows it")).at(-1)!;
  expect(describe.text).toBe("When can we get in to fix it?");
  expect((await chat.tap("Any weekday")).at(-1)!.suggestedActions!.actions.map((action) => action.title)).toEqual(["I do not know"]);
  const contact = await chat.tap("I do not know");
  expect(contact.map((activity) => activity.text)).toEqual([
    "That is fine. We will still take your report and check where you live.",
    "What phone number can we call or text you on about this?",
  ]);
  expect(contact[1]!.suggestedActions!.actions.map((action) => action.title)).toEqual(["Only in this chat"]);
  expect((await chat.tap("07700 900 123")).at(-1)!.text).toMatch(/^Please check:/);
  const done = await chat.tap("Yes, send it");
  expect(done.at(-1)!.text).toMatch(/Your ref is R000001/);

  const repair = await harness.db.prisma.case.findUniqueOrThrow({ where: { reference: "R000001" }, include: { conversation: true } });
  expect(repair).toMatchObject({
    category: "leak",
    location: "kitchen",
    description: "My photo shows it",
    verified: false,
    phone: "+447700900123",
    conversation: { channel: "webchat", address: chat.conversationId },
  });
  const attachments = await harness.db.prisma.attachment.findMany();
  expect(attachments).toEqual([expect.objectContaining({ status: "stored", contentType: "image/jpeg", caseId: repair.id, sizeBytes: JPEG.length })]);
});

test("a question asked again says nothing of replying with numbers the web chat does not show", async () => {
  const chat = await visitor();
  await chat.read();
  await chat.tap("Report a repair");
  const again = (await chat.tap("blah blah")).at(-1)!;
  expect(again.text).toBe("Any danger?");
  expect(again.suggestedActions!.actions).toHaveLength(6);
});

test("two conversations that happen to use the same client id for a message are both answered; a retry is not", async () => {
  const first = await visitor();
  const second = await visitor();
  await first.read();
  await second.read();
  expect((await first.tap("Report a repair")).at(-1)!.text).toBe("Is there any danger now?");
  // The same text, so the same clientActivityID (c-Report a repair), in another conversation.
  expect((await second.tap("Report a repair")).at(-1)!.text).toBe("Is there any danger now?");
  expect(await first.tap("Report a repair")).toEqual([]);
  // Each tenant's message comes back with their own client id, which is how Web Chat knows it as its own.
  const history = await harness.app.inject({ method: "GET", url: `/v3/directline/conversations/${second.conversationId}/activities`, headers: second.headers });
  const echoes = (history.json().activities as Activity[]).filter((activity) => activity.from.role === "user");
  expect(echoes.map((activity) => activity.channelData?.clientActivityID)).toEqual(["c-Report a repair"]);
  const stored = await harness.db.prisma.message.count({ where: { direction: "inbound", body: "Report a repair" } });
  expect(stored).toBe(2);
});

test("a staff member who claims a web chat is announced by name, and their reply reaches the chat as theirs", async () => {
  const chat = await visitor();
  await chat.read();
  await chat.tap("Talk to a person");
  const escalation = await harness.db.prisma.escalation.findFirstOrThrow();
  await createStaff(harness.db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: "correct horse battery staple" });
  const staff = { authorization: `Bearer ${TEST_API_TOKEN}`, "x-acting-as": "ann@merseyhomes.org" };
  expect((await harness.app.inject({ method: "POST", url: `/api/escalations/${escalation.id}/claim`, headers: staff })).statusCode).toBe(200);
  await harness.app.settleJobs();
  const [joined] = await chat.read();
  expect(joined).toMatchObject({ text: "Ann from Mersey Homes has joined the chat.", from: { name: "Ann from Mersey Homes", role: "bot" }, channelData: { fromStaff: true } });
  const sent = await harness.app.inject({ method: "POST", url: `/api/escalations/${escalation.id}/reply`, headers: staff, payload: { text: "Hello, this is Ann. How can I help?" } });
  expect(sent.json()).toMatchObject({ ok: true, deliveryStatus: "queued" });
  await harness.app.settleJobs();
  const [reply] = await chat.read();
  expect(reply).toMatchObject({ text: "Hello, this is Ann. How can I help?", from: { name: "Ann from Mersey Homes", role: "bot" }, channelData: { fromStaff: true } });
  // Handed back to the bot: told in the chat's words, not "Reply MENU".
  expect((await harness.app.inject({ method: "POST", url: `/api/escalations/${escalation.id}/hand-back`, headers: staff })).statusCode).toBe(200);
  await harness.app.settleJobs();
  const [back] = await chat.read();
  expect(back!.text).toBe("You are back with our chat service. Tap Main menu to see what you can do, or Talk to a person to talk to us again.");
});

test("bad requests get a reason: no token, a forged token, another conversation, empty text, a file that is not a photo", async () => {
  const chat = await visitor();
  const other = await visitor();
  const url = `/v3/directline/conversations/${chat.conversationId}/activities`;
  const missing = await harness.app.inject({ method: "GET", url });
  expect(missing.statusCode).toBe(401);
  const forged = await harness.app.inject({ method: "GET", url, headers: { authorization: `Bearer ${chat.headers.authorization.slice(7, -4)}abcd` } });
  expect(forged.statusCode).toBe(403);
  const crossed = await harness.app.inject({ method: "GET", url, headers: other.headers });
  expect(crossed.json()).toEqual({ error: { code: "Forbidden", message: "The token is for another conversation" } });
  const empty = await harness.app.inject({ method: "POST", url, headers: chat.headers, payload: { type: "message", text: "  " } });
  expect(empty.statusCode).toBe(400);
  const notPhoto = await chat.upload("application/pdf", Buffer.from("%PDF-1.4"));
  expect(notPhoto.statusCode).toBe(415);
  expect(notPhoto.json().error.message).toMatch(/send a photo or video/);
  const typing = await harness.app.inject({ method: "POST", url, headers: chat.headers, payload: { type: "typing" } });
  expect(typing.statusCode).toBe(200);
  expect(await harness.db.prisma.message.count({ where: { direction: "inbound", body: { not: "" } } })).toBe(0);
});

test("Web Chat on the landlord's own website may call the endpoints from another origin (bearer tokens, no cookies)", async () => {
  const preflight = await harness.app.inject({
    method: "OPTIONS",
    url: "/v3/directline/conversations",
    headers: { origin: "https://www.merseyhomes.org", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
  });
  expect(preflight.statusCode).toBe(204);
  expect(preflight.headers["access-control-allow-origin"]).toBe("*");
  expect(String(preflight.headers["access-control-allow-headers"])).toMatch(/authorization/);
  const generated = await harness.app.inject({ method: "POST", url: "/v3/directline/tokens/generate", headers: { origin: "https://www.merseyhomes.org" } });
  expect(generated.headers["access-control-allow-origin"]).toBe("*");
  // The staff API is not opened up, nor its preflight.
  const staff = await harness.app.inject({ method: "GET", url: "/api/escalations", headers: { origin: "https://www.merseyhomes.org" } });
  expect(staff.headers["access-control-allow-origin"]).toBeUndefined();
  const staffPreflight = await harness.app.inject({ method: "OPTIONS", url: "/api/escalations", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
  expect(staffPreflight.headers["access-control-allow-origin"]).toBeUndefined();
});

test("the stream pushes new activities at once and refuses a missing token, one for another conversation or a bad watermark", async () => {
  const chat = await visitor();
  const other = await visitor();
  await harness.app.listen({ port: 0, host: "127.0.0.1" });
  const base = `ws://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}/v3/directline/conversations/${chat.conversationId}/stream`;
  const token = (visitor: { headers: { authorization: string } }) => encodeURIComponent(visitor.headers.authorization.slice(7));
  expect(await refusal(`${base}?t=${token(other)}`)).toBe(403);
  expect(await refusal(base)).toBe(401);
  expect(await refusal(`${base}?t=${token(chat)}&watermark=${"1".repeat(26)}`)).toBe(400);

  const pages: { activities: Activity[]; watermark: string }[] = [];
  const socket = new WebSocket(`${base}?t=${token(chat)}`);
  socket.on("message", (data: Buffer) => pages.push(JSON.parse(data.toString())));
  try {
    await waitFor(() => pages.length === 1); // what was there already: the greeting and the menu
    expect(pages[0]!.activities.at(-1)!.text).toBe("How can we help?");
    await harness.app.inject({ method: "POST", url: `/v3/directline/conversations/${chat.conversationId}/activities`, headers: chat.headers, payload: { type: "message", text: "Report a repair" } });
    await waitFor(() => pages.some((page) => page.activities.some((activity) => activity.text === "Is there any danger now?")));
  } finally {
    socket.close();
  }
});

/** The HTTP status a WebSocket upgrade was refused with. */
function refusal(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("open", () => reject(new Error("the stream was opened")));
    socket.on("error", () => undefined);
  });
}

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting for the stream");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("bad bytes in a message are cleaned, stored and answered: NUL, control characters and lone surrogates", async () => {
  const chat = await visitor();
  await chat.read();
  const url = `/v3/directline/conversations/${chat.conversationId}/activities`;
  // Written by hand: JSON.stringify would escape the surrogates the same way, but this is what a client's bytes say.
  const payload = '{"type":"message","text":"my boiler\\u0000 is broke \\ud800 since\\u0007 monday \\udc00","channelData":{"clientActivityID":"c-\\u0000\\ud83d1"}}';
  const posted = await harness.app.inject({ method: "POST", url, headers: { ...chat.headers, "content-type": "application/json" }, payload });
  expect(posted.statusCode).toBe(200);
  const stored = await harness.db.prisma.message.findUniqueOrThrow({ where: { id: posted.json().id } });
  expect(stored).toMatchObject({ body: "my boiler is broke \uFFFD since monday \uFFFD", providerSid: `dl:${chat.conversationId}:c-\uFFFD1` });
  const activities = await chat.read();
  expect(activities.filter((activity) => activity.from.role === "bot").length).toBeGreaterThan(0);
  expect(activities.find((activity) => activity.from.role === "user")!.channelData).toEqual({ clientActivityID: "c-\uFFFD1" });
});

test("a message is measured in characters, not UTF-16 units: 2000 emoji fit, 2001 are refused with a reason", async () => {
  const chat = await visitor();
  const url = `/v3/directline/conversations/${chat.conversationId}/activities`;
  const fits = await harness.app.inject({ method: "POST", url, headers: chat.headers, payload: { type: "message", text: "💧".repeat(2000) } });
  expect(fits.statusCode).toBe(200);
  const tooLong = await harness.app.inject({ method: "POST", url, headers: chat.headers, payload: { type: "message", text: "💧".repeat(2001) } });
  expect(tooLong.statusCode).toBe(400);
  expect(tooLong.json()).toEqual({ error: { code: "MessageSizeTooBig", message: "A message can be at most 2000 characters" } });
});

test("a watermark that is not a safe whole number, a body that is not an activity and bad JSON are refused with 400 and a reason", async () => {
  const chat = await visitor();
  const url = `/v3/directline/conversations/${chat.conversationId}/activities`;
  for (const watermark of ["1".repeat(26), "9007199254740992", "-1", "1.5", "abc"]) {
    const response = await harness.app.inject({ method: "GET", url: `${url}?watermark=${watermark}`, headers: chat.headers });
    expect([watermark, response.statusCode, response.json().error.code]).toEqual([watermark, 400, "BadArgument"]);
  }
  expect((await harness.app.inject({ method: "GET", url: `${url}?watermark=9007199254740991`, headers: chat.headers })).statusCode).toBe(200);
  const schema = await harness.app.inject({ method: "POST", url, headers: chat.headers, payload: { text: "no type" } });
  expect(schema.json()).toEqual({ error: { code: "BadArgument", message: expect.stringMatching(/type/) } });
  const json = await harness.app.inject({ method: "POST", url, headers: { ...chat.headers, "content-type": "application/json" }, payload: '{"type":"message",' });
  expect([json.statusCode, json.json().error.code]).toEqual([400, "BadArgument"]);
});

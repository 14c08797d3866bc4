// Bad bytes at the edge: a few hundred generated requests (NUL, lone surrogates, emoji cut in half at the limit, 10k
// characters, right-to-left and zero-width text, huge numbers, wrong types, invalid JSON) at the web chat's Direct
// Line routes and at /api/messages. Every answer is a 4xx with a reason or a success, never a 500, and a message that
// cleans to words is stored, cleaned. Seeded, so a failure names a case that can be run again.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { InjectOptions } from "fastify";
import { cleanInboundId, cleanInboundText } from "../../src/channels/text";
import { postedSid } from "../../src/channels/directline/activities";
import { signedWebhook, smsParams } from "../../src/channels/twilio/simulator";
import { redactCardNumbers } from "../../src/privacy/cardNumbers";
import { startTestApp, PUBLIC_URL, TEST_AUTH_TOKEN, type TestApp } from "../support/testApp";

const SECRET = "a-fuzz-direct-line-secret-of-at-least-32-characters";
const MAX_TEXT = 2000;
// About 10 s on a quiet machine; room for a busy CI runner.
const FUZZ_TIMEOUT_MS = 60_000;

/** mulberry32: small, seeded, good enough to pick cases. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

const FRAGMENTS = [
  "my boiler is broke",
  "\u0000",
  "leak\u0000in kitchen",
  "\uD800",
  "\uDC00",
  "\uDBFF\uDBFF",
  "\uDFFF\uD800",
  "💧",
  "👩🏽‍💻",
  "🇬🇧",
  "e\u0301",
  "\u202Eesuoh ym\u202C",
  "\u200B\u200C\u200D\uFEFF\u2060",
  "مرحبا، السقف يسرب",
  "\r\n",
  "\t",
  "\u0007\u001b[31m\u007f\u0085",
  "   ",
  "9".repeat(26),
  "-1",
  "1e308",
  "NaN",
  "null",
  "<script>alert(1)</script>",
  "' OR 1=1; --",
  "%00",
  "\\u0000",
  "\uFFFE\uFFFF",
];

const WATERMARKS = ["", "0", "1", "-1", "1.5", "1e3", "abc", "9".repeat(26), String(Number.MAX_SAFE_INTEGER), String(Number.MAX_SAFE_INTEGER + 2), "%00", "%F0%9F", " 1", "0x10", "１２"];

type Random = ReturnType<typeof generator>;

/** A string from fragments, sometimes long, sometimes cut mid-surrogate at the length limit. */
function badString(random: Random): string {
  const roll = random.int(10);
  if (roll === 0) return "x".repeat(10_000);
  if (roll === 1) return `${"a".repeat(MAX_TEXT - 1)}💧`; // 2001 UTF-16 units, 2000 code points
  if (roll === 2) return "💧".repeat(MAX_TEXT / 2 + 1);
  if (roll === 3) return `${"a".repeat(MAX_TEXT - 1)}💧`.slice(0, MAX_TEXT); // the emoji cut in half
  let text = "";
  for (let count = 1 + random.int(4); count > 0; count -= 1) text += random.pick(FRAGMENTS);
  return random.int(4) === 0 ? text.slice(0, random.int(text.length + 1)) : text;
}

/** Anything JSON can hold where a string was expected. */
function badValue(random: Random): unknown {
  const roll = random.int(12);
  if (roll < 6) return badString(random);
  return random.pick<unknown>([0, -1, 1e308, 2 ** 64, Number.MAX_SAFE_INTEGER + 2, true, null, [], [badString(random)], {}, { text: badString(random) }, [[[]]]]);
}

const INVALID_JSON = [
  '{"type":"message","text":"unfinished',
  '{"type":"message"}}',
  "\u0000",
  "{'type':'message'}",
  '{"type":"message","text":"\\ud800"}',
  '{"type":"message","text":"\\u0000"}',
  '{"__proto__":{"admin":true},"type":"message","text":"hi"}',
  '{"constructor":{"prototype":{"admin":true}},"type":"message","text":"hi"}',
  "[".repeat(5000),
  "nul",
  "1".repeat(400),
];

/** What inject answered, and enough to name the case if it was a 500. */
interface Answer {
  case: string;
  status: number;
  body: string;
  /** A JSON answer with a message saying why (every refusal should have one). */
  explained: boolean;
}

let harness: TestApp;
let connector: Server;
let connectorUrl: string;

beforeAll(async () => {
  harness = await startTestApp({ env: { DIRECT_LINE_SECRET: SECRET } });
  // Stands in for the Bot Connector service that replies go to when a Microsoft activity does not ask for them inline.
  connector = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(200, { "content-type": "application/json" }).end('{"id":"sent"}'));
  });
  await new Promise<void>((resolve) => connector.listen(0, "127.0.0.1", resolve));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await harness.close();
  await new Promise((resolve) => connector.close(resolve));
});

// Each request comes from its own address: the routes' per-address limits are not what is being tested.
let address = 0;
function from(): string {
  address += 1;
  return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
}

async function send(name: string, request: InjectOptions): Promise<Answer> {
  const response = await harness.app.inject({ remoteAddress: from(), ...request });
  const explained = /"message":"[^"]+"/.test(response.body);
  return { case: name, status: response.statusCode, body: response.body.slice(0, 300), explained };
}

/** Percent-encoded for a URL: as UTF-8 (encodeURIComponent throws on a lone surrogate), or bytes that are not UTF-8. */
function inUrl(random: Random, text: string): string {
  if (random.int(4) === 0) return random.pick(["%ED%A0%80", "%FF%FE", "%C0%80", "%E0%A4%A"]);
  return [...Buffer.from(text.slice(0, 200))].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");
}

function raw(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}

/** The server-side Direct Line secret, a signed token, or something that is neither. */
function credential(random: Random, token: string): Record<string, string> {
  return random.pick<Record<string, string>>([{ authorization: `Bearer ${SECRET}` }, { authorization: `Bearer ${token}` }, { authorization: `Bearer ${inUrl(random, badString(random))}` }, {}]);
}

describe("the Direct Line routes", () => {
  test("never answer 500 to a bad request, and keep every message that cleans to words", async () => {
    const random = generator(20261123);
    const answers: Answer[] = [];
    const stored: { name: string; id: unknown; expected: string }[] = [];

    const generated = await harness.app.inject({ method: "POST", url: "/v3/directline/tokens/generate" });
    const { token, conversationId } = generated.json() as { token: string; conversationId: string };
    const base = `/v3/directline/conversations/${conversationId}`;
    const headers = { authorization: `Bearer ${token}` };
    expect((await harness.app.inject({ method: "POST", url: "/v3/directline/conversations", headers })).statusCode).toBe(201);

    for (let i = 0; i < 30; i += 1) {
      const body = random.int(3) === 0 ? random.pick(INVALID_JSON) : raw({ user: { id: badValue(random) } });
      answers.push(await send(`tokens/generate #${i}`, { method: "POST", url: "/v3/directline/tokens/generate", headers: { ...credential(random, token), "content-type": "application/json" }, payload: body }));
    }

    for (let i = 0; i < 40; i += 1) {
      const body = random.int(3) === 0 ? random.pick(INVALID_JSON) : raw(random.int(4) === 0 ? badValue(random) : { user: { id: badValue(random), name: badValue(random) } });
      answers.push(await send(`conversations #${i}`, { method: "POST", url: "/v3/directline/conversations", headers: { ...credential(random, token), "content-type": "application/json" }, payload: body }));
    }

    for (let i = 0; i < 60; i += 1) {
      const watermark = random.int(3) === 0 ? inUrl(random, badString(random)) : random.pick(WATERMARKS);
      const conversation = random.int(5) === 0 ? inUrl(random, badString(random)) : conversationId;
      const query = random.pick([`watermark=${watermark}`, `watermark=${watermark}&watermark=1`, `watermark=${watermark}&t=a&t=b`, `t=${watermark}`]);
      const path = random.pick(["/activities", ""]);
      answers.push(await send(`GET ${path || "conversation"} ?${query} #${i}`, { method: "GET", url: `/v3/directline/conversations/${conversation}${path}?${query}`, headers: credential(random, token) }));
    }

    for (let i = 0; i < 120; i += 1) {
      const roll = random.int(10);
      const name = `POST activities #${i}`;
      if (roll === 0) {
        answers.push(await send(name, { method: "POST", url: `${base}/activities`, headers: { ...headers, "content-type": "application/json" }, payload: random.pick(INVALID_JSON) }));
        continue;
      }
      const clientActivityID = `fuzz-${i}-${badString(random).slice(0, 60)}`;
      const activity =
        roll < 4
          ? { type: badValue(random), text: badValue(random), from: badValue(random), channelData: badValue(random) }
          : { type: "message", from: { id: badString(random) }, text: badString(random), channelData: { clientActivityID } };
      const answer = await send(name, { method: "POST", url: `${base}/activities`, headers: { ...headers, "content-type": "application/json" }, payload: raw(activity) });
      answers.push(answer);
      const expected = typeof activity.text === "string" ? cleanInboundText(activity.text, Infinity) : "";
      if (roll >= 4 && expected !== "" && Array.from(expected).length <= MAX_TEXT) {
        expect(answer.status === 200 ? "stored" : answer).toBe("stored");
        stored.push({ name, id: JSON.parse(answer.body).id, expected: redactCardNumbers(expected).text });
        const sid = postedSid(conversationId, cleanInboundId(clientActivityID, 100));
        expect(await harness.db.prisma.message.count({ where: { providerSid: sid } })).toBe(1);
      }
    }

    const JPEG = Buffer.from("ffd8ffe000104a46494600010100000100010000ffd9", "hex");
    for (let i = 0; i < 40; i += 1) {
      const name = `upload #${i}`;
      const boundary = "----fuzz";
      const posted = { type: "message", text: badValue(random), channelData: { clientActivityID: `up-${i}-${badString(random).slice(0, 40)}` } };
      const goodJson = random.int(4) !== 0;
      const contentType = random.int(2) === 0 ? "image/jpeg" : random.pick(["image/png", "application/pdf", "", "image/jpeg; charset=\u00ff", "text/html"]);
      const withFile = random.int(5) !== 0;
      const closed = random.int(6) !== 0;
      const multipart = random.int(5) !== 0;
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="activity"; filename="blob"\r\nContent-Type: application/vnd.microsoft.activity\r\n\r\n`),
        Buffer.from(goodJson ? raw(posted) : random.pick(INVALID_JSON)),
        Buffer.from("\r\n"),
        withFile ? Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${badString(random).slice(0, 40)}"\r\nContent-Type: ${contentType}\r\n\r\n`) : Buffer.alloc(0),
        withFile ? Buffer.concat([JPEG, Buffer.from("\r\n")]) : Buffer.alloc(0),
        Buffer.from(closed ? `--${boundary}--\r\n` : ""),
      ]);
      const type = multipart ? `multipart/form-data; boundary=${boundary}` : random.pick(["multipart/form-data", "text/plain"]);
      const answer = await send(name, { method: "POST", url: `${base}/upload`, headers: { ...headers, "content-type": type }, payload });
      answers.push(answer);
      if (goodJson && withFile && closed && multipart && contentType === "image/jpeg") {
        expect(answer.status === 200 ? "stored" : answer).toBe("stored");
        const id = String(JSON.parse(answer.body).id);
        const row = await harness.db.prisma.message.findUnique({ where: { id }, select: { body: true } });
        const caption = typeof posted.text === "string" ? redactCardNumbers(cleanInboundText(posted.text, MAX_TEXT)).text : "";
        expect([name, row?.body]).toEqual([name, caption]);
        expect(await harness.db.prisma.attachment.count({ where: { messageId: id, status: "stored" } })).toBe(1);
      }
    }

    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
    // Every refusal says why, in Direct Line's own shape or the API's.
    expect(answers.filter((answer) => answer.status >= 400 && !answer.explained)).toEqual([]);
    expect(answers.filter((answer) => answer.status < 300).length).toBeGreaterThan(50);

    for (const message of stored) {
      const row = await harness.db.prisma.message.findUnique({ where: { id: String(message.id) }, select: { body: true } });
      expect([message.name, row?.body]).toEqual([message.name, message.expected]);
    }
    expect(stored.length).toBeGreaterThan(30);
    const history = await harness.app.inject({ method: "GET", url: `${base}/activities`, headers });
    expect(history.statusCode).toBe(200);
  }, FUZZ_TIMEOUT_MS);
});

describe("/api/messages", () => {
  test("never answers 500 to a bad activity, and keeps every message that cleans to words", async () => {
    const random = generator(151);
    const answers: Answer[] = [];
    for (let i = 0; i < 100; i += 1) {
      const name = `/api/messages #${i}`;
      const roll = random.int(10);
      if (roll === 0) {
        answers.push(await send(name, { method: "POST", url: "/api/messages", headers: { "content-type": "application/json" }, payload: random.pick(INVALID_JSON) }));
        continue;
      }
      const conversation = `fuzz-ms-${i}-${badString(random).slice(0, 40)}`;
      const clean = roll >= 4;
      const activity = {
        type: clean ? "message" : random.pick<unknown>(["message", "conversationUpdate", badValue(random)]),
        channelId: clean ? "msteams" : badValue(random),
        serviceUrl: clean || random.int(2) === 0 ? connectorUrl : badValue(random),
        conversation: clean ? { id: conversation } : random.pick([{ id: badValue(random) }, badValue(random), undefined]),
        from: clean ? { id: "29:tenant", name: badString(random) } : { id: badValue(random), name: badValue(random) },
        recipient: { id: "28:bot", name: clean ? badString(random) : badValue(random) },
        id: clean ? `${i}-${badString(random).slice(0, 30)}` : badValue(random),
        text: clean ? badString(random) : badValue(random),
        membersAdded: clean ? undefined : random.pick([undefined, [{ id: badValue(random) }], badValue(random)]),
        attachments: clean || random.int(2) === 0 ? undefined : [{ contentType: badValue(random), contentUrl: badValue(random) }],
        deliveryMode: random.int(3) === 0 ? undefined : "expectReplies",
      };
      const answer = await send(name, { method: "POST", url: "/api/messages", headers: { "content-type": "application/json" }, payload: raw(activity) });
      answers.push(answer);
      const expected = clean ? cleanInboundText(activity.text as string, MAX_TEXT) : "";
      if (expected !== "") {
        expect(answer.status === 200 ? "stored" : answer).toBe("stored");
        const address = `msteams:${cleanInboundId(conversation, 250)}`;
        const row = await harness.db.prisma.message.findFirst({ where: { direction: "inbound", conversation: { channel: "microsoft", address } }, select: { body: true } });
        expect([name, row?.body]).toEqual([name, redactCardNumbers(expected).text]);
      }
    }
    await harness.app.settleJobs();
    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
    expect(answers.filter((answer) => answer.status >= 400 && !answer.explained)).toEqual([]);
  }, FUZZ_TIMEOUT_MS);
});

describe("the Twilio SMS webhook", () => {
  it("never answers 500 to a signed request with bad bytes, and keeps every text that cleans to words", async () => {
    const random = generator(7);
    const answers: Answer[] = [];
    for (let i = 0; i < 60; i += 1) {
      const params = smsParams("+447700900123", badString(random));
      const request = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", params);
      const answer = await send(`sms #${i}`, { method: "POST", url: request.path, headers: request.headers, payload: request.payload });
      answers.push(answer);
      const expected = cleanInboundText(params.Body!, 1600);
      if (expected !== "") {
        expect([answer.case, answer.status]).toEqual([answer.case, 200]);
        const row = await harness.db.prisma.message.findUnique({ where: { providerSid: params.MessageSid! }, select: { body: true } });
        expect([answer.case, row?.body]).toEqual([answer.case, redactCardNumbers(expected).text]);
      }
    }
    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
  });
});

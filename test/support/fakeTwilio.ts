// A stand-in for Twilio's REST API on loopback, so the real twilio client is exercised end to end: it checks the
// account's credentials like Twilio does, records every message it is asked to send, and serves media files.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_ACCOUNT_SID = `AC${"0".repeat(31)}1`;

export interface SentMessage {
  To: string;
  From: string;
  /** Absent when a Content template is sent instead. */
  Body?: string;
  ContentSid?: string;
  ContentVariables?: string;
  StatusCallback?: string;
}

export interface FakeTwilio {
  baseUrl: string;
  sent: SentMessage[];
  /** Serves a media file at a Twilio-shaped address and returns that address. */
  addMedia(contentType: string, body: Buffer): string;
  /** Answers messages using this Content template as Twilio does a template it will not send (400, 21655). */
  refuseContent(sid: string): void;
  /**
   * The next `count` sends fail: "error" answers 500 without sending; "hang" keeps the message (as Twilio would have
   * sent it) but never answers, so the client times out not knowing.
   */
  failNext(count: number, how: "error" | "hang"): void;
  close(): Promise<void>;
}

export async function startFakeTwilio(authToken: string): Promise<FakeTwilio> {
  const sent: SentMessage[] = [];
  // Counted apart from `sent`, which tests may clear: Twilio never gives two messages the same id.
  let issued = 0;
  const media = new Map<string, { contentType: string; body: Buffer }>();
  const refused = new Set<string>();
  const failing = { count: 0, how: "error" as "error" | "hang" };
  const stored: { sid: string; form: SentMessage; at: Date }[] = [];
  const expected = `Basic ${Buffer.from(`${FAKE_ACCOUNT_SID}:${authToken}`).toString("base64")}`;
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const reply = (status: number, payload: object) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(payload));
      };
      if (request.headers.authorization !== expected) return reply(401, { code: 20003, message: "Authenticate", status: 401 });
      const file = request.method === "GET" ? media.get(request.url ?? "") : undefined;
      if (file) {
        response.writeHead(200, { "content-type": file.contentType, "content-length": String(file.body.byteLength) });
        return response.end(file.body);
      }
      const messagesPath = `/2010-04-01/Accounts/${FAKE_ACCOUNT_SID}/Messages.json`;
      if (request.method === "GET" && request.url?.startsWith(messagesPath)) {
        // The list Twilio's client pages through: filtered by To and From, newest first.
        const query = new URL(request.url, "http://twilio").searchParams;
        const found = stored.filter((item) => item.form.To === query.get("To") && item.form.From === query.get("From")).reverse();
        return reply(200, { messages: found.map((item) => ({ sid: item.sid, to: item.form.To, from: item.form.From, body: item.form.Body, status: "sent", date_sent: item.at.toUTCString() })), next_page_uri: null, page: 0, page_size: 50 });
      }
      if (request.method !== "POST" || request.url !== messagesPath) {
        return reply(404, { code: 20404, message: "Not found", status: 404 });
      }
      const form = Object.fromEntries(new URLSearchParams(body)) as unknown as SentMessage;
      if (form.ContentSid && refused.has(form.ContentSid)) return reply(400, { code: 21655, message: "The ContentSid is Invalid", status: 400 });
      if (failing.count > 0 && failing.how === "error") {
        failing.count -= 1;
        return reply(500, { code: 20500, message: "Internal Server Error", status: 500 });
      }
      sent.push(form);
      issued += 1;
      const sid = `SM${String(issued).padStart(32, "0")}`;
      stored.push({ sid, form, at: new Date() });
      if (failing.count > 0 && failing.how === "hang") {
        failing.count -= 1;
        return; // sent, but the answer never comes
      }
      reply(201, { sid, status: "queued", to: form.To, from: form.From, body: form.Body });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    sent,
    addMedia(contentType, body) {
      const path = `/2010-04-01/Accounts/${FAKE_ACCOUNT_SID}/Messages/MM${String(media.size).padStart(32, "0")}/Media/ME${String(media.size).padStart(32, "0")}`;
      media.set(path, { contentType, body });
      return `${baseUrl}${path}`;
    },
    refuseContent(sid) {
      refused.add(sid);
    },
    failNext(count, how) {
      failing.count = count;
      failing.how = how;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections(); // a hung answer must not hold the close
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

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
  close(): Promise<void>;
}

export async function startFakeTwilio(authToken: string): Promise<FakeTwilio> {
  const sent: SentMessage[] = [];
  // Counted apart from `sent`, which tests may clear: Twilio never gives two messages the same id.
  let issued = 0;
  const media = new Map<string, { contentType: string; body: Buffer }>();
  const refused = new Set<string>();
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
      if (request.method !== "POST" || request.url !== `/2010-04-01/Accounts/${FAKE_ACCOUNT_SID}/Messages.json`) {
        return reply(404, { code: 20404, message: "Not found", status: 404 });
      }
      const form = Object.fromEntries(new URLSearchParams(body)) as unknown as SentMessage;
      if (form.ContentSid && refused.has(form.ContentSid)) return reply(400, { code: 21655, message: "The ContentSid is Invalid", status: 400 });
      sent.push(form);
      issued += 1;
      reply(201, { sid: `SM${String(issued).padStart(32, "0")}`, status: "queued", to: form.To, from: form.From, body: form.Body });
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
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

// A housing system's receiver as an integrator would write it from the README ("Check the signature before trusting
// an event"), on a real port: it verifies X-Signature itself (no code of ours), and a test decides how it answers.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Arrival {
  id: string;
  type: string;
  subject?: string;
  data: Record<string, unknown>;
  body: Record<string, unknown>;
  contentType: string | undefined;
}

/** How to answer one request: a status, or "hang" to never answer. */
export type Answer = number | "hang";

export interface Receiver {
  url: string;
  /** Every request whose signature was good, in the order they came, whatever the answer. */
  tries: Arrival[];
  /** Events answered 2xx, in order. */
  accepted: Arrival[];
  /** Requests refused for their signature. */
  refused: number;
  answer: (arrival: Arrival) => Answer;
  /** Stops listening (the housing system is down) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** The README's recipe: HMAC-SHA256 of "<t>.<raw body>", hex, and t within 5 minutes. */
export function verifyAsTheReadmeSays(secret: string, header: string | undefined, rawBody: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!match) return false;
  const [, t, v1] = match;
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = crypto.createHmac("sha256", secret).update(`${t}.${rawBody}`).digest("hex");
  return crypto.timingSafeEqual(Buffer.from(v1!, "hex"), Buffer.from(expected, "hex"));
}

export async function startReceiver(secret: string): Promise<Receiver> {
  const hung: http.ServerResponse[] = [];
  const receiver: Receiver = {
    url: "",
    tries: [],
    accepted: [],
    refused: 0,
    answer: () => 200,
    down: async () => {
      for (const response of hung.splice(0)) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    up: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
    close: async () => {
      for (const response of hung.splice(0)) response.destroy();
      server.closeAllConnections();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      if (!verifyAsTheReadmeSays(secret, request.headers["x-signature"] as string | undefined, raw)) {
        receiver.refused += 1;
        response.writeHead(401).end();
        return;
      }
      const body = JSON.parse(raw) as Record<string, unknown>;
      const arrival: Arrival = {
        id: body.id as string,
        type: body.type as string,
        subject: body.subject as string | undefined,
        data: body.data as Record<string, unknown>,
        body,
        contentType: request.headers["content-type"],
      };
      receiver.tries.push(arrival);
      const answer = receiver.answer(arrival);
      if (answer === "hang") {
        hung.push(response);
        return;
      }
      if (answer >= 200 && answer < 300) receiver.accepted.push(arrival);
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${port}/events`;
  return receiver;
}

/**
 * The ids as a receiver that drops repeats sees them. Delivery is at least once: a try whose answer came too late is
 * sent again, but only ever straight after itself, since a case's next event waits until this one is delivered.
 */
export function withoutRepeats(ids: string[]): string[] {
  return ids.filter((id, index) => id !== ids[index - 1]);
}

/** Waits until `check` holds, or fails after `timeoutMs` with what it saw. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = "the condition"): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// The stand-in housing system: a small receiver for our events, for demos and tests. It checks each event's
// signature (401 for a bad one or a timestamp more than 5 minutes away), keeps what arrived, shows it on a page, and
// sends updates back to the front door's POST /api/cases/{reference}/updates as a housing system would.
import { randomUUID } from "node:crypto";
import formbody from "@fastify/formbody";
import Fastify, { type FastifyInstance } from "fastify";
import type { CloudEvent } from "./cloudEvents";
import { SIGNATURE_HEADER, signatureProblem } from "./signature";
import { standInPage, UPDATE_KINDS } from "./standInPage";

export interface ReceivedEvent {
  receivedAt: string;
  event: CloudEvent;
  /** Times the same id arrived: deliveries are at least once. */
  copies: number;
}

export interface SentUpdate {
  reference: string;
  body: Record<string, unknown>;
  status: number | null;
  answer: string;
}

export interface StandInOptions {
  /** The secret the front door signs with (BACKOFFICE_WEBHOOK_SECRET). */
  secret: string;
  /** Where updates go: the front door's base URL. */
  frontDoorUrl: string;
  apiToken: string;
  port?: number;
  host?: string;
  /** How each event is answered (a test makes it fail); 204 when not given. */
  answer?: (event: CloudEvent) => number | Promise<number>;
}

export interface StandIn {
  url: string;
  /** The address to give the front door as BACKOFFICE_WEBHOOK_URL. */
  eventsUrl: string;
  received: ReceivedEvent[];
  /** Deliveries refused for their signature, with why. */
  refused: string[];
  updates: SentUpdate[];
  sendUpdate(reference: string, update: Record<string, unknown>): Promise<SentUpdate>;
  close(): Promise<void>;
}

export type UpdateForm = Record<string, string | undefined>;

/** The update a housing system would send, from the page's form fields. */
export function updateFromForm(form: UpdateForm, now: Date): Record<string, unknown> {
  const type = UPDATE_KINDS.includes(form.type ?? "") ? form.type! : "note";
  const update: Record<string, unknown> = { eventId: randomUUID(), type, at: now.toISOString() };
  if (type === "appointment_set") update.appointment = { date: form.date ?? "", timeOfDay: form.timeOfDay || "AM" };
  if (type === "operative_assigned" && form.operative) update.operative = form.operative;
  if (type === "cancelled" && form.text) update.reason = form.text;
  if (type === "note") update.text = form.text ?? "";
  return update;
}

export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  const received: ReceivedEvent[] = [];
  const refused: string[] = [];
  const updates: SentUpdate[] = [];
  const app: FastifyInstance = Fastify({ logger: false });
  await app.register(formbody);
  // The signature is over the bytes sent, so the body is kept as text and parsed only after the check.
  app.addContentTypeParser(["application/cloudevents+json", "application/json"], { parseAs: "string", bodyLimit: 1_048_576 }, (_request, body, done) =>
    done(null, body),
  );

  app.post("/events", async (request, reply) => {
    const body = String(request.body ?? "");
    const header = request.headers[SIGNATURE_HEADER];
    const problem = signatureProblem(typeof header === "string" ? header : undefined, body, options.secret, new Date());
    if (problem) {
      refused.push(problem);
      return reply.code(401).send({ error: "bad_signature", message: problem });
    }
    let event: CloudEvent;
    try {
      event = JSON.parse(body) as CloudEvent;
    } catch {
      return reply.code(400).send({ error: "bad_request", message: "not JSON" });
    }
    const status = options.answer ? await options.answer(event) : 204;
    if (status >= 200 && status < 300) {
      const seen = received.find((item) => item.event.id === event.id);
      if (seen) seen.copies += 1;
      else received.push({ receivedAt: new Date().toISOString(), event, copies: 1 });
    }
    return reply.code(status).send(status === 204 ? undefined : { status });
  });

  const sendUpdate = async (reference: string, body: Record<string, unknown>): Promise<SentUpdate> => {
    let sent: SentUpdate;
    try {
      const response = await fetch(`${options.frontDoorUrl.replace(/\/+$/, "")}/api/cases/${encodeURIComponent(reference)}/updates`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.apiToken}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      sent = { reference, body, status: response.status, answer: (await response.text()).slice(0, 2000) };
    } catch (error) {
      sent = { reference, body, status: null, answer: `could not reach the front door: ${(error as Error).message}` };
    }
    updates.push(sent);
    return sent;
  };

  app.get("/", async (_request, reply) =>
    reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(standInPage(received, updates, options.frontDoorUrl)),
  );
  app.get("/events", async () => ({ received, refused }));
  app.post<{ Body: UpdateForm }>("/updates", async (request, reply) => {
    const form = request.body ?? {};
    const reference = (form.reference ?? "").trim().toUpperCase();
    if (!/^[A-Z0-9]{2,20}$/.test(reference)) return reply.code(400).type("text/plain").send("Choose a case reference");
    await sendUpdate(reference, updateFromForm(form, new Date()));
    return reply.redirect("/", 303);
  });

  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  const url = address.replace("[::1]", "localhost");
  return { url, eventsUrl: `${url}/events`, received, refused, updates, sendUpdate, close: () => app.close() };
}

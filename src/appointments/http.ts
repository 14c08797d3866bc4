// The landlord's own repairs scheduler, over HTTP (the contract: src/appointments/contract.ts and
// docs/scheduler/README.md). Every answer is checked against the contract; anything we cannot use (no answer in time,
// a refused token, a server error, a body of the wrong shape) is SchedulerUnavailable, whose message names the call
// and what went wrong but never the token or anything the tenant told us.
import { TypeCompiler, type TypeCheck } from "@sinclair/typebox/compiler";
import type { Static, TSchema } from "@sinclair/typebox";
import { AvailabilityResponse, ConfirmResponse, ReservationResponse, type AvailabilityRequestBody, type ReservationRequestBody } from "./contract";
import { SchedulerUnavailable, type Availability, type HoldRequest, type Scheduler, type Slot, type SlotQuery } from "./scheduler";

export const DEFAULT_SCHEDULER_TIMEOUT_MS = 4000;

export interface HttpSchedulerOptions {
  /** The base URL: calls go to <url>/availability, <url>/reservations, ... */
  url: string;
  /** Sent as Authorization: Bearer <token>. */
  token: string;
  /** Per attempt. */
  timeoutMs?: number;
}

type Call = "availability" | "reserve" | "confirm" | "release" | "cancel";

interface Answer {
  status: number;
  body: unknown;
}

const availabilityCheck = TypeCompiler.Compile(AvailabilityResponse);
const reservationCheck = TypeCompiler.Compile(ReservationResponse);
const confirmCheck = TypeCompiler.Compile(ConfirmResponse);

export class HttpScheduler implements Scheduler {
  readonly kind = "http";
  private readonly base: string;
  private readonly token: string;
  private readonly timeoutMs: number;

  constructor(options: HttpSchedulerOptions) {
    this.base = options.url.replace(/\/+$/, "");
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SCHEDULER_TIMEOUT_MS;
  }

  // Each body is built field by field, so nothing else on the objects passed in is ever sent.
  async availability(query: SlotQuery): Promise<Availability> {
    const { reference, trade, area, postcode, from, to, timesOfDay, daysOfWeek, after, limit } = query;
    const body: AvailabilityRequestBody = { reference, trade, area, postcode, from, to, timesOfDay, daysOfWeek, after, limit };
    const answer = await this.send("availability", "POST", "/availability", body, true);
    expectStatus("availability", answer, [200]);
    const { slots, more } = checked("availability", answer, availabilityCheck);
    return { slots: slots.map(({ slotId, date, timeOfDay }) => ({ slotId, date, timeOfDay })), more };
  }

  async reserve(slot: Slot, hold: HoldRequest): Promise<{ reservationId: string } | null> {
    const body: ReservationRequestBody = {
      slotId: slot.slotId,
      date: slot.date,
      timeOfDay: slot.timeOfDay,
      reference: hold.reference,
      trade: hold.trade,
      area: hold.area,
      holdKey: hold.holdKey,
      holdMinutes: hold.holdMinutes,
    };
    // Safe to send twice: the holdKey makes a repeat the same hold.
    const answer = await this.send("reserve", "POST", "/reservations", body, true);
    if (answer.status === 409) return null;
    expectStatus("reserve", answer, [200, 201]);
    return { reservationId: checked("reserve", answer, reservationCheck).reservationId };
  }

  async confirm(reservationId: string): Promise<{ bookingId: string } | null> {
    const answer = await this.send("confirm", "POST", `/reservations/${encodeURIComponent(reservationId)}/confirm`, undefined, true);
    // The hold lapsed and the slot went (409, 410), or the scheduler no longer knows it (404): no booking.
    if (answer.status === 404 || answer.status === 409 || answer.status === 410) return null;
    expectStatus("confirm", answer, [200]);
    return { bookingId: checked("confirm", answer, confirmCheck).bookingId };
  }

  async release(reservationId: string): Promise<void> {
    const answer = await this.send("release", "DELETE", `/reservations/${encodeURIComponent(reservationId)}`, undefined, false);
    // 404: already gone, which is what we asked for.
    expectStatus("release", answer, [200, 204, 404]);
  }

  async cancel(bookingId: string, reason: string): Promise<void> {
    const answer = await this.send("cancel", "POST", `/bookings/${encodeURIComponent(bookingId)}/cancel`, { reason }, false);
    expectStatus("cancel", answer, [200, 204]);
  }

  /** One request, tried once more if the connection failed and `retry` says a repeat is harmless. */
  private async send(call: Call, method: "POST" | "DELETE", path: string, body: unknown, retry: boolean): Promise<Answer> {
    try {
      return await this.attempt(method, path, body);
    } catch (error) {
      if (!retry || isTimeout(error)) throw unavailable(call, error, this.timeoutMs);
    }
    try {
      return await this.attempt(method, path, body);
    } catch (error) {
      throw unavailable(call, error, this.timeoutMs);
    }
  }

  private async attempt(method: "POST" | "DELETE", path: string, body: unknown): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const signal = AbortSignal.timeout(this.timeoutMs);
    const response = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined; // not JSON: fails the check of any answer that needs a body
    }
    return { status: response.status, body: parsed };
  }
}

function expectStatus(call: Call, answer: Answer, expected: number[]): void {
  if (!expected.includes(answer.status)) throw new SchedulerUnavailable(`scheduler ${call}: HTTP ${answer.status}`);
}

function checked<T extends TSchema>(call: Call, answer: Answer, check: TypeCheck<T>): Static<T> {
  if (check.Check(answer.body)) return answer.body as Static<T>;
  // Where and what, never the value: it may be a tenant's details echoed back.
  const first = check.Errors(answer.body).First();
  const where = first ? `${first.path || "/"} ${first.message}` : "not JSON";
  throw new SchedulerUnavailable(`scheduler ${call}: HTTP ${answer.status} answer does not match the contract (${answer.body === undefined ? "no JSON body" : where})`);
}

// By name, not instanceof: the DOMException fetch throws may come from another realm (as under jest).
function nameOf(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" ? name : undefined;
}

function isTimeout(error: unknown): boolean {
  return nameOf(error) === "TimeoutError" || nameOf(error) === "AbortError";
}

function unavailable(call: Call, error: unknown, timeoutMs: number): SchedulerUnavailable {
  if (isTimeout(error)) return new SchedulerUnavailable(`scheduler ${call}: no answer within ${timeoutMs} ms`);
  // fetch's own message says only "fetch failed"; the cause's code (ECONNREFUSED, UND_ERR_SOCKET, ...) says why,
  // without the address or anything sent.
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : (nameOf(error) ?? "unknown error");
  return new SchedulerUnavailable(`scheduler ${call}: could not connect (${code})`);
}

// A stand-in for a landlord's own repairs scheduler, speaking our contract (contract.ts) over real HTTP, for tests and
// demos: half-day slots (AM, PM) on working days, the same number of visits in each for every trade and area, holds
// that lapse, bookings, and the bearer-token check. It keeps everything in memory. Mounted at /scheduler in the
// stand-in housing system (`npm run backoffice` with SCHEDULER_TOKEN set), or started alone with startStandInScheduler.
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import Fastify, { type FastifyError, type FastifyPluginAsync } from "fastify";
import { AvailabilityRequest, CancelRequest, ReservationRequest, type AvailabilityRequestBody, type ReservationRequestBody } from "./contract";
import { halfDaySlots } from "./slots";

export interface StandInSchedulerOptions {
  /** What callers must send as Authorization: Bearer <token> (the front door's SCHEDULER_TOKEN). */
  token: string;
  /** Visits in each half day, for every trade and area. */
  capacity: number;
  /** A test moves time on to let holds lapse. */
  clock?: () => Date;
}

interface Reservation {
  id: string;
  holdKey: string;
  /** Trade, area, day and half day: what capacity is counted on. */
  slot: string;
  status: "held" | "booked" | "released" | "cancelled";
  heldUntil: Date;
  bookingId?: string;
}

/** The contract's routes, for app.register (with a prefix, or none). */
export const standInScheduler: FastifyPluginAsync<StandInSchedulerOptions> = async (app, options) => {
  const clock = options.clock ?? (() => new Date());
  const expected = digest(`Bearer ${options.token}`);
  const reservations = new Map<string, Reservation>();
  const byHoldKey = new Map<string, Reservation>();
  const bookings = new Map<string, Reservation>();

  // A host app may read JSON as text (the stand-in housing system does, to check signatures); here it is parsed.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, app.getDefaultJsonParser("error", "ignore"));

  app.addHook("onRequest", async (request, reply) => {
    const given = request.headers.authorization;
    if (typeof given !== "string" || !timingSafeEqual(digest(given), expected)) {
      return reply.code(401).send({ error: "unauthorized", message: "Send Authorization: Bearer <token>" });
    }
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.validation) return reply.code(400).send({ error: "bad_request", message: error.message });
    return reply.code(error.statusCode && error.statusCode < 500 ? error.statusCode : 500).send({ error: "failed", message: error.message });
  });

  const slotName = (trade: string, area: string, date: string, timeOfDay: string) => `${trade}|${area}|${date}|${timeOfDay}`;
  const live = (reservation: Reservation, now: Date) => reservation.status === "booked" || (reservation.status === "held" && reservation.heldUntil > now);
  /** Whether the slot has a visit left, not counting `except` (the hold being renewed or booked). */
  const hasRoom = (slot: string, now: Date, except?: Reservation) => {
    let used = 0;
    for (const reservation of reservations.values()) if (reservation !== except && reservation.slot === slot && live(reservation, now)) used += 1;
    return used < options.capacity;
  };
  const holdAnswer = (reservation: Reservation) => ({ reservationId: reservation.id, expiresAt: reservation.heldUntil.toISOString() });

  app.post<{ Body: AvailabilityRequestBody }>("/availability", { schema: { body: AvailabilityRequest } }, async (request) => {
    const query = request.body;
    const now = clock();
    const slots: { slotId: string; date: string; timeOfDay: string }[] = [];
    for (const { date, timeOfDay } of halfDaySlots(query)) {
      if (!hasRoom(slotName(query.trade, query.area, date, timeOfDay), now)) continue;
      if (slots.length === query.limit) return { slots, more: true };
      slots.push({ slotId: `${date}.${timeOfDay}`, date, timeOfDay });
    }
    return { slots, more: false };
  });

  app.post<{ Body: ReservationRequestBody }>("/reservations", { schema: { body: ReservationRequest } }, async (request, reply) => {
    const hold = request.body;
    if (hold.slotId !== `${hold.date}.${hold.timeOfDay}`) return reply.code(400).send({ error: "bad_request", message: "slotId is not the slot at that date and time of day" });
    const now = clock();
    const heldUntil = new Date(now.getTime() + hold.holdMinutes * 60_000);
    const existing = byHoldKey.get(hold.holdKey);
    if (existing && live(existing, now)) return reply.code(200).send(holdAnswer(existing));
    const slot = existing?.slot ?? slotName(hold.trade, hold.area, hold.date, hold.timeOfDay);
    if (!hasRoom(slot, now, existing)) return reply.code(409).send({ error: "slot_taken", message: "That slot has just gone" });
    if (existing) {
      // The same holdKey after its hold lapsed or was let go: held again, while there is room.
      Object.assign(existing, { status: "held", heldUntil });
      return reply.code(200).send(holdAnswer(existing));
    }
    const reservation: Reservation = { id: `H-${randomUUID()}`, holdKey: hold.holdKey, slot, status: "held", heldUntil };
    reservations.set(reservation.id, reservation);
    byHoldKey.set(reservation.holdKey, reservation);
    return reply.code(201).send(holdAnswer(reservation));
  });

  app.post<{ Params: { id: string } }>("/reservations/:id/confirm", async (request, reply) => {
    const reservation = reservations.get(request.params.id);
    if (!reservation) return reply.code(404).send({ error: "not_found", message: "No such reservation" });
    if (reservation.status === "booked") return { bookingId: reservation.bookingId };
    const now = clock();
    // A hold that lapsed still books if nobody has taken its place since.
    if (reservation.status !== "held" || (reservation.heldUntil <= now && !hasRoom(reservation.slot, now, reservation))) {
      return reply.code(410).send({ error: "hold_lapsed", message: "The hold lapsed and the slot has gone" });
    }
    reservation.status = "booked";
    reservation.bookingId = `B-${randomUUID()}`;
    bookings.set(reservation.bookingId, reservation);
    return { bookingId: reservation.bookingId };
  });

  app.delete<{ Params: { id: string } }>("/reservations/:id", async (request, reply) => {
    const reservation = reservations.get(request.params.id);
    if (!reservation) return reply.code(404).send({ error: "not_found", message: "No such reservation" });
    // Letting go of a hold already booked leaves the booking alone: cancelling is its own call.
    if (reservation.status === "held") reservation.status = "released";
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>("/bookings/:id/cancel", { schema: { body: CancelRequest } }, async (request, reply) => {
    const booking = bookings.get(request.params.id);
    if (!booking) return reply.code(404).send({ error: "not_found", message: "No such booking" });
    booking.status = "cancelled";
    return reply.code(204).send();
  });
};

/** Fixed length, so timingSafeEqual can compare a token of any length. */
function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

export interface RunningStandInScheduler {
  /** The base URL, to give the front door as SCHEDULER_URL. */
  url: string;
  close(): Promise<void>;
}

export async function startStandInScheduler(options: StandInSchedulerOptions & { port?: number; host?: string }): Promise<RunningStandInScheduler> {
  const app = Fastify({ logger: false });
  await app.register(standInScheduler, options);
  const url = await app.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  return { url, close: () => app.close() };
}

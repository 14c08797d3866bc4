// The engine's way to book visits (EngineEnv.appointments): it turns a repair's facts into a scheduler's question
// (which trade, which area, which days), holds the first free slots so nobody takes them while the tenant chooses,
// and books the one they pick. Works the same over the built-in scheduler and the landlord's own.
import type { PrismaClient } from "@prisma/client";
import { DateTime } from "luxon";
import { addWorkingDays, ZONE } from "../calendar/workingDays";
import type { AppointmentBook, HeldSlot, OfferRequest, SlotOffer } from "../conversation/types";
import { isTransientDbError } from "../db/transient";
import { SchedulerUnavailable, type Scheduler } from "./scheduler";
import { currentVisit } from "./records";
import { areaFor, tradeFor, type SchedulerSettings } from "./settings";

/** Slots offered at once: three fit one SMS with "Other days" and "None of these". */
export const SLOTS_PER_OFFER = 3;
/** Slots asked for beyond those offered, in case one goes between the look and the hold. */
const SPARE = 3;

export class SchedulerBook implements AppointmentBook {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly scheduler: Scheduler,
    private readonly settings: SchedulerSettings,
    private readonly clock: () => Date,
  ) {}

  async offer(request: OfferRequest): Promise<SlotOffer> {
    const trade = tradeFor(this.settings, request.category);
    const home = request.homeId ? await this.prisma.home.findUnique({ where: { id: request.homeId }, select: { postcode: true } }) : null;
    const area = areaFor(this.settings, home?.postcode);
    const from = firstDay(this.clock(), this.settings.leadWorkingDays);
    const to = DateTime.fromISO(request.until, { zone: ZONE }).toISODate()!;
    if (to < from) return { slots: [], more: false };
    const query = {
      reference: request.reference,
      trade,
      area,
      postcode: home?.postcode,
      from,
      to,
      timesOfDay: request.timesOfDay,
      daysOfWeek: request.daysOfWeek,
      after: request.after,
      limit: SLOTS_PER_OFFER + SPARE,
    };
    const found = await guard(() => this.scheduler.availability(query));
    const held: HeldSlot[] = [];
    let looked = 0;
    for (const slot of found.slots) {
      if (held.length === SLOTS_PER_OFFER) break;
      looked += 1;
      const hold = { reference: request.reference, trade, area, holdKey: `${request.reference}:${request.series}:${request.offerNumber}:${slot.slotId}`, holdMinutes: this.settings.holdMinutes };
      const reserved = await guard(() => this.scheduler.reserve(slot, hold));
      if (reserved) held.push({ holdId: reserved.reservationId, date: slot.date, timeOfDay: slot.timeOfDay });
    }
    return { slots: held, more: found.more || looked < found.slots.length };
  }

  async confirm(holdId: string): Promise<string | null> {
    const booked = await guard(() => this.scheduler.confirm(holdId));
    return booked?.bookingId ?? null;
  }

  async release(holdIds: string[]): Promise<void> {
    for (const id of holdIds) await guard(() => this.scheduler.release(id));
  }

  async cancel(appointmentId: string, reason: string): Promise<void> {
    const appointment = await currentVisit(this.prisma, appointmentId);
    if (appointment?.bookingId) await guard(() => this.scheduler.cancel(appointment.bookingId!, reason));
  }
}

/** The first day a visit can be: `lead` working days after today (1: not today, the next working day at the soonest). */
export function firstDay(now: Date, lead: number): string {
  const day = lead === 0 ? DateTime.fromJSDate(now, { zone: ZONE }) : DateTime.fromJSDate(addWorkingDays(now, lead), { zone: ZONE });
  return day.toISODate()!;
}

/**
 * Any failure of the scheduler, ours or theirs, is one the tenant hears about the same way; but a database that is
 * away fails the whole turn, which is tried again when it is back.
 */
async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SchedulerUnavailable || isTransientDbError(error)) throw error;
    throw new SchedulerUnavailable(`scheduler call failed: ${(error as Error).message}`);
  }
}

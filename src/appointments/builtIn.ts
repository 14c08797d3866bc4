// The built-in scheduler, for landlords with none of their own: capacity per trade, per half day, per area (the
// scheduler file, changed in the console), on working days. Holds and bookings live in SlotBooking; each hold or
// booking takes a transaction-scoped advisory lock on its slot before it counts, so two tenants on two servers
// can never both get the last visit of a half day.
import type { Prisma, PrismaClient } from "@prisma/client";
import { capacityFor } from "./capacity";
import { halfDaySlots } from "./slots";
import type { SchedulerSettings } from "./settings";
import type { Availability, HalfDay, HoldRequest, Scheduler, Slot, SlotQuery } from "./scheduler";

type Db = PrismaClient | Prisma.TransactionClient;

interface SlotKey {
  trade: string;
  area: string;
  date: string;
  timeOfDay: string;
}

export class BuiltInScheduler implements Scheduler {
  readonly kind = "builtin";

  constructor(
    private readonly prisma: PrismaClient,
    private readonly settings: SchedulerSettings,
    private readonly clock: () => Date,
  ) {}

  async availability(query: SlotQuery): Promise<Availability> {
    const now = this.clock();
    const capacity = await capacityFor(this.prisma, this.settings, query.trade, query.area);
    const taken = await this.prisma.slotBooking.groupBy({
      by: ["date", "timeOfDay"],
      where: { trade: query.trade, area: query.area, date: { gte: query.from, lte: query.to }, ...liveBookings(now) },
      _count: { _all: true },
    });
    const used = new Map(taken.map((row) => [`${row.date}.${row.timeOfDay}`, row._count._all]));
    const slots: Slot[] = [];
    for (const slot of halfDaySlots(query)) {
      if ((used.get(`${slot.date}.${slot.timeOfDay}`) ?? 0) >= capacity[slot.timeOfDay]) continue;
      if (slots.length === query.limit) return { slots, more: true };
      slots.push({ slotId: `${slot.date}.${slot.timeOfDay}`, ...slot });
    }
    return { slots, more: false };
  }

  async reserve(slot: Slot, hold: HoldRequest): Promise<{ reservationId: string } | null> {
    const key = { trade: hold.trade, area: hold.area, date: slot.date, timeOfDay: slot.timeOfDay };
    const now = this.clock();
    const heldUntil = new Date(now.getTime() + hold.holdMinutes * 60_000);
    return this.prisma.$transaction(async (tx) => {
      await lockSlot(tx, key);
      const existing = await tx.slotBooking.findUnique({ where: { holdKey: hold.holdKey } });
      if (existing && (existing.status === "booked" || (existing.status === "held" && existing.heldUntil > now))) return { reservationId: existing.id };
      if (!(await this.hasRoom(tx, key, now, existing?.id))) return null;
      const row = existing
        ? await tx.slotBooking.update({ where: { id: existing.id }, data: { status: "held", heldUntil } })
        : await tx.slotBooking.create({ data: { holdKey: hold.holdKey, reference: hold.reference, status: "held", heldUntil, ...key } });
      return { reservationId: row.id };
    });
  }

  async confirm(reservationId: string): Promise<{ bookingId: string } | null> {
    const now = this.clock();
    return this.prisma.$transaction(async (tx) => {
      const found = await tx.slotBooking.findUnique({ where: { id: reservationId } });
      if (!found) return null;
      const key = { trade: found.trade, area: found.area, date: found.date, timeOfDay: found.timeOfDay };
      await lockSlot(tx, key);
      const row = await tx.slotBooking.findUniqueOrThrow({ where: { id: reservationId } });
      if (row.status === "booked") return { bookingId: row.id };
      if (row.status !== "held") return null;
      // A hold that lapsed still books if nobody has taken its place since.
      if (row.heldUntil <= now && !(await this.hasRoom(tx, key, now, row.id))) return null;
      await tx.slotBooking.update({ where: { id: row.id }, data: { status: "booked" } });
      return { bookingId: row.id };
    });
  }

  async release(reservationId: string): Promise<void> {
    await this.prisma.slotBooking.updateMany({ where: { id: reservationId, status: "held" }, data: { status: "released" } });
  }

  async cancel(bookingId: string): Promise<void> {
    await this.prisma.slotBooking.updateMany({ where: { id: bookingId, status: { in: ["held", "booked"] } }, data: { status: "cancelled" } });
  }

  /** Whether the slot has a visit left, not counting `except` (the hold being renewed or booked). */
  private async hasRoom(tx: Db, key: SlotKey, now: Date, except?: string): Promise<boolean> {
    const capacity = (await capacityFor(tx, this.settings, key.trade, key.area))[key.timeOfDay as HalfDay];
    const used = await tx.slotBooking.count({ where: { ...key, ...liveBookings(now), ...(except ? { id: { not: except } } : {}) } });
    return used < capacity;
  }
}

/** Bookings, and holds not yet lapsed: what a slot's capacity is spent on. */
function liveBookings(now: Date): Prisma.SlotBookingWhereInput {
  return { OR: [{ status: "booked" }, { status: "held", heldUntil: { gt: now } }] };
}

/** Held until the transaction ends: everyone counting this slot's bookings waits their turn. */
async function lockSlot(tx: Prisma.TransactionClient, key: SlotKey): Promise<void> {
  const name = `slot:${key.trade}:${key.area}:${key.date}:${key.timeOfDay}`;
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${name}))::text AS locked`;
}

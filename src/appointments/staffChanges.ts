// Staff booking, moving and cancelling a visit from the console or the API: the free times for a case, a time booked
// (moving the booked one, if any), a visit cancelled with its reason. Each goes through the same scheduler as the
// tenant's own booking, is recorded with its event for the back office and its audit entry, and is texted to the
// tenant on the channel they can be reached on, after quiet hours; their reply to a later reminder acts on it.
import type { PrismaClient } from "@prisma/client";
import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import { ZONE } from "../calendar/workingDays";
import { formatAppointment } from "../cases/appointments";
import { render, standingVars } from "../conversation/content";
import type { LandlordSettings } from "../conversation/types";
import type { Actor } from "../handoff/queue";
import type { Outbound } from "../inbox/outbound";
import { quietUntil, type QuietHours } from "../notify/quietHours";
import { audit } from "../staff/audit";
import { firstDay } from "./book";
import { recordBooking, recordCancellation, rebookUntil } from "./records";
import { SchedulerUnavailable, type Scheduler, type Slot } from "./scheduler";
import { areaFor, tradeFor, type SchedulerSettings } from "./settings";
import { tellTenant, type ToldStatus } from "./tellTenant";
import { visitView, type VisitView } from "./visits";

export class VisitError extends Error {
  constructor(
    readonly statusCode: 404 | 409 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface StaffVisitsDeps {
  prisma: PrismaClient;
  scheduler: Scheduler;
  settings: SchedulerSettings;
  clock: () => Date;
  landlord: LandlordSettings;
  outbound: Outbound;
  quietHours: QuietHours | null;
}

/** Free times shown to staff at once: more than a tenant's three, since staff are often on the phone with them. */
export const STAFF_PAGE = 12;

export interface FreeTimes {
  reference: string;
  trade: string;
  area: string;
  /** The last day looked at: the repair's deadline, or ten working days away if that is later. */
  until: string;
  slots: (Slot & { window: string })[];
  more: boolean;
}

export interface Changed {
  visit: VisitView;
  /** Whether the tenant was texted, or why not. */
  tenantTold: ToldStatus;
}

type CaseForVisit = NonNullable<Awaited<ReturnType<StaffVisits["bookable"]>>>;

export class StaffVisits {
  constructor(private readonly deps: StaffVisitsDeps) {}

  /** A repair that can have a visit booked: open, and not an emergency (those are attended by their deadline). */
  private async bookable(reference: string) {
    const found = await this.deps.prisma.case.findUnique({ where: { reference }, include: { home: true, conversation: true } });
    if (!found) throw new VisitError(404, "not_found", `No case with reference ${reference}`);
    if (found.type !== "repair") throw new VisitError(409, "not_a_repair", `${reference} is not a repair: only repairs have visits`);
    if (found.status === "completed" || found.status === "cancelled") throw new VisitError(409, "case_closed", `${reference} is ${found.status}`);
    if (found.priority === "emergency") {
      throw new VisitError(409, "emergency", `${reference} is an emergency: it is attended by its deadline, not booked into a slot`);
    }
    return found;
  }

  private where(found: CaseForVisit) {
    return { trade: tradeFor(this.deps.settings, found.category), area: areaFor(this.deps.settings, found.home?.postcode) };
  }

  async freeTimes(reference: string, after?: { date: string; timeOfDay: string }): Promise<FreeTimes> {
    const found = await this.bookable(reference);
    const now = this.deps.clock();
    const { trade, area } = this.where(found);
    const until = DateTime.fromJSDate(rebookUntil(found.dueAt, now), { zone: ZONE }).toISODate()!;
    const free = await this.call(() =>
      this.deps.scheduler.availability({
        reference,
        trade,
        area,
        postcode: found.home?.postcode,
        from: firstDay(now, this.deps.settings.leadWorkingDays),
        to: until,
        // Any half day and weekday: staff agree the time with the tenant.
        timesOfDay: ["AM", "PM"],
        daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
        after,
        limit: STAFF_PAGE,
      }),
    );
    return { reference, trade, area, until, slots: free.slots.map((slot) => ({ ...slot, window: formatAppointment(slot) })), more: free.more };
  }

  /** Books the slot for the case; a visit already booked is moved to it. */
  async book(reference: string, slot: Slot, actor: Actor): Promise<Changed> {
    const found = await this.bookable(reference);
    const { prisma, scheduler, settings, clock } = this.deps;
    const current = await prisma.appointment.findFirst({ where: { caseId: found.id, status: "booked" }, orderBy: { createdAt: "desc" } });
    if (current && current.date === slot.date && current.timeOfDay === slot.timeOfDay) {
      throw new VisitError(409, "already_booked", `${reference} is already booked for ${formatAppointment(slot)}`);
    }
    const { trade, area } = this.where(found);
    // Only a time the scheduler has free now, on a day a visit can be: not one typed in, nor one that has just gone.
    const soonest = firstDay(clock(), settings.leadWorkingDays);
    const sameDay = slot.date < soonest ? { slots: [] } : await this.call(() => scheduler.availability({ reference, trade, area, postcode: found.home?.postcode, from: slot.date, to: slot.date, timesOfDay: ["AM", "PM"], daysOfWeek: [1, 2, 3, 4, 5, 6, 7], limit: 50 }));
    const free = sameDay.slots.find((each) => each.slotId === slot.slotId) ?? sameDay.slots.find((each) => each.timeOfDay === slot.timeOfDay);
    if (!free) throw new VisitError(409, "slot_gone", `${formatAppointment(slot)} is not free: choose another time`);
    const held = await this.call(() => scheduler.reserve(free, { reference, trade, area, holdKey: `${reference}:staff:${randomUUID()}`, holdMinutes: settings.holdMinutes }));
    const booked = held ? await this.call(() => scheduler.confirm(held.reservationId)) : null;
    if (!booked) throw new VisitError(409, "slot_gone", `${formatAppointment(slot)} has just gone: choose another time`);

    const now = clock();
    let outcome: { appointment: VisitView; told: Awaited<ReturnType<typeof tellTenant>>; movedBookingId: string | null };
    try {
      outcome = await prisma.$transaction(async (tx) => {
        const { appointment, moved } = await recordBooking(tx, { reference, date: slot.date, timeOfDay: slot.timeOfDay, by: "staff", bookingId: booked.bookingId, replaces: current?.id }, now, settings);
        const vars = { ...standingVars(this.deps.landlord), ref: reference, appointment: formatAppointment(appointment) };
        const told = await tellTenant(tx, found.conversation, render(moved ? "appointment.staff_moved" : "appointment.staff_booked", vars), now);
        await audit(tx, { actor: actor.label, action: moved ? "visit_move" : "visit_book", subject: reference, tenantId: found.tenantId, detail: { appointmentId: appointment.id, tenantTold: told.status } });
        const row = await tx.appointment.findUniqueOrThrow({ where: { id: appointment.id }, include: { case: { include: { tenant: true, home: true } } } });
        return { appointment: visitView(row), told, movedBookingId: moved?.bookingId ?? null };
      });
    } catch (error) {
      await scheduler.cancel(booked.bookingId, "not recorded").catch(() => undefined); // give the slot back; the error is the one to report
      throw error;
    }
    // The old time goes back to the scheduler once the new one is on record; a failure here leaves a slot taken, not a visit lost.
    if (outcome.movedBookingId) await scheduler.cancel(outcome.movedBookingId, "moved by staff").catch(() => undefined);
    await this.send(outcome.told, now);
    return { visit: outcome.appointment, tenantTold: outcome.told.status };
  }

  async cancel(reference: string, appointmentId: string, reason: string, actor: Actor): Promise<Changed> {
    const { prisma, scheduler, clock } = this.deps;
    const found = await prisma.case.findUnique({ where: { reference }, include: { conversation: true } });
    const visit = found ? await prisma.appointment.findFirst({ where: { id: appointmentId, caseId: found.id } }) : null;
    if (!found || !visit) throw new VisitError(404, "not_found", `No visit ${appointmentId} on case ${reference}`);
    if (visit.status !== "booked") throw new VisitError(409, "not_booked", `That visit is ${visit.status}, not booked`);
    if (visit.bookingId) await this.call(() => scheduler.cancel(visit.bookingId!, reason));
    const now = clock();
    const outcome = await prisma.$transaction(async (tx) => {
      const cancelled = await recordCancellation(tx, visit.id, reason, "staff", now);
      if (!cancelled) throw new VisitError(409, "not_booked", "That visit was changed a moment ago: look again");
      const vars = { ...standingVars(this.deps.landlord), ref: reference, appointment: formatAppointment(cancelled) };
      const told = await tellTenant(tx, found.conversation, render("appointment.staff_cancelled", vars), now);
      await audit(tx, { actor: actor.label, action: "visit_cancel", subject: reference, tenantId: found.tenantId, detail: { appointmentId: visit.id, reason, tenantTold: told.status } });
      const row = await tx.appointment.findUniqueOrThrow({ where: { id: visit.id }, include: { case: { include: { tenant: true, home: true } } } });
      return { appointment: visitView(row), told };
    });
    await this.send(outcome.told, now);
    return { visit: outcome.appointment, tenantTold: outcome.told.status };
  }

  private async send(told: Awaited<ReturnType<typeof tellTenant>>, now: Date): Promise<void> {
    if (told.status !== "sent") return;
    const after = quietUntil(now, this.deps.quietHours);
    await this.deps.outbound.queue([told.messageId], after ? (after.getTime() - now.getTime()) / 1000 : undefined);
  }

  /** A scheduler that fails or is away is a 503 staff can read: try again, or book in the scheduler itself. */
  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof VisitError) throw error;
      if (error instanceof SchedulerUnavailable || this.deps.scheduler.kind === "http") {
        throw new VisitError(503, "scheduler_unavailable", "The scheduler is not answering: try again in a minute");
      }
      throw error;
    }
  }
}

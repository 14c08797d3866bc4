// What is booked, written in the same transaction as whatever booked it (a turn, a staff action, an update from the
// housing system), with its reminder time and the event the back office is sent.
import type { Appointment, Prisma, PrismaClient } from "@prisma/client";
import { DateTime } from "luxon";
import { addWorkingDays, ZONE } from "../calendar/workingDays";
import type { SchedulerSettings } from "./settings";

type Tx = Prisma.TransactionClient;

/**
 * The visit a tenant's answer is about: the one their reminder named, or, when staff or the housing system moved it
 * since, the case's visit booked now.
 */
export async function currentVisit(db: Tx | PrismaClient, appointmentId: string): Promise<Appointment | null> {
  const named = await db.appointment.findUnique({ where: { id: appointmentId } });
  if (!named || named.status === "booked") return named;
  return db.appointment.findFirst({ where: { caseId: named.caseId, status: "booked" }, orderBy: { createdAt: "desc" } });
}
export type BookedBy = "tenant" | "staff" | "backoffice";

/**
 * One change to a case's visits at a time, whoever makes it (the tenant's reply, staff, the housing system, on any
 * server): without it two moves at the same moment could each mark the old visit moved and leave two booked.
 */
async function lockVisits(tx: Tx, caseId: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`visits:${caseId}`}))::text AS locked`;
}

/** Published to subscribers (src/backoffice/events.ts) */
export type AppointmentEventType = "appointment.booked" | "appointment.changed" | "appointment.cancelled" | "appointment.reminded";

/** The day before at the file's hour, London time (GMT or BST as that day has it); null when that has passed. */
export function reminderTime(date: string, now: Date, reminder: SchedulerSettings["reminder"]): Date | null {
  const at = DateTime.fromISO(date, { zone: ZONE }).minus({ days: 1 }).set({ hour: reminder.hour, minute: reminder.minute }).toJSDate();
  return at > now ? at : null;
}

/** How far a new time may go when the first is changed or missed: the deadline, or ten working days from now if that is later. */
export function rebookUntil(dueAt: Date, now: Date): Date {
  const soonest = addWorkingDays(now, 10);
  return dueAt > soonest ? dueAt : soonest;
}

export async function writeAppointmentEvent(
  tx: Tx,
  type: AppointmentEventType,
  reference: string,
  appointment: Appointment,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const payload = {
    reference,
    appointment: { id: appointment.id, date: appointment.date, timeOfDay: appointment.timeOfDay, status: appointment.status, bookedBy: appointment.bookedBy },
    ...extra,
  };
  await tx.outboxEvent.create({ data: { type, payload: JSON.parse(JSON.stringify(payload)) as Prisma.InputJsonValue } });
}

export interface Booking {
  reference: string;
  date: string;
  timeOfDay: string;
  by: BookedBy;
  /** The scheduler's booking, when a scheduler holds it. */
  bookingId?: string;
  /** Our appointment this one moves, if any; any booked appointment of the case is taken as moved otherwise. */
  replaces?: string;
}

/** Records a booking; the case's earlier booked visit, if any, becomes "moved". Resolves to the new appointment and the one it moved. */
export async function recordBooking(tx: Tx, booking: Booking, now: Date, settings: SchedulerSettings): Promise<{ appointment: Appointment; moved: Appointment | null }> {
  const found = await tx.case.findUniqueOrThrow({ where: { reference: booking.reference }, select: { id: true } });
  await lockVisits(tx, found.id);
  // The one it replaces, or (when that was moved by staff or the housing system meanwhile) the case's booked visit:
  // a case has one booked visit at a time.
  const named = booking.replaces ? await tx.appointment.findFirst({ where: { id: booking.replaces, caseId: found.id, status: "booked" } }) : null;
  const moved = named ?? (await tx.appointment.findFirst({ where: { caseId: found.id, status: "booked" }, orderBy: { createdAt: "desc" } }));
  if (moved) await tx.appointment.update({ where: { id: moved.id }, data: { status: "moved", endedBy: booking.by, endedAt: now } });
  const appointment = await tx.appointment.create({
    data: {
      caseId: found.id,
      date: booking.date,
      timeOfDay: booking.timeOfDay,
      status: "booked",
      bookedBy: booking.by,
      bookingId: booking.bookingId,
      replacesId: moved?.id,
      remindAt: reminderTime(booking.date, now, settings.reminder),
      createdAt: now,
    },
  });
  const type = moved ? "appointment.changed" : "appointment.booked";
  // The housing system's own bookings are not echoed back to it.
  if (booking.by !== "backoffice") {
    await writeAppointmentEvent(tx, type, booking.reference, appointment, moved ? { previous: { id: moved.id, date: moved.date, timeOfDay: moved.timeOfDay } } : {});
  }
  return { appointment, moved };
}

export async function recordCancellation(tx: Tx, appointmentId: string, reason: string, by: BookedBy, now: Date): Promise<Appointment | null> {
  const named = await tx.appointment.findUnique({ where: { id: appointmentId }, select: { caseId: true } });
  if (named) await lockVisits(tx, named.caseId);
  const visit = await currentVisit(tx, appointmentId);
  if (!visit) return null;
  const cancelled = await tx.appointment.updateMany({ where: { id: visit.id, status: "booked" }, data: { status: "cancelled", cancelReason: reason, endedBy: by, endedAt: now } });
  if (cancelled.count === 0) return null;
  const appointment = await tx.appointment.findUniqueOrThrow({ where: { id: visit.id }, include: { case: { select: { reference: true } } } });
  await writeAppointmentEvent(tx, "appointment.cancelled", appointment.case.reference, appointment, { reason, by });
  return appointment;
}

/** A visit the housing system says it could not make (no access): the booked one is missed. Resolves to the misses so far, this one included. */
export async function recordNoAccess(tx: Tx, caseId: string, now: Date): Promise<number> {
  await lockVisits(tx, caseId);
  const booked = await tx.appointment.findFirst({ where: { caseId, status: "booked" }, orderBy: { createdAt: "desc" } });
  if (booked) await tx.appointment.update({ where: { id: booked.id }, data: { status: "missed", endedBy: "backoffice", endedAt: now } });
  // Counted from the updates, so a visit the housing system booked without telling us counts too.
  return (await tx.caseUpdate.count({ where: { caseId, type: "no_access" } })) + 1;
}

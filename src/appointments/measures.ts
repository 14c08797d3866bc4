// How visits were booked and what became of them, over a span of time, counted from the Appointment records
// (README "Appointments", measures). One definition each, for the visits page and the measures of the outcomes issue:
// - booked: a case's first visit (one that moved no other), by who booked it: the tenant in the conversation, a person
//   in the console, or the housing system's own update; counted on the day it was booked;
// - changed: a visit that moved another, by who moved it (the tenant's reply to a reminder or a no-access text is
//   "tenant");
// - cancelled: by who cancelled it, on the day they did; missed: a visit the housing system said it could not get in
//   to; attended: the housing system said the repair was done while the visit was booked;
// - reminders: the reminders due in the span, sent or why not (STOP, no channel to reach, WhatsApp's window shut).
import type { PrismaClient } from "@prisma/client";

export type By = "tenant" | "staff" | "backoffice";

export interface AppointmentMeasures {
  from: string;
  to: string;
  booked: Record<By, number>;
  /** Of the first bookings, the share the tenant made in the conversation (0 to 1; null when there were none). */
  bookedInConversationShare: number | null;
  changed: Record<By, number>;
  cancelled: Record<By, number>;
  missed: number;
  attended: number;
  reminders: Record<"sent" | "opted_out" | "no_channel" | "outside_whatsapp_window", number>;
}

const BY: By[] = ["tenant", "staff", "backoffice"];

function byWho(rows: { key: string | null; count: number }[]): Record<By, number> {
  const counts = { tenant: 0, staff: 0, backoffice: 0 };
  for (const row of rows) if (row.key && (BY as string[]).includes(row.key)) counts[row.key as By] += row.count;
  return counts;
}

/** The measures for visits booked, changed or ended at or after `from` and before `to`. */
export async function appointmentMeasures(prisma: PrismaClient, span: { from: Date; to: Date }): Promise<AppointmentMeasures> {
  const made = { createdAt: { gte: span.from, lt: span.to } };
  const ended = { endedAt: { gte: span.from, lt: span.to } };
  const [first, moves, cancelled, missed, attended, reminded] = await Promise.all([
    prisma.appointment.groupBy({ by: ["bookedBy"], where: { ...made, replacesId: null }, _count: { _all: true } }),
    prisma.appointment.groupBy({ by: ["bookedBy"], where: { ...made, replacesId: { not: null } }, _count: { _all: true } }),
    prisma.appointment.groupBy({ by: ["endedBy"], where: { ...ended, status: "cancelled" }, _count: { _all: true } }),
    prisma.appointment.count({ where: { ...ended, status: "missed" } }),
    prisma.appointment.count({ where: { ...ended, status: "attended" } }),
    prisma.appointment.groupBy({ by: ["reminderStatus"], where: { remindedAt: { gte: span.from, lt: span.to } }, _count: { _all: true } }),
  ]);
  const booked = byWho(first.map((row) => ({ key: row.bookedBy, count: row._count._all })));
  const total = booked.tenant + booked.staff + booked.backoffice;
  const reminders = { sent: 0, opted_out: 0, no_channel: 0, outside_whatsapp_window: 0 };
  for (const row of reminded) if (row.reminderStatus && row.reminderStatus in reminders) reminders[row.reminderStatus as keyof typeof reminders] = row._count._all;
  return {
    from: span.from.toISOString(),
    to: span.to.toISOString(),
    booked,
    bookedInConversationShare: total === 0 ? null : booked.tenant / total,
    changed: byWho(moves.map((row) => ({ key: row.bookedBy, count: row._count._all }))),
    cancelled: byWho(cancelled.map((row) => ({ key: row.endedBy, count: row._count._all }))),
    missed,
    attended,
    reminders,
  };
}

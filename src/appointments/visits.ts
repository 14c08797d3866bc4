// Visits as staff see them: the day's and the coming days' booked visits, and one case's history of bookings, moves,
// cancellations and misses, each with who did it and whether the reminder went.
import type { Prisma, PrismaClient } from "@prisma/client";
import { DateTime } from "luxon";
import { ZONE } from "../calendar/workingDays";
import { formatAppointment } from "../cases/appointments";

export interface VisitView {
  id: string;
  reference: string;
  category: string;
  priority: string;
  date: string;
  timeOfDay: string;
  /** The window in the tenant's words: "Tue 8 Dec, 8am to 12". */
  window: string;
  /** booked | moved | cancelled | missed | attended */
  status: string;
  /** tenant (in the conversation) | staff (in the console) | backoffice (the housing system) */
  bookedBy: string;
  endedBy: string | null;
  cancelReason: string | null;
  reminder: { due: string | null; sentAt: string | null; status: string | null };
  tenantName: string | null;
  address: string | null;
  /** The visit this one replaced, when it was a move. */
  replacesId: string | null;
  bookedAt: string;
}

const withCase = { case: { include: { tenant: true, home: true } } } satisfies Prisma.AppointmentInclude;
type Row = Prisma.AppointmentGetPayload<{ include: typeof withCase }>;

export function visitView(row: Row): VisitView {
  const { case: found } = row;
  const home = found.home;
  return {
    id: row.id,
    reference: found.reference,
    category: found.category,
    priority: found.priority,
    date: row.date,
    timeOfDay: row.timeOfDay,
    window: formatAppointment(row),
    status: row.status,
    bookedBy: row.bookedBy,
    endedBy: row.endedBy,
    cancelReason: row.cancelReason,
    reminder: { due: row.remindAt?.toISOString() ?? null, sentAt: row.remindedAt?.toISOString() ?? null, status: row.reminderStatus },
    tenantName: found.tenant ? `${found.tenant.firstName} ${found.tenant.lastName}` : null,
    address: home ? `${home.houseNumber} ${home.street}, ${home.postcode}` : null,
    replacesId: row.replacesId,
    bookedAt: row.createdAt.toISOString(),
  };
}

export interface VisitFilter {
  /** First and last days, YYYY-MM-DD in London, both included. */
  from: string;
  to: string;
  /** Only booked visits (the default), or every one whatever became of it. */
  status: "booked" | "all";
  /** A case reference, or the start of one. */
  reference?: string;
}

export const LIST_LIMIT = 500;

/** The filter's visits in date and time order (AM before PM); at most LIST_LIMIT. */
export async function listVisits(prisma: PrismaClient, filter: VisitFilter): Promise<VisitView[]> {
  const rows = await prisma.appointment.findMany({
    where: {
      date: { gte: filter.from, lte: filter.to },
      ...(filter.status === "booked" ? { status: "booked" } : {}),
      ...(filter.reference ? { case: { reference: { startsWith: filter.reference.toUpperCase() } } } : {}),
    },
    include: withCase,
    orderBy: [{ date: "asc" }, { timeOfDay: "asc" }, { createdAt: "asc" }],
    take: LIST_LIMIT,
  });
  return rows.map(visitView);
}

/** Every visit a case has had, newest first; null when there is no such case. */
export async function caseVisits(prisma: PrismaClient, reference: string): Promise<VisitView[] | null> {
  const found = await prisma.case.findUnique({ where: { reference }, select: { id: true } });
  if (!found) return null;
  const rows = await prisma.appointment.findMany({ where: { caseId: found.id }, include: withCase, orderBy: { createdAt: "desc" } });
  // Made in the same instant, a move comes before the visit it replaced.
  rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.replacesId === b.id ? -1 : b.replacesId === a.id ? 1 : 0));
  return rows.map(visitView);
}

/** The default span of the visits page: today and the next 13 days. */
export function defaultSpan(now: Date): { from: string; to: string } {
  const today = DateTime.fromJSDate(now, { zone: ZONE });
  return { from: today.toISODate()!, to: today.plus({ days: 13 }).toISODate()! };
}

// Cases: repairs, safeguarding, noise and nuisance, complaints and requests, with their deadlines and notes. The only code that writes the case tables.
import type { Prisma, PrismaClient } from "@prisma/client";
import type { AsbHistory, Asker, CaseLookup, CaseSummary, NewCase } from "../conversation/types";

type Db = PrismaClient | Prisma.TransactionClient;

/** Photos sent in the same conversation this long before a report are taken to be of what it reports. */
const PHOTOS_BEFORE_HOURS = 24;

export async function createCase(db: Db, raised: NewCase, conversationId: string, phone: string) {
  const created = await db.case.create({
    data: {
      reference: raised.reference,
      type: raised.type,
      priority: raised.priority,
      category: raised.category,
      hazard: raised.hazard ?? null,
      location: raised.location ?? null,
      description: raised.description,
      vulnerable: raised.vulnerable ?? null,
      access: raised.access ?? null,
      details: JSON.parse(JSON.stringify(raised.details)) as Prisma.InputJsonValue,
      phone: raised.contactPhone ?? phone,
      verified: raised.verified,
      tenantId: raised.tenantId,
      homeId: raised.homeId,
      conversationId,
      reportedAt: raised.reportedAt,
      dueAt: raised.dueAt,
      deadlines: { create: raised.deadlines.map(({ kind, dueAt, rule }) => ({ kind, dueAt, rule })) },
    },
  });
  // A photo sent while answering the questions ("my photo shows it") belongs to the report it was sent for.
  await db.attachment.updateMany({
    where: { conversationId, caseId: null, createdAt: { gte: new Date(raised.reportedAt.getTime() - PHOTOS_BEFORE_HOURS * 3_600_000) } },
    data: { caseId: created.id },
  });
  return created;
}

export async function addCaseNote(db: Db, reference: string, author: string, body: string, kind: "note" | "incident" = "note"): Promise<void> {
  const found = await db.case.findUnique({ where: { reference }, select: { id: true } });
  if (!found) throw new Error(`No case ${reference}`);
  await db.caseNote.create({ data: { caseId: found.id, author, body, kind } });
}

/** The tenant's answer to "how happy are you with the repair?"; a second answer replaces the first. */
export async function recordSatisfaction(db: Db, reference: string, score: number, at: Date): Promise<void> {
  const found = await db.case.findUnique({ where: { reference }, select: { id: true } });
  if (!found) throw new Error(`No case ${reference}`);
  await db.caseSatisfaction.upsert({ where: { caseId: found.id }, create: { caseId: found.id, score, at }, update: { score, at } });
}

/** Links a case raised by an unknown number to the home (and tenancy) it turned out to be about. */
export async function linkCaseToHome(db: Db, reference: string, homeId: string, tenantId: string | null): Promise<void> {
  await db.case.update({ where: { reference }, data: { homeId, tenantId, verified: true } });
}

export interface CaseFilter {
  phone?: string;
  type?: string;
  status?: string;
  limit: number;
}

const caseDetail = {
  deadlines: { orderBy: { dueAt: "asc" as const }, select: { kind: true, dueAt: true, rule: true } },
  notes: { orderBy: { createdAt: "asc" as const }, select: { author: true, kind: true, body: true, createdAt: true } },
  home: { select: { houseNumber: true, street: true, town: true, postcode: true } },
  tenant: { select: { tenancyRef: true, firstName: true, lastName: true } },
  updates: { orderBy: [{ at: "asc" as const }, { createdAt: "asc" as const }] },
  satisfaction: { select: { score: true, at: true } },
} satisfies Prisma.CaseInclude;

export type CaseRecord = Prisma.CaseGetPayload<{ include: typeof caseDetail }>;

export function listCases(db: Db, filter: CaseFilter): Promise<CaseRecord[]> {
  return db.case.findMany({
    where: { phone: filter.phone, type: filter.type, status: filter.status },
    include: caseDetail,
    orderBy: { reportedAt: "desc" },
    take: filter.limit,
  });
}

export function findCase(db: Db, reference: string): Promise<CaseRecord | null> {
  return db.case.findUnique({ where: { reference }, include: caseDetail });
}

export function countOpenCases(db: Db, phone: string): Promise<number> {
  return db.case.count({ where: { phone, status: "open" } });
}

const summaryFields = {
  reference: true,
  category: true,
  priority: true,
  status: true,
  dueAt: true,
  // The latest news from the housing system; notes say nothing about where the repair is up to.
  updates: { where: { type: { not: "note" } }, orderBy: [{ at: "desc" as const }, { createdAt: "desc" as const }], take: 1, select: { type: true, at: true, detail: true } },
  // A visit booked in the conversation or by staff is news too, though no update came with it.
  appointments: { where: { status: "booked" }, orderBy: { createdAt: "desc" as const }, take: 1, select: { date: true, timeOfDay: true, createdAt: true } },
} satisfies Prisma.CaseSelect;

type SummaryRow = Prisma.CaseGetPayload<{ select: typeof summaryFields }>;

function toSummary(row: SummaryRow): CaseSummary {
  const { updates, appointments, ...summary } = row;
  const latest = updates[0];
  const visit = appointments[0];
  if (visit && (!latest || visit.createdAt >= latest.at)) {
    return { ...summary, progress: { type: "appointment_set", at: visit.createdAt, appointment: { date: visit.date, timeOfDay: visit.timeOfDay } } };
  }
  if (!latest) return summary;
  const detail = latest.detail as { appointment?: { date: string; timeOfDay: string } };
  return { ...summary, progress: { type: latest.type as NonNullable<CaseSummary["progress"]>["type"], at: latest.at, appointment: detail.appointment } };
}

/** A tenant's own cases: those reported from this number or on this tenancy, never anyone else's. */
export class PrismaCaseLookup implements CaseLookup {
  constructor(private readonly prisma: PrismaClient) {}

  private whose(asker: Asker, type = "repair"): Prisma.CaseWhereInput {
    return { type, OR: [{ phone: asker.address }, ...(asker.tenantId ? [{ tenantId: asker.tenantId }] : [])] };
  }

  /** Separate reports for the Case Review: each new noise or nuisance case, and each incident added to one. */
  async asbHistory(asker: Asker, since: Date): Promise<AsbHistory> {
    const whose = this.whose(asker, "asb");
    const [cases, incidents, open] = await Promise.all([
      this.prisma.case.count({ where: { ...whose, reportedAt: { gte: since } } }),
      this.prisma.caseNote.count({ where: { kind: "incident", createdAt: { gte: since }, case: whose } }),
      this.prisma.case.findFirst({ where: { ...whose, status: "open" }, orderBy: { reportedAt: "desc" }, select: summaryFields }),
    ]);
    return { reports: cases + incidents, open: open ? toSummary(open) : null };
  }

  async openRepairs(asker: Asker): Promise<CaseSummary[]> {
    const rows = await this.prisma.case.findMany({
      where: { ...this.whose(asker), status: "open" },
      orderBy: { dueAt: "asc" },
      select: summaryFields,
    });
    return rows.map(toSummary);
  }

  async recentlyFinishedRepair(asker: Asker, since: Date): Promise<CaseSummary | null> {
    const row = await this.prisma.case.findFirst({
      where: { ...this.whose(asker), status: { in: ["completed", "cancelled"] }, updates: { some: { type: { in: ["completed", "cancelled"] }, at: { gte: since } } } },
      orderBy: { updatedAt: "desc" },
      select: summaryFields,
    });
    return row ? toSummary(row) : null;
  }

  async repairByReference(reference: string, asker: Asker): Promise<CaseSummary | null> {
    const row = await this.prisma.case.findFirst({
      where: { ...this.whose(asker), reference: reference.toUpperCase() },
      select: summaryFields,
    });
    return row ? toSummary(row) : null;
  }
}

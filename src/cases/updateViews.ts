// Updates from the housing system as staff and the housing system see them: what came, what it did to the case,
// and whether the tenant was told (with the state of each text), or why not.
import type { CaseUpdate, Prisma, PrismaClient } from "@prisma/client";

/** How staff and the housing system see an applied update. */
export interface AppliedUpdate {
  eventId: string;
  type: string;
  at: string;
  detail: Record<string, unknown>;
  statusAfter: string;
  tenantNotified: boolean;
  reason: string | null;
  /** When quiet hours let the texts go; null when they went at once. */
  sendAfter: string | null;
  /** Staff can see at a glance whether the text went, waits, or failed. */
  messages: { id: string; deliveryStatus: string | null }[];
  receivedAt: string;
}

export async function updateViewOf(db: PrismaClient | Prisma.TransactionClient, row: CaseUpdate): Promise<AppliedUpdate> {
  const ids = (row.messageIds as string[] | null) ?? [];
  const messages = ids.length > 0 ? await db.message.findMany({ where: { id: { in: ids } }, select: { id: true, deliveryStatus: true } }) : [];
  return {
    eventId: row.eventId,
    type: row.type,
    at: row.at.toISOString(),
    detail: row.detail as Record<string, unknown>,
    statusAfter: row.statusAfter,
    tenantNotified: row.tenantNotified,
    reason: row.reason,
    sendAfter: row.sendAfter?.toISOString() ?? null,
    messages: ids.map((id) => ({ id, deliveryStatus: messages.find((message) => message.id === id)?.deliveryStatus ?? null })),
    receivedAt: row.createdAt.toISOString(),
  };
}

/** Every update on a case, oldest first, for staff. */
export async function updatesOf(db: PrismaClient, caseId: string): Promise<AppliedUpdate[]> {
  const rows = await db.caseUpdate.findMany({ where: { caseId }, orderBy: [{ at: "asc" }, { createdAt: "asc" }] });
  return Promise.all(rows.map((row) => updateViewOf(db, row)));
}

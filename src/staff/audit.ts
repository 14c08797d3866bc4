// The audit log: who saw which tenant's data, who replied, who closed. Written in the same transaction as the action.
import type { Prisma, PrismaClient } from "@prisma/client";

type Db = PrismaClient | Prisma.TransactionClient;

export type AuditAction = "login" | "login_failed" | "logout" | "view" | "claim" | "reply" | "close" | "hand_back" | "private_note" | "resend" | "nlu_review" | "webhook_add" | "webhook_change" | "webhook_remove" | "visit_book" | "visit_move" | "visit_cancel" | "capacity_change" | "retention";

export async function audit(
  db: Db,
  entry: { actor: string; action: AuditAction; subject?: string; tenantId?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await db.auditEntry.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject ?? null,
      tenantId: entry.tenantId ?? null,
      detail: entry.detail ? (JSON.parse(JSON.stringify(entry.detail)) as Prisma.InputJsonValue) : undefined,
    },
  });
}

// Messages kept for a person to check what the bot understood: stored with the turn that kept them, listed for
// review, and answered by staff with the right intent and danger kinds. Only reviewed ones are ever exported.
import type { Message, NluReview, Prisma, PrismaClient } from "@prisma/client";
import type { Intent } from "../../dialogs/nlu/intents";
import type { ReviewNote } from "../conversation/types";
import type { DangerKind } from "../nlu/danger";
import { audit } from "../staff/audit";

type Db = PrismaClient | Prisma.TransactionClient;

export class ReviewError extends Error {
  constructor(
    readonly status: 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Stores a turn's review notes in its transaction. A note about earlier words (the message the tenant was then asked
 * about) is kept against that message. A retried turn adds nothing: each message is kept once per reason.
 */
export async function storeReviewNotes(tx: Prisma.TransactionClient, message: Message, notes: ReviewNote[], now: Date): Promise<void> {
  if (notes.length === 0) return;
  const rows: Prisma.NluReviewCreateManyInput[] = [];
  for (const note of notes) {
    const about =
      note.text === message.body
        ? message
        : await tx.message.findFirst({
            where: { conversationId: message.conversationId, direction: "inbound", body: note.text, seq: { lt: message.seq } },
            orderBy: { seq: "desc" },
          });
    rows.push({
      conversationId: message.conversationId,
      messageId: (about ?? message).id,
      reason: note.reason,
      text: note.text,
      botIntent: note.intent,
      botConfidence: note.confidence,
      botDangers: note.dangers,
      tenantChose: note.tenantChose ?? null,
      createdAt: now,
    });
  }
  await tx.nluReview.createMany({ data: rows, skipDuplicates: true });
}

export type ReviewStatus = "pending" | "reviewed";

const LIST_LIMIT = 200;

function view(row: NluReview & { reviewedBy: { name: string } | null }) {
  return {
    id: row.id,
    reason: row.reason,
    text: row.text,
    keptAt: row.createdAt.toISOString(),
    bot: { intent: row.botIntent, confidence: row.botConfidence, dangers: row.botDangers as string[] },
    tenantChose: row.tenantChose,
    review: row.reviewedAt
      ? { intent: row.reviewedIntent!, dangers: row.reviewedDangers as string[], by: row.reviewedBy?.name ?? null, at: row.reviewedAt.toISOString() }
      : null,
    exported: row.exportedAt !== null,
  };
}

export type ReviewView = ReturnType<typeof view>;

/** Pending ones oldest first (the longest waiting at the top); reviewed ones newest first. */
export async function listReviews(db: Db, status: ReviewStatus): Promise<ReviewView[]> {
  const rows = await db.nluReview.findMany({
    where: { reviewedAt: status === "pending" ? null : { not: null } },
    orderBy: status === "pending" ? { createdAt: "asc" } : { reviewedAt: "desc" },
    take: LIST_LIMIT,
    include: { reviewedBy: { select: { name: true } } },
  });
  return rows.map(view);
}

/** A person's answer; it can be changed until the item has gone into a training batch. Audited with it. */
export async function saveReview(
  db: PrismaClient,
  id: string,
  answer: { intent: Intent; dangers: DangerKind[] },
  actor: { staffId: string; label: string },
  now: Date,
): Promise<ReviewView> {
  return db.$transaction(async (tx) => {
    const saved = await tx.nluReview.updateMany({
      where: { id, exportedAt: null },
      data: { reviewedIntent: answer.intent, reviewedDangers: answer.dangers, reviewedById: actor.staffId, reviewedAt: now },
    });
    if (saved.count === 0) {
      const exists = await tx.nluReview.findUnique({ where: { id }, select: { id: true } });
      if (!exists) throw new ReviewError(404, "not_found", "No message kept for review with that id");
      throw new ReviewError(409, "already_exported", "This one is already in a training batch and cannot be changed");
    }
    await audit(tx, { actor: actor.label, action: "nlu_review", subject: id, detail: { intent: answer.intent, dangers: answer.dangers } });
    const row = await tx.nluReview.findUniqueOrThrow({ where: { id }, include: { reviewedBy: { select: { name: true } } } });
    return view(row);
  });
}

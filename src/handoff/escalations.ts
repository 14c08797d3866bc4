// Escalations: requests for a person, with why, how urgent, a response target and the conversation so far.
import type { Prisma, PrismaClient } from "@prisma/client";

type Db = PrismaClient | Prisma.TransactionClient;

/** Minutes within which a person should pick up, by priority (1 is the top of the queue). */
export const RESPONSE_TARGET_MINUTES: Record<number, number> = { 1: 15, 2: 60, 3: 240 };

export interface EscalationRequest {
  conversationId: string;
  reason: string;
  priority: number;
  caseReference?: string;
  now: Date;
}

export async function raiseEscalation(db: Db, request: EscalationRequest) {
  const messages = await db.message.findMany({
    where: { conversationId: request.conversationId },
    orderBy: { seq: "asc" },
    select: { direction: true, body: true, createdAt: true },
  });
  const linked = request.caseReference
    ? await db.case.findUnique({ where: { reference: request.caseReference }, select: { id: true } })
    : null;
  const minutes = RESPONSE_TARGET_MINUTES[request.priority] ?? RESPONSE_TARGET_MINUTES[3]!;
  return db.escalation.create({
    data: {
      conversationId: request.conversationId,
      caseId: linked?.id ?? null,
      reason: request.reason,
      priority: request.priority,
      respondBy: new Date(request.now.getTime() + minutes * 60_000),
      transcript: messages.map((message) => ({
        direction: message.direction,
        body: message.body,
        at: message.createdAt.toISOString(),
      })),
    },
  });
}

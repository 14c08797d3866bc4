// Escalations: requests for a person, with why, how urgent, a response target and the conversation so far.
import type { Prisma, PrismaClient } from "@prisma/client";
import { respondBy, type OpeningHours } from "./hours";

type Db = PrismaClient | Prisma.TransactionClient;


export interface EscalationRequest {
  conversationId: string;
  reason: string;
  priority: number;
  caseReference?: string;
  now: Date;
  hours: OpeningHours;
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
  return db.escalation.create({
    data: {
      conversationId: request.conversationId,
      caseId: linked?.id ?? null,
      reason: request.reason,
      priority: request.priority,
      respondBy: respondBy(request.priority, request.now, request.hours),
      // The app's clock, like claimedAt and closedAt, so the hand-over story is told in order.
      createdAt: request.now,
      transcript: messages.map((message) => ({
        direction: message.direction,
        body: message.body,
        at: message.createdAt.toISOString(),
      })),
    },
  });
}

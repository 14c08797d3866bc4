// Tells a tenant when nobody has picked up their conversation within its response target: once, on one server
// (a conditional update decides which), and never after STOP.
import type { PrismaClient } from "@prisma/client";
import type { FastifyBaseLogger } from "fastify";
import { isOptedOut } from "../consent/consent";
import { render, standingVars } from "../conversation/content";
import type { LandlordSettings } from "../conversation/types";
import { approvedTemplate, insideWindow } from "../channels/twilio/templates";
import type { Outbound } from "../inbox/outbound";
import { reachableConversation } from "./queue";

export interface LateNoticeDeps {
  outbound: Outbound;
  log: FastifyBaseLogger;
  landlord: LandlordSettings;
  /** WHATSAPP_CONTENT: the approved "late" template is used outside WhatsApp's window. */
  whatsappTemplates: Record<string, string>;
}

export async function sendLateNotices(
  prisma: PrismaClient,
  deps: LateNoticeDeps,
  now: Date,
): Promise<number> {
  const overdue = await prisma.escalation.findMany({
    where: { status: "open", respondBy: { lt: now }, lateNoticeAt: null },
    select: { id: true, conversationId: true },
  });
  let told = 0;
  for (const escalation of overdue) {
    const noticeId = await prisma.$transaction(async (tx): Promise<string | null> => {
      const mine = await tx.escalation.updateMany({ where: { id: escalation.id, lateNoticeAt: null }, data: { lateNoticeAt: now } });
      if (mine.count === 0) return null; // another server got there first
      const conversation = await reachableConversation(tx, await tx.conversation.findUniqueOrThrow({ where: { id: escalation.conversationId } }), now);
      if (await isOptedOut(tx, conversation.channel, conversation.address)) return null;
      // Outside WhatsApp's 24-hour window only an approved template may go, and only if one is configured.
      const outsideWindow = conversation.channel === "whatsapp" && !insideWindow(conversation.lastInboundAt, now);
      const template = outsideWindow ? approvedTemplate("late", deps.whatsappTemplates, deps.landlord.name) : null;
      if (outsideWindow && !template) return null;
      const text = template?.text ?? render("handoff.late", standingVars(deps.landlord));
      const message = await tx.message.create({
        data: { conversationId: conversation.id, direction: "outbound", body: text, content: template?.content, deliveryStatus: "queued" },
      });
      return message.id;
    });
    if (!noticeId) continue;
    await deps.outbound.queue([noticeId]);
    told += 1;
  }
  return told;
}

/** Checks every minute; the timer does not keep the process alive and stops when the app closes. */
export function startLateNotices(
  prisma: PrismaClient,
  deps: LateNoticeDeps,
  clock: () => Date,
): () => void {
  const timer = setInterval(() => {
    sendLateNotices(prisma, deps, clock()).catch((error: unknown) => deps.log.error({ err: error, event: "late_notices.failed" }, "could not send late notices"));
  }, 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

// News of a visit for the tenant (a reminder, a time staff booked or moved, a visit staff cancelled), written in the
// caller's transaction on the channel the tenant can be reached on now, or the reason it cannot go: nothing after
// STOP, nothing to a web chat or Microsoft conversation (they cannot be written to once closed), and on WhatsApp
// only inside the 24-hour window.
import type { Conversation, Prisma } from "@prisma/client";
import { smsSegments } from "../channels/twilio/gsm";
import { insideWindow } from "../channels/twilio/templates";
import { isOptedOut } from "../consent/consent";
import { reachableConversation } from "../handoff/queue";
import { SEND_STATUS } from "../inbox/outbound";

/** What happened to the news: sent, or why not (staff see it on the visit). */
export type ToldStatus = "sent" | "opted_out" | "no_channel" | "outside_whatsapp_window";

/** Where it went, or would have gone: the conversation on the channel the tenant can be reached on now. */
interface Where {
  conversationId: string;
  channel: string;
}

export type Told = (Where & { status: "sent"; messageId: string }) | (Where & { status: Exclude<ToldStatus, "sent"> });

export async function tellTenant(tx: Prisma.TransactionClient, conversation: Conversation, text: string, now: Date): Promise<Told> {
  const reachable = await reachableConversation(tx, conversation, now);
  const status: ToldStatus =
    reachable.channel === "webchat" || reachable.channel === "microsoft"
      ? "no_channel"
      : (await isOptedOut(tx, reachable.channel, reachable.address))
        ? "opted_out"
        : reachable.channel === "whatsapp" && !insideWindow(reachable.lastInboundAt, now)
          ? "outside_whatsapp_window"
          : "sent";
  const where = { conversationId: reachable.id, channel: reachable.channel };
  if (status !== "sent") return { status, ...where };
  const message = await tx.message.create({
    data: {
      conversationId: reachable.id,
      direction: "outbound",
      body: text,
      segments: reachable.channel === "sms" ? smsSegments(text).segments : undefined,
      deliveryStatus: SEND_STATUS.queued,
    },
  });
  return { status, ...where, messageId: message.id };
}

// The web chat's messages as Bot Framework activities (the Direct Line 3.0 shape), read from the messages table.
import type { Message, PrismaClient } from "@prisma/client";
import { forButtons } from "../../conversation/content";
import type { OutboundMessage, Tap } from "../../conversation/types";
import type { RenderedMessage } from "../../inbox/inbox";

const PROVIDER_PREFIX = "dl:";

/**
 * The message id we keep for an activity a tenant posts: the conversation and the client's own id for it (Web Chat's
 * clientActivityID), so a client's retry is recognised but two conversations can never share an id.
 */
export function postedSid(conversationId: string, clientActivityID: string): string {
  return `${PROVIDER_PREFIX}${conversationId}:${clientActivityID}`;
}

/** The client's own id back from the message id we kept, for the echo the client recognises its message by. */
function clientIdOf(providerSid: string | null, conversationId: string): string | undefined {
  const prefix = postedSid(conversationId, "");
  return providerSid?.startsWith(prefix) ? providerSid.slice(prefix.length) : undefined;
}

/** The id of the turn that opens a conversation (the greeting and menu, before the tenant has said anything). */
export const openingSid = (conversationId: string) => `${PROVIDER_PREFIX}open:${conversationId}`;

const PAGE = 100;

export interface CardAction {
  type: "imBack";
  title: string;
  value: string;
  /** Our own web chat shows the icon; other Direct Line clients ignore channelData. */
  channelData: { icon: string };
}

export interface Activity {
  type: "message";
  id: string;
  timestamp: string;
  channelId: "directline";
  conversation: { id: string };
  from: { id: string; name?: string; role: "user" | "bot" };
  text: string;
  textFormat: "plain";
  replyToId?: string;
  suggestedActions?: { to: string[]; actions: CardAction[] };
  attachments?: { contentType: string; name: string }[];
  channelData?: { clientActivityID?: string; fromStaff?: boolean };
}

/** The web chat shows choices as buttons with icons; the numbers are SMS's way of choosing and are left out. */
export function renderWebChat(message: OutboundMessage): RenderedMessage {
  return { text: message.choices.length > 0 ? forButtons(message.text) : message.text, taps: message.taps };
}

export function toActions(taps: Tap[]): CardAction[] {
  return taps.map((tap) => ({ type: "imBack", title: tap.label, value: tap.label, channelData: { icon: tap.icon } }));
}

type Row = Pick<Message, "id" | "seq" | "direction" | "body" | "taps" | "media" | "staffId" | "providerSid" | "inReplyToId" | "createdAt">;

function toActivity(row: Row, conversationId: string, userId: string, landlordName: string): Activity | null {
  const base = { type: "message" as const, id: row.id, timestamp: row.createdAt.toISOString(), channelId: "directline" as const, conversation: { id: conversationId }, textFormat: "plain" as const };
  if (row.direction === "inbound") {
    const media = (row.media as { contentType: string }[] | null) ?? [];
    if (row.body === "" && media.length === 0) return null; // the opening turn: the tenant said nothing
    const clientActivityID = clientIdOf(row.providerSid, conversationId);
    return {
      ...base,
      from: { id: userId, role: "user" },
      text: row.body,
      attachments: media.length > 0 ? media.map((item, index) => ({ contentType: item.contentType, name: `photo-${index + 1}` })) : undefined,
      channelData: clientActivityID ? { clientActivityID } : undefined,
    };
  }
  const taps = (row.taps as Tap[] | null) ?? [];
  return {
    ...base,
    from: row.staffId ? { id: "staff", name: `${landlordName} team`, role: "bot" } : { id: "bot", name: landlordName, role: "bot" },
    text: row.body,
    replyToId: row.inReplyToId ?? undefined,
    // No "to": the conversation has one tenant, and Web Chat hides actions addressed to an id it does not know.
    suggestedActions: taps.length > 0 ? { to: [], actions: toActions(taps) } : undefined,
    channelData: row.staffId ? { fromStaff: true } : undefined,
  };
}

/** The activities after `watermark` (our message sequence number), oldest first, and the new watermark. */
export async function activitiesSince(
  prisma: PrismaClient,
  conversation: { id: string; address: string },
  watermark: bigint,
  userId: string,
  landlordName: string,
): Promise<{ activities: Activity[]; watermark: string }> {
  const rows = await prisma.message.findMany({
    where: { conversationId: conversation.id, seq: { gt: watermark } },
    orderBy: { seq: "asc" },
    take: PAGE,
    select: { id: true, seq: true, direction: true, body: true, taps: true, media: true, staffId: true, providerSid: true, inReplyToId: true, createdAt: true },
  });
  const activities = rows.map((row) => toActivity(row, conversation.address, userId, landlordName)).filter((activity): activity is Activity => activity !== null);
  return { activities, watermark: String(rows.at(-1)?.seq ?? watermark) };
}

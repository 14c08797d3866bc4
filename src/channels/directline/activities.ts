// The web chat's messages as Bot Framework activities (the Direct Line 3.0 shape), read from the messages table.
import type { Message, PrismaClient } from "@prisma/client";
import { en, type ContentKey } from "../../../dialogs/content/en";
import { iconFor } from "../../../dialogs/content/icons";
import { forButtons, render } from "../../conversation/content";
import type { Keypad, OutboundMessage, Tap } from "../../conversation/types";
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
  /** Our own web chat shows the icon, guards danger against a double tap and opens a number pad; others ignore it. */
  channelData: { icon: string; danger?: boolean; keypad?: Keypad };
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

/** The web chat's own wording of a message, where the catalogue has one ("key.webchat": taps, not "Reply MENU"). */
function webChatText(message: OutboundMessage): string {
  const variant = message.said && `${message.said.key}.webchat`;
  if (variant && variant in en) return render(variant as ContentKey, message.said!.vars);
  return message.text;
}

/** The tap that opens a number pad, for a question whose typed answer is a phone number. */
const KEYPAD_TAP: Record<Keypad, ContentKey> = { phone: "chat.keypad.phone" };

/**
 * The web chat shows choices as buttons with icons; the numbers are SMS's way of choosing and are left out. A
 * question that wants a phone number gets a button that opens the number pad, so the tenant need not find the box.
 */
export function renderWebChat(message: OutboundMessage): RenderedMessage {
  const text = webChatText(message);
  const keypad: Tap[] = message.keypad ? [{ label: render(KEYPAD_TAP[message.keypad], {}), icon: iconFor(KEYPAD_TAP[message.keypad]), keypad: message.keypad }] : [];
  return { text: message.choices.length > 0 ? forButtons(text) : text, taps: [...keypad, ...message.taps] };
}

export function toActions(taps: Tap[]): CardAction[] {
  return taps.map((tap) => ({
    type: "imBack",
    title: tap.label,
    value: tap.label,
    channelData: { icon: tap.icon, ...(tap.danger ? { danger: true } : {}), ...(tap.keypad ? { keypad: tap.keypad } : {}) },
  }));
}

/** How a staff member is named to the tenant: their first name and the landlord ("Sam from Mersey Homes"). */
export function staffSpeaker(name: string, landlordName: string): string {
  return render("chat.staff_speaker", { staffName: name.trim().split(/\s+/)[0] ?? name, landlordName });
}

type Row = Pick<Message, "id" | "seq" | "direction" | "body" | "taps" | "media" | "staffId" | "providerSid" | "inReplyToId" | "createdAt">;

function toActivity(row: Row, conversationId: string, userId: string, landlordName: string, staffNames: Map<string, string>): Activity | null {
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
    from: row.staffId ? { id: `staff-${row.staffId}`, name: staffSpeaker(staffNames.get(row.staffId) ?? "", landlordName), role: "bot" } : { id: "bot", name: landlordName, role: "bot" },
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
  const staffIds = [...new Set(rows.flatMap((row) => (row.staffId ? [row.staffId] : [])))];
  const staff = staffIds.length > 0 ? await prisma.staffUser.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } }) : [];
  const staffNames = new Map(staff.map((person) => [person.id, person.name]));
  const activities = rows.map((row) => toActivity(row, conversation.address, userId, landlordName, staffNames)).filter((activity): activity is Activity => activity !== null);
  return { activities, watermark: String(rows.at(-1)?.seq ?? watermark) };
}

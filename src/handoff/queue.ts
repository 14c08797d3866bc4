// The escalation queue as staff work it: list, open (with the whole story), claim, reply on the tenant's own
// channel, close with an outcome, or hand back to the bot. Every action is audited in the same transaction; a claim
// is a single conditional update, so two staff (on any number of servers) cannot both hold one conversation.
import { randomUUID } from "node:crypto";
import { Prisma, type Conversation, type PrismaClient } from "@prisma/client";
import type { OutboundText } from "../inbox/outbound";
import { isOptedOut } from "../consent/consent";
import type { Channel, ConversationState } from "../conversation/types";
import { approvedTemplate, insideWindow } from "../channels/twilio/templates";
import { audit } from "../staff/audit";
import { updatesOf } from "../cases/updateViews";

type Db = PrismaClient | Prisma.TransactionClient;

/** Who is acting: a member of staff in the console, or a machine client of the staff API acting for one. */
export interface Actor {
  staffId: string;
  name: string;
  role: "agent" | "supervisor";
  /** How the audit log names them. */
  label: string;
}

export class QueueError extends Error {
  constructor(
    readonly status: 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const LIVE = ["open", "claimed"];
/** A case note staff write for each other: shown in the console, never sent to the tenant. */
export const PRIVATE_NOTE = "staff_private";
const VIEW_AUDIT_MINUTES = 10;

export type QueueFilter = "all" | "mine" | "unclaimed";

export interface QueueQuery {
  filter?: QueueFilter;
  /** A name, phone number, case reference or postcode, as staff type it. */
  search?: string;
}

const FIRST_WORDS = 12;

function firstWords(text: string): string {
  const words = text.trim().split(/\s+/);
  return words.length > FIRST_WORDS ? `${words.slice(0, FIRST_WORDS).join(" ")}...` : words.join(" ");
}

/** Lower case with no spaces, so "l4 0th" finds "L4 0TH" and "ann smith" finds "Ann Smith". */
const squash = (text: string) => text.toLowerCase().replace(/\s+/g, "");
/** Digits only, a UK 0 read as 44, so "07700 900101" finds "+447700900101". */
const phoneDigits = (text: string) => text.replace(/\D/g, "").replace(/^0/, "44");

/**
 * The live queue, one row per tenant (or per conversation when we do not know who it is): the most urgent of their
 * open escalations, waiting since the first of them, with what they said last and where they live.
 */
export async function listQueue(db: Db, actor: Actor, query: QueueQuery = {}) {
  const rows = await db.escalation.findMany({
    where: { status: { in: LIVE } },
    orderBy: [{ priority: "asc" }, { createdAt: "asc" }],
    include: {
      conversation: {
        select: {
          id: true,
          channel: true,
          address: true,
          tenantId: true,
          tenant: { select: { firstName: true, lastName: true, phone: true, home: { select: { houseNumber: true, street: true, postcode: true } } } },
        },
      },
      case: { select: { reference: true, type: true, details: true } },
      claimedBy: { select: { id: true, name: true } },
    },
  });
  const lastWords = new Map(
    (
      await db.message.findMany({
        where: { conversationId: { in: [...new Set(rows.map((row) => row.conversationId))] }, direction: "inbound" },
        orderBy: { seq: "desc" },
        distinct: ["conversationId"],
        select: { conversationId: true, body: true },
      })
    ).map((message) => [message.conversationId, firstWords(message.body)]),
  );
  const byTenant = new Map<string, ReturnType<typeof view> & { also: string[] }>();
  function view(row: (typeof rows)[number]) {
    const { conversation } = row;
    const { tenant } = conversation;
    const details = (row.case?.details ?? {}) as Record<string, unknown>;
    const given = [details.houseGiven, details.postcodeGiven].filter((part) => typeof part === "string" && part).join(" ");
    const phoneChannel = conversation.channel === "sms" || conversation.channel === "whatsapp";
    return {
      id: row.id,
      conversationId: conversation.id,
      reason: row.reason,
      priority: row.priority,
      status: row.status,
      channel: conversation.channel,
      tenantName: tenant ? `${tenant.firstName} ${tenant.lastName}` : null,
      // A web chat or Teams address is a connection id: nothing a person can read or call.
      number: phoneChannel ? conversation.address : null,
      address: tenant?.home ? `${tenant.home.houseNumber} ${tenant.home.street}, ${tenant.home.postcode}` : given || null,
      lastWords: lastWords.get(conversation.id) ?? null,
      caseReference: row.case?.reference ?? null,
      caseType: row.case?.type ?? null,
      claimedBy: row.claimedBy?.name ?? null,
      claimedByYou: row.claimedBy?.id === actor.staffId,
      createdAt: row.createdAt.toISOString(),
      respondBy: row.respondBy.toISOString(),
      searchable: {
        name: squash(tenant ? `${tenant.firstName} ${tenant.lastName}` : ""),
        numbers: [phoneChannel ? conversation.address : "", tenant?.phone ?? ""].map(phoneDigits).filter(Boolean),
        words: [row.case?.reference ?? "", tenant?.home?.postcode ?? "", typeof details.postcodeGiven === "string" ? details.postcodeGiven : ""].map(squash).filter(Boolean),
      },
    };
  }
  for (const row of rows) {
    const key = row.conversation.tenantId ?? row.conversationId;
    const earlier = byTenant.get(key);
    if (!earlier) {
      byTenant.set(key, { ...view(row), also: [] });
      continue;
    }
    // Ordered most urgent first: the row kept is the most urgent; the others are named on it.
    earlier.also.push(row.reason);
    if (row.createdAt.toISOString() < earlier.createdAt) earlier.createdAt = row.createdAt.toISOString();
    if (row.claimedBy && !earlier.claimedBy) Object.assign(earlier, { claimedBy: row.claimedBy.name, claimedByYou: row.claimedBy.id === actor.staffId });
  }
  const wanted = squash(query.search ?? "");
  const wantedDigits = phoneDigits(query.search ?? "");
  const all = [...byTenant.values()];
  // Whatever is shown: the tab's title counts them and a new one sounds, so none waits unseen behind a filter.
  const waiting = all.filter((row) => row.status === "open").map((row) => ({ id: row.id, reason: row.reason, priority: row.priority }));
  const shown = all
    .filter((row) => query.filter !== "mine" || row.claimedByYou)
    .filter((row) => query.filter !== "unclaimed" || row.status === "open")
    .filter(
      (row) =>
        !wanted ||
        row.searchable.name.includes(wanted) ||
        row.searchable.words.some((word) => word.includes(wanted)) ||
        (wantedDigits.length >= 4 && row.searchable.numbers.some((number) => number.includes(wantedDigits))),
    )
    .map(({ searchable: _searchable, ...row }) => row);
  return { escalations: shown, waiting };
}

/** A fingerprint of the live queue: when it changes, consoles refresh (works across servers: it is read from the database). */
export async function queueVersion(db: Db): Promise<string> {
  const [live, latest, lastMessage] = await Promise.all([
    db.escalation.count({ where: { status: { in: LIVE } } }),
    db.escalation.aggregate({ _max: { updatedAt: true } }),
    db.message.aggregate({ _max: { seq: true } }),
  ]);
  return `${live}:${latest._max.updatedAt?.getTime() ?? 0}:${lastMessage._max.seq ?? 0}`;
}

/** Everything on one screen: the transcript, the case, the tenant and their history. Viewing is audited. */
export async function openEscalation(db: PrismaClient, id: string, actor: Actor) {
  const escalation = await db.escalation.findUnique({
    where: { id },
    include: {
      claimedBy: { select: { id: true, name: true } },
      case: { include: { deadlines: { orderBy: { dueAt: "asc" } }, notes: { orderBy: { createdAt: "asc" } }, satisfaction: true } },
      conversation: {
        include: {
          tenant: { include: { home: true, cases: { orderBy: { reportedAt: "desc" }, take: 10, select: { reference: true, type: true, category: true, status: true, reportedAt: true } } } },
        },
      },
    },
  });
  if (!escalation) throw new QueueError(404, "not_found", `No escalation ${id}`);
  const { conversation } = escalation;
  const tenant = conversation.tenant;
  const attachments = await db.attachment.findMany({
    where: { conversationId: conversation.id },
    orderBy: { createdAt: "asc" },
    select: { id: true, status: true, reason: true, contentType: true, sizeBytes: true, caseId: true, createdAt: true },
  });
  // One entry per sitting, not one per live refresh of the page.
  const recent = await db.auditEntry.findFirst({
    where: { actor: actor.label, action: "view", subject: id, at: { gte: new Date(Date.now() - VIEW_AUDIT_MINUTES * 60_000) } },
  });
  if (!recent) await audit(db, { actor: actor.label, action: "view", subject: id, tenantId: tenant?.id });
  // One tenant, many channels: the same number on SMS and WhatsApp, or any number on the tenancy, is one story.
  const related = await db.conversation.findMany({
    where: { OR: [{ address: conversation.address }, ...(tenant ? [{ tenantId: tenant.id }] : [])] },
    select: { id: true },
  });
  const messages = await db.message.findMany({
    where: { conversationId: { in: related.map((other) => other.id) } },
    orderBy: { seq: "asc" },
    select: { direction: true, body: true, createdAt: true, staffId: true, deliveryStatus: true, deliveryError: true, conversation: { select: { channel: true } } },
  });
  const privateNotes = escalation.case?.notes.filter((note) => note.kind === PRIVATE_NOTE) ?? [];
  const staffIds = [...messages.flatMap((m) => (m.staffId ? [m.staffId] : [])), ...privateNotes.map((note) => note.author)];
  const staffNames = new Map(
    (await db.staffUser.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } })).map(
      (staff) => [staff.id, staff.name],
    ),
  );
  return {
    id: escalation.id,
    reason: escalation.reason,
    priority: escalation.priority,
    status: escalation.status,
    outcome: escalation.outcome,
    createdAt: escalation.createdAt.toISOString(),
    respondBy: escalation.respondBy.toISOString(),
    claimedBy: escalation.claimedBy?.name ?? null,
    claimedByYou: escalation.claimedBy?.id === actor.staffId,
    channel: conversation.channel,
    address: conversation.address,
    transcript: [
      ...messages.map((message) => ({
        channel: message.conversation.channel,
        direction: message.direction,
        body: message.body,
        at: message.createdAt.toISOString(),
        from: message.direction === "inbound" ? "tenant" : message.staffId ? (staffNames.get(message.staffId) ?? "staff") : "bot",
        deliveryStatus: message.deliveryStatus,
        // Why it did not go: a provider's error code, or what was missing to send it.
        deliveryError: message.deliveryError,
      })),
      // Hand-overs belong in the story too: when the bot asked for a person, who picked it up, and how it ended.
      ...(await handovers(db, conversation.id)),
    ].sort((a, b) => a.at.localeCompare(b.at)),
    attachments: attachments.map((attachment) => ({
      ...attachment,
      createdAt: attachment.createdAt.toISOString(),
      url: attachment.status === "stored" ? `/api/attachments/${attachment.id}` : null,
    })),
    case: escalation.case
      ? {
          reference: escalation.case.reference,
          type: escalation.case.type,
          category: escalation.case.category,
          priority: escalation.case.priority,
          status: escalation.case.status,
          description: escalation.case.description,
          details: escalation.case.details as Record<string, unknown>,
          deadlines: escalation.case.deadlines.map((deadline) => ({ kind: deadline.kind, dueAt: deadline.dueAt.toISOString(), rule: deadline.rule })),
          notes: escalation.case.notes
            .filter((note) => note.kind !== PRIVATE_NOTE)
            .map((note) => ({ kind: note.kind, body: note.body, at: note.createdAt.toISOString() })),
          privateNotes: privateNotes.map((note) => ({ by: staffNames.get(note.author) ?? "staff", body: note.body, at: note.createdAt.toISOString() })),
          // What the housing system told us, and whether the tenant was told (and if not, why not).
          updates: await updatesOf(db, escalation.case.id),
          satisfaction: escalation.case.satisfaction ? { score: escalation.case.satisfaction.score, at: escalation.case.satisfaction.at.toISOString() } : null,
        }
      : null,
    tenant: tenant
      ? {
          name: `${tenant.firstName} ${tenant.lastName}`,
          tenancyRef: tenant.tenancyRef,
          phone: tenant.phone,
          email: tenant.email,
          contactPreference: tenant.contactPreference,
          address: `${tenant.home.houseNumber} ${tenant.home.street}, ${tenant.home.town} ${tenant.home.postcode}`,
          history: tenant.cases.map((past) => ({ ...past, reportedAt: past.reportedAt.toISOString() })),
        }
      : null,
  };
}

async function handovers(db: PrismaClient, conversationId: string) {
  const escalations = await db.escalation.findMany({ where: { conversationId }, include: { claimedBy: { select: { name: true } } } });
  return escalations.flatMap((escalation) => {
    const note = (at: Date, body: string) => ({ channel: null, direction: "event", body, at: at.toISOString(), from: "event", deliveryStatus: null });
    const events = [note(escalation.createdAt, `Handed to a person: ${escalation.reason.replace(/_/g, " ")} (priority ${escalation.priority})`)];
    if (escalation.claimedAt) events.push(note(escalation.claimedAt, `Claimed by ${escalation.claimedBy?.name ?? "staff"}`));
    if (escalation.closedAt) events.push(note(escalation.closedAt, escalation.status === "handed_back" ? "Handed back to the bot" : `Closed: ${escalation.outcome ?? ""}`));
    return events;
  });
}

/**
 * Claims the escalation. A web chat tenant is told by name that a person has taken over ("Sam from Mersey Homes has
 * joined the chat."): `announce(staffName)` words it, and the caller sends the message returned. On SMS and WhatsApp
 * the staff member's first reply says so, and a text of its own would cost the tenant's attention for nothing.
 */
export async function claim(db: PrismaClient, id: string, actor: Actor, now: Date, announce?: (staffName: string) => string): Promise<OutboundText | null> {
  return db.$transaction(async (tx) => {
    const claimed = await tx.escalation.updateMany({
      where: { id, status: "open" },
      data: { status: "claimed", claimedById: actor.staffId, claimedAt: now },
    });
    if (claimed.count === 0) {
      const current = await tx.escalation.findUnique({ where: { id }, include: { claimedBy: { select: { name: true } } } });
      if (!current) throw new QueueError(404, "not_found", `No escalation ${id}`);
      throw new QueueError(409, "already_claimed", current.claimedBy ? `${current.claimedBy.name} has already claimed this` : `This is ${current.status}`);
    }
    await audit(tx, { actor: actor.label, action: "claim", subject: id });
    const { conversation } = await tx.escalation.findUniqueOrThrow({ where: { id }, include: { conversation: true } });
    if (!announce || conversation.channel !== "webchat") return null;
    const body = announce(actor.name);
    const message = await tx.message.create({ data: { conversationId: conversation.id, direction: "outbound", body, staffId: actor.staffId, deliveryStatus: "queued" } });
    return { id: message.id, channel: conversation.channel as Channel, to: conversation.address, body };
  });
}

/** The escalation, if the actor holds it (a supervisor may act on anyone's). */
async function held(tx: Prisma.TransactionClient, id: string, actor: Actor) {
  const escalation = await tx.escalation.findUnique({ where: { id }, include: { conversation: true } });
  if (!escalation) throw new QueueError(404, "not_found", `No escalation ${id}`);
  if (escalation.status !== "claimed") throw new QueueError(409, "not_claimed", "Claim it before you reply or close it");
  if (escalation.claimedById !== actor.staffId && actor.role !== "supervisor") {
    throw new QueueError(409, "claimed_by_someone_else", "Someone else holds this conversation");
  }
  return escalation;
}

type Target = Pick<Conversation, "id" | "channel" | "address" | "lastInboundAt" | "tenantId">;

/**
 * Where to message a tenant who reached us by SMS or WhatsApp: on the channel they prefer, else the one they used
 * last, of those that can take a message now (not after STOP; WhatsApp only inside its window). When none can, the
 * preferred or newest one, for the caller to refuse or use an approved template. Web chat and Microsoft
 * conversations are answered where they are.
 */
export async function reachableConversation(tx: Prisma.TransactionClient, conversation: Target, now: Date): Promise<Target> {
  if (conversation.channel !== "sms" && conversation.channel !== "whatsapp") return conversation;
  const tenant = conversation.tenantId ? await tx.tenant.findUnique({ where: { id: conversation.tenantId }, select: { contactPreference: true } }) : null;
  const related = await tx.conversation.findMany({
    where: { channel: { in: ["sms", "whatsapp"] }, OR: [{ address: conversation.address }, ...(conversation.tenantId ? [{ tenantId: conversation.tenantId }] : [])] },
    select: { id: true, channel: true, address: true, lastInboundAt: true, tenantId: true },
  });
  const preferred = tenant?.contactPreference;
  const ranked = related.sort(
    (a, b) => Number(b.channel === preferred) - Number(a.channel === preferred) || (b.lastInboundAt?.getTime() ?? 0) - (a.lastInboundAt?.getTime() ?? 0),
  );
  for (const candidate of ranked) {
    if (await isOptedOut(tx, candidate.channel, candidate.address)) continue;
    if (candidate.channel === "whatsapp" && !insideWindow(candidate.lastInboundAt, now)) continue;
    return candidate;
  }
  return ranked[0] ?? conversation;
}

/** A staff reply outside WhatsApp's window waits with this status until the tenant answers the approved template. */
export const WAITING_FOR_TENANT = "waiting_for_tenant";

export interface ReplyOptions {
  now: Date;
  /** WHATSAPP_CONTENT: the approved template that asks the tenant to reply, when configured. */
  whatsappTemplates: Record<string, string>;
  landlordName: string;
}

/**
 * Writes a staff reply into the transcript and returns what to send once this has committed: the reply itself, or,
 * on WhatsApp outside the 24-hour window, the approved "reopen" template (the reply then waits for the tenant).
 */
export async function reply(db: PrismaClient, id: string, actor: Actor, text: string, options: ReplyOptions): Promise<{ send: OutboundText; waitingForTenant: boolean }> {
  return db.$transaction(async (tx) => {
    const escalation = await held(tx, id, actor);
    const conversation = await reachableConversation(tx, escalation.conversation, options.now);
    if (await isOptedOut(tx, conversation.channel, conversation.address)) {
      throw new QueueError(409, "opted_out", "The tenant has texted STOP: they cannot be messaged until they text START");
    }
    const outsideWindow = conversation.channel === "whatsapp" && !insideWindow(conversation.lastInboundAt, options.now);
    const template = outsideWindow ? approvedTemplate("reopen", options.whatsappTemplates, options.landlordName) : null;
    if (outsideWindow && !template) {
      throw new QueueError(409, "outside_whatsapp_window", "More than 24 hours since the tenant's last WhatsApp message: only an approved template can be sent, and none is configured (WHATSAPP_CONTENT reopen=...)");
    }
    const messageId = randomUUID();
    await tx.message.create({
      data: { id: messageId, conversationId: conversation.id, direction: "outbound", body: text, staffId: actor.staffId, deliveryStatus: template ? WAITING_FOR_TENANT : "queued" },
    });
    await tx.escalation.update({ where: { id }, data: { updatedAt: new Date() } });
    await audit(tx, { actor: actor.label, action: "reply", subject: id, tenantId: conversation.tenantId, detail: { messageId } });
    const to = { channel: conversation.channel as Channel, to: conversation.address };
    if (!template) return { send: { id: messageId, ...to, body: text }, waitingForTenant: false };
    const invitation = await tx.message.create({
      data: { conversationId: conversation.id, direction: "outbound", body: template.text, content: template.content, staffId: actor.staffId, deliveryStatus: "queued" },
    });
    return { send: { id: invitation.id, ...to, body: template.text, content: template.content }, waitingForTenant: true };
  });
}

/** Staff replies that waited for a WhatsApp tenant to answer, claimed for sending now (once, whichever server): their ids. */
export async function takeWaitingReplies(db: PrismaClient, conversationId: string): Promise<string[]> {
  const waiting = await db.message.findMany({ where: { conversationId, deliveryStatus: WAITING_FOR_TENANT }, orderBy: { seq: "asc" }, select: { id: true } });
  const taken: string[] = [];
  for (const message of waiting) {
    const mine = await db.message.updateMany({ where: { id: message.id, deliveryStatus: WAITING_FOR_TENANT }, data: { deliveryStatus: "queued" } });
    if (mine.count === 1) taken.push(message.id);
  }
  return taken;
}

async function releaseConversation(tx: Prisma.TransactionClient, conversationId: string): Promise<void> {
  const conversation = await tx.conversation.findUniqueOrThrow({ where: { id: conversationId } });
  const state = conversation.state as unknown as ConversationState | null;
  if (!state) return;
  // The bot answers again from the menu, not "a person will reply soon".
  const released: ConversationState = { ...state, handoffRequestedAt: null, raisedWhileWaiting: undefined, flow: null, step: null, slots: {}, trail: [], interrupt: null };
  await tx.conversation.update({
    where: { id: conversationId },
    data: { state: released as unknown as Prisma.InputJsonValue, version: { increment: 1 } },
  });
}

export async function close(db: PrismaClient, id: string, actor: Actor, outcome: string, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const escalation = await held(tx, id, actor);
    await tx.escalation.update({ where: { id }, data: { status: "closed", outcome, closedAt: now } });
    await releaseConversation(tx, escalation.conversationId);
    await audit(tx, { actor: actor.label, action: "close", subject: id, tenantId: escalation.conversation.tenantId, detail: { outcome } });
  });
}

/** Gives the conversation back to the bot; the caller sends the tenant the message returned. */
export async function handBack(db: PrismaClient, id: string, actor: Actor, wording: (channel: Channel) => string, now: Date): Promise<OutboundText | null> {
  return db.$transaction(async (tx) => {
    const escalation = await held(tx, id, actor);
    await tx.escalation.update({ where: { id }, data: { status: "handed_back", outcome: "handed back to the bot", closedAt: now } });
    await releaseConversation(tx, escalation.conversationId);
    await audit(tx, { actor: actor.label, action: "hand_back", subject: id, tenantId: escalation.conversation.tenantId });
    const { conversation } = escalation;
    if (await isOptedOut(tx, conversation.channel, conversation.address)) return null;
    const text = wording(conversation.channel as Channel);
    const message = await tx.message.create({
      data: { conversationId: conversation.id, direction: "outbound", body: text, staffId: actor.staffId, deliveryStatus: "queued" },
    });
    return { id: message.id, channel: conversation.channel as Channel, to: conversation.address, body: text };
  });
}

/** A private note on the escalation's case, by any member of staff (claimed or not); audited without its words. */
export async function addPrivateNote(db: PrismaClient, id: string, actor: Actor, body: string, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const escalation = await tx.escalation.findUnique({ where: { id }, include: { case: { select: { id: true, reference: true } }, conversation: { select: { tenantId: true } } } });
    if (!escalation) throw new QueueError(404, "not_found", `No escalation ${id}`);
    if (!escalation.case) throw new QueueError(409, "no_case", "There is no case on this conversation to note");
    await tx.caseNote.create({ data: { caseId: escalation.case.id, author: actor.staffId, kind: PRIVATE_NOTE, body, createdAt: now } });
    // Touched so every open console shows the note.
    await tx.escalation.update({ where: { id }, data: { updatedAt: new Date() } });
    await audit(tx, { actor: actor.label, action: "private_note", subject: id, tenantId: escalation.conversation.tenantId, detail: { caseReference: escalation.case.reference } });
  });
}

/** Whether a person holds this conversation now: the bot stays quiet (but still honours STOP and danger). */
export async function heldByPerson(db: Db, conversationId: string): Promise<boolean> {
  return (await db.escalation.count({ where: { conversationId, status: "claimed" } })) > 0;
}

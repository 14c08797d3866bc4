// Runs the conversation turns for messages already kept: a conversation's unprocessed messages, oldest first, each
// saved with its new state, replies and domain events in one transaction that also claims the message, so a message
// is processed once however many requests, recovery loops or servers try at the same time.
import { randomUUID } from "node:crypto";
import { Prisma, type Conversation, type Message, type PrismaClient } from "@prisma/client";
import type { FastifyBaseLogger } from "fastify";
import { addCaseNote, countOpenCases, createCase, linkCaseToHome, recordSatisfaction } from "../cases/cases";
import { recordBooking, recordCancellation } from "../appointments/records";
import type { SchedulerSettings } from "../appointments/settings";
import { recordConsentChange } from "../consent/consent";
import { isUniqueViolation } from "../db/errors";
import { isTransientDbError } from "../db/transient";
import { render, standingVars } from "../conversation/content";
import { turn } from "../conversation/engine";
import type {
  Channel,
  ConversationState,
  DomainEvent,
  EngineEnv,
  OutboundMessage,
  Tap,
} from "../conversation/types";
import { raiseEscalation } from "../handoff/escalations";
import { storeReviewNotes } from "../learning/reviews";
import { heldByPerson as heldByPersonNow } from "../handoff/queue";
import { SEND_STATUS } from "./outbound";
import type { Understander } from "../nlu/understand";
import { identityForPhone } from "../tenants/directory";

export interface RenderedMessage {
  text: string;
  segments?: number;
  /** Buttons, on channels that show them. */
  taps?: Tap[];
}

/** How a channel shows a message; the inbox stores exactly what the channel will send. */
export type Renderer = (message: OutboundMessage) => RenderedMessage;

/** The engine's settings and lookups, as the turn passes them on each time. */
type StandingEnv = Pick<
  EngineEnv,
  "newReference" | "newCode" | "homes" | "cases" | "accounts" | "appointments" | "landlord" | "repairPolicy" | "caseReview" | "hours" | "resumeAfterMinutes"
>;

export interface TurnDeps extends StandingEnv {
  prisma: PrismaClient;
  /** The scheduler file: when a booked visit's reminder goes. */
  schedulerSettings: SchedulerSettings;
  clock: () => Date;
  understander: Understander;
  /** How each channel shows a message. */
  renderers: Record<Channel, Renderer>;
  /** Hands messages we start, in order, to the outbound queue (after the turn that wrote them has committed). */
  queueSends: (messageIds: string[]) => Promise<void>;
  /** Tells the back-office relay that a turn wrote domain events to the outbox (it also finds them by itself). */
  eventsRecorded?: () => void;
  log: FastifyBaseLogger;
}

/** Someone else saved this conversation or claimed this message first: read again and carry on. */
class LostRace extends Error {}

/** How long a turn keeps trying through passing database faults before it leaves the message to recovery. */
const TRANSIENT_BUDGET_MS = 8_000;
/** A conversation's messages are few; this only stops a runaway loop. */
const MAX_ROUNDS = 50;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const jitter = (base: number) => base + Math.floor(Math.random() * base);

export class TurnRunner {
  constructor(private readonly deps: TurnDeps) {}

  /**
   * Processes every unprocessed message of the conversation, oldest first. Throws only for a database that stays
   * away longer than the budget; the messages are kept, and recovery processes them later.
   */
  async processConversation(conversationId: string): Promise<void> {
    const started = Date.now();
    for (let round = 0, lost = 0; round < MAX_ROUNDS; round += 1) {
      try {
        // The version is read before the message, so a turn saved in between makes ours lose the race, never repeat it.
        const conversation = await this.deps.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
        const next = await this.deps.prisma.message.findFirst({
          where: { conversationId, direction: "inbound", processedAt: null },
          orderBy: { seq: "asc" },
        });
        if (!next) return;
        await this.runOne(conversation, next);
        lost = 0;
      } catch (error) {
        if (error instanceof LostRace || isUniqueViolation(error)) {
          lost += 1;
          await pause(jitter(Math.min(5 * 2 ** lost, 200)));
          continue;
        }
        if (!isTransientDbError(error) || Date.now() - started > TRANSIENT_BUDGET_MS) throw error;
        this.deps.log.warn({ event: "turn.db_busy", conversationId }, "database busy or away; trying the turn again");
        await pause(jitter(100));
      }
    }
  }

  private env(now: Date, address: string, channel: Channel): EngineEnv {
    const { newReference, newCode, homes, cases, accounts, appointments, landlord, repairPolicy, caseReview, hours, resumeAfterMinutes, understander } = this.deps;
    const standing: StandingEnv = { newReference, newCode, homes, cases, accounts, appointments, landlord, repairPolicy, caseReview, hours, resumeAfterMinutes };
    return {
      ...standing,
      now,
      address,
      // A web chat tenant can be answered only while the page is open.
      canReachLater: channel !== "webchat",
      understand: (text) => understander.understand(text),
    };
  }

  /** One message's turn; a fault in our code (not the database) gets the tenant an apology and staff an alert. */
  private async runOne(conversation: Conversation, message: Message): Promise<void> {
    const channel = conversation.channel as Channel;
    const renderer = this.deps.renderers[channel];
    let sends: string[][];
    try {
      sends = await this.saveTurn(conversation, message, renderer);
    } catch (error) {
      if (error instanceof LostRace || isUniqueViolation(error) || isTransientDbError(error)) throw error;
      this.deps.log.error({ err: error, event: "turn.failed", conversationId: conversation.id }, "turn failed; tenant gets an apology and staff are told");
      sends = await this.recordFault(conversation.id, message.id, error, renderer);
    }
    for (const group of sends) {
      await this.deps.queueSends(group).catch((error: unknown) =>
        // The messages are written down as queued: the outbound sweep queues them again.
        this.deps.log.error({ err: error, event: "outbound.unqueued", conversationId: conversation.id }, "could not queue a send; the sweep will"),
      );
    }
  }

  /** Runs the engine and saves what it decided; resolves to the messages the queue must send, each group in order. */
  private async saveTurn(conversation: Conversation, message: Message, renderer: Renderer): Promise<string[][]> {
    const { prisma } = this.deps;
    const state = conversation.state as unknown as ConversationState | null;
    // A number matched to a tenancy stays matched; look it up until it is.
    const known = state?.identity.source === "phone" ? state.identity : await identityForPhone(prisma, conversation.address);
    const now = this.deps.clock();
    const heldByPerson = await heldByPersonNow(prisma, conversation.id);
    const media = (message.media as { url: string; contentType: string }[] | null) ?? [];
    const result = await turn(
      state,
      {
        text: message.body,
        mediaCount: media.length,
        mediaTypes: media.map((item) => item.contentType),
        handledKeyword: (message.keyword as "STOP" | "START" | "HELP" | null) ?? undefined,
        cardRedacted: message.cardRedacted,
        heldByPerson,
      },
      this.env(now, conversation.address, conversation.channel as Channel),
      known,
    );
    const rendered = result.messages.map(renderer);
    const sends = await prisma.$transaction(async (tx) => {
      const saved = await tx.conversation.updateMany({
        where: { id: conversation.id, version: conversation.version },
        data: {
          state: result.state as unknown as Prisma.InputJsonValue,
          version: { increment: 1 },
          lastInboundAt: now,
          tenantId: result.state.identity.tenantId ?? conversation.tenantId,
        },
      });
      if (saved.count === 0) throw new LostRace();
      const replyByRest = await claim(tx, message.id, now);
      const replies = await storeReplies(tx, conversation.id, message.id, rendered, replyByRest);
      const sends = replyByRest ? [replies] : [];
      for (const event of result.events) {
        const id = await this.apply(tx, event, conversation, now);
        if (id) sends.push([id]);
      }
      await storeReviewNotes(tx, message, result.reviews, now);
      return sends;
    });
    if (result.events.length > 0) this.deps.eventsRecorded?.();
    return sends;
  }

  private async apply(tx: Prisma.TransactionClient, event: DomainEvent, conversation: Conversation, now: Date): Promise<string | null> {
    const conversationId = conversation.id;
    const channel = conversation.channel as Channel;
    let send: string | null = null;
    switch (event.type) {
      case "case.created":
        await createCase(tx, event.case, conversationId, conversation.address);
        break;
      case "case.note_added":
        await addCaseNote(tx, event.reference, "tenant", event.text);
        break;
      case "case.incident_added":
        await addCaseNote(tx, event.reference, "tenant", event.text, "incident");
        break;
      case "escalation.requested":
        await raiseEscalation(tx, { conversationId, reason: event.reason, priority: event.priority, caseReference: event.caseReference, now, hours: this.deps.hours });
        break;
      case "consent.changed":
        await recordConsentChange(tx, channel, conversation.address, event.optedOut, event.keyword);
        // After STOP the open cases stay open, and staff must know they cannot text this tenant about them.
        if (event.optedOut && (await countOpenCases(tx, conversation.address)) > 0) {
          await raiseEscalation(tx, { conversationId, reason: "opted_out_open_case", priority: 3, now, hours: this.deps.hours });
        }
        break;
      case "case.home_linked":
        await linkCaseToHome(tx, event.reference, event.homeId, event.tenantId);
        break;
      case "tenant.identified":
        break; // saved with the conversation's tenant above
      case "case.satisfaction_recorded":
        await recordSatisfaction(tx, event.reference, event.score, now);
        break;
      case "appointment.booked": {
        const { reference, bookingId, date, timeOfDay, replaces } = event;
        await recordBooking(tx, { reference, bookingId, date, timeOfDay, replaces, by: "tenant" }, now, this.deps.schedulerSettings);
        return null; // the booking wrote its own event for the back office (appointment.booked or .changed)
      }
      case "appointment.cancelled":
        await recordCancellation(tx, event.appointmentId, event.reason, "tenant", now);
        return null;
      case "tenant.contact_changed":
        await tx.tenant.update({ where: { id: event.tenantId }, data: { [event.field]: event.value } });
        break;
      case "message.send": {
        // Written down in the recipient's own conversation first; the queue sends it once the turn is saved.
        await tx.conversation.createMany({ data: [{ channel: event.channel, address: event.to, state: Prisma.JsonNull }], skipDuplicates: true });
        const target = await tx.conversation.findUniqueOrThrow({ where: { channel_address: { channel: event.channel, address: event.to } } });
        const stored = await tx.message.create({
          data: { conversationId: target.id, direction: "outbound", body: event.text, deliveryStatus: SEND_STATUS.queued },
        });
        send = stored.id;
        break;
      }
    }
    // A message we start is in the messages table; the back office needs to know it was sent, not what it said.
    const payload = event.type === "message.send" ? { ...event, text: undefined } : event;
    await tx.outboxEvent.create({ data: { type: event.type, payload: JSON.parse(JSON.stringify({ conversationId, ...payload })) } });
    return send;
  }

  /** An apology instead of the turn's replies, a fault record and an alert for staff; the message counts as processed. */
  private async recordFault(conversationId: string, inboundId: string, error: unknown, renderer: Renderer): Promise<string[][]> {
    const apology = renderer({ text: render("fault.apology", standingVars(this.deps.landlord)), choices: [], taps: [] });
    const now = this.deps.clock();
    return this.deps.prisma.$transaction(async (tx) => {
      const replyByRest = await claim(tx, inboundId, now);
      await tx.fault.create({
        data: { conversationId, messageId: inboundId, kind: "turn_failed", detail: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : "turn failed" },
      });
      const replies = await storeReplies(tx, conversationId, inboundId, [apology], replyByRest);
      await raiseEscalation(tx, { conversationId, reason: "fault", priority: 2, now, hours: this.deps.hours });
      return replyByRest ? [replies] : [];
    });
  }
}

/** Marks the message processed if nobody has; tells whether its replies go by the queue (no webhook waits for them). */
async function claim(tx: Prisma.TransactionClient, messageId: string, now: Date): Promise<boolean> {
  const claimed = await tx.message.updateMany({ where: { id: messageId, processedAt: null }, data: { processedAt: now } });
  if (claimed.count === 0) throw new LostRace();
  // Our update holds the row, so the flag cannot change between here and commit.
  const { replyByRest } = await tx.message.findUniqueOrThrow({ where: { id: messageId }, select: { replyByRest: true } });
  return replyByRest;
}

async function storeReplies(tx: Prisma.TransactionClient, conversationId: string, inboundId: string, replies: RenderedMessage[], queued: boolean): Promise<string[]> {
  const ids = replies.map(() => randomUUID());
  await tx.message.createMany({
    data: replies.map((reply, index) => ({
      id: ids[index],
      conversationId,
      direction: "outbound",
      body: reply.text,
      segments: reply.segments,
      taps: reply.taps?.length ? (reply.taps as unknown as Prisma.InputJsonValue) : undefined,
      inReplyToId: inboundId,
      // Replies a webhook answers with get their status from the channel's delivery reports.
      deliveryStatus: queued ? SEND_STATUS.queued : undefined,
    })),
  });
  return ids;
}

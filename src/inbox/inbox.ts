// Receives one message from any channel: writes it down first, runs the conversation turn, then saves the new
// state, the replies and the domain events together. A turn that fails still gets the tenant an apology.
import { randomUUID } from "node:crypto";
import { Prisma, type Conversation, type PrismaClient } from "@prisma/client";
import type { FastifyBaseLogger } from "fastify";
import { addCaseNote, countOpenCases, createCase, linkCaseToHome } from "../cases/cases";
import type { CaseReviewPolicy } from "../asb/risk";
import { recordConsentChange } from "../consent/consent";
import { isUniqueViolation } from "../db/errors";
import { render, standingVars } from "../conversation/content";
import { turn } from "../conversation/engine";
import type {
  CaseLookup,
  Channel,
  ConversationState,
  DomainEvent,
  EngineEnv,
  HomeDirectory,
  LandlordSettings,
  OutboundMessage,
  RentAccounts,
  Tap,
} from "../conversation/types";
import { raiseEscalation } from "../handoff/escalations";
import type { OpeningHours } from "../handoff/hours";
import { heldByPerson as heldByPersonNow, takeWaitingReplies } from "../handoff/queue";
import { deliver, type OutboundSender, type OutboundText } from "./outbound";
import type { Understander } from "../nlu/understand";
import { redactCardNumbers } from "../privacy/cardNumbers";
import type { RepairPolicy } from "../repairs/priority";
import { identityForPhone } from "../tenants/directory";
import { maskPhone } from "../tenants/phone";

export interface InboundMessage {
  channel: Channel;
  /** The tenant's address on the channel, already normalised (E.164 for SMS and WhatsApp). */
  address: string;
  body: string;
  providerSid: string;
  media: { url: string; contentType: string }[];
  handledKeyword?: "STOP" | "START" | "HELP";
}

export interface RenderedMessage {
  text: string;
  segments?: number;
  /** Buttons, on channels that show them. */
  taps?: Tap[];
}

/** How a channel shows a message; the inbox stores exactly what the channel will send. */
export type Renderer = (message: OutboundMessage) => RenderedMessage;

export interface StoredReply {
  /** Our message id, so the channel can ask for delivery reports about it. */
  id: string;
  text: string;
  taps?: Tap[];
}

export interface InboxResult {
  conversationId: string;
  /** Our id for the tenant's message (null when it was a repeat already answered). */
  inboundId: string | null;
  replies: StoredReply[];
  duplicate: boolean;
}

export interface InboxDeps {
  prisma: PrismaClient;
  clock: () => Date;
  newReference: EngineEnv["newReference"];
  homes: HomeDirectory;
  cases: CaseLookup;
  accounts: RentAccounts;
  landlord: LandlordSettings;
  repairPolicy: RepairPolicy;
  caseReview: CaseReviewPolicy;
  hours: OpeningHours;
  resumeAfterMinutes: number;
  understander: Understander;
  /** Sends messages we start (a code to a new number) on their channel. */
  sender: OutboundSender;
  newCode: () => string;
  log: FastifyBaseLogger;
}

const MAX_ATTEMPTS = 3;

/** Another turn saved this conversation first; run ours again on the newer state. */
class StaleConversation extends Error {}

export class Inbox {
  constructor(private readonly deps: InboxDeps) {}

  async receive(message: InboundMessage, renderer: Renderer): Promise<InboxResult> {
    const { prisma } = this.deps;
    const { text: body, redacted: cardRedacted } = redactCardNumbers(message.body);
    const conversation = await prisma.conversation.upsert({
      where: { channel_address: { channel: message.channel, address: message.address } },
      create: { channel: message.channel, address: message.address, state: Prisma.JsonNull },
      update: {},
    });
    const log = this.deps.log.child({ conversationId: conversation.id });

    let inboundId: string;
    try {
      const inbound = await prisma.message.create({
        data: {
          conversationId: conversation.id,
          direction: "inbound",
          body,
          providerSid: message.providerSid,
          media: message.media.length > 0 ? message.media : undefined,
        },
      });
      inboundId = inbound.id;
    } catch (error) {
      if (isUniqueViolation(error)) {
        log.info({ event: "inbound.duplicate" }, "repeated message id answered from the record");
        return { conversationId: conversation.id, inboundId: null, replies: await this.repliesTo(message.providerSid), duplicate: true };
      }
      throw error;
    }
    log.info({ event: "inbound.stored", channel: message.channel, from: maskPhone(message.address) }, "message received");

    try {
      const replies = await this.runTurn(conversation, inboundId, message, body, cardRedacted, renderer);
      // The tenant has answered on WhatsApp, so its window is open: staff replies that waited for it go now.
      if (message.channel === "whatsapp") await this.sendWaitingReplies(conversation.id);
      return { conversationId: conversation.id, inboundId, replies, duplicate: false };
    } catch (error) {
      log.error({ err: error, event: "turn.failed" }, "turn failed; tenant gets an apology and staff are told");
      const replies = await this.recordFault(conversation.id, inboundId, error, renderer, log);
      return { conversationId: conversation.id, inboundId, replies, duplicate: false };
    }
  }

  private async sendWaitingReplies(conversationId: string): Promise<void> {
    for (const text of await takeWaitingReplies(this.deps.prisma, conversationId)) {
      await deliver(this.deps.prisma, this.deps.sender, this.deps.log, text);
    }
  }

  private async repliesTo(providerSid: string): Promise<StoredReply[]> {
    const original = await this.deps.prisma.message.findUnique({ where: { providerSid }, select: { id: true } });
    if (!original) return [];
    const replies = await this.deps.prisma.message.findMany({
      where: { inReplyToId: original.id },
      orderBy: { seq: "asc" },
      select: { id: true, body: true, taps: true },
    });
    return replies.map((reply) => ({ id: reply.id, text: reply.body, taps: (reply.taps as Tap[] | null) ?? undefined }));
  }

  private env(now: Date, address: string, channel: Channel): EngineEnv {
    const { newReference, newCode, homes, cases, accounts, landlord, repairPolicy, caseReview, hours, resumeAfterMinutes, understander } = this.deps;
    return {
      now,
      address,
      newReference,
      newCode,
      homes,
      cases,
      accounts,
      landlord,
      repairPolicy,
      caseReview,
      hours,
      resumeAfterMinutes,
      // A web chat tenant can be answered only while the page is open.
      canReachLater: channel !== "webchat",
      understand: (text) => understander.understand(text),
    };
  }

  private async runTurn(
    received: Conversation,
    inboundId: string,
    message: InboundMessage,
    body: string,
    cardRedacted: boolean,
    renderer: Renderer,
  ): Promise<StoredReply[]> {
    const { prisma } = this.deps;
    const conversationId = received.id;
    let conversation = received;
    for (let attempt = 1; ; attempt += 1) {
      if (attempt > 1) conversation = await prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
      const state = conversation.state as unknown as ConversationState | null;
      // A number matched to a tenancy stays matched; look it up until it is.
      const known = state?.identity.source === "phone" ? state.identity : await identityForPhone(prisma, message.address);
      const now = this.deps.clock();
      const heldByPerson = await heldByPersonNow(prisma, conversationId);
      const result = await turn(
        state,
        {
          text: body,
          mediaCount: message.media.length,
          mediaTypes: message.media.map((item) => item.contentType),
          handledKeyword: message.handledKeyword,
          cardRedacted,
          heldByPerson,
        },
        this.env(now, message.address, message.channel),
        known,
      );
      const rendered = result.messages.map(renderer);
      const outbound: OutboundText[] = [];
      try {
        const stored = await prisma.$transaction(async (tx) => {
          const saved = await tx.conversation.updateMany({
            where: { id: conversationId, version: conversation.version },
            data: {
              state: result.state as unknown as Prisma.InputJsonValue,
              version: { increment: 1 },
              lastInboundAt: now,
              tenantId: result.state.identity.tenantId ?? conversation.tenantId,
            },
          });
          if (saved.count === 0) throw new StaleConversation();
          const stored = await this.storeReplies(tx, conversationId, inboundId, rendered);
          for (const event of result.events) await this.apply(tx, event, conversationId, message, now, outbound);
          await tx.message.update({ where: { id: inboundId }, data: { processedAt: now } });
          return stored;
        });
        // Only once the turn is saved: a message we start must never go out for a turn that was rolled back.
        for (const text of outbound) {
          await deliver(prisma, this.deps.sender, this.deps.log, text).catch((error: unknown) =>
            this.deps.log.error({ err: error, event: "outbound.unrecorded", messageId: text.id }, "could not record a send"),
          );
        }
        return stored;
      } catch (error) {
        const retry = error instanceof StaleConversation || isUniqueViolation(error); // a case reference clash
        if (!retry || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async storeReplies(
    db: Prisma.TransactionClient,
    conversationId: string,
    inboundId: string,
    replies: RenderedMessage[],
  ): Promise<StoredReply[]> {
    const stored = replies.map((reply) => ({ id: randomUUID(), text: reply.text, segments: reply.segments, taps: reply.taps?.length ? reply.taps : undefined }));
    await db.message.createMany({
      data: stored.map((reply) => ({
        id: reply.id,
        conversationId,
        direction: "outbound",
        body: reply.text,
        segments: reply.segments,
        taps: reply.taps as unknown as Prisma.InputJsonValue | undefined,
        inReplyToId: inboundId,
      })),
    });
    return stored.map(({ id, text, taps }) => ({ id, text, taps }));
  }

  private async apply(
    tx: Prisma.TransactionClient,
    event: DomainEvent,
    conversationId: string,
    message: InboundMessage,
    now: Date,
    outbound: OutboundText[],
  ): Promise<void> {
    switch (event.type) {
      case "case.created":
        await createCase(tx, event.case, conversationId, message.address);
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
        await recordConsentChange(tx, message.channel, message.address, event.optedOut, event.keyword);
        // After STOP the open cases stay open, and staff must know they cannot text this tenant about them.
        if (event.optedOut && (await countOpenCases(tx, message.address)) > 0) {
          await raiseEscalation(tx, { conversationId, reason: "opted_out_open_case", priority: 3, now, hours: this.deps.hours });
        }
        break;
      case "case.home_linked":
        await linkCaseToHome(tx, event.reference, event.homeId, event.tenantId);
        break;
      case "tenant.identified":
        break; // saved with the conversation's tenant above
      case "tenant.contact_changed":
        await tx.tenant.update({ where: { id: event.tenantId }, data: { [event.field]: event.value } });
        break;
      case "message.send": {
        // Written down in the recipient's own conversation first, then sent once the turn is saved.
        const target = await tx.conversation.upsert({
          where: { channel_address: { channel: event.channel, address: event.to } },
          create: { channel: event.channel, address: event.to, state: Prisma.JsonNull },
          update: {},
        });
        const stored = await tx.message.create({
          data: { conversationId: target.id, direction: "outbound", body: event.text, deliveryStatus: "queued" },
        });
        outbound.push({ id: stored.id, channel: event.channel, to: event.to, body: event.text });
        break;
      }
    }
    // A message we start is in the messages table; the back office needs to know it was sent, not what it said.
    const payload = event.type === "message.send" ? { ...event, text: undefined } : event;
    await tx.outboxEvent.create({ data: { type: event.type, payload: JSON.parse(JSON.stringify({ conversationId, ...payload })) } });
  }

  private async recordFault(
    conversationId: string,
    inboundId: string,
    error: unknown,
    renderer: Renderer,
    log: FastifyBaseLogger,
  ): Promise<StoredReply[]> {
    const apology = renderer({ text: render("fault.apology", standingVars(this.deps.landlord)), choices: [], taps: [] });
    const now = this.deps.clock();
    try {
      return await this.deps.prisma.$transaction(async (tx) => {
        await tx.fault.create({
          data: { conversationId, messageId: inboundId, kind: "turn_failed", detail: error instanceof Error ? error.message : String(error) },
        });
        const stored = await this.storeReplies(tx, conversationId, inboundId, [apology]);
        await raiseEscalation(tx, { conversationId, reason: "fault", priority: 2, now, hours: this.deps.hours });
        return stored;
      });
    } catch (recordError) {
      log.error({ err: recordError, event: "fault.unrecorded" }, "could not record the fault");
      return [{ id: randomUUID(), text: apology.text }];
    }
  }

  /** Records Twilio's delivery report for one of our replies; false if we have no such message. */
  async recordDelivery(messageId: string, providerSid: string, status: string, errorCode: string | undefined): Promise<boolean> {
    const updated = await this.deps.prisma.message.updateMany({
      where: { id: messageId, direction: "outbound" },
      data: { providerSid, deliveryStatus: status, deliveryError: errorCode ?? null },
    });
    if (updated.count > 0 && (status === "failed" || status === "undelivered")) {
      this.deps.log.warn({ event: "reply.undelivered", messageId, errorCode }, "a reply did not reach the tenant");
    }
    return updated.count > 0;
  }
}

// Receives one message from any channel: keeps it first (or, for Twilio while the database is away, on disk), then
// has its conversation's turns run and answers with the replies. A message that cannot be answered in time is
// answered later by the outbound queue; recovery picks up anything kept but never processed.
import { Prisma, type PrismaClient } from "@prisma/client";
import type { FastifyBaseLogger } from "fastify";
import { render, standingVars } from "../conversation/content";
import type { Channel, LandlordSettings, Tap } from "../conversation/types";
import { takeWaitingReplies } from "../handoff/queue";
import { INTERRUPTING_KINDS } from "../nlu/danger";
import type { Understander } from "../nlu/understand";
import { redactCardNumbers } from "../privacy/cardNumbers";
import { SEND_STATUS, type Outbound } from "./outbound";
import type { Spool } from "./spool";
import type { Renderer, TurnRunner } from "./turns";

export type { RenderedMessage, Renderer } from "./turns";

export interface InboundMessage {
  channel: Channel;
  /** The tenant's address on the channel, already normalised (E.164 for SMS and WhatsApp). */
  address: string;
  body: string;
  providerSid: string;
  media: { url: string; contentType: string }[];
  handledKeyword?: "STOP" | "START" | "HELP";
}

export interface StoredReply {
  /** Our message id, so the channel can ask for delivery reports about it; null for a reply not written down. */
  id: string | null;
  text: string;
  taps?: Tap[];
}

export interface InboxResult {
  conversationId: string;
  /** Our id for the tenant's message (null when it was a repeat already answered). */
  inboundId: string | null;
  /** What to answer with now; empty when the replies go by the outbound queue. */
  replies: StoredReply[];
  duplicate: boolean;
}

/** For Twilio, which does not retry a 2xx: when the database is away the message is spooled and answered at once. */
export type SpooledResult = { spooled: true; replies: StoredReply[] } | (InboxResult & { spooled: false });

export interface InboxDeps {
  prisma: PrismaClient;
  turns: TurnRunner;
  outbound: Outbound;
  spool: Spool;
  understander: Understander;
  landlord: LandlordSettings;
  log: FastifyBaseLogger;
  /** Runs work that outlives the request (closing the app waits for it). */
  track: (work: Promise<unknown>) => void;
}

/** Twilio waits about 15 s; past this the tenant gets a holding reply now and the real ones by the queue. */
const ANSWER_WITHIN_MS = 10_000;
/** Kept but not processed for this long: no request is working on it any more. */
const STRANDED_AFTER_MS = 30_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Kept {
  conversationId: string;
  inboundId: string;
  duplicate: boolean;
  processed: boolean;
  replyByRest: boolean;
}

export class Inbox {
  private inFlight = 0;

  constructor(private readonly deps: InboxDeps) {}

  /** Resolves once no message is being received (shutdown drains the turns under way). */
  async idle(): Promise<void> {
    while (this.inFlight > 0) await pause(20);
  }

  /** Keeps the message, runs its turn and answers. Throws if the message could not be kept (nothing was). */
  async receive(message: InboundMessage, renderer: Renderer): Promise<InboxResult> {
    this.inFlight += 1;
    try {
      return await this.receiveNow(message, renderer);
    } finally {
      this.inFlight -= 1;
    }
  }

  private async receiveNow(message: InboundMessage, renderer: Renderer): Promise<InboxResult> {
    const kept = await this.keep(message, false);
    const log = this.deps.log.child({ conversationId: kept.conversationId });
    if (kept.duplicate) log.info({ event: "inbound.duplicate", processed: kept.processed }, "repeated message id");
    else log.info({ event: "inbound.stored", channel: message.channel }, "message received");
    const result = { conversationId: kept.conversationId, inboundId: kept.duplicate ? null : kept.inboundId, duplicate: kept.duplicate };
    if (kept.processed) return { ...result, replies: kept.replyByRest ? [] : await this.repliesTo(kept.inboundId) };

    // Concurrent copies of one message all run the turn; the one that saves first wins, the others read its replies.
    const processing = this.deps.turns.processConversation(kept.conversationId);
    let timer: NodeJS.Timeout | undefined;
    const tooLate = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ANSWER_WITHIN_MS)));
    const finished = await Promise.race([processing.then(() => true), tooLate])
      .catch((error: unknown) => {
        log.warn({ err: error, event: "turn.deferred" }, "database away; the message is kept and recovery will answer it");
        return false;
      })
      .finally(() => clearTimeout(timer));
    if (finished) {
      // The tenant has answered on WhatsApp, so its window is open: staff replies that waited for it go now.
      if (message.channel === "whatsapp") await this.deps.outbound.queue(await takeWaitingReplies(this.deps.prisma, kept.conversationId));
      const row = await this.deps.prisma.message.findUniqueOrThrow({ where: { id: kept.inboundId }, select: { replyByRest: true } });
      return { ...result, replies: row.replyByRest ? [] : await this.repliesTo(kept.inboundId) };
    }
    this.deps.track(processing.catch(() => undefined).then(() => this.deferReplies(kept.inboundId)));
    return { ...result, replies: this.holdingReplies(message.body, renderer) };
  }

  /** As receive, but a message that cannot be kept in the database is kept on disk and answered from understanding alone. */
  async receiveOrSpool(message: InboundMessage, renderer: Renderer): Promise<SpooledResult> {
    try {
      return { spooled: false, ...(await this.receive(message, renderer)) };
    } catch (error) {
      // Nothing was kept, or the turn could not be read back: the spool is idempotent by provider id either way.
      this.deps.log.error({ err: error, event: "inbox.unavailable" }, "database away; message kept on disk");
      await this.deps.spool.put(message); // if this throws too, the webhook answers 503 and Twilio retries
      return { spooled: true, replies: this.holdingReplies(message.body, renderer) };
    }
  }

  /** Finds or makes the conversation and writes the message down once (by provider id), with its cleaned body. */
  private async keep(message: InboundMessage, replyByRest: boolean): Promise<Kept> {
    const { prisma } = this.deps;
    const { text: body, redacted } = redactCardNumbers(message.body);
    // Two first texts at once from a new number: both inserts meet ON CONFLICT DO NOTHING, then both read the one row.
    await prisma.conversation.createMany({ data: [{ channel: message.channel, address: message.address, state: Prisma.JsonNull }], skipDuplicates: true });
    const conversation = await prisma.conversation.findUniqueOrThrow({ where: { channel_address: { channel: message.channel, address: message.address } }, select: { id: true } });
    const inserted = await prisma.message.createMany({
      data: [
        {
          conversationId: conversation.id,
          direction: "inbound",
          body,
          cardRedacted: redacted,
          providerSid: message.providerSid,
          media: message.media.length > 0 ? message.media : undefined,
          keyword: message.handledKeyword,
          replyByRest,
        },
      ],
      skipDuplicates: true,
    });
    const row = await prisma.message.findUniqueOrThrow({ where: { providerSid: message.providerSid }, select: { id: true, conversationId: true, processedAt: true, replyByRest: true } });
    return { conversationId: row.conversationId, inboundId: row.id, duplicate: inserted.count === 0, processed: row.processedAt !== null, replyByRest: row.replyByRest };
  }

  private async repliesTo(inboundId: string): Promise<StoredReply[]> {
    const replies = await this.deps.prisma.message.findMany({
      where: { inReplyToId: inboundId },
      orderBy: { seq: "asc" },
      select: { id: true, body: true, taps: true },
    });
    return replies.map((reply) => ({ id: reply.id, text: reply.body, taps: (reply.taps as Tap[] | null) ?? undefined }));
  }

  /** Safety advice for any danger in the words (understanding needs no database), then "we have your message". */
  private holdingReplies(body: string, renderer: Renderer): StoredReply[] {
    const vars = standingVars(this.deps.landlord);
    const dangers = this.deps.understander.understand(redactCardNumbers(body).text).dangers.filter((kind) => INTERRUPTING_KINDS.has(kind));
    const texts = [...dangers.slice(0, 2).map((kind) => render(`danger.${kind}` as Parameters<typeof render>[0], vars)), render("inbox.delayed", vars)];
    return texts.map((text) => ({ id: null, text: renderer({ text, choices: [], taps: [] }).text }));
  }

  /** The tenant got a holding reply, so the turn's replies must go by the queue; tries while the database is away. */
  private async deferReplies(inboundId: string): Promise<void> {
    for (let attempt = 0; attempt < 60; attempt += 1) {
      try {
        return await this.sendRepliesLater(inboundId);
      } catch {
        await pause(5_000); // still away; recovery also flags the message once it is back
      }
    }
  }

  /** Flags the message if it is still unprocessed (its turn will queue the replies), or queues the replies written but not sent. */
  private async sendRepliesLater(inboundId: string): Promise<void> {
    const { prisma, outbound } = this.deps;
    const flagged = await prisma.message.updateMany({ where: { id: inboundId, processedAt: null }, data: { replyByRest: true } });
    if (flagged.count === 1) return;
    const unsent = await prisma.message.findMany({ where: { inReplyToId: inboundId, deliveryStatus: null }, orderBy: { seq: "asc" }, select: { id: true } });
    const ids = unsent.map((reply) => reply.id);
    await prisma.message.updateMany({ where: { id: { in: ids }, deliveryStatus: null }, data: { deliveryStatus: SEND_STATUS.queued } });
    await outbound.queue(ids);
  }

  /**
   * One pass of recovery (every few seconds on every server): spooled messages are kept and processed, messages
   * kept but never processed (a crash, an outage) are processed with their replies by the queue, and sends that
   * never reached the queue are queued. Each step is safe to run on several servers at once.
   */
  async recover(): Promise<{ unspooled: number; recovered: number; requeued: number }> {
    const { prisma, spool, turns, log } = this.deps;
    let unspooled = 0;
    for (const entry of await spool.list()) {
      const kept = await this.keep(entry.message, true);
      // Kept before the outage began: the tenant had a holding reply, so whatever its turn wrote goes by the queue.
      if (kept.duplicate) await this.sendRepliesLater(kept.inboundId);
      await spool.remove(entry.file);
      unspooled += 1;
      await turns.processConversation(kept.conversationId);
    }
    const stranded = await prisma.message.findMany({
      where: { direction: "inbound", processedAt: null, createdAt: { lt: new Date(Date.now() - STRANDED_AFTER_MS) } },
      orderBy: { seq: "asc" },
      select: { id: true, conversationId: true },
      take: 200,
    });
    for (const message of stranded) {
      await prisma.message.updateMany({ where: { id: message.id, processedAt: null }, data: { replyByRest: true } });
    }
    for (const conversationId of new Set(stranded.map((message) => message.conversationId))) {
      await turns.processConversation(conversationId);
    }
    const requeued = await this.deps.outbound.sweep();
    if (unspooled + stranded.length + requeued > 0) {
      log.warn({ event: "inbox.recovered", unspooled, recovered: stranded.length, requeued }, "recovered messages after an outage or a crash");
    }
    return { unspooled, recovered: stranded.length, requeued };
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

// Messages we start (a staff reply, a code to a new number, a late notice, replies no webhook waited for): each is
// written down as an outbound message first, then sent by a job on the durable queue, which retries with backoff,
// asks the provider before trying again after a try that may have gone out, and leaves a dead letter staff can see.
import type { PrismaClient } from "@prisma/client";
import type { FastifyBaseLogger } from "fastify";
import type { Channel } from "../conversation/types";
import { QUEUES, type JobInfo, type JobQueue } from "../queue/jobs";

export interface OutboundText {
  /** Our message id, for the delivery report. */
  id: string;
  channel: Channel;
  /** The tenant's address on the channel: E.164 for SMS and WhatsApp. */
  to: string;
  body: string;
  /** WhatsApp only: send this Content template instead of the plain body (the body is what it says, for the record). */
  content?: { sid: string; variables: Record<string, string> };
}

export interface Sent {
  providerSid: string | null;
  status: string;
}

/** Sends a message we start on one channel; resolves to the channel's message id and status. */
export interface OutboundSender {
  send(message: OutboundText): Promise<Sent>;
  /** Where the provider can tell: the id of this message if an earlier try already went out since `since`. */
  findSent?(message: OutboundText, since: Date): Promise<string | null>;
}

/** A channel that is not set up here (no Twilio account): the message stays written down, marked not sent. */
export class ChannelNotConfigured extends Error {}

/** Sends each message by its channel's own sender. */
export class ChannelSenders implements OutboundSender {
  constructor(private readonly senders: Partial<Record<Channel, OutboundSender>>) {}

  private senderFor(channel: Channel): OutboundSender {
    const sender = this.senders[channel];
    if (!sender) throw new ChannelNotConfigured(channel === "sms" || channel === "whatsapp" ? "no Twilio account configured" : `no ${channel} sender`);
    return sender;
  }

  send(message: OutboundText): Promise<Sent> {
    return this.senderFor(message.channel).send(message);
  }

  async findSent(message: OutboundText, since: Date): Promise<string | null> {
    const sender = this.senderFor(message.channel);
    return sender.findSent ? sender.findSent(message, since) : null;
  }

  /** Adds a channel's sender once it exists (the Agents SDK adapter is built with its routes). */
  register(channel: Channel, sender: OutboundSender): void {
    this.senders[channel] = sender;
  }
}

/** States of a message we start, from written down to its end. */
export const SEND_STATUS = {
  queued: "queued",
  retrying: "retrying",
  /** Every try failed: staff see it in the console and can send it again. */
  dead: "dead",
  failed: "failed",
  notSent: "not_sent",
} as const;

const SENDABLE = new Set<string>([SEND_STATUS.queued, SEND_STATUS.retrying]);

/** The provider refused the message for good (a bad number, an opted-out tenant, a refused template): no retry. */
function refusedForGood(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 500 && status !== 429;
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const text = error instanceof Error ? error.name : "send failed";
  return (code !== undefined ? `${text} ${String(code)}` : text).slice(0, 200);
}

export interface OutboundDeps {
  prisma: PrismaClient;
  sender: OutboundSender;
  jobs: JobQueue;
  log: FastifyBaseLogger;
}

export class Outbound {
  constructor(private readonly deps: OutboundDeps) {}

  /**
   * Queues messages already written down, to go in this order, now or after `delaySeconds` (quiet hours).
   * Idempotent: the first id names the job.
   */
  async queue(messageIds: string[], delaySeconds?: number): Promise<void> {
    if (messageIds.length === 0) return;
    await this.deps.jobs.send(QUEUES.outbound.name, { messageIds }, messageIds[0], delaySeconds);
  }

  /** Starts this process's senders. */
  async startWorkers(concurrency = 4): Promise<void> {
    await this.deps.jobs.work<{ messageIds: string[] }>(QUEUES.outbound.name, concurrency, (data, job) => this.sendAll(data.messageIds, job));
  }

  /** A job: sends each message still to go, in order; throws (so the queue tries again later) if one could not go. */
  async sendAll(messageIds: string[], job: JobInfo): Promise<void> {
    const lastTry = job.retryCount >= job.retryLimit;
    for (const id of messageIds) {
      const outcome = await this.sendOne(id, lastTry);
      if (outcome === "retry") throw new Error(`message ${id} could not be sent yet`);
    }
  }

  private async sendOne(id: string, lastTry: boolean): Promise<"done" | "retry"> {
    const { prisma, sender, log } = this.deps;
    const row = await prisma.message.findUnique({ where: { id }, include: { conversation: { select: { channel: true, address: true } } } });
    if (!row || row.direction !== "outbound" || !row.deliveryStatus || !SENDABLE.has(row.deliveryStatus) || row.providerSid) return "done";
    const text: OutboundText = {
      id,
      channel: row.conversation.channel as Channel,
      to: row.conversation.address,
      body: row.body,
      content: (row.content as OutboundText["content"] | null) ?? undefined,
    };
    const now = new Date(); // the provider's time, for asking it what went out since
    try {
      // A try that timed out may still have gone out: ask first, so the tenant gets it once.
      if (row.sendAttempts > 0 && row.firstSendAt) {
        const already = await sender.findSent?.(text, row.firstSendAt);
        if (already) {
          await prisma.message.update({ where: { id }, data: { providerSid: already, deliveryStatus: "sent", deliveryError: null } });
          return "done";
        }
      }
      await prisma.message.update({ where: { id }, data: { sendAttempts: { increment: 1 }, firstSendAt: row.firstSendAt ?? now } });
      const sent = await this.sendWithFallback(text);
      await prisma.message.update({ where: { id }, data: { providerSid: sent.providerSid, deliveryStatus: sent.status, deliveryError: null } });
      return "done";
    } catch (error) {
      if (error instanceof ChannelNotConfigured) {
        log.warn({ event: "outbound.not_sent", messageId: id }, `${error.message}, so a message was not sent`);
        await prisma.message.update({ where: { id }, data: { deliveryStatus: SEND_STATUS.notSent, deliveryError: error.message } });
        return "done";
      }
      const forGood = refusedForGood(error);
      const status = forGood ? SEND_STATUS.failed : lastTry ? SEND_STATUS.dead : SEND_STATUS.retrying;
      log.error({ err: error, event: `outbound.${status}`, messageId: id }, "a message we started could not be sent");
      await prisma.message.update({ where: { id }, data: { deliveryStatus: status, deliveryError: reason(error) } });
      return status === SEND_STATUS.retrying ? "retry" : "done";
    }
  }

  /** A WhatsApp template the provider refuses goes as the plain numbered text it stands for. */
  private async sendWithFallback(text: OutboundText) {
    try {
      return await this.deps.sender.send(text);
    } catch (error) {
      if (!text.content || !refusedForGood(error)) throw error;
      this.deps.log.warn({ event: "outbound.template_refused", messageId: text.id }, "template refused; sending the numbered text instead");
      return this.deps.sender.send({ ...text, content: undefined });
    }
  }

  /** Sends a dead letter again (a member of staff asked); false if it is not one. */
  async resend(id: string): Promise<boolean> {
    const updated = await this.deps.prisma.message.updateMany({
      where: { id, direction: "outbound", deliveryStatus: { in: [SEND_STATUS.dead, SEND_STATUS.failed] } },
      data: { deliveryStatus: SEND_STATUS.queued, deliveryError: null },
    });
    if (updated.count === 0) return false;
    await this.deps.jobs.send(QUEUES.outbound.name, { messageIds: [id] });
    return true;
  }

  /** Queues again any message written down but never tried and in no job (the process died between commit and queue). */
  async sweep(olderThanMs = 60_000): Promise<number> {
    // Wall-clock time, as the database stamped createdAt; the app's clock may be a test's.
    const before = new Date(Date.now() - olderThanMs);
    const stranded = await this.deps.prisma.$queryRaw<{ id: string }[]>`
      SELECT m.id FROM "Message" m
      WHERE m.direction = 'outbound' AND m."deliveryStatus" = 'queued' AND m."sendAttempts" = 0 AND m."providerSid" IS NULL
        AND m."createdAt" < ${before}
        AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = ${QUEUES.outbound.name} AND j.state < 'completed'
                        AND jsonb_exists(j.data->'messageIds', m.id))
      ORDER BY m.seq LIMIT 500`;
    for (const { id } of stranded) await this.deps.jobs.send(QUEUES.outbound.name, { messageIds: [id] }, id);
    return stranded.length;
  }
}

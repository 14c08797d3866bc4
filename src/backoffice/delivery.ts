// Sends one subscriber's events about one case (a "stream"), one at a time and oldest first: the next event waits
// until this one is delivered or dead. A failed try waits with exponential backoff and the subscriber itself is paused
// for as long, so one receiver that is down is asked once per wait, not once per case, and holds up nobody else.
import type { PrismaClient, WebhookDelivery, WebhookSubscriber } from "@prisma/client";
import type { FastifyBaseLogger } from "fastify";
import { QUEUES, type JobQueue } from "../queue/jobs";
import { backoffMs, type DeliveryPolicy } from "./policy";
import { signatureHeader } from "./signature";
import { secretOf } from "./subscribers";

export const DELIVERY_STATUS = { pending: "pending", delivered: "delivered", dead: "dead" } as const;

export interface StreamJob {
  subscriberId: string;
  stream: string;
}

/** A job has sent this many events when it hands the rest to a fresh job, so a busy case shares the workers. */
const EVENTS_PER_JOB = 20;
/** A lease outlasts a try by this much, so a slow answer is never taken for a dead worker. */
const LEASE_MARGIN_MS = 30_000;

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

export interface DelivererDeps {
  prisma: PrismaClient;
  jobs: JobQueue;
  policy: DeliveryPolicy;
  /** BACKOFFICE_WEBHOOK_SECRET, for the subscriber the environment names. */
  environmentSecret?: string;
  log: FastifyBaseLogger;
}

/** A reason staff can read, with no body or secret in it. */
function failure(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === "TimeoutError" || name === "AbortError") return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string } } | null)?.cause?.code;
  return cause ? `could not connect (${cause})` : `could not connect (${name ?? "error"})`;
}

/**
 * The job queue keeps one waiting job per key. A stream has two: one to run now and one held back for its next retry,
 * so a retry scheduled an hour away never stops a wake-up (a re-send, a subscriber switched back on) running now.
 */
export function streamKey(job: StreamJob, later: boolean): string {
  return `${job.subscriberId}|${job.stream}|${later ? "later" : "now"}`;
}

export class Deliverer {
  constructor(private readonly deps: DelivererDeps) {}

  /** Queues a stream's job (at `at`, or now); nothing happens if one is already waiting. */
  async schedule(job: StreamJob, at?: Date): Promise<void> {
    const later = at !== undefined && at.getTime() > Date.now();
    await this.deps.jobs.sendOnce(QUEUES.webhooks.name, job, streamKey(job, later), later ? at : undefined);
  }

  /** A job: sends the stream's pending events in order until one fails (then it waits) or none is left. */
  async deliverStream(job: StreamJob): Promise<void> {
    for (let sent = 0; sent < EVENTS_PER_JOB; sent += 1) {
      const next = await this.nextStep(job);
      if (next !== "sent") return;
    }
    await this.schedule(job);
  }

  private async nextStep(job: StreamJob): Promise<"sent" | "wait"> {
    const { prisma, policy } = this.deps;
    const head = await prisma.webhookDelivery.findFirst({
      where: { subscriberId: job.subscriberId, stream: job.stream, status: DELIVERY_STATUS.pending },
      orderBy: { seq: "asc" },
      include: { subscriber: true, event: { select: { cloudEvent: true } } },
    });
    // Nothing to send, or switched off: its deliveries wait until it is switched back on.
    if (!head || !head.subscriber.active) return "wait";
    const now = new Date(); // wall-clock time: waits are real time whatever clock the app is given
    if (head.nextAttemptAt > now) {
      await this.schedule(job, head.nextAttemptAt);
      return "wait";
    }
    const paused = head.subscriber.pausedUntil;
    // While the receiver is paused its cases wait, but each gets its last try at the end of its window.
    if (paused && paused > now && now < head.giveUpAt) {
      const at = paused < head.giveUpAt ? paused : head.giveUpAt;
      await prisma.webhookDelivery.update({ where: { id: head.id }, data: { nextAttemptAt: at } });
      await this.schedule(job, at);
      return "wait";
    }
    // Only the worker holding the oldest pending event of a stream sends: the stream's order cannot be overtaken.
    const leased = await prisma.webhookDelivery.updateMany({
      where: { id: head.id, status: DELIVERY_STATUS.pending, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: { leaseUntil: new Date(now.getTime() + policy.timeoutMs + LEASE_MARGIN_MS), attempts: { increment: 1 } },
    });
    if (leased.count === 0) return "wait"; // another worker is sending it and carries on with the stream after
    const outcome = await this.post(head.subscriber, head.event.cloudEvent ?? "{}");
    if (outcome.ok) {
      await this.delivered(head, outcome.status);
      return "sent";
    }
    return (await this.failed(head, outcome, job)) ? "sent" : "wait";
  }

  private async post(subscriber: WebhookSubscriber, body: string): Promise<Outcome> {
    const secret = secretOf(subscriber, this.deps.environmentSecret);
    if (!secret) return { ok: false, status: null, error: "no secret to sign with: set BACKOFFICE_WEBHOOK_SECRET" };
    const timeoutMs = this.deps.policy.timeoutMs;
    try {
      const response = await fetch(subscriber.url, {
        method: "POST",
        headers: {
          "content-type": "application/cloudevents+json; charset=utf-8",
          "x-signature": signatureHeader(secret, body, new Date()),
          "user-agent": "tenant-front-door-events",
        },
        body,
        redirect: "manual", // a redirect is not a delivery: the receiver should give its real address
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined); // the answer's body is not ours to read
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      return { ok: false, status: response.status, error: `answered HTTP ${response.status}` };
    } catch (error) {
      return { ok: false, status: null, error: failure(error, timeoutMs) };
    }
  }

  private async delivered(head: WebhookDelivery & { subscriber: WebhookSubscriber }, status: number): Promise<void> {
    const { prisma } = this.deps;
    await prisma.webhookDelivery.update({
      where: { id: head.id },
      data: { status: DELIVERY_STATUS.delivered, deliveredAt: new Date(), lastStatus: status, lastError: null, leaseUntil: null },
    });
    if (head.subscriber.failures > 0 || head.subscriber.pausedUntil) {
      await prisma.webhookSubscriber.update({ where: { id: head.subscriberId }, data: { failures: 0, pausedUntil: null } });
    }
  }

  /** Records a failed try; resolves to true if it is now dead (so the stream goes on), false if it waits to retry. */
  private async failed(head: WebhookDelivery & { subscriber: WebhookSubscriber }, outcome: Extract<Outcome, { ok: false }>, job: StreamJob): Promise<boolean> {
    const { prisma, policy, log } = this.deps;
    const now = Date.now();
    const retryAt = new Date(now + backoffMs(policy, head.attempts + 1));
    const dead = retryAt >= head.giveUpAt;
    await prisma.webhookDelivery.update({
      where: { id: head.id },
      data: {
        status: dead ? DELIVERY_STATUS.dead : DELIVERY_STATUS.pending,
        lastStatus: outcome.status,
        lastError: outcome.error.slice(0, 200),
        nextAttemptAt: retryAt,
        leaseUntil: null,
      },
    });
    const failures = head.subscriber.failures + 1;
    await prisma.webhookSubscriber.update({
      where: { id: head.subscriberId },
      data: { failures, pausedUntil: new Date(now + backoffMs(policy, failures)) },
    });
    log.warn(
      { event: dead ? "webhooks.dead" : "webhooks.retrying", subscriberId: head.subscriberId, deliveryId: head.id, eventId: head.eventId, reason: outcome.error },
      dead ? "an event could not be delivered within the retry window" : "an event could not be delivered yet",
    );
    if (!dead) await this.schedule(job, retryAt);
    return dead;
  }
}

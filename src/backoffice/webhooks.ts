// Events out: the relay and the deliverer wired to the job queue, the relay's wake-ups (after each turn, and on a
// timer for events written elsewhere), and what staff do with dead letters.
import type { PrismaClient } from "@prisma/client";
import type { FastifyBaseLogger } from "fastify";
import { QUEUES, type JobQueue } from "../queue/jobs";
import { DELIVERY_STATUS, Deliverer, type StreamJob } from "./delivery";
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from "./policy";
import { Relay } from "./relay";
import { syncEnvironmentSubscriber } from "./subscribers";

export interface WebhooksDeps {
  prisma: PrismaClient;
  jobs: JobQueue;
  log: FastifyBaseLogger;
  /** CloudEvents `source`. */
  source: string;
  /** BACKOFFICE_WEBHOOK_URL and BACKOFFICE_WEBHOOK_SECRET. */
  environment?: { url: string; secret: string };
  policy?: Partial<DeliveryPolicy>;
}

export interface DeliveryRecord {
  id: string;
  eventId: string;
  type: string;
  subject: string | null;
  subscriberId: string;
  url: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  giveUpAt: string;
}

export class Webhooks {
  private readonly policy: DeliveryPolicy;
  private readonly deliverer: Deliverer;
  private readonly relay: Relay;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private lastSweep = 0;

  constructor(private readonly deps: WebhooksDeps) {
    this.policy = { ...DEFAULT_DELIVERY_POLICY, ...deps.policy };
    this.deliverer = new Deliverer({ prisma: deps.prisma, jobs: deps.jobs, policy: this.policy, environmentSecret: deps.environment?.secret, log: deps.log });
    this.relay = new Relay({ prisma: deps.prisma, deliverer: this.deliverer, policy: this.policy, source: deps.source });
  }

  /** Makes the environment's subscriber current, starts this process's senders and the relay's timer. */
  async start(concurrency = 4): Promise<void> {
    await this.syncEnvironment();
    await this.deps.jobs.work<StreamJob>(QUEUES.webhooks.name, concurrency, (job) => this.deliverer.deliverStream(job));
    this.timer = setInterval(() => this.nudge(), this.policy.pollMs);
    this.timer.unref();
    this.nudge();
  }

  /** Makes the subscriber table's row for BACKOFFICE_WEBHOOK_URL match the environment. */
  syncEnvironment(): Promise<void> {
    return syncEnvironmentSubscriber(this.deps.prisma, this.deps.environment?.url);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Asks the relay to run soon (events were just written); runs once more if it was already running. */
  nudge(): void {
    if (!this.timer) return; // stopped: the next start picks everything up
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.relayOnce().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
  }

  /** Resolves once what the relay was asked to do has been done (tests, the soak). */
  async relayed(): Promise<void> {
    while (this.running) await this.running;
  }

  private async relayOnce(): Promise<void> {
    try {
      await this.relay.relayAll();
      if (Date.now() - this.lastSweep > this.policy.strandedMs / 2) {
        this.lastSweep = Date.now();
        await this.relay.sweep();
      }
    } catch (error) {
      // The outbox keeps the events: the next run relays them.
      this.deps.log.warn({ err: error, event: "webhooks.relay_failed" }, "could not relay events yet");
    }
  }

  /** Queues a subscriber's waiting streams at once (it was switched back on or pointed at a new address). */
  async wake(subscriberId: string): Promise<void> {
    const streams = await this.deps.prisma.webhookDelivery.findMany({
      where: { subscriberId, status: DELIVERY_STATUS.pending },
      distinct: ["stream"],
      select: { stream: true },
    });
    await this.deps.prisma.webhookDelivery.updateMany({ where: { subscriberId, status: DELIVERY_STATUS.pending }, data: { nextAttemptAt: new Date() } });
    for (const { stream } of streams) await this.deliverer.schedule({ subscriberId, stream });
  }

  /** Sends a dead letter again, with a fresh retry window; false if there is no dead delivery with that id. */
  async resend(id: string): Promise<boolean> {
    const now = new Date();
    const updated = await this.deps.prisma.webhookDelivery.updateMany({
      where: { id, status: DELIVERY_STATUS.dead },
      data: { status: DELIVERY_STATUS.pending, attempts: 0, nextAttemptAt: now, giveUpAt: new Date(now.getTime() + this.policy.windowMs), leaseUntil: null },
    });
    if (updated.count === 0) return false;
    const delivery = await this.deps.prisma.webhookDelivery.findUniqueOrThrow({ where: { id } });
    await this.deliverer.schedule({ subscriberId: delivery.subscriberId, stream: delivery.stream });
    return true;
  }

  async deliveries(filter: { status?: string; subscriberId?: string; limit: number }): Promise<DeliveryRecord[]> {
    const rows = await this.deps.prisma.webhookDelivery.findMany({
      where: { status: filter.status, subscriberId: filter.subscriberId },
      orderBy: { seq: "desc" },
      take: filter.limit,
      include: { event: { select: { type: true } }, subscriber: { select: { url: true } } },
    });
    return rows.map((row) => ({
      id: row.id,
      eventId: row.eventId,
      type: row.event.type,
      subject: row.stream.includes(":") ? null : row.stream,
      subscriberId: row.subscriberId,
      url: row.subscriber.url,
      status: row.status,
      attempts: row.attempts,
      lastStatus: row.lastStatus,
      lastError: row.lastError,
      createdAt: row.createdAt.toISOString(),
      giveUpAt: row.giveUpAt.toISOString(),
    }));
  }
}

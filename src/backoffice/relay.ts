// The relay: turns outbox rows into deliveries, one per subscriber that wants the type, after the change that wrote
// them has committed. It reads the outbox rather than being handed events, so an event written just before a crash,
// or by another process, is still sent: nothing is lost between the commit and the queue.
import type { Prisma, PrismaClient } from "@prisma/client";
import { buildCloudEvent } from "./cloudEvents";
import { DELIVERY_STATUS, type Deliverer, type StreamJob } from "./delivery";
import { isPublished, streamOf } from "./events";
import type { DeliveryPolicy } from "./policy";
import { wantsType } from "./subscribers";

/** A fixed key for pg_advisory_xact_lock: relays on several servers take turns, so each case's order holds. */
const RELAY_LOCK = 7_340_101;
const BATCH = 100;

export interface RelayDeps {
  prisma: PrismaClient;
  deliverer: Deliverer;
  policy: DeliveryPolicy;
  /** CloudEvents `source`: PUBLIC_URL. */
  source: string;
}

export class Relay {
  constructor(private readonly deps: RelayDeps) {}

  /** Relays every unpublished event, oldest first; resolves to how many it took. */
  async relayAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const { count, streams } = await this.relayBatch();
      for (const stream of streams) await this.deps.deliverer.schedule(stream);
      total += count;
      if (count < BATCH) return total;
    }
  }

  private relayBatch(): Promise<{ count: number; streams: StreamJob[] }> {
    const { prisma, policy, source } = this.deps;
    return prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RELAY_LOCK})`;
        const events = await tx.outboxEvent.findMany({ where: { publishedAt: null }, orderBy: { seq: "asc" }, take: BATCH });
        if (events.length === 0) return { count: 0, streams: [] };
        // Switched-off subscribers get nothing new; what they already had waits for them.
        const subscribers = await tx.webhookSubscriber.findMany({ where: { active: true } });
        const streams = new Map<string, StreamJob>();
        const unsent: string[] = [];
        const now = new Date();
        for (const event of events) {
          const targets = isPublished(event.type) ? subscribers.filter((subscriber) => wantsType(subscriber, event.type)) : [];
          if (targets.length === 0) {
            unsent.push(event.id);
            continue;
          }
          const cloudEvent = JSON.stringify(await buildCloudEvent(tx, event, source));
          const stream = streamOf(event.payload as Prisma.JsonObject, event.id);
          await tx.webhookDelivery.createMany({
            data: targets.map((subscriber) => ({
              eventId: event.id,
              subscriberId: subscriber.id,
              stream,
              status: DELIVERY_STATUS.pending,
              nextAttemptAt: now,
              giveUpAt: new Date(now.getTime() + policy.windowMs),
            })),
            skipDuplicates: true,
          });
          await tx.outboxEvent.update({ where: { id: event.id }, data: { publishedAt: now, cloudEvent } });
          for (const subscriber of targets) streams.set(`${subscriber.id}|${stream}`, { subscriberId: subscriber.id, stream });
        }
        // Nobody to send these to (or a type we do not send): marked relayed together.
        if (unsent.length > 0) await tx.outboxEvent.updateMany({ where: { id: { in: unsent } }, data: { publishedAt: now } });
        return { count: events.length, streams: [...streams.values()] };
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
  }

  /** Queues again every stream whose next event has been due a while with nobody sending it (a job lost with a process). */
  async sweep(): Promise<number> {
    const now = new Date();
    const before = new Date(now.getTime() - this.deps.policy.strandedMs);
    const stranded = await this.deps.prisma.$queryRaw<StreamJob[]>`
      SELECT "subscriberId", stream FROM (
        SELECT DISTINCT ON (d."subscriberId", d.stream) d."subscriberId", d.stream, d."nextAttemptAt", d."leaseUntil"
        FROM "WebhookDelivery" d JOIN "WebhookSubscriber" s ON s.id = d."subscriberId"
        WHERE d.status = ${DELIVERY_STATUS.pending} AND s.active
        ORDER BY d."subscriberId", d.stream, d.seq
      ) heads
      WHERE heads."nextAttemptAt" < ${before} AND (heads."leaseUntil" IS NULL OR heads."leaseUntil" < ${now})
      LIMIT 500`;
    for (const stream of stranded) await this.deps.deliverer.schedule({ subscriberId: stream.subscriberId, stream: stream.stream });
    return stranded.length;
  }
}

// Transcripts are kept only as long as the landlord's policy says (defaults: 6 years for a conversation with a case,
// 2 years for the rest). Once a day a job on the durable queue blanks what is older: message bodies, buttons and
// media, the transcripts copied into hand-overs, the words kept for review and stored photos. The rows stay, with
// their times, channel and direction, so the measures still count the contacts; the audit log records what went.
import type { PrismaClient } from "@prisma/client";
import type { FastifyBaseLogger } from "fastify";
import { QUEUES, type JobQueue } from "../queue/jobs";
import { audit } from "../staff/audit";

/** What a message's body becomes: nothing a tenant wrote, and plain that it was removed on purpose. */
export const REMOVED = "[removed: past the retention period]";
const BATCH = 5_000;
const CHECK_EVERY_MS = 60 * 60_000; // hourly, so a day's job is queued soon after midnight whichever server is up

export interface RetentionPolicy {
  caseYears: number;
  otherYears: number;
}

export interface RetentionReport {
  caseCutoff: string;
  otherCutoff: string;
  messages: number;
  escalationTranscripts: number;
  reviewTexts: number;
  attachments: number;
}

function yearsBefore(now: Date, years: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

/** Rows updated by one statement, repeated in batches until none is left (a year of messages is a lot for one go). */
async function inBatches(prisma: PrismaClient, sql: string, ...values: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const changed = await prisma.$executeRawUnsafe(sql, ...values, BATCH);
    total += changed;
    if (changed < BATCH) return total;
  }
}

/** A message past its keeping time: older than the case cutoff, or older than the other cutoff with no case in its conversation. */
const EXPIRED = (alias: string) => `(${alias}."createdAt" < $1::timestamp OR (${alias}."createdAt" < $2::timestamp
  AND NOT EXISTS (SELECT 1 FROM "Case" cs WHERE cs."conversationId" = ${alias}."conversationId")))`;

export async function applyRetention(prisma: PrismaClient, now: Date, policy: RetentionPolicy): Promise<RetentionReport> {
  const caseCutoff = yearsBefore(now, policy.caseYears);
  const otherCutoff = yearsBefore(now, Math.min(policy.otherYears, policy.caseYears));
  const at = [caseCutoff.toISOString().replace("Z", ""), otherCutoff.toISOString().replace("Z", "")];
  const reviewTexts = await inBatches(
    prisma,
    `UPDATE "NluReview" SET text = '${REMOVED}' WHERE id IN (SELECT r.id FROM "NluReview" r JOIN "Message" m ON m.id = r."messageId"
      WHERE r.text <> '${REMOVED}' AND ${EXPIRED("m")} LIMIT $3)`,
    ...at,
  );
  const attachments = await inBatches(
    prisma,
    `UPDATE "Attachment" SET base64 = NULL, sha256 = NULL WHERE id IN (SELECT a.id FROM "Attachment" a
      WHERE a.base64 IS NOT NULL AND ${EXPIRED("a")} LIMIT $3)`,
    ...at,
  );
  const messages = await inBatches(
    prisma,
    `UPDATE "Message" SET body = '${REMOVED}', media = NULL, taps = NULL, content = NULL, "deliveryError" = NULL
      WHERE id IN (SELECT m.id FROM "Message" m WHERE m.body <> '${REMOVED}' AND ${EXPIRED("m")} LIMIT $3)`,
    ...at,
  );
  // A hand-over's copy of the conversation goes when the last message it could hold has gone.
  const escalationTranscripts = await inBatches(
    prisma,
    `UPDATE "Escalation" SET transcript = '[]'::jsonb WHERE id IN (SELECT e.id FROM "Escalation" e
      WHERE e.transcript <> '[]'::jsonb AND ${EXPIRED("e")} LIMIT $3)`,
    ...at,
  );
  return { caseCutoff: caseCutoff.toISOString(), otherCutoff: otherCutoff.toISOString(), messages, escalationTranscripts, reviewTexts, attachments };
}

export interface RetentionDeps {
  prisma: PrismaClient;
  jobs: JobQueue;
  clock: () => Date;
  policy: RetentionPolicy;
  log: FastifyBaseLogger;
}

export class Retention {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: RetentionDeps) {}

  async start(): Promise<void> {
    await this.deps.jobs.work<{ day: string }>(QUEUES.retention.name, 1, async () => {
      await this.run();
    });
    // The first check an hour after start, then hourly: a server that restarts often still queues each day's job.
    this.timer = setInterval(() => {
      this.queueToday().catch((error: unknown) => this.deps.log.warn({ err: error, event: "retention.queue_failed" }, "could not queue the retention job"));
    }, CHECK_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Queues today's job, once per day across every server (the day is the job's key). */
  async queueToday(): Promise<string | null> {
    const day = this.deps.clock().toISOString().slice(0, 10);
    return this.deps.jobs.sendOnce(QUEUES.retention.name, { day }, `retention:${day}`);
  }

  /** Blanks what is past its time and records the counts (never what was in them) in the audit log. */
  async run(): Promise<RetentionReport> {
    const report = await applyRetention(this.deps.prisma, this.deps.clock(), this.deps.policy);
    await audit(this.deps.prisma, { actor: "system:retention", action: "retention", detail: { ...report } });
    this.deps.log.info({ event: "retention.done", ...report }, "transcripts past the retention period removed");
    return report;
  }
}

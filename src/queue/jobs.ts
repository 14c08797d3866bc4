// The one durable job queue: pg-boss, in the database the app already uses. On PostgreSQL it has a small pool of its
// own; on the embedded default it runs its SQL on the same PGlite instance, so jobs live in the same folder and survive
// a restart like everything else. Any instance can take any job; a job that fails is retried with backoff.
import type { PGlite } from "@electric-sql/pglite";
import type { FastifyBaseLogger } from "fastify";
import PgBoss from "pg-boss";
import type { DatabaseTarget } from "../db/adapter";

/** Each kind of work, its data, and how hard to try. */
export const QUEUES = {
  /** Messages we start (staff replies, codes, notices, replies no webhook waited for), in order: { messageIds }. */
  outbound: { name: "outbound.send", retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
  /**
   * Events for one subscriber about one case, in order: { subscriberId, stream }. "short": at most one job waits per
   * key (src/backoffice/delivery.ts streamKey), so nudging a stream twice is one job. The worker keeps its own retry
   * schedule (24 hours of backoff); the queue's retries only cover a fault in the worker itself.
   */
  webhooks: { name: "webhooks.deliver", policy: "short", retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
  /** The reminder the day before a visit: { appointmentId }. "short": one waiting job per appointment however often the sweep finds it due. */
  reminders: { name: "appointments.remind", policy: "short", retryLimit: 6, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
  /** Removing transcripts past their keeping time: { day } once a day (the key), on whichever server takes it. */
  retention: { name: "privacy.retention", policy: "short", retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 3600 },
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]["name"];

export interface JobInfo {
  id: string;
  /** How many tries have failed before this one. */
  retryCount: number;
  retryLimit: number;
}

export interface JobQueueOptions {
  target: DatabaseTarget;
  /** The embedded database, when target is PGlite: the queue's SQL runs on it. */
  pglite?: PGlite;
  log: FastifyBaseLogger;
  /** Fewer, quicker tries than the queues' own (tests that watch a send give up). */
  retry?: { limit: number; delaySeconds: number };
}

/** PGlite takes parameterised statements through query() and scripts (pg-boss's schema set-up) through exec(). */
function pgliteDb(pglite: PGlite): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      if (values && values.length > 0) return pglite.query(text, values as never[]);
      const results = await pglite.exec(text);
      return results[results.length - 1] ?? { rows: [] };
    },
  };
}

export class JobQueue {
  private readonly boss: PgBoss;
  private readonly workers = new Map<QueueName, string[]>();
  private started = false;

  constructor(private readonly options: JobQueueOptions) {
    const common = { schema: "pgboss", monitorStateIntervalSeconds: 60, maintenanceIntervalSeconds: 120 };
    if (options.target.kind === "postgres") {
      this.boss = new PgBoss({ ...common, connectionString: options.target.url, max: 4, application_name: "tenant-front-door-jobs" });
    } else {
      if (!options.pglite) throw new Error("the job queue on PGlite needs the PGlite instance");
      this.boss = new PgBoss({ ...common, db: pgliteDb(options.pglite) });
    }
    // pg-boss reports a lost connection as an event; the work loops carry on and retry when it is back.
    this.boss.on("error", (error: Error) => options.log.warn({ err: error, event: "jobs.error" }, "job queue could not reach the database"));
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    const retry = this.options.retry ? { retryLimit: this.options.retry.limit, retryDelay: this.options.retry.delaySeconds } : {};
    for (const queue of Object.values(QUEUES)) {
      const { name, ...policy } = queue;
      await this.boss.createQueue(name, { name, ...policy, ...retry });
      await this.boss.updateQueue(name, { name, ...policy, ...retry }); // a queue made by an older release takes today's policy
    }
    this.started = true;
  }

  /**
   * Adds a job; `id` makes it idempotent (the same id twice is one job). `delaySeconds` holds it back that long (a
   * delay rather than a time, so a test's clock and the database's agree). Resolves to the job id, or null if it was there.
   */
  async send(queue: QueueName, data: object, id?: string, delaySeconds?: number): Promise<string | null> {
    const jobId = await this.boss.send(queue, data, { ...(id ? { id } : {}), ...(delaySeconds && delaySeconds > 0 ? { startAfter: Math.ceil(delaySeconds) } : {}) });
    // Wake this process's workers at once instead of at their next poll.
    for (const worker of this.workers.get(queue) ?? []) this.boss.notifyWorker(worker);
    return jobId;
  }

  /**
   * Adds a job unless one with the same key is already waiting (queues with the "short" policy); `startAfter` holds it
   * back until then. Resolves to the job id, or null if one was waiting.
   */
  async sendOnce(queue: QueueName, data: object, key: string, startAfter?: Date): Promise<string | null> {
    const jobId = await this.boss.send(queue, data, { singletonKey: key, ...(startAfter ? { startAfter } : {}) });
    if (!startAfter || startAfter.getTime() <= Date.now()) for (const worker of this.workers.get(queue) ?? []) this.boss.notifyWorker(worker);
    return jobId;
  }

  /** Runs `handler` for each job of a queue, `concurrency` at a time; a throw means try again later (or give up). */
  async work<Data extends object>(queue: QueueName, concurrency: number, handler: (data: Data, job: JobInfo) => Promise<void>): Promise<void> {
    const ids: string[] = [];
    for (let index = 0; index < concurrency; index += 1) {
      const id = await this.boss.work<Data>(queue, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: 1 }, async (batch) => {
        for (const job of batch) await handler(job.data, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit });
      });
      ids.push(id);
    }
    this.workers.set(queue, ids);
  }

  /** Jobs of a queue waiting, being retried or running. */
  async pending(queue: QueueName): Promise<number> {
    return this.boss.getQueueSize(queue, { before: "completed" });
  }

  /** Jobs of a queue held back to a later time (texts waiting for the end of quiet hours). */
  async scheduled(queue: QueueName): Promise<{ id: string; startAfter: Date; data: unknown }[]> {
    const result = await this.boss.getDb().executeSql(
      "SELECT id, start_after, data FROM pgboss.job WHERE name = $1 AND state = 'created' AND start_after > now() ORDER BY start_after",
      [queue],
    );
    return (result.rows as { id: string; start_after: Date | string; data: unknown }[]).map((row) => ({ id: row.id, startAfter: new Date(row.start_after), data: row.data }));
  }

  /** Resolves once a queue has nothing left to do now (tests, the soak), or rejects after `timeoutMs`. Jobs held back to later do not count. */
  async idle(queue: QueueName, timeoutMs = 15_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((await this.pending(queue)) - (await this.scheduled(queue)).length > 0) {
      if (Date.now() > until) throw new Error(`${queue} still has work after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Lets running jobs finish (up to `timeoutMs`) and stops polling; unfinished jobs are taken again after a restart. */
  async stop(timeoutMs = 2_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: true });
  }
}

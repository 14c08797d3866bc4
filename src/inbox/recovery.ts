// Runs recovery every few seconds on every server: spooled messages in, stranded messages processed, stranded sends
// queued (src/inbox/inbox.ts recover). Each pass is safe alongside other servers' passes.
import type { FastifyBaseLogger } from "fastify";
import type { Inbox } from "./inbox";

export const RECOVERY_INTERVAL_MS = 5_000;

/** Starts the loop; the returned function stops it and resolves once a pass under way has finished. */
export function startRecovery(inbox: Inbox, log: FastifyBaseLogger, intervalMs = RECOVERY_INTERVAL_MS): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() =>
      inbox.recover().catch((error: unknown) => log.warn({ err: error, event: "recovery.failed" }, "recovery pass failed; the next one tries again")),
    );
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}

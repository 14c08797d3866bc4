// How hard we try to deliver an event, and how long a receiver may take.

export interface DeliveryPolicy {
  /** A delivery still failing this long after it was queued is given up: a dead letter staff can send again. */
  windowMs: number;
  /** The wait after the first failed try; it doubles after each one, up to maxRetryMs. */
  firstRetryMs: number;
  maxRetryMs: number;
  /** A receiver that has not answered in this long has failed this try (a hung one must not hold a worker). */
  timeoutMs: number;
  /** How often the relay looks for events it was not told about (another process wrote them, or one died). */
  pollMs: number;
  /** A stream due this long and not being sent is queued again (its job was lost with a process). */
  strandedMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  windowMs: 24 * 3_600_000,
  firstRetryMs: 30_000,
  maxRetryMs: 3_600_000,
  timeoutMs: 10_000,
  pollMs: 2_000,
  strandedMs: 60_000,
};

/** The wait before try number `failures + 1`, with a little jitter so many cases do not all try at the same moment. */
export function backoffMs(policy: DeliveryPolicy, failures: number): number {
  const base = Math.min(policy.firstRetryMs * 2 ** Math.max(0, failures - 1), policy.maxRetryMs);
  return Math.round(base * (0.9 + Math.random() * 0.2));
}

// Requests signed the way our webhooks are: X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">
// with BACKOFFICE_WEBHOOK_SECRET. A timestamp more than 5 minutes from now is refused, so a captured request
// cannot be replayed later.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signatureFor(secret: string, timestamp: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
}

/** Null when the header is a good signature of the body; otherwise why not, in words for the sender. */
export function signatureProblem(header: string, rawBody: string, secret: string, nowSeconds: number): string | null {
  const parts = new Map<string, string[]>();
  for (const part of header.split(",")) {
    const [name, ...rest] = part.trim().split("=");
    if (name && rest.length > 0) parts.set(name, [...(parts.get(name) ?? []), rest.join("=")]);
  }
  const timestamp = Number(parts.get("t")?.[0]);
  const signatures = parts.get("v1") ?? [];
  if (!Number.isInteger(timestamp) || signatures.length === 0) return "X-Signature must be t=<unix seconds>,v1=<hex HMAC-SHA256>";
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return "X-Signature timestamp is more than 5 minutes from now";
  const expected = Buffer.from(signatureFor(secret, timestamp, rawBody), "hex");
  // Several v1 values are allowed while a secret is being rotated.
  const matches = signatures.some((given) => {
    const candidate = /^[0-9a-f]+$/i.test(given) ? Buffer.from(given, "hex") : Buffer.alloc(0);
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
  return matches ? null : "X-Signature does not match the body";
}

// The X-Signature header on every event we send, and on updates a housing system sends back instead of the API token:
// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with the shared secret. The timestamp is signed
// too, and one more than 5 minutes from now is refused, so a captured request cannot be replayed later.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-signature";
/** How far a signed timestamp may be from now before it is refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signatureFor(secret: string, timestamp: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
}

export function signatureHeader(secret: string, rawBody: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${signatureFor(secret, timestamp, rawBody)}`;
}

/** Null when the header is a good signature of the body; otherwise why not, in words for the sender. */
export function signatureProblem(header: string | undefined, rawBody: string, secret: string, now: Date): string | null {
  if (!header) return "no X-Signature header";
  const parts = new Map<string, string[]>();
  for (const part of header.split(",")) {
    const [name, ...rest] = part.trim().split("=");
    if (name && rest.length > 0) parts.set(name, [...(parts.get(name) ?? []), rest.join("=")]);
  }
  const timestamp = Number(parts.get("t")?.[0]);
  const signatures = parts.get("v1") ?? [];
  if (!Number.isInteger(timestamp) || signatures.length === 0) return "X-Signature must be t=<unix seconds>,v1=<hex HMAC-SHA256>";
  if (Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return "X-Signature timestamp is more than 5 minutes from now";
  const expected = Buffer.from(signatureFor(secret, timestamp, rawBody), "hex");
  // Several v1 values are allowed while a secret is being rotated.
  const matches = signatures.some((given) => {
    const candidate = /^[0-9a-f]+$/i.test(given) ? Buffer.from(given, "hex") : Buffer.alloc(0);
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
  return matches ? null : "X-Signature does not match the body";
}

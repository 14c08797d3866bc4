// Direct Line tokens: each one lets its holder into one conversation for an hour. Signed with DIRECT_LINE_SECRET
// (HMAC-SHA256), so any instance can check them and nothing about them is kept in memory.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const TOKEN_SECONDS = 3600;
const PREFIX = "dl1";

export interface TokenClaims {
  /** The Direct Line conversation id. */
  conversationId: string;
  /** The tenant's id in the conversation (activity.from.id). */
  userId: string;
  expiresAt: number;
}

export function newConversationId(): string {
  return randomBytes(18).toString("base64url");
}

export function newUserId(): string {
  return `dl_${randomBytes(12).toString("base64url")}`;
}

function sign(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(`${PREFIX}.${payload}`).digest("base64url");
}

export function issueToken(secret: string, claims: Omit<TokenClaims, "expiresAt">, now: Date): { token: string; expiresIn: number } {
  const expiresAt = Math.floor(now.getTime() / 1000) + TOKEN_SECONDS;
  const payload = Buffer.from(JSON.stringify({ c: claims.conversationId, u: claims.userId, e: expiresAt })).toString("base64url");
  return { token: `${PREFIX}.${payload}.${sign(secret, payload)}`, expiresIn: TOKEN_SECONDS };
}

/** The claims of a token we signed that has not expired; null for anything else. */
export function readToken(secret: string, token: string, now: Date): TokenClaims | null {
  const [prefix, payload, signature] = token.split(".");
  if (prefix !== PREFIX || !payload || !signature) return null;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { c?: unknown; u?: unknown; e?: unknown };
    if (typeof claims.c !== "string" || typeof claims.u !== "string" || typeof claims.e !== "number") return null;
    if (claims.e * 1000 <= now.getTime()) return null;
    return { conversationId: claims.c, userId: claims.u, expiresAt: claims.e };
  } catch {
    return null;
  }
}

/** Whether a bearer credential is the Direct Line secret itself (a server-side client, like Direct Line's own). */
export function isSecret(secret: string, given: string): boolean {
  const a = Buffer.from(secret);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

// Photos, videos and voice notes from MMS and WhatsApp: fetched from Twilio with the account's credentials (only
// from Twilio's own API address, so a forged URL cannot make us fetch anything else), checked for type and size, and
// stored as attachments on the tenant's open case.
import { createHash } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import type { FastifyBaseLogger } from "fastify";

export const MAX_MEDIA_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 10_000;
/** How recent a case must be for a photo sent later to be added to it. */
const OPEN_CASE_DAYS = 14;

const ALLOWED = /^(image\/(jpeg|png|gif|webp|heic|heif)|video\/(mp4|3gpp|quicktime)|audio\/(ogg|amr|mpeg|mp4|aac|x-m4a))$/;

/** Photos, videos and voice notes of the kinds phones send; nothing else is kept. */
export function isAcceptedMedia(contentType: string): boolean {
  return ALLOWED.test(contentType);
}

export function isPicture(contentType: string): boolean {
  return /^(image|video)\//.test(contentType);
}

export interface MediaSettings {
  accountSid?: string;
  authToken: string;
  /** Where Twilio's API is (a stand-in in tests): media is only fetched from there. */
  apiBaseUrl: string;
}

export type Fetched = { ok: true; contentType: string; data: Buffer } | { ok: false; reason: string };

export async function fetchMedia(url: string, expectedType: string, settings: MediaSettings): Promise<Fetched> {
  if (!ALLOWED.test(expectedType)) return { ok: false, reason: `type ${expectedType} is not accepted` };
  if (!settings.accountSid) return { ok: false, reason: "no Twilio account is configured to fetch media" };
  const allowed = new URL(settings.apiBaseUrl);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, reason: "not a URL" };
  }
  if (target.origin !== allowed.origin || !target.pathname.startsWith(`/2010-04-01/Accounts/${settings.accountSid}/`)) {
    return { ok: false, reason: "not a media address of our Twilio account" };
  }
  return download(target, { authorization: `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString("base64")}` }, "Twilio");
}

/** Fetches one photo, video or voice note, refusing other types and anything over 5 MB (however the server labels it). */
export async function download(target: URL, headers: Record<string, string>, from: string): Promise<Fetched> {
  const response = await fetch(target, { headers, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "follow" });
  if (!response.ok || !response.body) return { ok: false, reason: `${from} answered ${response.status}` };
  const contentType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
  if (!ALLOWED.test(contentType)) return { ok: false, reason: `type ${contentType || "unknown"} is not accepted` };
  if (Number(response.headers.get("content-length") ?? 0) > MAX_MEDIA_BYTES) return { ok: false, reason: "larger than 5 MB" };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_MEDIA_BYTES) return { ok: false, reason: "larger than 5 MB" };
    chunks.push(Buffer.from(chunk));
  }
  return { ok: true, contentType, data: Buffer.concat(chunks) };
}

/** Fetches each item of one inbound message and records it, attached to the conversation's newest open case. */
export async function storeMedia(
  prisma: PrismaClient,
  log: FastifyBaseLogger,
  settings: MediaSettings,
  message: { id: string; conversationId: string; media: { url: string; contentType: string }[] },
): Promise<void> {
  for (const item of message.media) {
    let fetched: Fetched;
    try {
      fetched = await fetchMedia(item.url, item.contentType, settings);
    } catch (error) {
      fetched = { ok: false, reason: error instanceof Error ? error.message.slice(0, 200) : "fetch failed" };
    }
    // Recorded after the fetch: the turn that created the case has committed by then.
    await recordAttachment(prisma, message, item.contentType, fetched);
    if (!fetched.ok) log.warn({ event: "media.rejected", messageId: message.id, reason: fetched.reason }, "a tenant's media was not stored");
  }
}

/** Keeps one photo, video or voice note (or the reason it was refused) on the conversation's newest open case. */
export async function recordAttachment(
  prisma: PrismaClient,
  message: { id: string; conversationId: string },
  contentType: string,
  fetched: Fetched,
): Promise<void> {
  const since = new Date(Date.now() - OPEN_CASE_DAYS * 86_400_000);
  const openCase = await prisma.case.findFirst({
    where: { conversationId: message.conversationId, status: "open", createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  await prisma.attachment.create({
    data: fetched.ok
      ? {
          conversationId: message.conversationId,
          messageId: message.id,
          caseId: openCase?.id ?? null,
          status: "stored",
          contentType: fetched.contentType,
          sizeBytes: fetched.data.byteLength,
          sha256: createHash("sha256").update(fetched.data).digest("hex"),
          base64: fetched.data.toString("base64"),
        }
      : { conversationId: message.conversationId, messageId: message.id, caseId: openCase?.id ?? null, status: "rejected", reason: fetched.reason, contentType },
  });
}

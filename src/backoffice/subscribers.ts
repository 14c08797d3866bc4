// Who is sent our events: the subscriber named by BACKOFFICE_WEBHOOK_URL, and any added at /api/webhooks. The only
// code that writes the subscriber table. A secret is kept to sign with and never read back out through the API.
import type { Prisma, PrismaClient, WebhookSubscriber } from "@prisma/client";
import { Prisma as PrismaValues } from "@prisma/client";

export interface SubscriberView {
  id: string;
  url: string;
  /** null: every type we send. */
  eventTypes: string[] | null;
  active: boolean;
  /** "environment" for BACKOFFICE_WEBHOOK_URL (change it there), "api" for one added at /api/webhooks. */
  managedBy: "environment" | "api";
  /** Tries in a row that failed, and until when its deliveries wait before the next try. */
  failures: number;
  pausedUntil: string | null;
  createdAt: string;
}

export function subscriberView(row: WebhookSubscriber): SubscriberView {
  return {
    id: row.id,
    url: row.url,
    eventTypes: (row.eventTypes as string[] | null) ?? null,
    active: row.active,
    managedBy: row.fromEnvironment ? "environment" : "api",
    failures: row.failures,
    pausedUntil: row.pausedUntil?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function wantsType(row: Pick<WebhookSubscriber, "eventTypes">, type: string): boolean {
  const types = row.eventTypes as string[] | null;
  return !types || types.includes(type);
}

/** The key to sign with: the environment's for its own subscriber, else the one given when it was added. */
export function secretOf(row: Pick<WebhookSubscriber, "fromEnvironment" | "secret">, environmentSecret: string | undefined): string | null {
  return row.fromEnvironment ? (environmentSecret ?? null) : row.secret;
}

/** Makes the subscriber table match BACKOFFICE_WEBHOOK_URL: one row for it, switched off when it is unset. */
export async function syncEnvironmentSubscriber(prisma: PrismaClient, url: string | undefined): Promise<void> {
  const existing = await prisma.webhookSubscriber.findFirst({ where: { fromEnvironment: true }, orderBy: { createdAt: "asc" } });
  if (!url) {
    if (existing?.active) await prisma.webhookSubscriber.update({ where: { id: existing.id }, data: { active: false } });
    return;
  }
  if (existing) {
    if (existing.url !== url || !existing.active) await prisma.webhookSubscriber.update({ where: { id: existing.id }, data: { url, active: true } });
    return;
  }
  await prisma.webhookSubscriber.create({ data: { url, fromEnvironment: true } });
}

export interface NewSubscriber {
  url: string;
  secret: string;
  eventTypes?: string[];
}

export function listSubscribers(prisma: PrismaClient): Promise<WebhookSubscriber[]> {
  return prisma.webhookSubscriber.findMany({ orderBy: { createdAt: "asc" } });
}

export function addSubscriber(prisma: PrismaClient, subscriber: NewSubscriber): Promise<WebhookSubscriber> {
  return prisma.webhookSubscriber.create({
    data: { url: subscriber.url, secret: subscriber.secret, eventTypes: subscriber.eventTypes ?? PrismaValues.DbNull },
  });
}

export interface SubscriberChange {
  url?: string;
  secret?: string;
  /** null: every type again. */
  eventTypes?: string[] | null;
  active?: boolean;
}

export function changeSubscriber(prisma: PrismaClient, id: string, change: SubscriberChange): Promise<WebhookSubscriber> {
  const data: Prisma.WebhookSubscriberUpdateInput = {
    url: change.url,
    secret: change.secret,
    active: change.active,
    // Switched back on or pointed elsewhere: the next try goes at once.
    ...(change.active || change.url ? { failures: 0, pausedUntil: null } : {}),
  };
  if (change.eventTypes !== undefined) data.eventTypes = change.eventTypes ?? PrismaValues.DbNull;
  return prisma.webhookSubscriber.update({ where: { id }, data });
}

/** Removes a subscriber with its deliveries (pending and dead alike). */
export async function removeSubscriber(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.webhookSubscriber.delete({ where: { id } });
}

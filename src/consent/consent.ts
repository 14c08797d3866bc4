// Consent to be texted: every STOP and START is kept, newest last, so the current state and its history are known.
import type { Prisma, PrismaClient } from "@prisma/client";

type Db = PrismaClient | Prisma.TransactionClient;

export async function recordConsentChange(db: Db, channel: string, address: string, optedOut: boolean, keyword: string) {
  await db.consentChange.create({ data: { channel, address, optedOut, keyword } });
}

export async function isOptedOut(db: Db, channel: string, address: string): Promise<boolean> {
  const latest = await db.consentChange.findFirst({ where: { channel, address }, orderBy: { createdAt: "desc" } });
  return latest?.optedOut ?? false;
}

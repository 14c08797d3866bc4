// Opens the one Prisma client the app uses, on PostgreSQL or on the embedded PGlite database.
import type { PGlite } from "@electric-sql/pglite";
import { PrismaClient } from "@prisma/client";
import { createAdapterFactory, openPGlite, type DatabaseTarget } from "./adapter";

export interface Database {
  prisma: PrismaClient;
  target: DatabaseTarget;
  /** The embedded database itself, when target is PGlite (the job queue runs its SQL on it). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  let pglite: PGlite | undefined;
  if (target.kind === "pglite") {
    pglite = openPGlite(target.dataDir);
    await pglite.waitReady;
  }
  const prisma = new PrismaClient({ adapter: createAdapterFactory(target, pglite) });
  await prisma.$connect();
  return {
    prisma,
    target,
    pglite,
    async close() {
      await prisma.$disconnect();
      // PGlite must be closed cleanly or its folder may not open again.
      if (pglite && !pglite.closed) await pglite.close();
    },
  };
}

// Fresh, migrated databases for tests: copies of one template made by `prisma migrate deploy` in globalSetup.
// PGlite by default; PostgreSQL when DATABASE_URL is a postgresql:// URL (CI runs both).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { resolveDatabaseUrl, type DatabaseTarget } from "../../src/db/adapter";
import { openDatabase, type Database } from "../../src/db/client";

export const TEMPLATE_PGLITE_DIR = path.join(os.tmpdir(), "tenant-front-door-test-template");
export const TEMPLATE_DATABASE = "tenant_front_door_template";

export function testTarget(): DatabaseTarget {
  return resolveDatabaseUrl(process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "pglite:memory:");
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export interface TestDatabase extends Database {
  dispose(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const target = testTarget();
  if (target.kind === "postgres") {
    const name = `tfd_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: target.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
    await admin.end();
    const db = await openDatabase({ kind: "postgres", url: withDatabase(target.url, name) });
    return {
      ...db,
      async dispose() {
        await db.close();
        const cleanup = new pg.Client({ connectionString: target.url });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await cleanup.end();
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tfd-test-"));
  fs.cpSync(TEMPLATE_PGLITE_DIR, dataDir, { recursive: true });
  const db = await openDatabase({ kind: "pglite", dataDir });
  return {
    ...db,
    async dispose() {
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

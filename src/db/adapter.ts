// Chooses the Prisma driver adapter for a DATABASE_URL: PostgreSQL over the network, or PGlite in a local folder.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string | null }; // null: in memory

export const DEFAULT_DATABASE_URL = "pglite:./data/pglite";

export function resolveDatabaseUrl(url: string | undefined): DatabaseTarget {
  const value = url && url.trim() !== "" ? url.trim() : DEFAULT_DATABASE_URL;
  if (value.startsWith("postgresql://") || value.startsWith("postgres://")) {
    return { kind: "postgres", url: value };
  }
  if (value.startsWith("pglite:")) {
    const folder = value.slice("pglite:".length);
    if (folder === "memory:") return { kind: "pglite", dataDir: null };
    if (folder === "") throw new Error("pglite: needs a folder, e.g. pglite:./data/pglite");
    return { kind: "pglite", dataDir: path.resolve(folder) };
  }
  throw new Error("must start with postgresql:// or pglite:");
}

export function openPGlite(dataDir: string | null): PGlite {
  if (!dataDir) return new PGlite();
  fs.mkdirSync(dataDir, { recursive: true });
  return new PGlite(dataDir);
}

export function createAdapterFactory(target: DatabaseTarget, pglite?: PGlite): SqlMigrationAwareDriverAdapterFactory {
  if (target.kind === "postgres") return new PrismaPg({ connectionString: target.url });
  // pglite-prisma-adapter 0.6 is typed against an older @prisma/driver-adapter-utils; the protocol is the same.
  return new PrismaPGlite(pglite ?? openPGlite(target.dataDir)) as unknown as SqlMigrationAwareDriverAdapterFactory;
}

const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;

/**
 * A pg client that reports columns of PostgreSQL's internal `name` type as text. The migration engine reads
 * catalog tables that use `name`, which @prisma/adapter-pg 6.19 rejects (prisma/orm#27403).
 */
class CatalogFriendlyClient extends pg.Client {
  // pg's query() has many overloads; we only rewrite the field types of whatever result comes back.
  override query(...args: unknown[]): any {
    const relabel = (result: pg.QueryResult | undefined) => {
      for (const field of result?.fields ?? []) {
        if (field.dataTypeID === PG_NAME_OID) field.dataTypeID = PG_TEXT_OID;
      }
      return result;
    };
    const last = args[args.length - 1];
    if (typeof last === "function") {
      const callback = last as (err: Error | null, result?: pg.QueryResult) => void;
      args[args.length - 1] = (err: Error | null, result?: pg.QueryResult) => callback(err, relabel(result));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const pending = (super.query as (...a: unknown[]) => unknown)(...args);
    return pending instanceof Promise ? pending.then(relabel) : pending;
  }
}

// The CLI asks for its adapter more than once per run; two PGlite instances on one folder corrupt it.
let migrationPGlite: { dataDir: string | null; db: PGlite } | null = null;

/** The adapter for the Prisma CLI (migrate deploy, migrate diff). */
export function createMigrationAdapterFactory(target: DatabaseTarget): SqlMigrationAwareDriverAdapterFactory {
  if (target.kind === "postgres") {
    return new PrismaPg(new pg.Pool({ connectionString: target.url, Client: CatalogFriendlyClient, allowExitOnIdle: true }));
  }
  if (!migrationPGlite || migrationPGlite.dataDir !== target.dataDir) {
    migrationPGlite = { dataDir: target.dataDir, db: openPGlite(target.dataDir) };
  }
  return createAdapterFactory(target, migrationPGlite.db);
}

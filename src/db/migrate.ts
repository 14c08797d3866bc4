// Brings a database up to date with prisma/migrations using `prisma migrate deploy`, skipping the CLI when nothing is pending.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { DatabaseTarget } from "./adapter";
import { openDatabase } from "./client";

const run = promisify(execFile);
const projectRoot = path.resolve(__dirname, "..", "..");
const migrationsDir = path.join(projectRoot, "prisma", "migrations");

export function migrationNames(): string[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Names of migrations not yet applied; every one of them when the database is new. */
export async function pendingMigrations(target: DatabaseTarget): Promise<string[]> {
  const db = await openDatabase(target);
  try {
    const applied = await db.prisma
      .$queryRawUnsafe<{ migration_name: string }[]>(
        `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      )
      .catch(() => [] as { migration_name: string }[]);
    const done = new Set(applied.map((row) => row.migration_name));
    return migrationNames().filter((name) => !done.has(name));
  } finally {
    await db.close();
  }
}

/**
 * The environment the Prisma CLI needs for a target. The schema's url must look like PostgreSQL to validate (or the
 * CLI tries to download an engine), so an embedded folder travels in MIGRATE_DATABASE_URL (see prisma.config.ts).
 */
export function prismaCliEnv(target: DatabaseTarget, inherited: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...inherited, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  if (target.kind === "postgres") {
    env.DATABASE_URL = target.url;
    delete env.MIGRATE_DATABASE_URL;
  } else {
    env.DATABASE_URL = "postgresql://embedded.invalid/pglite";
    env.MIGRATE_DATABASE_URL = target.dataDir ? `pglite:${target.dataDir}` : "pglite:memory:";
    // Without this `migrate deploy` waits for ever for an advisory lock PGlite cannot give.
    env.PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK = "1";
  }
  return env;
}

const prismaCli = () => require.resolve("prisma/build/index.js");

/** Runs `prisma migrate deploy` against the target. The PGlite folder must not be open in this process. */
export async function migrateDeploy(target: DatabaseTarget, inherited: NodeJS.ProcessEnv): Promise<string> {
  const env = prismaCliEnv(target, inherited);
  const { stdout } = await run(process.execPath, [prismaCli(), "migrate", "deploy"], { cwd: projectRoot, env });
  return stdout;
}

/** Runs any Prisma CLI command with its output on this terminal; resolves to the exit code. */
export function runPrismaCli(args: string[], target: DatabaseTarget, inherited: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, [prismaCli(), ...args], {
    cwd: projectRoot,
    env: prismaCliEnv(target, inherited),
    stdio: "inherit",
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
}

export async function migrateIfNeeded(target: DatabaseTarget, inherited: NodeJS.ProcessEnv): Promise<string[]> {
  const pending = await pendingMigrations(target);
  if (pending.length > 0) await migrateDeploy(target, inherited);
  return pending;
}

// Runs once before all tests: makes the migrated template database with the real `prisma migrate deploy`.
import fs from "node:fs";
import pg from "pg";
import { migrateDeploy } from "../../src/db/migrate";
import { Understander } from "../../src/nlu/understand";
import { TEMPLATE_DATABASE, TEMPLATE_PGLITE_DIR, testTarget, withDatabase } from "./databases";

export default async function globalSetup(): Promise<void> {
  // Trains the understanding model once (or finds it in node_modules/.cache), so no test file waits for training.
  new Understander();
  const target = testTarget();
  if (target.kind === "postgres") {
    const admin = new pg.Client({ connectionString: target.url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
    await admin.end();
    await migrateDeploy({ kind: "postgres", url: withDatabase(target.url, TEMPLATE_DATABASE) }, process.env);
    return;
  }
  fs.rmSync(TEMPLATE_PGLITE_DIR, { recursive: true, force: true });
  await migrateDeploy({ kind: "pglite", dataDir: TEMPLATE_PGLITE_DIR }, process.env);
}

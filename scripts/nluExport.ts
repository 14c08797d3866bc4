// `npm run nlu:export [-- --database <url>] [--out <folder>]`: writes the messages staff have reviewed in the console
// and not yet exported to dialogs/nlu/training/review-<date>.jsonl, marks them exported, and says how many. Messages
// nobody has reviewed are never written: nothing is learnt without a person's review.
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { migrateIfNeeded } from "../src/db/migrate";
import { exportReviewed, TRAINING_DIR } from "../src/learning/export";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { database: { type: "string" }, out: { type: "string" } } });
  const env = { LOG_LEVEL: "silent", ...process.env, ...(values.database ? { DATABASE_URL: values.database } : {}) };
  const config = loadConfig(env);
  await migrateIfNeeded(config.database, env);
  const db = await openDatabase(config.database);
  try {
    const { count, file } = await exportReviewed(db.prisma, { dir: values.out ? path.resolve(values.out) : TRAINING_DIR, now: new Date() });
    console.log(file ? `Exported ${count} reviewed ${count === 1 ? "message" : "messages"} to ${path.relative(process.cwd(), file)}` : "Nothing to export: no reviewed messages are waiting");
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

void main();

// Reads the configuration, brings the database up to date, builds the app, starts the late-notice check and listens.
import pino from "pino";
import { buildApp, loggerOptions } from "./app";
import { loadSchedulerSettings, SchedulerSettingsError } from "./appointments/settings";
import { ConfigError, loadConfig } from "./config";
import { openDatabase } from "./db/client";
import { migrateIfNeeded } from "./db/migrate";
import { startLateNotices } from "./handoff/lateNotices";
import { startRecovery } from "./inbox/recovery";
import { seedDemoData } from "./tenants/demo";

const SHUTDOWN_MS = 10_000;
const DRAIN_MS = 6_000;
const CLOSE_MS = 2_500;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  let config;
  let schedulerSettings;
  try {
    config = loadConfig(process.env);
    schedulerSettings = loadSchedulerSettings(config.scheduler.file);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof SchedulerSettingsError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const log = pino(loggerOptions(config.logLevel) as pino.LoggerOptions);
  if (config.developmentFallbacks.length > 0) {
    log.warn({ settings: config.developmentFallbacks }, "not set, so using development values (see src/config.ts); never do this in production");
  }
  const where = config.database.kind === "pglite" ? `embedded PGlite in ${config.database.dataDir}` : "PostgreSQL";
  const applied = await migrateIfNeeded(config.database, process.env);
  log.info({ database: where, migrationsApplied: applied }, "database ready");

  const db = await openDatabase(config.database);
  if (config.seedDemoData) {
    const added = await seedDemoData(db.prisma);
    if (added > 0) log.info({ tenants: added }, "loaded demo tenants into the empty database");
  }
  const app = await buildApp({ config, db, schedulerSettings });
  const stopLateNotices = startLateNotices(db.prisma, { outbound: app.outbound, log: app.log, landlord: config.landlord, whatsappTemplates: config.whatsappContent }, app.clock);
  const stopRecovery = startRecovery(app.inbox, app.log);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, "shutting down: finishing the turns under way");
    // Whatever is open (a console stream, a hung provider), the process is gone within 10 s of the signal.
    setTimeout(() => {
      app.log.error({ event: "shutdown.forced" }, "could not stop cleanly in time");
      process.exit(1);
    }, SHUTDOWN_MS).unref();
    stopLateNotices();
    const closing = app.close(); // new requests get 503; requests under way finish
    await Promise.race([Promise.all([stopRecovery(), app.inbox.idle()]), pause(DRAIN_MS)]);
    // Long-lived streams (the staff console's, the web chat's) would hold the close for ever.
    app.server.closeAllConnections();
    await Promise.race([closing, pause(CLOSE_MS)]);
    await db.close(); // PGlite must close cleanly to keep its folder healthy
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

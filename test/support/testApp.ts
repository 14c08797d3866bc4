// A running app on a fresh database with a clock and case references the test controls, and a phone to text it.
import type { Scheduler } from "../../src/appointments/scheduler";
import type { SchedulerSettings } from "../../src/appointments/settings";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app";
import type { DeliveryPolicy } from "../../src/backoffice/policy";
import { messagesInTwiml, signedWebhook, smsParams } from "../../src/channels/twilio/simulator";
import { loadConfig, type Config } from "../../src/config";
import { seedDemoData } from "../../src/tenants/demo";
import { openDatabase } from "../../src/db/client";
import { createTestDatabase, type TestDatabase } from "./databases";
import { FAKE_ACCOUNT_SID } from "./fakeTwilio";

export const TEST_AUTH_TOKEN = "test-twilio-auth-token-0123456789";
export const TEST_API_TOKEN = "test-api-token-0123456789abcdef";
export const PUBLIC_URL = "https://bot.example.org";

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  config: Config;
  clock: { now: Date };
  /** Empties every table, loads the demo tenants again and resets the clock and references: a clean slate per test. */
  reset(options?: { now?: string }): Promise<void>;
  /** Text the bot from a number; resolves to the replies the phone shows. */
  text(from: string, body: string): Promise<string[]>;
  close(): Promise<void>;
}

const TABLES = ["Appointment", "SlotBooking", "SlotCapacity", "CaseSatisfaction", "CaseUpdate", "NluReview", "Attachment", "AuditEntry", "SavedReply", "StaffSession", "StaffUser", "RentTransaction", "RentAccount", "OutboxEvent", "Fault", "ConsentChange", "Escalation", "CaseNote", "CaseDeadline", "Case", "Message", "Conversation", "Tenant", "Home"];
// Events out (src/backoffice): emptied apart, then the subscriber BACKOFFICE_WEBHOOK_URL names is put back.
const EVENTS_OUT_TABLES = ["WebhookDelivery", "WebhookSubscriber"];
const DEFAULT_NOW = "2026-11-23T10:00:00Z"; // a Monday

export const TEST_CODE = "481516";
export const TEST_FROM_NUMBER = "+441510000000";

/**
 * One per test file (opening a database takes a second or two); call reset() before each test. With `twilioApi`,
 * messages we start go through the real twilio client to that address (test/support/fakeTwilio.ts).
 */
export async function startTestApp(
  options: {
    now?: string;
    twilioApi?: string;
    env?: Record<string, string>;
    queueRetry?: { limit: number; delaySeconds: number };
    /** Shorter retry waits and window for events out (tests that watch a delivery fail). */
    webhookPolicy?: Partial<DeliveryPolicy>;
    /** Reaches the database another way (through a proxy a test can cut); PostgreSQL only. */
    connectVia?: (url: string) => string;
    /** The scheduler file's settings (capacity) instead of config/scheduler.json's. */
    schedulerSettings?: SchedulerSettings;
    /** Another scheduler than the built-in one (the HTTP adapter against a stand-in). */
    scheduler?: Scheduler;
  } = {},
): Promise<TestApp> {
  const created = await createTestDatabase();
  let db: TestDatabase = created;
  if (options.connectVia && created.target.kind === "postgres") {
    const proxied = await openDatabase({ kind: "postgres", url: options.connectVia(created.target.url) });
    db = { ...proxied, dispose: () => proxied.close().then(() => created.dispose()) };
  }
  await seedDemoData(db.prisma, new Date(options.now ?? DEFAULT_NOW));
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), "tfd-spool-"));
  const config = loadConfig({
    SPOOL_DIR: spoolDir,
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
    API_TOKEN: TEST_API_TOKEN,
    PUBLIC_URL,
    DATABASE_URL: "pglite:memory:",
    ...(options.twilioApi
      ? { TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID, TWILIO_FROM_NUMBER: TEST_FROM_NUMBER, TWILIO_API_BASE_URL: options.twilioApi }
      : {}),
    ...options.env,
  });
  const clock = { now: new Date(options.now ?? DEFAULT_NOW) };
  let issued = 0;
  const app = await buildApp({
    config,
    db,
    queueRetry: options.queueRetry,
    webhookPolicy: options.webhookPolicy,
    schedulerSettings: options.schedulerSettings,
    scheduler: options.scheduler,
    logger: false,
    clock: () => clock.now,
    newReference: (prefix) => `${prefix}${String(++issued).padStart(6, "0")}`,
    newCode: () => TEST_CODE,
  });
  return {
    app,
    db,
    config,
    clock,
    async reset(resetOptions = {}) {
      await app.settleJobs().catch(() => undefined); // a test that left sends retrying must not leak them into the next
      await db.prisma.$executeRawUnsafe(`TRUNCATE ${TABLES.map((table) => `"${table}"`).join(", ")} CASCADE`);
      await db.prisma.$executeRawUnsafe(`TRUNCATE pgboss.job, pgboss.archive`);
      await db.prisma.$executeRawUnsafe(`TRUNCATE ${EVENTS_OUT_TABLES.map((table) => `"${table}"`).join(", ")} CASCADE`);
      await app.webhooks.syncEnvironment();
      clock.now = new Date(resetOptions.now ?? options.now ?? DEFAULT_NOW);
      await seedDemoData(db.prisma, clock.now);
      issued = 0;
    },
    async text(from, body) {
      const request = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", smsParams(from, body));
      const response = await app.inject({ method: "POST", url: request.path, headers: request.headers, payload: request.payload });
      if (response.statusCode !== 200) throw new Error(`Webhook answered ${response.statusCode}: ${response.body}`);
      return messagesInTwiml(response.body);
    },
    async close() {
      await app.close();
      await db.dispose();
      fs.rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}

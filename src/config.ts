// The environment, parsed and validated once at start-up; nothing else reads process.env.
import path from "node:path";
import type { CaseReviewPolicy } from "./asb/risk";
import { z } from "zod";
import { resolveDatabaseUrl, type DatabaseTarget } from "./db/adapter";
import { parseOpeningHours } from "./handoff/hours";
import { parseQuietHours, type QuietHours } from "./notify/quietHours";

export const DEV_TWILIO_AUTH_TOKEN = "dev-twilio-auth-token";
export const DEV_API_TOKEN = "dev-api-token";
export const DEV_DIRECT_LINE_SECRET = "dev-direct-line-secret-not-for-production";

const phoneNumber = z
  .string()
  .regex(/^[0-9 ]{3,15}$/, "must be digits and spaces, like 0151 000 0000");

const positiveWhole = z.coerce.number({ message: "must be a whole number" }).int("must be a whole number").min(1, "must be 1 or more");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"], { message: "must be development, production or test" }).default("development"),
    PORT: z.coerce.number({ message: "must be a port number" }).int("must be a port number").min(0).max(65535, "must be a port number up to 65535").default(3000),
    HOST: z.string().min(1, "must be an address to listen on, like 0.0.0.0").default("127.0.0.1"),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { message: "must be fatal, error, warn, info, debug, trace or silent" })
      .default("info"),
    DATABASE_URL: z.string().optional(),
    // Where Twilio messages wait while the database is away: a folder on disk that outlives the process.
    SPOOL_DIR: z.string().min(1).default("./data/spool"),
    PUBLIC_URL: z.string().url("must be a URL like https://bot.example.org").optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16, "must be your Twilio auth token").optional(),
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/, "must be your Twilio account SID, AC and 32 hex digits").optional(),
    TWILIO_FROM_NUMBER: z.string().regex(/^\+[1-9][0-9]{6,14}$/, "must be E.164, like +441510000000").optional(),
    TWILIO_API_BASE_URL: z.string().url("must be a URL like https://api.twilio.com").optional(),
    API_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
    SEED_DEMO_DATA: z.enum(["true", "false"], { message: "must be true or false" }).optional(),
    LANDLORD_NAME: z.string().min(2, "must be at least 2 characters").max(24, "must be 24 characters or fewer (it goes in SMS)").default("Mersey Homes"),
    LANDLORD_PHONE: phoneNumber.default("0151 000 0000"),
    PRIVACY_URL: z.string().max(40, "must be 40 characters or fewer (it goes in SMS)").default("merseyhomes.org/privacy"),
    OFFICE_HOURS: z
      .string()
      .max(30, "must be 30 characters or fewer")
      .refine((hours) => parseOpeningHours(hours) !== null, 'must be opening hours like "Mon-Fri 8am-6pm, Sat 9am-1pm"')
      .default("Mon-Fri 8am-6pm"),
    RESUME_AFTER_MINUTES: positiveWhole.default(120),
    PAYMENT_URL: z.string().max(40, "must be 40 characters or fewer (it goes in SMS)").default("merseyhomes.org/pay"),
    CASE_REVIEW_REPORTS: positiveWhole.default(3),
    CASE_REVIEW_MONTHS: positiveWhole.pipe(z.number().max(24, "must be 24 months or fewer")).default(6),
    // Signs the web chat's Direct Line tokens; a server-side client may also use it as a Direct Line secret.
    DIRECT_LINE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    // The Azure Bot's app registration, for /api/messages; without it anonymous local use, and in production the channels are off.
    MICROSOFT_APP_ID: z.string().uuid("must be the Azure Bot's Microsoft App ID").optional(),
    MICROSOFT_APP_PASSWORD: z.string().min(1, "must be the client secret of the Azure Bot's app registration").optional(),
    MICROSOFT_APP_TENANT_ID: z.string().uuid("must be your Microsoft Entra tenant ID").optional(),
    // Twilio Content templates (HX...), as name=sid pairs: see README "WhatsApp buttons and templates".
    WHATSAPP_CONTENT: z.string().optional(),
    // The first housing system sent our events (README "Connecting your housing system"); more at /api/webhooks.
    BACKOFFICE_WEBHOOK_URL: z.string().url("must be a URL like https://housing.example.org/events").refine((url) => /^https?:\/\//.test(url), "must start with https:// or http://").optional(),
    // Signs the events we send it, and is accepted in place of API_TOKEN on the updates it sends back.
    BACKOFFICE_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    // Texts we start about a case wait through these hours (London time), except for emergencies; "off" sends at once.
    QUIET_HOURS: z
      .string()
      .refine((value) => value.trim().toLowerCase() === "off" || parseQuietHours(value) !== null, 'must be like "21:00-08:00", or off')
      .default("21:00-08:00"),
    // Appointments: the built-in scheduler, or the landlord's own over HTTP (docs/scheduler/README.md).
    SCHEDULER: z.enum(["builtin", "http"], { message: "must be builtin or http" }).default("builtin"),
    SCHEDULER_URL: z
      .string()
      .url("must be a URL like https://scheduler.example.org/api")
      .refine((url) => /^https?:\/\//.test(url), "must start with https:// or http://")
      .optional(),
    SCHEDULER_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    SCHEDULER_TIMEOUT_MS: positiveWhole.pipe(z.number().max(30_000, "must be 30000 or less (a tenant is waiting)")).default(4000),
    // Trades, areas, capacity and hold time: read by both schedulers' callers (src/appointments/settings.ts).
    SCHEDULER_FILE: z.string().min(1, "must be a file path").default("./config/scheduler.json"),
    // How long transcripts are kept (README "Retention"): messages in a conversation with a case, and all others.
    RETENTION_CASE_YEARS: positiveWhole.pipe(z.number().max(50, "must be 50 years or fewer")).default(6),
    RETENTION_OTHER_YEARS: positiveWhole.pipe(z.number().max(50, "must be 50 years or fewer")).default(2),
  })
  .superRefine((env, ctx) => {
    if (env.SCHEDULER !== "http") return;
    for (const name of ["SCHEDULER_URL", "SCHEDULER_TOKEN"] as const) {
      if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required when SCHEDULER is http" });
    }
    // The token would cross the network in the clear.
    if (env.NODE_ENV === "production" && env.SCHEDULER_URL && !env.SCHEDULER_URL.startsWith("https://")) {
      ctx.addIssue({ code: "custom", path: ["SCHEDULER_URL"], message: "must start with https:// in production" });
    }
  })
  .superRefine((env, ctx) => {
    // Unsigned events would be refused. (A secret alone is fine: a housing system may only send updates back.)
    if (env.BACKOFFICE_WEBHOOK_URL && !env.BACKOFFICE_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["BACKOFFICE_WEBHOOK_SECRET"], message: "is required when BACKOFFICE_WEBHOOK_URL is set" });
    }
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    for (const name of ["TWILIO_AUTH_TOKEN", "API_TOKEN", "PUBLIC_URL", "DIRECT_LINE_SECRET"] as const) {
      if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required in production" });
    }
    // Unset means the embedded database in ./data/pglite, which in production would quietly be a fresh, empty one.
    if (!env.DATABASE_URL?.trim()) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "is required in production (postgresql://… or pglite:<folder>)" });
    }
    const development = { TWILIO_AUTH_TOKEN: DEV_TWILIO_AUTH_TOKEN, API_TOKEN: DEV_API_TOKEN, DIRECT_LINE_SECRET: DEV_DIRECT_LINE_SECRET };
    for (const [name, value] of Object.entries(development) as [keyof typeof development, string][]) {
      if (env[name] === value) ctx.addIssue({ code: "custom", path: [name], message: "must not be the development value in production" });
    }
    // Microsoft channels are optional (off without an app id), but half a registration is a mistake, not a choice.
    if (env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_PASSWORD) {
      ctx.addIssue({ code: "custom", path: ["MICROSOFT_APP_PASSWORD"], message: "is required in production when MICROSOFT_APP_ID is set" });
    }
    if (!env.MICROSOFT_APP_ID && (env.MICROSOFT_APP_PASSWORD || env.MICROSOFT_APP_TENANT_ID)) {
      ctx.addIssue({ code: "custom", path: ["MICROSOFT_APP_ID"], message: "is required in production when MICROSOFT_APP_PASSWORD or MICROSOFT_APP_TENANT_ID is set" });
    }
  });

export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  logLevel: string;
  database: DatabaseTarget;
  spoolDir: string;
  publicUrl: string;
  twilioAuthToken: string;
  /** For messages we start (REST API); without an account SID and number they are stored but not sent. */
  twilio: { accountSid?: string; from?: string; apiBaseUrl?: string };
  apiToken: string;
  seedDemoData: boolean;
  /** Which settings fell back to development values, so start-up can say so. */
  developmentFallbacks: string[];
  landlord: {
    name: string;
    phone: string;
    privacyUrl: string;
    officeHours: string;
    paymentUrl: string;
  };
  caseReview: CaseReviewPolicy;
  resumeAfterMinutes: number;
  directLineSecret: string;
  /** For the Agents SDK's own authentication; without an app id, anonymous local use, or in production no Microsoft channels. */
  microsoftApp: { appId?: string; password?: string; tenantId?: string };
  /** Approved Twilio Content templates by name (see src/channels/twilio/content.ts). */
  whatsappContent: Record<string, string>;
  /** BACKOFFICE_WEBHOOK_SECRET, when set: a request signed with it needs no API token. */
  backofficeWebhookSecret?: string;
  /** When texts we start about a case wait (London time); null when QUIET_HOURS is off. */
  quietHours: QuietHours | null;
  /** The first subscriber to our events (BACKOFFICE_WEBHOOK_URL with its secret). */
  backofficeWebhook?: { url: string; secret: string };
  /** Which scheduler books appointments; for http, the options of new HttpScheduler(...). */
  scheduler: SchedulerConfig;
  /** Years a transcript is kept: messages in a conversation that has a case, and the rest. */
  retention: { caseYears: number; otherYears: number };
}

export type SchedulerConfig =
  | { kind: "builtin"; file: string }
  | { kind: "http"; url: string; token: string; timeoutMs: number; file: string };

export class ConfigError extends Error {}

/** "menu3=HX...,late=HX..." into { menu3: "HX...", late: "HX..." }. */
function parseContentSids(value: string | undefined): Record<string, string> {
  const sids: Record<string, string> = {};
  for (const pair of (value ?? "").split(",").map((item) => item.trim()).filter(Boolean)) {
    const [name, sid] = pair.split("=").map((part) => part.trim());
    if (!name || !sid || !/^HX[0-9a-f]{32}$/i.test(sid)) throw new ConfigError(`Bad configuration: WHATSAPP_CONTENT "${pair}" must be name=HX followed by 32 hex digits`);
    sids[name] = sid;
  }
  return sids;
}

export function loadConfig(environment: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`);
    throw new ConfigError(`Bad configuration: ${problems.join("; ")}`);
  }
  const env = parsed.data;
  let database: DatabaseTarget;
  try {
    database = resolveDatabaseUrl(env.DATABASE_URL);
  } catch (error) {
    throw new ConfigError(`Bad configuration: DATABASE_URL ${(error as Error).message}`);
  }
  const developmentFallbacks: string[] = [];
  const fallback = (name: string, value: string | undefined, dev: string) => {
    if (value) return value;
    developmentFallbacks.push(name);
    return dev;
  };
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    database,
    spoolDir: path.resolve(env.SPOOL_DIR),
    publicUrl: fallback("PUBLIC_URL", env.PUBLIC_URL, `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    twilioAuthToken: fallback("TWILIO_AUTH_TOKEN", env.TWILIO_AUTH_TOKEN, DEV_TWILIO_AUTH_TOKEN),
    twilio: { accountSid: env.TWILIO_ACCOUNT_SID, from: env.TWILIO_FROM_NUMBER, apiBaseUrl: env.TWILIO_API_BASE_URL },
    apiToken: fallback("API_TOKEN", env.API_TOKEN, DEV_API_TOKEN),
    seedDemoData: env.SEED_DEMO_DATA ? env.SEED_DEMO_DATA === "true" : env.NODE_ENV !== "production",
    developmentFallbacks,
    landlord: {
      name: env.LANDLORD_NAME,
      phone: env.LANDLORD_PHONE,
      privacyUrl: env.PRIVACY_URL,
      officeHours: env.OFFICE_HOURS,
      paymentUrl: env.PAYMENT_URL,
    },
    caseReview: { reports: env.CASE_REVIEW_REPORTS, months: env.CASE_REVIEW_MONTHS },
    resumeAfterMinutes: env.RESUME_AFTER_MINUTES,
    directLineSecret: fallback("DIRECT_LINE_SECRET", env.DIRECT_LINE_SECRET, DEV_DIRECT_LINE_SECRET),
    microsoftApp: { appId: env.MICROSOFT_APP_ID, password: env.MICROSOFT_APP_PASSWORD, tenantId: env.MICROSOFT_APP_TENANT_ID },
    whatsappContent: parseContentSids(env.WHATSAPP_CONTENT),
    backofficeWebhookSecret: env.BACKOFFICE_WEBHOOK_SECRET,
    quietHours: env.QUIET_HOURS.trim().toLowerCase() === "off" ? null : parseQuietHours(env.QUIET_HOURS),
    backofficeWebhook:
      env.BACKOFFICE_WEBHOOK_URL && env.BACKOFFICE_WEBHOOK_SECRET ? { url: env.BACKOFFICE_WEBHOOK_URL, secret: env.BACKOFFICE_WEBHOOK_SECRET } : undefined,
    scheduler:
      // (The checks above make sure http has its URL and token.)
      env.SCHEDULER === "http" && env.SCHEDULER_URL && env.SCHEDULER_TOKEN
        ? { kind: "http", url: env.SCHEDULER_URL, token: env.SCHEDULER_TOKEN, timeoutMs: env.SCHEDULER_TIMEOUT_MS, file: path.resolve(env.SCHEDULER_FILE) }
        : { kind: "builtin", file: path.resolve(env.SCHEDULER_FILE) },
    retention: { caseYears: env.RETENTION_CASE_YEARS, otherYears: env.RETENTION_OTHER_YEARS },
  };
}

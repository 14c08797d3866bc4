// buildApp: the Fastify instance with its plugins and routes, registered in one readable list.
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import websocket from "@fastify/websocket";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { PrismaClient } from "@prisma/client";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from "fastify";
import { PrismaCaseLookup } from "./cases/cases";
import { newCaseReference, newConfirmationCode } from "./cases/references";
import type { MediaSettings } from "./channels/twilio/media";
import { TwilioRestSender } from "./channels/twilio/rest";
import { renderSms, renderWhatsApp, twilioWebhooks } from "./channels/twilio/webhook";
import type { Config } from "./config";
import type { Channel, EngineEnv } from "./conversation/types";
import type { Database } from "./db/client";
import { consoleRoutes } from "./http/console";
import { escalationRoutes } from "./http/escalations";
import { outboundRoutes } from "./http/outbound";
import { reviewRoutes } from "./http/reviews";
import { measureRoutes } from "./http/measures";
import { measuresConsoleRoutes } from "./http/measuresConsole";
import { requireDocsAccess } from "./http/docsAccess";
import { loggerOptions } from "./logging";
import { OpeningHours } from "./handoff/hours";
import { caseRoutes } from "./http/cases";
import { caseUpdateRoutes } from "./http/caseUpdates";
import { appointmentRoutes } from "./http/appointments";
import { appointmentConsoleRoutes } from "./http/appointmentConsole";
import { healthRoutes } from "./http/health";
import { Inbox } from "./inbox/inbox";
import { ChannelSenders, Outbound, type OutboundSender } from "./inbox/outbound";
import { Spool } from "./inbox/spool";
import { TurnRunner } from "./inbox/turns";
import { isTransientDbError } from "./db/transient";
import { JobQueue, QUEUES } from "./queue/jobs";
import { WebChatPickup } from "./channels/directline/pickup";
import { renderWebChat } from "./channels/directline/activities";
import { directLineRoutes } from "./channels/directline/routes";
import { agentsRoutes, renderMicrosoft } from "./channels/microsoft/agents";
import { webChatPage } from "./webchat/page";
import { Understander } from "./nlu/understand";
import { PrismaRentAccounts } from "./rent/accounts";
import { DEFAULT_REPAIR_POLICY } from "./repairs/priority";
import { PrismaHomeDirectory } from "./tenants/directory";
import { Webhooks } from "./backoffice/webhooks";
import type { DeliveryPolicy } from "./backoffice/policy";
import { webhookRoutes } from "./http/webhooks";
import { webhookConsoleRoutes } from "./http/webhookConsole";
import { eventSchemaRoutes } from "./http/eventSchemas";
import { eventSchemas } from "./backoffice/eventSchemas";
import { SchedulerBook } from "./appointments/book";
import { BuiltInScheduler } from "./appointments/builtIn";
import { Reminders } from "./appointments/reminders";
import { Retention } from "./privacy/retention";
import type { Scheduler } from "./appointments/scheduler";
import { HttpScheduler } from "./appointments/http";
import { loadSchedulerSettings, type SchedulerSettings } from "./appointments/settings";

declare module "fastify" {
  interface FastifyInstance {
    config: Config;
    prisma: PrismaClient;
    inbox: Inbox;
    /** Sends messages we start through the durable job queue. */
    outbound: Outbound;
    jobs: JobQueue;
    /** Sends our domain events to the housing system and other subscribers. */
    webhooks: Webhooks;
    /** Where visits are booked: the built-in scheduler or the landlord's own. */
    scheduler: Scheduler;
    schedulerSettings: SchedulerSettings;
    /** The reminders the day before a visit. */
    reminders: Reminders;
    /** Removes transcripts past the retention period, once a day on the job queue. */
    retention: Retention;
    clock: () => Date;
    /** Sends messages we start (staff replies, notices) on each tenant's own channel. */
    sender: ChannelSenders;
    /** Wakes the web chat's open streams when something is written for them. */
    webChat: WebChatPickup;
    mediaSettings: MediaSettings;
    /** Runs work that outlives a request (fetching media); closing the app waits for it. */
    trackJob(job: Promise<unknown>): void;
    /** Resolves when the work started so far, sends on the queue included, has finished (tests). */
    settleJobs(): Promise<void>;
  }
}

export { loggerOptions }; // server.ts and tests take it from here

const BACKGROUND_GRACE_MS = 4_000;

export interface AppOptions {
  config: Config;
  db: Database;
  /** Injected so tests can fix time and case references. */
  clock?: () => Date;
  newReference?: EngineEnv["newReference"];
  newCode?: EngineEnv["newCode"];
  /** Stand-ins for a channel's sender (the terminal phone shows texts to other numbers instead of sending them). */
  senders?: Partial<Record<Channel, OutboundSender>>;
  logger?: FastifyServerOptions["logger"];
  /** Trained once per process (about 0.2 s); tests share one. */
  understander?: Understander;
  /** Overrides the outbound queue's tries (tests that watch a send give up). */
  queueRetry?: { limit: number; delaySeconds: number };
  /** Overrides how long and how often events are retried (tests that watch a delivery give up). */
  webhookPolicy?: Partial<DeliveryPolicy>;
  /** Overrides the scheduler file (tests with their own capacity). */
  schedulerSettings?: SchedulerSettings;
  /** Overrides the built-in scheduler (the landlord's own, over HTTP). */
  scheduler?: Scheduler;
}

/** Twilio's REST API for SMS and WhatsApp when an account is configured; the web chat picks its messages up. */
function channelSenders(config: Config, webChat: WebChatPickup): ChannelSenders {
  const senders = new ChannelSenders({ webchat: webChat });
  const { twilio } = config;
  if (!twilio.accountSid || !twilio.from) return senders;
  const rest = new TwilioRestSender({
    accountSid: twilio.accountSid,
    authToken: config.twilioAuthToken,
    from: twilio.from,
    publicUrl: config.publicUrl,
    apiBaseUrl: twilio.apiBaseUrl,
  });
  senders.register("sms", rest);
  senders.register("whatsapp", rest);
  return senders;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, db } = options;
  const app = Fastify({ logger: options.logger ?? loggerOptions(config.logLevel), trustProxy: false });

  app.decorate("config", config);
  app.decorate("prisma", db.prisma);
  const clock = options.clock ?? (() => new Date());
  const webChat = new WebChatPickup();
  app.decorate("webChat", webChat);
  const sender = channelSenders(config, webChat);
  for (const [channel, standIn] of Object.entries(options.senders ?? {})) sender.register(channel as Channel, standIn);
  app.decorate("clock", clock);
  app.decorate("sender", sender);
  app.decorate("mediaSettings", {
    accountSid: config.twilio.accountSid,
    authToken: config.twilioAuthToken,
    apiBaseUrl: config.twilio.apiBaseUrl ?? "https://api.twilio.com",
  });
  const background = new Set<Promise<unknown>>();
  app.decorate("trackJob", (job: Promise<unknown>) => {
    const tracked = job.catch((error: unknown) => app.log.error({ err: error, event: "job.failed" }, "background work failed"));
    background.add(tracked);
    void tracked.finally(() => background.delete(tracked));
  });
  app.decorate("settleJobs", async () => {
    await Promise.all([...background]);
    await app.jobs.idle(QUEUES.outbound.name);
  });
  app.addHook("onClose", async () => {
    // Bounded: work waiting on a database that has gone (a deferred reply) is picked up by recovery after a restart.
    await Promise.race([Promise.all([...background]), new Promise((resolve) => setTimeout(resolve, BACKGROUND_GRACE_MS).unref())]);
  });
  const jobs = new JobQueue({ target: db.target, pglite: db.pglite, log: app.log, retry: options.queueRetry });
  await jobs.start();
  const outbound = new Outbound({ prisma: db.prisma, sender, jobs, log: app.log });
  await outbound.startWorkers();
  const webhooks = new Webhooks({
    prisma: db.prisma,
    jobs,
    log: app.log,
    source: config.publicUrl,
    environment: config.backofficeWebhook,
    policy: options.webhookPolicy,
  });
  // Relaying and sending start once every plugin has loaded, so a slow start is not slowed further.
  app.addHook("onReady", () => webhooks.start());
  app.decorate("jobs", jobs);
  app.decorate("outbound", outbound);
  app.decorate("webhooks", webhooks);
  app.addHook("onClose", async () => {
    webhooks.stop();
    await webhooks.relayed();
    await jobs.stop();
  });
  const schedulerSettings = options.schedulerSettings ?? loadSchedulerSettings(config.scheduler.file);
  const scheduler =
    options.scheduler ??
    (config.scheduler.kind === "http" ? new HttpScheduler(config.scheduler) : new BuiltInScheduler(db.prisma, schedulerSettings, clock));
  const reminders = new Reminders({ prisma: db.prisma, jobs, outbound, clock, landlord: config.landlord, quietHours: config.quietHours, log: app.log });
  await reminders.start();
  app.decorate("scheduler", scheduler);
  app.decorate("schedulerSettings", schedulerSettings);
  app.decorate("reminders", reminders);
  app.addHook("onClose", async () => reminders.stop());
  const retention = new Retention({ prisma: db.prisma, jobs, clock, policy: config.retention, log: app.log });
  await retention.start();
  app.decorate("retention", retention);
  app.addHook("onClose", async () => retention.stop());
  const understander = options.understander ?? new Understander();
  const turns = new TurnRunner({
    prisma: db.prisma,
    clock,
    newReference: options.newReference ?? newCaseReference,
    newCode: options.newCode ?? newConfirmationCode,
    homes: new PrismaHomeDirectory(db.prisma),
    cases: new PrismaCaseLookup(db.prisma),
    accounts: new PrismaRentAccounts(db.prisma),
    appointments: new SchedulerBook(db.prisma, scheduler, schedulerSettings, clock),
    schedulerSettings,
    landlord: config.landlord,
    repairPolicy: DEFAULT_REPAIR_POLICY,
    caseReview: config.caseReview,
    hours: new OpeningHours(config.landlord.officeHours),
    resumeAfterMinutes: config.resumeAfterMinutes,
    understander,
    renderers: { sms: renderSms, whatsapp: renderWhatsApp, webchat: renderWebChat, microsoft: renderMicrosoft },
    queueSends: (messageIds) => outbound.queue(messageIds),
    eventsRecorded: () => webhooks.nudge(),
    log: app.log,
  });
  app.decorate(
    "inbox",
    new Inbox({
      prisma: db.prisma,
      turns,
      outbound,
      spool: new Spool(config.spoolDir),
      understander,
      landlord: config.landlord,
      log: app.log,
      track: (work) => app.trackJob(work),
    }),
  );

  await app.register(helmet);
  await app.register(rateLimit, { max: 600, timeWindow: "1 minute" });
  await app.register(formbody);
  // The web chat's Direct Line stream; clients only ever send pings on it.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: "Tenant front door API", version: "0.1.0", description: "Cases for staff and the back office; Twilio webhooks." },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", description: "API_TOKEN; staff routes also need X-Acting-As: a staff email" },
          staffSession: { type: "apiKey", in: "cookie", name: "staff_session", description: "The console's session; unsafe methods need X-CSRF-Token" },
          backofficeSignature: {
            type: "apiKey",
            in: "header",
            name: "X-Signature",
            description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> with BACKOFFICE_WEBHOOK_SECRET, at most 5 minutes old',
          },
        },
        // The events POSTed to subscribers (README "Events we send"); also at /docs/events/<type>.schema.json.
        schemas: Object.fromEntries(
          Object.entries(eventSchemas()).map(([type, { $schema: _draft, ...schema }]) => [`CloudEvent.${type}`, schema]),
        ),
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs", staticCSP: true, uiHooks: { onRequest: requireDocsAccess } });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      return reply.code(400).send({ error: "bad_request", message: error.message });
    }
    if (isTransientDbError(error)) {
      request.log.warn({ err: error, event: "request.db_unavailable" }, "database busy or away");
      return reply.code(503).header("Retry-After", "5").send({ error: "unavailable", message: "The service is busy; try again in a few seconds" });
    }
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, "request failed");
    if (status >= 500) return reply.code(500).send({ error: "internal_error", message: "Something went wrong on our side" });
    return reply.code(status).send({ error: "request_error", message: error.message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: "not_found", message: `No route ${request.method} ${request.url.split("?")[0]}` }),
  );

  await app.register(healthRoutes);
  await app.register(twilioWebhooks);
  await app.register(caseRoutes);
  await app.register(caseUpdateRoutes);
  await app.register(escalationRoutes);
  await app.register(outboundRoutes);
  await app.register(webhookRoutes);
  await app.register(webhookConsoleRoutes);
  await app.register(eventSchemaRoutes);
  await app.register(reviewRoutes);
  await app.register(appointmentRoutes);
  await app.register(appointmentConsoleRoutes);
  await app.register(measureRoutes);
  await app.register(consoleRoutes);
  await app.register(measuresConsoleRoutes);
  await app.register(directLineRoutes);
  await app.register(agentsRoutes);
  await app.register(webChatPage);
  return app;
}

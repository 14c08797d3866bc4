// Subscribers to our events and their dead letters: `/api/webhooks` for the back office (Bearer API_TOKEN) and for a
// supervisor in the console (session and CSRF token). A subscriber's secret goes in and is never sent back out.
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { PUBLISHED_TYPES } from "../backoffice/events";
import { addSubscriber, changeSubscriber, listSubscribers, removeSubscriber, subscriberView } from "../backoffice/subscribers";
import { DELIVERY_STATUS } from "../backoffice/delivery";
import { audit } from "../staff/audit";
import { sameSecret } from "./auth";
import { sessionStaff } from "./staffAuth";

const ErrorView = Type.Object({ error: Type.String(), message: Type.String() });
const EventType = Type.Union(PUBLISHED_TYPES.map((type) => Type.Literal(type)));
const EventTypes = Type.Array(EventType, { minItems: 1, uniqueItems: true, description: "Only these types; leave out for every type we send" });
const Url = Type.String({ format: "uri", maxLength: 2000, examples: ["https://housing.example.org/events"] });
const Secret = Type.String({ minLength: 16, maxLength: 200, description: "The HMAC key for X-Signature; never returned" });

const SubscriberView = Type.Object({
  id: Type.String(),
  url: Type.String(),
  eventTypes: Type.Union([Type.Array(Type.String()), Type.Null()], { description: "null: every type we send" }),
  active: Type.Boolean({ description: "false: sent nothing new; what was waiting goes when it is switched back on" }),
  managedBy: Type.Union([Type.Literal("environment"), Type.Literal("api")], { description: "environment: BACKOFFICE_WEBHOOK_URL, changed only there" }),
  failures: Type.Integer({ description: "Tries in a row that failed" }),
  pausedUntil: Type.Union([Type.String({ format: "date-time" }), Type.Null()], { description: "After a failed try its deliveries wait until then" }),
  createdAt: Type.String({ format: "date-time" }),
});
const NewSubscriber = Type.Object({ url: Url, secret: Secret, eventTypes: Type.Optional(EventTypes) }, { additionalProperties: false });
const SubscriberChange = Type.Object(
  {
    url: Type.Optional(Url),
    secret: Type.Optional(Secret),
    eventTypes: Type.Optional(Type.Union([EventTypes, Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const Params = Type.Object({ id: Type.String({ format: "uuid" }) });
const DeliveryView = Type.Object({
  id: Type.String(),
  eventId: Type.String({ description: "The CloudEvent id" }),
  type: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()], { description: "The case reference" }),
  subscriberId: Type.String(),
  url: Type.String(),
  status: Type.String({ examples: ["pending", "delivered", "dead"] }),
  attempts: Type.Integer(),
  lastStatus: Type.Union([Type.Integer(), Type.Null()], { description: "The HTTP status of the last answer" }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: "date-time" }),
  giveUpAt: Type.String({ format: "date-time" }),
});
const DeliveryQuery = Type.Object({
  status: Type.Optional(Type.Union(Object.values(DELIVERY_STATUS).map((status) => Type.Literal(status)))),
  subscriberId: Type.Optional(Type.String({ format: "uuid" })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

const tags = ["webhooks"];
const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { staffSession: [] }];
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

declare module "fastify" {
  interface FastifyRequest {
    /** Who changed a subscriber, for the audit log. */
    webhookActor?: string;
  }
}

/** The back office with the API token, or a supervisor logged in to the console (unsafe methods need its CSRF token). */
async function requireTokenOrSupervisor(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const header = request.headers.authorization ?? "";
  if (header.startsWith("Bearer ")) {
    if (sameSecret(header.slice(7), request.server.config.apiToken)) {
      request.webhookActor = "api:token";
      return;
    }
    return reply.code(401).header("WWW-Authenticate", "Bearer").send({ error: "unauthorized", message: "Send Authorization: Bearer <API_TOKEN>" });
  }
  const staff = await sessionStaff(request);
  if (!staff) return reply.code(401).header("WWW-Authenticate", "Bearer").send({ error: "unauthorized", message: "Send Authorization: Bearer <API_TOKEN>, or log in to the console" });
  if (staff.role !== "supervisor") return reply.code(403).send({ error: "forbidden", message: "Only a supervisor can manage webhooks" });
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers["x-csrf-token"];
    if (typeof sent !== "string" || !request.csrfToken || !sameSecret(sent, request.csrfToken)) {
      return reply.code(403).send({ error: "forbidden", message: "Missing or wrong CSRF token" });
    }
  }
  request.webhookActor = staff.id;
}

/** Only http(s), with no user name or password in it (the URL is shown back, a secret must not be). */
function badUrl(url: string | undefined, production: boolean): string | null {
  if (url === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "url must be a full address like https://housing.example.org/events";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "url must start with https://";
  if (production && parsed.protocol !== "https:") return "url must start with https:// (events carry tenants' details)";
  if (parsed.username || parsed.password) return "url must not hold a user name or password: the secret signs every event instead";
  return null;
}

export async function webhookRoutes(app: FastifyInstance): Promise<void> {
  app.addHook("onRequest", requireTokenOrSupervisor);
  const production = app.config.env === "production";
  const notFound = (reply: FastifyReply) => reply.code(404).send({ error: "not_found", message: "No subscriber with that id" });
  const environmentOwned = (reply: FastifyReply) =>
    reply.code(409).send({ error: "conflict", message: "This subscriber is BACKOFFICE_WEBHOOK_URL: change or remove it in the environment" });

  app.get(
    "/api/webhooks",
    { schema: { tags, security, summary: "Subscribers to our events (never their secrets)", response: { 200: Type.Object({ subscribers: Type.Array(SubscriberView) }), 401: ErrorView } } },
    async () => ({ subscribers: (await listSubscribers(app.prisma)).map(subscriberView) }),
  );

  app.post<{ Body: Static<typeof NewSubscriber> }>(
    "/api/webhooks",
    {
      schema: {
        tags,
        security,
        summary: "Add a subscriber: every event recorded from now on is POSTed to its url as a signed CloudEvent",
        body: NewSubscriber,
        response: { 201: SubscriberView, 400: ErrorView, 401: ErrorView },
      },
    },
    async (request, reply) => {
      const problem = badUrl(request.body.url, production);
      if (problem) return reply.code(400).send({ error: "bad_request", message: problem });
      const created = await addSubscriber(app.prisma, request.body);
      await audit(app.prisma, { actor: request.webhookActor!, action: "webhook_add", subject: created.id, detail: { url: created.url } });
      return reply.code(201).send(subscriberView(created));
    },
  );

  app.patch<{ Params: Static<typeof Params>; Body: Static<typeof SubscriberChange> }>(
    "/api/webhooks/:id",
    {
      schema: {
        tags,
        security,
        summary: "Change a subscriber's url, secret, event types, or switch it off and on",
        params: Params,
        body: SubscriberChange,
        response: { 200: SubscriberView, 400: ErrorView, 401: ErrorView, 404: ErrorView, 409: ErrorView },
      },
    },
    async (request, reply) => {
      const change = request.body;
      if (Object.values(change).every((value) => value === undefined)) {
        return reply.code(400).send({ error: "bad_request", message: "Send at least one of url, secret, eventTypes, active" });
      }
      const problem = badUrl(change.url, production);
      if (problem) return reply.code(400).send({ error: "bad_request", message: problem });
      const existing = await app.prisma.webhookSubscriber.findUnique({ where: { id: request.params.id } });
      if (!existing) return notFound(reply);
      if (existing.fromEnvironment && (change.url || change.secret)) return environmentOwned(reply);
      const changed = await changeSubscriber(app.prisma, existing.id, change);
      await audit(app.prisma, {
        actor: request.webhookActor!,
        action: "webhook_change",
        subject: existing.id,
        detail: { fields: Object.keys(change).filter((key) => change[key as keyof typeof change] !== undefined) },
      });
      if (changed.active && (change.active || change.url)) await app.webhooks.wake(changed.id);
      return subscriberView(changed);
    },
  );

  app.delete<{ Params: Static<typeof Params> }>(
    "/api/webhooks/:id",
    {
      schema: {
        tags,
        security,
        summary: "Remove a subscriber with its deliveries",
        params: Params,
        response: { 204: Type.Null(), 401: ErrorView, 404: ErrorView, 409: ErrorView },
      },
    },
    async (request, reply) => {
      const existing = await app.prisma.webhookSubscriber.findUnique({ where: { id: request.params.id } });
      if (!existing) return notFound(reply);
      if (existing.fromEnvironment) return environmentOwned(reply);
      await removeSubscriber(app.prisma, existing.id);
      await audit(app.prisma, { actor: request.webhookActor!, action: "webhook_remove", subject: existing.id, detail: { url: existing.url } });
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: Static<typeof DeliveryQuery> }>(
    "/api/webhooks/deliveries",
    {
      schema: {
        tags,
        security,
        summary: "Deliveries, newest first: status=dead for the dead letters (every try in the retry window failed)",
        querystring: DeliveryQuery,
        response: { 200: Type.Object({ deliveries: Type.Array(DeliveryView) }), 401: ErrorView },
      },
    },
    async (request) => ({ deliveries: await app.webhooks.deliveries(request.query) }),
  );

  app.post<{ Params: Static<typeof Params> }>(
    "/api/webhooks/deliveries/:id/resend",
    {
      schema: {
        tags,
        security,
        summary: "Send a dead letter again, with a fresh retry window",
        params: Params,
        response: { 200: Type.Object({ ok: Type.Boolean(), status: Type.String() }), 401: ErrorView, 404: ErrorView },
      },
    },
    async (request, reply) => {
      if (!(await app.webhooks.resend(request.params.id))) {
        return reply.code(404).send({ error: "not_found", message: "No dead delivery with that id" });
      }
      await audit(app.prisma, { actor: request.webhookActor!, action: "resend", subject: request.params.id, detail: { kind: "webhook" } });
      return { ok: true, status: DELIVERY_STATUS.pending };
    },
  );
}

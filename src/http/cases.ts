// The case API for staff and the back office: list cases by phone, type and status; fetch one by reference.
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { findCase, listCases, type CaseRecord } from "../cases/cases";
import { updateViewOf } from "../cases/updateViews";
import { UpdateView } from "./caseUpdates";
import { normalisePhone } from "../tenants/phone";
import { requireApiToken } from "./auth";

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const CaseView = Type.Object({
  reference: Type.String({ examples: ["R7KQ2MX"] }),
  type: Type.String({ examples: ["repair", "safeguarding", "asb", "complaint", "payment", "request"] }),
  status: Type.String({ examples: ["open"] }),
  priority: Type.String({
    examples: ["emergency", "urgent", "routine", "high"],
    description: "Repairs: emergency, urgent or routine. Noise and nuisance: the risk, high, medium or standard",
  }),
  category: Type.String({ examples: ["leak"] }),
  hazard: Nullable(Type.String()),
  location: Nullable(Type.String()),
  description: Type.String(),
  vulnerable: Type.Union([Type.Boolean(), Type.Null()]),
  access: Nullable(Type.String()),
  phone: Type.String({ examples: ["+447700900123"] }),
  verified: Type.Boolean({ description: "False when the texter could not be matched to a tenancy: staff should check" }),
  tenancyRef: Nullable(Type.String()),
  tenantName: Nullable(Type.String()),
  address: Nullable(Type.String()),
  reportedAt: Type.String({ format: "date-time" }),
  dueAt: Type.String({ format: "date-time" }),
  details: Type.Record(Type.String(), Type.Unknown()),
  deadlines: Type.Array(Type.Object({ kind: Type.String(), dueAt: Type.String({ format: "date-time" }), rule: Type.String() })),
  notes: Type.Array(
    Type.Object({
      author: Type.String(),
      kind: Type.String({ description: "note, or incident: another incident on a noise or nuisance case" }),
      body: Type.String(),
      createdAt: Type.String({ format: "date-time" }),
    }),
  ),
  updates: Type.Array(UpdateView, { description: "What the housing system has told us, oldest first (POST /api/cases/{reference}/updates)" }),
  satisfaction: Type.Union([Type.Object({ score: Type.Integer({ minimum: 1, maximum: 5 }), at: Type.String({ format: "date-time" }) }), Type.Null()], {
    description: "The tenant's answer to how happy they are with the repair, 1 (very unhappy) to 5 (very happy)",
  }),
});
type CaseView = Static<typeof CaseView>;

const ErrorView = Type.Object({ error: Type.String(), message: Type.String() });

const ListQuery = Type.Object({
  phone: Type.Optional(Type.String({ minLength: 3, description: "Any UK format; matched as E.164" })),
  type: Type.Optional(
    Type.Union(["repair", "safeguarding", "asb", "complaint", "payment", "request"].map((type) => Type.Literal(type))),
  ),
  status: Type.Optional(Type.String({ minLength: 1 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

async function toView(app: FastifyInstance, record: CaseRecord): Promise<CaseView> {
  const home = record.home;
  return {
    reference: record.reference,
    type: record.type,
    status: record.status,
    priority: record.priority,
    category: record.category,
    hazard: record.hazard,
    location: record.location,
    description: record.description,
    vulnerable: record.vulnerable,
    access: record.access,
    phone: record.phone,
    verified: record.verified,
    tenancyRef: record.tenant?.tenancyRef ?? null,
    tenantName: record.tenant ? `${record.tenant.firstName} ${record.tenant.lastName}` : null,
    address: home ? `${home.houseNumber} ${home.street}, ${home.town} ${home.postcode}` : null,
    reportedAt: record.reportedAt.toISOString(),
    dueAt: record.dueAt.toISOString(),
    details: (record.details ?? {}) as Record<string, unknown>,
    deadlines: record.deadlines.map((deadline) => ({ ...deadline, dueAt: deadline.dueAt.toISOString() })),
    notes: record.notes.map((note) => ({ ...note, createdAt: note.createdAt.toISOString() })),
    updates: await Promise.all(record.updates.map((update) => updateViewOf(app.prisma, update))),
    satisfaction: record.satisfaction ? { score: record.satisfaction.score, at: record.satisfaction.at.toISOString() } : null,
  };
}

export async function caseRoutes(app: FastifyInstance): Promise<void> {
  app.addHook("onRequest", requireApiToken(app.config.apiToken));

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    "/api/cases",
    {
      schema: {
        summary: "List cases, newest first",
        tags: ["cases"],
        security: [{ bearer: [] }],
        querystring: ListQuery,
        response: { 200: Type.Object({ cases: Type.Array(CaseView) }), 401: ErrorView },
      },
    },
    async (request) => {
      const { phone, type, status, limit } = request.query;
      const records = await listCases(app.prisma, { phone: phone ? normalisePhone(phone) : undefined, type, status, limit });
      return { cases: await Promise.all(records.map((record) => toView(app, record))) };
    },
  );

  app.get<{ Params: { reference: string } }>(
    "/api/cases/:reference",
    {
      schema: {
        summary: "One case by its reference",
        tags: ["cases"],
        security: [{ bearer: [] }],
        params: Type.Object({ reference: Type.String({ pattern: "^[A-Za-z0-9]{2,20}$" }) }),
        response: { 200: CaseView, 401: ErrorView, 404: ErrorView },
      },
    },
    async (request, reply) => {
      const record = await findCase(app.prisma, request.params.reference.toUpperCase());
      if (!record) {
        return reply.code(404).send({ error: "not_found", message: `No case with reference ${request.params.reference}` });
      }
      return toView(app, record);
    },
  );
}

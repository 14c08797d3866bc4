// GET /api/measures: the landlord's measures as JSON for BI tools (the API token) and the console's page (a
// supervisor's session); GET /api/measures/{id}/csv: one measure as a CSV download. Aggregates only.
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DateTime } from "luxon";
import { CHANNELS, computeMeasure, computeMeasures, findMeasure, JOURNEYS, MeasureError, MEASURES, measureCsv, type Interval, type MeasureQuery } from "../measures";
import { sameSecret } from "./auth";
import { explain } from "./reviews";
import { sessionStaff } from "./staffAuth";

/** A string from a list, as an enum, so a wrong one is told the choices (see explain). */
const OneOf = <T extends string>(values: readonly string[], description: string) => Type.Unsafe<T>({ type: "string", enum: [...values], description });
const ErrorView = Type.Object({ error: Type.String(), message: Type.String() });
const Day = (description: string) => Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description, examples: ["2026-01-01"] });
const Query = Type.Object(
  {
    from: Type.Optional(Day("First day, inclusive (London); default the first of the month 11 months ago")),
    to: Type.Optional(Day("Last day, inclusive (London); default today")),
    interval: Type.Optional(OneOf<Interval>(["week", "month"], "London weeks from Monday, or months; default month")),
    channel: Type.Optional(OneOf<string>(CHANNELS, "Only contacts and cases on this channel")),
    journey: Type.Optional(OneOf<string>(JOURNEYS, "Only this kind of case or journey (measures that can tell)")),
    measure: Type.Optional(Type.String({ description: "Comma-separated measure ids; default every measure", examples: ["containment,repairs_in_target"] })),
  },
);
type Query = Static<typeof Query>;
const Params = Type.Object({ id: OneOf<string>(MEASURES.map((measure) => measure.id), "The measure's id") });
const Nullable = Type.Union([Type.Number(), Type.Null()]);
const MeasureView = Type.Object({
  id: Type.String({ examples: ["containment"] }),
  name: Type.String(),
  definition: Type.String(),
  source: Type.String({ description: "The records it is computed from" }),
  kind: Type.Union([Type.Literal("count"), Type.Literal("percent"), Type.Literal("per1000homes"), Type.Literal("median_minutes")]),
  unit: Type.String({ examples: ["percent"] }),
  periods: Type.Array(Type.String(), { description: "The first day of each week or month" }),
  series: Type.Array(Type.String()),
  points: Type.Array(
    Type.Object({
      period: Type.String(),
      series: Type.String(),
      value: Nullable,
      numerator: Nullable,
      denominator: Nullable,
      suppressed: Type.Boolean({ description: "A count of 1 to 4 that could point to a tenant: the figures are withheld" }),
    }),
  ),
  filtersIgnored: Type.Array(Type.String(), { description: "Filters asked for that this measure cannot apply" }),
});
const MeasuresView = Type.Object({
  from: Type.String(),
  to: Type.String(),
  interval: Type.String(),
  channel: Type.Union([Type.String(), Type.Null()]),
  journey: Type.Union([Type.String(), Type.Null()]),
  measures: Type.Array(MeasureView),
});

const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { staffSession: [] }];
const tags = ["measures"];

/** The API token (a BI tool) or a supervisor's console session; aggregates need no X-Acting-As. */
async function requireMeasuresAccess(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const header = request.headers.authorization ?? "";
  if (header.startsWith("Bearer ")) {
    if (sameSecret(header.slice(7), request.server.config.apiToken)) return;
    return reply.code(401).header("WWW-Authenticate", "Bearer").send({ error: "unauthorized", message: "Send Authorization: Bearer <API_TOKEN>" });
  }
  const staff = await sessionStaff(request);
  if (!staff) return reply.code(401).send({ error: "unauthorized", message: "Log in to the staff console first, or send Authorization: Bearer <API_TOKEN>" });
  if (staff.role !== "supervisor") return reply.code(403).send({ error: "forbidden", message: "Only a supervisor can see the measures" });
}

/** The query with its defaults: the last 12 months by month, to today in London. */
export function measureQuery(query: Query, now: Date): MeasureQuery {
  const today = DateTime.fromJSDate(now, { zone: "Europe/London" });
  return {
    from: query.from ?? today.startOf("month").minus({ months: 11 }).toISODate()!,
    to: query.to ?? today.toISODate()!,
    interval: query.interval ?? "month",
    channel: query.channel,
    journey: query.journey,
  };
}

function badRequest(reply: FastifyReply, error: unknown) {
  if (error instanceof MeasureError) return reply.code(400).send({ error: "bad_request", message: error.message });
  throw error;
}

export async function measureRoutes(app: FastifyInstance): Promise<void> {
  app.addHook("preHandler", requireMeasuresAccess);

  app.get<{ Querystring: Query }>(
    "/api/measures",
    {
      attachValidation: true,
      schema: {
        tags,
        security,
        summary: "The landlord's measures over a date range, by week or month: counts and rates only, counts of 1 to 4 withheld",
        querystring: Query,
        response: { 200: MeasuresView, 400: ErrorView, 401: ErrorView, 403: ErrorView },
      },
    },
    async (request, reply) => {
      if (request.validationError) return reply.code(400).send({ error: "bad_request", message: explain(request.validationError as FastifyError) });
      const query = measureQuery(request.query, app.clock());
      const ids = request.query.measure?.split(",").map((id) => id.trim()).filter(Boolean);
      try {
        const measures = await computeMeasures(app.prisma, query, app.clock(), ids);
        return { from: query.from, to: query.to, interval: query.interval, channel: query.channel ?? null, journey: query.journey ?? null, measures };
      } catch (error) {
        return badRequest(reply, error);
      }
    },
  );

  app.get<{ Params: Static<typeof Params>; Querystring: Query }>(
    "/api/measures/:id/csv",
    {
      attachValidation: true,
      schema: {
        tags,
        security,
        summary: "One measure as CSV: measure, period, series, value, unit, numerator, denominator, suppressed",
        params: Params,
        querystring: Query,
        produces: ["text/csv"],
        response: { 200: Type.String({ description: "CSV, a header row then a row per period and series" }), 400: ErrorView, 401: ErrorView, 403: ErrorView },
      },
    },
    async (request, reply) => {
      if (request.validationError) return reply.code(400).send({ error: "bad_request", message: explain(request.validationError as FastifyError) });
      const query = measureQuery(request.query, app.clock());
      try {
        const result = await computeMeasure(app.prisma, findMeasure(request.params.id)!, query, app.clock());
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="${result.id}-${query.from}-to-${query.to}-${query.interval}.csv"`)
          .send(measureCsv(result));
      } catch (error) {
        return badRequest(reply, error);
      }
    },
  );
}

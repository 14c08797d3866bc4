// The staff API for visits: the booked visits of the coming days, one case's visits and its free times, booking,
// moving and cancelling a visit, and the built-in scheduler's capacity
// (supervisors). The console's Visits page uses it through the same functions; a tool with the API token acting for
// a member of staff.
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import { capacityTable, setCapacity } from "../appointments/capacity";
import { ANY_AREA } from "../appointments/settings";
import { StaffVisits, VisitError } from "../appointments/staffChanges";
import { caseVisits, defaultSpan, listVisits } from "../appointments/visits";
import { audit } from "../staff/audit";
import { requireStaff } from "./staffAuth";

const ErrorView = Type.Object({ error: Type.String(), message: Type.String() });
const Day = Type.String({ format: "date", description: "YYYY-MM-DD" });
const TimeOfDay = Type.String({ pattern: "^(AM|PM|[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9])$", description: "AM, PM or HH:MM-HH:MM" });
const Reference = Type.Object({ reference: Type.String({ pattern: "^[A-Za-z0-9]{2,20}$" }) });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const VisitView = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  category: Type.String(),
  priority: Type.String(),
  date: Type.String(),
  timeOfDay: Type.String(),
  window: Type.String({ examples: ["Tue 8 Dec, 8am to 12"] }),
  status: Type.String({ description: "booked | moved | cancelled | missed | attended" }),
  bookedBy: Type.String({ description: "tenant (in the conversation) | staff | backoffice (the housing system)" }),
  endedBy: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  reminder: Type.Object({ due: Nullable(Type.String()), sentAt: Nullable(Type.String()), status: Nullable(Type.String({ description: "sent | opted_out | no_channel | outside_whatsapp_window" })) }),
  tenantName: Nullable(Type.String()),
  address: Nullable(Type.String()),
  replacesId: Nullable(Type.String()),
  bookedAt: Type.String({ format: "date-time" }),
});
const FreeSlot = Type.Object({ slotId: Type.String(), date: Type.String(), timeOfDay: Type.String(), window: Type.String() });
const Changed = Type.Object({
  visit: VisitView,
  tenantTold: Type.String({ description: "sent, or why the tenant was not texted: opted_out | no_channel | outside_whatsapp_window" }),
});
const ListQuery = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  status: Type.Union([Type.Literal("booked"), Type.Literal("all")], { default: "booked" }),
  reference: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9]{1,20}$" })),
});
const SlotsQuery = Type.Object({ after: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}\\.(AM|PM|[0-9:-]{11})$", description: "the last slot shown, date.timeOfDay: the next page" })) });
const BookBody = Type.Object({ date: Day, timeOfDay: TimeOfDay, slotId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false });
const CancelBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 300, pattern: "\\S" }) }, { additionalProperties: false });
const CapacityRow = Type.Object({
  trade: Type.String(),
  area: Type.String({ description: `An area of the scheduler file, or "${ANY_AREA}" for anywhere else` }),
  timeOfDay: Type.Union([Type.Literal("AM"), Type.Literal("PM")]),
  capacity: Type.Integer({ minimum: 0, maximum: 500 }),
});
const CapacityView = Type.Object({
  rows: Type.Array(Type.Intersect([CapacityRow, Type.Object({
        inherited: Type.Boolean({ description: "The area has no figure of its own and follows the one for anywhere else" }),
        changedBy: Type.Optional(Type.String()),
        changedAt: Type.Optional(Type.String()),
      })])),
});

const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { staffSession: [] }];
const tags = ["appointments"];

function fail(reply: FastifyReply, error: unknown) {
  if (error instanceof VisitError) return reply.code(error.statusCode).send({ error: error.code, message: error.message });
  throw error;
}

export function staffVisits(app: FastifyInstance): StaffVisits {
  return new StaffVisits({
    prisma: app.prisma,
    scheduler: app.scheduler,
    settings: app.schedulerSettings,
    clock: app.clock,
    landlord: app.config.landlord,
    outbound: app.outbound,
    quietHours: app.config.quietHours,
  });
}

/** Why a capacity change cannot be made, or null: the trade and area must be the scheduler file's, and the scheduler ours. */
export function capacityProblem(app: FastifyInstance, row: { trade: string; area: string }): string | null {
  if (app.scheduler.kind !== "builtin") return "Capacity is kept in your own scheduler (SCHEDULER=http): change it there";
  if (!app.schedulerSettings.capacity[row.trade]) return `trade must be one of: ${Object.keys(app.schedulerSettings.capacity).join(", ")}`;
  if (row.area !== ANY_AREA && !app.schedulerSettings.areas[row.area]) return `area must be one of: ${[ANY_AREA, ...Object.keys(app.schedulerSettings.areas)].join(", ")}`;
  return null;
}

export async function appointmentRoutes(app: FastifyInstance): Promise<void> {
  app.addHook("preHandler", requireStaff);
  const visits = staffVisits(app);

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    "/api/appointments",
    {
      schema: {
        tags,
        security,
        summary: "Visits by day (today and the next 13 days unless from and to say otherwise), booked ones or all, in date and time order",
        querystring: ListQuery,
        response: { 200: Type.Object({ from: Type.String(), to: Type.String(), visits: Type.Array(VisitView) }), 400: ErrorView },
      },
    },
    async (request, reply) => {
      const span = defaultSpan(app.clock());
      const from = request.query.from ?? span.from;
      const to = request.query.to ?? (request.query.from ? from : span.to);
      if (to < from) return reply.code(400).send({ error: "bad_request", message: "to must be on or after from" });
      const found = await listVisits(app.prisma, { from, to, status: request.query.status, reference: request.query.reference });
      await audit(app.prisma, { actor: request.actor!.label, action: "view", detail: { visits: { from, to }, count: found.length } });
      return { from, to, visits: found };
    },
  );

  app.get<{ Params: Static<typeof Reference> }>(
    "/api/cases/:reference/appointments",
    {
      schema: { tags, security, summary: "Every visit a case has had, newest first", params: Reference, response: { 200: Type.Object({ visits: Type.Array(VisitView) }), 404: ErrorView } },
    },
    async (request, reply) => {
      const reference = request.params.reference.toUpperCase();
      const found = await caseVisits(app.prisma, reference);
      if (!found) return reply.code(404).send({ error: "not_found", message: `No case with reference ${reference}` });
      await audit(app.prisma, { actor: request.actor!.label, action: "view", subject: reference, detail: { visits: found.length } });
      return { visits: found };
    },
  );

  app.get<{ Params: Static<typeof Reference>; Querystring: Static<typeof SlotsQuery> }>(
    "/api/cases/:reference/slots",
    {
      schema: {
        tags,
        security,
        summary: "Free times for a repair's visit, any half day, up to its deadline (or ten working days away if later); `after` pages on",
        params: Reference,
        querystring: SlotsQuery,
        response: {
          200: Type.Object({ reference: Type.String(), trade: Type.String(), area: Type.String(), until: Type.String(), slots: Type.Array(FreeSlot), more: Type.Boolean() }),
          404: ErrorView,
          409: ErrorView,
          503: ErrorView,
        },
      },
    },
    async (request, reply) => {
      const after = request.query.after ? { date: request.query.after.slice(0, 10), timeOfDay: request.query.after.slice(11) } : undefined;
      try {
        return await visits.freeTimes(request.params.reference.toUpperCase(), after);
      } catch (error) {
        return fail(reply, error);
      }
    },
  );

  app.post<{ Params: Static<typeof Reference>; Body: Static<typeof BookBody> }>(
    "/api/cases/:reference/appointments",
    {
      schema: {
        tags,
        security,
        summary: "Book a free time for a repair's visit (one from /slots); a visit already booked is moved to it. The tenant is texted.",
        params: Reference,
        body: BookBody,
        response: { 200: Changed, 400: ErrorView, 404: ErrorView, 409: ErrorView, 503: ErrorView },
      },
    },
    async (request, reply) => {
      const { date, timeOfDay, slotId } = request.body;
      try {
        const changed = await visits.book(request.params.reference.toUpperCase(), { slotId: slotId ?? `${date}.${timeOfDay}`, date, timeOfDay }, request.actor!);
        app.webhooks.nudge();
        return changed;
      } catch (error) {
        return fail(reply, error);
      }
    },
  );

  app.post<{ Params: Static<typeof Reference> & { id: string }; Body: Static<typeof CancelBody> }>(
    "/api/cases/:reference/appointments/:id/cancel",
    {
      schema: {
        tags,
        security,
        summary: "Cancel a booked visit, with the reason (for the record, not sent to the tenant). The tenant is texted; the repair stays open.",
        params: Type.Intersect([Reference, Type.Object({ id: Type.String({ format: "uuid" }) })]),
        body: CancelBody,
        response: { 200: Changed, 400: ErrorView, 404: ErrorView, 409: ErrorView, 503: ErrorView },
      },
    },
    async (request, reply) => {
      try {
        const changed = await visits.cancel(request.params.reference.toUpperCase(), request.params.id, request.body.reason.trim(), request.actor!);
        app.webhooks.nudge();
        return changed;
      } catch (error) {
        return fail(reply, error);
      }
    },
  );

  app.get(
    "/api/scheduler/capacity",
    { schema: { tags, security, summary: "The built-in scheduler's visits per trade, area and half day: the file's, with changes made here", response: { 200: CapacityView, 409: ErrorView } } },
    async (_request, reply) => {
      if (app.scheduler.kind !== "builtin") return reply.code(409).send({ error: "not_builtin", message: "Capacity is kept in your own scheduler (SCHEDULER=http)" });
      const rows = await capacityTable(app.prisma, app.schedulerSettings);
      return { rows: rows.map((row) => ({ ...row, changedAt: row.changedAt?.toISOString() })) };
    },
  );

  app.put<{ Body: Static<typeof CapacityRow> }>(
    "/api/scheduler/capacity",
    {
      schema: {
        tags,
        security,
        summary: "Change the visits a trade can make in an area in a half day (supervisors). Visits already booked stay booked.",
        body: CapacityRow,
        response: { 200: Type.Object({ ok: Type.Boolean() }), 400: ErrorView, 403: ErrorView, 409: ErrorView },
      },
    },
    async (request, reply) => {
      if (request.actor!.role !== "supervisor") return reply.code(403).send({ error: "forbidden", message: "Only a supervisor can change capacity" });
      const problem = capacityProblem(app, request.body);
      if (problem) return reply.code(app.scheduler.kind === "builtin" ? 400 : 409).send({ error: app.scheduler.kind === "builtin" ? "bad_request" : "not_builtin", message: problem });
      await setCapacity(app.prisma, request.body, request.actor!.label);
      await audit(app.prisma, { actor: request.actor!.label, action: "capacity_change", detail: { ...request.body } });
      return { ok: true };
    },
  );
}

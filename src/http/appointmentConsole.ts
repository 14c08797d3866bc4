// The console's Visits pages (any member of staff; capacity for supervisors): pages that post plain forms with the
// session's CSRF token and come back with a notice of what happened, through the same functions as the JSON API.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DateTime } from "luxon";
import { capacityTable, setCapacity } from "../appointments/capacity";
import { VisitError, type FreeTimes } from "../appointments/staffChanges";
import { caseVisits, defaultSpan, listVisits } from "../appointments/visits";
import { ZONE } from "../calendar/workingDays";
import { caseVisitsPage, visitsPage } from "../console/appointmentsPage";
import type { Staff } from "../staff/accounts";
import { audit } from "../staff/audit";
import { capacityProblem, staffVisits } from "./appointments";
import { sameSecret } from "./auth";
import { sessionStaff } from "./staffAuth";

function html(reply: FastifyReply, body: string, status = 200) {
  return reply.code(status).header("cache-control", "no-store").type("text/html; charset=utf-8").send(body);
}

const REFERENCE = /^[A-Za-z0-9]{2,20}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TOLD: Record<string, string> = {
  sent: "The tenant is texted.",
  opted_out: "The tenant is not texted: they texted STOP. Tell them another way.",
  no_channel: "The tenant is not texted: they used the web chat and gave no phone. Tell them another way.",
  outside_whatsapp_window: "The tenant is not texted: it is over 24 hours since they last wrote on WhatsApp. Ring them.",
};

const actorOf = (staff: Staff) => ({ staffId: staff.id, name: staff.name, role: staff.role, label: staff.id });

/** The signed-in member of staff whose form came from their own page, or null (and the reply is sent). */
async function formStaff(request: FastifyRequest<{ Body: Record<string, string | undefined> }>, reply: FastifyReply): Promise<Staff | null> {
  const staff = await sessionStaff(request);
  if (!staff) {
    await reply.redirect("/console", 303);
    return null;
  }
  if (!request.csrfToken || !sameSecret(String(request.body?._csrf ?? ""), request.csrfToken)) {
    await html(reply, '<!doctype html><title>Not allowed</title><p>That did not come from your console page. <a href="/console/appointments">Back</a></p>', 403);
    return null;
  }
  return staff;
}

const back = (reply: FastifyReply, path: string, notice: string, error = false) =>
  reply.redirect(`${path}?${new URLSearchParams({ notice, ...(error ? { error: "1" } : {}) }).toString()}`, 303);

export async function appointmentConsoleRoutes(app: FastifyInstance): Promise<void> {
  const visits = staffVisits(app);

  app.get<{ Querystring: Record<string, string | undefined> }>("/console/appointments", { schema: { hide: true } }, async (request, reply) => {
    const staff = await sessionStaff(request);
    if (!staff) return reply.redirect("/console", 303);
    const span = defaultSpan(app.clock());
    const query = request.query;
    const from = DAY.test(query.from ?? "") ? query.from! : span.from;
    const to = DAY.test(query.to ?? "") && query.to! >= from ? query.to! : DateTime.fromISO(from, { zone: ZONE }).plus({ days: 13 }).toISODate()!;
    const reference = REFERENCE.test(query.reference ?? "") ? query.reference!.toUpperCase() : undefined;
    const filter = { from, to, status: query.status === "all" ? ("all" as const) : ("booked" as const), reference };
    const [found, capacity] = await Promise.all([
      listVisits(app.prisma, filter),
      staff.role === "supervisor" && app.scheduler.kind === "builtin" ? capacityTable(app.prisma, app.schedulerSettings) : Promise.resolve(null),
    ]);
    await audit(app.prisma, { actor: staff.id, action: "view", detail: { visits: { from, to }, count: found.length } });
    const notice = query.notice ? { text: query.notice.slice(0, 300), error: query.error === "1" } : undefined;
    return html(reply, visitsPage({ staff, csrfToken: request.csrfToken!, filter, visits: found, capacity, notice }));
  });

  app.get<{ Params: { reference: string }; Querystring: Record<string, string | undefined> }>(
    "/console/appointments/:reference",
    { schema: { hide: true } },
    async (request, reply) => {
      const staff = await sessionStaff(request);
      if (!staff) return reply.redirect("/console", 303);
      const reference = request.params.reference.toUpperCase();
      const found = REFERENCE.test(reference) ? await caseVisits(app.prisma, reference) : null;
      if (!found) return html(reply, `<!doctype html><title>Not found</title><p>No repair with that reference. <a href="/console/appointments">All visits</a></p>`, 404);
      const after = /^(\d{4}-\d{2}-\d{2})\.(.+)$/.exec(request.query.after ?? "");
      let free: FreeTimes | { problem: string };
      try {
        free = await visits.freeTimes(reference, after ? { date: after[1]!, timeOfDay: after[2]! } : undefined);
      } catch (error) {
        if (!(error instanceof VisitError)) throw error;
        free = { problem: error.message };
      }
      await audit(app.prisma, { actor: staff.id, action: "view", subject: reference, detail: { visits: found.length } });
      const notice = request.query.notice ? { text: request.query.notice.slice(0, 300), error: request.query.error === "1" } : undefined;
      return html(reply, caseVisitsPage({ staff, csrfToken: request.csrfToken!, reference, visits: found, free, notice }));
    },
  );

  app.post<{ Params: { reference: string }; Body: Record<string, string | undefined> }>(
    "/console/appointments/:reference/book",
    { schema: { hide: true } },
    async (request, reply) => {
      const staff = await formStaff(request, reply);
      if (!staff) return reply;
      const reference = request.params.reference.toUpperCase();
      const page = `/console/appointments/${encodeURIComponent(reference)}`;
      const [date, timeOfDay, slotId] = String(request.body?.slot ?? "").split("|");
      if (!REFERENCE.test(reference) || !DAY.test(date ?? "") || !timeOfDay || !slotId) return back(reply, page, "Choose a time first.", true);
      try {
        const changed = await visits.book(reference, { date: date!, timeOfDay, slotId }, actorOf(staff));
        app.webhooks.nudge();
        return back(reply, page, `Booked for ${changed.visit.window}. ${TOLD[changed.tenantTold] ?? ""}`);
      } catch (error) {
        if (error instanceof VisitError) return back(reply, page, error.message, true);
        throw error;
      }
    },
  );

  app.post<{ Params: { reference: string }; Body: Record<string, string | undefined> }>(
    "/console/appointments/:reference/cancel",
    { schema: { hide: true } },
    async (request, reply) => {
      const staff = await formStaff(request, reply);
      if (!staff) return reply;
      const reference = request.params.reference.toUpperCase();
      const page = `/console/appointments/${encodeURIComponent(reference)}`;
      const id = String(request.body?.id ?? "");
      const reason = String(request.body?.reason ?? "").trim().slice(0, 300);
      if (!REFERENCE.test(reference) || !/^[0-9a-f-]{36}$/i.test(id) || reason.length < 2) return back(reply, page, "Choose why the visit is cancelled.", true);
      try {
        const changed = await visits.cancel(reference, id, reason, actorOf(staff));
        app.webhooks.nudge();
        return back(reply, page, `The visit on ${changed.visit.window} is cancelled. ${TOLD[changed.tenantTold] ?? ""}`);
      } catch (error) {
        if (error instanceof VisitError) return back(reply, page, error.message, true);
        throw error;
      }
    },
  );

  app.post<{ Body: Record<string, string | undefined> }>("/console/appointments/capacity", { schema: { hide: true } }, async (request, reply) => {
    const staff = await formStaff(request, reply);
    if (!staff) return reply;
    if (staff.role !== "supervisor") return html(reply, '<!doctype html><title>Not allowed</title><p>Only a supervisor can change capacity. <a href="/console/appointments">Back</a></p>', 403);
    const body = request.body ?? {};
    const capacity = Number(body.capacity);
    const timeOfDay = body.timeOfDay === "AM" || body.timeOfDay === "PM" ? (body.timeOfDay as "AM" | "PM") : null;
    const row = { trade: String(body.trade ?? ""), area: String(body.area ?? ""), timeOfDay: timeOfDay ?? "AM", capacity };
    const problem =
      capacityProblem(app, row) ??
      (timeOfDay ? null : "Choose mornings or afternoons.") ??
      (Number.isInteger(capacity) && capacity >= 0 && capacity <= 500 ? null : "Visits must be a whole number from 0 to 500.");
    if (problem) return back(reply, "/console/appointments", problem, true);
    await setCapacity(app.prisma, row, staff.id);
    await audit(app.prisma, { actor: staff.id, action: "capacity_change", detail: row });
    const area = row.area === "*" ? "anywhere else" : row.area;
    return back(reply, "/console/appointments", `${row.trade}, ${area}, ${row.timeOfDay === "AM" ? "mornings" : "afternoons"}: ${capacity} ${capacity === 1 ? "visit" : "visits"}.`);
  });
}

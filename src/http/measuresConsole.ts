// The console's measures page (supervisors only), its script, and the chart library it draws with: Chart.js, served
// by the app from node_modules so the page needs nothing from another site.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import { computeMeasures, MeasureError, CHANNELS, JOURNEYS, type MeasureQuery } from "../measures";
import { measuresPage } from "../console/measures";
import { measureQuery } from "./measures";
import { sessionStaff } from "./staffAuth";

const SCRIPT = readFileSync(join(__dirname, "..", "console", "charts.js"), "utf8");
// The package exports only its modules; the browser build sits beside the CommonJS one.
const CHART_JS = readFileSync(join(dirname(require.resolve("chart.js")), "chart.umd.min.js"), "utf8");

function html(reply: FastifyReply, body: string, status = 200) {
  return reply.code(status).header("cache-control", "no-store").type("text/html; charset=utf-8").send(body);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function measuresConsoleRoutes(app: FastifyInstance): Promise<void> {
  app.get("/console/charts.js", { schema: { hide: true } }, (_request, reply) => reply.type("text/javascript; charset=utf-8").send(SCRIPT));
  app.get("/console/vendor/chart.umd.min.js", { schema: { hide: true } }, (_request, reply) =>
    reply.type("text/javascript; charset=utf-8").header("cache-control", "public, max-age=86400").send(CHART_JS),
  );

  app.get<{ Querystring: Record<string, string | undefined> }>("/console/measures", { schema: { hide: true } }, async (request, reply) => {
    const staff = await sessionStaff(request);
    if (!staff) return reply.redirect("/console", 303);
    if (staff.role !== "supervisor") {
      return html(reply, '<!doctype html><html lang="en-GB"><title>Not allowed</title><p>Only a supervisor can see the measures. <a href="/console">Back</a></p></html>', 403);
    }
    const asked = request.query;
    // A form's empty choice means "every"; anything not on the lists is dropped rather than shown as an error.
    const defaults = measureQuery({}, app.clock());
    const query: MeasureQuery = {
      from: asked.from && DAY.test(asked.from) ? asked.from : defaults.from,
      to: asked.to && DAY.test(asked.to) ? asked.to : defaults.to,
      interval: asked.interval === "week" ? "week" : "month",
      channel: (CHANNELS as readonly string[]).includes(asked.channel ?? "") ? asked.channel : undefined,
      journey: (JOURNEYS as readonly string[]).includes(asked.journey ?? "") ? asked.journey : undefined,
    };
    try {
      return html(reply, measuresPage(staff, query, await computeMeasures(app.prisma, query, app.clock())));
    } catch (error) {
      if (!(error instanceof MeasureError)) throw error;
      return html(reply, measuresPage(staff, defaults, await computeMeasures(app.prisma, defaults, app.clock()), `${error.message}. Showing the last 12 months instead.`), 400);
    }
  });
}

// The console's page for events out (supervisors only): subscribers and dead letters, with a Re-send form.
import type { FastifyInstance, FastifyReply } from "fastify";
import { DELIVERY_STATUS } from "../backoffice/delivery";
import { listSubscribers, subscriberView } from "../backoffice/subscribers";
import { webhooksPage } from "../console/webhooks";
import { audit } from "../staff/audit";
import { sameSecret } from "./auth";
import { sessionStaff } from "./staffAuth";

function html(reply: FastifyReply, body: string, status = 200) {
  return reply.code(status).header("cache-control", "no-store").type("text/html; charset=utf-8").send(body);
}

const NOTICES: Record<string, string> = {
  sent: "Queued to send again.",
  gone: "That event is no longer waiting to be re-sent (someone may have sent it already).",
};

export async function webhookConsoleRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { notice?: string } }>("/console/webhooks", { schema: { hide: true } }, async (request, reply) => {
    const staff = await sessionStaff(request);
    if (!staff) return reply.redirect("/console", 303);
    if (staff.role !== "supervisor") return html(reply, "<!doctype html><title>Not allowed</title><p>Only a supervisor can see this page. <a href=\"/console\">Back</a></p>", 403);
    const [subscribers, dead] = await Promise.all([
      listSubscribers(app.prisma),
      app.webhooks.deliveries({ status: DELIVERY_STATUS.dead, limit: 200 }),
    ]);
    const notice = NOTICES[request.query.notice ?? ""];
    return html(reply, webhooksPage(staff, request.csrfToken!, subscribers.map(subscriberView), dead, notice));
  });

  app.post<{ Body: { _csrf?: string; id?: string } }>("/console/webhooks/resend", { schema: { hide: true } }, async (request, reply) => {
    const staff = await sessionStaff(request);
    if (!staff) return reply.redirect("/console", 303);
    const token = String(request.body?._csrf ?? "");
    if (staff.role !== "supervisor" || !request.csrfToken || !sameSecret(token, request.csrfToken)) {
      return html(reply, "<!doctype html><title>Not allowed</title><p>That did not come from your console page. <a href=\"/console/webhooks\">Back</a></p>", 403);
    }
    const id = String(request.body?.id ?? "");
    const sent = /^[0-9a-f-]{36}$/i.test(id) && (await app.webhooks.resend(id));
    if (sent) await audit(app.prisma, { actor: staff.id, action: "resend", subject: id, detail: { kind: "webhook" } });
    return reply.redirect(`/console/webhooks?notice=${sent ? "sent" : "gone"}`, 303);
  });
}

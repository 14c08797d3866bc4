// The staff console: a login page and one working page, served by the app. The page talks to the staff API
// (src/http/escalations.ts) with its session cookie and CSRF token; its script and styles are files, so the
// Content-Security-Policy can forbid inline script.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import { checkPassword, closeSession, openSession, SESSION_HOURS } from "../staff/accounts";
import { audit } from "../staff/audit";
import { consolePage, loginPage } from "../console/pages";
import { sameSecret } from "./auth";
import { SESSION_COOKIE, sessionStaff } from "./staffAuth";

const ASSETS = join(__dirname, "..", "console");
const SCRIPT = readFileSync(join(ASSETS, "console.js"), "utf8");
const STYLES = readFileSync(join(ASSETS, "console.css"), "utf8");

const MAX_FAILED_LOGINS = 10;
const LOCKOUT_MINUTES = 15;

function html(reply: FastifyReply, body: string, status = 200) {
  return reply.code(status).header("cache-control", "no-store").type("text/html; charset=utf-8").send(body);
}

export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  const secure = app.config.env === "production" || app.config.publicUrl.startsWith("https://");

  app.get("/console/console.js", { schema: { hide: true } }, (_request, reply) => reply.type("text/javascript; charset=utf-8").send(SCRIPT));
  app.get("/console/console.css", { schema: { hide: true } }, (_request, reply) => reply.type("text/css; charset=utf-8").send(STYLES));

  app.get("/console", { schema: { hide: true } }, async (request, reply) => {
    const staff = await sessionStaff(request);
    if (!staff) return html(reply, loginPage());
    return html(reply, consolePage(staff, request.csrfToken!));
  });

  app.post<{ Body: { email?: string; password?: string } }>(
    "/console/login",
    { schema: { hide: true } },
    async (request, reply) => {
      const email = String(request.body?.email ?? "").slice(0, 254);
      const password = String(request.body?.password ?? "").slice(0, 200);
      // Ten wrong passwords for one account in 15 minutes pause it, on every server (the count is in the audit log).
      const since = new Date(Date.now() - LOCKOUT_MINUTES * 60_000); // audit times are the database's clock
      const failures = await app.prisma.auditEntry.count({ where: { action: "login_failed", actor: `login:${email.toLowerCase()}`, at: { gte: since } } });
      if (failures >= MAX_FAILED_LOGINS) {
        return html(reply, loginPage(`Too many wrong passwords. Try again in ${LOCKOUT_MINUTES} minutes, or ask a supervisor.`), 429);
      }
      const staff = email && password ? await checkPassword(app.prisma, email, password) : null;
      if (!staff) {
        await audit(app.prisma, { actor: `login:${email.toLowerCase()}`, action: "login_failed" });
        return html(reply, loginPage("That email and password do not match an account."), 401);
      }
      const session = await openSession(app.prisma, staff.id, app.clock());
      await audit(app.prisma, { actor: staff.id, action: "login" });
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: "/",
        httpOnly: true,
        secure,
        sameSite: "strict",
        maxAge: SESSION_HOURS * 3600,
      });
      return reply.redirect("/console", 303);
    },
  );

  app.post<{ Body: { _csrf?: string } }>("/console/logout", { schema: { hide: true } }, async (request, reply) => {
    const staff = await sessionStaff(request);
    const token = request.cookies[SESSION_COOKIE];
    if (staff && token && request.csrfToken && sameSecret(String(request.body?._csrf ?? ""), request.csrfToken)) {
      await closeSession(app.prisma, token);
      await audit(app.prisma, { actor: staff.id, action: "logout" });
    }
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return reply.redirect("/console", 303);
  });
}

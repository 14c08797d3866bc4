// The staff console: a login page and one working page, served by the app. The page talks to the staff API
// (src/http/escalations.ts) with its session cookie and CSRF token; its script and styles are files, so the
// Content-Security-Policy can forbid inline script.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import { checkPassword, closeSession, normaliseEmail, openSession, SESSION_HOURS } from "../staff/accounts";
import { audit } from "../staff/audit";
import { consolePage, loginPage } from "../console/pages";
import { SESSION_COOKIE, sessionStaff } from "./staffAuth";

const ASSETS = join(__dirname, "..", "console");
const SCRIPT = readFileSync(join(ASSETS, "console.js"), "utf8");
const REVIEWS_SCRIPT = readFileSync(join(ASSETS, "reviews.js"), "utf8");
const STYLES = readFileSync(join(ASSETS, "console.css"), "utf8");

const MAX_FAILED_LOGINS = 10; // for one account
const MAX_FAILED_FROM_ADDRESS = 20; // from one client address, whichever accounts it tries
const LOCKOUT_MINUTES = 15;

function html(reply: FastifyReply, body: string, status = 200) {
  return reply.code(status).header("cache-control", "no-store").type("text/html; charset=utf-8").send(body);
}

export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  const secure = app.config.env === "production" || app.config.publicUrl.startsWith("https://");
  const cookieOptions = { path: "/", httpOnly: true, secure, sameSite: "strict" } as const;

  app.get("/console/console.js", { schema: { hide: true } }, (_request, reply) => reply.type("text/javascript; charset=utf-8").send(SCRIPT));
  app.get("/console/reviews.js", { schema: { hide: true } }, (_request, reply) => reply.type("text/javascript; charset=utf-8").send(REVIEWS_SCRIPT));
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
      // One form of the email for the count and the check alike, so " ann@…\t" is no fresh account to guess at.
      const email = normaliseEmail(String(request.body?.email ?? "").slice(0, 1000)).slice(0, 254);
      const password = String(request.body?.password ?? "").slice(0, 200);
      const actor = `login:${email}`;
      // The counts are in the audit log, so the pause holds on every server; audit times are the database's clock.
      const recent = { action: "login_failed", at: { gte: new Date(Date.now() - LOCKOUT_MINUTES * 60_000) } };
      const [forAccount, fromAddress] = await Promise.all([
        app.prisma.auditEntry.count({ where: { ...recent, actor } }),
        app.prisma.auditEntry.count({ where: { ...recent, detail: { path: ["address"], equals: request.ip } } }),
      ]);
      if (forAccount >= MAX_FAILED_LOGINS || fromAddress >= MAX_FAILED_FROM_ADDRESS) {
        return html(reply, loginPage(`Too many wrong passwords. Try again in ${LOCKOUT_MINUTES} minutes, or ask a supervisor.`), 429);
      }
      const staff = email && password ? await checkPassword(app.prisma, email, password) : null;
      if (!staff) {
        await audit(app.prisma, { actor, action: "login_failed", detail: { address: request.ip } });
        return html(reply, loginPage("That email and password do not match an account."), 401);
      }
      const session = await openSession(app.prisma, staff.id, app.clock());
      await audit(app.prisma, { actor: staff.id, action: "login" });
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, maxAge: SESSION_HOURS * 3600 });
      return reply.redirect("/console", 303);
    },
  );

  // No CSRF check: another site can at worst log a member of staff out, and a logout that is refused would leave a
  // session open on a shared computer. The session ends on the server whatever the form sent.
  app.post("/console/logout", { schema: { hide: true } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const staff = await sessionStaff(request);
      await closeSession(app.prisma, token);
      if (staff) await audit(app.prisma, { actor: staff.id, action: "logout" });
    }
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.redirect("/console", 303);
  });
}

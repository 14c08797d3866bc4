// Who is calling the staff side: a member of staff with a session cookie from the console (unsafe methods also need
// the session's CSRF token), or a machine client with the API token acting for a named member of staff.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../handoff/queue";
import { findSession, findStaffByEmail, type Staff } from "../staff/accounts";
import { sameSecret } from "./auth";

export const SESSION_COOKIE = "staff_session";

declare module "fastify" {
  interface FastifyRequest {
    actor?: Actor;
    csrfToken?: string;
  }
}

function actorFor(staff: Staff, label: string): Actor {
  return { staffId: staff.id, name: staff.name, role: staff.role, label };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The session's staff member, if the cookie is good; also sets the CSRF token the console's forms need. */
export async function sessionStaff(request: FastifyRequest): Promise<Staff | null> {
  // The cookie holds a random 256-bit token; only its hash is stored, so it needs no signature.
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const session = await findSession(request.server.prisma, token, request.server.clock());
  if (!session) return null;
  request.csrfToken = session.csrfToken;
  return session.staff;
}

export async function requireStaff(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const header = request.headers.authorization ?? "";
  if (header.startsWith("Bearer ")) {
    if (!sameSecret(header.slice(7), request.server.config.apiToken)) {
      return reply.code(401).header("WWW-Authenticate", "Bearer").send({ error: "unauthorized", message: "Send Authorization: Bearer <API_TOKEN>" });
    }
    const actingAs = request.headers["x-acting-as"];
    const staff = typeof actingAs === "string" ? await findStaffByEmail(request.server.prisma, actingAs) : null;
    if (!staff) {
      return reply.code(403).send({ error: "forbidden", message: "Send X-Acting-As: the email of the member of staff this client acts for" });
    }
    request.actor = actorFor(staff, `api:${staff.id}`);
    return;
  }
  const staff = await sessionStaff(request);
  if (!staff) return reply.code(401).send({ error: "unauthorized", message: "Log in to the staff console first" });
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers["x-csrf-token"];
    if (typeof sent !== "string" || !request.csrfToken || !sameSecret(sent, request.csrfToken)) {
      return reply.code(403).send({ error: "forbidden", message: "Missing or wrong CSRF token" });
    }
  }
  request.actor = actorFor(staff, staff.id);
}

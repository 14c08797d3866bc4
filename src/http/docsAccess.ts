// Who may read the API's documentation (/docs and its JSON and YAML spec): in production only a member of staff
// logged in to the console or a machine client with the API token; elsewhere anyone, so developers can try the API.
import type { FastifyReply, FastifyRequest } from "fastify";
import { sameSecret } from "./auth";
import { sessionStaff } from "./staffAuth";

/** An onRequest hook for @fastify/swagger-ui's `uiHooks`, which it puts on the page and the spec routes alike. */
export async function requireDocsAccess(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const { config } = request.server;
  if (config.env !== "production") return;
  const header = request.headers.authorization ?? "";
  if (header.startsWith("Bearer ") && sameSecret(header.slice(7), config.apiToken)) return;
  if (await sessionStaff(request)) return;
  // A person at a browser is sent to log in; a client is told what to send.
  if (request.headers.accept?.includes("text/html")) return reply.redirect("/console", 303);
  return reply
    .code(401)
    .header("WWW-Authenticate", "Bearer")
    .send({ error: "unauthorized", message: "Log in to the staff console, or send Authorization: Bearer <API_TOKEN>" });
}

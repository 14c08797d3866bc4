// Bearer-token check for machine clients of the JSON API (the back office, a contact-centre tool).
import { timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function requireApiToken(apiToken: string) {
  return async function checkApiToken(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization ?? "";
    const [scheme, token] = header.split(" ");
    if (scheme !== "Bearer" || !token || !sameSecret(token, apiToken)) {
      await reply
        .code(401)
        .header("WWW-Authenticate", "Bearer")
        .send({ error: "unauthorized", message: "Send Authorization: Bearer <API_TOKEN>" });
    }
  };
}

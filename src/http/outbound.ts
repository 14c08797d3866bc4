// Messages we started that did not go: the dead letters of the outbound queue, for staff to see and send again.
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { SEND_STATUS } from "../inbox/outbound";
import { audit } from "../staff/audit";
import { requireStaff } from "./staffAuth";

const ErrorView = Type.Object({ error: Type.String(), message: Type.String() });
const Params = Type.Object({ id: Type.String({ format: "uuid" }) });
const Undelivered = Type.Object({
  messages: Type.Array(
    Type.Object({
      id: Type.String(),
      conversationId: Type.String(),
      channel: Type.String(),
      status: Type.String(),
      reason: Type.Union([Type.String(), Type.Null()]),
      tries: Type.Integer(),
      fromStaff: Type.Boolean(),
      createdAt: Type.String(),
    }),
  ),
});
const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { staffSession: [] }];
const tags = ["staff"];

export async function outboundRoutes(app: FastifyInstance): Promise<void> {
  app.addHook("preHandler", requireStaff);

  app.get(
    "/api/outbound/undelivered",
    { schema: { tags, security, summary: "Messages we started that every try failed to send (dead letters) or the provider refused", response: { 200: Undelivered } } },
    async () => {
      const rows = await app.prisma.message.findMany({
        where: { direction: "outbound", deliveryStatus: { in: [SEND_STATUS.dead, SEND_STATUS.failed] } },
        orderBy: { seq: "desc" },
        take: 200,
        include: { conversation: { select: { channel: true } } },
      });
      // Not the words: the transcript shows those to staff who open the conversation (and that view is audited).
      return {
        messages: rows.map((row) => ({
          id: row.id,
          conversationId: row.conversationId,
          channel: row.conversation.channel,
          status: row.deliveryStatus!,
          reason: row.deliveryError,
          tries: row.sendAttempts,
          fromStaff: row.staffId !== null,
          createdAt: row.createdAt.toISOString(),
        })),
      };
    },
  );

  app.post<{ Params: Static<typeof Params> }>(
    "/api/outbound/:id/resend",
    { schema: { tags, security, summary: "Send an undelivered message again", params: Params, response: { 200: Type.Object({ ok: Type.Boolean(), deliveryStatus: Type.String() }), 404: ErrorView } } },
    async (request, reply) => {
      if (!(await app.outbound.resend(request.params.id))) {
        return reply.code(404).send({ error: "not_found", message: "No undelivered message with that id" });
      }
      await audit(app.prisma, { actor: request.actor!.label, action: "resend", subject: request.params.id });
      return { ok: true, deliveryStatus: SEND_STATUS.queued };
    },
  );
}

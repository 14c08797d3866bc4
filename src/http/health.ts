// GET /health: 200 once the database answers, 503 if it does not.
import type { FastifyInstance } from "fastify";
import { Type } from "@sinclair/typebox";

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    "/health",
    {
      schema: {
        summary: "Liveness and database reachability",
        tags: ["health"],
        response: { 200: Type.Object({ status: Type.Literal("ok") }), 503: Type.Object({ status: Type.Literal("unavailable") }) },
      },
    },
    async (_request, reply) => {
      try {
        await app.prisma.$queryRawUnsafe("SELECT 1");
        return { status: "ok" as const };
      } catch {
        return reply.code(503).send({ status: "unavailable" as const });
      }
    },
  );
}

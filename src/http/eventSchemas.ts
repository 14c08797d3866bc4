// The JSON Schema of each event we send, beside the API's documentation and under the same access rule.
import type { FastifyInstance } from "fastify";
import { isPublished, PUBLISHED_TYPES } from "../backoffice/events";
import { schemaFile } from "../backoffice/eventSchemas";
import { requireDocsAccess } from "./docsAccess";

export async function eventSchemaRoutes(app: FastifyInstance): Promise<void> {
  app.addHook("onRequest", requireDocsAccess);

  app.get("/docs/events", { schema: { hide: true } }, async () => ({
    schemas: PUBLISHED_TYPES.map((type) => ({ type, url: `/docs/events/${type}.schema.json` })),
  }));

  app.get<{ Params: { file: string } }>("/docs/events/:file", { schema: { hide: true } }, async (request, reply) => {
    const type = request.params.file.replace(/\.schema\.json$/, "");
    if (!request.params.file.endsWith(".schema.json") || !isPublished(type)) {
      return reply.code(404).send({ error: "not_found", message: `No event schema ${request.params.file}; see /docs/events` });
    }
    return reply.type("application/schema+json").send(schemaFile(type));
  });
}

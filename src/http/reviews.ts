// The staff API for checking what the bot understood: the messages kept for review, and a person's answer (the right
// intent and danger kinds). The console uses it with a session; a tool with the API token acting for a member of staff.
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import type { Intent } from "../../dialogs/nlu/intents";
import type { DangerKind } from "../nlu/danger";
import { listReviews, ReviewError, saveReview } from "../learning/reviews";
import { DANGER_CHOICES, DANGER_KINDS, INTENT_CHOICES, INTENTS } from "../learning/vocabulary";
import { audit } from "../staff/audit";
import { requireStaff } from "./staffAuth";

const ErrorView = Type.Object({ error: Type.String(), message: Type.String() });
const Params = Type.Object({ id: Type.String({ format: "uuid" }) });
const Query = Type.Object({ status: Type.Optional(Type.Union([Type.Literal("pending"), Type.Literal("reviewed")], { default: "pending" })) });
const IntentName = Type.Unsafe<Intent>({ type: "string", enum: [...INTENTS] });
const DangerName = Type.Unsafe<DangerKind>({ type: "string", enum: [...DANGER_KINDS] });
const ReviewBody = Type.Object(
  {
    intent: IntentName,
    dangers: Type.Array(DangerName, { uniqueItems: true, description: "Every danger or harm kind the message reports; [] for none" }),
  },
  { additionalProperties: false },
);
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Review = Type.Object({
  id: Type.String(),
  reason: Type.String({ description: "unsure | rerouted | safeguarding" }),
  text: Type.String({ description: "The message as stored, card numbers already blanked" }),
  keptAt: Type.String(),
  bot: Type.Object({ intent: Type.String(), confidence: Type.Number(), dangers: Type.Array(Type.String()) }),
  tenantChose: Nullable(Type.String()),
  review: Type.Union([
    Type.Object({ intent: Type.String(), dangers: Type.Array(Type.String()), by: Nullable(Type.String()), at: Type.String() }),
    Type.Null(),
  ]),
  exported: Type.Boolean(),
});
const ReviewList = Type.Object({
  reviews: Type.Array(Review),
  intents: Type.Array(Type.Object({ name: Type.String(), label: Type.String() })),
  dangers: Type.Array(Type.Object({ kind: Type.String(), label: Type.String(), group: Type.String() })),
});

const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { staffSession: [] }];
const tags = ["staff"];

/** A validation failure in words a person can act on: which field, and what it may be. */
export function explain(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return error.message;
  const field = `${error.validationContext ?? "body"}${first.instancePath.replace(/\//g, ".")}`;
  const allowed = (first.params as { allowedValues?: string[] }).allowedValues;
  if (first.keyword === "enum" && allowed) return `${field} must be one of: ${allowed.join(", ")}`;
  return `${field} ${first.message ?? "is not valid"}`;
}

function fail(reply: FastifyReply, error: unknown) {
  if (error instanceof ReviewError) return reply.code(error.status).send({ error: error.code, message: error.message });
  throw error;
}

export async function reviewRoutes(app: FastifyInstance): Promise<void> {
  app.addHook("preHandler", requireStaff);

  app.get<{ Querystring: Static<typeof Query> }>(
    "/api/nlu/reviews",
    {
      schema: {
        tags,
        security,
        summary: "Messages kept for a person to check what the bot understood, with the intents and danger kinds to choose from",
        querystring: Query,
        response: { 200: ReviewList },
      },
    },
    async (request) => {
      const status = request.query.status ?? "pending";
      const reviews = await listReviews(app.prisma, status);
      // Tenants' words from many conversations: who saw them is on the record.
      await audit(app.prisma, { actor: request.actor!.label, action: "view", detail: { nluReviews: status, count: reviews.length } });
      return { reviews, intents: INTENT_CHOICES, dangers: DANGER_CHOICES };
    },
  );

  app.post<{ Params: Static<typeof Params>; Body: Static<typeof ReviewBody> }>(
    "/api/nlu/reviews/:id",
    {
      attachValidation: true,
      schema: {
        tags,
        security,
        summary: "Say what the message was about: the right intent and every danger kind in it (until it is exported)",
        params: Params,
        body: ReviewBody,
        response: { 200: Type.Object({ ok: Type.Boolean(), review: Review }), 400: ErrorView, 404: ErrorView, 409: ErrorView },
      },
    },
    async (request, reply) => {
      if (request.validationError) return reply.code(400).send({ error: "bad_request", message: explain(request.validationError as FastifyError) });
      try {
        const review = await saveReview(app.prisma, request.params.id, request.body, request.actor!, app.clock());
        return { ok: true, review };
      } catch (error) {
        return fail(reply, error);
      }
    },
  );
}

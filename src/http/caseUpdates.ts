// POST /api/cases/{reference}/updates: the housing system tells us what happened to a case. Authenticated by the
// API token, or by a signature like our webhooks' (which needs the raw body, so this plugin reads JSON itself).
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { OpeningHours } from "../handoff/hours";
import { TIME_OF_DAY_PATTERN, windowInOrder } from "../cases/appointments";
import { noteText, UPDATE_TYPES, type UpdateType } from "../cases/updateTexts";
import { CaseUpdates, UpdateError } from "../cases/updates";
import { sameSecret } from "./auth";
import { signatureProblem } from "../backoffice/signature";

const ErrorView = Type.Object({ error: Type.String(), message: Type.String() });

export const UpdateBody = Type.Object(
  {
    eventId: Type.String({ minLength: 1, maxLength: 200, pattern: "\\S", description: "Your id for this event: the same id sent again is answered without being applied twice" }),
    type: Type.Unsafe<UpdateType>({
      type: "string",
      enum: [...UPDATE_TYPES],
      description:
        "HACT JobStatusUpdate TypeCode: operative_assigned = 10, no_access = 70 (denied access), awaiting_parts = 120-20 (waiting for materials); " +
        "appointment_set is a RefinedAppointmentWindow, completed a WorkOrderComplete; cancelled and note have no TypeCode",
    }),
    at: Type.String({ format: "date-time", description: "When it happened (HACT EventTime)" }),
    operative: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "operative_assigned: who (HACT OperativesAssigned); staff see it, the tenant is not texted" })),
    appointment: Type.Optional(
      Type.Object(
        {
          date: Type.String({ format: "date", examples: ["2026-12-08"] }),
          timeOfDay: Type.String({ pattern: TIME_OF_DAY_PATTERN, examples: ["AM", "PM", "09:30-14:00"], description: "AM is 08:00-12:00, PM 12:00-16:00" }),
        },
        { description: "appointment_set: the window (HACT RefinedAppointmentWindow); required for it" },
      ),
    ),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: "cancelled: why, in words the tenant can read; sent when it fits one SMS" })),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 160, description: "note: words for the tenant, required; refused if they would not fit one SMS" })),
  },
  { description: "Other fields are accepted and ignored" },
);
type UpdateBody = Static<typeof UpdateBody>;

const UpdateView = Type.Object({
  eventId: Type.String(),
  type: Type.String(),
  at: Type.String({ format: "date-time" }),
  detail: Type.Record(Type.String(), Type.Unknown()),
  statusAfter: Type.String(),
  tenantNotified: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()], {
    description:
      "Why the tenant was not told: opted_out, outside_whatsapp_window, not_told_of_this, not_a_repair, superseded, no_channel_to_reach; " +
      "or waiting_for_whatsapp_reply (a template asked them to reply first)",
  }),
  sendAfter: Type.Union([Type.String({ format: "date-time" }), Type.Null()], { description: "Set when quiet hours hold the text back" }),
  messages: Type.Array(Type.Object({ id: Type.String(), deliveryStatus: Type.Union([Type.String(), Type.Null()]) })),
  receivedAt: Type.String({ format: "date-time" }),
});
export { UpdateView };

const UpdateResultView = Type.Object({
  reference: Type.String(),
  status: Type.String({ description: "The case's status now: open, completed or cancelled" }),
  duplicate: Type.Boolean({ description: "True when this eventId had already been applied: nothing changed" }),
  update: UpdateView,
});

const rawBodies = new WeakMap<FastifyRequest, string>();
const byToken = new WeakSet<FastifyRequest>();

function unauthorised(reply: FastifyReply, message: string) {
  return reply.code(401).header("WWW-Authenticate", "Bearer").send({ error: "unauthorized", message });
}

/** What the schema cannot say: what each type needs. Null when the update is complete. */
function missing(body: UpdateBody, reference: string, landlord: FastifyInstance["config"]["landlord"]): string | null {
  if (body.type === "appointment_set") {
    if (!body.appointment) return "appointment_set needs appointment: { date: YYYY-MM-DD, timeOfDay: AM | PM | HH:MM-HH:MM }";
    if (!windowInOrder(body.appointment.timeOfDay)) return "appointment timeOfDay must end after it starts";
  }
  if (body.type === "note") {
    if (!body.text?.trim()) return "note needs text: the words for the tenant";
    if (!noteText(reference, body.text, landlord)) return "note text must be plain GSM-7 and fit one SMS with our name and the reference: shorten it";
  }
  return null;
}

export async function caseUpdateRoutes(app: FastifyInstance): Promise<void> {
  const updates = new CaseUpdates({
    prisma: app.prisma,
    outbound: app.outbound,
    clock: app.clock,
    landlord: app.config.landlord,
    whatsappTemplates: app.config.whatsappContent,
    quietHours: app.config.quietHours,
    schedulerSettings: app.schedulerSettings,
    hours: new OpeningHours(app.config.landlord.officeHours),
  });
  const secret = app.config.backofficeWebhookSecret;

  // Kept as sent: the signature is over these exact bytes.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const raw = body as string;
    rawBodies.set(request, raw);
    try {
      done(null, raw.length > 0 ? JSON.parse(raw) : undefined);
    } catch {
      done(Object.assign(new Error("The body is not valid JSON"), { statusCode: 400 }), undefined);
    }
  });

  app.addHook("onRequest", async (request, reply) => {
    const [scheme, token] = (request.headers.authorization ?? "").split(" ");
    if (scheme === "Bearer" && token && sameSecret(token, app.config.apiToken)) {
      byToken.add(request);
      return;
    }
    if (secret && typeof request.headers["x-signature"] === "string") return; // checked once the body is read
    return unauthorised(reply, secret ? "Send Authorization: Bearer <API_TOKEN>, or sign the body in X-Signature" : "Send Authorization: Bearer <API_TOKEN>");
  });
  app.addHook("preValidation", async (request, reply) => {
    if (byToken.has(request)) return;
    const problem = signatureProblem(String(request.headers["x-signature"]), rawBodies.get(request) ?? "", secret!, new Date());
    if (problem) return unauthorised(reply, problem);
  });

  app.post<{ Params: { reference: string }; Body: UpdateBody }>(
    "/api/cases/:reference/updates",
    {
      schema: {
        summary: "Tell us what happened to a case (HACT JobStatusUpdate in plain fields); idempotent by eventId",
        description:
          "Stored on the case, sent on to subscribers as case.updated, shown to staff, and texted to the tenant where the channel allows " +
          "(not after STOP; WhatsApp outside 24 hours only by an approved template; in quiet hours it waits unless the repair is an emergency). " +
          "Authenticate with Authorization: Bearer <API_TOKEN>, or X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\"> " +
          "with BACKOFFICE_WEBHOOK_SECRET (at most 5 minutes old).",
        tags: ["cases"],
        security: [{ bearer: [] }, { backofficeSignature: [] }],
        params: Type.Object({ reference: Type.String({ pattern: "^[A-Za-z0-9]{2,20}$" }) }),
        body: UpdateBody,
        response: { 200: UpdateResultView, 400: ErrorView, 401: ErrorView, 404: ErrorView, 409: ErrorView },
      },
    },
    async (request, reply) => {
      const reference = request.params.reference.toUpperCase();
      const body = request.body;
      const problem = missing(body, reference, app.config.landlord);
      if (problem) return reply.code(400).send({ error: "bad_request", message: problem });
      try {
        const applied = await updates.apply(reference, {
          eventId: body.eventId,
          type: body.type,
          at: new Date(body.at),
          operative: body.operative?.trim(),
          appointment: body.appointment,
          reason: body.reason?.trim(),
          text: body.text?.trim(),
        });
        // Its case.updated event goes out now, not at the relay's next look.
        app.webhooks.nudge();
        return applied;
      } catch (error) {
        if (error instanceof UpdateError) return reply.code(error.statusCode).send({ error: error.code, message: error.message });
        throw error;
      }
    },
  );
}

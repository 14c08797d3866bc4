// The staff API: the escalation queue, one escalation with its whole story, claim, reply, close and hand back, and a
// live stream of queue changes. The console uses it with a session; a contact-centre tool with the API token.
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import { sanitiseForSms, smsSegments } from "../channels/twilio/gsm";
import { staffSpeaker } from "../channels/directline/activities";
import { render, standingVars } from "../conversation/content";
import type { Channel } from "../conversation/types";
import { addPrivateNote, claim, close, handBack, listQueue, openEscalation, QueueError, queueVersion, reply as writeReply } from "../handoff/queue";
import { audit } from "../staff/audit";
import { requireStaff } from "./staffAuth";

const ErrorView = Type.Object({ error: Type.String(), message: Type.String() });
const Params = Type.Object({ id: Type.String({ format: "uuid" }) });
// The pattern asks for something other than spaces: a blank reply or outcome is a 400, never an empty text to a tenant.
const ReplyBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 1600, pattern: "\\S" }) });
const NoteBody = Type.Object({ text: Type.String({ minLength: 2, maxLength: 2000, pattern: "\\S" }) });
const CloseBody = Type.Object({ outcome: Type.String({ minLength: 2, maxLength: 500, pattern: "\\S" }) });
const QueueQuery = Type.Object({
  filter: Type.Optional(Type.Union([Type.Literal("all"), Type.Literal("mine"), Type.Literal("unclaimed")])),
  // Letters, digits and what names, numbers and postcodes are written with: nothing else has a meaning here.
  search: Type.Optional(Type.String({ minLength: 2, maxLength: 60, pattern: "^[A-Za-z0-9\u00C0-\u024F +'.()-]*$" })),
});
const Done = Type.Object({
  ok: Type.Boolean(),
  deliveryStatus: Type.Optional(Type.String()),
  segments: Type.Optional(Type.Integer()),
  /** WhatsApp outside its 24-hour window: an approved template asked the tenant to reply, and the reply follows then. */
  waitingForTenant: Type.Optional(Type.Boolean()),
  /** Where the reply went: the channel the tenant prefers or used last, of those that can take it now. */
  channel: Type.Optional(Type.String()),
});

const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { staffSession: [] }];
const tags = ["staff"];

/** How often each open stream looks for queue changes; every server reads the same database, so all consoles agree. */
const STREAM_POLL_MS = 2_000;

function fail(reply: FastifyReply, error: unknown) {
  if (error instanceof QueueError) return reply.code(error.status).send({ error: error.code, message: error.message });
  throw error;
}

export async function escalationRoutes(app: FastifyInstance): Promise<void> {
  app.addHook("preHandler", requireStaff);
  const streams = new Set<() => void>();
  app.addHook("onClose", async () => {
    for (const stop of streams) stop();
  });

  app.get<{ Querystring: Static<typeof QueueQuery> }>(
    "/api/escalations",
    {
      schema: {
        tags,
        security,
        summary: "The live queue, one row per tenant, most urgent first: all, yours, or nobody's yet; searched by name, number, reference or postcode",
        querystring: QueueQuery,
        response: { 400: ErrorView },
      },
    },
    async (request) => listQueue(app.prisma, request.actor!, { filter: request.query.filter, search: request.query.search?.trim() }),
  );

  app.get<{ Params: Static<typeof Params> }>(
    "/api/escalations/:id",
    { schema: { tags, security, summary: "One escalation: transcript, case, tenant and history (the view is audited)", params: Params, response: { 404: ErrorView } } },
    async (request, reply) => openEscalation(app.prisma, request.params.id, request.actor!).catch((error: unknown) => fail(reply, error)),
  );

  app.post<{ Params: Static<typeof Params> }>(
    "/api/escalations/:id/claim",
    { schema: { tags, security, summary: "Claim: the bot goes quiet and the conversation is yours", params: Params, response: { 200: Done, 404: ErrorView, 409: ErrorView } } },
    async (request, reply) => {
      try {
        // A web chat tenant is told by name who has taken over; the message goes like any reply.
        const announce = (staffName: string) => render("chat.joined", { name: staffSpeaker(staffName, app.config.landlord.name) });
        const greeting = await claim(app.prisma, request.params.id, request.actor!, app.clock(), announce);
        if (greeting) await app.outbound.queue([greeting.id]);
        return { ok: true };
      } catch (error) {
        return fail(reply, error);
      }
    },
  );

  app.post<{ Params: Static<typeof Params>; Body: Static<typeof ReplyBody> }>(
    "/api/escalations/:id/reply",
    {
      schema: {
        tags,
        security,
        summary: "Reply on the tenant's channel: the one they prefer or used last that can take a message now",
        params: Params,
        body: ReplyBody,
        response: { 200: Done, 404: ErrorView, 409: ErrorView },
      },
    },
    async (request, reply) => {
      try {
        const text = sanitiseForSms(request.body.text.trim());
        const { send, waitingForTenant } = await writeReply(app.prisma, request.params.id, request.actor!, text, {
          now: app.clock(),
          whatsappTemplates: app.config.whatsappContent,
          landlordName: app.config.landlord.name,
        });
        // The queue sends it (the reply, or the template inviting the tenant back) and tries again if the provider is down.
        await app.outbound.queue([send.id]);
        return { ok: true, deliveryStatus: "queued", segments: smsSegments(text).segments, waitingForTenant, channel: send.channel };
      } catch (error) {
        return fail(reply, error);
      }
    },
  );

  app.post<{ Params: Static<typeof Params>; Body: Static<typeof CloseBody> }>(
    "/api/escalations/:id/close",
    { schema: { tags, security, summary: "Close with an outcome; the bot answers the tenant again", params: Params, body: CloseBody, response: { 200: Done, 404: ErrorView, 409: ErrorView } } },
    async (request, reply) => {
      try {
        await close(app.prisma, request.params.id, request.actor!, request.body.outcome.trim(), app.clock());
        return { ok: true };
      } catch (error) {
        return fail(reply, error);
      }
    },
  );

  app.post<{ Params: Static<typeof Params> }>(
    "/api/escalations/:id/hand-back",
    { schema: { tags, security, summary: "Hand the conversation back to the bot and tell the tenant", params: Params, response: { 200: Done, 404: ErrorView, 409: ErrorView } } },
    async (request, reply) => {
      try {
        // The web chat has its own words for it (taps, not "Reply MENU").
        const wording = (channel: Channel) => render(channel === "webchat" ? "handoff.handed_back.webchat" : "handoff.handed_back", standingVars(app.config.landlord));
        const outbound = await handBack(app.prisma, request.params.id, request.actor!, wording, app.clock());
        if (outbound) await app.outbound.queue([outbound.id]);
        const deliveryStatus = outbound ? "queued" : undefined;
        return { ok: true, deliveryStatus };
      } catch (error) {
        return fail(reply, error);
      }
    },
  );

  app.post<{ Params: Static<typeof Params>; Body: Static<typeof NoteBody> }>(
    "/api/escalations/:id/notes",
    {
      schema: {
        tags,
        security,
        summary: "A private note on the case, for staff only: stored and audited, never sent to the tenant",
        params: Params,
        body: NoteBody,
        response: { 200: Done, 404: ErrorView, 409: ErrorView },
      },
    },
    async (request, reply) => {
      try {
        await addPrivateNote(app.prisma, request.params.id, request.actor!, request.body.text.trim(), app.clock());
        return { ok: true };
      } catch (error) {
        return fail(reply, error);
      }
    },
  );

  app.get<{ Querystring: { text: string } }>(
    "/api/sms/segments",
    { schema: { tags, security, summary: "How many SMS segments a reply will take", querystring: Type.Object({ text: Type.String({ maxLength: 1600 }) }) } },
    async (request) => {
      const text = sanitiseForSms(request.query.text);
      return { characters: text.length, ...smsSegments(text) };
    },
  );

  app.get<{ Params: Static<typeof Params> }>(
    "/api/attachments/:id",
    { schema: { tags, security, summary: "A photo, video or voice note a tenant sent (the view is audited)", params: Params, response: { 404: ErrorView } } },
    async (request, reply) => {
      const attachment = await app.prisma.attachment.findUnique({ where: { id: request.params.id } });
      if (!attachment?.base64) return reply.code(404).send({ error: "not_found", message: "No stored attachment with that id" });
      const conversation = await app.prisma.conversation.findUnique({ where: { id: attachment.conversationId }, select: { tenantId: true } });
      await audit(app.prisma, { actor: request.actor!.label, action: "view", subject: attachment.id, tenantId: conversation?.tenantId, detail: { attachment: true } });
      // Served as a download of its own type, never run in the console's page.
      return reply
        .type(attachment.contentType)
        .header("content-disposition", `attachment; filename="${attachment.id}"`)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .send(Buffer.from(attachment.base64, "base64"));
    },
  );

  app.get("/api/saved-replies", { schema: { tags, security, summary: "Saved replies staff can start from" } }, async () => ({
    savedReplies: await app.prisma.savedReply.findMany({ orderBy: { title: "asc" }, select: { title: true, body: true } }),
  }));

  const SavedReplyBody = Type.Object({ title: Type.String({ minLength: 2, maxLength: 60 }), body: Type.String({ minLength: 2, maxLength: 1600 }) });
  app.post<{ Body: Static<typeof SavedReplyBody> }>(
    "/api/saved-replies",
    { schema: { tags, security, summary: "Add or change a saved reply (supervisors)", body: SavedReplyBody, response: { 200: Done, 403: ErrorView } } },
    async (request, reply) => {
      if (request.actor!.role !== "supervisor") return reply.code(403).send({ error: "forbidden", message: "Only a supervisor can change saved replies" });
      const body = sanitiseForSms(request.body.body.trim());
      await app.prisma.savedReply.upsert({ where: { title: request.body.title.trim() }, create: { title: request.body.title.trim(), body }, update: { body } });
      return { ok: true };
    },
  );

  // Server-sent events: "queue" whenever the queue or any transcript changes, so consoles update without reloading.
  app.get("/api/escalations/stream", { schema: { tags, security, summary: "Server-sent events: a 'queue' event when anything changes" } }, (request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
    let last = "";
    let stopped = false;
    const tick = async () => {
      if (stopped) return;
      try {
        const version = await queueVersion(app.prisma);
        if (version !== last) {
          last = version;
          reply.raw.write(`event: queue\ndata: ${JSON.stringify({ version })}\n\n`);
        } else {
          reply.raw.write(": still here\n\n");
        }
      } catch (error) {
        request.log.warn({ err: error, event: "stream.poll_failed" }, "queue stream could not read the database");
      }
      if (!stopped) timer = setTimeout(tick, STREAM_POLL_MS);
    };
    let timer = setTimeout(tick, 0);
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      streams.delete(stop);
      reply.raw.end();
    };
    streams.add(stop);
    request.raw.on("close", stop);
  });
}

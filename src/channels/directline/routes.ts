// The web chat's server side, in the shape of Direct Line 3.0 (/v3/directline/...), so our own /chat page,
// Microsoft's Web Chat and botframework-directlinejs clients all talk to the same bot. See README "The web chat".
import multipart from "@fastify/multipart";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { randomUUID } from "node:crypto";
import { cleanInboundId, cleanInboundText } from "../text";
import { MAX_MEDIA_BYTES, isAcceptedMedia, recordAttachment, type Fetched } from "../twilio/media";
import { activitiesSince, openingSid, postedSid, renderWebChat } from "./activities";
import { isSecret, issueToken, newConversationId, newUserId, readToken, type TokenClaims } from "./tokens";

const MAX_TEXT = 2000;
const MAX_CLIENT_ID = 100;
const MAX_FILES = 5;
/** How often an open stream looks for messages written by another instance (this one wakes it at once). */
const STREAM_POLL_MS = 2000;

declare module "fastify" {
  interface FastifyRequest {
    directLine?: { claims: TokenClaims | null; secret: boolean };
  }
}

const ConversationParams = Type.Object({ conversationId: Type.String({ minLength: 8, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$" }) });
type ConversationParams = Static<typeof ConversationParams>;
// Checked by readWatermark, so a bad one is refused in Direct Line's words; `t` is the stream's token.
const Watermark = Type.Object({ watermark: Type.Optional(Type.String()), t: Type.Optional(Type.String()) });

const PostedActivity = Type.Object(
  {
    type: Type.String({ minLength: 1 }),
    text: Type.Optional(Type.String()),
    from: Type.Optional(Type.Object({ id: Type.Optional(Type.String()) }, { additionalProperties: true })),
    channelData: Type.Optional(Type.Object({ clientActivityID: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: true })),
  },
  { additionalProperties: true },
);
type PostedActivity = Static<typeof PostedActivity>;

function problem(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).send({ error: { code: error, message } });
}

/** Our message sequence number, so a safe integer (a bigger one would fail in the database, not here). */
function watermarkOf(value: string | undefined): bigint | null {
  if (!value) return 0n;
  return /^[0-9]{1,16}$/.test(value) && Number(value) <= Number.MAX_SAFE_INTEGER ? BigInt(value) : null;
}

/** A client's own id for its message, kept as part of ours: cleaned, and absent if nothing is left of it. */
function clientIdOf(value: unknown): string | undefined {
  return typeof value === "string" ? cleanInboundId(value, MAX_CLIENT_ID) || undefined : undefined;
}

export async function directLineRoutes(app: FastifyInstance): Promise<void> {
  const secret = app.config.directLineSecret;
  const landlordName = app.config.landlord.name;
  // Web Chat on the landlord's own website calls these from another origin. Bearer tokens, never cookies, so any
  // origin may: a page can only use a conversation it holds the token for. Only these paths: the staff API is not.
  app.addHook("onRequest", async (_request, reply) => {
    reply.header("access-control-allow-origin", "*");
  });
  app.options("/v3/directline/*", { schema: { hide: true } }, (_request, reply) =>
    reply
      .code(204)
      .header("access-control-allow-methods", "GET, POST")
      .header("access-control-allow-headers", "authorization, content-type, x-ms-bot-agent")
      .header("access-control-max-age", "600")
      .send(),
  );
  // Refusals before a handler runs (schema, JSON, body size) in Direct Line's shape too; faults go on to the app's handler.
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.validation) return problem(reply, 400, "BadArgument", error.message);
    if (error.statusCode === 413) return problem(reply, 413, "MessageSizeTooBig", error.message);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return problem(reply, error.statusCode, "BadArgument", error.message);
    throw error;
  });
  await app.register(multipart, { limits: { fileSize: MAX_MEDIA_BYTES, files: MAX_FILES, fields: 4 } });
  // Direct Line clients post an empty body with a JSON content type to start a conversation or get a token.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: 64 * 1024 }, (request, body, done) =>
    body === "" ? done(null, undefined) : parseJson(request, body as string, done),
  );

  /** Bearer token or secret, or `t=` on the stream (browsers cannot set headers on a WebSocket). */
  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization;
    const bearer = typeof header === "string" && header.startsWith("Bearer ") ? header.slice(7).trim() : (request.query as { t?: unknown }).t;
    if (typeof bearer !== "string" || !bearer) return problem(reply, 401, "Unauthorized", "Send Authorization: Bearer <token>; get a token from POST /v3/directline/tokens/generate");
    if (isSecret(secret, bearer)) {
      request.directLine = { claims: null, secret: true };
      return;
    }
    const claims = readToken(secret, bearer, app.clock());
    if (!claims) return problem(reply, 403, "TokenExpired", "The token is not valid or has expired; get a new one");
    const wanted = (request.params as Partial<ConversationParams>).conversationId;
    if (wanted && wanted !== claims.conversationId) return problem(reply, 403, "Forbidden", "The token is for another conversation");
    request.directLine = { claims, secret: false };
  }

  async function readWatermark(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (watermarkOf((request.query as Static<typeof Watermark>).watermark) === null) {
      return problem(reply, 400, "BadArgument", `watermark must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
    }
  }

  /** The tenant's id in the conversation: from the token, or, with the secret, what the client says (checked). */
  function userIdOf(request: FastifyRequest, fromId?: unknown): string {
    return request.directLine?.claims?.userId ?? (typeof fromId === "string" && /^[A-Za-z0-9_:-]{1,64}$/.test(fromId) ? fromId : "user");
  }

  async function conversationRow(conversationId: string) {
    return app.prisma.conversation.findUnique({ where: { channel_address: { channel: "webchat", address: conversationId } }, select: { id: true, address: true } });
  }

  function streamUrl(request: FastifyRequest, conversationId: string, token: string): string {
    // The address the client reached us on: the stream is on the same server.
    const scheme = request.protocol === "https" ? "wss" : "ws";
    return `${scheme}://${request.host}/v3/directline/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}`;
  }

  /** The first turn: the privacy notice and the menu, so nobody has to type anything to begin. Once per conversation. */
  async function open(conversationId: string): Promise<void> {
    await app.inbox.receive({ channel: "webchat", address: conversationId, body: "", providerSid: openingSid(conversationId), media: [] }, renderWebChat);
  }

  const tokenLimit = { rateLimit: { max: 30, timeWindow: "1 minute" } };

  app.post(
    "/v3/directline/tokens/generate",
    {
      config: tokenLimit,
      schema: { summary: "A token for one new web chat conversation (no secret needed: the chat is public)", tags: ["web chat"] },
    },
    async (request, reply) => {
      const header = request.headers.authorization;
      const bearer = typeof header === "string" && header.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
      if (bearer && !isSecret(secret, bearer)) return problem(reply, 403, "Forbidden", "That is not the Direct Line secret");
      const conversationId = newConversationId();
      const { token, expiresIn } = issueToken(secret, { conversationId, userId: newUserId() }, app.clock());
      return reply.send({ conversationId, token, expires_in: expiresIn });
    },
  );

  app.post(
    "/v3/directline/tokens/refresh",
    { preHandler: authenticate, config: tokenLimit, schema: { summary: "A fresh token for the same conversation", tags: ["web chat"] } },
    async (request, reply) => {
      const claims = request.directLine?.claims;
      if (!claims) return problem(reply, 400, "BadArgument", "Refresh a token, not the secret");
      const { token, expiresIn } = issueToken(secret, claims, app.clock());
      return reply.send({ conversationId: claims.conversationId, token, expires_in: expiresIn });
    },
  );

  // Any JSON at all: only user.id is read, and only when it is a string of the shape userIdOf allows.
  app.post<{ Body: { user?: { id?: unknown } } | null | undefined }>(
    "/v3/directline/conversations",
    { preHandler: authenticate, schema: { summary: "Start (or rejoin) the conversation; the bot greets and shows the menu", tags: ["web chat"] } },
    async (request, reply) => {
      const claims = request.directLine?.claims ?? { conversationId: newConversationId(), userId: userIdOf(request, request.body?.user?.id) };
      const { token, expiresIn } = issueToken(secret, claims, app.clock());
      await open(claims.conversationId);
      return reply.code(201).send({ conversationId: claims.conversationId, token, expires_in: expiresIn, streamUrl: streamUrl(request, claims.conversationId, token) });
    },
  );

  app.get<{ Params: ConversationParams; Querystring: Static<typeof Watermark> }>(
    "/v3/directline/conversations/:conversationId",
    { preHandler: [authenticate, readWatermark], schema: { summary: "Reconnect: a new stream address", tags: ["web chat"], params: ConversationParams, querystring: Watermark } },
    async (request, reply) => {
      if (!(await conversationRow(request.params.conversationId))) return problem(reply, 404, "NotFound", "No such conversation");
      const claims = request.directLine?.claims ?? { conversationId: request.params.conversationId, userId: "user" };
      const { token, expiresIn } = issueToken(secret, claims, app.clock());
      return reply.send({ conversationId: claims.conversationId, token, expires_in: expiresIn, streamUrl: streamUrl(request, claims.conversationId, token) });
    },
  );

  app.get<{ Params: ConversationParams; Querystring: Static<typeof Watermark> }>(
    "/v3/directline/conversations/:conversationId/activities",
    { preHandler: [authenticate, readWatermark], schema: { summary: "Activities after the watermark", tags: ["web chat"], params: ConversationParams, querystring: Watermark } },
    async (request, reply) => {
      const conversation = await conversationRow(request.params.conversationId);
      if (!conversation) return problem(reply, 404, "NotFound", "No such conversation; start it with POST /v3/directline/conversations");
      const userId = userIdOf(request);
      const watermark = watermarkOf(request.query.watermark)!; // readWatermark has refused anything else
      return reply.send(await activitiesSince(app.prisma, conversation, watermark, userId, landlordName));
    },
  );

  app.post<{ Params: ConversationParams; Body: PostedActivity }>(
    "/v3/directline/conversations/:conversationId/activities",
    {
      preHandler: authenticate,
      // The tenant's messages: a per-IP limit could drop a family sharing one connection.
      config: { rateLimit: { max: 120, timeWindow: "1 minute" } },
      schema: { summary: "Send the tenant's message to the bot", tags: ["web chat"], params: ConversationParams, body: PostedActivity },
    },
    async (request, reply) => {
      const { conversationId } = request.params;
      const activity = request.body;
      if (activity.type !== "message") return reply.send({ id: randomUUID() }); // typing, events: nothing to do
      // Not cut: a message too long is refused, so the tenant's words are never lost without their knowing.
      const text = cleanInboundText(activity.text ?? "", Infinity);
      if (text === "") return problem(reply, 400, "BadArgument", "A message needs text (a photo goes to /upload)");
      if (Array.from(text).length > MAX_TEXT) return problem(reply, 400, "MessageSizeTooBig", `A message can be at most ${MAX_TEXT} characters`);
      const providerSid = postedSid(conversationId, clientIdOf(activity.channelData?.clientActivityID) ?? randomUUID());
      const result = await app.inbox.receive({ channel: "webchat", address: conversationId, body: text, providerSid, media: [] }, renderWebChat);
      app.webChat.notify(conversationId);
      const id = result.inboundId ?? (await app.prisma.message.findUnique({ where: { providerSid }, select: { id: true } }))?.id;
      return reply.send({ id });
    },
  );

  app.post<{ Params: ConversationParams }>(
    "/v3/directline/conversations/:conversationId/upload",
    {
      preHandler: authenticate,
      config: { rateLimit: { max: 30, timeWindow: "1 minute" } },
      schema: { summary: "Send photos (multipart: an 'activity' part and one or more files)", tags: ["web chat"], params: ConversationParams, consumes: ["multipart/form-data"] },
    },
    async (request, reply) => {
      if (!request.isMultipart()) return problem(reply, 400, "BadArgument", "Send multipart/form-data with the photo as a file part");
      const { conversationId } = request.params;
      let text = "";
      let clientActivityID: string | undefined;
      const files: { contentType: string; data: Buffer }[] = [];
      try {
        for await (const part of request.parts()) {
          if (part.type !== "file") continue;
          const data = await part.toBuffer();
          if (part.fieldname === "activity") {
            const posted = JSON.parse(data.toString("utf8")) as { text?: unknown; channelData?: { clientActivityID?: unknown } } | null;
            // The caption is cut rather than refused: the photo matters more than its last words.
            text = typeof posted?.text === "string" ? cleanInboundText(posted.text, MAX_TEXT) : "";
            clientActivityID = clientIdOf(posted?.channelData?.clientActivityID);
          } else {
            files.push({ contentType: part.mimetype, data });
          }
        }
      } catch (error) {
        const { code } = error as { code?: string };
        if (code === "FST_REQ_FILE_TOO_LARGE") return problem(reply, 413, "MessageSizeTooBig", "A photo can be at most 5 MB");
        if (code === "FST_FILES_LIMIT") return problem(reply, 413, "MessageSizeTooBig", `At most ${MAX_FILES} photos at once`);
        if (error instanceof SyntaxError) return problem(reply, 400, "BadArgument", "The 'activity' part is not JSON");
        return problem(reply, 400, "BadArgument", "The upload could not be read: send multipart/form-data with an 'activity' part of JSON");
      }
      if (files.length === 0) return problem(reply, 400, "BadArgument", "No file in the upload");
      const refused = files.find((file) => !isAcceptedMedia(file.contentType));
      if (refused) return problem(reply, 415, "UnsupportedMediaType", `A ${refused.contentType || "file of unknown type"} cannot be sent: send a photo or video`);
      const providerSid = postedSid(conversationId, clientActivityID ?? randomUUID());
      const media = files.map((file) => ({ url: "directline:upload", contentType: file.contentType }));
      const result = await app.inbox.receive({ channel: "webchat", address: conversationId, body: text, providerSid, media }, renderWebChat);
      if (result.inboundId) {
        const message = { id: result.inboundId, conversationId: result.conversationId };
        for (const file of files) {
          const stored: Fetched = { ok: true, contentType: file.contentType, data: file.data };
          await recordAttachment(app.prisma, message, file.contentType, stored);
        }
      }
      app.webChat.notify(conversationId);
      return reply.send({ id: result.inboundId ?? providerSid });
    },
  );

  app.get<{ Params: ConversationParams; Querystring: Static<typeof Watermark> }>(
    "/v3/directline/conversations/:conversationId/stream",
    { websocket: true, preHandler: [authenticate, readWatermark], schema: { hide: true, params: ConversationParams, querystring: Watermark } },
    (socket, request) => {
      const { conversationId } = request.params;
      const userId = userIdOf(request);
      let watermark = watermarkOf(request.query.watermark)!;
      let busy = false;
      let again = false;
      const push = async (): Promise<void> => {
        if (busy) {
          again = true;
          return;
        }
        busy = true;
        try {
          do {
            again = false;
            const conversation = await conversationRow(conversationId);
            if (!conversation) return;
            const page = await activitiesSince(app.prisma, conversation, watermark, userId, landlordName);
            if (BigInt(page.watermark) === watermark) continue;
            watermark = BigInt(page.watermark);
            if (page.activities.length > 0 && socket.readyState === socket.OPEN) socket.send(JSON.stringify(page));
          } while (again);
        } catch (error) {
          request.log.error({ err: error, event: "directline.stream_failed" }, "could not read the web chat's messages");
        } finally {
          busy = false;
        }
      };
      const stopWatching = app.webChat.watch(conversationId, () => void push());
      const timer = setInterval(() => void push(), STREAM_POLL_MS);
      socket.on("close", () => {
        clearInterval(timer);
        stopWatching();
      });
      void push();
    },
  );
}

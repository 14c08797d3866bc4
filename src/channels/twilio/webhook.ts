// Twilio's SMS and WhatsApp webhooks: check the signature, turn the form into an inbound message, answer in TwiML.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import type { Prisma } from "@prisma/client";
import twilio from "twilio";
import { forButtons, render } from "../../conversation/content";
import { toPlainText } from "../../conversation/render";
import type { Channel, OutboundMessage, Tap } from "../../conversation/types";
import type { RenderedMessage, StoredReply } from "../../inbox/inbox";
import { SEND_STATUS } from "../../inbox/outbound";
import { cleanInboundId, cleanInboundText } from "../text";
import { interactiveContent } from "./content";
import { normalisePhone } from "../../tenants/phone";
import { sanitiseForSms, smsSegments } from "./gsm";
import { storeMedia } from "./media";

const InboundForm = Type.Object(
  {
    MessageSid: Type.String({ minLength: 1 }),
    From: Type.String({ minLength: 1 }),
    To: Type.Optional(Type.String()),
    Body: Type.Optional(Type.String()),
    NumMedia: Type.Optional(Type.String({ pattern: "^[0-9]+$" })),
    OptOutType: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
type InboundForm = Static<typeof InboundForm> & Record<string, string | undefined>;

const MAX_MEDIA = 10;
/** Longer texts arrive from Twilio as one concatenated Body; anything past this is not a tenant's message. */
const MAX_BODY = 1_600;
const MAX_ADDRESS = 64;

export function renderSms(message: OutboundMessage): RenderedMessage {
  const text = sanitiseForSms(toPlainText(message));
  return { text, segments: smsSegments(text).segments };
}

/** Numbered text, as SMS; the buttons are kept so they can go as a Content template where one is configured. */
export function renderWhatsApp(message: OutboundMessage): RenderedMessage {
  return { text: toPlainText(message), taps: message.taps };
}

/** The message without the numbered lines toPlainText added, for a template that shows the choices as buttons. */
function withoutNumbers(text: string, taps: Tap[]): string {
  const lines = text.split("\n");
  const numbered = taps.map((tap, index) => `${index + 1} ${tap.label}`);
  const tail = lines.slice(-numbered.length);
  return numbered.length > 0 && tail.join("\n") === numbered.join("\n") ? lines.slice(0, -numbered.length).join("\n") : text;
}

/** Rejects any request whose X-Twilio-Signature does not match PUBLIC_URL + path and every form parameter. */
export function twilioSignatureCheck(authToken: string, publicUrl: string) {
  return async function checkSignature(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const signature = request.headers["x-twilio-signature"];
    const params = (request.body ?? {}) as Record<string, string>;
    // Never the Host or X-Forwarded-* headers: the URL Twilio signed is the public one we configured.
    const url = publicUrl + request.url;
    if (typeof signature !== "string" || !twilio.validateRequest(authToken, signature, url, params)) {
      request.log.warn({ event: "twilio.signature_rejected" }, "webhook signature did not match");
      await reply.code(403).send({ error: "forbidden", message: "X-Twilio-Signature is missing or does not match" });
    }
  };
}

function mediaOf(form: InboundForm): { url: string; contentType: string }[] {
  const count = Math.min(Number(form.NumMedia ?? "0"), MAX_MEDIA);
  const media: { url: string; contentType: string }[] = [];
  for (let index = 0; index < count; index += 1) {
    const url = form[`MediaUrl${index}`];
    if (url) media.push({ url, contentType: form[`MediaContentType${index}`] ?? "application/octet-stream" });
  }
  return media;
}

function handledKeyword(form: InboundForm): "STOP" | "START" | "HELP" | undefined {
  const type = form.OptOutType?.toUpperCase();
  return type === "STOP" || type === "START" || type === "HELP" ? type : undefined;
}

const StatusForm = Type.Object(
  {
    MessageSid: Type.String({ minLength: 1 }),
    MessageStatus: Type.String({ minLength: 1 }),
    ErrorCode: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export async function twilioWebhooks(app: FastifyInstance): Promise<void> {
  const { twilioAuthToken, publicUrl } = app.config;
  const preValidation = twilioSignatureCheck(twilioAuthToken, publicUrl);
  const contentSids = app.config.whatsappContent;
  const canSendContent = Object.keys(contentSids).length > 0 && Boolean(app.config.twilio.accountSid && app.config.twilio.from);
  const listButton = render("whatsapp.list_button", {});

  /**
   * TwiML cannot carry a Content template, so when any written-down reply has buttons that fit one, all of them go
   * by the outbound queue, in order, and the webhook answers empty TwiML. Returns the replies still to go in TwiML.
   */
  async function queueAsContent(replies: StoredReply[]): Promise<StoredReply[]> {
    if (!canSendContent || replies.length === 0 || replies.some((stored) => !stored.id)) return replies;
    const contents = replies.map((stored) =>
      interactiveContent(forButtons(withoutNumbers(stored.text, stored.taps ?? [])), stored.taps ?? [], contentSids, listButton),
    );
    if (!contents.some(Boolean)) return replies;
    const ids = replies.map((stored) => stored.id!);
    // Only replies not yet handed over: a repeated webhook must not reset a reply already sent.
    await app.prisma.$transaction(
      ids.map((id, index) =>
        app.prisma.message.updateMany({ where: { id, deliveryStatus: null }, data: { deliveryStatus: SEND_STATUS.queued, content: (contents[index] as Prisma.InputJsonObject | null) ?? undefined } }),
      ),
    );
    await app.outbound.queue(ids);
    return [];
  }

  const routes: { path: string; channel: Channel; render: (message: OutboundMessage) => RenderedMessage }[] = [
    { path: "/webhooks/twilio/sms", channel: "sms", render: renderSms },
    { path: "/webhooks/twilio/whatsapp", channel: "whatsapp", render: renderWhatsApp },
  ];
  for (const route of routes) {
    app.post<{ Body: InboundForm }>(
      route.path,
      {
        preValidation,
        // Every tenant's text arrives from Twilio's addresses: a per-IP limit would drop tenants' messages.
        config: { rateLimit: false },
        schema: {
          summary: `Twilio ${route.channel === "sms" ? "SMS" : "WhatsApp"} webhook`,
          tags: ["webhooks"],
          consumes: ["application/x-www-form-urlencoded"],
          body: InboundForm,
          produces: ["text/xml"],
        },
      },
      async (request, reply) => {
        const form = request.body;
        const media = mediaOf(form);
        const result = await app.inbox
          .receiveOrSpool(
            {
              channel: route.channel,
              address: normalisePhone(cleanInboundId(form.From.replace(/^whatsapp:/, ""), MAX_ADDRESS)),
              body: cleanInboundText(form.Body ?? "", MAX_BODY),
              providerSid: cleanInboundId(form.MessageSid, MAX_ADDRESS),
              media,
              handledKeyword: handledKeyword(form),
            },
            route.render,
          )
          .catch((error: unknown) => {
            // Neither the database nor the spool could keep it: a 503 makes Twilio try again (README: #rc=5&rp=all).
            request.log.error({ err: error, event: "inbox.refused" }, "message could not be kept anywhere; asking Twilio to retry");
            return null;
          });
        if (!result) return reply.code(503).header("Retry-After", "5").send({ error: "unavailable", message: "The message could not be kept; send it again" });
        if (!result.spooled && result.inboundId && media.length > 0) {
          // Fetched after the reply, so a slow download never holds up the tenant's answer; the URLs are already stored.
          app.trackJob(storeMedia(app.prisma, request.log, app.mediaSettings, { id: result.inboundId, conversationId: result.conversationId, media }));
        }
        const answers = route.channel === "whatsapp" ? await queueAsContent(result.replies) : result.replies;
        const twiml = new twilio.twiml.MessagingResponse();
        for (const answer of answers) {
          // Ask Twilio to report delivery of each reply, so staff can see a tenant who never got one.
          const action = answer.id ? `${publicUrl}/webhooks/twilio/status?message=${answer.id}` : undefined;
          twiml.message(action ? { action, method: "POST" } : {}, answer.text);
        }
        return reply.type("text/xml").send(twiml.toString());
      },
    );
  }

  app.post<{ Body: Static<typeof StatusForm>; Querystring: { message: string } }>(
    "/webhooks/twilio/status",
    {
      preValidation,
      config: { rateLimit: false },
      schema: {
        summary: "Twilio delivery status callback for one of our replies",
        tags: ["webhooks"],
        consumes: ["application/x-www-form-urlencoded"],
        querystring: Type.Object({ message: Type.String({ format: "uuid" }) }),
        body: StatusForm,
      },
    },
    async (request, reply) => {
      const { MessageSid, MessageStatus, ErrorCode } = request.body;
      const known = await app.inbox.recordDelivery(request.query.message, MessageSid, MessageStatus, ErrorCode);
      if (!known) return reply.code(404).send({ error: "not_found", message: "No reply with that id" });
      return reply.code(204).send();
    },
  );
}

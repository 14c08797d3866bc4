// Microsoft channels (Teams, Azure Web Chat, Direct Line through Azure Bot Service) through the Microsoft 365 Agents
// SDK at POST /api/messages. The SDK checks the caller's JWT when MICROSOFT_APP_ID is set; without it only anonymous
// local use (the Agents Playground, the Bot Framework Emulator) is allowed, and in production the channels are off.
import { Activity, ActionTypes, ActivityTypes } from "@microsoft/agents-activity";
import {
  authorizeJWT,
  CloudAdapter,
  getAuthConfigWithDefaults,
  type AuthConfiguration,
  type Request as AgentRequest,
  type TurnContext,
  type WebResponse,
} from "@microsoft/agents-hosting";
import { Prisma } from "@prisma/client";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { forButtons } from "../../conversation/content";
import type { OutboundMessage, Tap } from "../../conversation/types";
import type { RenderedMessage, StoredReply } from "../../inbox/inbox";
import { ChannelNotConfigured, type OutboundSender, type OutboundText, type Sent } from "../../inbox/outbound";
import { cleanInboundId, cleanInboundText, storableJson } from "../text";
import { download, isAcceptedMedia, recordAttachment, type Fetched } from "../twilio/media";

const MAX_TEXT = 2000;
const MAX_MEDIA = 10;
const MAX_ADDRESS = 250;
const MAX_ID = 100;
const MAX_URL = 2000;

/** Choices become suggested actions: buttons under the message that send their words back. */
export function renderMicrosoft(message: OutboundMessage): RenderedMessage {
  return { text: message.choices.length > 0 ? forButtons(message.text) : message.text, taps: message.taps };
}

function toActivity(reply: { text: string; taps?: Tap[] }): Activity {
  const activity = Activity.fromObject({ type: ActivityTypes.Message, text: reply.text, textFormat: "plain" });
  if (reply.taps?.length) {
    activity.suggestedActions = {
      to: [],
      actions: reply.taps.map((tap) => ({ type: ActionTypes.ImBack, title: `${tap.icon} ${tap.label}`.trim(), value: tap.label })),
    };
  }
  return activity;
}

/**
 * Files sent with a message (Teams labels inline pictures "image/*"). Kept whatever they are: a photo or video goes
 * on the case; anything else is recorded, and the engine hands it to a person, as for a voice note by text.
 */
function mediaIn(activity: Activity): { url: string; contentType: string }[] {
  return (activity.attachments ?? [])
    .filter((attachment) => attachment.contentUrl)
    .slice(0, MAX_MEDIA)
    .map((attachment) => ({ url: cleanInboundId(attachment.contentUrl!, MAX_URL), contentType: cleanInboundId(attachment.contentType, MAX_ID) }));
}

/** Our address for a conversation on a Microsoft channel: which channel, and its own conversation id. */
function addressOf(activity: Activity): string {
  return cleanInboundId(`${activity.channelId ?? "unknown"}:${activity.conversation!.id}`, MAX_ADDRESS);
}

/**
 * Why a body is not an activity this endpoint can take, before the SDK sees it (the SDK throws on a wrong type and
 * answers a missing conversation with an empty 400); null when it is one.
 */
function activityProblem(body: unknown): string | null {
  if (!body || typeof body !== "object" || Array.isArray(body)) return "Send an Activity as a JSON object";
  try {
    Activity.fromObject(structuredClone(body));
  } catch (error) {
    const issue = (error as { issues?: { path: (string | number)[]; message: string }[] }).issues?.[0];
    if (!issue) throw error;
    return `Not an Activity: ${issue.path.join(".") || "the body"}: ${issue.message}`;
  }
  const { type, conversation, serviceUrl } = body as { type?: unknown; conversation?: { id?: unknown }; serviceUrl?: unknown };
  if (!type) return "An Activity needs a type";
  if (typeof conversation?.id !== "string" || conversation.id.trim() === "") return "An Activity needs conversation.id";
  // Replies and media come from the serviceUrl, so it must be a web address we could call.
  if (typeof serviceUrl !== "string" || !isWebAddress(serviceUrl)) return "An Activity needs serviceUrl, the channel's https address";
  return null;
}

function isWebAddress(url: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** The SDK's Express-style response, over Fastify's reply: it sets a status and body, we send them. */
function responseFor(reply: FastifyReply): WebResponse & { body: unknown; ended: boolean } {
  const response = {
    body: undefined as unknown,
    ended: false,
    headersSent: false,
    get writableEnded() {
      return response.ended;
    },
    status(code: number) {
      reply.code(code);
      return response;
    },
    setHeader(name: string, value: string) {
      reply.header(name, value);
      return response;
    },
    send(body?: unknown) {
      response.body = body;
      return response;
    },
    end() {
      response.ended = true;
      return response;
    },
  };
  return response;
}

export class AgentsChannel implements OutboundSender {
  readonly adapter: CloudAdapter;
  readonly authConfig: AuthConfiguration;

  constructor(private readonly app: FastifyInstance) {
    const { appId, password, tenantId } = app.config.microsoftApp;
    this.authConfig = getAuthConfigWithDefaults(appId ? { clientId: appId, clientSecret: password, tenantId } : {});
    this.adapter = new CloudAdapter(this.authConfig);
    // The SDK's default tells the tenant to "fix the source code"; ours apologises (the inbox has told staff).
    this.adapter.onTurnError = async (context, error) => {
      app.log.error({ err: error, event: "agents.turn_failed" }, "a Microsoft channel turn failed");
      await context.sendActivity(toActivity({ text: `Sorry, something went wrong. Please try again, or ring ${app.config.landlord.phone}.` }));
    };
  }

  /** One turn: the tenant's message (or their joining the chat) goes through the same inbox as SMS. */
  async turn(context: TurnContext): Promise<void> {
    const { activity } = context;
    const address = addressOf(activity);
    let body: string;
    let providerSid: string | undefined;
    let media: { url: string; contentType: string }[] = [];
    if (activity.type === ActivityTypes.Message) {
      body = cleanInboundText(activity.text ?? "", MAX_TEXT);
      const id = cleanInboundId(activity.id ?? "", MAX_ID);
      providerSid = id ? `ms:${address}:${id}` : undefined;
      media = mediaIn(activity);
    } else if (activity.type === ActivityTypes.ConversationUpdate && activity.membersAdded?.some((member) => member.id !== activity.recipient?.id)) {
      body = ""; // someone opened the chat: the greeting and the menu, once
      providerSid = `ms-open:${address}`;
    } else {
      return;
    }
    const result = await this.app.inbox.receive(
      { channel: "microsoft", address, body, providerSid: providerSid ?? `ms:${address}:${Date.now()}`, media },
      renderMicrosoft,
    );
    if (result.inboundId && media.length > 0) {
      // Fetched after the reply, as for Twilio: a slow download never holds up the tenant's answer.
      const message = { id: result.inboundId, conversationId: result.conversationId };
      this.app.trackJob(this.storeMedia(context, message, media));
    }
    // Kept so staff can answer later on the same channel (a proactive message needs the conversation's reference).
    const reference = JSON.parse(JSON.stringify(activity.getConversationReference())) as Prisma.InputJsonValue;
    await this.app.prisma.conversation.update({ where: { id: result.conversationId }, data: { reference } });
    for (const reply of result.replies) await context.sendActivity(toActivity(reply));
  }

  /**
   * Keeps each photo, video or voice note on the tenant's case (anything else is recorded as refused, with why). Fetched only from the channel's own service (the host of the activity's
   * serviceUrl), with the bot's Bot Service token when an app id is configured, so a crafted activity cannot make the
   * server fetch anything else.
   */
  private async storeMedia(context: TurnContext, message: { id: string; conversationId: string }, media: { url: string; contentType: string }[]): Promise<void> {
    const { activity } = context;
    const service = new URL(activity.serviceUrl ?? "http://invalid");
    let headers: Record<string, string> = {};
    if (this.authConfig.clientId) {
      const provider = this.adapter.connectionManager.getTokenProviderFromActivity(context.identity, activity);
      headers = { authorization: `Bearer ${await provider.getAccessToken("https://api.botframework.com")}` };
    }
    for (const item of media) {
      let fetched: Fetched;
      try {
        const target = new URL(item.url);
        // Teams says only "image/*" for a picture it shows inline; download() checks the real type either way.
        if (item.contentType !== "image/*" && !isAcceptedMedia(item.contentType)) fetched = { ok: false, reason: `type ${item.contentType} is not accepted` };
        else if (target.host !== service.host) fetched = { ok: false, reason: "not an address of the channel's own service" };
        else fetched = await download(target, headers, "The channel");
      } catch (error) {
        fetched = { ok: false, reason: error instanceof Error ? error.message.slice(0, 200) : "fetch failed" };
      }
      await recordAttachment(this.app.prisma, message, item.contentType, fetched);
      if (!fetched.ok) this.app.log.warn({ event: "media.rejected", messageId: message.id, reason: fetched.reason }, "a tenant's media was not stored");
    }
  }

  /** A staff reply or notice, sent into the conversation it belongs to. */
  async send(message: OutboundText): Promise<Sent> {
    const conversation = await this.app.prisma.conversation.findUnique({
      where: { channel_address: { channel: "microsoft", address: message.to } },
      select: { reference: true },
    });
    if (!conversation?.reference) throw new ChannelNotConfigured("no way back to this Microsoft conversation");
    let sentId: string | null = null;
    const reference = conversation.reference as unknown as Parameters<CloudAdapter["continueConversation"]>[1];
    await this.adapter.continueConversation(this.authConfig.clientId ?? "anonymous", reference, async (context) => {
      sentId = (await context.sendActivity(toActivity({ text: message.body })))?.id ?? null;
    });
    return { providerSid: sentId, status: "sent" };
  }
}

const ROUTE_SCHEMA = { summary: "Microsoft 365 Agents SDK endpoint for Azure Bot Service channels (Teams, Web Chat, Direct Line)", tags: ["webhooks"] };

export async function agentsRoutes(app: FastifyInstance): Promise<void> {
  // The SDK will not start in production without an app id; Microsoft channels are optional, so they are off instead.
  if (app.config.env === "production" && !app.config.microsoftApp.appId) {
    app.log.info({ event: "agents.off" }, "Microsoft channels (/api/messages) are off because MICROSOFT_APP_ID is unset");
    app.post("/api/messages", { config: { rateLimit: false }, schema: ROUTE_SCHEMA }, async (_request, reply) =>
      reply.code(503).send({ error: "channel_off", message: "Microsoft channels are off on this server: MICROSOFT_APP_ID is not set" }),
    );
    return;
  }
  const channel = new AgentsChannel(app);
  app.sender.register("microsoft", channel);
  const authorize = authorizeJWT(channel.authConfig);

  app.post(
    "/api/messages",
    {
      // Azure Bot Service calls from a few addresses for every tenant: a per-IP limit would drop their messages.
      config: { rateLimit: false },
      schema: ROUTE_SCHEMA,
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const response = responseFor(reply);
      const agentRequest = request as unknown as AgentRequest & { user?: unknown };
      let authorised = false;
      await authorize(agentRequest as never, response as never, () => {
        authorised = true;
      });
      if (!authorised) return reply.send(response.body ?? { error: "unauthorised", message: "Send a valid Bot Service token" });
      const problem = activityProblem(request.body);
      if (problem) return reply.code(400).send({ error: "bad_request", message: problem });
      // NUL and lone surrogates out of every string, so the conversation reference kept from it can always be stored.
      agentRequest.body = storableJson(request.body) as AgentRequest["body"];
      await channel.adapter.process(agentRequest, response, (context) => channel.turn(context));
      if (response.body === undefined && reply.statusCode >= 400) return reply.send({ error: "bad_request", message: "The channel refused this activity" });
      return response.body === undefined ? reply.send() : reply.send(response.body);
    },
  );
}

// Messages we start (not replies to a webhook): sent through Twilio's REST API with the official client. Delivery
// reports come back to /webhooks/twilio/status like those for replies.
import twilio from "twilio";
import type { OutboundSender, OutboundText, Sent } from "../../inbox/outbound";

export interface TwilioRestSettings {
  accountSid: string;
  authToken: string;
  /** The number (or WhatsApp sender) messages come from. */
  from: string;
  publicUrl: string;
  /** Only to point the client at a stand-in for Twilio's API (tests, a proxy); Twilio's own address otherwise. */
  apiBaseUrl?: string;
}

export class TwilioRestSender implements OutboundSender {
  private readonly client: twilio.Twilio;

  constructor(private readonly settings: TwilioRestSettings) {
    // A hung API must not hold a send job for ever; the queue tries again after asking what went out.
    this.client = twilio(settings.accountSid, settings.authToken, { autoRetry: true, maxRetries: 2, timeout: 10_000 });
    if (settings.apiBaseUrl) this.client.api.baseUrl = settings.apiBaseUrl;
  }

  async send(message: OutboundText): Promise<Sent> {
    const prefix = message.channel === "whatsapp" ? "whatsapp:" : "";
    const what = message.content
      ? { contentSid: message.content.sid, contentVariables: JSON.stringify(message.content.variables) }
      : { body: message.body };
    const sent = await this.client.messages.create({
      to: `${prefix}${message.to}`,
      from: `${prefix}${this.settings.from}`,
      ...what,
      statusCallback: `${this.settings.publicUrl}/webhooks/twilio/status?message=${message.id}`,
    });
    return { providerSid: sent.sid, status: sent.status };
  }

  /** A message with this body to this number since `since`: a try that timed out did go out. */
  async findSent(message: OutboundText, since: Date): Promise<string | null> {
    if (message.content) return null; // a template's words are Twilio's, not ours to compare
    const prefix = message.channel === "whatsapp" ? "whatsapp:" : "";
    const recent = await this.client.messages.list({ to: `${prefix}${message.to}`, from: `${prefix}${this.settings.from}`, dateSentAfter: since, limit: 20 });
    return recent.find((sent) => sent.body === message.body)?.sid ?? null;
  }
}

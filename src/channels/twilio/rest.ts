// Messages we start (not replies to a webhook): sent through Twilio's REST API with the official client. Delivery
// reports come back to /webhooks/twilio/status like those for replies.
import twilio from "twilio";

export interface OutboundText {
  /** Our message id, for the delivery report. */
  id: string;
  channel: "sms" | "whatsapp";
  /** E.164. */
  to: string;
  body: string;
}

/** Sends a message we start; resolves to Twilio's message id and status. */
export interface OutboundSender {
  send(message: OutboundText): Promise<{ providerSid: string; status: string }>;
}

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
    this.client = twilio(settings.accountSid, settings.authToken, { autoRetry: true, maxRetries: 2 });
    if (settings.apiBaseUrl) this.client.api.baseUrl = settings.apiBaseUrl;
  }

  async send(message: OutboundText): Promise<{ providerSid: string; status: string }> {
    const prefix = message.channel === "whatsapp" ? "whatsapp:" : "";
    const sent = await this.client.messages.create({
      to: `${prefix}${message.to}`,
      from: `${prefix}${this.settings.from}`,
      body: message.body,
      statusCallback: `${this.settings.publicUrl}/webhooks/twilio/status?message=${message.id}`,
    });
    return { providerSid: sent.sid, status: sent.status };
  }
}

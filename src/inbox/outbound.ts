// Sends a message we start (a staff reply, a code to a new number) that is already written down as an outbound
// message, on the tenant's own channel, and records what the channel said. Called only after the transaction that
// wrote it has committed.
import type { PrismaClient } from "@prisma/client";
import type { FastifyBaseLogger } from "fastify";
import type { Channel } from "../conversation/types";

export interface OutboundText {
  /** Our message id, for the delivery report. */
  id: string;
  channel: Channel;
  /** The tenant's address on the channel: E.164 for SMS and WhatsApp. */
  to: string;
  body: string;
  /** WhatsApp only: send this Content template instead of the plain body (the body is what it says, for the record). */
  content?: { sid: string; variables: Record<string, string> };
}

export interface Sent {
  providerSid: string | null;
  status: string;
}

/** Sends a message we start on one channel; resolves to the channel's message id and status. */
export interface OutboundSender {
  send(message: OutboundText): Promise<Sent>;
}

/** A channel that is not set up here (no Twilio account): the message stays written down, marked not sent. */
export class ChannelNotConfigured extends Error {}

/** Sends each message by its channel's own sender. */
export class ChannelSenders implements OutboundSender {
  constructor(private readonly senders: Partial<Record<Channel, OutboundSender>>) {}

  send(message: OutboundText): Promise<Sent> {
    const sender = this.senders[message.channel];
    if (!sender) throw new ChannelNotConfigured(message.channel === "sms" || message.channel === "whatsapp" ? "no Twilio account configured" : `no ${message.channel} sender`);
    return sender.send(message);
  }

  /** Adds a channel's sender once it exists (the Agents SDK adapter is built with its routes). */
  register(channel: Channel, sender: OutboundSender): void {
    this.senders[channel] = sender;
  }
}

export async function deliver(prisma: PrismaClient, sender: OutboundSender, log: FastifyBaseLogger, text: OutboundText): Promise<string> {
  try {
    const sent = await sender.send(text);
    await prisma.message.update({ where: { id: text.id }, data: { providerSid: sent.providerSid, deliveryStatus: sent.status } });
    return sent.status;
  } catch (error) {
    if (error instanceof ChannelNotConfigured) {
      log.warn({ event: "outbound.not_sent", messageId: text.id }, `${error.message}, so a message was not sent`);
      await prisma.message.update({ where: { id: text.id }, data: { deliveryStatus: "not_sent", deliveryError: error.message } });
      return "not_sent";
    }
    log.error({ err: error, event: "outbound.failed", messageId: text.id }, "a message we started could not be sent");
    await prisma.message.update({
      where: { id: text.id },
      data: { deliveryStatus: "failed", deliveryError: error instanceof Error ? error.message.slice(0, 200) : "send failed" },
    });
    return "failed";
  }
}

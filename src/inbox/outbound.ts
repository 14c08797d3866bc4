// Sends a message we start (a staff reply, a code to a new number) that is already written down as an outbound
// message, and records what Twilio said. Called only after the transaction that wrote it has committed.
import type { PrismaClient } from "@prisma/client";
import type { FastifyBaseLogger } from "fastify";
import type { OutboundSender, OutboundText } from "../channels/twilio/rest";

export async function deliver(prisma: PrismaClient, sender: OutboundSender | undefined, log: FastifyBaseLogger, text: OutboundText): Promise<string> {
  if (!sender) {
    log.warn({ event: "outbound.not_sent", messageId: text.id }, "no Twilio account is configured, so a message was not sent");
    await prisma.message.update({ where: { id: text.id }, data: { deliveryStatus: "not_sent", deliveryError: "no Twilio account configured" } });
    return "not_sent";
  }
  try {
    const sent = await sender.send(text);
    await prisma.message.update({ where: { id: text.id }, data: { providerSid: sent.providerSid, deliveryStatus: sent.status } });
    return sent.status;
  } catch (error) {
    log.error({ err: error, event: "outbound.failed", messageId: text.id }, "a message we started could not be sent");
    await prisma.message.update({
      where: { id: text.id },
      data: { deliveryStatus: "failed", deliveryError: error instanceof Error ? error.message.slice(0, 200) : "send failed" },
    });
    return "failed";
  }
}

// The web chat's "sender": its messages are already in the database, where the Direct Line client reads them. This
// tells the open streams in this process to look now; streams also look every few seconds, for other instances.
import { EventEmitter } from "node:events";
import type { OutboundSender, OutboundText, Sent } from "../../inbox/outbound";

export class WebChatPickup implements OutboundSender {
  private readonly events = new EventEmitter().setMaxListeners(0);

  async send(message: OutboundText): Promise<Sent> {
    this.notify(message.to);
    return { providerSid: null, status: "sent" };
  }

  /** Something new was written in the conversation with this Direct Line id. */
  notify(conversationId: string): void {
    this.events.emit(conversationId);
  }

  /** Calls `listener` whenever the conversation has something new; returns how to stop. */
  watch(conversationId: string, listener: () => void): () => void {
    this.events.on(conversationId, listener);
    return () => this.events.off(conversationId, listener);
  }
}

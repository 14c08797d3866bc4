// Turns an outbound message into what a basic phone shows: the text, then one numbered choice per line.
import type { OutboundMessage } from "./types";

export function toPlainText(message: OutboundMessage): string {
  if (message.choices.length === 0) return message.text;
  const lines = message.choices.map((choice, index) => `${index + 1} ${choice}`);
  return [message.text, ...lines].join("\n");
}

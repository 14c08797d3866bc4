// Messages a turn asks to keep for a person to check what the bot understood. The engine only notes them in its
// result; the turn runner stores them with the turn (src/learning/reviews.ts), and nothing is learnt until a person
// has reviewed them.
import type { Intent } from "../../dialogs/nlu/intents";
import type { Understanding } from "../nlu/understand";
import type { ReviewReason, TurnContext } from "./types";

/** Keeps the tenant's words, with what the bot made of them, once per reason in a turn. */
export function keepForReview(context: TurnContext, reason: ReviewReason, text: string, understanding: Understanding, tenantChose?: Intent): void {
  // A bare number or a blank (a menu digit, a photo with no words) has nothing in it to learn from.
  if (!/[a-z]/i.test(text)) return;
  if (context.reviews.some((note) => note.reason === reason && note.text === text)) return;
  context.reviews.push({
    reason,
    text,
    intent: understanding.intent,
    confidence: understanding.confidence,
    dangers: [...understanding.dangers],
    tenantChose,
  });
}

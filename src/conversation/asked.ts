// Questions we send unprompted, outside any turn (the satisfaction question after a repair is done). The sender
// writes the question into the conversation's state; the engine reads the tenant's next text as its answer when
// it is one, and otherwise as usual. An answer is only waited for so long: after that a digit means the menu again.
import type { ConversationState, Position } from "./types";

export const ASKED_LASTS_DAYS = 14;

/** The state with the question waiting for its answer at `position` (a flow's choice step, with its slots). */
export function askUnprompted(state: ConversationState, position: Position, now: Date): ConversationState {
  return { ...state, asked: { ...position, askedAt: now.toISOString() } };
}

/** Whether an unprompted question is still waiting for its answer. */
export function stillAsked(asked: ConversationState["asked"], now: Date): asked is NonNullable<ConversationState["asked"]> {
  return asked !== undefined && now.getTime() - Date.parse(asked.askedAt) <= ASKED_LASTS_DAYS * 86_400_000;
}

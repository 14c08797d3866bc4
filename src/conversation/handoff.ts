// Handing a conversation to a person: records the request for staff and tells the tenant honestly what happens.
import type { EscalationReason, TurnContext } from "./types";

export function requestPerson(context: TurnContext, reason: EscalationReason): void {
  const { state, env } = context;
  const priority = reason === "not_understood" || reason === "frustration" ? 2 : 3;
  context.emit({ type: "escalation.requested", reason, priority });
  context.say("handoff.requested");
  Object.assign(state, { flow: null, step: null, slots: {}, trail: [], misses: 0, interrupt: null });
  state.handoffRequestedAt = env.now.toISOString();
}

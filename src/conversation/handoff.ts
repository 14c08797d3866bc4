// Handing a conversation to a person: records the request for staff and tells the tenant honestly who will reply
// and roughly when, with the emergency numbers when we are closed.
import { formatOpening, RESPONSE_TARGET_MINUTES } from "../handoff/hours";
import type { EscalationReason, TurnContext } from "./types";

function roughly(minutes: number): string {
  return minutes < 60 ? `${minutes} minutes` : minutes === 60 ? "an hour" : `${Math.round(minutes / 60)} hours`;
}

export function requestPerson(context: TurnContext, reason: EscalationReason): void {
  const { state, env } = context;
  const priority = reason === "not_understood" || reason === "frustration" || reason === "unreadable" ? 2 : 3;
  context.emit({ type: "escalation.requested", reason, priority });
  const chat = !env.canReachLater; // a web chat may be closed before anyone answers
  // A number to call is offered, not needed: the web chat shows a tap that opens the number pad for it.
  const extra = chat ? { keypad: "phone" as const } : {};
  if (env.hours.isOpen(env.now)) {
    context.say(chat ? "handoff.requested.open.chat" : "handoff.requested.open", { wait: roughly(RESPONSE_TARGET_MINUTES[priority]!) }, [], [], extra);
  } else {
    context.say(chat ? "handoff.requested.closed.chat" : "handoff.requested.closed", { opensAt: formatOpening(env.hours.nextOpen(env.now)) }, [], [], extra);
  }
  Object.assign(state, { flow: null, step: null, slots: {}, trail: [], misses: 0, interrupt: null });
  state.handoffRequestedAt = env.now.toISOString();
}

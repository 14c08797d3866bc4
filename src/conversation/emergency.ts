// Danger first: safety advice and the right number in the first reply, then an emergency case at the top of the
// staff queue. Used for danger found in any message and for the repair journey's danger question.
import type { ContentKey } from "../../dialogs/content/en";
import { addHours, formatDayTime } from "../calendar/workingDays";
import type { DangerKind } from "../nlu/danger";
import type { Understanding } from "../nlu/understand";
import { assessPriority, earliest, repairDeadlines, type RepairCategory } from "../repairs/priority";
import { keepForReview } from "./review";
import type { NewCase, TurnContext } from "./types";

/** A danger the tenant told us about: one found in their words, or "insecure" chosen from the repair menu. */
export type Hazard = DangerKind | "insecure";

/** The repair category of each danger to a home; the others are safeguarding (see SAFEGUARDING_KINDS). */
const REPAIR_CATEGORY: Partial<Record<Hazard, RepairCategory>> = {
  fire: "fire",
  gas: "gas",
  co: "gas",
  electric_danger: "electric_danger",
  flood: "flood",
  insecure: "insecure",
  structural: "structural",
  lift_entrapment: "lift_entrapment",
};

const SAFEGUARDING_RESPONSE_HOURS = 1;

/** "I have no phone": a tap answer to the emergency's phone question (dialogs/emergency.ts saves it as "none"). */
export const NO_PHONE_TAP = "contact.no_phone" satisfies ContentKey;

function buildCase(context: TurnContext, hazard: Hazard, description: string, details: NewCase["details"]): NewCase {
  const { env, state } = context;
  const base = {
    description,
    reportedAt: env.now,
    tenantId: state.identity.tenantId,
    homeId: state.identity.homeId,
    verified: state.identity.source !== null,
    hazard,
  };
  const category = REPAIR_CATEGORY[hazard];
  if (!category) {
    const dueAt = addHours(env.now, SAFEGUARDING_RESPONSE_HOURS);
    return {
      ...base,
      reference: env.newReference("S"),
      type: "safeguarding",
      priority: "emergency",
      category: hazard,
      details,
      dueAt,
      deadlines: [{ kind: "respond", dueAt, rule: `Safeguarding: a person responds within ${SAFEGUARDING_RESPONSE_HOURS} hour` }],
    };
  }
  const facts = { category };
  const { priority, reason } = assessPriority(facts, env.now, env.repairPolicy);
  const deadlines = repairDeadlines(facts, priority, env.now, env.repairPolicy);
  return {
    ...base,
    reference: env.newReference("R"),
    type: "repair",
    priority,
    category: facts.category,
    details: { ...details, priorityReason: reason },
    dueAt: earliest(deadlines),
    deadlines,
  };
}

/** Advice (unless silent), a case and an escalation; the conversation then waits for more detail. Returns the case reference. */
export async function raiseEmergency(
  context: TurnContext,
  hazard: Hazard,
  description: string,
  options: {
    silent?: boolean;
    details?: NewCase["details"];
    /** The tenant's own words, to keep for review when this is safeguarding: the description unless given; null for none. */
    words?: string | null;
    /** What the bot made of those words, when the caller has it already. */
    understanding?: Understanding;
  } = {},
): Promise<string> {
  const { state } = context;
  const speak = !options.silent;
  if (speak) context.say(`danger.${hazard}` as ContentKey);

  // The same danger again in the same emergency is more detail, not a new case.
  const openRef = state.flow === "emergency" ? state.slots.ref : undefined;
  if (openRef && state.slots.hazard === hazard) {
    context.emit({ type: "case.note_added", reference: openRef, text: description });
    if (speak) context.say("emergency.noted", { ref: openRef });
    return openRef;
  }

  const raised = buildCase(context, hazard, description, options.details ?? {});
  context.emit({ type: "case.created", case: raised });
  const words = options.words === undefined ? description : options.words;
  if (raised.type === "safeguarding" && words) {
    keepForReview(context, "safeguarding", words, options.understanding ?? context.env.understand(words));
  }
  context.emit({
    type: "escalation.requested",
    reason: raised.type === "safeguarding" ? "safeguarding" : "emergency",
    priority: 1,
    caseReference: raised.reference,
  });
  if (speak) {
    const attend = raised.deadlines.find((deadline) => deadline.kind === "attend");
    if (hazard === "domestic_abuse") {
      // Before anyone follows it up: is texting this number safe, or could the abuser read it?
      if (context.env.canReachLater) context.say("asb.abuse.safe.prompt", {}, ["answer.yes", "answer.no"]);
      else context.say("asb.abuse.chat", { ref: raised.reference });
    } else if (raised.type === "safeguarding") {
      context.say("emergency.safeguarding", { ref: raised.reference });
    } else {
      // Someone in a web chat may close it: we need a number to call as well as the address.
      const ask = context.env.canReachLater ? "emergency.logged_ask_address" : "emergency.logged_ask_phone";
      const key = state.identity.homeId ? "emergency.logged" : ask;
      context.say(key, { ref: raised.reference, attendBy: formatDayTime(attend?.dueAt ?? raised.dueAt) });
    }
  }
  const askSafeToText = speak && hazard === "domestic_abuse" && context.env.canReachLater;
  // The emergency journey's first question for it (dialogs/emergency.ts "phone"), asked here as the turn ends there.
  const askPhone = speak && raised.type === "repair" && !context.env.canReachLater && !state.identity.homeId;
  if (askPhone) context.say("emergency.phone.prompt", {}, [], [NO_PHONE_TAP], { keypad: "phone" });
  Object.assign(state, {
    flow: "emergency",
    step: askSafeToText ? "safe_to_text" : askPhone ? "phone" : "more",
    slots: { ref: raised.reference, hazard },
    trail: [],
    misses: 0,
    interrupt: null,
  });
  return raised.reference;
}

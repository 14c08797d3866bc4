// What to do with words instead of a menu choice: go straight to the right journey with what the tenant already
// said filled in, ask with a short list of best guesses when unsure, or hand over to a person.
import type { ContentKey } from "../../dialogs/content/en";
import { asbSlots } from "../../dialogs/asb";
import { detailsSlots } from "../../dialogs/details";
import { paymentSlots } from "../../dialogs/payment";
import { hasSubstance, parseWords } from "../../dialogs/shared";
import type { Intent } from "../../dialogs/nlu/intents";
import { findAppliance, findHeatingDetail, findRoom, findWhen, isDissatisfied } from "../nlu/entities";
import { findAddressIn } from "../tenants/postcode";
import type { Understanding } from "../nlu/understand";
import { requestPerson } from "./handoff";
import { keepForReview } from "./review";
import type { Slots, TurnContext } from "./types";

/** Below this the bot asks instead of guessing. */
export const CONFIDENCE_THRESHOLD = 0.7;
const GUESSABLE: Intent[] = ["repair", "asb", "payment", "complaint", "status", "update_details", "human"];
const MAX_GUESSES = 3;

export const INTENT_LABELS: Partial<Record<Intent, ContentKey>> = {
  repair: "intent.repair",
  asb: "intent.asb",
  payment: "intent.payment",
  complaint: "intent.complaint",
  status: "intent.status",
  update_details: "intent.update_details",
  human: "intent.human",
};

/** What the words already answer in the repair journey, so it is not asked again. */
export function repairSlots(text: string, understanding: Understanding, now: Date): Slots {
  const slots: Slots = { description: text.replace(/\s+/g, " ").trim().slice(0, 1000), unhappy: unhappy(text) };
  const address = findAddressIn(text);
  if (address) Object.assign(slots, { postcode: address.postcode, house: address.houseNumber });
  const since = findWhen(text, now);
  if (since) slots.since = since.toISOString();
  const appliance = findAppliance(understanding.corrected);
  if (appliance) slots.appliance = appliance;
  if (understanding.repairCategory) slots.category = understanding.repairCategory;
  const room = findRoom(understanding.corrected);
  if (room) slots.location = room;
  if (slots.category === "heating") {
    const detail = findHeatingDetail(understanding.corrected);
    if (detail) slots.detail = detail;
  }
  return slots;
}

/** The tenant's words when they sound unhappy, kept for a complaint if they want to make one. */
function unhappy(text: string): string | undefined {
  return isDissatisfied(text) ? (parseWords(text) ?? undefined) : undefined;
}

/** A tenant who says they want to complain is complaining (DOMAIN.md), whatever else they say. */
function saysComplain(understanding: Understanding): boolean {
  return /\b(complain[a-z]*|formal|ombudsman)\b/.test(understanding.corrected);
}

/** Whether an unhappy text is about repairs: the classifier's next guess is a repair or a repair's progress. */
function aboutRepairs(understanding: Understanding): boolean {
  const next = understanding.ranking.find((guess) => guess.intent !== "complaint" && GUESSABLE.includes(guess.intent));
  return next?.intent === "status" || next?.intent === "repair";
}

type Start = (context: TurnContext, flowId: string, slots?: Slots) => Promise<void>;

/** Acts on an intent the tenant chose or the classifier is sure of. */
export async function followIntent(context: TurnContext, intent: Intent, text: string, understanding: Understanding, start: Start) {
  if (intent === "repair") {
    await start(context, "repair", repairSlots(text, understanding, context.env.now));
  } else if (intent === "asb") {
    await start(context, "asb", asbSlots(text, understanding.category, context.env.now));
  } else if (intent === "complaint" && !saysComplain(understanding) && aboutRepairs(understanding)) {
    // Unhappy about a repair but not asking to complain: help with the repair first, then offer a complaint. With a
    // repair open, "nobody came" is about that one.
    const open = await context.env.cases.openRepairs({ address: context.env.address, tenantId: context.state.identity.tenantId });
    await followIntent(context, open.length > 0 ? "status" : "repair", text, understanding, start);
  } else if (intent === "complaint") {
    await start(context, "complaint", hasSubstance(text) ? { description: parseWords(text) ?? undefined } : {});
  } else if (intent === "payment") {
    await start(context, "payment", paymentSlots(text, understanding.category));
  } else if (intent === "status") {
    await start(context, "status", { reference: understanding.reference ?? undefined, unhappy: unhappy(text) });
  } else if (intent === "update_details") {
    await start(context, "update_details", detailsSlots(text));
  } else if (intent === "human") {
    requestPerson(context, "asked_for_person");
  } else {
    // These journeys are answered by staff until the bot has them: honest, and nothing is lost.
    requestPerson(context, "needs_staff");
  }
}

/**
 * Routes free text given where a menu choice was expected. Returns false when the words are not a request the bot
 * can act on (a greeting, thanks, a question about the service), so the caller shows the menu.
 */
export async function routeFreeText(context: TurnContext, text: string, understanding: Understanding, start: Start): Promise<boolean> {
  const { intent, confidence, ranking } = understanding;
  if (confidence >= CONFIDENCE_THRESHOLD) {
    // A question for the landlord that no journey answers: keep the words for a person, after one check of what it is.
    if (intent === "other" && hasSubstance(text)) {
      await start(context, "other", { question: parseWords(text) ?? undefined });
      return true;
    }
    if (!GUESSABLE.includes(intent)) return false;
    await followIntent(context, intent, text, understanding, start);
    return true;
  }
  // Not sure what the words are about: whether the tenant is asked to pick or shown the menu, a person checks them.
  keepForReview(context, "unsure", text, understanding);
  const guesses = ranking.map((guess) => guess.intent).filter((guess) => GUESSABLE.includes(guess)).slice(0, MAX_GUESSES);
  if (guesses.length < 2) return false;
  context.state.guesses = guesses;
  context.state.interrupt = "guess";
  context.state.slots = { guessedFrom: text };
  return true;
}

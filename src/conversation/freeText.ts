// What to do with words instead of a menu choice: go straight to the right journey with what the tenant already
// said filled in, ask with a short list of best guesses when unsure, or hand over to a person. Each journey says
// which intents it serves and how it reads the words (Flow.entry); nothing here names a journey.
import type { ContentKey } from "../../dialogs/content/en";
import { FLOWS } from "../../dialogs";
import type { Intent } from "../../dialogs/nlu/intents";
import type { Understanding } from "../nlu/understand";
import { isDissatisfied } from "../nlu/entities";
import { CONFIDENCE_THRESHOLD } from "./confidence";
import { requestPerson } from "./handoff";
import { keepForReview } from "./review";
import type { Flow, Slots, TurnContext } from "./types";

const MAX_GUESSES = 3;

/** Asking for a person is not a journey: it is answered at once, wherever the tenant is. */
const PERSON: Intent = "human";

const JOURNEYS: Flow[] = Object.values(FLOWS).filter((flow) => flow.entry);

/** What each intent is called when the bot offers its guesses: the guessable journeys' labels, and a person. */
export const INTENT_LABELS: Partial<Record<Intent, ContentKey>> = Object.fromEntries([
  ...JOURNEYS.flatMap((flow) => (flow.entry!.guessLabel ? flow.entry!.intents.map((intent) => [intent, flow.entry!.guessLabel!]) : [])),
  [PERSON, "intent.human"],
]);

const GUESSABLE = Object.keys(INTENT_LABELS) as Intent[];

function journeyServing(intent: Intent): Flow | undefined {
  return JOURNEYS.find((flow) => flow.entry!.intents.includes(intent));
}

/** The journey a confident intent belongs to when it may interrupt another ("actually its about my rent"). */
export function switchTarget(intent: Intent): string | undefined {
  if (!GUESSABLE.includes(intent)) return undefined;
  return intent === PERSON ? PERSON : journeyServing(intent)?.id;
}

type Start = (context: TurnContext, flowId: string, slots?: Slots) => Promise<void>;

/** Acts on an intent the tenant chose or the classifier is sure of. */
export async function followIntent(context: TurnContext, intent: Intent, text: string, understanding: Understanding, start: Start) {
  if (intent === PERSON) {
    requestPerson(context, "asked_for_person");
    return;
  }
  const flow = journeyServing(intent);
  if (!flow) {
    // These journeys are answered by staff until the bot has them: honest, and nothing is lost.
    requestPerson(context, "needs_staff");
    return;
  }
  const entry = flow.entry!;
  const instead = entry.redirect ? await entry.redirect(context, text, understanding) : null;
  if (instead) {
    await followIntent(context, instead, text, understanding, start);
    return;
  }
  await start(context, flow.id, entry.readSlots?.(text, understanding, context.env.now) ?? {});
}

/**
 * Routes free text given where a menu choice was expected. Returns false when the words are not a request the bot
 * can act on (a greeting, thanks, a question about the service), so the caller shows the menu.
 */
export async function routeFreeText(context: TurnContext, text: string, understanding: Understanding, start: Start): Promise<boolean> {
  const { intent, confidence, ranking } = understanding;
  if (confidence >= CONFIDENCE_THRESHOLD) {
    if (GUESSABLE.includes(intent)) {
      await followIntent(context, intent, text, understanding, start);
      return true;
    }
    // A journey never guessed (a question for the landlord) starts only when the words give it what it needs.
    const flow = journeyServing(intent);
    const slots = flow?.entry!.readSlots?.(text, understanding, context.env.now);
    if (!flow || !slots) return false;
    await start(context, flow.id, slots);
    return true;
  }
  // Unsure, but the words are fed up ("third time asking, nobody came") and a complaint is among the guesses: a
  // complaint it is, which helps with the repair first (the complaint journey's redirect) and then offers one.
  if (isDissatisfied(text) && ranking.slice(0, MAX_GUESSES).some((guess) => guess.intent === "complaint")) {
    await followIntent(context, "complaint", text, understanding, start);
    return true;
  }
  // Not sure what the words are about: whether the tenant is asked to pick or shown the menu, a person checks them.
  keepForReview(context, "unsure", text, understanding);
  const guesses = ranking.map((guess) => guess.intent).filter((guess) => GUESSABLE.includes(guess)).slice(0, MAX_GUESSES);
  if (guesses.length < 2) return false;
  context.state.guesses = guesses;
  context.state.interrupt = "guess";
  context.state.slots = { guessedFrom: text };
  // Not understood: a miss, so a second one in a row offers a person instead of guessing again.
  context.state.misses += 1;
  return true;
}

// The conversation engine: stored state + one inbound message → new state, replies and domain events.
// It knows no channel and does no I/O of its own; lookups come in through EngineEnv.
import type { ContentKey } from "../../dialogs/content/en";
import { FLOWS } from "../../dialogs";
import type { Intent } from "../../dialogs/nlu/intents";
import { INTERRUPTING_KINDS, SAFEGUARDING_KINDS } from "../nlu/danger";
import type { Understanding } from "../nlu/understand";
import { stillAsked } from "./asked";
import { matchChoice, matchNumber } from "./choices";
import { iconFor } from "../../dialogs/content/icons";
import { render, standingVars } from "./content";
import { raiseEmergency } from "./emergency";
import { CONFIDENCE_THRESHOLD } from "./confidence";
import { followIntent, INTENT_LABELS, routeFreeText, switchTarget } from "./freeText";
import { requestPerson } from "./handoff";
import { raiseIfWorse } from "./worseWhileWaiting";
import { keepForReview } from "./review";
import type {
  ChoiceOption,
  ChoiceStep,
  ConversationState,
  EngineEnv,
  Interrupt,
  Label,
  Slots,
  Flow,
  Identity,
  Next,
  Step,
  SayExtra,
  Suggestion,
  Tap,
  TextStep,
  TurnContext,
  TurnInput,
  TurnResult,
  Vars,
} from "./types";
import { globalWord, normaliseWords } from "./words";

const MAX_HOPS = 25;
const MISSES_BEFORE_OFFERING_A_PERSON = 2;

export function newState(): ConversationState {
  return {
    schema: 1,
    flow: null,
    step: null,
    slots: {},
    trail: [],
    misses: 0,
    interrupt: null,
    optedOut: false,
    greeted: false,
    identity: { tenantId: null, homeId: null, source: null },
    lastInboundAt: null,
    handoffRequestedAt: null,
  };
}

function createContext(state: ConversationState, env: EngineEnv): TurnContext {
  const standing = standingVars(env.landlord);
  const context: TurnContext = {
    state,
    env,
    messages: [],
    events: [],
    reviews: [],
    say(key: ContentKey, vars: Vars = {}, choices: Label[] = [], suggestions: ContentKey[] = [], extra: SayExtra = {}) {
      const all = { ...standing, ...vars };
      const keyOf = (label: Label) => (typeof label === "string" ? label : label.key);
      const words = (label: Label) => (typeof label === "string" ? render(label, all) : render(label.key, { ...all, ...label.vars }));
      const tap = (label: Label): Tap => ({ label: words(label), icon: iconFor(keyOf(label)), ...(extra.dangerous?.includes(keyOf(label)) ? { danger: true } : {}) });
      context.messages.push({
        text: render(key, all),
        choices: choices.map(words),
        taps: [...choices, ...suggestions].map(tap),
        said: { key, vars: all },
        ...(extra.keypad ? { keypad: extra.keypad } : {}),
      });
    },
    emit(event) {
      context.events.push(event);
    },
  };
  return context;
}

/**
 * One turn. `known` is who the channel address belongs to, if anyone: the caller looks it up before the turn.
 */
export async function turn(
  previous: ConversationState | null,
  input: TurnInput,
  env: EngineEnv,
  known: Identity | null = null,
): Promise<TurnResult> {
  const state: ConversationState = previous ? structuredClone(previous) : newState();
  if (known?.tenantId && state.identity.source !== "phone") state.identity = known;
  const lastInboundAt = state.lastInboundAt ? new Date(state.lastInboundAt) : null;
  state.lastInboundAt = env.now.toISOString();
  const context = createContext(state, env);
  await handle(context, input, lastInboundAt);
  return { state, messages: context.messages, events: context.events, reviews: context.reviews };
}

const RECORDED_BY_ASB: ReadonlySet<string> = new Set(["threat", "hate", "exploitation"]);

async function handle(context: TurnContext, input: TurnInput, lastInboundAt: Date | null): Promise<void> {
  const { state, env } = context;
  // A question we sent unprompted is answered by this text or not at all: it is not waited for beyond it.
  const asked = state.asked;
  delete state.asked;
  const word = globalWord(input.text, state.optedOut);
  const understanding = env.understand(input.text);
  // Danger to life interrupts anything; other emergencies (no heat with a baby...) are priced by the repair journey.
  // Inside the nuisance journey, threats, hate and exploitation are what it is recording: it asks about danger now,
  // weighs the risk and sends high risk to a person the same day, so they do not open a second case.
  const dangers = understanding.dangers.filter((kind) => INTERRUPTING_KINDS.has(kind) && !(state.flow === "asb" && RECORDED_BY_ASB.has(kind)));

  if (word === "stop") {
    state.optedOut = true;
    context.emit({ type: "consent.changed", optedOut: true, keyword: input.text.trim().toUpperCase() });
    // Twilio has already sent its own confirmation when it handled the keyword itself.
    if (!input.handledKeyword) context.say("stop.confirmed");
    return;
  }
  if (state.optedOut) {
    if (word === "start") {
      state.optedOut = false;
      delete state.advisedWhileOptedOut;
      context.emit({ type: "consent.changed", optedOut: false, keyword: input.text.trim().toUpperCase() });
      if (input.handledKeyword) return;
      if (state.flow && state.flow !== "menu") {
        context.say("start.resume", { flowName: render(flowOf(state).name, {}) });
        askCurrent(context);
      } else {
        context.say("start.confirmed");
      }
      return;
    }
    // Nothing else is sent after STOP, but danger still reaches staff, and its safety advice goes once: a tenant who
    // opted out of our texts has not opted out of being told to get out of a gas leak (README, "Danger after STOP").
    const kind = dangers[0];
    if (kind) {
      await raiseEmergency(context, kind, input.text, { silent: true, understanding });
      if (!state.advisedWhileOptedOut?.includes(kind)) {
        context.say(`danger.${kind}` as ContentKey);
        state.advisedWhileOptedOut = [...(state.advisedWhileOptedOut ?? []), kind];
      }
    }
    return;
  }
  if (dangers.length > 0) {
    await raiseEmergency(context, dangers[0]!, input.text, { understanding });
    return;
  }
  // Waiting for a person or talking to one, no journey prices what they add: the repair rules do, here.
  if (input.heldByPerson || state.handoffRequestedAt) raiseIfWorse(context, understanding.dangers);
  if (input.heldByPerson) return; // a person is answering; everything the tenant sends is in their transcript
  if (input.handledKeyword === "HELP") return; // Twilio has answered HELP; a second reply would confuse.
  // Understanding half-suspects a person at risk but found no danger: ask plainly, before anything else.
  // Not inside the nuisance journey, whose own first question is whether anyone is in danger right now.
  const askSafety = understanding.checkSafety && word === null && state.flow !== "asb" && state.interrupt !== "safety";
  if (askSafety && !recentlyChecked(state, env.now)) {
    state.safetyCheck = { text: input.text, askedAt: env.now.toISOString() };
    state.interrupt = "safety";
    askInterrupt(context);
    return;
  }
  if (state.interrupt === "safety" && word === null) {
    await answerSafetyCheck(context, input, lastInboundAt);
    return;
  }
  // PCI DSS: the number was blanked before anything stored or read it; the tenant must know not to send it again.
  if (input.cardRedacted) context.say("card.warning");

  // The privacy notice waits until any emergency is dealt with (R-DP-1: it must never delay safety advice).
  const addingToEmergency = state.flow === "emergency" && word === null;
  if (!state.greeted && !addingToEmergency) {
    context.say("privacy.notice");
    state.greeted = true;
  }
  if (input.mediaCount > 0 && input.text.trim() === "" && state.flow !== "emergency") {
    // A photo or video is kept and added to the tenant's open case (src/channels/twilio/media.ts); the question
    // they were on still stands. A voice note, or anything else the bot cannot read, goes to a person.
    const types = input.mediaTypes ?? [];
    if (types.length > 0 && types.every((type) => /^(image|video)\//.test(type))) {
      context.say("media.received");
      if (state.flow && state.flow !== "menu" && !state.interrupt) askCurrent(context);
      return;
    }
    context.say("handoff.unreadable");
    requestPerson(context, "unreadable");
    return;
  }
  // Nothing said (a web chat just opened, a blank text): show where they are, or the menu.
  if (input.mediaCount === 0 && input.text.trim() === "") {
    if (state.interrupt) askInterrupt(context);
    else if (state.flow) askCurrent(context);
    else if (!state.handoffRequestedAt) await startFlow(context, "menu");
    else context.say("handoff.waiting");
    return;
  }
  switch (word) {
    case "help":
      context.say("help.text");
      return;
    case "menu":
    case "start":
      park(state);
      await startFlow(context, "menu");
      return;
    case "back":
      await goBack(context);
      return;
    case "person":
      requestPerson(context, "asked_for_person");
      return;
  }
  if (word === null && stillAsked(asked, env.now) && (await answerAsked(context, asked, input.text, understanding))) return;
  if (state.interrupt) {
    await answerInterrupt(context, input.text, understanding);
    return;
  }
  // Angry words in answer to "tell us what happened" describe the problem, not the bot: only offer a person elsewhere.
  if (understanding.frustrated && !state.frustrationOffered && !askingForWords(state)) {
    state.frustrationOffered = true;
    state.interrupt = "frustrated";
    askInterrupt(context);
    return;
  }
  const away = lastInboundAt ? (env.now.getTime() - lastInboundAt.getTime()) / 60_000 : 0;
  if (state.flow && state.flow !== "menu" && away > env.resumeAfterMinutes) {
    state.interrupt = "resume";
    askInterrupt(context);
    return;
  }
  if (!state.flow) {
    if (state.handoffRequestedAt) {
      context.say("handoff.waiting");
      return;
    }
    // A first text usually says what is wrong: act on it, and show the menu only when it does not.
    if (await routeFreeText(context, input.text, understanding, startFlow)) {
      if (state.interrupt) askInterrupt(context);
      return;
    }
    await startFlow(context, "menu");
    return;
  }
  await answerStep(context, input.text, understanding);
}

/**
 * A number that answers the question we sent unprompted: the journey it belongs to takes it from there, and whatever
 * the tenant was doing is kept to offer back. False for anything else, which is understood as usual.
 */
async function answerAsked(context: TurnContext, asked: NonNullable<ConversationState["asked"]>, text: string, understanding: Understanding): Promise<boolean> {
  const step = FLOWS[asked.flow]?.steps[asked.step];
  if (step?.kind !== "choice" || !answersAsked(step, text, context, asked.slots)) return false;
  const { state } = context;
  park(state);
  Object.assign(state, { flow: asked.flow, step: asked.step, slots: { ...asked.slots }, trail: [], misses: 0, interrupt: null });
  await answerStep(context, text, understanding);
  return true;
}

/**
 * A number, or exactly a choice's words ("change it", "keep"): days later, anything looser would read "do i owe rent"
 * as "do not come".
 */
function answersAsked(step: ChoiceStep, text: string, context: TurnContext, slots: Slots): boolean {
  if (matchNumber(text, optionsOf(step, slots).length) !== null) return true;
  const words = normaliseWords(text);
  return candidatesOf(step, context, slots).some(
    (candidate) => candidate.words !== undefined && [candidate.label, ...candidate.words].some((phrase) => normaliseWords(phrase) === words),
  );
}

/** Asked once a day at most: a tenant who said they are safe is not asked again at every text. */
const SAFETY_CHECK_HOURS = 24;

function recentlyChecked(state: ConversationState, now: Date): boolean {
  const askedAt = state.safetyCheck?.askedAt;
  return askedAt !== undefined && now.getTime() - Date.parse(askedAt) < SAFETY_CHECK_HOURS * 3_600_000;
}

/** Not safe: advice and a case for a person. Safe: carry on with what they first said, as if nothing was asked. */
async function answerSafetyCheck(context: TurnContext, input: TurnInput, lastInboundAt: Date | null): Promise<void> {
  const { state, env } = context;
  // "not ok", "no im not fine", "help": any sign of not being safe counts as not safe, whatever else the words match.
  const worried = /\b(not|no|nope|nah|never|help|scared|afraid|frightened|danger|unsafe)\b/.test(normaliseWords(input.text));
  const index = worried ? 1 : matchChoice(input.text, candidatesOf(INTERRUPTS.safety, context));
  if (index === null) {
    askInterrupt(context, true);
    return;
  }
  state.interrupt = null;
  const original = state.safetyCheck?.text ?? input.text;
  if (INTERRUPTS.safety.options[index]!.value === "not_safe") {
    const scores = env.understand(original).dangerScores;
    const likeliest = [...SAFEGUARDING_KINDS].sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0))[0]!;
    await raiseEmergency(context, (scores[likeliest] ?? 0) > 0 ? likeliest : "threat", original);
    return;
  }
  await handle(context, { ...input, text: original }, lastInboundAt);
}

function askingForWords(state: ConversationState): boolean {
  const step = state.flow && state.step ? FLOWS[state.flow]?.steps[state.step] : undefined;
  return step?.kind === "text";
}

function flowOf(state: ConversationState): Flow {
  const flow = state.flow ? FLOWS[state.flow] : undefined;
  if (!flow) throw new Error(`Unknown flow ${state.flow}`);
  return flow;
}

function currentStep(state: ConversationState): Step {
  const step = state.step ? flowOf(state).steps[state.step] : undefined;
  if (!step) throw new Error(`Unknown step ${state.flow}.${state.step}`);
  return step;
}

function resolve(next: Next, context: TurnContext): string {
  return typeof next === "function" ? next(context.state.slots, context) : next;
}

function ask(context: TurnContext, step: Step, again: boolean): void {
  if (step.kind === "action") return;
  const vars = step.promptVars ? step.promptVars(context.state.slots, context) : {};
  const choices: Label[] =
    step.kind === "choice" ? optionsOf(step, context.state.slots).map((option) => (option.labelVars ? { key: option.label, vars: option.labelVars } : option.label)) : choicesAt(step, context.state.slots).map((choice) => choice.label);
  const suggestions = step.kind === "text" ? (step.suggestions ?? []).map((suggestion) => suggestion.label) : [];
  context.say(again ? step.reprompt : step.prompt, vars, choices, suggestions, extraOf(step));
}

function extraOf(step: ChoiceStep | TextStep): SayExtra {
  if (step.kind === "text") return step.keypad ? { keypad: step.keypad } : {};
  return { dangerous: step.options.filter((option) => option.danger).map((option) => option.label) };
}

function askCurrent(context: TurnContext): void {
  ask(context, currentStep(context.state), false);
}

/** Starts a journey; `slots` are answers the tenant has already given in their own words. */
export async function startFlow(context: TurnContext, flowId: string, slots: Slots = {}): Promise<void> {
  const flow = FLOWS[flowId];
  if (!flow) throw new Error(`Unknown flow ${flowId}`);
  const { state } = context;
  if (state.parked?.flow === flowId) delete state.parked; // started afresh: the old one is not offered back
  Object.assign(state, { flow: flowId, step: null, slots: { ...slots }, trail: [], misses: 0, interrupt: null });
  if (flowId !== "menu") state.handoffRequestedAt = null;
  await goTo(context, flow.start);
}

/** Moves to a step, running actions and skipping questions the tenant has already answered, until one is asked. */
async function goTo(context: TurnContext, target: string): Promise<void> {
  const { state } = context;
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    if (target === "end") {
      Object.assign(state, { flow: null, step: null, slots: {}, trail: [], misses: 0 });
      if (state.parked && !state.interrupt) {
        state.interrupt = "unpark";
        askInterrupt(context);
      }
      return;
    }
    if (target.startsWith("@")) {
      await startFlow(context, target.slice(1), handedOn(state.slots, target.slice(1)));
      return;
    }
    const step = flowOf(state).steps[target];
    if (!step) throw new Error(`Flow ${state.flow} has no step ${target}`);
    state.step = target;
    if (step.kind === "action") {
      const outcome = await step.run(context);
      if (typeof outcome === "object") {
        state.step = outcome.waitAt;
        return;
      }
      target = outcome;
      continue;
    }
    if (step.save && state.slots[step.save] !== undefined) {
      target = resolve(step.next, context);
      continue;
    }
    ask(context, step, false);
    return;
  }
  throw new Error(`Flow ${state.flow} did not settle on a question after ${MAX_HOPS} steps`);
}

/** Answers a journey leaves for the next one: slot "complaint.about" becomes the complaint journey's "about". */
function handedOn(slots: Slots, flowId: string): Slots {
  const prefix = `${flowId}.`;
  return Object.fromEntries(Object.entries(slots).filter(([name]) => name.startsWith(prefix)).map(([name, value]) => [name.slice(prefix.length), value]));
}

function remember(context: TurnContext): void {
  const { state } = context;
  if (state.flow && state.step) state.trail.push({ flow: state.flow, step: state.step, slots: { ...state.slots } });
}

async function answerStep(context: TurnContext, text: string, understanding: Understanding): Promise<void> {
  const { state } = context;
  const step = currentStep(state);
  if (step.kind === "action") throw new Error(`Waiting at action ${state.flow}.${state.step}`);
  let value: string | null;
  let say: ContentKey | undefined;
  if (step.kind === "choice") {
    const index = matchChoice(text, candidatesOf(step, context));
    const option = index === null ? undefined : optionsOf(step, state.slots)[index];
    value = option?.value ?? (step.otherwise ? step.otherwise(text, understanding, context) : null);
    say = option?.say;
    // Words instead of a number at the main menu: understood as a request, not a miss.
    if (value === null && state.flow === "menu" && (await routeFreeText(context, text, understanding, startFlow))) {
      if (state.interrupt) askInterrupt(context);
      return;
    }
    // Words that are plainly about something else ("actually its about my rent"): follow the tenant.
    if (value === null && state.flow !== "menu" && changesSubject(state, understanding)) {
      park(state);
      await followIntent(context, understanding.intent, text, understanding, startFlow);
      return;
    }
  } else {
    // Words at a question that wants words are the answer, unless the tenant plainly turns to something else.
    if (SWITCH_CUE.test(understanding.corrected) && changesSubject(state, understanding)) {
      park(state);
      await followIntent(context, understanding.intent, text, understanding, startFlow);
      return;
    }
    value = numberedChoice(step, text, state.slots) ?? tappedSuggestion(step, text, state.slots) ?? (step.parse ? step.parse(text) : text.trim() || null);
  }
  if (value === null) {
    miss(context, step);
    return;
  }
  remember(context);
  state.misses = 0;
  if (step.save) state.slots[step.save] = value;
  if (say) context.say(say);
  await goTo(context, resolve(step.next, context));
}

/** The numbered answers a question in words offers now (see TextChoices). */
function choicesAt(step: TextStep, slots: Slots): Suggestion[] {
  const { choices } = step;
  if (!choices) return [];
  if (Array.isArray(choices)) return choices;
  return choices.lists[slots[choices.slot] ?? ""] ?? choices.lists.other ?? [];
}

/** A number that picks one of a question's numbered answers: its value, or the words it says. */
function numberedChoice(step: TextStep, text: string, slots: Slots): string | null {
  const choices = choicesAt(step, slots);
  const index = matchNumber(text, choices.length);
  if (index === null) return null;
  const choice = choices[index]!;
  return choice.value ?? render(choice.label, {});
}

/** The value of an answer with one ("I do not know" at the postcode question), tapped: matched on its exact words. */
function tappedSuggestion(step: TextStep, text: string, slots: Slots): string | null {
  const words = normaliseWords(text);
  const answers = [...choicesAt(step, slots), ...(step.suggestions ?? [])];
  const tapped = answers.find((answer) => answer.value !== undefined && normaliseWords(render(answer.label, {})) === words);
  return tapped?.value ?? null;
}

/** "Actually...", "wait", "forget that": the words that turn a conversation to something else. */
const SWITCH_CUE = /^(actually|wait|hang on|sorry|no|forget (that|it)|instead|its about|it is about|can i ask about|i meant)\b/;

/** Keeps a half-finished journey when the tenant turns to another, to offer it back when that one is done. */
function park(state: ConversationState): void {
  if (!state.flow || !state.step || state.flow === "menu" || state.flow === "emergency") return;
  if (state.trail.length === 0 && Object.keys(state.slots).length === 0) return;
  state.parked = { flow: state.flow, step: state.step, slots: { ...state.slots }, trail: [...state.trail] };
}

/** A confident intent for another journey is a change of subject. */
function changesSubject(state: ConversationState, understanding: Understanding): boolean {
  const journey = switchTarget(understanding.intent);
  return journey !== undefined && journey !== state.flow && understanding.confidence >= CONFIDENCE_THRESHOLD;
}

/** A question's choices now: those the conversation brought (slots on offer), then its own. */
function optionsOf(step: ChoiceStep, slots: Slots): ChoiceOption[] {
  return step.optionsFrom ? [...step.optionsFrom(slots), ...step.options] : step.options;
}

function candidatesOf(step: ChoiceStep, context: TurnContext, slots: Slots = context.state.slots) {
  const vars = standingVars(context.env.landlord);
  return optionsOf(step, slots).map((option) => ({ value: option.value, label: render(option.label, { ...vars, ...option.labelVars }), words: option.words }));
}

function miss(context: TurnContext, step: Step): void {
  const { state } = context;
  state.misses += 1;
  if (state.misses >= MISSES_BEFORE_OFFERING_A_PERSON) {
    state.interrupt = "offer_person";
    askInterrupt(context);
    return;
  }
  ask(context, step, true);
}

async function goBack(context: TurnContext): Promise<void> {
  const { state } = context;
  state.interrupt = null;
  state.misses = 0;
  const previous = state.trail.pop();
  if (!previous) {
    context.say("back.at_start");
    if (state.flow) askCurrent(context);
    else await startFlow(context, "menu");
    return;
  }
  Object.assign(state, { flow: previous.flow, step: previous.step, slots: previous.slots });
  askCurrent(context);
}

// Interrupts are questions about the conversation itself, asked over the top of whatever step the tenant is on.
const OFFER_PERSON_OPTIONS: ChoiceStep["options"] = [
  { value: "person", label: "miss.person", words: ["yes", "person", "human", "someone"] },
  { value: "try_again", label: "miss.try_again", words: ["no", "try", "again"] },
];

export const INTERRUPTS: Record<Interrupt, ChoiceStep> = {
  safety: {
    kind: "choice",
    prompt: "safety.prompt",
    reprompt: "safety.reprompt",
    options: [
      { value: "safe", label: "safety.safe", words: ["yes", "safe", "fine", "ok", "all good"] },
      // Index 1: answerSafetyCheck picks it for any word of worry.
      { value: "not_safe", label: "safety.not_safe", words: ["no", "not safe", "help", "scared", "in danger"], danger: true },
    ],
    next: "",
  },
  resume: {
    kind: "choice",
    prompt: "resume.prompt",
    reprompt: "resume.reprompt",
    options: [
      { value: "continue", label: "resume.continue", words: ["yes", "carry on", "continue", "go on"] },
      { value: "restart", label: "resume.restart", words: ["no", "new", "again"] },
    ],
    next: "",
  },
  offer_person: {
    kind: "choice",
    prompt: "miss.offer_person",
    reprompt: "miss.offer_person.reprompt",
    options: OFFER_PERSON_OPTIONS,
    next: "",
  },
  frustrated: {
    kind: "choice",
    prompt: "frustration.offer",
    reprompt: "miss.offer_person.reprompt",
    options: OFFER_PERSON_OPTIONS,
    next: "",
  },
  // Options are the guesses kept in the state (see guessOptions); these are all the bot could offer.
  unpark: {
    kind: "choice",
    prompt: "unpark.prompt",
    reprompt: "unpark.reprompt",
    options: [
      { value: "continue", label: "unpark.continue", words: ["yes", "carry on", "continue", "go on"] },
      { value: "leave", label: "unpark.leave", words: ["no", "leave", "forget", "nah"] },
    ],
    next: "",
  },
  guess: {
    kind: "choice",
    prompt: "guess.prompt",
    reprompt: "guess.reprompt",
    options: (Object.entries(INTENT_LABELS) as [Intent, ContentKey][]).map(([value, label]) => ({ value, label })),
    next: "",
  },
};

function interruptStep(state: ConversationState): ChoiceStep {
  const step = INTERRUPTS[state.interrupt!];
  if (state.interrupt !== "guess") return step;
  const options = (state.guesses ?? []).map((guess) => step.options.find((option) => option.value === guess)!);
  return { ...step, options };
}

function interruptVars(context: TurnContext): Vars {
  const { state } = context;
  const flow = state.interrupt === "unpark" ? state.parked?.flow : state.flow;
  return flow && FLOWS[flow] ? { flowName: render(FLOWS[flow]!.name, {}) } : {};
}

function askInterrupt(context: TurnContext, again = false): void {
  const step = interruptStep(context.state);
  context.say(again ? step.reprompt : step.prompt, interruptVars(context), step.options.map((option) => option.label), [], extraOf(step));
}

/** A reply that matches none of an interrupt's choices: asked again, and twice in a row offers a person. */
function missInterrupt(context: TurnContext): void {
  const { state } = context;
  const offering = state.interrupt === "offer_person" || state.interrupt === "frustrated";
  state.misses += 1;
  if (offering || state.misses < MISSES_BEFORE_OFFERING_A_PERSON) {
    askInterrupt(context, true);
    return;
  }
  delete state.guesses;
  state.interrupt = "offer_person";
  askInterrupt(context);
}

async function answerInterrupt(context: TurnContext, text: string, understanding: Understanding): Promise<void> {
  const { state } = context;
  const step = interruptStep(state);
  const index = matchChoice(text, candidatesOf(step, context));
  // Asked what they meant, or whether to carry on with the kept journey, the tenant says plainly what they want:
  // do that (a kept journey stays kept).
  const answersInWords = state.interrupt === "unpark" || state.interrupt === "guess";
  if (index === null && answersInWords && changesSubject(state, understanding)) {
    if (state.interrupt === "guess") noteReroute(context, understanding.intent);
    state.interrupt = null;
    delete state.guesses;
    await followIntent(context, understanding.intent, text, understanding, startFlow);
    return;
  }
  if (index === null) {
    missInterrupt(context);
    return;
  }
  const choice = step.options[index]!.value;
  const wasGuess = state.interrupt === "guess";
  if (wasGuess) noteReroute(context, choice as Intent);
  const wasFrustrated = state.interrupt === "frustrated";
  const wasUnpark = state.interrupt === "unpark";
  state.interrupt = null;
  state.misses = 0;
  if (wasUnpark) {
    const parked = state.parked!;
    delete state.parked;
    if (choice === "continue") {
      Object.assign(state, { flow: parked.flow, step: parked.step, slots: parked.slots, trail: parked.trail });
      askCurrent(context);
    } else {
      context.say("unpark.dropped");
    }
  } else if (wasGuess) {
    // Act on the words they first sent, now that we know what they were about.
    const original = state.slots.guessedFrom ?? text;
    delete state.guesses;
    await followIntent(context, choice as Intent, original, original === text ? understanding : context.env.understand(original), startFlow);
  } else if (choice === "person") {
    requestPerson(context, wasFrustrated ? "frustration" : "not_understood");
  } else if (choice === "restart" || !state.flow) {
    await startFlow(context, "menu");
  } else {
    askCurrent(context);
  }
}

/** The tenant, asked what their words were about, chose other than the bot's best guess: a person checks them. */
function noteReroute(context: TurnContext, chosen: Intent): void {
  const { state } = context;
  const original = state.slots.guessedFrom;
  if (!original || state.guesses?.[0] === chosen) return;
  keepForReview(context, "rerouted", original, context.env.understand(original), chosen);
}

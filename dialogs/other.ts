// Everything else the landlord handles: a visit from the housing officer, moving home, or a question the bot cannot
// answer. The tenant gets the right information or a request case for a person, never a dead end.
import { addWorkingDays, formatDay } from "../src/calendar/workingDays";
import type { Flow, NewCase, TurnContext } from "../src/conversation/types";
import { hasSubstance, parseWords, wantHelp } from "./shared";

/** Working days within which a person answers a request. */
const REQUEST_WORKING_DAYS = 3;

function request(context: TurnContext, category: "visit" | "moving" | "question", description: string): string {
  const { env, state } = context;
  const reference = env.newReference("E");
  const contactBy = addWorkingDays(env.now, REQUEST_WORKING_DAYS);
  const raised: NewCase = {
    reference,
    type: "request",
    priority: "routine",
    category,
    description,
    details: {},
    reportedAt: env.now,
    dueAt: contactBy,
    deadlines: [{ kind: "contact", dueAt: contactBy, rule: `A person answers the request within ${REQUEST_WORKING_DAYS} working days` }],
    tenantId: state.identity.tenantId,
    homeId: state.identity.homeId,
    verified: state.identity.source !== null,
  };
  context.emit({ type: "case.created", case: raised });
  context.emit({ type: "escalation.requested", reason: "request", priority: 3, caseReference: reference });
  context.say("other.done", { ref: reference, contactBy: formatDay(contactBy) });
  return "end";
}

export const otherFlow: Flow = {
  id: "other",
  name: "other.name",
  // A question for the landlord that no journey answers: its words are kept for a person, after one check of what
  // it is. Never guessed: a few words that only say "I have a question" get the menu.
  entry: { intents: ["other"], readSlots: (text) => (hasSubstance(text) ? { question: parseWords(text) ?? undefined } : null) },
  start: "what",
  steps: {
    what: {
      kind: "choice",
      prompt: "other.what.prompt",
      reprompt: "other.what.reprompt",
      options: [
        { value: "visit", label: "other.what.visit", words: ["visit", "officer", "housing officer", "appointment", "meet"] },
        { value: "moving", label: "other.what.moving", words: ["move", "moving", "transfer", "swap", "exchange", "bigger"] },
        { value: "question", label: "other.what.question", words: ["question", "ask", "something else", "other"] },
      ],
      save: "what",
      next: (slots) => slots.what!,
    },
    visit: {
      kind: "text",
      prompt: "other.visit.prompt",
      reprompt: "other.visit.prompt",
      choices: [{ label: "other.visit.tenancy" }, { label: "other.visit.home" }],
      save: "visit_about",
      parse: parseWords,
      next: "visit_request",
    },
    visit_request: { kind: "action", run: (context) => request(context, "visit", context.state.slots.visit_about ?? "") },
    moving: {
      kind: "action",
      run(context) {
        context.say("other.moving.info");
        return "moving_help";
      },
    },
    moving_help: wantHelp("other.moving.prompt", "moving_request"),
    moving_request: { kind: "action", run: (context) => request(context, "moving", "Wants help to move home (transfer or mutual exchange)") },
    question: {
      kind: "text",
      prompt: "other.question.prompt",
      reprompt: "other.question.prompt",
      choices: [{ label: "other.question.changes" }, { label: "other.question.household" }, { label: "other.question.call_me" }],
      suggestions: [{ label: "shortcut.person" }],
      save: "question",
      parse: parseWords,
      next: "question_request",
    },
    question_request: { kind: "action", run: (context) => request(context, "question", context.state.slots.question ?? "") },
  },
};

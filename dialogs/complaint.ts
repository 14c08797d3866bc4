// Complaints, following the Housing Ombudsman's Complaint Handling Code (DOMAIN.md "Complaints"): the tenant is
// told it is a formal complaint, it is recorded in their words with the outcome they want, acknowledged at once
// with the reference and the stage 1 response date, and they are told where to go if still unhappy.
import { addWorkingDays, formatDay } from "../src/calendar/workingDays";
import { render } from "../src/conversation/content";
import type { Flow, NewCase, Slots, Suggestion, TurnContext } from "../src/conversation/types";
import type { Understanding } from "../src/nlu/understand";
import type { ContentKey } from "./content/en";
import type { Intent } from "./nlu/intents";
import { changeSteps, confirmStep, contactPhone, hasSubstance, identifySteps, parseWords, sayHowToFollowUp, shorten } from "./shared";

/** Stage 1 (the Code, section 5): acknowledge within 5 working days, respond within 10 of acknowledging. */
export const STAGE_1 = { acknowledgeWorkingDays: 5, respondWorkingDays: 10 };

/** A tenant who says they want to complain is complaining (DOMAIN.md), whatever else they say. */
function saysComplain(understanding: Understanding): boolean {
  return /\b(complain[a-z]*|formal|ombudsman)\b/.test(understanding.corrected);
}

/** Intents that ask for nothing: passed over when reading what else an unhappy text is about. */
const NO_REQUEST: Intent[] = ["complaint", "greeting", "help", "stop", "other"];

/** Whether an unhappy text is about repairs: the classifier's next guess is a repair or a repair's progress. */
function aboutRepairs(understanding: Understanding): boolean {
  const next = understanding.ranking.find((guess) => !NO_REQUEST.includes(guess.intent));
  return next?.intent === "status" || next?.intent === "repair";
}

/**
 * Unhappy about a repair but not asking to complain: help with the repair first, then offer a complaint. With a
 * repair open, "nobody came" is about that one.
 */
async function repairFirst(context: TurnContext, _text: string, understanding: Understanding): Promise<Intent | null> {
  if (saysComplain(understanding) || !aboutRepairs(understanding)) return null;
  const open = await context.env.cases.openRepairs({ address: context.env.address, tenantId: context.state.identity.tenantId });
  return open.length > 0 ? "status" : "repair";
}

function wrongs(...names: string[]): Suggestion[] {
  return names.map((name) => ({ label: `complaint.describe.${name}` as ContentKey }));
}

function summary(slots: Slots): string {
  return [
    render("complaint.summary.about", { about: render(`complaint.about.${slots.about}` as ContentKey, {}) }),
    render("complaint.summary.said", { said: shorten(slots.description ?? "", 80) }),
    render("complaint.summary.outcome", { outcome: shorten(slots.outcome ?? "", 50) }),
  ].join("\n");
}

async function submit(context: TurnContext): Promise<string> {
  const { env, state } = context;
  const { slots } = state;
  const reference = env.newReference("C");
  // This reply is the acknowledgement, so the response is due 10 working days from now.
  const acknowledgeBy = addWorkingDays(env.now, STAGE_1.acknowledgeWorkingDays);
  const respondBy = addWorkingDays(env.now, STAGE_1.respondWorkingDays);
  const openRepairs =
    slots.about === "repair" ? await env.cases.openRepairs({ address: env.address, tenantId: state.identity.tenantId }) : [];
  const complaint: NewCase = {
    reference,
    type: "complaint",
    priority: "routine",
    category: slots.about ?? "other",
    description: slots.description ?? "",
    details: {
      stage: 1,
      outcomeWanted: slots.outcome,
      acknowledgedAt: env.now.toISOString(),
      openRepairs: openRepairs.map((repair) => repair.reference).join(", ") || undefined,
      postcodeGiven: slots.postcode,
      houseGiven: slots.house,
    },
    reportedAt: env.now,
    dueAt: respondBy,
    deadlines: [
      { kind: "acknowledge", dueAt: acknowledgeBy, rule: "Complaint Handling Code stage 1: acknowledge within 5 working days (done at once)" },
      { kind: "respond", dueAt: respondBy, rule: "Complaint Handling Code stage 1: respond within 10 working days of acknowledging" },
    ],
    tenantId: state.identity.tenantId,
    homeId: state.identity.homeId,
    verified: state.identity.source !== null,
    contactPhone: contactPhone(slots),
  };
  context.emit({ type: "case.created", case: complaint });
  // A person owns every formal complaint from here: it goes to the queue as well as the complaints register.
  context.emit({ type: "escalation.requested", reason: "complaint", priority: 3, caseReference: reference });
  context.say("complaint.done", { ref: reference, respondBy: formatDay(respondBy) });
  sayHowToFollowUp(context, reference);
  context.say("complaint.next");
  return "end";
}

export const complaintFlow: Flow = {
  id: "complaint",
  name: "complaint.name",
  entry: {
    intents: ["complaint"],
    guessLabel: "intent.complaint",
    readSlots: (text) => (hasSubstance(text) ? { description: parseWords(text) ?? undefined } : {}),
    redirect: repairFirst,
  },
  start: "intro",
  steps: {
    intro: {
      kind: "action",
      run(context) {
        context.say("complaint.intro");
        return "about";
      },
    },
    about: {
      kind: "choice",
      prompt: "complaint.about.prompt",
      reprompt: "complaint.about.reprompt",
      options: [
        { value: "repair", label: "complaint.about.repair", words: ["repair", "repairs", "fix", "engineer", "workmen"] },
        { value: "asb", label: "complaint.about.asb", words: ["noise", "nuisance", "neighbour", "neighbours", "asb"] },
        { value: "money", label: "complaint.about.money", words: ["rent", "money", "charges", "payment"] },
        { value: "staff", label: "complaint.about.staff", words: ["staff", "rude", "officer", "treated", "attitude"] },
        { value: "other", label: "complaint.about.other", words: ["other", "else"] },
      ],
      save: "about",
      next: "describe",
    },
    describe: {
      kind: "text",
      prompt: "complaint.describe.prompt",
      reprompt: "complaint.describe.reprompt",
      // What commonly goes wrong, numbered for each thing a complaint can be about.
      choices: {
        slot: "about",
        lists: {
          repair: wrongs("slow", "no_show", "poor_work"),
          asb: wrongs("nothing_done", "not_told", "slow"),
          money: wrongs("wrong_charge", "not_told", "no_call_back"),
          staff: wrongs("rude", "no_call_back", "not_told"),
          other: wrongs("slow", "not_told", "no_call_back"),
        },
      },
      save: "description",
      parse: parseWords,
      next: "outcome",
    },
    outcome: {
      kind: "text",
      prompt: "complaint.outcome.prompt",
      reprompt: "complaint.outcome.reprompt",
      choices: [{ label: "complaint.outcome.fix" }, { label: "complaint.outcome.apology" }, { label: "complaint.outcome.call" }],
      save: "outcome",
      parse: parseWords,
      next: "identify_check",
    },
    ...identifySteps("confirm", { askContact: true }),
    confirm: confirmStep("complaint.confirm.prompt", "complaint.confirm.reprompt", summary),
    ...changeSteps("complaint.change.prompt", "complaint.change.reprompt", {
      about: { label: "complaint.change.about", words: ["about", "what"], clear: ["about"], ask: "about" },
      describe: { label: "complaint.change.describe", words: ["words", "told", "wrong"], clear: ["description"], ask: "describe" },
      outcome: { label: "complaint.change.outcome", words: ["want", "outcome", "put right"], clear: ["outcome"], ask: "outcome" },
    }),
    submit: { kind: "action", run: submit },
  },
};

// Rent and payments (DOMAIN.md "Rent and payments"): a balance only after a second identity check, a secure
// payment link and never a card number, plain answers, and a case for the money team wherever a person must act.
import { addHours, addWorkingDays, formatDay } from "../src/calendar/workingDays";
import { requestPerson } from "../src/conversation/handoff";
import type { Flow, NewCase, Slots, TurnContext } from "../src/conversation/types";
import type { Understanding } from "../src/nlu/understand";
import { formatPounds } from "../src/rent/accounts";
import { hasSubstance, lockedOut, parseWords, recentlyVerified, secondFactSteps, wantHelp } from "./shared";

/** Working days within which the money team contacts a tenant who asked for help. */
const MONEY_TEAM_WORKING_DAYS = 2;

/** The journey's questions each free-text category already answers (dialogs/nlu/categories.ts). */
const NEED_OF_CATEGORY: Record<string, string> = {
  balance: "balance",
  how_to_pay: "how_to_pay",
  arrears_hardship: "hardship",
  direct_debit: "direct_debit",
  benefits: "benefits",
};

/** Breathing Space (debt respite) or a mental health crisis stops any chasing and goes to a person at once. */
const CRISIS = /\b(breathing space|mental health|crisis|suicid[a-z]*|cant cope|can't cope|debt respite)\b/i;

/** "I can't pay", whatever else the text mentions (Universal Credit, Direct Debit): a person must help. */
const CANNOT_PAY = /\b(cant|cannot|can't|unable to|struggl[a-z]*|behind|short)\b.{0,25}\b(pay|paying|afford|rent)\b|\bcant afford\b/i;

/** What a first text already says: which need, and the tenant's own account of why they cannot pay. */
function paymentSlots(text: string, { category }: Understanding): Slots {
  const need = CANNOT_PAY.test(text) ? "hardship" : category ? NEED_OF_CATEGORY[category] : undefined;
  return { need, story: need === "hardship" && hasSubstance(text) ? (parseWords(text) ?? undefined) : undefined };
}

/** Where a balance look-up goes: straight on if checked recently, the second question if not, nowhere if locked. */
function checkIdentity(context: TurnContext): string {
  const { state } = context;
  if (lockedOut(context)) return "end";
  if (state.identity.source !== "phone" || !state.identity.tenantId) {
    // Only the number on the tenancy can be given a balance: an address is not proof of who is asking.
    context.say("rent.verify.not_on_file");
    return "end";
  }
  return recentlyVerified(context) ? "statement" : "second_fact";
}

async function statement(context: TurnContext): Promise<string> {
  const { state, env } = context;
  const account = await env.accounts.statement(state.identity.tenantId!);
  if (!account) {
    context.say("rent.statement.none");
    return "end";
  }
  const last = account.lastPayment
    ? { lastPaid: formatPounds(account.lastPayment.amountPence), lastOn: formatDay(account.lastPayment.on) }
    : null;
  const vars = {
    balance: formatPounds(account.balancePence),
    rent: formatPounds(account.weeklyRentPence),
    dueOn: formatDay(account.nextDueOn),
  };
  const key = account.balancePence > 0 ? "rent.statement.owe" : account.balancePence < 0 ? "rent.statement.credit" : "rent.statement.clear";
  context.say(key, vars);
  context.say(last ? "rent.statement.last" : "rent.statement.no_payments", { ...vars, ...(last ?? {}) });
  return "end";
}

/** A case for the money team with what the tenant said, so nobody has to ring and ask again. */
function moneyCase(context: TurnContext, category: string, description: string, urgent: boolean): string {
  const { env, state } = context;
  const reference = env.newReference("P");
  const contactBy = urgent ? addHours(env.now, 4) : addWorkingDays(env.now, MONEY_TEAM_WORKING_DAYS);
  const request: NewCase = {
    reference,
    type: "payment",
    priority: urgent ? "urgent" : "routine",
    category,
    description,
    details: { crisis: urgent || undefined },
    reportedAt: env.now,
    dueAt: contactBy,
    deadlines: [{ kind: "contact", dueAt: contactBy, rule: `Money team contacts the tenant (${category.replace(/_/g, " ")})` }],
    tenantId: state.identity.tenantId,
    homeId: state.identity.homeId,
    verified: state.identity.source !== null,
  };
  context.emit({ type: "case.created", case: request });
  return reference;
}

function hardship(context: TurnContext): string {
  const story = context.state.slots.story ?? "";
  const crisis = CRISIS.test(story);
  const reference = moneyCase(context, "hardship", story, crisis);
  context.emit({ type: "escalation.requested", reason: "rent_hardship", priority: crisis ? 1 : 2, caseReference: reference });
  context.say("rent.hardship.done", { ref: reference });
  context.say("rent.hardship.advice");
  return "end";
}

function helpRequested(category: "direct_debit" | "benefits", words: string) {
  return (context: TurnContext): string => {
    const reference = moneyCase(context, category, words, false);
    context.say("rent.help.done", { ref: reference, contactBy: formatDay(addWorkingDays(context.env.now, MONEY_TEAM_WORKING_DAYS)) });
    return "end";
  };
}

export const paymentFlow: Flow = {
  id: "payment",
  name: "rent.name",
  entry: { intents: ["payment"], guessLabel: "intent.payment", readSlots: paymentSlots },
  start: "need",
  steps: {
    need: {
      kind: "choice",
      prompt: "rent.need.prompt",
      reprompt: "rent.need.reprompt",
      options: [
        { value: "balance", label: "rent.need.balance", words: ["owe", "balance", "much", "account", "statement"] },
        { value: "how_to_pay", label: "rent.need.how_to_pay", words: ["pay", "how", "link", "online"] },
        { value: "hardship", label: "rent.need.hardship", words: ["cant pay", "cannot", "struggling", "help", "behind", "arrears"] },
        { value: "direct_debit", label: "rent.need.direct_debit", words: ["direct debit", "dd", "debit"] },
        { value: "benefits", label: "rent.need.benefits", words: ["universal credit", "uc", "housing benefit", "benefit", "benefits"] },
        { value: "other", label: "rent.need.other", words: ["other", "else", "person"] },
      ],
      save: "need",
      next: (slots) => (slots.need === "balance" ? "identity" : slots.need!),
    },
    identity: { kind: "action", run: checkIdentity },
    ...secondFactSteps("statement"),
    statement: { kind: "action", run: statement },
    how_to_pay: {
      kind: "action",
      run(context) {
        context.say("rent.how_to_pay");
        return "end";
      },
    },
    hardship: {
      kind: "action",
      run(context) {
        context.say("rent.hardship.intro");
        return "story";
      },
    },
    story: {
      kind: "text",
      prompt: "rent.hardship.prompt",
      reprompt: "rent.hardship.reprompt",
      choices: [{ label: "rent.hardship.job" }, { label: "rent.hardship.benefits" }, { label: "rent.hardship.bills" }],
      suggestions: [{ label: "shortcut.person" }],
      save: "story",
      parse: parseWords,
      next: "hardship_case",
    },
    hardship_case: { kind: "action", run: hardship },
    direct_debit: wantHelp("rent.direct_debit.prompt", "direct_debit_case"),
    direct_debit_case: { kind: "action", run: helpRequested("direct_debit", "Wants to pay by Direct Debit") },
    benefits: {
      kind: "action",
      run(context) {
        context.say("rent.benefits.info");
        return "benefits_help";
      },
    },
    benefits_help: wantHelp("rent.benefits.prompt", "benefits_case"),
    benefits_case: { kind: "action", run: helpRequested("benefits", "Wants help with Universal Credit or Housing Benefit") },
    other: {
      kind: "action",
      run(context) {
        requestPerson(context, "needs_staff");
        return "end";
      },
    },
  },
};

// Noise and nuisance (DOMAIN.md "Anti-social behaviour"): safety first, then what, when, how often, where, who,
// the tenant's words, the effect on them, vulnerability, witnesses and evidence; a risk level; a case; the Case
// Review when they pass the threshold. An open case gets more incidents ("it happened again") instead of a new one.
import { assessAsbRisk, asbContactBy, caseReviewDue, caseReviewWindowStart, type AsbRisk } from "../src/asb/risk";
import { formatDay } from "../src/calendar/workingDays";
import { render } from "../src/conversation/content";
import { raiseEmergency } from "../src/conversation/emergency";
import type { ChoiceOption, Flow, NewCase, Slots, Suggestion, TextChoices, TurnContext } from "../src/conversation/types";
import { findRecurrence, findWhen } from "../src/nlu/entities";
import type { Understanding } from "../src/nlu/understand";
import type { ContentKey } from "./content/en";
import { changeSteps, confirmStep, contactPhone, hasSubstance, identifySteps, NO_WORDS, parseWords, sayHowToFollowUp, shorten, YES_WORDS, yesNo } from "./shared";

/** Plain categories, not "ASB". The values are the understanding layer's (dialogs/nlu/categories.ts). */
const WHAT_OPTIONS: ChoiceOption[] = [
  { value: "noise", label: "asb.what.noise", words: ["loud", "music", "party", "banging", "shouting", "noisy"] },
  { value: "harassment_threats", label: "asb.what.harassment_threats", words: ["threat", "threats", "harassment", "harassing", "bullying", "intimidating", "violence", "fight", "fighting", "attack", "hit"] },
  { value: "drugs", label: "asb.what.drugs", words: ["drug", "dealing", "weed", "needles"] },
  { value: "vandalism_graffiti", label: "asb.what.vandalism_graffiti", words: ["damage", "graffiti", "smashed", "vandalism"] },
  { value: "rubbish_flytipping", label: "asb.what.rubbish_flytipping", words: ["rubbish", "dumped", "fly tipping", "litter"] },
  { value: "pets_animals", label: "asb.what.pets_animals", words: ["dog", "dogs", "barking", "cat", "animal", "pet"] },
  // The victim's perception is enough: a hate incident is recorded as one, never questioned.
  { value: "hate", label: "asb.what.hate", words: ["hate", "racist", "racism", "homophobic", "religion"], say: "asb.hate.recorded" },
  { value: "domestic_abuse", label: "asb.what.domestic_abuse", words: ["abuse", "partner", "domestic"], say: "danger.domestic_abuse" },
  { value: "other", label: "asb.what.other", words: ["other", "else"] },
];

const ASB_CATEGORIES = new Set(WHAT_OPTIONS.map((option) => option.value));

// Numbered answers, so a tenant who only replies with digits can say when and what; the words go through the same
// reading as typed ones.
const WHEN_CHOICES: Suggestion[] = [{ label: "asb.when.today" }, { label: "asb.when.last_night" }, { label: "asb.when.this_week" }, { label: "asb.when.ongoing" }];

function happenings(...names: string[]): Suggestion[] {
  return names.map((name) => ({ label: `asb.describe.${name}` as ContentKey }));
}

/** What commonly happens, for each kind of nuisance (the new report's, or the open case's for "it happened again"). */
function describeChoices(slot: "category" | "open_category"): TextChoices {
  return {
    slot,
    lists: {
      noise: happenings("loud", "shouting", "parties"),
      harassment_threats: happenings("threatened", "attacked", "names"),
      drugs: happenings("dealing", "drug_use", "needles"),
      vandalism_graffiti: happenings("damage", "graffiti", "car"),
      rubbish_flytipping: happenings("dumped", "bins", "call_me"),
      pets_animals: happenings("barking", "dog_mess", "dangerous_dog"),
      hate: happenings("who_i_am", "hate_notes", "hate_attack"),
      other: happenings("bothering", "parking", "call_me"),
    },
  };
}

/** What the tenant's first words already answer, so it is not asked again. */
function asbSlots(text: string, { category }: Understanding, now: Date): Slots {
  const slots: Slots = { description: hasSubstance(text) ? (parseWords(text) ?? undefined) : undefined };
  if (category && category !== "other" && ASB_CATEGORIES.has(category)) slots.category = category;
  const recurrence = findRecurrence(text);
  const when = findWhen(text, now);
  if (when || recurrence) Object.assign(slots, { when: text.slice(0, 200), whenAt: when?.toISOString(), recurrence });
  if (recurrence) slots.often = "often";
  return slots;
}

function label(key: string): string {
  return render(key as ContentKey, {});
}

/** The time the tenant's words mean, and how often, for staff: "every weekend (last: Sat 21 Nov)". */
function readWhen(context: TurnContext): string {
  const { slots } = context.state;
  if (slots.whenAt === undefined && slots.when) {
    const when = findWhen(slots.when, context.env.now);
    if (when) slots.whenAt = when.toISOString();
    slots.recurrence ??= findRecurrence(slots.when) ?? undefined;
    if (slots.recurrence) slots.often ??= "often";
  }
  return slots.often ? (slots.often === "once" ? "where" : "ongoing") : "often";
}

/** The tenant's own words for when, if short; otherwise what we read from them ("every weekend", "Sat 21 Nov"). */
function whenText(slots: Slots): string {
  const words = slots.when ?? "";
  if (words.length <= 40) return words;
  return slots.recurrence ?? (slots.whenAt ? formatDay(new Date(slots.whenAt)) : shorten(words, 40));
}

function summary(slots: Slots): string {
  return [
    render("asb.summary.what", { what: label(`asb.what.${slots.category}`) }),
    render("asb.summary.when", { when: whenText(slots) }),
    render("asb.summary.where", { where: label(`asb.where.${slots.where}`) }),
    render("asb.summary.said", { said: shorten(slots.description ?? "", 80) }),
  ].join("\n");
}

async function history(context: TurnContext) {
  const { env, state } = context;
  const since = caseReviewWindowStart(env.now, env.caseReview);
  return env.cases.asbHistory({ address: env.address, tenantId: state.identity.tenantId }, since);
}

/** The right to a Case Review, told once the tenant passes the local threshold. */
function tellCaseReview(context: TurnContext, reports: number, hate: boolean): boolean {
  const { caseReview } = context.env;
  if (!caseReviewDue(reports, hate, caseReview)) return false;
  context.say(hate ? "asb.case_review.hate" : "asb.case_review", { reports: String(reports), months: String(caseReview.months) });
  return true;
}

async function submit(context: TurnContext): Promise<string> {
  const { env, state } = context;
  const { slots } = state;
  const past = await history(context);
  const reportsInWindow = past.reports + 1;
  const { risk, reason } = assessAsbRisk({
    category: slots.category ?? "other",
    dangerNow: slots.danger === "yes",
    effect: slots.effect,
    vulnerable: slots.vulnerable === "yes",
    often: slots.often,
    ongoing: slots.ongoing === "yes",
    reportsInWindow,
  });
  const reference = env.newReference("A");
  const contactBy = asbContactBy(risk, env.now);
  const hate = slots.category === "hate";
  const caseReview = caseReviewDue(reportsInWindow, hate, env.caseReview);
  const report: NewCase = {
    reference,
    type: "asb",
    priority: risk,
    category: slots.category ?? "other",
    location: slots.where,
    description: slots.description ?? "",
    vulnerable: slots.vulnerable === undefined ? undefined : slots.vulnerable === "yes",
    details: {
      riskReason: reason,
      hateIncident: hate || undefined,
      dangerWhenReported: slots.danger === "yes",
      when: slots.when,
      happenedAt: slots.whenAt,
      howOften: slots.recurrence ?? slots.often,
      stillGoingOn: slots.ongoing === undefined ? undefined : slots.ongoing === "yes",
      knowsWho: slots.knows_who === "yes",
      who: slots.who,
      effect: slots.effect,
      witnesses: slots.witnesses,
      evidence: slots.evidence === "yes",
      postcodeGiven: slots.postcode,
      houseGiven: slots.house,
      reportsInCaseReviewWindow: reportsInWindow,
      caseReviewToldAt: caseReview ? env.now.toISOString() : undefined,
    },
    reportedAt: env.now,
    dueAt: contactBy,
    deadlines: [{ kind: "contact", dueAt: contactBy, rule: `Noise and nuisance, ${risk} risk: an officer makes contact` }],
    tenantId: state.identity.tenantId,
    homeId: state.identity.homeId,
    verified: state.identity.source !== null,
    contactPhone: contactPhone(slots),
  };
  context.emit({ type: "case.created", case: report });
  if (risk === "high") context.emit({ type: "escalation.requested", reason: "high_risk_asb", priority: 1, caseReference: reference });
  context.say(`asb.done.${risk}` as `asb.done.${AsbRisk}`, { ref: reference, contactBy: formatDay(contactBy) });
  sayHowToFollowUp(context, reference);
  tellCaseReview(context, reportsInWindow, hate);
  return "end";
}

async function addIncident(context: TurnContext): Promise<string> {
  const { env, state } = context;
  const { slots } = state;
  const reference = slots.open_ref!;
  const past = await history(context);
  const reportsInWindow = past.reports + 1;
  const when = slots.when ? findWhen(slots.when, env.now) : null;
  context.emit({
    type: "case.incident_added",
    reference,
    // Told in one text, "when" and "what" are the same words: keep them once.
    text: slots.when && slots.when !== slots.description ? `When: ${slots.when}. ${slots.description}` : (slots.description ?? ""),
    happenedAt: when?.toISOString(),
  });
  // Repeated incidents make a case high risk: a person looks at it the same day.
  if (reportsInWindow >= env.caseReview.reports) {
    context.emit({ type: "escalation.requested", reason: "high_risk_asb", priority: 1, caseReference: reference });
  }
  context.say("asb.again.done", { ref: reference });
  tellCaseReview(context, reportsInWindow, slots.open_category === "hate");
  return "end";
}

export const asbFlow: Flow = {
  id: "asb",
  name: "asb.name",
  entry: { intents: ["asb"], guessLabel: "intent.asb", readSlots: asbSlots },
  start: "check_open",
  steps: {
    check_open: {
      kind: "action",
      async run(context) {
        const { open } = await history(context);
        if (!open) return "danger";
        Object.assign(context.state.slots, { open_ref: open.reference, open_category: open.category });
        return "again";
      },
    },
    again: {
      kind: "choice",
      prompt: "asb.again.prompt",
      reprompt: "asb.again.reprompt",
      promptVars: (slots) => ({ ref: slots.open_ref ?? "", what: label(`asb.what.${slots.open_category}`).toLowerCase() }),
      options: [
        { value: "yes", label: "asb.again.yes", words: [...YES_WORDS, "again", "same"] },
        { value: "no", label: "asb.again.no", words: [...NO_WORDS, "new", "different", "something else"] },
      ],
      save: "again",
      next: (slots) => (slots.again === "yes" ? "again_when" : "danger"),
    },
    again_when: {
      kind: "text",
      prompt: "asb.again.when.prompt",
      reprompt: "asb.when.reprompt",
      choices: WHEN_CHOICES,
      save: "when",
      parse: parseWords,
      next: "again_describe",
    },
    again_describe: {
      kind: "text",
      prompt: "asb.again.describe.prompt",
      reprompt: "asb.describe.reprompt",
      choices: describeChoices("open_category"),
      save: "description",
      parse: parseWords,
      next: "add_incident",
    },
    add_incident: { kind: "action", run: addIncident },
    danger: yesNo("asb.danger.prompt", "asb.danger.reprompt", "danger", (slots) => (slots.danger === "yes" ? "danger_now" : "what")),
    danger_now: {
      kind: "action",
      run(context) {
        context.say("danger.violence");
        context.emit({ type: "escalation.requested", reason: "safeguarding", priority: 1 });
        return "what";
      },
    },
    what: {
      kind: "choice",
      prompt: "asb.what.prompt",
      reprompt: "asb.what.reprompt",
      options: WHAT_OPTIONS,
      save: "category",
      // In a web chat there is no number to ask about: staff wait to be told a safe way.
      next: (slots, context) => (slots.category !== "domestic_abuse" ? "when" : context.env.canReachLater ? "abuse_safe" : "abuse"),
    },
    // Domestic abuse is safeguarding, never a neighbour dispute: the advice and helpline went with the choice;
    // before anyone follows it up, ask whether texting this number is safe.
    abuse_safe: yesNo("asb.abuse.safe.prompt", "asb.abuse.safe.reprompt", "safe_to_text", "abuse"),
    abuse: {
      kind: "action",
      async run(context) {
        const { slots } = context.state;
        const safe = slots.safe_to_text === "yes";
        const description = slots.description ?? "Chose abuse at home from the noise and nuisance list";
        // Only the tenant's own words are kept for review, never the stand-in description.
        const words = slots.description ?? null;
        const reference = await raiseEmergency(context, "domestic_abuse", description, { silent: true, details: { safeToText: safe }, words });
        const told = safe ? "emergency.safeguarding" : context.env.canReachLater ? "asb.abuse.not_safe" : "asb.abuse.chat";
        context.say(told, { ref: reference });
        return { waitAt: "more" };
      },
    },
    when: {
      kind: "text",
      prompt: "asb.when.prompt",
      reprompt: "asb.when.reprompt",
      choices: WHEN_CHOICES,
      save: "when",
      parse: parseWords,
      next: "read_when",
    },
    read_when: { kind: "action", run: readWhen },
    often: {
      kind: "choice",
      prompt: "asb.often.prompt",
      reprompt: "asb.often.reprompt",
      options: [
        { value: "once", label: "asb.often.once", words: ["once", "one time", "just the once"] },
        { value: "few", label: "asb.often.few", words: ["few", "couple", "sometimes"] },
        { value: "often", label: "asb.often.often", words: ["often", "every", "all the time", "always", "most"] },
      ],
      save: "often",
      next: (slots) => (slots.often === "once" ? "where" : "ongoing"),
    },
    ongoing: yesNo("asb.ongoing.prompt", "asb.ongoing.reprompt", "ongoing", "where"),
    where: {
      kind: "choice",
      prompt: "asb.where.prompt",
      reprompt: "asb.where.reprompt",
      options: [
        { value: "home", label: "asb.where.home", words: ["my home", "house", "flat", "next door", "neighbour", "above", "below"] },
        { value: "communal", label: "asb.where.communal", words: ["stairs", "landing", "lift", "shared", "communal", "car park"] },
        { value: "street", label: "asb.where.street", words: ["street", "road", "park", "shops", "outside"] },
        { value: "online", label: "asb.where.online", words: ["online", "phone", "facebook", "messages", "texts"] },
        { value: "other", label: "asb.where.other", words: ["other", "else"] },
      ],
      save: "where",
      next: "knows_who",
    },
    knows_who: yesNo("asb.knows_who.prompt", "asb.knows_who.reprompt", "knows_who", (slots) => (slots.knows_who === "yes" ? "who" : "describe")),
    who: {
      kind: "text",
      prompt: "asb.who.prompt",
      reprompt: "asb.who.reprompt",
      suggestions: [{ label: "asb.who.unknown" }, { label: "asb.who.neighbour" }],
      save: "who",
      parse: (text) => text.replace(/\s+/g, " ").trim().slice(0, 200) || null,
      next: "describe",
    },
    describe: {
      kind: "text",
      prompt: "asb.describe.prompt",
      reprompt: "asb.describe.reprompt",
      choices: describeChoices("category"),
      save: "description",
      parse: parseWords,
      next: "effect",
    },
    effect: {
      kind: "choice",
      prompt: "asb.effect.prompt",
      reprompt: "asb.effect.reprompt",
      options: [
        { value: "unsafe", label: "asb.effect.unsafe", words: ["unsafe", "scared", "afraid", "frightened"] },
        { value: "sleep", label: "asb.effect.sleep", words: ["sleep", "awake", "tired"] },
        { value: "health", label: "asb.effect.health", words: ["ill", "stress", "stressed", "anxious", "depressed", "health"] },
        { value: "annoyed", label: "asb.effect.annoyed", words: ["annoyed", "annoying", "fed up"] },
      ],
      save: "effect",
      next: "vulnerable",
    },
    vulnerable: yesNo("asb.vulnerable.prompt", "asb.vulnerable.reprompt", "vulnerable", "witnesses"),
    witnesses: {
      kind: "choice",
      prompt: "asb.witnesses.prompt",
      reprompt: "asb.witnesses.reprompt",
      options: [
        { value: "yes", label: "answer.yes", words: YES_WORDS },
        { value: "no", label: "answer.no", words: NO_WORDS },
        { value: "not_sure", label: "answer.not_sure", words: ["dont know", "not sure", "maybe", "dunno"] },
      ],
      save: "witnesses",
      next: "evidence",
    },
    evidence: {
      kind: "choice",
      prompt: "asb.evidence.prompt",
      reprompt: "asb.evidence.reprompt",
      options: [
        { value: "yes", label: "answer.yes", words: YES_WORDS, say: "asb.evidence.keep" },
        { value: "no", label: "answer.no", words: NO_WORDS },
      ],
      save: "evidence",
      next: "identify_check",
    },
    ...identifySteps("confirm", { askContact: true }),
    confirm: confirmStep("asb.confirm.prompt", "asb.confirm.reprompt", summary),
    ...changeSteps("asb.change.prompt", "asb.change.reprompt", {
      what: { label: "asb.change.what", words: ["what", "type"], clear: ["category"], ask: "what" },
      when: { label: "asb.change.when", words: ["when", "time", "date"], clear: ["when", "whenAt", "recurrence", "often", "ongoing"], ask: "when" },
      where: { label: "asb.change.where", words: ["where", "place"], clear: ["where"], ask: "where" },
      describe: { label: "asb.change.describe", words: ["words", "told", "details", "description"], clear: ["description"], ask: "describe" },
    }),
    submit: { kind: "action", run: submit },
  },
};

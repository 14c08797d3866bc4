// The repair journey (DOMAIN.md "Repairs"): danger first, then what, the question that sets the priority, where,
// the tenant's own words, vulnerability where it changes the priority, access, who they are, a summary, the case.
import { formatDay, formatDayTime } from "../src/calendar/workingDays";
import { render } from "../src/conversation/content";
import { raiseEmergency, type Hazard } from "../src/conversation/emergency";
import { CONFIDENCE_THRESHOLD } from "../src/conversation/confidence";
import type { ChoiceOption, ChoiceStep, Flow, NewCase, Slots, Suggestion, TextChoices, TurnContext } from "../src/conversation/types";
import type { Understanding } from "../src/nlu/understand";
import { findAppliance, findDampDetail, findHeatingDetail, findRoom, findToiletDetail, findVulnerability, findWhen } from "../src/nlu/entities";
import { findAddressIn } from "../src/tenants/postcode";
import { assessPriority, earliest, inWinter, repairDeadlines, type RepairCategory } from "../src/repairs/priority";
import type { ContentKey } from "./content/en";
import { changeSteps, confirmStep, contactPhone, identifySteps, NO_WORDS, offerComplaintStep, parseWords, sayHowToFollowUp, shorten, unhappyWords, YES_WORDS } from "./shared";

/** What the words already answer in the repair journey, so it is not asked again. */
export function repairSlots(text: string, understanding: Understanding, now: Date): Slots {
  const slots: Slots = { description: text.replace(/\s+/g, " ").trim().slice(0, 1000), unhappy: unhappyWords(text) };
  const address = findAddressIn(text);
  if (address) Object.assign(slots, { postcode: address.postcode, house: address.houseNumber });
  const since = findWhen(text, now);
  if (since) slots.since = since.toISOString();
  const appliance = findAppliance(understanding.corrected);
  if (appliance) slots.appliance = appliance;
  if (understanding.repairCategory) slots.category = understanding.repairCategory;
  const room = findRoom(understanding.corrected);
  if (room) slots.location = room;
  const detail = DETAIL_IN_WORDS[slots.category ?? ""]?.(understanding.corrected);
  if (detail) slots.detail = detail;
  // Two emergency repairs that no question of the journey would find: the words are the only way to tell them.
  if (understanding.dangers.includes("no_water")) Object.assign(slots, { category: "no_water", location: "whole_home" });
  if (understanding.dangers.includes("sewage") && slots.detail !== "only_toilet") Object.assign(slots, { category: "toilet", detail: "sewage" });
  // Only "yes" is read from words: not mentioning a baby does not mean there is none.
  if (findVulnerability(understanding.corrected)) slots.vulnerable = "yes";
  return slots;
}

/**
 * The question that sets the priority, where the words can answer it. Not for a leak, the power or the locks:
 * choosing "cannot stop the water", "all off" or "cannot lock" brings safety advice, so those are always asked.
 */
const DETAIL_IN_WORDS: Record<string, (corrected: string) => string | null> = {
  heating: findHeatingDetail,
  toilet: findToiletDetail,
  damp: findDampDetail,
};

const DANGER_OPTIONS: (ChoiceOption & { value: Hazard | "none" })[] = [
  { value: "gas", label: "repair.danger.gas", words: ["gas"], danger: true },
  { value: "fire", label: "repair.danger.fire", words: ["fire", "smoke"], danger: true },
  { value: "flood", label: "repair.danger.flood", words: ["flood", "flooding", "water"], danger: true },
  { value: "electric_danger", label: "repair.danger.electric", words: ["sparks", "sparking", "burning"], danger: true },
  { value: "insecure", label: "repair.danger.insecure", words: ["lock", "locked", "secure", "break in"], danger: true },
  { value: "none", label: "repair.danger.none", words: ["no", "none", "nothing", "nope", "nah", "fine", "ok"] },
];

const WHAT_OPTIONS: ChoiceOption[] = [
  { value: "heating", label: "repair.what.heating", words: ["boiler", "radiator", "radiators", "heater", "heat", "cold", "warm"] },
  { value: "leak", label: "repair.what.leak", words: ["leaking", "leaks", "drip", "dripping", "pipe", "tap", "wet"] },
  { value: "toilet", label: "repair.what.toilet", words: ["loo", "drain", "blocked", "flush", "wc", "sewage"] },
  { value: "electrics", label: "repair.what.electrics", words: ["light", "socket", "electric", "electricity", "fuse", "bulb"] },
  { value: "damp", label: "repair.what.damp", words: ["mould", "mold", "damp", "condensation", "black"] },
  { value: "doors", label: "repair.what.doors", words: ["door", "window", "lock", "key", "glass"] },
  { value: "kitchen_bathroom", label: "repair.what.kitchen_bathroom", words: ["cupboard", "worktop", "bath", "shower", "oven"] },
  { value: "other", label: "repair.what.other", words: ["else", "other"] },
];

/** Common problems of each kind, numbered, so a tenant who only replies with digits can say what is wrong. */
function problems(category: string, names: string[], extra: Suggestion[] = []): Suggestion[] {
  return [...names.map((name) => ({ label: `repair.describe.${category}.${name}` as ContentKey })), ...extra];
}

const DESCRIBE_CHOICES: TextChoices = {
  slot: "category",
  lists: {
    heating: problems("heating", ["boiler", "radiators", "boiler_leak", "noise"]),
    leak: problems("leak", ["tap", "pipe", "ceiling", "sink"]),
    toilet: problems("toilet", ["blocked", "flush", "leaking", "drain"]),
    electrics: problems("electrics", ["light", "socket", "tripping"]),
    damp: problems("damp", ["mould", "patch", "condensation"]),
    doors: problems("doors", ["door", "window", "lock", "glass"]),
    kitchen_bathroom: problems("kitchen_bathroom", ["cupboard", "worktop", "shower", "fan"]),
    other: problems("other", ["broken", "fence", "floor"], [{ label: "repair.describe.call_me" }]),
  },
};

function detailStep(category: string, values: string[], extra: Record<string, Partial<ChoiceOption>> = {}): ChoiceStep {
  return {
    kind: "choice",
    prompt: `repair.${category}.prompt` as ContentKey,
    reprompt: `repair.${category}.reprompt` as ContentKey,
    options: values.map((value) => ({ value, label: `repair.${category}.${value}` as ContentKey, ...extra[value] })),
    save: "detail",
    next: (slots, context) => (needsVulnerability(slots, context) ? vulnerabilityStep(slots) : "where"),
  };
}

const NO_HEAT = ["none", "no_heating", "no_hot_water"];

/** Ask about vulnerability only where the answer can change the priority (DOMAIN.md: collect only what is needed). */
function needsVulnerability(slots: Slots, context: TurnContext): boolean {
  if (slots.category === "damp") return true;
  return (
    slots.category === "heating" &&
    NO_HEAT.includes(slots.detail ?? "") &&
    inWinter(context.env.now, context.env.repairPolicy.winter)
  );
}

function vulnerabilityStep(slots: Slots): string {
  return slots.category === "damp" ? "vulnerable_damp" : "vulnerable";
}

function yesNo(prompt: "repair.vulnerable" | "repair.vulnerable_damp"): ChoiceStep {
  return {
    kind: "choice",
    prompt: `${prompt}.prompt`,
    reprompt: `${prompt}.reprompt`,
    options: [
      { value: "yes", label: "repair.vulnerable.yes", words: YES_WORDS },
      { value: "no", label: "repair.vulnerable.no", words: NO_WORDS },
    ],
    save: "vulnerable",
    next: "where",
  };
}

function label(key: string): string {
  return render(key as ContentKey, {});
}

function accessText(slots: Slots, context: TurnContext): string {
  return slots.access === "other" ? (slots.access_detail ?? "") : label(`repair.access.${slots.access}`);
}

function problemText(slots: Slots, context: TurnContext): string {
  const what = label(`repair.what.${slots.category}`);
  if (!slots.detail) return what;
  const detail =
    slots.category === "leak" || slots.category === "doors"
      ? label(`summary.${slots.category}.${slots.detail}`)
      : label(`repair.${slots.category}.${slots.detail}`).toLowerCase();
  return `${what}, ${detail}`;
}

/** The summary the tenant confirms. Their own words are shortened so it stays within three SMS segments. */
function summary(slots: Slots, context: TurnContext): string {
  return [
    render("summary.problem", { problem: problemText(slots, context) }),
    render("summary.where", { where: label(`repair.where.${slots.location}`) }),
    render("summary.said", { said: shorten(slots.description ?? "", 80) }),
    render("summary.access", { access: shorten(accessText(slots, context), 50) }),
  ].join("\n");
}

function submit(context: TurnContext): string {
  const { state, env } = context;
  const { slots } = state;
  const facts = {
    category: slots.category as RepairCategory,
    detail: slots.detail,
    // Health details are kept only where they change the priority (DOMAIN.md), even when the tenant volunteered them.
    vulnerable: slots.vulnerable === undefined || !needsVulnerability(slots, context) ? undefined : slots.vulnerable === "yes",
  };
  const { priority, reason } = assessPriority(facts, env.now, env.repairPolicy);
  const deadlines = repairDeadlines(facts, priority, env.now, env.repairPolicy);
  const reference = env.newReference("R");
  const healthRisk = facts.category === "damp" && facts.vulnerable === true;
  const repair: NewCase = {
    reference,
    type: "repair",
    priority,
    category: facts.category,
    location: slots.location,
    description: slots.description ?? "",
    vulnerable: facts.vulnerable,
    access: accessText(slots, context),
    details: {
      detail: slots.detail,
      priorityReason: reason,
      postcodeGiven: slots.postcode,
      houseGiven: slots.house,
      startedAround: slots.since,
      appliance: slots.appliance,
      awaabPossibleEmergency: healthRisk || undefined,
    },
    reportedAt: env.now,
    dueAt: earliest(deadlines),
    deadlines,
    tenantId: state.identity.tenantId,
    homeId: state.identity.homeId,
    verified: state.identity.source !== null,
    contactPhone: contactPhone(slots),
  };
  context.emit({ type: "case.created", case: repair });
  if (healthRisk) {
    context.emit({ type: "escalation.requested", reason: "health_risk", priority: 1, caseReference: reference });
  } else if (priority === "emergency") {
    context.emit({ type: "escalation.requested", reason: "emergency", priority: 1, caseReference: reference });
  }
  const due = (kind: string) => deadlines.find((deadline) => deadline.kind === kind)?.dueAt ?? repair.dueAt;
  const vars = {
    ref: reference,
    attendBy: formatDayTime(due(healthRisk ? "awaab_investigate" : "attend")),
    dueBy: formatDay(due("complete")),
    inspectBy: formatDay(due("awaab_investigate")),
  };
  // Emergencies keep their attend-by time and go to staff first; a home we know gets its visit booked now, and for
  // a home we could not find a person books it (by text, when we can reach the tenant later).
  const bookNow = priority !== "emergency" && !healthRisk && state.identity.homeId !== null;
  const later = !bookNow && env.canReachLater ? ".later" : "";
  if (healthRisk) context.say("repair.done.assess", vars);
  else if (facts.category === "damp") context.say("repair.done.damp", vars);
  else if (priority === "emergency") context.say("repair.done.emergency", vars);
  else context.say(`repair.done.${priority}${later}`, vars);
  sayHowToFollowUp(context, reference);
  if (bookNow) {
    const until = facts.category === "damp" ? due("awaab_investigate") : due("complete");
    Object.assign(slots, {
      "appointment.reference": reference,
      "appointment.category": facts.category,
      "appointment.until": until.toISOString(),
      "appointment.access": slots.access,
      "appointment.access_detail": slots.access_detail,
      "appointment.unhappy": slots.unhappy,
    });
    return "@appointment";
  }
  return slots.unhappy ? "offer_complaint" : "end";
}

export const repairFlow: Flow = {
  id: "repair",
  name: "repair.name",
  entry: { intents: ["repair"], guessLabel: "intent.repair", readSlots: repairSlots },
  start: "danger",
  steps: {
    danger: {
      kind: "choice",
      prompt: "repair.danger.prompt",
      reprompt: "repair.danger.reprompt",
      options: DANGER_OPTIONS,
      // "The cupboard door is hanging off": a description with no danger in it (the detectors have read it) is
      // taken as "no danger", and what it says fills the questions it answers.
      otherwise(text, understanding, context) {
        if (understanding.dangers.length > 0 || understanding.intent !== "repair" || understanding.confidence < CONFIDENCE_THRESHOLD) return null;
        const { slots } = context.state;
        for (const [name, value] of Object.entries(repairSlots(text, understanding, context.env.now))) slots[name] ??= value;
        return "none";
      },
      save: "danger",
      next: (slots) => (slots.danger === "none" ? "what" : "raise_danger"),
    },
    raise_danger: {
      kind: "action",
      async run(context) {
        const hazard = context.state.slots.danger as Hazard;
        const chosen = DANGER_OPTIONS.find((option) => option.value === hazard)!;
        await raiseEmergency(context, hazard, `Chose from the danger list: ${render(chosen.label, {})}`);
        return { waitAt: "more" };
      },
    },
    what: {
      kind: "choice",
      prompt: "repair.what.prompt",
      reprompt: "repair.what.reprompt",
      options: WHAT_OPTIONS,
      save: "category",
      next: (slots) => (["heating", "leak", "toilet", "electrics", "damp", "doors"].includes(slots.category ?? "") ? slots.category! : "where"),
    },
    heating: detailStep("heating", ["none", "no_heating", "no_hot_water", "partial"]),
    leak: detailStep("leak", ["contained", "uncontained"], {
      contained: { words: YES_WORDS },
      uncontained: { words: NO_WORDS, say: "danger.flood" },
    }),
    toilet: detailStep("toilet", ["only_toilet", "other_toilet"], {
      only_toilet: { words: ["yes", "only", "one", "just one"] },
      other_toilet: { words: ["no", "another", "two", "2 toilets"] },
    }),
    electrics: detailStep("electrics", ["all_power", "some_power"], {
      all_power: { words: ["yes", "all", "everything"], say: "danger.power_cut" },
      some_power: { words: ["no", "some", "part", "one"] },
    }),
    damp: detailStep("damp", ["small", "large", "several_rooms"]),
    doors: detailStep("doors", ["locks", "cannot_lock"], {
      locks: { words: YES_WORDS },
      cannot_lock: { words: NO_WORDS, say: "danger.insecure" },
    }),
    vulnerable: yesNo("repair.vulnerable"),
    vulnerable_damp: yesNo("repair.vulnerable_damp"),
    where: {
      kind: "choice",
      prompt: "repair.where.prompt",
      reprompt: "repair.where.reprompt",
      options: [
        { value: "kitchen", label: "repair.where.kitchen" },
        { value: "bathroom", label: "repair.where.bathroom", words: ["toilet", "loo", "shower"] },
        { value: "bedroom", label: "repair.where.bedroom", words: ["bedroom", "room"] },
        { value: "living_room", label: "repair.where.living_room", words: ["lounge", "front room", "sitting room"] },
        { value: "hall_stairs", label: "repair.where.hall_stairs", words: ["hallway", "landing", "stairs"] },
        { value: "outside", label: "repair.where.outside", words: ["garden", "yard", "roof", "outside"] },
        { value: "communal", label: "repair.where.communal", words: ["communal", "shared", "lift", "stairwell", "bin store"] },
        { value: "other", label: "repair.where.other", words: ["else", "other"] },
      ],
      save: "location",
      next: "describe",
    },
    describe: {
      kind: "text",
      prompt: "repair.describe.prompt",
      reprompt: "repair.describe.reprompt",
      suggestions: [{ label: "repair.describe.nothing_more" }, { label: "repair.describe.photo_shows" }],
      choices: DESCRIBE_CHOICES,
      save: "description",
      parse: parseWords,
      next: "access",
    },
    access: {
      kind: "choice",
      prompt: "repair.access.prompt",
      reprompt: "repair.access.reprompt",
      options: [
        { value: "any", label: "repair.access.any", words: ["any", "anytime", "any time", "whenever"] },
        { value: "mornings", label: "repair.access.mornings", words: ["morning", "am"] },
        { value: "afternoons", label: "repair.access.afternoons", words: ["afternoon", "pm"] },
        { value: "other", label: "repair.access.other", words: ["other", "tell"] },
      ],
      save: "access",
      next: (slots) => (slots.access === "other" ? "access_other" : "identify_check"),
    },
    access_other: {
      kind: "text",
      prompt: "repair.access_other.prompt",
      reprompt: "repair.access_other.reprompt",
      choices: [{ label: "repair.access_other.call_me" }],
      save: "access_detail",
      parse: parseWords,
      next: "identify_check",
    },
    ...identifySteps("confirm", { askContact: true }),
    confirm: confirmStep("repair.confirm.prompt", "repair.confirm.reprompt", summary),
    ...changeSteps("repair.change.prompt", "repair.change.reprompt", {
      what: { label: "repair.change.what", words: ["problem", "what"], clear: ["category", "detail", "vulnerable"], ask: "what" },
      where: { label: "repair.change.where", words: ["where", "room", "place"], clear: ["location"], ask: "where" },
      describe: { label: "repair.change.describe", words: ["words", "told", "details", "description"], clear: ["description"], ask: "describe" },
      access: { label: "repair.change.access", words: ["when", "time", "times", "access"], clear: ["access", "access_detail"], ask: "access" },
    }),
    submit: { kind: "action", run: submit },
    offer_complaint: offerComplaintStep("repair"),
  },
};

// Steps and words more than one journey uses: yes and no, finding the home of an unknown number, changing an answer.
import type { ActionStep, ChoiceOption, ChoiceStep, Slots, Step, TurnContext } from "../src/conversation/types";
import { isDissatisfied } from "../src/nlu/entities";
import { parseDateOfBirth } from "../src/rent/accounts";
import { normalisePhone } from "../src/tenants/phone";
import { normalisePostcode } from "../src/tenants/postcode";
import type { ContentKey } from "./content/en";

export const YES_WORDS = ["yes", "yeah", "yep", "yh", "ye", "y", "aye", "it is", "correct"];
export const NO_WORDS = ["no", "nope", "nah", "n", "not"];

export function yesNo(prompt: ContentKey, reprompt: ContentKey, save: string, next: ChoiceStep["next"]): ChoiceStep {
  return {
    kind: "choice",
    prompt,
    reprompt,
    options: [
      { value: "yes", label: "answer.yes", words: YES_WORDS },
      { value: "no", label: "answer.no", words: NO_WORDS },
    ],
    save,
    next,
  };
}

/** Tenants' own words: anything with at least two letters, tidied and capped. */
export function parseWords(text: string): string | null {
  const clean = text.replace(/\s+/g, " ").trim();
  return /[a-z].*[a-z]/i.test(clean) ? clean.slice(0, 1000) : null;
}

/** Words that only say which journey a text is about, not what happened ("I want to complain", "noise or nuisance"). */
const JOURNEY_WORDS = new Set(
  "i im i'm want wanna to make a an report reporting complain complaint complaints about the my me with please pls hi hello hiya hey can you your it is this of or and need help on for".split(" "),
);

/** Whether a first text says what happened, so it can be kept as the tenant's own account instead of asked for. */
export function hasSubstance(text: string): boolean {
  const words = text.toLowerCase().match(/[a-z']+/g) ?? [];
  return words.filter((word) => !JOURNEY_WORDS.has(word)).length >= 3;
}

/** The tenant's words when they sound unhappy, kept for a complaint if they want to make one. */
export function unhappyWords(text: string): string | undefined {
  return isDissatisfied(text) ? (parseWords(text) ?? undefined) : undefined;
}

/** Tapped "I do not know" at the postcode or house number: the report is still taken, and staff find the home. */
const UNKNOWN = "unknown";

function parseHouse(text: string): string | null {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length >= 1 && clean.length <= 60 && /[a-z0-9]/i.test(clean) ? clean : null;
}

/**
 * Finds the home of a number we do not know, from a postcode and house number, then goes on to `next`. A home
 * that is not ours still gets its report taken (staff check it). Steps: identify_check, postcode, house, identify.
 */
export function identifySteps(next: string, options: { askContact?: boolean } = {}): Record<string, Step> {
  // Someone we could not find, on a channel we cannot reach later: ask how to get back to them.
  const afterIdentify = (context: TurnContext) => (options.askContact && !context.env.canReachLater && !context.state.identity.tenantId ? "contact" : next);
  return {
    identify_check: {
      kind: "action",
      run: (context) => (context.state.identity.homeId || context.state.slots.identified ? next : "postcode"),
    },
    postcode: {
      kind: "text",
      prompt: "identity.postcode.prompt",
      reprompt: "identity.postcode.reprompt",
      choices: [{ label: "identity.unknown", value: UNKNOWN }],
      save: "postcode",
      parse: normalisePostcode,
      next: (slots) => (slots.postcode === UNKNOWN ? "identify" : "house"),
    },
    house: {
      kind: "text",
      prompt: "identity.house.prompt",
      reprompt: "identity.house.reprompt",
      suggestions: [{ label: "identity.unknown", value: UNKNOWN }],
      save: "house",
      parse: parseHouse,
      next: "identify",
    },
    identify: {
      kind: "action",
      async run(context) {
        const { slots } = context.state;
        if (slots.postcode === UNKNOWN || slots.house === UNKNOWN) {
          slots.identified = "no";
          context.say("identity.skipped");
          return afterIdentify(context);
        }
        const match = await context.env.homes.findHome(slots.postcode!, slots.house!);
        slots.identified = match ? "yes" : "no";
        if (match) {
          context.state.identity = { tenantId: match.tenantId, homeId: match.homeId, source: "address" };
          context.emit({ type: "tenant.identified", tenantId: match.tenantId, homeId: match.homeId });
          context.say("identity.found");
        } else {
          context.say("identity.not_found");
        }
        return afterIdentify(context);
      },
    },
    contact: {
      kind: "text",
      prompt: "contact.prompt",
      reprompt: "contact.reprompt",
      choices: [{ label: "contact.chat_only", value: CHAT_ONLY }],
      save: "contact_phone",
      parse: parseUkPhone,
      next,
    },
  };
}

const CHAT_ONLY = "none";

/** A UK phone number in E.164, from however it was typed. */
export function parseUkPhone(text: string): string | null {
  const phone = normalisePhone(text.replace(/[^0-9+ ]/g, " "));
  return /^\+44\d{10}$/.test(phone) ? phone : null;
}

/** After a report from someone we cannot reach later and who gave no number: how they can follow it up. */
export function sayHowToFollowUp(context: TurnContext, reference: string): void {
  const { env, state } = context;
  if (!env.canReachLater && !state.identity.tenantId && !contactPhone(state.slots)) context.say("contact.unreachable", { ref: reference });
}

/** The number a tenant gave to be called back on, if they gave one (not "only in this chat"). */
export function contactPhone(slots: Slots): string | undefined {
  return slots.contact_phone && slots.contact_phone !== CHAT_ONLY ? slots.contact_phone : undefined;
}

/**
 * "Please check:" and the summary, then send it ("submit") or change something ("change", see changeSteps).
 */
export function confirmStep(prompt: ContentKey, reprompt: ContentKey, summary: (slots: Slots, context: TurnContext) => string): ChoiceStep {
  return {
    kind: "choice",
    prompt,
    reprompt,
    promptVars: (slots, context) => ({ summary: summary(slots, context) }),
    options: [
      { value: "yes", label: "repair.confirm.yes", words: [...YES_WORDS, "send", "ok", "right"] },
      { value: "change", label: "repair.confirm.change", words: [...NO_WORDS, "change", "wrong", "edit"] },
    ],
    save: "confirmed",
    next: (slots) => (slots.confirmed === "yes" ? "submit" : "change"),
  };
}

/** "Do you want our team to help?" Yes goes on to `next`; no is answered kindly and ends. */
export function wantHelp(prompt: ContentKey, next: string): ChoiceStep {
  return {
    kind: "choice",
    prompt,
    reprompt: "rent.help.reprompt",
    options: [
      { value: "yes", label: "rent.help.yes", words: YES_WORDS },
      { value: "no", label: "rent.help.no", words: NO_WORDS, say: "rent.help.declined" },
    ],
    save: "want_help",
    next: (slots) => (slots.want_help === "yes" ? next : "end"),
  };
}

export interface Change {
  label: ContentKey;
  words: string[];
  /** The answers to forget. */
  clear: string[];
  /** The step that asks again; the journey then runs on to the summary. */
  ask: string;
}

/** "Change something" on a summary: which answer, then forget it and ask again. Steps: change, apply_change. */
export function changeSteps(prompt: ContentKey, reprompt: ContentKey, changes: Record<string, Change>): Record<string, Step> {
  const options: ChoiceOption[] = Object.entries(changes).map(([value, change]) => ({ value, label: change.label, words: change.words }));
  const apply: ActionStep = {
    kind: "action",
    run(context: TurnContext) {
      const { slots } = context.state;
      const change = changes[slots.change ?? ""] ?? Object.values(changes)[0]!;
      for (const slot of [...change.clear, "confirmed", "change"]) delete slots[slot];
      return change.ask;
    },
  };
  return {
    change: { kind: "choice", prompt, reprompt, options, save: "change", next: "apply_change" },
    apply_change: apply,
  };
}

/** Shortens the tenant's words for a summary, so it stays within three SMS segments. */
export function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 3).trimEnd()}...`;
}

/**
 * Signs of dissatisfaction get an offer to complain even when the tenant does not use the word (DOMAIN.md). The
 * complaint journey starts with what it is about and the tenant's words already filled in.
 */
export function offerComplaintStep(about: string): ChoiceStep {
  return {
    kind: "choice",
    prompt: "complaint.offer.prompt",
    reprompt: "complaint.offer.reprompt",
    options: [
      { value: "yes", label: "complaint.offer.yes", words: [...YES_WORDS, "complain", "complaint"] },
      { value: "no", label: "complaint.offer.no", words: NO_WORDS, say: "complaint.offer.declined" },
    ],
    save: "complain",
    next(slots) {
      if (slots.complain !== "yes") return "end";
      Object.assign(slots, { "complaint.about": about, "complaint.description": slots.unhappy });
      return "@complaint";
    },
  };
}

const MAX_WRONG_ANSWERS = 3;
/** A passed check lasts this long; a lock lasts a day, then the tenant may try again (staff are told at once). */
const VERIFIED_MINUTES = 30;
const LOCKED_HOURS = 24;

function minutesSince(iso: string | undefined, now: Date): number {
  return iso ? (now.getTime() - new Date(iso).getTime()) / 60_000 : Number.POSITIVE_INFINITY;
}

/** True (and the tenant is told) while three wrong answers to the second check keep the account closed to texts. */
export function lockedOut(context: TurnContext): boolean {
  const { state, env } = context;
  const lockedAt = state.security?.lockedAt;
  if (!lockedAt) return false;
  if (minutesSince(lockedAt, env.now) >= LOCKED_HOURS * 60) {
    state.security = { failures: 0 };
    return false;
  }
  context.say("verify.locked");
  return true;
}

export function recentlyVerified(context: TurnContext): boolean {
  return minutesSince(context.state.security?.verifiedAt, context.env.now) < VERIFIED_MINUTES;
}

/**
 * Something shaped like a date of birth or a tenancy reference ("T100001"). Anything else ("yes", "2") is asked
 * again, not counted as a wrong answer: only real attempts count towards the lock.
 */
function parseSecondFact(text: string): string | null {
  const clean = text.trim().slice(0, 60);
  return parseDateOfBirth(clean) || /^[a-z]{1,3} ?\d{4,10}$/i.test(clean) ? clean : null;
}

/**
 * The second identity fact (date of birth or tenancy reference) before money or contact details, for the tenant
 * in state.identity. Goes to `passed`; three wrong answers lock it for a day and tell staff. Steps: second_fact, verify.
 */
export function secondFactSteps(passed: string): Record<string, Step> {
  return {
    second_fact: {
      kind: "text",
      prompt: "verify.prompt",
      reprompt: "verify.reprompt",
      suggestions: [{ label: "shortcut.person" }],
      save: "second_fact",
      parse: parseSecondFact,
      next: "verify",
    },
    verify: {
      kind: "action",
      async run(context) {
        const { state, env } = context;
        const security = (state.security ??= { failures: 0 });
        const answer = state.slots.second_fact ?? "";
        delete state.slots.second_fact; // never kept: it is a security answer
        if (state.identity.tenantId && (await env.accounts.checkSecondFact(state.identity.tenantId, answer))) {
          state.security = { failures: 0, verifiedAt: env.now.toISOString() };
          return passed;
        }
        security.failures += 1;
        if (security.failures >= MAX_WRONG_ANSWERS) {
          security.lockedAt = env.now.toISOString();
          context.emit({ type: "escalation.requested", reason: "identity_failed", priority: 3 });
          context.say("verify.locked_now");
          return "end";
        }
        context.say("verify.wrong", { left: String(MAX_WRONG_ANSWERS - security.failures) });
        return "second_fact";
      },
    },
  };
}

// Contact details: the phone number and email we hold, and how the tenant wants to hear from us. A new number is
// confirmed with a code sent to it before it is saved; a number we do not know proves who it is first (home, then
// date of birth or tenancy reference) and can then become the tenant's number.
import { render } from "../src/conversation/content";
import type { Flow, Slots, TurnContext } from "../src/conversation/types";
import { maskPhone } from "../src/tenants/phone";
import type { ContentKey } from "./content/en";
import { identifySteps, lockedOut, NO_WORDS, parseUkPhone, recentlyVerified, secondFactSteps, YES_WORDS } from "./shared";

const CODE_MINUTES = 15;
const CODE_TRIES = 3;

/** "07700 900123" or "+44 7700 900123" → E.164, or null if it cannot be a UK phone number. */
function parseEmail(text: string): string | null {
  const email = /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i.exec(text)?.[0];
  return email && email.length <= 254 ? email.toLowerCase() : null;
}

/** What a first text already says: which detail, and the new number or email if it is in the words. */
function detailsSlots(text: string): Slots {
  const lower = text.toLowerCase();
  const email = parseEmail(text);
  const digits = /(\+44|0)[\d ]{9,13}\d/.exec(text)?.[0];
  const phone = digits ? parseUkPhone(digits) : null;
  if (email || /\be-?mail\b/.test(lower)) return { change: "email", new_email: email ?? undefined };
  if (/\b(contact|prefer|rather|whatsapp|letters?|call me|ring me)\b/.test(lower)) return { change: "prefer" };
  if (phone || /\b(phone|number|mobile)\b/.test(lower)) return { change: "new_phone", new_phone: phone ?? undefined };
  return {};
}

function changed(context: TurnContext, field: "phone" | "email" | "contactPreference", value: string): void {
  context.emit({ type: "tenant.contact_changed", tenantId: context.state.identity.tenantId!, field, value });
}

async function sendCode(context: TurnContext): Promise<string | { waitAt: string }> {
  const { state, env } = context;
  const phone = state.slots.new_phone!;
  if (phone === env.address && state.identity.source === "phone") {
    context.say("details.phone.same");
    return "end";
  }
  const owner = await env.homes.phoneOwner(phone);
  if (owner && owner !== state.identity.tenantId) {
    context.say("details.phone.taken");
    return "end";
  }
  const code = env.newCode();
  Object.assign(state.slots, { code, code_sent_at: env.now.toISOString(), code_tries: "0" });
  context.emit({ type: "message.send", channel: "sms", to: phone, text: render("details.code.text", { code, landlordName: env.landlord.name }) });
  context.say("details.code.sent", { phone: maskPhone(phone) });
  return { waitAt: "code" };
}

function checkCode(context: TurnContext): string {
  const { state, env } = context;
  const { slots } = state;
  const entered = slots.entered_code;
  delete slots.entered_code;
  const minutes = (env.now.getTime() - new Date(slots.code_sent_at!).getTime()) / 60_000;
  if (minutes > CODE_MINUTES) {
    context.say("details.code.expired");
    return "end";
  }
  if (entered === slots.code) {
    changed(context, "phone", slots.new_phone!);
    context.say("details.phone.saved", { phone: maskPhone(slots.new_phone!) });
    return "end";
  }
  const tries = Number(slots.code_tries ?? "0") + 1;
  slots.code_tries = String(tries);
  if (tries >= CODE_TRIES) {
    context.say("details.code.failed");
    return "end";
  }
  context.say("details.code.wrong", { left: String(CODE_TRIES - tries) });
  return "code";
}

export const detailsFlow: Flow = {
  id: "update_details",
  name: "details.name",
  entry: { intents: ["update_details"], guessLabel: "intent.update_details", readSlots: detailsSlots },
  start: "who",
  steps: {
    who: {
      kind: "action",
      run(context) {
        if (lockedOut(context)) return "end";
        const { identity } = context.state;
        if (identity.source === "phone" && identity.tenantId) return recentlyVerified(context) ? "what" : "second_fact";
        context.say("details.unknown_number");
        return "identify_check";
      },
    },
    ...identifySteps("found"),
    found: {
      kind: "action",
      run(context) {
        if (context.state.identity.tenantId) return "second_fact";
        context.say("details.not_found");
        return "end";
      },
    },
    ...secondFactSteps("verified"),
    verified: {
      kind: "action",
      run: (context) => (context.state.identity.source === "phone" ? "what" : "this_number"),
    },
    this_number: {
      kind: "choice",
      prompt: "details.this_number.prompt",
      reprompt: "details.this_number.reprompt",
      promptVars: (_slots, context) => ({ phone: maskPhone(context.env.address) }),
      options: [
        { value: "yes", label: "answer.yes", words: YES_WORDS },
        { value: "no", label: "answer.no", words: NO_WORDS },
      ],
      save: "use_this_number",
      next: (slots) => (slots.use_this_number === "yes" ? "save_this_number" : "what"),
    },
    // The tenant is texting from it, so the number is proven; their home and second fact prove who they are.
    save_this_number: {
      kind: "action",
      run(context) {
        changed(context, "phone", context.env.address);
        context.state.identity = { ...context.state.identity, source: "phone" };
        context.say("details.phone.saved", { phone: maskPhone(context.env.address) });
        return "end";
      },
    },
    what: {
      kind: "choice",
      prompt: "details.what.prompt",
      reprompt: "details.what.reprompt",
      options: [
        { value: "new_phone", label: "details.what.phone", words: ["phone", "number", "mobile"] },
        { value: "email", label: "details.what.email", words: ["email", "e-mail", "mail"] },
        { value: "prefer", label: "details.what.prefer", words: ["how", "contact", "prefer", "rather"] },
      ],
      save: "change",
      next: (slots) => slots.change!,
    },
    new_phone: {
      kind: "text",
      prompt: "details.phone.prompt",
      reprompt: "details.phone.reprompt",
      suggestions: [{ label: "shortcut.person" }],
      save: "new_phone",
      parse: parseUkPhone,
      next: "send_code",
    },
    send_code: { kind: "action", run: sendCode },
    code: {
      kind: "text",
      prompt: "details.code.prompt",
      reprompt: "details.code.prompt",
      suggestions: [{ label: "shortcut.person" }],
      save: "entered_code",
      parse: (text) => /\b(\d{6})\b/.exec(text.replace(/(\d)\s+(?=\d)/g, "$1"))?.[1] ?? null,
      next: "check_code",
    },
    check_code: { kind: "action", run: checkCode },
    email: {
      kind: "text",
      prompt: "details.email.prompt",
      reprompt: "details.email.reprompt",
      suggestions: [{ label: "shortcut.person" }],
      save: "new_email",
      parse: parseEmail,
      next: "save_email",
    },
    save_email: {
      kind: "action",
      run(context) {
        const email = context.state.slots.new_email!;
        changed(context, "email", email);
        context.say("details.email.saved", { email });
        return "end";
      },
    },
    prefer: {
      kind: "choice",
      prompt: "details.prefer.prompt",
      reprompt: "details.prefer.reprompt",
      options: [
        { value: "sms", label: "details.prefer.sms", words: ["text", "sms", "texts"] },
        { value: "whatsapp", label: "details.prefer.whatsapp", words: ["whatsapp", "whats app"] },
        { value: "email", label: "details.prefer.email", words: ["email", "e-mail"] },
        { value: "phone", label: "details.prefer.phone", words: ["call", "ring", "phone"] },
      ],
      save: "preference",
      next: "save_preference",
    },
    save_preference: {
      kind: "action",
      run(context) {
        const preference = context.state.slots.preference!;
        changed(context, "contactPreference", preference);
        context.say("details.prefer.saved", { how: render(`details.prefer.${preference}` as ContentKey, {}).toLowerCase() });
        return "end";
      },
    },
  },
};

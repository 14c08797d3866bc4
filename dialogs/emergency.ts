// After an emergency is raised: anything more the tenant texts is added to the emergency case for staff. In a web
// chat, from someone we could not find, a number to call and the address are asked first, each with a tap answer.
import { NO_PHONE_TAP } from "../src/conversation/emergency";
import type { Flow, TurnContext } from "../src/conversation/types";
import { parseUkPhone, parseWords, yesNo } from "./shared";
import { findAddressIn } from "../src/tenants/postcode";

/** An unknown texter's reply to "text your house number and postcode": link the emergency to that home if it is ours. */
async function linkHome(context: TurnContext, reference: string, note: string): Promise<void> {
  if (context.state.identity.homeId) return;
  const address = findAddressIn(note);
  const match = address ? await context.env.homes.findHome(address.postcode, address.houseNumber) : null;
  if (!match) return;
  context.state.identity = { tenantId: match.tenantId, homeId: match.homeId, source: "address" };
  context.emit({ type: "case.home_linked", reference, tenantId: match.tenantId, homeId: match.homeId });
}

const NONE = "none";

export const emergencyFlow: Flow = {
  id: "emergency",
  name: "emergency.name",
  start: "more",
  steps: {
    phone: {
      kind: "text",
      prompt: "emergency.phone.prompt",
      reprompt: "emergency.phone.reprompt",
      suggestions: [{ label: NO_PHONE_TAP, value: NONE }],
      keypad: "phone",
      save: "phone",
      parse: parseUkPhone,
      next: "phone_noted",
    },
    phone_noted: {
      kind: "action",
      run(context) {
        const { ref, phone } = context.state.slots;
        if (ref && phone && phone !== NONE) {
          context.emit({ type: "case.note_added", reference: ref, text: `Phone number to call: ${phone}` });
          context.say("emergency.phone.noted", { ref, phone });
        }
        return "address";
      },
    },
    address: {
      kind: "text",
      prompt: "emergency.address.prompt",
      reprompt: "emergency.address.reprompt",
      suggestions: [{ label: "identity.unknown", value: NONE }],
      save: "address",
      parse: (text) => (/\d/.test(text) ? parseWords(text) : null),
      next: "address_noted",
    },
    address_noted: {
      kind: "action",
      async run(context) {
        const { ref, phone, address } = context.state.slots;
        if (!ref) return { waitAt: "more" };
        if (address && address !== NONE) {
          context.emit({ type: "case.note_added", reference: ref, text: `Address: ${address}` });
          await linkHome(context, ref, address);
        }
        // Nothing to reach them by but this page: it must stay open, or they ring us.
        if (phone === NONE) context.say("emergency.keep_open", { ref }, [], ["shortcut.menu", "shortcut.person"]);
        else context.say("emergency.noted", { ref }, [], ["shortcut.menu", "shortcut.person"]);
        return { waitAt: "more" };
      },
    },
    more: {
      kind: "text",
      prompt: "emergency.more",
      reprompt: "emergency.more",
      suggestions: [{ label: "shortcut.menu" }, { label: "shortcut.person" }],
      save: "note",
      promptVars: (slots) => ({ ref: slots.ref ?? "" }),
      next: "noted",
    },
    noted: {
      kind: "action",
      async run(context) {
        const { ref, note } = context.state.slots;
        if (ref && note) {
          context.emit({ type: "case.note_added", reference: ref, text: note });
          await linkHome(context, ref, note);
          context.say("emergency.noted", { ref });
        }
        delete context.state.slots.note;
        return { waitAt: "more" };
      },
    },
    // Domestic abuse found in the tenant's words (src/conversation/emergency.ts asks this after the helpline).
    safe_to_text: yesNo("asb.abuse.safe.prompt", "asb.abuse.safe.reprompt", "safe_to_text", "safe_told"),
    safe_told: {
      kind: "action",
      run(context) {
        const { ref, safe_to_text: safe } = context.state.slots;
        if (!ref) return { waitAt: "more" };
        context.emit({ type: "case.note_added", reference: ref, text: safe === "yes" ? "Safe to text this number: yes" : "NOT safe to text this number" });
        context.say(safe === "yes" ? "emergency.safeguarding" : "asb.abuse.not_safe", { ref });
        return { waitAt: "more" };
      },
    },
  },
};

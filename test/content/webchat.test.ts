// The web chat's words: what a tenant reads there never tells them to reply with a word or number, or that we will
// text them, as SMS wording does; the catalogue's "key.webchat" entries say it with taps instead.
import { en, type ContentKey } from "../../dialogs/content/en";
import { renderWebChat } from "../../src/channels/directline/activities";
import type { OutboundMessage } from "../../src/conversation/types";

/** Telling the tenant to type a keyword or number, or promising a text: right on SMS, wrong in the chat. */
const SMS_WORDING = /\breply (MENU|PERSON|START|STOP|\d|with)|\bText (us|START|it)\b|\bwe will text\b|\bby text\b(?! or chat)|\bplease text\b|\btexting\b/i;

/**
 * Messages a web chat never shows, each for a reason: only sent by SMS or WhatsApp (STOP and START, codes texted to a
 * new number, updates and reminders sent later, which a web chat cannot take, WhatsApp templates), or asked only on
 * a channel that can reach the tenant later (the address by text after an emergency, is it safe to text you).
 */
const NEVER_IN_THE_CHAT = new Set<string>([
  "stop.confirmed",
  "start.confirmed",
  "start.resume",
  "details.code.text",
  "emergency.logged_ask_address",
  "asb.abuse.safe.prompt",
  "asb.abuse.safe.reprompt",
  "asb.abuse.not_safe",
  "whatsapp.template.reopen",
  "whatsapp.template.late",
  "appointment.reminder.prompt",
  "appointment.reminder.reprompt",
  "appointment.booked",
  "appointment.moved",
  "repair.done.urgent.later",
  "repair.done.routine.later",
  "update.awaiting_parts",
  "satisfaction.prompt",
  "details.prefer.sms",
]);

/** Every placeholder filled, as the web chat renders a message. */
function said(key: ContentKey): OutboundMessage {
  const vars = Object.fromEntries([...en[key].matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, "X"]));
  const text = en[key].replace(/\{(\w+)\}/g, "X");
  // A "Reply 1..." hint only ever comes beside numbered choices, which the chat shows as buttons.
  const choices = /\breply (\d|with (a|the) number)/i.test(text) ? ["One", "Two"] : [];
  return { text, choices, taps: [], said: { key, vars } };
}

test("no message the web chat shows tells the tenant to reply with a word or number, or says we will text them", () => {
  const keys = (Object.keys(en) as ContentKey[]).filter((key) => !key.endsWith(".webchat") && !NEVER_IN_THE_CHAT.has(key));
  const sms = keys.map((key) => [key, renderWebChat(said(key)).text] as const).filter(([, text]) => SMS_WORDING.test(text));
  expect(sms).toEqual([]);
});

test("the check reads the SMS words it is there to catch, and the chat says the same with taps", () => {
  expect(SMS_WORDING.test(en["help.text"])).toBe(true);
  expect(renderWebChat(said("help.text")).text).toBe("Tap an answer to choose. Go back, Main menu and Talk to a person are always at the bottom. In danger? Ring X.");
  expect(renderWebChat(said("rent.statement.none")).text).toBe("We cannot find a rent account for you. Ring X, or tap Talk to a person.");
  // A question shown with buttons loses its "Reply 1 to 8." hint.
  expect(renderWebChat(said("repair.where.reprompt")).text).toBe("Where is it?");
});

test("every web chat wording has the SMS entry it replaces, with the same placeholders", () => {
  const variants = (Object.keys(en) as ContentKey[]).filter((key) => key.endsWith(".webchat"));
  expect(variants.length).toBeGreaterThan(30);
  const placeholders = (key: string) => [...(en[key as ContentKey] ?? "").matchAll(/\{(\w+)\}/g)].map(([, name]) => name).sort();
  const mismatched = variants.filter((key) => {
    const original = key.slice(0, -".webchat".length);
    return !(original in en) || placeholders(key).join() !== placeholders(original).join();
  });
  expect(mismatched).toEqual([]);
});

// WhatsApp buttons and lists through Twilio's Content API. A reply with choices goes out as a quick-reply template
// (up to 3 buttons, titles up to 20 characters) or a list-picker (up to 10 items of up to 24 characters) when a
// template of that shape is configured in WHATSAPP_CONTENT; otherwise, or when a label is too long, as numbered text.
// Both kinds are session templates: they may only be sent inside WhatsApp's 24-hour window, which is the only time
// the bot replies. See README "WhatsApp buttons".
import type { Tap } from "../../conversation/types";

const BUTTON_TITLE_MAX = 20;
const LIST_ITEM_MAX = 24;
const MAX_BUTTONS = 3;
const MAX_ITEMS = 10;

export interface ContentMessage {
  /** HX...: the template. */
  sid: string;
  /** Its variables, "1", "2"...: the message first, then each choice's words. */
  variables: Record<string, string>;
}

/** The template for a message with buttons, or null for plain numbered text. */
export function interactiveContent(text: string, taps: Tap[], sids: Record<string, string>, listButton: string): ContentMessage | null {
  const count = taps.length;
  if (count === 0) return null;
  const labels = taps.map((tap) => tap.label);
  const buttons = sids[`buttons${count}`];
  if (count <= MAX_BUTTONS && buttons && labels.every((label) => label.length <= BUTTON_TITLE_MAX)) {
    return { sid: buttons, variables: variables([text, ...labels]) };
  }
  const list = sids[`list${count}`];
  if (count <= MAX_ITEMS && list && labels.every((label) => label.length <= LIST_ITEM_MAX)) {
    return { sid: list, variables: variables([text, listButton, ...labels]) };
  }
  return null;
}

function variables(values: string[]): Record<string, string> {
  return Object.fromEntries(values.map((value, index) => [String(index + 1), value]));
}

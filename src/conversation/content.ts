// Fills the content catalogue's {placeholders} with landlord settings, safety numbers and per-message values.
import { en, type ContentKey } from "../../dialogs/content/en";
import { SAFETY_NUMBERS } from "../safety/numbers";
import type { LandlordSettings, Vars } from "./types";

export function standingVars(landlord: LandlordSettings): Vars {
  return {
    ...SAFETY_NUMBERS,
    landlordName: landlord.name,
    landlordPhone: landlord.phone,
    privacyUrl: landlord.privacyUrl,
    officeHours: landlord.officeHours,
    paymentUrl: landlord.paymentUrl,
  };
}

/** "Reply 1 to 8.", "Or reply with a number." and the like at the end of a question: how to choose on a phone without buttons. */
const NUMBER_HINT = /\s*(Please reply|Or reply|Reply) (\d|with (a|the) number)[^.]*\.$/;

/**
 * A question as channels with buttons show it: without the "Reply 1..." hint that only makes sense beside a
 * numbered list, or, when that was all it said, the catalogue's "tap an answer".
 */
export function forButtons(text: string): string {
  const question = text.replace(NUMBER_HINT, "").trim();
  return question || render("taps.hint", {});
}

export function render(key: ContentKey, vars: Vars): string {
  return en[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`Content ${key} needs {${name}}`);
    return value;
  });
}

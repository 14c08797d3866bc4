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

export function render(key: ContentKey, vars: Vars): string {
  return en[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`Content ${key} needs {${name}}`);
    return value;
  });
}

// What a tenant is texted about each kind of update from the housing system: plain words, one SMS segment each.
import { render, standingVars } from "../conversation/content";
import { toPlainText } from "../conversation/render";
import type { LandlordSettings } from "../conversation/types";
import { satisfactionQuestion } from "../../dialogs/satisfaction";
import { missedQuestion } from "../../dialogs/appointment";
import { sanitiseForSms, smsSegments } from "../channels/twilio/gsm";
import { formatAppointment, type AppointmentWindow } from "./appointments";

export const UPDATE_TYPES = ["operative_assigned", "appointment_set", "no_access", "awaiting_parts", "completed", "cancelled", "note"] as const;
export type UpdateType = (typeof UPDATE_TYPES)[number];

/** An update as the housing system sends it (HACT JobStatusUpdate in plainer words; README "Updates from your housing system"). */
export interface CaseUpdateInput {
  eventId: string;
  type: UpdateType;
  at: Date;
  operative?: string;
  appointment?: AppointmentWindow;
  reason?: string;
  text?: string;
}

/**
 * Kinds the tenant is not texted about: an operative's name tells them nothing they can act on, and the
 * appointment that follows does.
 */
const NOT_TOLD: ReadonlySet<UpdateType> = new Set(["operative_assigned"]);

export interface TenantTexts {
  texts: string[];
  /** The last text asks how happy they are with the repair: their next reply is read as the answer. */
  asksSatisfaction: boolean;
  /** The last text asks whether to pick a new time after a visit where we could not get in. */
  asksNewTime?: boolean;
}

function fitsOneSms(text: string): boolean {
  const { segments, nonGsm } = smsSegments(text);
  return segments === 1 && nonGsm.length === 0;
}

/** A note's text as the tenant will get it, or null when it would not fit one SMS. */
export function noteText(reference: string, text: string, landlord: LandlordSettings): string | null {
  const rendered = render("update.note", { ...standingVars(landlord), ref: reference, text: sanitiseForSms(text.trim()) });
  return fitsOneSms(rendered) ? rendered : null;
}

/** The texts for an update, in order; null when this kind is not texted. */
/**
 * `missedVisits`: for no_access, the visits missed so far, this one included (two go to a person). An emergency's
 * missed visit is never rebooked into a slot: the tenant is asked to ring.
 */
export function tenantTexts(update: CaseUpdateInput, reference: string, landlord: LandlordSettings, missedVisits = 1, emergency = false): TenantTexts | null {
  if (NOT_TOLD.has(update.type)) return null;
  const vars = { ...standingVars(landlord), ref: reference };
  const one = (text: string): TenantTexts => ({ texts: [text], asksSatisfaction: false });
  switch (update.type) {
    case "appointment_set":
      return one(render("update.appointment_set", { ...vars, appointment: formatAppointment(update.appointment!) }));
    case "no_access":
      if (emergency) return one(render("update.no_access.emergency", vars));
      if (missedVisits >= 2) return one(render("update.no_access.twice", vars));
      return { texts: [render("update.no_access", vars), toPlainText(missedQuestion())], asksSatisfaction: false, asksNewTime: true };
    case "awaiting_parts":
      return one(render("update.awaiting_parts", vars));
    case "completed":
      return { texts: [render("update.completed", vars), toPlainText(satisfactionQuestion(reference))], asksSatisfaction: true };
    case "cancelled": {
      // The reason is the housing system's words: given when they fit one text, left for staff to see when not.
      const withReason = update.reason ? render("update.cancelled.reason", { ...vars, reason: sanitiseForSms(update.reason.trim().replace(/[.\s]+$/, "")) }) : null;
      return one(withReason && fitsOneSms(withReason) ? withReason : render("update.cancelled", vars));
    }
    case "note":
      return one(noteText(reference, update.text ?? "", landlord)!);
    default:
      return null;
  }
}

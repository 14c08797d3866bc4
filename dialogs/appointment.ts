// Booking the visit in the same conversation (README "Appointments"): after a repair that is not an emergency, three
// free slots held for the tenant, "Other days" to page on and "None of these" for a person; the reminder the day
// before ("1 Keep it, 2 Change it, 3 Cancel it"), answered whenever the tenant next texts; and a new time after a
// visit where we could not get in. Slots come from the scheduler (EngineEnv.appointments); what is booked is recorded
// by the turn from the events this journey emits.
import { formatAppointment } from "../src/cases/appointments";
import { formatDay } from "../src/calendar/workingDays";
import { accessTimes } from "../src/appointments/access";
import { render, standingVars } from "../src/conversation/content";
import type { ChoiceOption, ChoiceStep, Flow, HeldSlot, LandlordSettings, OutboundMessage, Slots, TurnContext } from "../src/conversation/types";
import { SchedulerUnavailable } from "../src/appointments/scheduler";
import type { ContentKey } from "./content/en";
import { offerComplaintStep } from "./shared";

/** The slots on offer now, kept in the conversation between turns. */
function offered(slots: Slots): HeldSlot[] {
  return slots.offered ? (JSON.parse(slots.offered) as HeldSlot[]) : [];
}

const MORE: ChoiceOption = { value: "more", label: "appointment.more", words: ["other", "more", "later", "next", "different"] };

/** The slots on offer, and "Other days" only when more are free before the deadline. */
function slotOptions(slots: Slots): ChoiceOption[] {
  const shown = offered(slots).map((slot) => ({ value: slot.holdId, label: "appointment.slot" as const, labelVars: { slot: formatAppointment(slot) } }));
  return slots.more === "yes" ? [...shown, MORE] : shown;
}

/** A scheduler that is away is told to the tenant; anything else (a database gone) fails the turn, tried again later. */
function schedulerAway(error: unknown): true {
  if (error instanceof SchedulerUnavailable) return true;
  throw error;
}

/** Holds let go when the tenant chose one of them, another page, or none. */
async function releaseOffered(context: TurnContext, keep?: string): Promise<void> {
  const unused = offered(context.state.slots).map((slot) => slot.holdId).filter((id) => id !== keep);
  if (unused.length > 0) await context.env.appointments.release(unused);
}

/** A person books it instead: the escalation says why, and the tenant is told what happens next. */
function toPerson(context: TurnContext, key: ContentKey, vars: Record<string, string> = {}): string {
  const { slots } = context.state;
  context.emit({ type: "escalation.requested", reason: "booking", priority: 3, caseReference: slots.reference });
  context.say(key, { ref: slots.reference ?? "", ...vars });
  return after(context);
}

/** Where the journey goes when it is done: the complaint offer for a tenant who was unhappy when they reported it. */
function after(context: TurnContext): string {
  return context.state.slots.unhappy ? "offer_complaint" : "end";
}

async function offer(context: TurnContext): Promise<string> {
  const { slots, identity } = context.state;
  delete slots.choice;
  // "Please call me to arrange" at "When can we get in?": a person rings, as they asked.
  if (slots.access === "other" && slots.access_detail === render("repair.access_other.call_me", {})) return "call_back";
  const { timesOfDay, daysOfWeek } = slots.times ? JSON.parse(slots.times) : accessTimes(slots.access, slots.access_detail);
  slots.times = JSON.stringify({ timesOfDay, daysOfWeek });
  const offerNumber = Number(slots.offers ?? "0") + 1;
  slots.offers = String(offerNumber);
  // Which booking these offers are for: a change of one visit, a new time after a missed one, or the first.
  const series = slots.replacing ?? (slots.rebook ? `rebook:${slots.until ?? ""}` : "first");
  const previous = offered(slots);
  const after = slots.page_after ? JSON.parse(slots.page_after) : undefined;
  let result;
  try {
    await releaseOffered(context);
    result = await context.env.appointments.offer({
      reference: slots.reference ?? "",
      category: slots.category ?? "other",
      homeId: slots.homeId ?? identity.homeId,
      until: slots.until ?? context.env.now.toISOString(),
      timesOfDay,
      daysOfWeek,
      after,
      series,
      offerNumber,
    });
  } catch (error) {
    schedulerAway(error);
    // The scheduler is away or unreadable: the repair is recorded, and a person books the visit.
    delete slots.offered;
    return toPerson(context, "appointment.unavailable");
  }
  if (result.slots.length === 0) {
    delete slots.offered;
    // Paged past the last free one: say so, and go back to the first page rather than leave them with nothing.
    if (previous.length > 0 && after) return toPerson(context, "appointment.no_more");
    return toPerson(context, "appointment.no_slots", { dueBy: formatDay(new Date(slots.until ?? context.env.now)) });
  }
  slots.offered = JSON.stringify(result.slots);
  slots.more = result.more ? "yes" : "";
  return "pick";
}

const pick: ChoiceStep = {
  kind: "choice",
  prompt: "appointment.pick.prompt",
  reprompt: "appointment.pick.reprompt",
  optionsFrom: slotOptions,
  options: [{ value: "none", label: "appointment.none", words: ["none", "no", "neither", "cant", "cannot"] }],
  save: "choice",
  promptVars: (slots) => ({ ref: slots.reference ?? "" }),
  next(slots) {
    if (slots.choice === "more") return "page";
    if (slots.choice === "none") return "none";
    return "book";
  },
};

async function book(context: TurnContext): Promise<string> {
  const { slots } = context.state;
  const chosen = offered(slots).find((slot) => slot.holdId === slots.choice);
  if (!chosen) return "offer";
  let bookingId: string | null;
  try {
    bookingId = await context.env.appointments.confirm(chosen.holdId);
    await releaseOffered(context, chosen.holdId);
    // The visit it replaces is given back to the scheduler once the new one is sure.
    if (bookingId && slots.replacing) await context.env.appointments.cancel(slots.replacing, "moved");
  } catch (error) {
    schedulerAway(error);
    return toPerson(context, "appointment.unavailable");
  }
  delete slots.offered;
  if (!bookingId) {
    // The hold lapsed while they were away and someone took the slot: fresh times from the start.
    context.say("appointment.taken");
    delete slots.page_after;
    return "offer";
  }
  context.emit({ type: "appointment.booked", reference: slots.reference ?? "", bookingId, date: chosen.date, timeOfDay: chosen.timeOfDay, replaces: slots.replacing });
  const vars = { ref: slots.reference ?? "", appointment: formatAppointment(chosen) };
  const reminded = context.env.canReachLater;
  if (slots.replacing) context.say(reminded ? "appointment.moved" : "appointment.moved.chat", vars);
  else context.say(reminded ? "appointment.booked" : "appointment.booked.chat", vars);
  return after(context);
}

export const appointmentFlow: Flow = {
  id: "appointment",
  name: "appointment.name",
  start: "offer",
  steps: {
    offer: { kind: "action", run: offer },
    pick,
    page: {
      kind: "action",
      run(context) {
        const last = offered(context.state.slots).at(-1);
        if (last) context.state.slots.page_after = JSON.stringify({ date: last.date, timeOfDay: last.timeOfDay });
        return "offer";
      },
    },
    book: { kind: "action", run: book },
    none: {
      kind: "action",
      async run(context) {
        await releaseOffered(context).catch(schedulerAway); // if the scheduler is away they lapse by themselves
        delete context.state.slots.offered;
        return toPerson(context, "appointment.person");
      },
    },
    // Sent the day before (src/appointments/reminders.ts); the tenant's next text is read as the answer.
    reminder: {
      kind: "choice",
      prompt: "appointment.reminder.prompt",
      reprompt: "appointment.reminder.reprompt",
      options: [
        { value: "keep", label: "appointment.keep", words: ["keep", "yes", "ok", "okay", "fine", "confirm", "thanks"] },
        { value: "change", label: "appointment.change", words: ["change", "move", "rearrange", "another day", "different"] },
        // Not "cancel" alone: it is one of the carriers' opt-out words, like STOP (src/conversation/words.ts).
        { value: "cancel", label: "appointment.cancel", words: ["cancel it", "cancel visit", "cancel the visit", "dont come", "do not come"] },
      ],
      save: "reminded",
      promptVars: (slots) => ({ ref: slots.reference ?? "", appointment: slots.appointment ?? "" }),
      next(slots) {
        if (slots.reminded === "change") return "offer";
        if (slots.reminded === "cancel") return "cancel_why";
        return "kept";
      },
    },
    kept: {
      kind: "action",
      run(context) {
        const { slots } = context.state;
        context.say("appointment.kept", { appointment: slots.appointment ?? "" });
        return "end";
      },
    },
    cancel_why: {
      kind: "choice",
      prompt: "appointment.cancel_why.prompt",
      reprompt: "appointment.cancel_why.reprompt",
      options: [
        { value: "not_needed", label: "appointment.cancel_why.not_needed", words: ["fixed", "not needed", "sorted", "done", "dont need"] },
        { value: "cannot_be_in", label: "appointment.cancel_why.cannot_be_in", words: ["cant be in", "not in", "away", "work", "busy"] },
        { value: "other", label: "appointment.cancel_why.other", words: ["other", "another", "else"] },
      ],
      save: "cancel_reason",
      next: "cancel",
    },
    cancel: {
      kind: "action",
      async run(context) {
        const { slots } = context.state;
        const reason = slots.cancel_reason ?? "other";
        try {
          await context.env.appointments.cancel(slots.appointmentId ?? "", reason);
        } catch (error) {
          schedulerAway(error);
          return toPerson(context, "appointment.unavailable");
        }
        context.emit({ type: "appointment.cancelled", reference: slots.reference ?? "", appointmentId: slots.appointmentId ?? "", reason });
        if (reason !== "not_needed") return toPerson(context, "appointment.cancelled");
        context.emit({ type: "case.note_added", reference: slots.reference ?? "", text: "Tenant cancelled the visit: fixed or not needed now. Check and close the repair." });
        context.say("appointment.cancelled.not_needed", { ref: slots.reference ?? "" });
        return "end";
      },
    },
    // After a visit where we could not get in (the housing system's no_access update): a new time, or a call.
    missed: {
      kind: "choice",
      prompt: "appointment.missed.prompt",
      reprompt: "appointment.missed.reprompt",
      options: [
        { value: "pick", label: "appointment.missed.pick", words: ["yes", "new time", "book", "pick", "choose"] },
        { value: "call", label: "appointment.missed.call", words: ["ring", "call", "phone"] },
      ],
      save: "rebook",
      next: (slots) => (slots.rebook === "pick" ? "offer" : "call_back"),
    },
    call_back: { kind: "action", run: (context) => toPerson(context, "appointment.call_back") },
    offer_complaint: offerComplaintStep("repair"),
  },
};

/** A question of this journey as it is sent unprompted, numbered choices and all. */
function question(step: "reminder" | "missed", vars: Record<string, string>): OutboundMessage {
  const { prompt, options } = appointmentFlow.steps[step] as ChoiceStep;
  return { text: render(prompt, vars), choices: options.map((option) => render(option.label, vars)), taps: [] };
}

/** The reminder the day before; the tenant's next text is read as its answer. */
export function reminderQuestion(reference: string, appointment: string, landlord: LandlordSettings): OutboundMessage {
  return question("reminder", { ...standingVars(landlord), ref: reference, appointment });
}

/** Asked after a visit where we could not get in. */
export function missedQuestion(): OutboundMessage {
  return question("missed", {});
}

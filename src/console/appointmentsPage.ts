// The console's Visits pages as HTML: the visits of the coming days (with capacity, and a link to the measures, for
// supervisors), and one repair's visits with its free times to book or move to and a form to cancel. Plain forms that
// post and come back with a notice: no script needed, and everything interpolated is escaped.
import type { CapacityRow } from "../appointments/capacity";
import type { FreeTimes } from "../appointments/staffChanges";
import type { VisitView } from "../appointments/visits";
import type { Staff } from "../staff/accounts";
import { escapeHtml } from "../http/html";

const STATUS_WORDS: Record<string, string> = { booked: "Booked", moved: "Moved", cancelled: "Cancelled", missed: "Missed (no access)", attended: "Attended" };
const BY_WORDS: Record<string, string> = { tenant: "Tenant, in the conversation", staff: "Staff", backoffice: "Housing system" };
const REMINDER_WORDS: Record<string, string> = {
  sent: "Sent",
  opted_out: "Not sent: the tenant texted STOP",
  no_channel: "Not sent: no phone to text (web chat)",
  outside_whatsapp_window: "Not sent: WhatsApp's 24 hours had passed",
};
export const CANCEL_REASONS = ["Tenant asked to cancel", "Repair no longer needed", "Operative not available", "Booked in error", "Another reason"];

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" });

function reminderWords(visit: VisitView): string {
  if (visit.reminder.status) return REMINDER_WORDS[visit.reminder.status] ?? visit.reminder.status;
  if (visit.status !== "booked") return "";
  return visit.reminder.due ? `Due ${when(visit.reminder.due)}` : "None (booked too late for one)";
}

function shell(staff: Staff, title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - staff console</title>
<link rel="stylesheet" href="/console/console.css">
</head>
<body>
<header class="top">
  <h1>${escapeHtml(title)}</h1>
  <p>Signed in as ${escapeHtml(staff.name)} (${escapeHtml(staff.role)}) <a href="/console">Back to the queue</a></p>
</header>
<main class="visits">
${body}
</main>
</body>
</html>`;
}

function noticeBlock(notice?: { text: string; error: boolean }): string {
  if (!notice) return "";
  return `<p class="notice${notice.error ? " error" : ""}" role="${notice.error ? "alert" : "status"}">${escapeHtml(notice.text)}</p>`;
}

function visitRow(visit: VisitView): string {
  return `<tr>
  <td>${escapeHtml(visit.window)}</td>
  <td><a href="/console/appointments/${encodeURIComponent(visit.reference)}">${escapeHtml(visit.reference)}</a></td>
  <td>${escapeHtml(visit.category)} (${escapeHtml(visit.priority)})</td>
  <td>${escapeHtml(visit.tenantName ?? "Not matched to a tenancy")}<br>${escapeHtml(visit.address ?? "")}</td>
  <td>${escapeHtml(STATUS_WORDS[visit.status] ?? visit.status)}</td>
  <td>${escapeHtml(BY_WORDS[visit.bookedBy] ?? visit.bookedBy)}</td>
  <td>${escapeHtml(reminderWords(visit))}</td>
</tr>`;
}

export interface VisitsPageInput {
  staff: Staff;
  csrfToken: string;
  filter: { from: string; to: string; status: "booked" | "all"; reference?: string };
  visits: VisitView[];
  /** Supervisors with the built-in scheduler only. */
  capacity: CapacityRow[] | null;
  notice?: { text: string; error: boolean };
}

/** Supervisors see how visits were booked, moved and missed over time on the measures page. */
function measuresLink(staff: Staff): string {
  if (staff.role !== "supervisor") return "";
  return `<p><a href="/console/measures#measure-visits_booked">How visits were booked, moved, cancelled and missed, month by month</a> (Measures).</p>`;
}

function capacityBlock(rows: CapacityRow[], csrfToken: string): string {
  const line = (row: CapacityRow) => {
    const id = `capacity-${row.trade}-${row.area === "*" ? "any" : row.area}-${row.timeOfDay}`;
    const area = row.area === "*" ? "Anywhere else" : row.area;
    const half = row.timeOfDay === "AM" ? "Mornings" : "Afternoons";
    return `<tr>
  <td>${escapeHtml(row.trade)}</td><td>${escapeHtml(area)}</td><td>${half}</td>
  <td><form method="post" action="/console/appointments/capacity" class="inline">
    <input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
    <input type="hidden" name="trade" value="${escapeHtml(row.trade)}">
    <input type="hidden" name="area" value="${escapeHtml(row.area)}">
    <input type="hidden" name="timeOfDay" value="${row.timeOfDay}">
    <label for="${escapeHtml(id)}" class="visually-hidden">Visits for ${escapeHtml(row.trade)}, ${escapeHtml(area)}, ${half.toLowerCase()}</label>
    <input id="${escapeHtml(id)}" name="capacity" type="number" min="0" max="500" required value="${row.capacity}">
    <button type="submit" class="small">Save</button>
  </form></td>
  <td>${row.changedBy ? `Changed ${escapeHtml(when(row.changedAt!.toISOString()))}` : row.inherited ? "Same as anywhere else" : "From the scheduler file"}</td>
</tr>`;
  };
  return `<section aria-labelledby="capacity-heading">
  <h2 id="capacity-heading">Visits each trade can make</h2>
  <p>Per half day, on working days. A change counts for new bookings at once, on every server; visits already booked stay booked.</p>
  <table><thead><tr><th scope="col">Trade</th><th scope="col">Area</th><th scope="col">Half day</th><th scope="col">Visits</th><th scope="col">Set by</th></tr></thead>
  <tbody>${rows.map(line).join("")}</tbody></table>
</section>`;
}

export function visitsPage(input: VisitsPageInput): string {
  const { filter } = input;
  const list =
    input.visits.length === 0
      ? "<p>No visits for these days.</p>"
      : `<table><caption class="visually-hidden">Visits, in date and time order</caption>
  <thead><tr><th scope="col">When</th><th scope="col">Repair</th><th scope="col">What</th><th scope="col">Tenant and home</th><th scope="col">State</th><th scope="col">Booked by</th><th scope="col">Reminder</th></tr></thead>
  <tbody>${input.visits.map(visitRow).join("")}</tbody></table>`;
  return shell(
    input.staff,
    "Visits",
    `${noticeBlock(input.notice)}
<form method="get" action="/console/appointments" class="visit-filters" aria-label="Choose visits">
  <div><label for="from">From</label><input id="from" name="from" type="date" value="${escapeHtml(filter.from)}" required></div>
  <div><label for="to">To</label><input id="to" name="to" type="date" value="${escapeHtml(filter.to)}" required></div>
  <div><label for="status">Show</label><select id="status" name="status">
    <option value="booked"${filter.status === "booked" ? " selected" : ""}>Booked visits</option>
    <option value="all"${filter.status === "all" ? " selected" : ""}>Every visit, moved and cancelled too</option>
  </select></div>
  <div><label for="reference">Repair reference</label><input id="reference" name="reference" maxlength="20" value="${escapeHtml(filter.reference ?? "")}"></div>
  <div><button type="submit">Show</button></div>
</form>
<section aria-labelledby="list-heading">
  <h2 id="list-heading">${input.visits.length} ${input.visits.length === 1 ? "visit" : "visits"}</h2>
  <p>Open a repair to book, move or cancel its visit.</p>
  ${list}
</section>
${measuresLink(input.staff)}
${input.capacity ? capacityBlock(input.capacity, input.csrfToken) : ""}`,
  );
}

export interface CaseVisitsPageInput {
  staff: Staff;
  csrfToken: string;
  reference: string;
  visits: VisitView[];
  /** The free times, or why none can be booked (an emergency, a closed case, a scheduler that is away). */
  free: FreeTimes | { problem: string };
  notice?: { text: string; error: boolean };
}

export function caseVisitsPage(input: CaseVisitsPageInput): string {
  const { reference, csrfToken } = input;
  const booked = input.visits.find((visit) => visit.status === "booked");
  const history =
    input.visits.length === 0
      ? "<p>No visit has been booked for this repair.</p>"
      : `<table><thead><tr><th scope="col">When</th><th scope="col">State</th><th scope="col">Booked by</th><th scope="col">Ended by, and why</th><th scope="col">Reminder</th><th scope="col">Booked at</th></tr></thead>
  <tbody>${input.visits
    .map(
      (visit) => `<tr><td>${escapeHtml(visit.window)}</td><td>${escapeHtml(STATUS_WORDS[visit.status] ?? visit.status)}</td><td>${escapeHtml(BY_WORDS[visit.bookedBy] ?? visit.bookedBy)}</td>
  <td>${escapeHtml([visit.endedBy ? (BY_WORDS[visit.endedBy] ?? visit.endedBy) : "", visit.cancelReason ?? ""].filter(Boolean).join(": "))}</td><td>${escapeHtml(reminderWords(visit))}</td><td>${escapeHtml(when(visit.bookedAt))}</td></tr>`,
    )
    .join("")}</tbody></table>`;
  const action = booked ? "Move the visit to this time" : "Book this time";
  let times: string;
  if ("problem" in input.free) {
    times = `<p>${escapeHtml(input.free.problem)}</p>`;
  } else if (input.free.slots.length === 0) {
    times = `<p>No free times up to ${escapeHtml(input.free.until)} for ${escapeHtml(input.free.trade)} in ${escapeHtml(input.free.area === "*" ? "this area" : input.free.area)}. Book in the scheduler itself, or raise capacity.</p>`;
  } else {
    const last = input.free.slots[input.free.slots.length - 1]!;
    times = `<form method="post" action="/console/appointments/${encodeURIComponent(reference)}/book">
  <input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
  <fieldset><legend>Free times for ${escapeHtml(input.free.trade)}, up to ${escapeHtml(input.free.until)}</legend>
  ${input.free.slots
    .map(
      (slot, index) =>
        `<label class="choice"><input type="radio" name="slot" value="${escapeHtml(`${slot.date}|${slot.timeOfDay}|${slot.slotId}`)}"${index === 0 ? " required" : ""}> ${escapeHtml(slot.window)}</label>`,
    )
    .join("\n  ")}
  </fieldset>
  <button type="submit">${action}</button>
  <p class="hint">The tenant is texted the new time at once (after quiet hours), and reminded the day before.</p>
</form>
${input.free.more ? `<p><a href="/console/appointments/${encodeURIComponent(reference)}?after=${encodeURIComponent(`${last.date}.${last.timeOfDay}`)}">Later times</a></p>` : ""}`;
  }
  const cancel = booked
    ? `<section aria-labelledby="cancel-heading">
  <h2 id="cancel-heading">Cancel the visit on ${escapeHtml(booked.window)}</h2>
  <form method="post" action="/console/appointments/${encodeURIComponent(reference)}/cancel">
    <input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
    <input type="hidden" name="id" value="${escapeHtml(booked.id)}">
    <label for="reason">Why</label>
    <select id="reason" name="reason" required>${CANCEL_REASONS.map((reason) => `<option>${escapeHtml(reason)}</option>`).join("")}</select>
    <button type="submit" class="secondary">Cancel the visit</button>
    <p class="hint">The repair stays open. The tenant is texted that the visit is cancelled; the reason is for the record.</p>
  </form>
</section>`
    : "";
  return shell(
    input.staff,
    `Visits for repair ${reference}`,
    `${noticeBlock(input.notice)}
<p><a href="/console/appointments">All visits</a></p>
<section aria-labelledby="history-heading">
  <h2 id="history-heading">${booked ? `Booked for ${escapeHtml(booked.window)}` : "No visit booked"}</h2>
  ${history}
</section>
<section aria-labelledby="times-heading">
  <h2 id="times-heading">${booked ? "Move to another time" : "Book a time"}</h2>
  ${times}
</section>
${cancel}`,
  );
}

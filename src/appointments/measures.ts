// How repair visits were booked and what became of them, as measures of the landlord's measures (src/measures;
// README "Measures"): one definition each, over the Appointment records, counted in the week or month its own time
// falls in, for the measures page, GET /api/measures and the CSV downloads alike.
import { period, PRELUDE } from "../measures/sql";
import type { MeasureDefinition } from "../measures/types";

/** Who booked or moved a visit, in the page's words. */
const BY = (column: string) => `CASE ${column} WHEN 'tenant' THEN 'tenant, in the conversation' WHEN 'staff' THEN 'staff' ELSE 'housing system' END`;
const WHO = ["tenant, in the conversation", "staff", "housing system"];

/** Visits of repairs reported on the channel asked about. */
const FROM_VISITS = `FROM p CROSS JOIN "Appointment" a JOIN "Case" cs ON cs.id = a."caseId" JOIN "Conversation" c ON c.id = cs."conversationId"`;
const ON_CHANNEL = `(p.channel IS NULL OR c.channel = p.channel)`;

export const visitsBooked: MeasureDefinition = {
  id: "visits_booked",
  name: "Repair visits booked, by who booked them",
  definition:
    "A repair's first visit (one that moved no other), on the day it was booked: by the tenant in the conversation, by a person in the console (after the tenant chose none of the times, asked to be called, or none were free), or by the housing system's own update.",
  source: "Appointment (bookedBy, replacesId, createdAt)",
  kind: "count",
  filters: ["channel"],
  series: WHO,
  sql: `WITH ${PRELUDE}
SELECT ${period('a."createdAt"')} AS period, ${BY('a."bookedBy"')} AS series, count(*) AS numerator, NULL::bigint AS denominator
${FROM_VISITS}
WHERE a."replacesId" IS NULL AND a."createdAt" >= p."from" AND a."createdAt" < p."to" AND ${ON_CHANNEL}
GROUP BY 1, 2`,
};

export const visitsBookedInConversation: MeasureDefinition = {
  id: "visits_booked_in_conversation",
  name: "Repair visits booked by the tenant in the conversation",
  definition: "Of the repairs' first visits booked in the period (as in visits_booked), the share the tenant booked themselves in the conversation, with no person involved.",
  source: "Appointment (bookedBy, replacesId, createdAt)",
  kind: "percent",
  filters: ["channel"],
  series: ["booked by the tenant"],
  sql: `WITH ${PRELUDE}
SELECT ${period('a."createdAt"')} AS period, 'booked by the tenant' AS series,
  count(*) FILTER (WHERE a."bookedBy" = 'tenant') AS numerator, count(*) AS denominator
${FROM_VISITS}
WHERE a."replacesId" IS NULL AND a."createdAt" >= p."from" AND a."createdAt" < p."to" AND ${ON_CHANNEL}
GROUP BY 1, 2`,
};

export const visitsChanged: MeasureDefinition = {
  id: "visits_changed",
  name: "Repair visits moved, by who moved them",
  definition:
    "Visits moved to another time, on the day they were moved: by the tenant (answering the reminder the day before, or the text after a visit where we could not get in), by a person in the console, or by the housing system.",
  source: "Appointment (bookedBy, replacesId, createdAt)",
  kind: "count",
  filters: ["channel"],
  series: WHO,
  sql: `WITH ${PRELUDE}
SELECT ${period('a."createdAt"')} AS period, ${BY('a."bookedBy"')} AS series, count(*) AS numerator, NULL::bigint AS denominator
${FROM_VISITS}
WHERE a."replacesId" IS NOT NULL AND a."createdAt" >= p."from" AND a."createdAt" < p."to" AND ${ON_CHANNEL}
GROUP BY 1, 2`,
};

export const visitsEnded: MeasureDefinition = {
  id: "visits_ended",
  name: "Repair visits cancelled, missed and attended",
  definition:
    "Booked visits that ended in the period other than by being moved: cancelled (by the tenant, a person in the console, or the housing system), missed (the housing system could not get in) or attended (the housing system reported the repair done while the visit was booked).",
  source: "Appointment (status, endedBy, endedAt)",
  kind: "count",
  filters: ["channel"],
  series: ["cancelled by the tenant", "cancelled by staff", "cancelled by the housing system", "missed: no access", "attended"],
  sql: `WITH ${PRELUDE}
SELECT ${period('a."endedAt"')} AS period,
  CASE a.status WHEN 'missed' THEN 'missed: no access' WHEN 'attended' THEN 'attended'
    ELSE CASE a."endedBy" WHEN 'tenant' THEN 'cancelled by the tenant' WHEN 'staff' THEN 'cancelled by staff' ELSE 'cancelled by the housing system' END END AS series,
  count(*) AS numerator, NULL::bigint AS denominator
${FROM_VISITS}
WHERE a.status IN ('cancelled', 'missed', 'attended') AND a."endedAt" >= p."from" AND a."endedAt" < p."to" AND ${ON_CHANNEL}
GROUP BY 1, 2`,
};

export const visitReminders: MeasureDefinition = {
  id: "visit_reminders",
  name: "Reminders the day before a visit",
  definition:
    "Reminders due in the period, on the day they were due: sent, or not sent because the tenant had texted STOP, had no phone to text (web chat only), or had not written on WhatsApp in the last 24 hours.",
  source: "Appointment (remindedAt, reminderStatus)",
  kind: "count",
  filters: ["channel"],
  series: ["sent", "not sent: STOP", "not sent: no phone", "not sent: WhatsApp 24 hours passed"],
  sql: `WITH ${PRELUDE}
SELECT ${period('a."remindedAt"')} AS period,
  CASE a."reminderStatus" WHEN 'sent' THEN 'sent' WHEN 'opted_out' THEN 'not sent: STOP' WHEN 'no_channel' THEN 'not sent: no phone' ELSE 'not sent: WhatsApp 24 hours passed' END AS series,
  count(*) AS numerator, NULL::bigint AS denominator
${FROM_VISITS}
WHERE a."remindedAt" >= p."from" AND a."remindedAt" < p."to" AND ${ON_CHANNEL}
GROUP BY 1, 2`,
};

export const APPOINTMENT_MEASURES = [visitsBooked, visitsBookedInConversation, visitsChanged, visitsEnded, visitReminders];

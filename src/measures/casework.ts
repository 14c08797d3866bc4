// Measures of casework, as the Regulator of Social Housing and the Housing Ombudsman count them: repairs in target
// (RP02), emergencies attended, Awaab's Law deadlines, complaints (CH01, CH02), anti-social behaviour (NM01) and
// tenants' satisfaction after a repair.
import { CANCELLED_BEFORE, CASE_FILTERS, FIRST_VISIT, period, PRELUDE } from "./sql";
import type { MeasureDefinition } from "./types";

const HOMES = `(SELECT count(*) FROM "Home")`;

export const repairsInTarget: MeasureDefinition = {
  id: "repairs_in_target",
  name: "Repairs completed within target (RP02)",
  definition:
    "Repairs completed in the period, by priority, and how many were completed by their target: make safe for emergencies, complete for urgent and routine (the landlord's timescales, in working days).",
  source: "Case (type repair, priority), CaseDeadline (make_safe, complete), CaseUpdate (completed)",
  kind: "percent",
  filters: ["channel"],
  series: ["emergency", "urgent", "routine"],
  sql: `WITH ${PRELUDE},
done AS (SELECT u."caseId", min(u.at) AS at FROM p CROSS JOIN "CaseUpdate" u WHERE u.type = 'completed' AND u.at >= p."from" AND u.at < p."to" GROUP BY 1)
SELECT ${period("d.at")} AS period, cs.priority AS series,
  count(*) FILTER (WHERE d.at <= coalesce((SELECT min(t."dueAt") FROM "CaseDeadline" t WHERE t."caseId" = cs.id AND t.kind IN ('make_safe', 'complete')), cs."dueAt")) AS numerator,
  count(*) AS denominator
FROM p CROSS JOIN done d JOIN "Case" cs ON cs.id = d."caseId" JOIN "Conversation" c ON c.id = cs."conversationId"
WHERE cs.type = 'repair' AND (p.channel IS NULL OR c.channel = p.channel)
GROUP BY 1, 2`,
};

export const emergenciesAttended: MeasureDefinition = {
  id: "emergencies_attended",
  name: "Emergencies attended in time",
  definition:
    "Emergency repairs whose attend deadline (4 hours by default) fell in the period and has passed, and how many had a visit by then (the housing system's first completed, awaiting parts or no access update). Cases cancelled before the deadline are left out.",
  source: "CaseDeadline (attend), CaseUpdate",
  kind: "percent",
  filters: ["channel"],
  series: ["attended in time"],
  sql: `WITH ${PRELUDE}
SELECT ${period('t."dueAt"')} AS period, 'attended in time' AS series,
  count(*) FILTER (WHERE ${FIRST_VISIT} <= t."dueAt") AS numerator, count(*) AS denominator
FROM p CROSS JOIN "CaseDeadline" t JOIN "Case" cs ON cs.id = t."caseId" JOIN "Conversation" c ON c.id = cs."conversationId"
WHERE t.kind = 'attend' AND t."dueAt" >= p."from" AND t."dueAt" < p."to" AND t."dueAt" <= p.now
  AND NOT ${CANCELLED_BEFORE('t."dueAt"')} AND ${CASE_FILTERS}
GROUP BY 1, 2`,
};

export const awaabDeadlines: MeasureDefinition = {
  id: "awaab_deadlines",
  name: "Awaab's Law deadlines met",
  definition:
    "Awaab's Law deadlines to investigate (24 hours for emergency hazards, 10 working days for damp and mould) and to make safe (24 hours) that fell in the period and have passed, and how many had a visit by then. Cases cancelled before the deadline are left out.",
  source: "CaseDeadline (awaab_investigate, awaab_make_safe), CaseUpdate",
  kind: "percent",
  filters: ["channel"],
  series: ["investigate", "make safe"],
  sql: `WITH ${PRELUDE}
SELECT ${period('t."dueAt"')} AS period, CASE t.kind WHEN 'awaab_investigate' THEN 'investigate' ELSE 'make safe' END AS series,
  count(*) FILTER (WHERE ${FIRST_VISIT} <= t."dueAt") AS numerator, count(*) AS denominator
FROM p CROSS JOIN "CaseDeadline" t JOIN "Case" cs ON cs.id = t."caseId" JOIN "Conversation" c ON c.id = cs."conversationId"
WHERE t.kind IN ('awaab_investigate', 'awaab_make_safe') AND t."dueAt" >= p."from" AND t."dueAt" < p."to" AND t."dueAt" <= p.now
  AND NOT ${CANCELLED_BEFORE('t."dueAt"')} AND ${CASE_FILTERS}
GROUP BY 1, 2`,
};

export const complaintsPerHomes: MeasureDefinition = {
  id: "complaints_per_1000_homes",
  name: "Complaints per 1,000 homes (CH01)",
  definition: "Complaints received in the period, by stage, for every 1,000 homes the landlord has.",
  source: "Case (type complaint, details.stage), Home",
  kind: "per1000homes",
  filters: ["channel"],
  series: ["stage 1"],
  sql: `WITH ${PRELUDE}
SELECT ${period('cs."reportedAt"')} AS period, 'stage ' || coalesce(cs.details->>'stage', '1') AS series, count(*) AS numerator, ${HOMES} AS denominator
FROM p CROSS JOIN "Case" cs JOIN "Conversation" c ON c.id = cs."conversationId"
WHERE cs.type = 'complaint' AND cs."reportedAt" >= p."from" AND cs."reportedAt" < p."to" AND (p.channel IS NULL OR c.channel = p.channel)
GROUP BY 1, 2`,
};

export const complaintsInTime: MeasureDefinition = {
  id: "complaints_in_time",
  name: "Complaints acknowledged and answered in time (CH02)",
  definition:
    "Complaints received in the period: how many were acknowledged within 5 working days, and how many were answered (the housing system's completed update) within 10 working days of acknowledgement, as the Complaint Handling Code sets. A complaint counts towards answered once it is answered or its date has passed.",
  source: "Case (type complaint, details.acknowledgedAt), CaseDeadline (acknowledge, respond), CaseUpdate (completed)",
  kind: "percent",
  filters: ["channel"],
  series: ["acknowledged in time", "answered in time"],
  sql: `WITH ${PRELUDE},
complaints AS (
  SELECT cs.id, cs."reportedAt",
    (cs.details->>'acknowledgedAt')::timestamptz AT TIME ZONE 'UTC' AS acknowledged_at,
    (SELECT min(t."dueAt") FROM "CaseDeadline" t WHERE t."caseId" = cs.id AND t.kind = 'acknowledge') AS acknowledge_by,
    (SELECT min(t."dueAt") FROM "CaseDeadline" t WHERE t."caseId" = cs.id AND t.kind = 'respond') AS respond_by,
    (SELECT min(u.at) FROM "CaseUpdate" u WHERE u."caseId" = cs.id AND u.type = 'completed') AS answered_at
  FROM p CROSS JOIN "Case" cs JOIN "Conversation" c ON c.id = cs."conversationId"
  WHERE cs.type = 'complaint' AND cs."reportedAt" >= p."from" AND cs."reportedAt" < p."to" AND (p.channel IS NULL OR c.channel = p.channel)
)
SELECT ${period('k."reportedAt"')} AS period, 'acknowledged in time' AS series,
  count(*) FILTER (WHERE k.acknowledged_at <= k.acknowledge_by) AS numerator, count(*) AS denominator
FROM p CROSS JOIN complaints k GROUP BY 1, 2
UNION ALL
SELECT ${period('k."reportedAt"')} AS period, 'answered in time' AS series,
  count(*) FILTER (WHERE k.answered_at <= k.respond_by) AS numerator, count(*) AS denominator
FROM p CROSS JOIN complaints k WHERE k.answered_at IS NOT NULL OR k.respond_by <= p.now GROUP BY 1, 2`,
};

export const asbPerHomes: MeasureDefinition = {
  id: "asb_per_1000_homes",
  name: "Anti-social behaviour cases per 1,000 homes (NM01)",
  definition:
    "Noise and nuisance (ASB) cases opened in the period for every 1,000 homes, and those involving a hate incident. Further incidents added to an open case are not new cases.",
  source: "Case (type asb, category, details.hateIncident), Home",
  kind: "per1000homes",
  filters: ["channel"],
  series: ["all cases", "hate incidents"],
  sql: `WITH ${PRELUDE},
asb AS (
  SELECT ${period('cs."reportedAt"')} AS period, (cs.category = 'hate' OR cs.details->>'hateIncident' = 'true') AS hate
  FROM p CROSS JOIN "Case" cs JOIN "Conversation" c ON c.id = cs."conversationId"
  WHERE cs.type = 'asb' AND cs."reportedAt" >= p."from" AND cs."reportedAt" < p."to" AND (p.channel IS NULL OR c.channel = p.channel)
)
SELECT period, 'all cases' AS series, count(*) AS numerator, ${HOMES} AS denominator FROM asb GROUP BY 1
UNION ALL
SELECT period, 'hate incidents' AS series, count(*) AS numerator, ${HOMES} AS denominator FROM asb WHERE hate GROUP BY 1`,
};

export const satisfaction: MeasureDefinition = {
  id: "satisfaction",
  name: "Satisfied after a repair",
  definition:
    "Tenants who answered 4 or 5 (happy or very happy) when asked how happy they are with a repair just completed, out of all who answered; also for repairs whose conversation was handed over to a person (from an hour before the report to the answer).",
  source: "CaseSatisfaction, Escalation",
  kind: "percent",
  filters: ["channel"],
  series: ["after a repair", "after a hand-over"],
  sql: `WITH ${PRELUDE},
answers AS (
  SELECT ${period("s.at")} AS period, s.score >= 4 AS satisfied,
    EXISTS (SELECT 1 FROM "Escalation" e WHERE e."conversationId" = cs."conversationId" AND e."createdAt" >= cs."reportedAt" - interval '1 hour' AND e."createdAt" <= s.at) AS handed_over
  FROM p CROSS JOIN "CaseSatisfaction" s JOIN "Case" cs ON cs.id = s."caseId" JOIN "Conversation" c ON c.id = cs."conversationId"
  WHERE s.at >= p."from" AND s.at < p."to" AND (p.channel IS NULL OR c.channel = p.channel)
)
SELECT period, 'after a repair' AS series, count(*) FILTER (WHERE satisfied) AS numerator, count(*) AS denominator FROM answers GROUP BY 1
UNION ALL
SELECT period, 'after a hand-over' AS series, count(*) FILTER (WHERE satisfied) AS numerator, count(*) AS denominator FROM answers WHERE handed_over GROUP BY 1`,
};

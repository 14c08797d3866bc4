// Measures of contact: how many, on which channels, how many the bot saw through alone, where people gave up, how
// fast a person answered, failure demand and opt-outs.
import { CONTACTS, HANDED_OVER, period, PRELUDE } from "./sql";
import type { MeasureDefinition } from "./types";

export const contactsByChannel: MeasureDefinition = {
  id: "contacts_by_channel",
  name: "Contacts by channel",
  definition:
    "Contacts on each channel (SMS, WhatsApp, web chat, Microsoft Teams). A contact is one conversation's messages from the tenant on one day. The share on each channel over time is the channel shift.",
  source: "Message (inbound), Conversation.channel",
  kind: "count",
  filters: ["channel"],
  sql: `WITH ${PRELUDE}, ${CONTACTS}
SELECT to_char(date_trunc(p.unit, k.day), 'YYYY-MM-DD') AS period, k.channel AS series, count(*) AS numerator, NULL::bigint AS denominator
FROM p CROSS JOIN contacts k GROUP BY 1, 2`,
};

export const containment: MeasureDefinition = {
  id: "containment",
  name: "Contained by the bot",
  definition:
    "Contacts that met the tenant's need without a person: no hand-over to staff during the contact, and no further message from the tenant within 24 hours of their last one.",
  source: "Message (inbound), Escalation",
  kind: "percent",
  filters: ["channel"],
  series: ["contained"],
  sql: `WITH ${PRELUDE}, ${CONTACTS}
SELECT to_char(date_trunc(p.unit, k.day), 'YYYY-MM-DD') AS period, 'contained' AS series,
  count(*) FILTER (WHERE NOT ${HANDED_OVER}
    AND NOT EXISTS (SELECT 1 FROM "Message" n WHERE n."conversationId" = k.conversation_id AND n.direction = 'inbound'
      AND n."createdAt" > k.last_at AND n."createdAt" <= k.last_at + interval '24 hours')) AS numerator,
  count(*) AS denominator
FROM p CROSS JOIN contacts k GROUP BY 1, 2`,
};

export const handoverRate: MeasureDefinition = {
  id: "handover_rate",
  name: "Handed over to a person",
  definition: "Contacts in which the bot handed the conversation to staff (an escalation raised during the contact).",
  source: "Message (inbound), Escalation",
  kind: "percent",
  filters: ["channel"],
  series: ["handed over"],
  sql: `WITH ${PRELUDE}, ${CONTACTS}
SELECT to_char(date_trunc(p.unit, k.day), 'YYYY-MM-DD') AS period, 'handed over' AS series,
  count(*) FILTER (WHERE ${HANDED_OVER}) AS numerator, count(*) AS denominator
FROM p CROSS JOIN contacts k GROUP BY 1, 2`,
};

export const handoverReasons: MeasureDefinition = {
  id: "handover_reasons",
  name: "Why conversations were handed over",
  definition:
    "Hand-overs to staff by the reason the bot gave: the tenant asked for a person, an emergency, safeguarding, the bot did not understand, a fault, and so on.",
  source: "Escalation.reason",
  kind: "count",
  filters: ["channel", "journey"],
  sql: `WITH ${PRELUDE}
SELECT ${period('e."createdAt"')} AS period, e.reason AS series, count(*) AS numerator, NULL::bigint AS denominator
FROM p CROSS JOIN "Escalation" e JOIN "Conversation" c ON c.id = e."conversationId" LEFT JOIN "Case" cs ON cs.id = e."caseId"
WHERE e."createdAt" >= p."from" AND e."createdAt" < p."to"
  AND (p.channel IS NULL OR c.channel = p.channel) AND (p.journey IS NULL OR cs.type = p.journey)
GROUP BY 1, 2`,
};

export const dropOff: MeasureDefinition = {
  id: "drop_off",
  name: "Where tenants gave up",
  definition:
    "Conversations left part-way through a journey: the tenant's last message was more than 24 hours ago, the bot was still waiting for an answer at this step, and no person was asked for. Counted by journey and step, in the period of the last message. Only each conversation's latest journey is known.",
  source: "Conversation.state (flow and step), Conversation.lastInboundAt",
  kind: "count",
  filters: ["channel", "journey"],
  sql: `WITH ${PRELUDE}
SELECT ${period('c."lastInboundAt"')} AS period, (c.state->>'flow') || ': ' || (c.state->>'step') AS series, count(*) AS numerator, NULL::bigint AS denominator
FROM p CROSS JOIN "Conversation" c
WHERE c."lastInboundAt" >= p."from" AND c."lastInboundAt" < p."to" AND c."lastInboundAt" < p.now - interval '24 hours'
  AND c.state->>'flow' IS NOT NULL AND c.state->>'step' IS NOT NULL AND c.state->>'handoffRequestedAt' IS NULL
  AND (p.channel IS NULL OR c.channel = p.channel) AND (p.journey IS NULL OR c.state->>'flow' = p.journey)
GROUP BY 1, 2`,
};

/** An escalation's first reply written by a person on the staff. */
const FIRST_STAFF_REPLY = `LEFT JOIN LATERAL (SELECT min(m."createdAt") AS at FROM "Message" m WHERE m."conversationId" = e."conversationId"
  AND m.direction = 'outbound' AND m."staffId" IS NOT NULL AND m."createdAt" >= e."createdAt") r ON true`;

export const firstReplyInTime: MeasureDefinition = {
  id: "first_reply_in_time",
  name: "First staff reply within target",
  definition:
    "Hand-overs whose first reply from a person came by the hand-over's respond-by time (set by its priority and opening hours). Counted once the reply came or the target passed.",
  source: "Escalation (createdAt, respondBy), Message (outbound with staffId)",
  kind: "percent",
  filters: ["channel", "journey"],
  series: ["replied in time"],
  sql: `WITH ${PRELUDE}
SELECT ${period('e."createdAt"')} AS period, 'replied in time' AS series,
  count(*) FILTER (WHERE r.at <= e."respondBy") AS numerator, count(*) AS denominator
FROM p CROSS JOIN "Escalation" e JOIN "Conversation" c ON c.id = e."conversationId" LEFT JOIN "Case" cs ON cs.id = e."caseId"
${FIRST_STAFF_REPLY}
WHERE e."createdAt" >= p."from" AND e."createdAt" < p."to" AND (r.at IS NOT NULL OR e."respondBy" <= p.now)
  AND (p.channel IS NULL OR c.channel = p.channel) AND (p.journey IS NULL OR cs.type = p.journey)
GROUP BY 1, 2`,
};

export const firstReplyMinutes: MeasureDefinition = {
  id: "first_reply_minutes",
  name: "Time to first staff reply",
  definition: "The median minutes from a hand-over to the first reply from a person, over hand-overs that got one.",
  source: "Escalation.createdAt, Message (outbound with staffId)",
  kind: "median_minutes",
  filters: ["channel", "journey"],
  series: ["median minutes"],
  sql: `WITH ${PRELUDE}
SELECT ${period('e."createdAt"')} AS period, 'median minutes' AS series,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.at - e."createdAt") / 60) AS numerator, count(*) AS denominator
FROM p CROSS JOIN "Escalation" e JOIN "Conversation" c ON c.id = e."conversationId" LEFT JOIN "Case" cs ON cs.id = e."caseId"
${FIRST_STAFF_REPLY}
WHERE e."createdAt" >= p."from" AND e."createdAt" < p."to" AND r.at IS NOT NULL
  AND (p.channel IS NULL OR c.channel = p.channel) AND (p.journey IS NULL OR cs.type = p.journey)
GROUP BY 1, 2`,
};

export const repeatContacts: MeasureDefinition = {
  id: "repeat_contacts",
  name: "Repeat contacts about an open case",
  definition:
    "Contacts from a conversation that already had a case open when the contact began (reported earlier, not yet completed or cancelled): failure demand, the tenant chasing something already reported.",
  source: "Message (inbound), Case (conversationId, reportedAt), CaseUpdate (completed, cancelled)",
  kind: "percent",
  filters: ["channel"],
  series: ["about an open case"],
  sql: `WITH ${PRELUDE}, ${CONTACTS}
SELECT to_char(date_trunc(p.unit, k.day), 'YYYY-MM-DD') AS period, 'about an open case' AS series,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Case" cs WHERE cs."conversationId" = k.conversation_id AND cs."reportedAt" < k.first_at
    AND NOT EXISTS (SELECT 1 FROM "CaseUpdate" u WHERE u."caseId" = cs.id AND u.type IN ('completed', 'cancelled') AND u.at < k.first_at))) AS numerator,
  count(*) AS denominator
FROM p CROSS JOIN contacts k GROUP BY 1, 2`,
};

export const optOuts: MeasureDefinition = {
  id: "opt_outs",
  name: "Opt-outs",
  definition: "Numbers that texted STOP (or another opt-out word) to stop all texts, and those that opted back in with START.",
  source: "ConsentChange",
  kind: "count",
  filters: ["channel"],
  series: ["opted out", "opted back in"],
  sql: `WITH ${PRELUDE}
SELECT ${period('k."createdAt"')} AS period, CASE WHEN k."optedOut" THEN 'opted out' ELSE 'opted back in' END AS series,
  count(*) AS numerator, NULL::bigint AS denominator
FROM p CROSS JOIN "ConsentChange" k
WHERE k."createdAt" >= p."from" AND k."createdAt" < p."to" AND (p.channel IS NULL OR k.channel = p.channel)
GROUP BY 1, 2`,
};

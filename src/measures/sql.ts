// Pieces of SQL the measures share. Timestamps are stored as UTC without a zone; periods are London weeks (from
// Monday) and months, so a text at 00:30 on the 1st in summer falls in the month it was sent in.

/** The first day (YYYY-MM-DD) of the London week or month a UTC timestamp column falls in. */
export function period(column: string): string {
  return `to_char(date_trunc(p.unit, ${column} AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/London'), 'YYYY-MM-DD')`;
}

/** The query's parameters as one row, so every measure's SQL takes the same six. */
export const PRELUDE = `p AS (SELECT $1::timestamp AS "from", $2::timestamp AS "to", $3::text AS unit, $4::text AS channel, $5::text AS journey, $6::timestamp AS now)`;

/**
 * A contact: one conversation's inbound messages on one London day, with when the first and last came. One
 * conversation row holds a phone number's whole history, so the day is what makes it one contact.
 */
export const CONTACTS = `contacts AS (
  SELECT m."conversationId" AS conversation_id, c.channel,
         date_trunc('day', m."createdAt" AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/London') AS day,
         min(m."createdAt") AS first_at, max(m."createdAt") AS last_at
  FROM p CROSS JOIN "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
  WHERE m.direction = 'inbound' AND m."createdAt" >= p."from" AND m."createdAt" < p."to"
    AND (p.channel IS NULL OR c.channel = p.channel)
  GROUP BY 1, 2, 3
)`;

/**
 * A contact was handed over when an escalation was raised from its first inbound message to 5 minutes after its last
 * (5 minutes before, too: messages are stamped by the database's clock, escalations by the app server's).
 */
export const HANDED_OVER = `EXISTS (SELECT 1 FROM "Escalation" e WHERE e."conversationId" = k.conversation_id
  AND e."createdAt" >= k.first_at - interval '5 minutes' AND e."createdAt" <= k.last_at + interval '5 minutes')`;

/** The housing system's first word that someone visited: the job done, parts ordered on the visit, or nobody in. */
export const FIRST_VISIT = `(SELECT min(u.at) FROM "CaseUpdate" u WHERE u."caseId" = cs.id AND u.type IN ('completed', 'awaiting_parts', 'no_access'))`;

/** The case was cancelled before the deadline, so the deadline no longer applied. */
export const CANCELLED_BEFORE = (deadline: string) =>
  `EXISTS (SELECT 1 FROM "CaseUpdate" x WHERE x."caseId" = cs.id AND x.type = 'cancelled' AND x.at <= ${deadline})`;

export const CASE_FILTERS = `(p.channel IS NULL OR c.channel = p.channel) AND (p.journey IS NULL OR cs.type = p.journey)`;

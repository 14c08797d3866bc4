// `npm run seed:history [-- --homes 15000 --cases 100000 --days 365]`: a made-up but realistic year for a landlord of
// 15,000 homes (about 150,000 contacts, a million messages, 100,000 cases with their deadlines, updates, hand-overs,
// satisfaction answers and opt-outs), for demos of the measures page and for timing it. Written in batches of
// thousands of rows per INSERT. Refuses a database that already has conversations: it is never for live data.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import type { Prisma, PrismaClient } from "@prisma/client";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { migrateIfNeeded } from "../src/db/migrate";
import { measureQuery } from "../src/http/measures";
import { computeMeasures } from "../src/measures";

const BATCH = 5_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The same history every time (a seeded generator), so timings compare. */
let seed = 20261204;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
const chance = (p: number) => random() < p;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
function weighted<T extends string>(weights: Record<T, number>): T {
  let roll = random() * Object.values<number>(weights).reduce((sum, weight) => sum + weight, 0);
  for (const [item, weight] of Object.entries<number>(weights)) if ((roll -= weight) < 0) return item as T;
  return Object.keys(weights)[0] as T;
}

class Writer<Row> {
  private rows: Row[] = [];
  written = 0;
  constructor(private readonly insert: (rows: Row[]) => Promise<unknown>) {}
  async add(row: Row): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= BATCH) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.insert(rows);
    this.written += rows.length;
  }
}

/** Office hours mostly, evenings and weekends less: a time in the day a tenant might text. */
function timeInDay(day: Date): Date {
  const hour = weighted({ 7: 2, 8: 6, 9: 9, 10: 9, 11: 8, 12: 7, 13: 7, 14: 7, 15: 6, 16: 6, 17: 6, 18: 5, 19: 5, 20: 4, 21: 3, 22: 2, 23: 1 });
  return new Date(day.getTime() + Number(hour) * HOUR + Math.floor(random() * HOUR));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { homes: { type: "string", default: "15000" }, cases: { type: "string", default: "100000" }, days: { type: "string", default: "365" } } });
  const homes = Number(values.homes);
  const casesWanted = Number(values.cases);
  const days = Number(values.days);
  const config = loadConfig({ LOG_LEVEL: "silent", ...process.env });
  await migrateIfNeeded(config.database, process.env);
  const db = await openDatabase(config.database);
  const { prisma } = db;
  try {
    if ((await prisma.conversation.count()) > 0) {
      console.error("This database already has conversations: seed:history is only for an empty demo or benchmark database.");
      process.exitCode = 1;
      return;
    }
    const started = Date.now();
    await seedHistory(prisma, { homes, cases: casesWanted, days });
    // Fresh statistics, or the planner guesses at a million new rows (minutes instead of seconds).
    await prisma.$executeRawUnsafe("ANALYZE");
    console.log(`Written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // Time the page's work: every measure over the year, by month and by week.
    for (const interval of ["month", "week"] as const) {
      const query = { ...measureQuery({}, new Date()), interval };
      const before = Date.now();
      await computeMeasures(prisma, query, new Date());
      console.log(`All measures over ${query.from} to ${query.to} by ${interval}: ${Date.now() - before} ms`);
    }
  } finally {
    await db.close();
  }
}

export async function seedHistory(prisma: PrismaClient, size: { homes: number; cases: number; days: number }): Promise<void> {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - size.days * DAY);
  await prisma.home.createMany({
    data: Array.from({ length: size.homes }, (_, index) => ({ houseNumber: String((index % 200) + 1), street: `${pick(["Oak", "Ash", "Elm", "Birch", "Rowan"])} ${pick(["Road", "Street", "Close", "Way"])}`, town: "Liverpool", postcode: `L${(index % 30) + 1} 0AA`, postcodeKey: `L${(index % 30) + 1}0AA` })),
  });
  const homeIds = (await prisma.home.findMany({ select: { id: true } })).map((home) => home.id);

  // One conversation per phone number and channel; tenants come back through the year.
  const conversations: { id: string; channel: string; address: string; lastInboundAt: Date | null; state: Prisma.InputJsonValue }[] = [];
  const numbers = Math.round(size.homes * 2.5);
  for (let index = 0; index < numbers; index += 1) {
    const channel = weighted({ sms: 60, whatsapp: 28, webchat: 10, microsoft: 2 });
    conversations.push({ id: randomUUID(), channel, address: channel === "webchat" || channel === "microsoft" ? `web-${index}` : `+4477${String(index).padStart(8, "0")}`, lastInboundAt: null, state: { schema: 1, flow: null, step: null } });
  }

  const messages = new Writer<Prisma.MessageCreateManyInput>((rows) => prisma.message.createMany({ data: rows }));
  const cases = new Writer<Prisma.CaseCreateManyInput>((rows) => prisma.case.createMany({ data: rows }));
  // Rows that point at a case wait until the cases they point at are written.
  const deadlines = new Writer<Prisma.CaseDeadlineCreateManyInput>(async (rows) => (await cases.flush(), prisma.caseDeadline.createMany({ data: rows })));
  const updates = new Writer<Prisma.CaseUpdateCreateManyInput>(async (rows) => (await cases.flush(), prisma.caseUpdate.createMany({ data: rows })));
  const answers = new Writer<Prisma.CaseSatisfactionCreateManyInput>(async (rows) => (await cases.flush(), prisma.caseSatisfaction.createMany({ data: rows })));
  const escalations = new Writer<Prisma.EscalationCreateManyInput>(async (rows) => (await cases.flush(), prisma.escalation.createMany({ data: rows })));
  const consents = new Writer<Prisma.ConsentChangeCreateManyInput>((rows) => prisma.consentChange.createMany({ data: rows }));
  await prisma.conversation.createMany({ data: conversations.map(({ lastInboundAt: _at, ...conversation }) => conversation) });

  const digital = conversations.filter((conversation) => conversation.channel !== "sms");
  const contactsPerDay = Math.round((size.cases * 1.5) / size.days);
  let caseCount = 0;
  const message = (conversationId: string, direction: "inbound" | "outbound", at: Date, staffId?: string) =>
    messages.add({ id: randomUUID(), conversationId, direction, body: direction === "inbound" ? pick(["my tap is dripping", "1", "yes", "the boiler is broke", "2", "thanks"]) : "Thanks. What is the problem?", staffId, createdAt: at, processedAt: at });
  for (let day = 0; day < size.days; day += 1) {
    const date = new Date(start.getTime() + day * DAY);
    const shift = day / size.days; // hand-overs fall a little through the year as the bot learns
    const weekend = [0, 6].includes(date.getUTCDay());
    const today = Math.round(contactsPerDay * (weekend ? 0.5 : 1.15) * (0.9 + random() * 0.2));
    for (let contact = 0; contact < today; contact += 1) {
      // Channel shift: through the year more contacts come by WhatsApp and web chat.
      const conversation = chance(shift * 0.3) ? pick(digital) : chance(0.3) ? conversations[Math.floor((random() * conversations.length) / 5)]! : pick(conversations); // some come back often
      const at = timeInDay(date);
      if (at > now) continue;
      const turns = 2 + Math.floor(random() * 3);
      for (let turn = 0; turn < turns; turn += 1) {
        await message(conversation.id, "inbound", new Date(at.getTime() + turn * 90_000));
        await message(conversation.id, "outbound", new Date(at.getTime() + turn * 90_000 + 2_000));
      }
      const last = new Date(at.getTime() + turns * 90_000);
      conversation.lastInboundAt = last;
      if (chance(0.05)) conversation.state = { schema: 1, flow: pick(["repair", "asb", "payment"]), step: pick(["what", "where", "when", "confirm"]) };
      else conversation.state = { schema: 1, flow: null, step: null };
      let caseId: string | undefined;
      if (caseCount < size.cases && chance(0.68)) {
        caseId = randomUUID();
        caseCount += 1;
        await writeCase(caseId, conversation.id, last, now);
      }
      if (chance(0.14 + (1 - shift) * 0.04)) {
        const reason = weighted({ asked_for_person: 50, not_understood: 20, emergency: 10, safeguarding: 5, fault: 3, frustrated: 12 });
        const created = new Date(last.getTime() + 3_000);
        const respondBy = new Date(created.getTime() + (reason === "emergency" || reason === "safeguarding" ? 15 * 60_000 : 60 * 60_000));
        await escalations.add({ conversationId: conversation.id, caseId, reason, priority: reason === "emergency" ? 1 : 3, status: "closed", respondBy, transcript: [], createdAt: created, closedAt: new Date(created.getTime() + 2 * HOUR) });
        const replyAfter = (chance(0.82) ? 5 + random() * 50 : 60 + random() * 180) * 60_000;
        if (new Date(created.getTime() + replyAfter) < now) await message(conversation.id, "outbound", new Date(created.getTime() + replyAfter), "seed-staff");
      }
      if (chance(0.008)) await consents.add({ channel: conversation.channel, address: conversation.address, optedOut: !chance(0.2), keyword: "STOP", createdAt: last });
    }
  }

  async function writeCase(id: string, conversationId: string, reportedAt: Date, now: Date): Promise<void> {
    const type = weighted({ repair: 78, asb: 6, complaint: 3.5, payment: 9, request: 3, safeguarding: 0.5 });
    const homeId = pick(homeIds);
    let priority = "standard";
    let category = "general";
    const details: Record<string, unknown> = {};
    const due: { kind: string; dueAt: Date }[] = [];
    if (type === "repair") {
      priority = weighted({ emergency: 8, urgent: 30, routine: 62 });
      category = pick(["leak", "heating", "electrics", "damp", "doors", "windows", "toilet"]);
      if (priority === "emergency") {
        due.push({ kind: "attend", dueAt: new Date(reportedAt.getTime() + 4 * HOUR) }, { kind: "make_safe", dueAt: new Date(reportedAt.getTime() + 24 * HOUR) });
        due.push({ kind: "awaab_investigate", dueAt: new Date(reportedAt.getTime() + 24 * HOUR) }, { kind: "awaab_make_safe", dueAt: new Date(reportedAt.getTime() + 24 * HOUR) });
      } else {
        due.push({ kind: "complete", dueAt: new Date(reportedAt.getTime() + (priority === "urgent" ? 7 : 28) * DAY) });
        if (category === "damp") due.push({ kind: "awaab_investigate", dueAt: new Date(reportedAt.getTime() + 14 * DAY) });
      }
    } else if (type === "asb") {
      category = chance(0.05) ? "hate" : pick(["noise", "threats", "drugs", "vandalism", "rubbish", "pets"]);
      priority = category === "hate" ? "high" : pick(["standard", "medium", "high"]);
      if (category === "hate") details.hateIncident = true;
    } else if (type === "complaint") {
      details.stage = chance(0.85) ? 1 : 2;
      details.acknowledgedAt = reportedAt.toISOString();
      due.push({ kind: "acknowledge", dueAt: new Date(reportedAt.getTime() + 7 * DAY) }, { kind: "respond", dueAt: new Date(reportedAt.getTime() + 14 * DAY) });
    }
    const first = due.reduce((earliest, deadline) => (deadline.dueAt < earliest ? deadline.dueAt : earliest), due[0]?.dueAt ?? new Date(reportedAt.getTime() + 10 * DAY));
    await cases.add({ id, reference: `H${String(caseCount).padStart(7, "0")}`, type, status: "open", priority, category, description: "seeded history", details: details as Prisma.InputJsonValue, phone: "+447700900000", verified: true, homeId, conversationId, reportedAt, dueAt: first, createdAt: reportedAt });
    for (const deadline of due) await deadlines.add({ caseId: id, kind: deadline.kind, dueAt: deadline.dueAt, rule: deadline.kind });
    // What the housing system says happened: a visit for most emergencies in time, most repairs done in target.
    const inTarget = chance(priority === "emergency" ? 0.93 : priority === "urgent" ? 0.86 : 0.82);
    const target = due.find((deadline) => deadline.kind === "make_safe" || deadline.kind === "complete" || deadline.kind === "respond")?.dueAt;
    if (!target || !["repair", "complaint"].includes(type)) return;
    const span = target.getTime() - reportedAt.getTime();
    const doneAt = new Date(reportedAt.getTime() + (inTarget ? span * (0.2 + random() * 0.75) : span * (1.05 + random() * 1.5)));
    if (priority === "emergency") {
      const visit = new Date(reportedAt.getTime() + (chance(0.9) ? random() * 3.5 : 4 + random() * 8) * HOUR);
      if (visit < now) await updates.add({ eventId: randomUUID(), caseId: id, type: chance(0.1) ? "no_access" : "awaiting_parts", at: visit, detail: {}, statusAfter: "open", tenantNotified: true, messageIds: [] });
    }
    if (doneAt > now || chance(0.03)) return;
    await updates.add({ eventId: randomUUID(), caseId: id, type: "completed", at: doneAt, detail: {}, statusAfter: "completed", tenantNotified: true, messageIds: [] });
    if (type === "repair" && chance(0.22)) {
      const score = weighted({ 5: 45, 4: 30, 3: 10, 2: 8, 1: 7 });
      const at = new Date(doneAt.getTime() + 2 * HOUR);
      if (at < now) await answers.add({ caseId: id, score: Number(score), at });
    }
  }

  await cases.flush();
  await deadlines.flush();
  await updates.flush();
  await answers.flush();
  await messages.flush();
  await escalations.flush();
  await consents.flush();
  // Each conversation's last message and where it was left, as the turns would have saved them.
  for (let index = 0; index < conversations.length; index += BATCH) {
    const slice = conversations.slice(index, index + BATCH).filter((conversation) => conversation.lastInboundAt);
    if (slice.length === 0) continue;
    await prisma.$executeRawUnsafe(
      `UPDATE "Conversation" c SET "lastInboundAt" = v.at::timestamp, state = v.state::jsonb FROM (SELECT unnest($1::text[]) AS id, unnest($2::text[]) AS at, unnest($3::text[]) AS state) v WHERE c.id = v.id`,
      slice.map((conversation) => conversation.id),
      slice.map((conversation) => conversation.lastInboundAt!.toISOString().replace("Z", "")),
      slice.map((conversation) => JSON.stringify(conversation.state)),
    );
  }
  console.log(`${size.homes} homes, ${conversations.length} conversations, ${messages.written} messages, ${caseCount} cases, ${deadlines.written} deadlines, ${updates.written} updates, ${answers.written} satisfaction answers, ${escalations.written} hand-overs, ${consents.written} opt-outs and opt-ins`);
}

if (require.main === module) void main();

// The landlord's measures: one definition each (name, plain definition, source records, one query), computed over a
// date range by London week or month, optionally for one channel or journey. The page, GET /api/measures and the
// CSV downloads all call computeMeasure, so they cannot disagree. Only aggregates leave here, and a count under 5
// that could point to a tenant is withheld.
import type { PrismaClient } from "@prisma/client";
import { DateTime } from "luxon";
import { APPOINTMENT_MEASURES } from "../appointments/measures";
import * as casework from "./casework";
import * as contacts from "./contacts";
import type { Filter, MeasureDefinition, MeasurePoint, MeasureQuery, MeasureResult } from "./types";

export type { Filter, Interval, MeasureDefinition, MeasureQuery, MeasureResult, MeasurePoint } from "./types";

/** Every measure, in the order the page shows them; the repair visits' own are in src/appointments/measures.ts. */
export const MEASURES: MeasureDefinition[] = [
  contacts.contactsByChannel,
  contacts.containment,
  contacts.handoverRate,
  contacts.handoverReasons,
  contacts.dropOff,
  contacts.firstReplyInTime,
  contacts.firstReplyMinutes,
  contacts.repeatContacts,
  contacts.optOuts,
  casework.repairsInTarget,
  casework.emergenciesAttended,
  casework.awaabDeadlines,
  casework.complaintsInTime,
  casework.complaintsPerHomes,
  casework.asbPerHomes,
  casework.satisfaction,
  ...APPOINTMENT_MEASURES,
];

export const CHANNELS = ["sms", "whatsapp", "webchat", "microsoft"] as const;
export const JOURNEYS = ["repair", "asb", "complaint", "payment", "safeguarding", "request"] as const;

/** Counts from 1 to 4 could point to a tenant; 0 says nobody, and 5 or more hides any one person. */
export const SUPPRESS_BELOW = 5;

const ZONE = "Europe/London";
const UNITS: Record<MeasureDefinition["kind"], string> = {
  count: "number",
  percent: "percent",
  per1000homes: "per 1,000 homes",
  median_minutes: "minutes",
};

export class MeasureError extends Error {
  readonly statusCode = 400;
}

export function findMeasure(id: string): MeasureDefinition | undefined {
  return MEASURES.find((measure) => measure.id === id);
}

/** The range as UTC instants: from London midnight at the start of `from` to London midnight after `to`. */
export function rangeOf(query: MeasureQuery): { from: Date; to: Date } {
  const from = DateTime.fromISO(query.from, { zone: ZONE });
  const to = DateTime.fromISO(query.to, { zone: ZONE });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(query.from) || !from.isValid) throw new MeasureError(`from must be a date like 2026-01-31, not "${query.from}"`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(query.to) || !to.isValid) throw new MeasureError(`to must be a date like 2026-12-31, not "${query.to}"`);
  if (to < from) throw new MeasureError("to must be on or after from");
  if (to.diff(from, "days").days > 3 * 366) throw new MeasureError("the range may be at most 3 years");
  return { from: from.startOf("day").toUTC().toJSDate(), to: to.plus({ days: 1 }).startOf("day").toUTC().toJSDate() };
}

/** Every week (from Monday) or month the range touches, as its first day. */
export function periodsOf(query: MeasureQuery): string[] {
  const unit = query.interval === "week" ? "week" : "month";
  const last = DateTime.fromISO(query.to, { zone: ZONE }).startOf(unit);
  const periods: string[] = [];
  for (let at = DateTime.fromISO(query.from, { zone: ZONE }).startOf(unit); at <= last; at = at.plus({ [unit]: 1 })) periods.push(at.toISODate()!);
  return periods;
}

/** A UTC instant as the database stores it: a timestamp without a zone. */
function sqlTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

function tooFew(count: number | null): boolean {
  return count !== null && count > 0 && count < SUPPRESS_BELOW;
}

/** A row's figure, or the row withheld when one of its counts of people is under 5. */
export function pointOf(kind: MeasureDefinition["kind"], period: string, series: string, numerator: number | null, denominator: number | null): MeasurePoint {
  const suppressed =
    kind === "count" || kind === "per1000homes" ? tooFew(numerator) : kind === "median_minutes" ? tooFew(denominator) : tooFew(numerator) || tooFew(denominator);
  if (suppressed) return { period, series, numerator: null, denominator: null, value: null, suppressed: true };
  const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
  let value: number | null;
  if (kind === "count") value = numerator ?? 0;
  else if (kind === "median_minutes") value = numerator === null ? null : round(numerator, 1);
  else if (!denominator || numerator === null) value = null;
  else value = round((numerator / denominator) * (kind === "percent" ? 100 : 1000), kind === "percent" ? 1 : 2);
  return { period, series, numerator, denominator, value, suppressed: false };
}

export async function computeMeasure(prisma: PrismaClient, measure: MeasureDefinition, query: MeasureQuery, now: Date): Promise<MeasureResult> {
  const { from, to } = rangeOf(query);
  const channel = measure.filters.includes("channel") ? (query.channel ?? null) : null;
  const journey = measure.filters.includes("journey") ? (query.journey ?? null) : null;
  const rows = await prisma.$queryRawUnsafe<{ period: string; series: string; numerator: unknown; denominator: unknown }[]>(
    measure.sql,
    sqlTimestamp(from),
    sqlTimestamp(to),
    query.interval,
    channel,
    journey,
    sqlTimestamp(now),
  );
  const periods = periodsOf(query);
  const series = [...new Set([...(measure.series ?? []), ...rows.map((row) => row.series).sort()])];
  const found = new Map(rows.map((row) => [`${row.period}|${row.series}`, row]));
  const homes = measure.kind === "per1000homes" ? toNumber(rows[0]?.denominator) ?? (await prisma.home.count()) : null;
  const points: MeasurePoint[] = [];
  for (const name of series) {
    for (const period of periods) {
      const row = found.get(`${period}|${name}`);
      // A period with none: a count of 0, or nothing to divide (no figure) for a rate.
      const numerator = row ? toNumber(row.numerator) : measure.kind === "median_minutes" ? null : 0;
      const denominator = row ? toNumber(row.denominator) : measure.kind === "per1000homes" ? homes : measure.kind === "count" ? null : 0;
      points.push(pointOf(measure.kind, period, name, numerator, denominator));
    }
  }
  const asked: Filter[] = [...(query.channel ? (["channel"] as const) : []), ...(query.journey ? (["journey"] as const) : [])];
  return {
    id: measure.id,
    name: measure.name,
    definition: measure.definition,
    source: measure.source,
    kind: measure.kind,
    unit: UNITS[measure.kind],
    periods,
    series,
    points,
    filtersIgnored: asked.filter((filter) => !measure.filters.includes(filter)),
  };
}

/** Queries at once: PostgreSQL runs them on separate connections; PGlite, one connection, takes them in turn. */
const AT_ONCE = 4;

/** Every measure (or the named ones) over one range, in the list's order. */
export async function computeMeasures(prisma: PrismaClient, query: MeasureQuery, now: Date, ids?: string[]): Promise<MeasureResult[]> {
  const chosen = ids && ids.length > 0 ? ids.map((id) => findMeasure(id) ?? throwUnknown(id)) : MEASURES;
  rangeOf(query); // a bad range is one error, not one per measure
  const results: MeasureResult[] = new Array(chosen.length);
  let next = 0;
  const worker = async () => {
    while (next < chosen.length) {
      const index = next++;
      results[index] = await computeMeasure(prisma, chosen[index]!, query, now);
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, chosen.length) }, worker));
  return results;
}

function throwUnknown(id: string): never {
  throw new MeasureError(`no measure "${id}"; the measures are: ${MEASURES.map((measure) => measure.id).join(", ")}`);
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  const text = String(value);
  // A leading = + - @ would be read as a formula by a spreadsheet.
  const safe = /^[=+\-@]/.test(text) && typeof value === "string" ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One measure as CSV: a row per period and series; suppressed figures are blank with suppressed=true. */
export function measureCsv(result: MeasureResult): string {
  const lines = [["measure", "period", "series", "value", "unit", "numerator", "denominator", "suppressed"].join(",")];
  for (const point of result.points) {
    lines.push([result.id, point.period, point.series, point.value, result.unit, point.numerator, point.denominator, point.suppressed].map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

// When people are at work to answer escalations: the landlord's opening hours (OFFICE_HOURS, e.g. "Mon-Fri 8am-6pm,
// Sat 9am-1pm"), closed on English bank holidays, in London time. Emergencies and safeguarding are answered at any
// hour (the out-of-hours team); everything else is promised from the next time we are open.
import { DateTime } from "luxon";
import { isBankHoliday, ZONE } from "../calendar/workingDays";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

interface Opening {
  /** Luxon weekdays, 1 = Monday. */
  days: number[];
  /** Minutes after midnight. */
  opens: number;
  closes: number;
}

function minutesOf(text: string): number | null {
  const match = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!match) return null;
  let hours = Number(match[1]);
  const minutes = Number(match[2] ?? 0);
  const half = match[3]?.toLowerCase();
  if (half === "pm" && hours < 12) hours += 12;
  if (half === "am" && hours === 12) hours = 0;
  return hours <= 24 && minutes < 60 ? hours * 60 + minutes : null;
}

function dayIndex(text: string): number {
  return DAYS.indexOf(text.trim().slice(0, 3).toLowerCase()) + 1;
}

/** Parses "Mon-Fri 8am-6pm, Sat 9am-1pm"; null if it cannot be read. */
export function parseOpeningHours(spec: string): Opening[] | null {
  const openings: Opening[] = [];
  for (const part of spec.split(/[,;]/)) {
    const match = /^\s*([a-z]{3,9})(?:\s*-\s*([a-z]{3,9}))?\s+(\S+)\s*-\s*(\S+)\s*$/i.exec(part);
    if (!match) return null;
    const first = dayIndex(match[1]!);
    const last = match[2] ? dayIndex(match[2]) : first;
    const opens = minutesOf(match[3]!);
    const closes = minutesOf(match[4]!);
    if (first < 1 || last < first || opens === null || closes === null || closes <= opens) return null;
    openings.push({ days: Array.from({ length: last - first + 1 }, (_, index) => first + index), opens, closes });
  }
  return openings.length > 0 ? openings : null;
}

export class OpeningHours {
  private readonly openings: Opening[];

  constructor(spec: string) {
    const openings = parseOpeningHours(spec);
    if (!openings) throw new Error(`Cannot read opening hours "${spec}"; write them like "Mon-Fri 8am-6pm, Sat 9am-1pm"`);
    this.openings = openings;
  }

  private todays(day: DateTime): Opening[] {
    return isBankHoliday(day) ? [] : this.openings.filter((opening) => opening.days.includes(day.weekday));
  }

  isOpen(at: Date): boolean {
    const local = DateTime.fromJSDate(at, { zone: ZONE });
    const minute = local.hour * 60 + local.minute;
    return this.todays(local).some((opening) => minute >= opening.opens && minute < opening.closes);
  }

  /** The next time we open after `at` (or `at` itself if open). */
  nextOpen(at: Date): Date {
    if (this.isOpen(at)) return at;
    const local = DateTime.fromJSDate(at, { zone: ZONE });
    for (let ahead = 0; ahead < 21; ahead += 1) {
      const day = local.plus({ days: ahead }).startOf("day");
      const minute = ahead === 0 ? local.hour * 60 + local.minute : -1;
      const opening = this.todays(day)
        .map((candidate) => candidate.opens)
        .filter((opens) => opens > minute)
        .sort((a, b) => a - b)[0];
      if (opening !== undefined) return day.plus({ minutes: opening }).toJSDate();
    }
    throw new Error("No opening time in the next three weeks");
  }
}

/** Minutes within which a person should pick up, by priority (1 is the top of the queue). */
export const RESPONSE_TARGET_MINUTES: Record<number, number> = { 1: 15, 2: 60, 3: 240 };

/** When a person should have replied: priority 1 at any hour, the rest counted from when we are next open. */
export function respondBy(priority: number, now: Date, hours: OpeningHours): Date {
  const minutes = RESPONSE_TARGET_MINUTES[priority] ?? RESPONSE_TARGET_MINUTES[3]!;
  const from = priority === 1 ? now : hours.nextOpen(now);
  return new Date(from.getTime() + minutes * 60_000);
}

/** "Mon 8am", "Tue 8:30am": when we open, for a text. */
export function formatOpening(at: Date): string {
  const local = DateTime.fromJSDate(at, { zone: ZONE });
  return `${local.toFormat("ccc")} ${local.toFormat(local.minute === 0 ? "ha" : "h:mma").toLowerCase()}`;
}

// The half-day slots of the built-in scheduler, in order: working days only (bank holidays skipped), the halves of the
// day and the weekdays the tenant can be in, after the last one already offered.
import { DateTime } from "luxon";
import { isWorkingDay, ZONE } from "../calendar/workingDays";
import type { HalfDay } from "./scheduler";

export const HALF_DAY_ORDER: HalfDay[] = ["AM", "PM"];

export interface SlotRange {
  from: string;
  to: string;
  timesOfDay: HalfDay[];
  daysOfWeek: number[];
  after?: { date: string; timeOfDay: string };
}

/** Whether slot a comes before slot b (a day, then AM before PM; explicit windows by their start). */
export function slotBefore(a: { date: string; timeOfDay: string }, b: { date: string; timeOfDay: string }): boolean {
  if (a.date !== b.date) return a.date < b.date;
  return startOf(a.timeOfDay) < startOf(b.timeOfDay);
}

function startOf(timeOfDay: string): string {
  if (timeOfDay === "AM") return "08:00";
  if (timeOfDay === "PM") return "12:00";
  return timeOfDay.slice(0, 5);
}

export function* halfDaySlots(range: SlotRange): Generator<{ date: string; timeOfDay: HalfDay }> {
  const last = DateTime.fromISO(range.to, { zone: ZONE });
  for (let day = DateTime.fromISO(range.from, { zone: ZONE }); day <= last; day = day.plus({ days: 1 })) {
    if (!isWorkingDay(day) || !range.daysOfWeek.includes(day.weekday)) continue;
    const date = day.toISODate()!;
    for (const half of HALF_DAY_ORDER) {
      if (!range.timesOfDay.includes(half)) continue;
      const slot = { date, timeOfDay: half };
      if (range.after && !slotBefore(range.after, slot)) continue;
      yield slot;
    }
  }
}

// Quiet hours: texts we start about a case (not replies, not emergencies) wait until the end of them, London time.
import { DateTime } from "luxon";
import { ZONE } from "../calendar/workingDays";

/** Minutes after local midnight; `start` may be later than `end` (21:00-08:00 runs over midnight). */
export interface QuietHours {
  start: number;
  end: number;
}

const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)$/;

function minutes(text: string): number | null {
  const match = CLOCK.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** "21:00-08:00" → { start: 1260, end: 480 }; null for anything else, or an empty span. */
export function parseQuietHours(text: string): QuietHours | null {
  const [from, to, extra] = text.split("-");
  if (from === undefined || to === undefined || extra !== undefined) return null;
  const start = minutes(from);
  const end = minutes(to);
  return start === null || end === null || start === end ? null : { start, end };
}

/** When quiet hours that hold at `now` end; null when `now` is outside them. */
export function quietUntil(now: Date, quiet: QuietHours | null): Date | null {
  if (!quiet) return null;
  const local = DateTime.fromJSDate(now, { zone: ZONE });
  const minute = local.hour * 60 + local.minute;
  const overnight = quiet.start > quiet.end;
  const inside = overnight ? minute >= quiet.start || minute < quiet.end : minute >= quiet.start && minute < quiet.end;
  if (!inside) return null;
  // Overnight and before midnight: the end is tomorrow morning.
  const day = overnight && minute >= quiet.start ? local.plus({ days: 1 }) : local;
  return day.set({ hour: Math.floor(quiet.end / 60), minute: quiet.end % 60, second: 0, millisecond: 0 }).toJSDate();
}

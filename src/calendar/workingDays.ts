// Working days in England: Monday to Friday, skipping bank holidays (substitute days included), on London time.
import Holidays from "date-holidays";
import { DateTime } from "luxon";

export const ZONE = "Europe/London";

const englandHolidays = new Holidays("GB", "ENG");
const holidayCache = new Map<number, Set<string>>();

function bankHolidays(year: number): Set<string> {
  let days = holidayCache.get(year);
  if (!days) {
    days = new Set(
      englandHolidays
        .getHolidays(year)
        .filter((holiday) => holiday.type === "public")
        .map((holiday) => holiday.date.slice(0, 10)),
    );
    holidayCache.set(year, days);
  }
  return days;
}

export function isBankHoliday(day: DateTime): boolean {
  return bankHolidays(day.year).has(day.toISODate() ?? "");
}

export function isWorkingDay(day: DateTime): boolean {
  return day.weekday <= 5 && !isBankHoliday(day);
}

/**
 * The end (23:59:59 London time) of the nth working day after the day of `from`. The day itself does not count,
 * so a report at 9am on Monday with 5 working days is due by the end of the next Monday.
 */
export function addWorkingDays(from: Date, days: number): Date {
  let day = DateTime.fromJSDate(from, { zone: ZONE }).startOf("day");
  let counted = 0;
  while (counted < days) {
    day = day.plus({ days: 1 });
    if (isWorkingDay(day)) counted += 1;
  }
  return day.endOf("day").toJSDate();
}

/** The end of today if it is a working day, otherwise the end of the next one: "the same working day". */
export function endOfWorkingDay(from: Date): Date {
  const today = DateTime.fromJSDate(from, { zone: ZONE });
  return isWorkingDay(today) ? today.endOf("day").toJSDate() : addWorkingDays(from, 1);
}

export function addHours(from: Date, hours: number): Date {
  return new Date(from.getTime() + hours * 3_600_000);
}

export function addWeeks(from: Date, weeks: number): Date {
  return DateTime.fromJSDate(from, { zone: ZONE }).plus({ weeks }).endOf("day").toJSDate();
}

/** "Fri 28 Nov" in London time: short enough for SMS, clear without a year. */
export function formatDay(date: Date): string {
  return DateTime.fromJSDate(date, { zone: ZONE }).toFormat("ccc d LLL");
}

/** "Fri 28 Nov, 1:30pm" in London time. */
export function formatDayTime(date: Date): string {
  const local = DateTime.fromJSDate(date, { zone: ZONE });
  return `${local.toFormat("ccc d LLL")}, ${local.toFormat("h:mma").toLowerCase()}`;
}

/** Month and day in London, for seasonal rules such as winter heating. */
export function monthDay(date: Date): { month: number; day: number } {
  const local = DateTime.fromJSDate(date, { zone: ZONE });
  return { month: local.month, day: local.day };
}

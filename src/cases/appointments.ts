// Appointment windows as the housing system sends them (HACT's RefinedAppointmentWindow: a date and a time of day)
// and as a tenant reads them: "Tue 8 Dec, 8am to 12".
import { DateTime } from "luxon";
import { ZONE } from "../calendar/workingDays";

export interface AppointmentWindow {
  /** The day, YYYY-MM-DD, in London. */
  date: string;
  /** "AM", "PM" or an explicit window "HH:MM-HH:MM". */
  timeOfDay: string;
}

/** The usual half-day slots of repairs schedulers (Kirona DRS, Hackney): see /work/shared/BACKOFFICE.md. */
export const HALF_DAYS: Record<string, string> = { AM: "08:00-12:00", PM: "12:00-16:00" };

export const TIME_OF_DAY_PATTERN = "^(AM|PM|([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9])$";

/** "08:00" → "8am", "12:00" → "12", "13:30" → "1:30pm". */
function clock(time: string): string {
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  if (hour === 12 && minute === 0) return "12";
  const suffix = hour < 12 ? "am" : "pm";
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0 ? `${twelve}${suffix}` : `${twelve}:${String(minute).padStart(2, "0")}${suffix}`;
}

/** Whether an explicit window ends after it starts. */
export function windowInOrder(timeOfDay: string): boolean {
  const [from, to] = (HALF_DAYS[timeOfDay] ?? timeOfDay).split("-") as [string, string];
  return from < to;
}

export function formatAppointment(appointment: AppointmentWindow): string {
  const day = DateTime.fromISO(appointment.date, { zone: ZONE }).toFormat("ccc d LLL");
  const [from, to] = (HALF_DAYS[appointment.timeOfDay] ?? appointment.timeOfDay).split("-") as [string, string];
  return `${day}, ${clock(from)} to ${clock(to)}`;
}

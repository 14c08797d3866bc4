// What a repairs scheduler does for us, whichever one it is: the built-in one (src/appointments/builtIn.ts) for
// landlords with none, or the landlord's own over HTTP (src/appointments/http.ts; README "Appointments"). Shaped like
// the common ones (Kirona DRS: checkAvailability, createReservation, confirmReservation, deleteBooking): look for free
// slots, hold one while the tenant chooses, book the one they chose, let the others go, cancel a booking.

/** The halves of the day a tenant can be in: a slot matches when its window falls in one of them. */
export type HalfDay = "AM" | "PM";

export interface SlotQuery {
  /** Our case reference: a scheduler may use it to find its own job. */
  reference: string;
  trade: string;
  area: string;
  postcode?: string;
  /** The first and last days to look at, YYYY-MM-DD in London, both included. */
  from: string;
  to: string;
  timesOfDay: HalfDay[];
  /** ISO weekdays the tenant can be in: 1 is Monday, 7 Sunday. */
  daysOfWeek: number[];
  /** Only slots after this one, in date and time order (the next page). */
  after?: { date: string; timeOfDay: string };
  limit: number;
}

/** A free slot: a day and a time of day as HACT's RefinedAppointmentWindow has them (AM, PM or HH:MM-HH:MM). */
export interface Slot {
  slotId: string;
  date: string;
  timeOfDay: string;
}

export interface Availability {
  slots: Slot[];
  /** More free slots follow the last one, within the days asked about. */
  more: boolean;
}

export interface HoldRequest {
  reference: string;
  trade: string;
  area: string;
  /** The same key twice (a turn tried again after a fault) is one hold. */
  holdKey: string;
  /** How long the slot is kept for this tenant; after that anyone may take it. */
  holdMinutes: number;
}

export interface Scheduler {
  readonly kind: "builtin" | "http";
  availability(query: SlotQuery): Promise<Availability>;
  /** Holds a slot for one tenant; null when it has just gone to someone else. */
  reserve(slot: Slot, hold: HoldRequest): Promise<{ reservationId: string } | null>;
  /** Books a held slot; null when the hold lapsed and the slot has gone. Booking the same hold again gives the same booking. */
  confirm(reservationId: string): Promise<{ bookingId: string } | null>;
  /** Lets a held slot go (the tenant chose another, or none). */
  release(reservationId: string): Promise<void>;
  cancel(bookingId: string, reason: string): Promise<void>;
}

/** The scheduler could not be reached or gave an answer we cannot use: the tenant is told a person will book. */
export class SchedulerUnavailable extends Error {}

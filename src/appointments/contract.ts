// The HTTP contract between us and a landlord's own repairs scheduler (docs/scheduler/README.md): the body of each
// request we send and of each answer we accept, as JSON Schemas. The adapter (http.ts) checks every answer against
// them, the stand-in scheduler (standInScheduler.ts) checks every request, and `npm run scheduler:schemas` writes
// them to docs/scheduler/ (a test checks the files match).
import { FormatRegistry, Type, type Static, type TSchema } from "@sinclair/typebox";

// TypeBox checks a format only once it is told what the format means.
if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", (value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value));

const Day = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD, London time", examples: ["2027-01-04"] });
const TimeOfDay = Type.String({
  pattern: "^(AM|PM|\\d{2}:\\d{2}-\\d{2}:\\d{2})$",
  description: "AM (08:00-12:00), PM (12:00-16:00) or an explicit window HH:MM-HH:MM, as HACT's RefinedAppointmentWindow",
  examples: ["AM", "PM", "09:30-14:00"],
});
const HalfDay = Type.Union([Type.Literal("AM"), Type.Literal("PM")]);
const Id = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });
const Reference = Type.String({ minLength: 1, description: "Our case reference, e.g. R7KQ2MX: the scheduler may use it to find its own job" });
const Trade = Type.String({ minLength: 1, description: "The trade that does the work, from our scheduler file", examples: ["plumbing", "electrical", "general"] });
const Area = Type.String({ minLength: 1, description: 'The area of the home, from our scheduler file ("*" when the file names none)', examples: ["north", "*"] });

export const AvailabilityRequest = Type.Object(
  {
    reference: Reference,
    trade: Trade,
    area: Area,
    postcode: Type.Optional(Type.String({ description: "The home's postcode, when we know it" })),
    from: Day,
    to: Day,
    timesOfDay: Type.Array(HalfDay, { description: "The halves of the day the tenant can be in: a slot matches when its window falls in one of them" }),
    daysOfWeek: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { description: "ISO weekdays the tenant can be in: 1 is Monday, 7 Sunday" }),
    after: Type.Optional(Type.Object({ date: Day, timeOfDay: TimeOfDay }, { description: "Only slots after this one, in date and time order: the next page" })),
    limit: Type.Integer({ minimum: 1, maximum: 50, description: "At most this many slots" }),
  },
  { description: "Free slots for a job, from `from` to `to` (both included)" },
);

const Slot = Type.Object({
  slotId: Id("The scheduler's own name for the slot; sent back when reserving it"),
  date: Day,
  timeOfDay: TimeOfDay,
});

export const AvailabilityResponse = Type.Object(
  {
    slots: Type.Array(Slot, { description: "Free slots in date and time order, at most `limit` of them" }),
    more: Type.Boolean({ description: "More free slots follow the last one, within the days asked about" }),
  },
  { description: "200" },
);

export const ReservationRequest = Type.Object(
  {
    slotId: Slot.properties.slotId,
    date: Day,
    timeOfDay: TimeOfDay,
    reference: Reference,
    trade: Trade,
    area: Area,
    holdKey: Type.String({ minLength: 1, maxLength: 200, description: "The same key again (a request tried again after a fault) must give the same reservation, not a second one" }),
    holdMinutes: Type.Integer({ minimum: 1, maximum: 60, description: "How long the slot is kept for this tenant; after that anyone may take it" }),
  },
  { description: "Hold a slot while the tenant chooses" },
);

export const ReservationResponse = Type.Object(
  {
    reservationId: Id("The hold, to confirm or release"),
    expiresAt: Type.Optional(Type.String({ format: "date-time", description: "When the hold lapses (for the scheduler's own records; we keep to holdMinutes)" })),
  },
  { description: "201 for a new hold, 200 for a repeat of the same holdKey" },
);

export const ConfirmResponse = Type.Object(
  { bookingId: Id("The booking, to cancel; the same one for a repeated confirm") },
  { description: "200: the held slot is booked" },
);

export const CancelRequest = Type.Object(
  { reason: Type.String({ maxLength: 500, description: "Why, in a few words (no tenant details)", examples: ["tenant_cancelled"] }) },
  { description: "Cancel a booking" },
);

export const ErrorResponse = Type.Object(
  {
    error: Type.String({ description: "slot_taken (409 on a reservation), hold_lapsed (409 or 410 on a confirm), not_found, unauthorized, bad_request", examples: ["slot_taken"] }),
    message: Type.Optional(Type.String()),
  },
  { description: "Any 4xx answer" },
);

export type AvailabilityRequestBody = Static<typeof AvailabilityRequest>;
export type ReservationRequestBody = Static<typeof ReservationRequest>;
export type CancelRequestBody = Static<typeof CancelRequest>;

/** Each schema by its file name (docs/scheduler/<name>.schema.json), with what it is. */
const SCHEMAS: Record<string, { title: string; schema: TSchema }> = {
  "availability.request": { title: "POST /availability request", schema: AvailabilityRequest },
  "availability.response": { title: "POST /availability response", schema: AvailabilityResponse },
  "reservation.request": { title: "POST /reservations request", schema: ReservationRequest },
  "reservation.response": { title: "POST /reservations response", schema: ReservationResponse },
  "confirm.response": { title: "POST /reservations/{reservationId}/confirm response", schema: ConfirmResponse },
  "cancel.request": { title: "POST /bookings/{bookingId}/cancel request", schema: CancelRequest },
  error: { title: "Error response", schema: ErrorResponse },
};

export const CONTRACT_SCHEMA_NAMES = Object.keys(SCHEMAS);

/** A schema as its file holds it. */
export function contractSchemaFile(name: string): string {
  const entry = SCHEMAS[name];
  if (!entry) throw new Error(`no scheduler schema ${name}`);
  return `${JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", title: `Scheduler contract: ${entry.title}`, ...entry.schema }, null, 2)}\n`;
}

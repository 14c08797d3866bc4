// One JSON Schema per event type we send: the whole CloudEvent, with its `data`. Served at
// /docs/events/<type>.schema.json and in the OpenAPI document's components; `npm run events:schemas` writes them to
// docs/events/ (a test checks the files match).
import { Type, type TObject, type TSchema } from "@sinclair/typebox";
import { TIME_OF_DAY_PATTERN } from "../cases/appointments";
import { HACT_PRIORITY_CODES } from "./hact";
import { PUBLISHED_TYPES, type PublishedType } from "./events";

const Optional = Type.Optional;
const DateTime = (description?: string) => Type.String({ format: "date-time", ...(description ? { description } : {}) });
const Reference = Type.String({ description: "Our case reference, e.g. R7KQ2MX: R repair, S safeguarding, A noise or nuisance, C complaint, P rent, E other" });
const TenancyRef = Type.String({ description: "The tenancy reference, as the housing system knows it" });

const Home = Type.Object(
  {
    reference: Type.String({ description: "The housing system's reference for the home (homeRef, from npm run import), or our id for a home it has not told us about" }),
    uprn: Optional(Type.String({ description: "Unique Property Reference Number, when the housing system has told us it" })),
    address: Type.String(),
  },
  { description: "The home the case is about, once known" },
);

const RaiseRepair = Type.Object(
  {
    DescriptionOfWork: Type.String({ description: "The tenant's own words" }),
    Priority: Optional(
      Type.Object({
        PriorityCode: Type.Integer({
          minimum: 1,
          maximum: 5,
          description: `1 most urgent. Ours: ${Object.entries(HACT_PRIORITY_CODES).map(([name, code]) => `${name} ${code}`).join(", ")}; 4 and 5 (planned work) are never raised`,
        }),
      }),
    ),
    RequiredCompletionDateTime: DateTime("The completion deadline; for an emergency, the make-safe deadline"),
    LocationOfRepair: Optional(Type.String({ description: "The room or place, as we record it (kitchen, bathroom, ...)" })),
    AccessInformation: Optional(Type.String({ description: "When we can get in, as the tenant chose" })),
    PersonAlert: Optional(
      Type.Array(
        Type.Object({
          Type: Type.Literal("vulnerability"),
          Description: Type.String({ description: "For the office: not to be copied onto a work order" }),
          CopyToWorkOrder: Type.Literal(false),
          OperativeNote: Type.String({ description: "What an operative's work order may say instead" }),
        }),
      ),
    ),
    DateReported: DateTime(),
    SitePropertyUnit: Optional(Type.Array(Type.Object({ Reference: Type.String({ description: "Our id for the home" }), UPRN: Optional(Type.String()) }))),
  },
  { description: "HACT UK Housing Data Standards (repairs 2.0) RaiseRepair. Fields we have no source for (WorkClass, WorkType, WorkElement and its SoR codes, LocationAlert) are left out" },
);

const CaseData = Type.Object({
  reference: Reference,
  type: Type.Union(["repair", "safeguarding", "asb", "complaint", "payment", "request"].map((type) => Type.Literal(type))),
  status: Type.Literal("open"),
  priority: Type.String({ description: "Repairs: emergency, urgent or routine. Noise and nuisance: the risk, high, medium or standard. Others: as triaged" }),
  category: Type.String({ examples: ["leak", "heating", "damp", "noise", "rent"] }),
  hazard: Optional(Type.String({ description: "The danger that made it an emergency: gas, fire, flood, electrics, insecure" })),
  location: Optional(Type.String()),
  description: Type.String({ description: "The tenant's own words (card numbers are blanked before anything is kept)" }),
  access: Optional(Type.String()),
  vulnerable: Optional(Type.Boolean({ description: "Special category data kept to a flag: only where it changes the priority" })),
  details: Type.Record(Type.String(), Type.Unknown(), { description: "What the journey asked, by name (e.g. for noise: when, how often, witnesses)" }),
  reportedAt: DateTime(),
  dueAt: DateTime("The first deadline"),
  deadlines: Type.Array(Type.Object({ kind: Type.String({ examples: ["attend", "make_safe", "complete", "awaab_investigate"] }), dueAt: DateTime(), rule: Type.String() })),
  verified: Type.Boolean({ description: "False: the texter is not yet matched to a tenancy" }),
  contactPhone: Optional(Type.String({ description: "E.164: the number it was reported from, or a number given in the web chat" })),
  tenancyRef: Optional(TenancyRef),
  home: Optional(Home),
  hact: Optional(Type.Object({ RaiseRepair }, { description: "Repairs only" })),
});

const Visit = Type.Object(
  {
    id: Type.String({ description: "Our id for the appointment" }),
    date: Type.String({ format: "date", description: "The day, in London (HACT RefinedAppointmentWindow.Date)" }),
    timeOfDay: Type.String({ pattern: TIME_OF_DAY_PATTERN, description: "AM (08:00-12:00), PM (12:00-16:00) or HH:MM-HH:MM (RefinedAppointmentWindow.TimeOfDay)" }),
    status: Type.String({ examples: ["booked", "moved", "cancelled", "missed", "attended"] }),
    bookedBy: Type.Union([Type.Literal("tenant"), Type.Literal("staff"), Type.Literal("backoffice")], { description: "tenant: in the conversation; staff: in the console" }),
  },
  { description: "The visit" },
);

const VisitData = (extra: Record<string, TSchema> = {}) => Type.Object({ reference: Reference, appointment: Visit, ...extra });

const DATA: Record<PublishedType, { description: string; data: TObject }> = {
  "appointment.booked": { description: "A visit was booked for a repair, by the tenant in the conversation or by staff", data: VisitData() },
  "appointment.changed": {
    description: "A visit was moved (the tenant by reply, or staff); `previous` is the visit it replaced",
    data: VisitData({ previous: Type.Object({ id: Type.String(), date: Type.String({ format: "date" }), timeOfDay: Type.String({ pattern: TIME_OF_DAY_PATTERN }) }) }),
  },
  "appointment.cancelled": {
    description: "A visit was cancelled, with why (the tenant's choice: not_needed, cannot_be_in, other; or staff's words)",
    data: VisitData({ reason: Type.String(), by: Type.String({ examples: ["tenant", "staff"] }) }),
  },
  "appointment.reminded": {
    description: "The reminder the day before was sent to the tenant",
    data: VisitData({ channel: Type.String({ examples: ["sms", "whatsapp"] }) }),
  },
  "case.created": { description: "A tenant reported something and a case was opened", data: CaseData },
  "case.note_added": {
    description: "The tenant added to an open case (e.g. the address of an emergency reported from an unknown number)",
    data: Type.Object({ reference: Reference, text: Type.String() }),
  },
  "case.incident_added": {
    description: "Another incident on an open noise or nuisance case: it counts towards a Case Review",
    data: Type.Object({ reference: Reference, text: Type.String(), happenedAt: Optional(Type.String({ description: "When the tenant said it happened, as they said it" })) }),
  },
  "case.home_linked": {
    description: "A case reported from an unknown number was matched to a home (and tenancy)",
    data: Type.Object({ reference: Reference, tenancyRef: Optional(TenancyRef), home: Optional(Home) }),
  },
  "case.updated": {
    description: "The housing system told us of progress on a case (POST /api/cases/{reference}/updates), and the case changed",
    data: Type.Object({ reference: Reference, status: Type.String(), update: Type.Record(Type.String(), Type.Unknown(), { description: "The update as it was sent to us" }) }),
  },
  "escalation.requested": {
    description: "A conversation was passed to a person in the staff console",
    data: Type.Object({
      reason: Type.String({ examples: ["asked_for_person", "emergency", "safeguarding", "complaint", "fault"] }),
      priority: Type.Integer({ minimum: 1, maximum: 3, description: "1 is the top of the queue" }),
      caseReference: Optional(Reference),
    }),
  },
  "consent.changed": {
    description: "A tenant opted out of (STOP) or back in to (START) our texts on a channel",
    data: Type.Object({
      optedOut: Type.Boolean(),
      keyword: Type.String({ examples: ["STOP", "START"] }),
      channel: Optional(Type.String({ examples: ["sms", "whatsapp"] })),
      address: Optional(Type.String({ description: "E.164 for SMS and WhatsApp" })),
      tenancyRef: Optional(TenancyRef),
    }),
  },
  "tenant.contact_changed": {
    description: "A tenant changed how we reach them",
    data: Type.Object({
      tenancyRef: Optional(TenancyRef),
      field: Type.Union([Type.Literal("phone"), Type.Literal("email"), Type.Literal("contactPreference")]),
      value: Type.String(),
    }),
  },
};

export function eventSchema(type: PublishedType): TSchema {
  const { description, data } = DATA[type];
  return Type.Object(
    {
      specversion: Type.Literal("1.0"),
      id: Type.String({ description: "Stable across retries: drop an id you have already handled" }),
      source: Type.String({ description: "Our PUBLIC_URL" }),
      type: Type.Literal(type),
      time: DateTime("When the event was recorded"),
      // Every case event has one; the others only when they are about a case.
      subject: type.startsWith("case.") || type.startsWith("appointment.") ? Reference : Optional(Reference),
      datacontenttype: Type.Literal("application/json"),
      data,
    },
    { $schema: "http://json-schema.org/draft-07/schema#", title: `${type} (CloudEvents 1.0)`, description },
  );
}

/** Every schema by its type, for the OpenAPI document and the files. */
export function eventSchemas(): Record<PublishedType, TSchema> {
  return Object.fromEntries(PUBLISHED_TYPES.map((type) => [type, eventSchema(type)])) as Record<PublishedType, TSchema>;
}

/** A schema as the file holds it. */
export function schemaFile(type: PublishedType): string {
  return `${JSON.stringify(eventSchema(type), null, 2)}\n`;
}

// An outbox row as the CloudEvents 1.0 JSON a subscriber receives. Built once, when the relay picks the row up, and
// stored with it: every retry and every subscriber gets the same event. `data` uses our references (the case
// reference, the tenancy reference, the home's id and UPRN), never a tenant's conversation.
import type { OutboxEvent, Prisma, PrismaClient } from "@prisma/client";
import { caseReferenceOf } from "./events";
import { raiseRepair, type RepairCaseData } from "./hact";

type Db = PrismaClient | Prisma.TransactionClient;
type Payload = Record<string, unknown>;

export interface CloudEvent {
  specversion: "1.0";
  /** The outbox row's id: the same on every retry, so a receiver can drop repeats. */
  id: string;
  source: string;
  type: string;
  time: string;
  /** The case reference, when the event is about a case. */
  subject?: string;
  datacontenttype: "application/json";
  data: Payload;
}

interface HomeRef {
  reference: string;
  uprn?: string;
  address: string;
}

async function homeRef(db: Db, homeId: unknown): Promise<HomeRef | null> {
  if (typeof homeId !== "string") return null;
  const home = await db.home.findUnique({ where: { id: homeId } });
  if (!home) return null;
  return {
    // The housing system's own reference once an import has told us it; until then, ours.
    reference: home.homeRef ?? home.id,
    ...(home.uprn ? { uprn: home.uprn } : {}),
    address: `${home.houseNumber} ${home.street}, ${home.town} ${home.postcode}`,
  };
}

async function tenancyRef(db: Db, tenantId: unknown): Promise<string | null> {
  if (typeof tenantId !== "string") return null;
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { tenancyRef: true } });
  return tenant?.tenancyRef ?? null;
}

/** Keys whose value is undefined or null are left out, so a field we have no source for is absent, not null. */
function present(fields: Payload): Payload {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null));
}

async function caseCreated(db: Db, payload: Payload): Promise<Payload> {
  const raised = payload.case as Payload;
  const reference = String(raised.reference);
  // The number it was reported from (or a contact number given in the web chat): for arranging access.
  const stored = await db.case.findUnique({ where: { reference }, select: { phone: true } });
  const home = await homeRef(db, raised.homeId);
  const ours = present({
    reference,
    type: raised.type,
    status: "open",
    priority: raised.priority,
    category: raised.category,
    hazard: raised.hazard,
    location: raised.location,
    description: raised.description,
    access: raised.access,
    vulnerable: raised.vulnerable,
    details: raised.details,
    reportedAt: raised.reportedAt,
    dueAt: raised.dueAt,
    deadlines: raised.deadlines,
    verified: raised.verified,
    contactPhone: stored?.phone,
    tenancyRef: await tenancyRef(db, raised.tenantId),
    home,
  });
  if (raised.type !== "repair") return ours;
  return { ...ours, hact: { RaiseRepair: raiseRepair({ ...(ours as unknown as RepairCaseData), home }) } };
}

async function conversationOf(db: Db, payload: Payload) {
  const id = payload.conversationId;
  if (typeof id !== "string") return null;
  return db.conversation.findUnique({ where: { id }, select: { channel: true, address: true, tenantId: true } });
}

/** Our payload for each type; a type not named here (case.updated and any added later) is sent as it was written. */
async function dataFor(db: Db, type: string, payload: Payload): Promise<Payload> {
  switch (type) {
    case "case.created":
      return caseCreated(db, payload);
    case "case.note_added":
    case "case.incident_added":
      return present({ reference: payload.reference, text: payload.text, happenedAt: payload.happenedAt });
    case "case.home_linked":
      return present({ reference: payload.reference, tenancyRef: await tenancyRef(db, payload.tenantId), home: await homeRef(db, payload.homeId) });
    case "escalation.requested":
      return present({ reason: payload.reason, priority: payload.priority, caseReference: payload.caseReference });
    case "consent.changed": {
      // Which number said STOP, so the housing system stops texting it too.
      const conversation = await conversationOf(db, payload);
      return present({
        optedOut: payload.optedOut,
        keyword: payload.keyword,
        channel: conversation?.channel,
        address: conversation?.address,
        tenancyRef: await tenancyRef(db, conversation?.tenantId),
      });
    }
    case "tenant.contact_changed":
      return present({ tenancyRef: await tenancyRef(db, payload.tenantId), field: payload.field, value: payload.value });
    default: {
      const { type: _type, conversationId: _conversation, ...rest } = payload;
      return rest;
    }
  }
}

export async function buildCloudEvent(db: Db, event: OutboxEvent, source: string): Promise<CloudEvent> {
  const payload = (event.payload ?? {}) as Payload;
  const subject = caseReferenceOf(payload);
  return {
    specversion: "1.0",
    id: event.id,
    source,
    type: event.type,
    time: event.createdAt.toISOString(),
    ...(subject ? { subject } : {}),
    datacontenttype: "application/json",
    data: await dataFor(db, event.type, payload),
  };
}

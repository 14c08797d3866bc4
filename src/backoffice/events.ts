// Which domain events the back office is sent, and how each is ordered: by its case, or by its conversation when it is
// about no case.

/**
 * Every type a subscriber may be sent (and may filter on). Other types written to the outbox are kept, not sent:
 * tenant.identified is internal (case.created and case.home_linked carry the tenancy), and message.send is a
 * confirmation code to a new number.
 */
export const PUBLISHED_TYPES = [
  "case.created",
  "case.note_added",
  "case.incident_added",
  "case.home_linked",
  "case.updated",
  "escalation.requested",
  "consent.changed",
  "tenant.contact_changed",
  "appointment.booked",
  "appointment.changed",
  "appointment.cancelled",
  "appointment.reminded",
] as const;

export type PublishedType = (typeof PUBLISHED_TYPES)[number];

export function isPublished(type: string): type is PublishedType {
  return (PUBLISHED_TYPES as readonly string[]).includes(type);
}

type Payload = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === "string" && value.length > 0 ? value : undefined);

/** The case an event is about, wherever its payload keeps the reference. */
export function caseReferenceOf(payload: Payload): string | undefined {
  const nested = payload.case as Payload | undefined;
  return text(payload.reference) ?? text(nested?.reference) ?? text(payload.caseReference);
}

/** The stream an event is delivered in, one at a time and in order: its case, else its conversation. */
export function streamOf(payload: Payload, eventId: string): string {
  const reference = caseReferenceOf(payload);
  if (reference) return reference;
  const conversationId = text(payload.conversationId);
  // An event from outside a conversation and about no case has nothing to wait for.
  return conversationId ? `conversation:${conversationId}` : `event:${eventId}`;
}

// The appointment measures on a small history with known answers: first bookings by who made them, moves, cancels,
// misses, attended visits and reminders, each counted in the span its own time falls in.
import type { PrismaClient } from "@prisma/client";
import { appointmentMeasures } from "../../src/appointments/measures";
import { createTestDatabase, type TestDatabase } from "../support/databases";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.dispose());

const at = (iso: string) => new Date(iso);

async function repair(prisma: PrismaClient, reference: string): Promise<string> {
  const conversation = await prisma.conversation.create({ data: { channel: "sms", address: `+4477009${reference.slice(-5)}`, state: {} } });
  const created = await prisma.case.create({
    data: {
      reference,
      type: "repair",
      priority: "routine",
      category: "leak",
      description: "tap drips",
      details: {},
      phone: conversation.address,
      verified: true,
      conversationId: conversation.id,
      reportedAt: at("2026-11-01T09:00:00Z"),
      dueAt: at("2026-12-20T17:00:00Z"),
    },
  });
  return created.id;
}

type Visit = { bookedBy: string; createdAt: string; status?: string; endedBy?: string; endedAt?: string; replaces?: string; remindedAt?: string; reminderStatus?: string };

async function visit(prisma: PrismaClient, caseId: string, given: Visit): Promise<string> {
  const row = await prisma.appointment.create({
    data: {
      caseId,
      date: "2026-11-20",
      timeOfDay: "AM",
      bookedBy: given.bookedBy,
      status: given.status ?? "booked",
      endedBy: given.endedBy,
      endedAt: given.endedAt ? at(given.endedAt) : undefined,
      replacesId: given.replaces,
      remindedAt: given.remindedAt ? at(given.remindedAt) : undefined,
      reminderStatus: given.reminderStatus,
      createdAt: at(given.createdAt),
    },
  });
  return row.id;
}

test("each visit is counted once, by who did it, in the span its own time falls in", async () => {
  const { prisma } = db;
  // R1: booked by the tenant, moved by their reply to the reminder, then attended.
  const r1 = await repair(prisma, "R000001");
  const first = await visit(prisma, r1, { bookedBy: "tenant", createdAt: "2026-11-02T10:00:00Z", status: "moved", endedBy: "tenant", endedAt: "2026-11-10T08:00:00Z", remindedAt: "2026-11-09T18:00:00Z", reminderStatus: "sent" });
  await visit(prisma, r1, { bookedBy: "tenant", createdAt: "2026-11-10T08:00:00Z", replaces: first, status: "attended", endedBy: "backoffice", endedAt: "2026-11-12T11:00:00Z" });
  // R2: the tenant asked a person; staff booked it; the housing system could not get in.
  const r2 = await repair(prisma, "R000002");
  await visit(prisma, r2, { bookedBy: "staff", createdAt: "2026-11-03T10:00:00Z", status: "missed", endedBy: "backoffice", endedAt: "2026-11-11T12:00:00Z", remindedAt: "2026-11-10T18:00:00Z", reminderStatus: "opted_out" });
  // R3: booked by the housing system, cancelled by staff.
  const r3 = await repair(prisma, "R000003");
  await visit(prisma, r3, { bookedBy: "backoffice", createdAt: "2026-11-04T10:00:00Z", status: "cancelled", endedBy: "staff", endedAt: "2026-11-05T09:00:00Z" });
  // R4: booked by the tenant in the conversation and cancelled by them, both in the next month.
  const r4 = await repair(prisma, "R000004");
  await visit(prisma, r4, { bookedBy: "tenant", createdAt: "2026-12-01T10:00:00Z", status: "cancelled", endedBy: "tenant", endedAt: "2026-12-02T10:00:00Z" });

  const november = await appointmentMeasures(prisma, { from: at("2026-11-01T00:00:00Z"), to: at("2026-12-01T00:00:00Z") });
  expect(november).toMatchObject({
    booked: { tenant: 1, staff: 1, backoffice: 1 },
    changed: { tenant: 1, staff: 0, backoffice: 0 },
    cancelled: { tenant: 0, staff: 1, backoffice: 0 },
    missed: 1,
    attended: 1,
    reminders: { sent: 1, opted_out: 1, no_channel: 0, outside_whatsapp_window: 0 },
  });
  expect(november.bookedInConversationShare).toBeCloseTo(1 / 3);

  const december = await appointmentMeasures(prisma, { from: at("2026-12-01T00:00:00Z"), to: at("2027-01-01T00:00:00Z") });
  expect(december).toMatchObject({ booked: { tenant: 1, staff: 0, backoffice: 0 }, bookedInConversationShare: 1, cancelled: { tenant: 1, staff: 0, backoffice: 0 }, missed: 0, attended: 0 });

  const none = await appointmentMeasures(prisma, { from: at("2026-10-01T00:00:00Z"), to: at("2026-11-01T00:00:00Z") });
  expect(none).toMatchObject({ booked: { tenant: 0, staff: 0, backoffice: 0 }, bookedInConversationShare: null });
});

// The repair visits' measures (src/appointments/measures.ts, in the landlord's measures) on a small made-up history
// with known answers: first bookings by who made them, the share the tenant booked, moves, cancels, misses,
// attended visits and reminders, each counted in the month its own time falls in; counts under 5 withheld.
import type { PrismaClient } from "@prisma/client";
import { computeMeasure, findMeasure, type MeasureQuery } from "../../src/measures";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { History } from "../measures/history";

const NOW = new Date("2026-12-31T12:00:00Z");
const NOVEMBER: MeasureQuery = { from: "2026-11-01", to: "2026-11-30", interval: "month" };
const DECEMBER: MeasureQuery = { from: "2026-12-01", to: "2026-12-31", interval: "month" };

let db: TestDatabase;
let history: History;
beforeAll(async () => {
  db = await createTestDatabase();
  history = new History(db.prisma);
});
afterAll(() => db.dispose());

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
      endedAt: given.endedAt ? new Date(given.endedAt) : undefined,
      replacesId: given.replaces,
      remindedAt: given.remindedAt ? new Date(given.remindedAt) : undefined,
      reminderStatus: given.reminderStatus,
      createdAt: new Date(given.createdAt),
    },
  });
  return row.id;
}

async function figures(id: string, query: MeasureQuery) {
  const result = await computeMeasure(db.prisma, findMeasure(id)!, query, NOW);
  return Object.fromEntries(result.points.map((point) => [point.series, point.suppressed ? "suppressed" : point.value]));
}

test("each visit is counted once, by who did it, in the month its own time falls in", async () => {
  const { prisma } = db;
  await history.clear();
  const conversation = await history.conversation("sms");
  const repair = () => history.case(conversation, "2026-11-01T09:00:00Z");
  // Six repairs booked by the tenant in the conversation, each moved by their reply to the reminder, then attended;
  // the reminders went.
  await history.times(6, async () => {
    const id = await repair();
    const first = await visit(prisma, id, { bookedBy: "tenant", createdAt: "2026-11-02T10:00:00Z", status: "moved", endedBy: "tenant", endedAt: "2026-11-10T08:00:00Z", remindedAt: "2026-11-09T18:00:00Z", reminderStatus: "sent" });
    await visit(prisma, id, { bookedBy: "tenant", createdAt: "2026-11-10T08:00:00Z", replaces: first, status: "attended", endedBy: "backoffice", endedAt: "2026-11-12T11:00:00Z" });
  });
  // Five booked by staff (the tenant asked a person), missed; their tenants had texted STOP, so no reminder went.
  await history.times(5, async () =>
    visit(prisma, await repair(), { bookedBy: "staff", createdAt: "2026-11-03T10:00:00Z", status: "missed", endedBy: "backoffice", endedAt: "2026-11-11T12:00:00Z", remindedAt: "2026-11-10T18:00:00Z", reminderStatus: "opted_out" }),
  );
  // Two booked by the housing system and cancelled by staff: too few to show.
  await history.times(2, async () =>
    visit(prisma, await repair(), { bookedBy: "backoffice", createdAt: "2026-11-04T10:00:00Z", status: "cancelled", endedBy: "staff", endedAt: "2026-11-05T09:00:00Z" }),
  );
  // Five booked by tenants in November and cancelled by them in December.
  await history.times(5, async () =>
    visit(prisma, await repair(), { bookedBy: "tenant", createdAt: "2026-11-30T10:00:00Z", status: "cancelled", endedBy: "tenant", endedAt: "2026-12-02T10:00:00Z" }),
  );

  expect(await figures("visits_booked", NOVEMBER)).toEqual({ "tenant, in the conversation": 11, staff: 5, "housing system": "suppressed" });
  expect(await figures("visits_booked_in_conversation", NOVEMBER)).toEqual({ "booked by the tenant": 61.1 }); // 11 of 18
  expect(await figures("visits_changed", NOVEMBER)).toEqual({ "tenant, in the conversation": 6, staff: 0, "housing system": 0 });
  expect(await figures("visits_ended", NOVEMBER)).toEqual({
    "cancelled by the tenant": 0,
    "cancelled by staff": "suppressed",
    "cancelled by the housing system": 0,
    "missed: no access": 5,
    attended: 6,
  });
  expect(await figures("visit_reminders", NOVEMBER)).toEqual({ sent: 6, "not sent: STOP": 5, "not sent: no phone": 0, "not sent: WhatsApp 24 hours passed": 0 });
  expect(await figures("visits_ended", DECEMBER)).toMatchObject({ "cancelled by the tenant": 5, attended: 0 });
  expect(await figures("visits_booked", DECEMBER)).toEqual({ "tenant, in the conversation": 0, staff: 0, "housing system": 0 });
});

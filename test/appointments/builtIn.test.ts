// The built-in scheduler on the real database: capacity per trade, half day and area, working days only, holds that
// lapse, and the last visit of a half day going to exactly one of two servers that ask for it at the same moment.
import { BuiltInScheduler } from "../../src/appointments/builtIn";
import { setCapacity } from "../../src/appointments/capacity";
import { parseSchedulerSettings } from "../../src/appointments/settings";
import { openDatabase, type Database } from "../../src/db/client";
import { createTestDatabase, type TestDatabase } from "../support/databases";

const settings = parseSchedulerSettings(
  JSON.stringify({
    trades: { leak: "plumbing", other: "general" },
    areas: { North: ["L4", "L5"] },
    capacity: { plumbing: { "*": { AM: 1, PM: 2 }, North: { AM: 1, PM: 0 } }, general: { "*": { AM: 1, PM: 1 } } },
  }),
  "test settings",
);

let db: TestDatabase;
/** A second connection pool to the same database, as a second server has (on PGlite, the same one). */
let other: Database | null = null;
const clock = { now: new Date("2026-12-21T10:00:00Z") }; // Monday before Christmas
let scheduler: BuiltInScheduler;
let secondServer: BuiltInScheduler;

beforeAll(async () => {
  db = await createTestDatabase();
  other = db.target.kind === "postgres" ? await openDatabase(db.target) : null;
  scheduler = new BuiltInScheduler(db.prisma, settings, () => clock.now);
  secondServer = new BuiltInScheduler((other ?? db).prisma, settings, () => clock.now);
});
beforeEach(async () => {
  clock.now = new Date("2026-12-21T10:00:00Z");
  await db.prisma.slotBooking.deleteMany();
  await db.prisma.slotCapacity.deleteMany();
});
afterAll(async () => {
  await other?.close();
  await db.dispose();
});

const query = { reference: "R1", trade: "plumbing", area: "North", from: "2026-12-22", to: "2026-12-31", timesOfDay: ["AM", "PM"] as ("AM" | "PM")[], daysOfWeek: [1, 2, 3, 4, 5, 6, 7], limit: 10 };
const hold = (key: string, reference = "R1") => ({ reference, trade: "plumbing", area: "North", holdKey: key, holdMinutes: 10 });

test("only working days with room: no afternoons in North, no Christmas or Boxing Day substitute holidays", async () => {
  const { slots, more } = await scheduler.availability(query);
  // Fri 25 Dec and Mon 28 Dec 2026 (Boxing Day's substitute) are bank holidays.
  expect(slots.map((slot) => slot.slotId)).toEqual(["2026-12-22.AM", "2026-12-23.AM", "2026-12-24.AM", "2026-12-29.AM", "2026-12-30.AM", "2026-12-31.AM"]);
  expect(more).toBe(false);
  const paged = await scheduler.availability({ ...query, after: { date: "2026-12-24", timeOfDay: "AM" }, limit: 2 });
  expect(paged).toEqual({ slots: [expect.objectContaining({ slotId: "2026-12-29.AM" }), expect.objectContaining({ slotId: "2026-12-30.AM" })], more: true });
});

test("a held slot is not offered to anyone else until the hold lapses; the same hold asked twice is one", async () => {
  const slot = { slotId: "2026-12-22.AM", date: "2026-12-22", timeOfDay: "AM" };
  const first = await scheduler.reserve(slot, hold("R1:1:a"));
  expect(first).not.toBeNull();
  expect(await scheduler.reserve(slot, hold("R1:1:a"))).toEqual(first); // a turn tried again
  expect(await scheduler.reserve(slot, hold("R2:1:a", "R2"))).toBeNull();
  expect((await scheduler.availability(query)).slots[0]!.slotId).toBe("2026-12-23.AM");
  clock.now = new Date("2026-12-21T10:11:00Z");
  expect((await scheduler.availability(query)).slots[0]!.slotId).toBe("2026-12-22.AM");
  // Lapsed and taken by another tenant: the first tenant's booking fails, and the second's stands.
  const second = await scheduler.reserve(slot, hold("R2:1:a", "R2"));
  expect(await scheduler.confirm(first!.reservationId)).toBeNull();
  expect(await scheduler.confirm(second!.reservationId)).toEqual({ bookingId: second!.reservationId });
  expect(await scheduler.confirm(second!.reservationId)).toEqual({ bookingId: second!.reservationId });
});

test("a lapsed hold still books when nobody took its place; a released or cancelled one frees the slot", async () => {
  const slot = { slotId: "2026-12-23.AM", date: "2026-12-23", timeOfDay: "AM" };
  const held = await scheduler.reserve(slot, hold("R1:1:b"));
  clock.now = new Date("2026-12-21T11:00:00Z");
  expect(await scheduler.confirm(held!.reservationId)).not.toBeNull();
  expect(await scheduler.reserve(slot, hold("R3:1:b", "R3"))).toBeNull();
  await scheduler.cancel(held!.reservationId);
  const next = await scheduler.reserve(slot, hold("R3:1:b", "R3"));
  expect(next).not.toBeNull();
  await scheduler.release(next!.reservationId);
  expect(await scheduler.reserve(slot, hold("R4:1:b", "R4"))).not.toBeNull();
});

test("capacity changed in the console replaces the file's figure", async () => {
  await setCapacity(db.prisma, { trade: "plumbing", area: "North", timeOfDay: "PM", capacity: 1 }, "sue@merseyhomes.org");
  await setCapacity(db.prisma, { trade: "plumbing", area: "North", timeOfDay: "AM", capacity: 0 }, "sue@merseyhomes.org");
  const { slots } = await scheduler.availability({ ...query, to: "2026-12-23" });
  expect(slots.map((slot) => slot.slotId)).toEqual(["2026-12-22.PM", "2026-12-23.PM"]);
});

test("two servers racing for the last visit of a half day: exactly one gets it, every time", async () => {
  for (const date of ["2026-12-22", "2026-12-23", "2026-12-24", "2026-12-29", "2026-12-30", "2026-12-31"]) {
    const slot = { slotId: `${date}.AM`, date, timeOfDay: "AM" };
    const results = await Promise.all([
      scheduler.reserve(slot, hold(`A:${date}`, "RA")),
      secondServer.reserve(slot, hold(`B:${date}`, "RB")),
      scheduler.reserve(slot, hold(`C:${date}`, "RC")),
      secondServer.reserve(slot, hold(`D:${date}`, "RD")),
    ]);
    expect(results.filter((result) => result !== null)).toHaveLength(1);
  }
  expect(await db.prisma.slotBooking.count({ where: { status: "held" } })).toBe(6);
});

// Small counts are withheld wherever they could point to a tenant, and nowhere else.
import { computeMeasures, pointOf, rangeOf } from "../../src/measures";
import { createTestDatabase } from "../support/databases";

test("a count of 1 to 4 is withheld; 0 and 5 are shown", () => {
  expect(pointOf("count", "2026-11-01", "sms", 4, null)).toEqual({ period: "2026-11-01", series: "sms", numerator: null, denominator: null, value: null, suppressed: true });
  expect(pointOf("count", "2026-11-01", "sms", 0, null)).toMatchObject({ value: 0, suppressed: false });
  expect(pointOf("count", "2026-11-01", "sms", 5, null)).toMatchObject({ value: 5, suppressed: false });
});

test("a rate is withheld when either count is 1 to 4, but not for the number of homes", () => {
  expect(pointOf("percent", "p", "s", 3, 40)).toMatchObject({ suppressed: true, value: null });
  expect(pointOf("percent", "p", "s", 0, 3)).toMatchObject({ suppressed: true, value: null });
  expect(pointOf("percent", "p", "s", 0, 0)).toMatchObject({ suppressed: false, value: null });
  expect(pointOf("percent", "p", "s", 30, 40)).toMatchObject({ suppressed: false, value: 75 });
  expect(pointOf("per1000homes", "p", "s", 6, 2)).toMatchObject({ suppressed: false, value: 3000 });
  expect(pointOf("per1000homes", "p", "s", 2, 15000)).toMatchObject({ suppressed: true });
  expect(pointOf("median_minutes", "p", "s", 12.25, 4)).toMatchObject({ suppressed: true });
  expect(pointOf("median_minutes", "p", "s", 12.25, 5)).toMatchObject({ suppressed: false, value: 12.3 });
});

test("dates are London days, and bad ranges are refused with a reason", () => {
  // 1 July in London starts at 23:00 UTC the day before (summer time).
  expect(rangeOf({ from: "2026-07-01", to: "2026-07-31", interval: "month" })).toEqual({ from: new Date("2026-06-30T23:00:00Z"), to: new Date("2026-07-31T23:00:00Z") });
  expect(() => rangeOf({ from: "2026-13-01", to: "2026-12-31", interval: "month" })).toThrow("from must be a date like 2026-01-31");
  expect(() => rangeOf({ from: "2026-12-01", to: "2026-11-01", interval: "month" })).toThrow("to must be on or after from");
});

test("every measure runs on an empty database and shows nothing to withhold", async () => {
  const db = await createTestDatabase();
  try {
    const results = await computeMeasures(db.prisma, { from: "2026-11-01", to: "2026-12-31", interval: "month", channel: "sms", journey: "repair" }, new Date("2026-12-31T12:00:00Z"));
    expect(results.length).toBeGreaterThanOrEqual(16);
    for (const result of results) {
      expect(result.periods).toEqual(["2026-11-01", "2026-12-01"]);
      expect(result.points.every((point) => !point.suppressed)).toBe(true);
    }
    expect(results.find((result) => result.id === "contacts_by_channel")!.filtersIgnored).toEqual(["journey"]);
  } finally {
    await db.dispose();
  }
});

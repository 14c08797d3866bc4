// Quiet hours in London time, across midnight and the clocks changing, and appointment windows in plain words.
import { formatAppointment } from "../../src/cases/appointments";
import { loadConfig } from "../../src/config";
import { parseQuietHours, quietUntil } from "../../src/notify/quietHours";

const NIGHT = parseQuietHours("21:00-08:00");

test.each([
  ["2026-11-23T20:59:00Z", null], // winter: London is UTC
  ["2026-11-23T21:00:00Z", "2026-11-24T08:00:00.000Z"],
  ["2026-11-24T03:00:00Z", "2026-11-24T08:00:00.000Z"],
  ["2026-11-24T08:00:00Z", null],
  ["2026-07-01T20:30:00Z", "2026-07-02T07:00:00.000Z"], // summer: 9:30pm in London, quiet until 8am BST
  ["2026-03-28T22:00:00Z", "2026-03-29T07:00:00.000Z"], // the night the clocks go forward
])("at %s quiet hours hold until %s", (now, until) => {
  expect(quietUntil(new Date(now), NIGHT)?.toISOString() ?? null).toBe(until);
});

test("a daytime span works too, and QUIET_HOURS off or malformed is handled at start-up", () => {
  expect(quietUntil(new Date("2026-11-23T13:00:00Z"), parseQuietHours("12:00-14:00"))?.toISOString()).toBe("2026-11-23T14:00:00.000Z");
  expect(loadConfig({ QUIET_HOURS: "off" }).quietHours).toBeNull();
  expect(loadConfig({}).quietHours).toEqual({ start: 21 * 60, end: 8 * 60 });
  expect(() => loadConfig({ QUIET_HOURS: "9pm till 8" })).toThrow('QUIET_HOURS must be like "21:00-08:00", or off');
  expect(parseQuietHours("08:00-08:00")).toBeNull();
});

test.each([
  [{ date: "2026-12-08", timeOfDay: "AM" }, "Tue 8 Dec, 8am to 12"],
  [{ date: "2026-12-08", timeOfDay: "PM" }, "Tue 8 Dec, 12 to 4pm"],
  [{ date: "2026-12-12", timeOfDay: "09:30-14:00" }, "Sat 12 Dec, 9:30am to 2pm"],
  [{ date: "2026-12-09", timeOfDay: "17:00-20:00" }, "Wed 9 Dec, 5pm to 8pm"],
])("the window %j reads %s", (appointment, words) => {
  expect(formatAppointment(appointment)).toBe(words);
});

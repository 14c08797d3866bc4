// Repair priorities from the rule table, due dates in English working days, and Awaab's Law clocks.
import {
  addWorkingDays,
} from "../../src/calendar/workingDays";
import {
  assessPriority,
  awaabDeadlinesAfterInvestigation,
  repairDeadlines,
  type RepairFacts,
} from "../../src/repairs/priority";

const at = (iso: string) => new Date(iso);
const due = (facts: RepairFacts, reportedAt: string) => {
  const { priority } = assessPriority(facts, at(reportedAt));
  return Object.fromEntries(repairDeadlines(facts, priority, at(reportedAt)).map((deadline) => [deadline.kind, deadline.dueAt.toISOString()]));
};

describe("priority rules", () => {
  test.each<[string, RepairFacts, string, string]>([
    ["toilet blocked, we only have one", { category: "toilet", detail: "only_toilet" }, "2026-07-01T10:00:00Z", "emergency"],
    ["toilet blocked, there is another", { category: "toilet", detail: "other_toilet" }, "2026-07-01T10:00:00Z", "urgent"],
    ["one socket not working", { category: "electrics", detail: "some_power" }, "2026-07-01T10:00:00Z", "urgent"],
    ["no power at all", { category: "electrics", detail: "all_power" }, "2026-07-01T10:00:00Z", "emergency"],
    ["leak that cannot be stopped", { category: "leak", detail: "uncontained" }, "2026-07-01T10:00:00Z", "emergency"],
    ["leak caught in a bowl", { category: "leak", detail: "contained" }, "2026-07-01T10:00:00Z", "urgent"],
    ["no heating with a baby, December", { category: "heating", detail: "none", vulnerable: true }, "2026-12-10T10:00:00Z", "emergency"],
    ["no heating with a baby, July", { category: "heating", detail: "none", vulnerable: true }, "2026-07-10T10:00:00Z", "urgent"],
    ["no hot water, nobody vulnerable, December", { category: "heating", detail: "no_hot_water", vulnerable: false }, "2026-12-10T10:00:00Z", "urgent"],
    ["heating partly works, December", { category: "heating", detail: "partial", vulnerable: true }, "2026-12-10T10:00:00Z", "routine"],
    ["first day of winter, 31 October", { category: "heating", detail: "none", vulnerable: true }, "2026-10-31T10:00:00Z", "emergency"],
    ["last day of winter, 30 April", { category: "heating", detail: "none", vulnerable: true }, "2027-04-30T10:00:00Z", "emergency"],
    ["1 May is not winter", { category: "heating", detail: "none", vulnerable: true }, "2027-05-01T10:00:00Z", "urgent"],
    ["cannot lock the front door", { category: "doors", detail: "cannot_lock" }, "2026-07-01T10:00:00Z", "emergency"],
    ["sticking door", { category: "doors", detail: "locks" }, "2026-07-01T10:00:00Z", "routine"],
    ["damp and mould", { category: "damp", detail: "large", vulnerable: false }, "2026-07-01T10:00:00Z", "urgent"],
    ["damp and mould, someone's health at risk", { category: "damp", detail: "small", vulnerable: true }, "2026-07-01T10:00:00Z", "emergency"],
    ["dripping tap", { category: "kitchen_bathroom" }, "2026-07-01T10:00:00Z", "routine"],
    ["smell of gas", { category: "gas" }, "2026-07-01T10:00:00Z", "emergency"],
  ])("%s → %s", (_name, facts, reportedAt, expected) => {
    expect(assessPriority(facts, at(reportedAt)).priority).toBe(expected);
  });
});

describe("working days", () => {
  test("a Friday report with 5 working days is due at the end of the next Friday", () => {
    expect(addWorkingDays(at("2026-11-27T10:00:00Z"), 5).toISOString()).toBe("2026-12-04T23:59:59.999Z");
  });
  test("Christmas, the Boxing Day substitute day and New Year's Day are skipped", () => {
    // Wed 23 Dec 2026: Thu 24, Tue 29, Wed 30, Thu 31, Mon 4 Jan (25, 28 Dec and 1 Jan are bank holidays).
    expect(addWorkingDays(at("2026-12-23T15:00:00Z"), 5).toISOString()).toBe("2027-01-04T23:59:59.999Z");
  });
  test("Good Friday and Easter Monday are skipped", () => {
    expect(addWorkingDays(at("2027-03-25T09:00:00Z"), 1).toISOString()).toBe("2027-03-30T22:59:59.999Z");
  });
  test("the end of the day is London time, in summer too", () => {
    expect(addWorkingDays(at("2026-06-01T09:00:00Z"), 5).toISOString()).toBe("2026-06-08T22:59:59.999Z");
  });
  test("a report late on Sunday night London time counts from Sunday", () => {
    // 23:30 on Sat 31 Oct 2026 UTC is still Saturday in London (GMT from 25 Oct).
    expect(addWorkingDays(at("2026-10-31T23:30:00Z"), 1).toISOString()).toBe("2026-11-02T23:59:59.999Z");
  });
});

describe("due dates for a repair", () => {
  test("routine: 20 working days", () => {
    expect(due({ category: "kitchen_bathroom" }, "2026-11-23T10:00:00Z")).toEqual({ complete: "2026-12-21T23:59:59.999Z" });
  });
  test("emergency: attend in 4 hours and make safe in 24, in calendar hours through the weekend", () => {
    expect(due({ category: "leak", detail: "uncontained" }, "2026-11-28T10:00:00Z")).toEqual({
      attend: "2026-11-28T14:00:00.000Z",
      make_safe: "2026-11-29T10:00:00.000Z",
      awaab_investigate: "2026-11-29T10:00:00.000Z",
      awaab_make_safe: "2026-11-29T10:00:00.000Z",
    });
  });
  test("damp and mould: investigate within 10 working days (Awaab's Law), as well as the urgent target", () => {
    expect(due({ category: "damp", detail: "large", vulnerable: false }, "2026-11-23T10:00:00Z")).toEqual({
      complete: "2026-11-30T23:59:59.999Z",
      awaab_investigate: "2026-12-07T23:59:59.999Z",
    });
  });
  test("damp and mould reported just before Christmas: the 10 days skip three bank holidays", () => {
    expect(due({ category: "damp", detail: "small", vulnerable: false }, "2026-12-18T10:00:00Z").awaab_investigate).toBe(
      "2027-01-06T23:59:59.999Z",
    );
  });
});

describe("Awaab's Law clocks after the investigation", () => {
  test("significant hazard: summary in 3 working days, safety work and further work begun in 5, started within 12 weeks", () => {
    const deadlines = awaabDeadlinesAfterInvestigation(at("2026-12-18T12:00:00Z"), "significant");
    expect(Object.fromEntries(deadlines.map((deadline) => [deadline.kind, deadline.dueAt.toISOString()]))).toEqual({
      awaab_written_summary: "2026-12-23T23:59:59.999Z",
      awaab_safety_work: "2026-12-29T23:59:59.999Z",
      awaab_further_work_begin: "2026-12-29T23:59:59.999Z",
      awaab_further_work_start: "2027-03-12T23:59:59.999Z",
    });
  });
  test("emergency hazard: safety work is already due within 24 hours, so only the later clocks start", () => {
    const kinds = awaabDeadlinesAfterInvestigation(at("2026-12-18T12:00:00Z"), "emergency").map((deadline) => deadline.kind);
    expect(kinds).toEqual(["awaab_written_summary", "awaab_further_work_begin", "awaab_further_work_start"]);
  });
});

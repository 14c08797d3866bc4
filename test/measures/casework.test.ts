// The casework measures (RP02, CH01, CH02, NM01, emergencies, Awaab's Law, satisfaction) on a small made-up
// November for a landlord of 2,000 homes, each with an answer worked out by hand.
import { computeMeasure, findMeasure, measureCsv, type MeasureQuery } from "../../src/measures";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { History } from "./history";

const NOW = new Date("2026-11-30T12:00:00Z");
const NOVEMBER: MeasureQuery = { from: "2026-11-01", to: "2026-11-30", interval: "month" };

let db: TestDatabase;
let history: History;
let conversation: string;

beforeAll(async () => {
  db = await createTestDatabase();
  history = new History(db.prisma);
});
afterAll(() => db.dispose());
beforeEach(async () => {
  await history.clear();
  await history.homes(2000);
  conversation = await history.conversation("sms");
});

async function figures(id: string, query: MeasureQuery = NOVEMBER) {
  const result = await computeMeasure(db.prisma, findMeasure(id)!, query, NOW);
  return Object.fromEntries(result.points.map((point) => [`${point.period} ${point.series}`, point.suppressed ? "suppressed" : point.value]));
}

test("RP02: repairs completed in the period, within target by priority", async () => {
  const repair = (priority: string, kind: string) =>
    history.case(conversation, "2026-10-20T09:00:00Z", { priority, deadlines: [{ kind, dueAt: "2026-11-10T17:00:00Z" }] });
  await history.times(5, async () => history.update(await repair("routine", "complete"), "completed", "2026-11-09T12:00:00Z"));
  await history.update(await repair("routine", "complete"), "completed", "2026-11-12T12:00:00Z"); // late
  await history.times(5, async () => history.update(await repair("urgent", "complete"), "completed", "2026-11-10T16:00:00Z"));
  await history.times(2, async () => history.update(await repair("emergency", "make_safe"), "completed", "2026-11-03T12:00:00Z"));
  await history.update(await repair("routine", "complete"), "completed", "2026-10-30T12:00:00Z"); // done in October
  await repair("routine", "complete"); // not done yet
  expect(await figures("repairs_in_target")).toEqual({ "2026-11-01 emergency": "suppressed", "2026-11-01 urgent": 100, "2026-11-01 routine": 83.3 });
});

test("emergencies attended within the attend deadline, once it has passed", async () => {
  const emergency = (dueAt: string) => history.case(conversation, "2026-11-05T08:00:00Z", { priority: "emergency", deadlines: [{ kind: "attend", dueAt }] });
  await history.times(4, async () => history.update(await emergency("2026-11-05T12:00:00Z"), "completed", "2026-11-05T11:00:00Z"));
  await history.update(await emergency("2026-11-05T12:00:00Z"), "no_access", "2026-11-05T11:30:00Z"); // went, nobody in
  await history.update(await emergency("2026-11-05T12:00:00Z"), "completed", "2026-11-05T15:00:00Z"); // late
  await history.update(await emergency("2026-11-05T12:00:00Z"), "cancelled", "2026-11-05T09:00:00Z"); // not needed
  await emergency("2026-11-30T14:00:00Z"); // not due yet
  expect(await figures("emergencies_attended")).toEqual({ "2026-11-01 attended in time": 83.3 });
});

test("Awaab's Law: investigate and make-safe deadlines met", async () => {
  const hazard = (deadlines: { kind: string; dueAt: string }[]) => history.case(conversation, "2026-11-02T08:00:00Z", { priority: "emergency", deadlines });
  const both = [
    { kind: "awaab_investigate", dueAt: "2026-11-03T08:00:00Z" },
    { kind: "awaab_make_safe", dueAt: "2026-11-03T08:00:00Z" },
  ];
  await history.times(5, async () => history.update(await hazard(both), "awaiting_parts", "2026-11-02T20:00:00Z"));
  await history.update(await hazard(both), "completed", "2026-11-04T20:00:00Z"); // both missed
  await history.times(4, async () => history.update(await hazard([{ kind: "awaab_investigate", dueAt: "2026-11-16T17:00:00Z" }]), "completed", "2026-11-12T10:00:00Z"));
  // investigate: 9 of 10 met; make safe: 5 of 6.
  expect(await figures("awaab_deadlines")).toEqual({ "2026-11-01 investigate": 90, "2026-11-01 make safe": 83.3 });
});

test("CH01 and CH02: complaints per 1,000 homes, acknowledged and answered within the Code's timescales", async () => {
  const complaint = () =>
    history.case(conversation, "2026-11-02T10:00:00Z", {
      type: "complaint",
      priority: "standard",
      details: { stage: 1, acknowledgedAt: "2026-11-02T10:00:00.000Z" },
      deadlines: [
        { kind: "acknowledge", dueAt: "2026-11-09T10:00:00Z" },
        { kind: "respond", dueAt: "2026-11-16T10:00:00Z" },
      ],
    });
  await history.times(5, async () => history.update(await complaint(), "completed", "2026-11-13T10:00:00Z"));
  await history.update(await complaint(), "completed", "2026-11-20T10:00:00Z"); // late
  await complaint(); // never answered, date passed
  expect(await figures("complaints_per_1000_homes")).toEqual({ "2026-11-01 stage 1": 3.5 });
  expect(await figures("complaints_in_time")).toEqual({ "2026-11-01 acknowledged in time": 100, "2026-11-01 answered in time": 71.4 });
});

test("NM01: ASB cases per 1,000 homes, and those with hate incidents", async () => {
  await history.times(5, () => history.case(conversation, "2026-11-06T22:00:00Z", { type: "asb", priority: "standard", category: "noise" }));
  await history.case(conversation, "2026-11-07T22:00:00Z", { type: "asb", priority: "high", category: "hate", details: { hateIncident: true } });
  expect(await figures("asb_per_1000_homes")).toEqual({ "2026-11-01 all cases": 3, "2026-11-01 hate incidents": "suppressed" });
  await history.times(4, () => history.case(conversation, "2026-11-08T22:00:00Z", { type: "asb", priority: "high", category: "hate" }));
  expect(await figures("asb_per_1000_homes")).toEqual({ "2026-11-01 all cases": 5, "2026-11-01 hate incidents": 2.5 });
});

test("satisfaction after repairs, and after repairs that went to a person", async () => {
  const scores = [5, 5, 4, 4, 5, 4, 4, 4, 2, 1];
  for (const [index, score] of scores.entries()) {
    const id = await history.conversation("sms");
    const caseId = await history.case(id, "2026-11-02T10:00:00Z");
    if (index >= 3 && index < 9) await history.escalation(id, "2026-11-03T10:00:00Z", { caseId: index % 2 ? caseId : undefined });
    await history.satisfaction(caseId, score, "2026-11-20T10:00:00Z");
  }
  // 8 of 10 happy; of the 6 handed over (indexes 3 to 8), 5 happy.
  expect(await figures("satisfaction")).toEqual({ "2026-11-01 after a repair": 80, "2026-11-01 after a hand-over": 83.3 });
});

test("a suppressed figure is blank in the CSV and says so", async () => {
  await history.times(2, () => history.case(conversation, "2026-11-06T22:00:00Z", { type: "asb", priority: "standard", category: "noise" }));
  const result = await computeMeasure(db.prisma, findMeasure("asb_per_1000_homes")!, NOVEMBER, NOW);
  expect(measureCsv(result).split("\r\n")).toEqual([
    "measure,period,series,value,unit,numerator,denominator,suppressed",
    'asb_per_1000_homes,2026-11-01,all cases,,"per 1,000 homes",,,true',
    'asb_per_1000_homes,2026-11-01,hate incidents,0,"per 1,000 homes",0,2000,false',
    "",
  ]);
});

// The contact measures on a small made-up November, each with an answer worked out by hand.
import { computeMeasure, findMeasure, type MeasureQuery } from "../../src/measures";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { History } from "./history";

const NOW = new Date("2026-11-30T12:00:00Z");
const NOVEMBER: MeasureQuery = { from: "2026-11-01", to: "2026-11-30", interval: "month" };

let db: TestDatabase;
let history: History;

beforeAll(async () => {
  db = await createTestDatabase();
  history = new History(db.prisma);
});
afterAll(() => db.dispose());
beforeEach(() => history.clear());

async function figures(id: string, query: MeasureQuery = NOVEMBER) {
  const result = await computeMeasure(db.prisma, findMeasure(id)!, query, NOW);
  return Object.fromEntries(result.points.map((point) => [`${point.period} ${point.series}`, point.suppressed ? "suppressed" : point.value]));
}

test("contacts by channel count each conversation once a day, by London day, and hide 1 to 4", async () => {
  await history.times(6, async () => {
    const id = await history.conversation("sms");
    await history.inbound(id, "2026-11-03T09:00:00Z");
    await history.inbound(id, "2026-11-03T09:05:00Z"); // the same contact
    await history.outbound(id, "2026-11-03T09:01:00Z"); // ours, not a contact
  });
  const again = await history.conversation("sms");
  await history.inbound(again, "2026-11-17T10:00:00Z");
  await history.times(5, async () => history.inbound(await history.conversation("whatsapp"), "2026-11-10T12:00:00Z"));
  await history.times(2, async () => history.inbound(await history.conversation("webchat"), "2026-11-10T12:00:00Z"));
  // 23:30 UTC on 31 October is 23:30 in London (clocks went back): October, outside the range.
  await history.inbound(await history.conversation("sms"), "2026-10-31T23:30:00Z");

  expect(await figures("contacts_by_channel")).toEqual({ "2026-11-01 sms": 7, "2026-11-01 webchat": "suppressed", "2026-11-01 whatsapp": 5 });
  const weekly = await figures("contacts_by_channel", { from: "2026-11-02", to: "2026-11-22", interval: "week" });
  expect(weekly).toMatchObject({ "2026-11-02 sms": 6, "2026-11-09 whatsapp": 5, "2026-11-16 sms": "suppressed", "2026-11-09 sms": 0 });
  expect(await figures("contacts_by_channel", { ...NOVEMBER, channel: "whatsapp" })).toEqual({ "2026-11-01 whatsapp": 5 });
});

test("containment and the hand-over rate: no person during the contact, and no message back within 24 hours", async () => {
  // 20 contacts on 10 November: 5 handed over, 1 who texted again 20 hours later (a second, contained contact).
  await history.times(20, async (index) => {
    const id = await history.conversation("sms");
    await history.inbound(id, "2026-11-10T09:00:00Z");
    if (index < 5) await history.escalation(id, "2026-11-10T09:00:02Z");
    if (index === 5) await history.inbound(id, "2026-11-11T05:00:00Z");
  });
  // Escalations long after a contact are not hand-overs of it.
  const later = await history.conversation("sms");
  await history.inbound(later, "2026-11-12T09:00:00Z");
  await history.escalation(later, "2026-11-14T09:00:00Z");

  // 22 contacts; contained = 22 - 5 handed over - 1 texted back = 16; handed over 5.
  expect(await figures("containment")).toEqual({ "2026-11-01 contained": 72.7 });
  expect(await figures("handover_rate")).toEqual({ "2026-11-01 handed over": 22.7 });
});

test("hand-over reasons count each escalation by its reason", async () => {
  const id = await history.conversation("sms");
  await history.times(5, () => history.escalation(id, "2026-11-04T10:00:00Z", { reason: "asked_for_person" }));
  await history.times(2, () => history.escalation(id, "2026-11-04T10:00:00Z", { reason: "emergency" }));
  expect(await figures("handover_reasons")).toEqual({ "2026-11-01 asked_for_person": 5, "2026-11-01 emergency": "suppressed" });
});

test("drop-off counts conversations left at a step for over 24 hours, by journey and step", async () => {
  await history.times(5, () => history.conversation("sms", { flow: "repair", step: "where" }, "2026-11-10T10:00:00Z"));
  await history.conversation("sms", { flow: "asb", step: "when" }, "2026-11-10T10:00:00Z");
  await history.conversation("sms", { flow: "repair", step: "where" }, "2026-11-29T23:00:00Z"); // still may answer
  await history.conversation("sms", { flow: "repair", step: "where", handoffRequestedAt: "2026-11-10T10:00:00Z" }, "2026-11-10T10:00:00Z");
  await history.conversation("sms", { flow: null, step: null }, "2026-11-10T10:00:00Z"); // finished
  expect(await figures("drop_off")).toEqual({ "2026-11-01 asb: when": "suppressed", "2026-11-01 repair: where": 5 });
  expect(await figures("drop_off", { ...NOVEMBER, journey: "repair" })).toEqual({ "2026-11-01 repair: where": 5 });
});

test("time to the first staff reply, against each hand-over's target", async () => {
  const delays = [10, 20, 30, 40, 50, 120]; // minutes; the last is after the 60-minute target
  for (const minutes of delays) {
    const id = await history.conversation("sms");
    await history.escalation(id, "2026-11-05T10:00:00Z", { respondBy: "2026-11-05T11:00:00Z" });
    await history.outbound(id, "2026-11-05T10:00:01Z"); // the bot's, not a person's
    await history.outbound(id, new Date(Date.parse("2026-11-05T10:00:00Z") + minutes * 60_000).toISOString(), "staff-1");
  }
  await history.escalation(await history.conversation("sms"), "2026-11-06T10:00:00Z", { respondBy: "2026-11-06T11:00:00Z" }); // never answered
  await history.escalation(await history.conversation("sms"), "2026-11-30T11:30:00Z", { respondBy: "2026-11-30T12:30:00Z" }); // not due yet
  // 5 in time of 7 counted.
  expect(await figures("first_reply_in_time")).toEqual({ "2026-11-01 replied in time": 71.4 });
  expect(await figures("first_reply_minutes")).toEqual({ "2026-11-01 median minutes": 35 });
});

test("repeat contacts: a tenant writing again while their case is open", async () => {
  await history.times(5, async () => {
    const id = await history.conversation("sms");
    await history.inbound(id, "2026-11-02T09:00:00Z");
    await history.case(id, "2026-11-02T09:01:00Z");
    await history.inbound(id, "2026-11-09T09:00:00Z");
  });
  const done = await history.conversation("sms");
  await history.inbound(done, "2026-11-02T09:00:00Z");
  const fixed = await history.case(done, "2026-11-02T09:01:00Z");
  await history.update(fixed, "completed", "2026-11-04T12:00:00Z");
  await history.inbound(done, "2026-11-09T09:00:00Z");
  // 12 contacts, 5 of them about a case still open.
  expect(await figures("repeat_contacts")).toEqual({ "2026-11-01 about an open case": 41.7 });
});

test("opt-outs and opt-ins by channel", async () => {
  await history.times(6, () => history.consent("sms", true, "2026-11-08T20:00:00Z"));
  await history.consent("sms", false, "2026-11-09T08:00:00Z");
  await history.times(5, () => history.consent("whatsapp", true, "2026-11-08T20:00:00Z"));
  expect(await figures("opt_outs")).toEqual({ "2026-11-01 opted out": 11, "2026-11-01 opted back in": "suppressed" });
  expect(await figures("opt_outs", { ...NOVEMBER, channel: "whatsapp" })).toEqual({ "2026-11-01 opted out": 5, "2026-11-01 opted back in": 0 });
});

// The retention job: transcripts past their keeping time are blanked (6 years where the conversation has a case,
// 2 years otherwise, or as configured), the rows and their counts stay for the measures, and the audit log says what went.
import { QUEUES } from "../../src/queue/jobs";
import { REMOVED } from "../../src/privacy/retention";
import { History } from "../measures/history";
import { startTestApp, type TestApp } from "../support/testApp";

let harness: TestApp;
beforeAll(async () => {
  harness = await startTestApp({ env: { RETENTION_OTHER_YEARS: "3" } });
});
beforeEach(() => harness.reset({ now: "2026-11-23T10:00:00Z" }));
afterAll(() => harness.close());

async function bodies(conversationId: string): Promise<string[]> {
  const messages = await harness.db.prisma.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" } });
  return messages.map((message) => message.body);
}

test("the daily job on the queue blanks old transcripts and records what it removed", async () => {
  const history = new History(harness.db.prisma);
  const withCase = await history.conversation("sms");
  await history.inbound(withCase, "2020-06-01T10:00:00Z"); // over 6 years: goes
  await history.inbound(withCase, "2021-06-01T10:00:00Z"); // 5 years, but there is a case: stays
  await history.case(withCase, "2021-06-01T10:01:00Z");
  const withoutCase = await history.conversation("whatsapp");
  await history.inbound(withoutCase, "2023-06-01T10:00:00Z"); // over 3 years (configured), no case: goes
  await history.inbound(withoutCase, "2024-06-01T10:00:00Z"); // 2 and a half years: stays under a 3-year setting
  await history.escalation(withoutCase, "2023-06-01T10:00:05Z");
  await harness.db.prisma.escalation.updateMany({ data: { transcript: [{ direction: "inbound", body: "my neighbour shouts" }] } });

  expect(await harness.app.retention.queueToday()).not.toBeNull();
  expect(await harness.app.retention.queueToday()).toBeNull(); // once a day, however many servers ask
  await harness.app.jobs.idle(QUEUES.retention.name, 30_000);

  expect(await bodies(withCase)).toEqual([REMOVED, "my tap drips"]);
  expect(await bodies(withoutCase)).toEqual([REMOVED, "my tap drips"]);
  expect((await harness.db.prisma.escalation.findFirstOrThrow()).transcript).toEqual([]);
  const record = await harness.db.prisma.auditEntry.findFirstOrThrow({ where: { action: "retention" } });
  expect(record.actor).toBe("system:retention");
  expect(record.detail).toEqual({
    caseCutoff: "2020-11-23T10:00:00.000Z",
    otherCutoff: "2023-11-23T10:00:00.000Z",
    messages: 2,
    escalationTranscripts: 1,
    reviewTexts: 0,
    attachments: 0,
  });
  // Run again: nothing more to remove, and the contacts are still there to count.
  expect(await harness.app.retention.run()).toMatchObject({ messages: 0, escalationTranscripts: 0 });
  expect(await harness.db.prisma.message.count({ where: { direction: "inbound" } })).toBe(4);
});

test("the keeping times come from the environment, 6 and 2 years by default", async () => {
  const { loadConfig } = await import("../../src/config");
  expect(loadConfig({}).retention).toEqual({ caseYears: 6, otherYears: 2 });
  expect(() => loadConfig({ RETENTION_CASE_YEARS: "0" })).toThrow("RETENTION_CASE_YEARS must be 1 or more");
});

// Noise and nuisance through the signed SMS webhook: the case, further incidents and the Case Review, as stored.
import { play } from "../support/script";
import { startTestApp, type TestApp } from "../support/testApp";

const MAUREEN = "+447700900101"; // a demo tenant whose number is on file
const DEV = "+447700900102"; // another demo tenant

let harness: TestApp;
beforeAll(async () => {
  harness = await startTestApp({ now: "2026-11-23T10:00:00Z" }); // Monday 23 November 2026
});
beforeEach(async () => harness.reset());
afterAll(async () => harness.close());

test("a report, two more incidents on the same case, and the Case Review at the third; nobody else sees the case", async () => {
  await play(harness, MAUREEN, [
    { tenant: "the dog next door barks all night every night", bot: ["This is Mersey Homes", "Is anyone in danger right now?"] },
    { tenant: "no", bot: ["Is it still going on?"] },
    { tenant: "yes", bot: ["Where does it happen?"] },
    { tenant: "1", bot: ["Do you know who is doing it?"] },
    { tenant: "no", bot: ["How does it affect you"] },
    { tenant: "2", bot: ["Does anyone at home have a disability"] },
    { tenant: "no", bot: ["Did anyone else see or hear it?"] },
    { tenant: "yes", bot: ["Do you have photos, videos or notes of it?"] },
    { tenant: "no", bot: [/Please check:\nAbout: Animals\nWhen: all night\nWhere: At or next to my home/] },
    { tenant: "1", bot: ["Thank you. Your ref is A000001. An officer will contact you by Thu 26 Nov."] },
  ]);
  harness.clock.now = new Date("2026-11-30T09:00:00Z");
  await play(harness, MAUREEN, [
    { tenant: "the dog was barking again all night", bot: ["Is this about your report A000001, animals?"] },
    { tenant: "yes", bot: ["Thank you. We have added this to ref A000001."] },
    { tenant: "that dog again, saturday night", bot: ["Is this about your report A000001, animals?"] },
    { tenant: "1", bot: ["Thank you. We have added this to ref A000001.", "You have told us about 3 problems in 6 months. You can ask for an ASB Case Review"] },
  ]);

  const report = await harness.db.prisma.case.findUniqueOrThrow({ where: { reference: "A000001" }, include: { notes: true, deadlines: true, escalations: true } });
  expect(report).toMatchObject({ type: "asb", category: "pets_animals", priority: "medium", phone: MAUREEN, verified: true });
  expect(report.notes.map((note) => note.kind)).toEqual(["incident", "incident"]);
  expect(report.deadlines).toEqual([expect.objectContaining({ kind: "contact" })]);
  expect(report.escalations).toEqual([expect.objectContaining({ reason: "high_risk_asb", priority: 1 })]);

  // Another tenant with a noise problem starts a new case: they are never told about Maureen's.
  await play(harness, DEV, [{ tenant: "loud music from upstairs every weekend", bot: ["This is Mersey Homes", "Is anyone in danger right now?"] }]);
});

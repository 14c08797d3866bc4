// The other journeys through the signed SMS webhook, as staff will find them: a complaint with its Code deadlines,
// a question for a person, and a repair left half-way for the rent and picked up again.
import { play } from "../support/script";
import { startTestApp, TEST_API_TOKEN, type TestApp } from "../support/testApp";

const MAUREEN = "+447700900101"; // a demo tenant whose number is on file
const STRANGER = "+447700900555"; // a number on no tenancy

let harness: TestApp;
beforeAll(async () => {
  harness = await startTestApp({ now: "2026-11-23T10:00:00Z" }); // Monday 23 November 2026
});
beforeEach(async () => harness.reset());
afterAll(async () => harness.close());

test("a complaint is stored at stage 1 with its acknowledgement and response deadlines, and the API shows it", async () => {
  await play(harness, MAUREEN, [
    { tenant: "i want to complain about how i was spoken to", bot: ["This is Mersey Homes", "formal complaint", "What is your complaint about?"] },
    { tenant: "4", bot: ["What would you like us to do to put it right?"] },
    { tenant: "an apology", bot: [/^Please check your complaint:\nAbout: How our staff treated you\nYou said: i want to complain about how i was spoken to/] },
    { tenant: "yes", bot: ["Your complaint ref is C000001. This is stage 1. We will reply by Mon 7 Dec.", "Housing Ombudsman"] },
  ]);
  const response = await harness.app.inject({ url: "/api/cases/C000001", headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
  expect(response.statusCode).toBe(200);
  expect(response.json()).toMatchObject({
    type: "complaint",
    category: "staff",
    tenancyRef: "T100001",
    details: { stage: 1, outcomeWanted: "an apology" },
    deadlines: [
      { kind: "acknowledge", dueAt: "2026-11-30T23:59:59.999Z" },
      { kind: "respond", dueAt: "2026-12-07T23:59:59.999Z" },
    ],
  });
});

test("a question from an unknown number becomes a request case and an escalation with the transcript", async () => {
  await play(harness, STRANGER, [
    { tenant: "hi", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "7", bot: ["What is it about?"] },
    { tenant: "3", bot: ["Please tell us your question"] },
    { tenant: "do i need permission to fit a new kitchen myself", bot: ["Thank you. Your ref is E000001. A person from our team will contact you by Thu 26 Nov."] },
  ]);
  const escalation = await harness.db.prisma.escalation.findFirstOrThrow({ include: { case: true } });
  expect(escalation).toMatchObject({ reason: "request", priority: 3, case: { type: "request", verified: false } });
  expect(JSON.stringify(escalation.transcript)).toContain("do i need permission to fit a new kitchen myself");
});

test("a repair left half-way for the rent is offered back and finished", async () => {
  await play(harness, MAUREEN, [
    { tenant: "hi", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "1", bot: ["Is there any danger now?"] },
    { tenant: "6", bot: ["What needs fixing?"] },
    { tenant: "2", bot: ["Can you stop the water"] },
    { tenant: "actually how do i pay my rent", bot: ["Pay safely online at merseyhomes.org/pay", "Before, you were telling us about a repair."] },
    { tenant: "yes", bot: ["Can you stop the water"] },
    { tenant: "yes", bot: ["Where is the problem?"] },
    { tenant: "bathroom", bot: ["Tell us about the problem"] },
    { tenant: "tap drips", bot: ["When can we get in"] },
    { tenant: "1", bot: ["Please check:"] },
    { tenant: "1", bot: ["Your ref is R000001", /Pick a time for repair R000001:\n1 /] },
  ]);
  expect(await harness.db.prisma.case.count()).toBe(1);
});

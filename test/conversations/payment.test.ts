// Rent through the signed SMS webhook: the statement comes from the ledger in the database, and a card number never
// reaches storage.
import { play } from "../support/script";
import { startTestApp, type TestApp } from "../support/testApp";

const DEV = "+447700900102"; // demo tenant, born 2 July 1990, tenancy T100002, owes £205.50

let harness: TestApp;
beforeAll(async () => {
  harness = await startTestApp({ now: "2026-11-23T10:00:00Z" }); // Monday 23 November 2026
});
beforeEach(async () => harness.reset());
afterAll(async () => harness.close());

test("a checked tenant gets their balance and last payment from the ledger; a date of birth is taken however it is typed", async () => {
  await play(harness, DEV, [
    { tenant: "hi", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "4", bot: ["What do you need?"] },
    { tenant: "1", bot: ["To keep your account safe, what is your date of birth?"] },
    { tenant: "2nd july 1990", bot: ["You owe £205.50. Your rent is £102.75 a week. Next rent due: Mon 30 Nov.", "Your last payment was £102.75 on Mon 23 Nov."] },
  ]);
});

test("a card number is blanked before it is stored, and the tenant is warned", async () => {
  await play(harness, DEV, [
    { tenant: "can i pay my rent with 4111 1111 1111 1111 exp 12/28", bot: ["Please never text card numbers. We have deleted it.", "This is Mersey Homes", /^Pay safely online at/] },
  ]);
  const stored = await harness.db.prisma.message.findMany({ where: { direction: "inbound" } });
  expect(stored.map((message) => message.body)).toEqual(["can i pay my rent with [card number removed] exp [expiry removed]"]);
});

test("three wrong answers lock the look-up and put a request in the staff queue", async () => {
  await play(harness, DEV, [
    { tenant: "whats my rent balance", bot: ["This is Mersey Homes", "To keep your account safe"] },
    { tenant: "1 1 1990", bot: ["Sorry, that does not match what we have. Tries left: 2.", "To keep your account safe"] },
    { tenant: "T100001", bot: ["Sorry, that does not match what we have. Tries left: 1.", "To keep your account safe"] },
    { tenant: "3 7 1990", bot: ["Sorry, that does not match. To keep your account safe"] },
  ]);
  const escalations = await harness.db.prisma.escalation.findMany();
  expect(escalations).toEqual([expect.objectContaining({ reason: "identity_failed", priority: 3 })]);
});

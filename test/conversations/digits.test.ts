// A tenant who only ever replies with a number, through the signed SMS webhook: every journey still ends with what
// they came for, because every question that wants words also offers numbered answers.
import { play } from "../support/script";
import { startTestApp, type TestApp } from "../support/testApp";

const MAUREEN = "+447700900101"; // a demo tenant whose number is on file
const AISHA = "+447700900103"; // demo tenant, born 20 November 1985
const STRANGER = "+447700900555"; // a number on no tenancy

let harness: TestApp;
beforeAll(async () => {
  harness = await startTestApp({ now: "2026-11-23T10:00:00Z" }); // Monday 23 November 2026, winter
});
beforeEach(async () => harness.reset());
afterAll(async () => harness.close());

async function stored(reference: string) {
  return harness.db.prisma.case.findUniqueOrThrow({ where: { reference } });
}

test("a repair, from a number we do not know", async () => {
  await play(harness, STRANGER, [
    { tenant: "1", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "1", bot: ["Is there any danger now?"] },
    { tenant: "6", bot: ["What needs fixing?"] },
    { tenant: "1", bot: ["What is not working?"] },
    { tenant: "2", bot: ["Does anyone at home need extra care?"] },
    { tenant: "2", bot: ["Where is the problem?"] },
    { tenant: "4", bot: ["Tell us about the problem in a few words.\n1 Boiler not working\n2 Radiators are cold"] },
    { tenant: "2", bot: ["When can we get in to fix it?"] },
    { tenant: "1", bot: ["To find your home, what is your postcode?\n1 I do not know"] },
    { tenant: "1", bot: ["We will still take your report", /^Please check:\nProblem: Heating, hot water, no heating\nWhere: Living room\nYou said: Radiators are cold/] },
    { tenant: "1", bot: ["Thank you. Your ref is R000001. It is urgent"] },
  ]);
  expect(await stored("R000001")).toMatchObject({ category: "heating", priority: "urgent", description: "Radiators are cold", verified: false });
});

test("a repair where the tenant will say when we can come", async () => {
  await play(harness, MAUREEN, [
    { tenant: "1", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "1", bot: ["Is there any danger now?"] },
    { tenant: "6", bot: ["What needs fixing?"] },
    { tenant: "8", bot: ["Where is the problem?"] },
    { tenant: "6", bot: ["1 Something is broken\n2 Fence or gate broken\n3 Floor damaged\n4 Call me to explain"] },
    { tenant: "2", bot: ["When can we get in to fix it?"] },
    { tenant: "4", bot: ["Tell us the days and times someone is at home.\n1 Please call me to arrange"] },
    { tenant: "1", bot: [/We can come: Please call me to arrange/] },
    { tenant: "1", bot: ["Your ref is R000001", "A person will ring you to book a visit for repair R000001."] },
  ]);
  expect(await stored("R000001")).toMatchObject({ description: "Fence or gate broken", access: "Please call me to arrange" });
});

test("noise or nuisance", async () => {
  await play(harness, MAUREEN, [
    { tenant: "1", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "3", bot: ["Is anyone in danger right now?"] },
    { tenant: "2", bot: ["What is it about?"] },
    { tenant: "6", bot: ["When did it happen?"] },
    { tenant: "4", bot: ["How often does it happen?"] },
    { tenant: "3", bot: ["Is it still going on?"] },
    { tenant: "1", bot: ["Where does it happen?"] },
    { tenant: "1", bot: ["Do you know who is doing it?"] },
    { tenant: "2", bot: ["Tell us what happened in a few words.\n1 Dog barking\n2 Dog mess\n3 Dog out of control"] },
    { tenant: "1", bot: ["How does it affect you or your family?"] },
    { tenant: "2", bot: ["Does anyone at home have a disability"] },
    { tenant: "2", bot: ["Did anyone else see or hear it?"] },
    { tenant: "3", bot: ["Do you have photos, videos or notes of it?"] },
    { tenant: "2", bot: [/^Please check:\nAbout: Animals\nWhen: It keeps happening\nWhere: At or next to my home\nYou said: Dog barking/] },
    { tenant: "1", bot: ["Thank you. Your ref is A000001."] },
  ]);
  expect(await stored("A000001")).toMatchObject({ type: "asb", category: "pets_animals", description: "Dog barking" });
});

test("a complaint", async () => {
  await play(harness, MAUREEN, [
    { tenant: "1", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "5", bot: ["formal complaint", "What is your complaint about?"] },
    { tenant: "4", bot: ["Tell us what went wrong, in your own words.\n1 I was treated rudely"] },
    { tenant: "1", bot: ["What would you like us to do to put it right?\n1 Fix the problem\n2 Say sorry"] },
    { tenant: "2", bot: [/^Please check your complaint:\nAbout: How our staff treated you\nYou said: I was treated rudely\nYou want: Say sorry/] },
    { tenant: "1", bot: ["Your complaint ref is C000001.", "Housing Ombudsman"] },
  ]);
  expect(await stored("C000001")).toMatchObject({ type: "complaint", category: "staff", details: expect.objectContaining({ outcomeWanted: "Say sorry" }) });
});

test("rent they cannot pay", async () => {
  await play(harness, MAUREEN, [
    { tenant: "1", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "4", bot: ["What do you need?"] },
    { tenant: "3", bot: ["We want to help", /^What has happened\?.*\n1 I lost my job or hours/] },
    { tenant: "1", bot: ["Thank you. Your ref is P000001.", "debt advice"] },
  ]);
  expect(await stored("P000001")).toMatchObject({ type: "payment", category: "hardship", description: "I lost my job or hours" });
});

test("a question for a person, and a visit from the housing officer", async () => {
  await play(harness, MAUREEN, [
    { tenant: "1", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "7", bot: ["What is it about?"] },
    { tenant: "3", bot: [/^Please tell us your question in a few words\..*\n1 Changes to my home/] },
    { tenant: "1", bot: ["Thank you. Your ref is E000001."] },
    { tenant: "7", bot: ["How can we help?"] },
    { tenant: "7", bot: ["What is it about?"] },
    { tenant: "1", bot: [/^What would you like to talk about\?.*\n1 My tenancy/] },
    { tenant: "1", bot: ["Thank you. Your ref is E000002."] },
  ]);
  expect(await stored("E000001")).toMatchObject({ category: "question", description: "Changes to my home" });
  expect(await stored("E000002")).toMatchObject({ category: "visit", description: "My tenancy" });
});

test("how we contact them, and their repairs", async () => {
  await play(harness, AISHA, [
    { tenant: "1", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "6", bot: ["what is your date of birth?"] },
    { tenant: "20 11 1985", bot: ["What do you want to change?"] },
    { tenant: "3", bot: ["How do you want us to contact you?"] },
    { tenant: "4", bot: ["Done. We will contact you by phone call from now on."] },
    { tenant: "2", bot: ["How can we help?"] },
    { tenant: "2", bot: [/open repair/] },
  ]);
  expect(await harness.db.prisma.tenant.findFirstOrThrow({ where: { phone: AISHA } })).toMatchObject({ contactPreference: "phone" });
});

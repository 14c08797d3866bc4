// What the bot keeps for a person to check, through real conversations over the signed SMS webhook: words it was
// unsure about, words the tenant then said were about something else, and every safeguarding escalation it raised.
import { signedWebhook, smsParams } from "../../src/channels/twilio/simulator";
import { play } from "../support/script";
import { PUBLIC_URL, startTestApp, TEST_AUTH_TOKEN, type TestApp } from "../support/testApp";

const TENANT = "+447700900101";

let harness: TestApp;
beforeAll(async () => {
  harness = await startTestApp();
});
beforeEach(() => harness.reset());
afterAll(() => harness.close());

const kept = () => harness.db.prisma.nluReview.findMany({ orderBy: { createdAt: "asc" }, include: { message: true } });

/** The bot's guesses for words it does not know, as the intents they stand for, in the order it offered them. */
const GUESS_LABELS: Record<string, string> = {
  "A repair": "repair",
  "Noise or nuisance": "asb",
  "Rent or payments": "payment",
  "A complaint": "complaint",
  "A repair you told us about": "status",
};

function guessesIn(reply: string): string[] {
  return [...reply.matchAll(/^\d (.+)$/gm)].map((match) => GUESS_LABELS[match[1]!] ?? match[1]!);
}

/** What the journey of each guess asks first. */
const FIRST_QUESTION: Record<string, RegExp> = { repair: /^Is there any danger now\?/, asb: /^Is anyone in danger right now\?/ };

test("words the bot is unsure about are kept with its guess, and nothing is reviewed yet", async () => {
  const [replies] = await play(harness, TENANT, [{ tenant: "asdfgh", bot: ["keep what you text", /^Sorry, we are not sure what this is about\. Is it:\n1 /] }]);
  expect(guessesIn(replies![1]!).length).toBeGreaterThanOrEqual(2);
  const [item, ...others] = await kept();
  expect(others).toEqual([]);
  expect(item).toMatchObject({ reason: "unsure", text: "asdfgh", botIntent: expect.any(String), botDangers: [], reviewedAt: null, exportedAt: null });
  expect(item!.botConfidence).toBeLessThan(0.7);
  expect(item!.message).toMatchObject({ direction: "inbound", body: "asdfgh" });
});

test("a tenant who picks the bot's first guess only leaves the unsure item; one who picks another reroutes it", async () => {
  const [asked] = await play(harness, TENANT, [{ tenant: "asdfgh", bot: ["keep what you text", /^Sorry, we are not sure/] }]);
  const [first, second] = guessesIn(asked![1]!);
  await play(harness, TENANT, [{ tenant: "1", bot: [FIRST_QUESTION[first!] ?? /./] }]);
  expect((await kept()).map((item) => item.reason)).toEqual(["unsure"]);

  await harness.reset();
  await play(harness, TENANT, [
    { tenant: "asdfgh", bot: ["keep what you text", /^Sorry, we are not sure what this is about/] },
    { tenant: "2", bot: [FIRST_QUESTION[second!] ?? /./] },
  ]);
  const [unsure, rerouted] = await kept();
  expect(unsure).toMatchObject({ reason: "unsure", tenantChose: null });
  // Kept against the words the tenant was asked about, not against their "2".
  expect(rerouted).toMatchObject({ reason: "rerouted", text: "asdfgh", tenantChose: second, messageId: unsure!.messageId });
});

test("asked what they meant, a tenant who says something else in words reroutes the first message", async () => {
  const [asked] = await play(harness, TENANT, [{ tenant: "asdfgh", bot: ["keep what you text", /^Sorry, we are not sure/] }]);
  // Words for whichever of a repair and a noise report the bot did not guess first.
  const [first] = guessesIn(asked![1]!);
  const [words, chose] = first === "repair" ? ["the neighbours play loud music every night", "asb"] : ["my boiler is broken and there is no hot water", "repair"];
  await play(harness, TENANT, [{ tenant: words, bot: [FIRST_QUESTION[chose]!] }]);
  expect((await kept()).map((item) => [item.reason, item.text, item.tenantChose])).toEqual([
    ["unsure", "asdfgh", null],
    ["rerouted", "asdfgh", chose],
  ]);
});

test("every safeguarding escalation is kept with the danger kinds the bot found", async () => {
  await play(harness, TENANT, [{ tenant: "my ex keeps turning up and threatening me", bot: [/0808 2000 247/, /^Is it safe for us to text you/] }]);
  const [item, ...others] = await kept();
  expect(others).toEqual([]);
  expect(item).toMatchObject({ reason: "safeguarding", text: "my ex keeps turning up and threatening me" });
  expect(item!.botDangers).toEqual(expect.arrayContaining(["domestic_abuse"]));
  expect(await harness.db.prisma.escalation.count({ where: { reason: "safeguarding" } })).toBe(1);
});

test("abuse at home chosen from the noise and nuisance list is kept only with the tenant's own words", async () => {
  await play(harness, TENANT, [
    { tenant: "hi", bot: ["keep what you text", /^How can we help\?/] },
    { tenant: "3", bot: [/^Is anyone in danger right now\?/] },
    { tenant: "2", bot: [/^What is it about\?/] },
    { tenant: "8", bot: [/Domestic Abuse Helpline/, /^Is it safe for us to text you/] },
    { tenant: "1", bot: [/Ref S000001/] },
  ]);
  expect(await harness.db.prisma.case.count({ where: { type: "safeguarding" } })).toBe(1);
  expect(await kept()).toEqual([]);
});

test("a text the bot understood, or a bare number, is not kept", async () => {
  await play(harness, TENANT, [
    { tenant: "7", bot: ["keep what you text", /^How can we help\?/] },
    { tenant: "1", bot: [/^Is there any danger now\?/] },
  ]);
  await harness.reset();
  await play(harness, TENANT, [{ tenant: "my boiler is broken and there is no hot water", bot: ["keep what you text", /^Is there any danger now\?/] }]);
  expect(await kept()).toEqual([]);
});

test("the same message sent twice by Twilio is kept once", async () => {
  const request = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", smsParams(TENANT, "asdfgh", "SM0123456789abcdef0123456789abcdef"));
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const response = await harness.app.inject({ method: "POST", url: request.path, headers: request.headers, payload: request.payload });
    expect(response.statusCode).toBe(200);
  }
  expect(await harness.db.prisma.nluReview.count()).toBe(1);
});

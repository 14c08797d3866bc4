// Contact details through the signed SMS webhook: the code goes to the new number through the real twilio client
// (to a stand-in for Twilio's API on loopback), and the number is saved only when the code comes back.
import { play } from "../support/script";
import { startFakeTwilio, type FakeTwilio } from "../support/fakeTwilio";
import { PUBLIC_URL, startTestApp, TEST_AUTH_TOKEN, TEST_FROM_NUMBER, type TestApp } from "../support/testApp";

const AISHA = "+447700900103"; // demo tenant, born 20 November 1985
const NEW_NUMBER = "+447700900888";

let twilioApi: FakeTwilio;
let harness: TestApp;
beforeAll(async () => {
  twilioApi = await startFakeTwilio(TEST_AUTH_TOKEN);
  harness = await startTestApp({ now: "2026-11-23T10:00:00Z", twilioApi: twilioApi.baseUrl });
});
beforeEach(async () => {
  twilioApi.sent.length = 0;
  await harness.reset();
});
afterAll(async () => {
  await harness.close();
  await twilioApi.close();
});

test("a new number is sent a code and saved on the tenancy only when the code comes back", async () => {
  await play(harness, AISHA, [
    { tenant: "I've got a new mobile number", bot: ["This is Mersey Homes", "To keep your account safe"] },
    { tenant: "20/11/1985", bot: ["What is your new phone number?"] },
    { tenant: "07700 900888", bot: ["We have sent a code to +44770090****. Please text the code here."] },
  ]);
  await harness.app.settleJobs();
  expect(twilioApi.sent).toEqual([
    expect.objectContaining({ To: NEW_NUMBER, From: TEST_FROM_NUMBER, Body: expect.stringContaining("your code is 481516") }),
  ]);
  expect(twilioApi.sent[0]!.StatusCallback).toMatch(new RegExp(`^${PUBLIC_URL}/webhooks/twilio/status\\?message=`));
  const codeMessage = await harness.db.prisma.message.findFirstOrThrow({ where: { conversation: { address: NEW_NUMBER } } });
  expect(codeMessage).toMatchObject({ direction: "outbound", deliveryStatus: "queued", providerSid: expect.stringMatching(/^SM/), sendAttempts: 1 });
  expect((await harness.db.prisma.tenant.findUniqueOrThrow({ where: { tenancyRef: "T100003" } })).phone).toBe(AISHA);

  await play(harness, AISHA, [{ tenant: "481516", bot: ["Done. We will use +44770090**** from now on."] }]);
  expect((await harness.db.prisma.tenant.findUniqueOrThrow({ where: { tenancyRef: "T100003" } })).phone).toBe(NEW_NUMBER);
});

test("a preference for WhatsApp is saved on the tenancy", async () => {
  await play(harness, AISHA, [
    { tenant: "hi", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "6", bot: ["To keep your account safe"] },
    { tenant: "T100003", bot: ["What do you want to change?"] },
    { tenant: "3", bot: ["How do you want us to contact you?"] },
    { tenant: "2", bot: ["Done. We will contact you by whatsapp from now on."] },
  ]);
  expect((await harness.db.prisma.tenant.findUniqueOrThrow({ where: { tenancyRef: "T100003" } })).contactPreference).toBe("whatsapp");
});

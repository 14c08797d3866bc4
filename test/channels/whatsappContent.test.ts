// WhatsApp choices as buttons and lists through Twilio's Content API (to a stand-in for Twilio's API on loopback),
// and numbered text where no template fits.
import { signedWebhook, smsParams } from "../../src/channels/twilio/simulator";
import { startFakeTwilio, type FakeTwilio } from "../support/fakeTwilio";
import { PUBLIC_URL, startTestApp, TEST_AUTH_TOKEN, TEST_FROM_NUMBER, type TestApp } from "../support/testApp";

const BUTTONS2 = `HX${"2".repeat(32)}`;
const LIST8 = `HX${"8".repeat(32)}`;
const TENANT = "+447700900101";

let twilioApi: FakeTwilio;
let harness: TestApp;

beforeAll(async () => {
  twilioApi = await startFakeTwilio(TEST_AUTH_TOKEN);
  harness = await startTestApp({ twilioApi: twilioApi.baseUrl, env: { WHATSAPP_CONTENT: `buttons2=${BUTTONS2}, list8=${LIST8}` } });
});
beforeEach(async () => {
  await harness.reset();
  twilioApi.sent.length = 0;
});
afterAll(async () => {
  await harness.close();
  await twilioApi.close();
});

async function whatsApp(body: string): Promise<string> {
  const params = { ...smsParams(`whatsapp:${TENANT}`, body), To: `whatsapp:${TEST_FROM_NUMBER}` };
  const request = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/whatsapp", params);
  const response = await harness.app.inject({ method: "POST", url: request.path, headers: request.headers, payload: request.payload });
  expect(response.statusCode).toBe(200);
  return response.body;
}

test("the menu goes as a list and a yes or no as two buttons; a reply with no template that fits is numbered text", async () => {
  const twiml = await whatsApp("hello");
  expect(twiml).not.toContain("<Message");
  const [privacy, menu] = twilioApi.sent;
  expect(privacy).toMatchObject({ To: `whatsapp:${TENANT}`, From: `whatsapp:${TEST_FROM_NUMBER}`, Body: expect.stringMatching(/^This is Mersey Homes/) });
  expect(menu).toMatchObject({ ContentSid: LIST8 });
  expect(JSON.parse(menu!.ContentVariables!)).toEqual({
    "1": "How can we help?",
    "2": "Choose",
    "3": "Report a repair",
    "4": "Repair update",
    "5": "Noise or nuisance",
    "6": "Rent and money",
    "7": "Complaint",
    "8": "My phone or email",
    "9": "Something else",
    "10": "Talk to a person",
  });
  // The tenant taps "Report a repair" in the list: WhatsApp sends its words.
  twilioApi.sent.length = 0;
  const danger = await whatsApp("Report a repair");
  // Six danger choices, some longer than a list item may be: numbered text in TwiML, as on SMS.
  expect(danger).toContain("1 Smell of gas");
  expect(twilioApi.sent).toEqual([]);
  const stored = await harness.db.prisma.message.findMany({ where: { direction: "outbound", conversation: { channel: "whatsapp" } } });
  expect(stored.filter((message) => message.deliveryStatus === "queued")).toHaveLength(2);

  await whatsApp("No danger");
  await whatsApp("A leak");
  const [, yesNo] = twilioApi.sent;
  expect(yesNo).toMatchObject({ ContentSid: BUTTONS2 });
  expect(JSON.parse(yesNo!.ContentVariables!)).toEqual({ "1": "Can you stop the water, or catch it in a bowl?", "2": "Yes", "3": "No" });
});

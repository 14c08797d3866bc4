// WhatsApp choices as buttons and lists through Twilio's Content API (to a stand-in for Twilio's API on loopback),
// numbered text where no template fits, and only approved templates outside WhatsApp's 24-hour window.
import { signedWebhook, smsParams } from "../../src/channels/twilio/simulator";
import { sendLateNotices } from "../../src/handoff/lateNotices";
import { createStaff } from "../../src/staff/accounts";
import { startFakeTwilio, type FakeTwilio } from "../support/fakeTwilio";
import { PUBLIC_URL, startTestApp, TEST_API_TOKEN, TEST_AUTH_TOKEN, TEST_FROM_NUMBER, type TestApp } from "../support/testApp";

const BUTTONS2 = `HX${"2".repeat(32)}`;
const LIST8 = `HX${"8".repeat(32)}`;
const REOPEN = `HX${"a".repeat(32)}`;
const LATE = `HX${"b".repeat(32)}`;
const REFUSED = `HX${"c".repeat(32)}`;
const TENANT = "+447700900101";

let twilioApi: FakeTwilio;
let harness: TestApp;

beforeAll(async () => {
  twilioApi = await startFakeTwilio(TEST_AUTH_TOKEN);
  harness = await startTestApp({ twilioApi: twilioApi.baseUrl, env: { WHATSAPP_CONTENT: `buttons2=${BUTTONS2}, list8=${LIST8}, reopen=${REOPEN}, late=${LATE}` } });
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
  await harness.app.settleJobs(); // replies with buttons go by the outbound queue
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
  await harness.app.settleJobs();
  expect(twilioApi.sent).toEqual([]);
  const stored = await harness.db.prisma.message.findMany({ where: { direction: "outbound", conversation: { channel: "whatsapp" } } });
  expect(stored.filter((message) => message.deliveryStatus === "queued")).toHaveLength(2);

  await whatsApp("No danger");
  await whatsApp("A leak");
  const [, yesNo] = twilioApi.sent;
  expect(yesNo).toMatchObject({ ContentSid: BUTTONS2 });
  expect(JSON.parse(yesNo!.ContentVariables!)).toEqual({ "1": "Can you stop the water, or catch it in a bowl?", "2": "Yes", "3": "No" });
});

test("when Twilio will not send a template, that reply goes by the REST API as numbered text instead, in order", async () => {
  const harnessed = await startTestApp({ twilioApi: twilioApi.baseUrl, env: { WHATSAPP_CONTENT: `list8=${REFUSED}` } });
  twilioApi.refuseContent(REFUSED);
  try {
    const from = twilioApi.sent.length;
    const params = { ...smsParams(`whatsapp:${TENANT}`, "hello"), To: `whatsapp:${TEST_FROM_NUMBER}` };
    const request = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/whatsapp", params);
    const response = await harnessed.app.inject({ method: "POST", url: request.path, headers: request.headers, payload: request.payload });
    expect(response.body).not.toContain("<Message");
    await harnessed.app.settleJobs();
    const [privacy, menu] = twilioApi.sent.slice(from);
    expect(privacy).toMatchObject({ Body: expect.stringMatching(/^This is Mersey Homes/) });
    expect(menu).toMatchObject({ Body: expect.stringContaining("1 Report a repair") });
    expect(menu!.ContentSid).toBeUndefined();
    const stored = await harnessed.db.prisma.message.findFirstOrThrow({ where: { body: { startsWith: "How can we help?" } } });
    expect(stored).toMatchObject({ deliveryStatus: "queued", providerSid: expect.stringMatching(/^SM/) });
  } finally {
    await harnessed.close();
  }
});

const HOUR = 3_600_000;

test("outside the 24-hour window a staff reply waits: the approved template asks the tenant to reply, and the reply goes when they do", async () => {
  await whatsApp("can i talk to a person please");
  const escalation = await harness.db.prisma.escalation.findFirstOrThrow();
  await createStaff(harness.db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: "correct horse battery staple" });
  const staff = { authorization: `Bearer ${TEST_API_TOKEN}`, "x-acting-as": "ann@merseyhomes.org" };
  harness.clock.now = new Date(harness.clock.now.getTime() + 25 * HOUR);
  await harness.app.inject({ method: "POST", url: `/api/escalations/${escalation.id}/claim`, headers: staff });
  // Twilio's message ids count up from the start of the test, so what was sent is read from here on, not cleared.
  let from = twilioApi.sent.length;

  const sent = await harness.app.inject({ method: "POST", url: `/api/escalations/${escalation.id}/reply`, headers: staff, payload: { text: "Hi, it is Ann. Is the leak still going?" } });
  expect(sent.json()).toMatchObject({ ok: true, waitingForTenant: true });
  await harness.app.settleJobs();
  expect(twilioApi.sent.slice(from)).toEqual([expect.objectContaining({ To: `whatsapp:${TENANT}`, ContentSid: REOPEN, ContentVariables: JSON.stringify({ "1": "Mersey Homes" }) })]);
  await harness.app.settleJobs();
  expect(twilioApi.sent[from]!.Body).toBeUndefined();
  const waiting = await harness.db.prisma.message.findFirstOrThrow({ where: { body: "Hi, it is Ann. Is the leak still going?" } });
  expect(waiting.deliveryStatus).toBe("waiting_for_tenant");

  from = twilioApi.sent.length;
  await whatsApp("yes im here");
  await harness.app.settleJobs();
  expect(twilioApi.sent.slice(from)).toEqual([expect.objectContaining({ Body: "Hi, it is Ann. Is the leak still going?" })]);
  expect((await harness.db.prisma.message.findUniqueOrThrow({ where: { id: waiting.id } })).deliveryStatus).toBe("queued");
});

test("a late notice outside the window goes as the approved template, and not at all when none is configured", async () => {
  await whatsApp("can i talk to a person please");
  const from = twilioApi.sent.length;
  const later = new Date(harness.clock.now.getTime() + 25 * HOUR);
  const deps = { outbound: harness.app.outbound, log: harness.app.log, landlord: harness.config.landlord };
  expect(await sendLateNotices(harness.db.prisma, { ...deps, whatsappTemplates: {} }, later)).toBe(0);
  await harness.app.settleJobs();
  expect(twilioApi.sent.slice(from)).toEqual([]);

  await harness.db.prisma.escalation.updateMany({ data: { lateNoticeAt: null } });
  expect(await sendLateNotices(harness.db.prisma, { ...deps, whatsappTemplates: harness.config.whatsappContent }, later)).toBe(1);
  await harness.app.settleJobs();
  expect(twilioApi.sent.slice(from)).toEqual([expect.objectContaining({ ContentSid: LATE, ContentVariables: JSON.stringify({ "1": "Mersey Homes" }) })]);
  const notice = await harness.db.prisma.message.findFirstOrThrow({ where: { body: { startsWith: "Sorry, nobody from Mersey Homes" } } });
  expect(notice.deliveryStatus).toBe("queued");
});

test("a staff reply goes on the channel the tenant used last, or the one they prefer, of those that can take it", async () => {
  const sms = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", smsParams(TENANT, "can i talk to a person please"));
  await harness.app.inject({ method: "POST", url: sms.path, headers: sms.headers, payload: sms.payload });
  const escalation = await harness.db.prisma.escalation.findFirstOrThrow({ include: { conversation: true } });
  expect(escalation.conversation.channel).toBe("sms");
  await createStaff(harness.db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: "correct horse battery staple" });
  const staff = { authorization: `Bearer ${TEST_API_TOKEN}`, "x-acting-as": "ann@merseyhomes.org" };
  await harness.app.inject({ method: "POST", url: `/api/escalations/${escalation.id}/claim`, headers: staff });
  harness.clock.now = new Date(harness.clock.now.getTime() + 60_000);
  await whatsApp("hello? anyone there"); // the same tenant, now on WhatsApp: the bot stays quiet while Ann holds it
  const from = twilioApi.sent.length;

  const first = await harness.app.inject({ method: "POST", url: `/api/escalations/${escalation.id}/reply`, headers: staff, payload: { text: "Hi Maureen, Ann here." } });
  expect(first.json()).toMatchObject({ ok: true, channel: "whatsapp" });
  await harness.app.settleJobs();
  expect(twilioApi.sent[from]).toMatchObject({ To: `whatsapp:${TENANT}`, Body: "Hi Maureen, Ann here." });

  await harness.db.prisma.tenant.update({ where: { phone: TENANT }, data: { contactPreference: "sms" } });
  const second = await harness.app.inject({ method: "POST", url: `/api/escalations/${escalation.id}/reply`, headers: staff, payload: { text: "I will text you from now on." } });
  expect(second.json()).toMatchObject({ ok: true, channel: "sms" });
  await harness.app.settleJobs();
  expect(twilioApi.sent[from + 1]).toMatchObject({ To: TENANT, Body: "I will text you from now on." });
});

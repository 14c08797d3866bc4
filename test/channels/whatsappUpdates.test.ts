// A case update for a tenant who reached us on WhatsApp, more than 24 hours after they last wrote: only the approved
// "reopen" template goes, and the update follows as soon as they answer it.
import { createCase } from "../../src/cases/cases";
import { signedWebhook, smsParams } from "../../src/channels/twilio/simulator";
import { startFakeTwilio, type FakeTwilio } from "../support/fakeTwilio";
import { PUBLIC_URL, startTestApp, TEST_API_TOKEN, TEST_AUTH_TOKEN, TEST_FROM_NUMBER, type TestApp } from "../support/testApp";

const REOPEN = `HX${"a".repeat(32)}`;
const TENANT = "+447700900101";

let twilioApi: FakeTwilio;
let harness: TestApp;
beforeAll(async () => {
  twilioApi = await startFakeTwilio(TEST_AUTH_TOKEN);
  harness = await startTestApp({ twilioApi: twilioApi.baseUrl, env: { WHATSAPP_CONTENT: `reopen=${REOPEN}` } });
});
beforeEach(async () => {
  await harness.reset();
  twilioApi.sent.length = 0;
});
afterAll(async () => {
  await harness.close();
  await twilioApi.close();
});

async function whatsApp(body: string): Promise<void> {
  const params = { ...smsParams(`whatsapp:${TENANT}`, body), To: `whatsapp:${TEST_FROM_NUMBER}` };
  const request = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/whatsapp", params);
  const response = await harness.app.inject({ method: "POST", url: request.path, headers: request.headers, payload: request.payload });
  expect(response.statusCode).toBe(200);
  await harness.app.settleJobs();
}

test("outside the 24-hour window the template asks the tenant to reply, and the appointment follows their reply", async () => {
  await whatsApp("hello");
  const conversation = await harness.db.prisma.conversation.findFirstOrThrow({ where: { channel: "whatsapp" } });
  const now = harness.clock.now;
  await createCase(
    harness.db.prisma,
    { reference: "RWA0001", type: "repair", priority: "routine", category: "leak", description: "tap drips", details: {}, reportedAt: now, dueAt: now, deadlines: [], tenantId: conversation.tenantId, homeId: null, verified: true },
    conversation.id,
    TENANT,
  );
  twilioApi.sent.length = 0;
  harness.clock.now = new Date(now.getTime() + 25 * 3_600_000);

  const response = await harness.app.inject({
    method: "POST",
    url: "/api/cases/RWA0001/updates",
    headers: { authorization: `Bearer ${TEST_API_TOKEN}` },
    payload: { eventId: "wa-1", type: "appointment_set", at: harness.clock.now.toISOString(), appointment: { date: "2026-12-08", timeOfDay: "PM" } },
  });
  expect(response.json().update).toMatchObject({ tenantNotified: true, reason: "waiting_for_whatsapp_reply", messages: [{ deliveryStatus: "waiting_for_tenant" }] });
  await harness.app.settleJobs();
  expect(twilioApi.sent).toEqual([expect.objectContaining({ To: `whatsapp:${TENANT}`, ContentSid: REOPEN })]);

  twilioApi.sent.length = 0;
  await whatsApp("ok");
  expect(twilioApi.sent.map((sent) => sent.Body)).toContain(
    "Mersey Homes: we will come to fix repair RWA0001 on Tue 8 Dec, 12 to 4pm. If you cannot be in, reply or ring 0151 000 0000.",
  );
});

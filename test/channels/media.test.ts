// Photos, videos and voice notes by MMS: fetched from Twilio with the account's credentials (from a stand-in for
// Twilio's API on loopback), checked for type and size, stored, and added to the tenant's open case.
import { messagesInTwiml, signedWebhook, smsParams } from "../../src/channels/twilio/simulator";
import { startFakeTwilio, type FakeTwilio } from "../support/fakeTwilio";
import { createStaff } from "../../src/staff/accounts";
import { PUBLIC_URL, startTestApp, TEST_API_TOKEN, TEST_AUTH_TOKEN, type TestApp } from "../support/testApp";

const MAUREEN = "+447700900101";
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)]);

let twilioApi: FakeTwilio;
let harness: TestApp;
beforeAll(async () => {
  twilioApi = await startFakeTwilio(TEST_AUTH_TOKEN);
  harness = await startTestApp({ twilioApi: twilioApi.baseUrl });
});
beforeEach(async () => harness.reset());
afterAll(async () => {
  await harness.close();
  await twilioApi.close();
});

async function sendMedia(body: string, media: { url: string; contentType: string }[]): Promise<string[]> {
  const params = { ...smsParams(MAUREEN, body), NumMedia: String(media.length) } as Record<string, string>;
  media.forEach((item, index) => Object.assign(params, { [`MediaUrl${index}`]: item.url, [`MediaContentType${index}`]: item.contentType }));
  const request = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", params);
  const response = await harness.app.inject({ method: "POST", url: request.path, headers: request.headers, payload: request.payload });
  await harness.app.settleJobs();
  return messagesInTwiml(response.body);
}

test("a photo sent after a report is stored and added to that case", async () => {
  for (const text of ["my kitchen ceiling has a damp patch", "6", "1", "no", "1"]) await harness.text(MAUREEN, text);
  await harness.text(MAUREEN, "1");
  const report = await harness.db.prisma.case.findFirstOrThrow();
  const replies = await sendMedia("", [{ url: twilioApi.addMedia("image/jpeg", JPEG), contentType: "image/jpeg" }]);
  // The question the tenant was on (the visit's time) still stands.
  expect(replies).toEqual(["Thank you, we have your photo or video. We will add it to your report. Please tell us in words what it shows.", expect.stringMatching(/^Pick a time for repair R000001:/)]);
  const [attachment] = await harness.db.prisma.attachment.findMany();
  expect(attachment).toMatchObject({ status: "stored", caseId: report.id, contentType: "image/jpeg", sizeBytes: JPEG.byteLength });
  expect(Buffer.from(attachment!.base64!, "base64").equals(JPEG)).toBe(true);
});

test("a voice note is kept and handed to a person", async () => {
  const replies = await sendMedia("", [{ url: twilioApi.addMedia("audio/ogg", Buffer.alloc(512, 1)), contentType: "audio/ogg" }]);
  expect(replies.slice(1)).toEqual([
    "Thank you. We cannot read or play this here, so a person from our team will look at it.",
    expect.stringMatching(/^OK\. A person from our team will reply/),
  ]);
  expect(await harness.db.prisma.attachment.findFirst()).toMatchObject({ status: "stored", contentType: "audio/ogg" });
  expect(await harness.db.prisma.escalation.findFirst()).toMatchObject({ reason: "unreadable" });
});

test("too big, the wrong type, or an address that is not our Twilio account's: recorded as rejected, nothing kept", async () => {
  await sendMedia("here is the damage", [
    { url: twilioApi.addMedia("image/jpeg", Buffer.alloc(6 * 1024 * 1024, 1)), contentType: "image/jpeg" },
    { url: twilioApi.addMedia("application/x-msdownload", Buffer.alloc(100, 1)), contentType: "application/x-msdownload" },
    { url: "http://169.254.169.254/latest/meta-data", contentType: "image/png" },
  ]);
  const attachments = await harness.db.prisma.attachment.findMany({ orderBy: { createdAt: "asc" } });
  expect(attachments.map((attachment) => [attachment.status, attachment.reason, attachment.base64])).toEqual([
    ["rejected", "larger than 5 MB", null],
    ["rejected", "type application/x-msdownload is not accepted", null],
    ["rejected", "not a media address of our Twilio account", null],
  ]);
  // The tenant's words were still understood and answered.
  const inbound = await harness.db.prisma.message.findFirstOrThrow({ where: { direction: "inbound" } });
  expect(inbound.media).toHaveLength(3);
});

test("staff see the photo on the escalation and can download it; the download is audited", async () => {
  await sendMedia("", [{ url: twilioApi.addMedia("audio/ogg", Buffer.alloc(512, 1)), contentType: "audio/ogg" }]);
  const escalation = await harness.db.prisma.escalation.findFirstOrThrow();
  await createStaff(harness.db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: "correct horse battery staple" });
  const headers = { authorization: `Bearer ${TEST_API_TOKEN}`, "x-acting-as": "ann@merseyhomes.org" };
  const detail = (await harness.app.inject({ url: `/api/escalations/${escalation.id}`, headers })).json();
  expect(detail.attachments).toEqual([expect.objectContaining({ status: "stored", contentType: "audio/ogg", url: expect.stringMatching(/^\/api\/attachments\//) })]);
  const file = await harness.app.inject({ url: detail.attachments[0].url, headers });
  expect(file.statusCode).toBe(200);
  expect(file.headers["content-type"]).toBe("audio/ogg");
  expect(file.headers["content-disposition"]).toMatch(/^attachment/);
  expect(file.rawPayload.byteLength).toBe(512);
  expect(await harness.db.prisma.auditEntry.count({ where: { action: "view", subject: detail.attachments[0].id } })).toBe(1);
});

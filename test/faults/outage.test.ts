// The database goes away in the middle of many tenants texting (a TCP proxy between the app and PostgreSQL is cut,
// then restored), with a Twilio-like client that retries anything but a 2xx. Every acknowledged message must be
// kept and processed once, every message answered, and danger must get its safety advice in the first reply even
// while the database is away. PostgreSQL only: the embedded database lives in the process and cannot go away.
import { messagesInTwiml, newMessageSid, signedWebhook, smsParams } from "../../src/channels/twilio/simulator";
import { startFakeTwilio, type FakeTwilio } from "../support/fakeTwilio";
import { deliverLikeTwilio, startTcpProxy, throughProxy, type TcpProxy } from "../support/faults";
import { PUBLIC_URL, startTestApp, TEST_AUTH_TOKEN, type TestApp } from "../support/testApp";

const onPostgres = process.env.DATABASE_URL?.startsWith("postgres") ?? false;
const describeOnPostgres = onPostgres ? describe : describe.skip;

describeOnPostgres("the database goes away for a few seconds", () => {
  let twilioApi: FakeTwilio;
  let proxy: TcpProxy;
  let harness: TestApp;
  beforeAll(async () => {
    twilioApi = await startFakeTwilio(TEST_AUTH_TOKEN);
    const upstream = new URL(process.env.DATABASE_URL!);
    proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
    harness = await startTestApp({ twilioApi: twilioApi.baseUrl, connectVia: (url) => throughProxy(url, proxy) });
  });
  afterAll(async () => {
    proxy.restore();
    // Closing after the cut has once taken over a minute (cause not found: see the issue note); what this file tests
    // is the messages, so teardown is given 20 seconds and then left to the worker's exit.
    await Promise.race([harness.close(), new Promise((resolve) => setTimeout(resolve, 20_000).unref())]);
    await proxy.close();
    await twilioApi.close();
  }, 60_000);

  const answers = new Map<string, string[]>();

  async function text(from: string, body: string): Promise<string> {
    const sid = newMessageSid();
    const params = smsParams(from, body, sid);
    const request = signedWebhook(TEST_AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", params);
    const answer = await deliverLikeTwilio(async () => {
      const response = await harness.app.inject({ method: "POST", url: request.path, headers: request.headers, payload: request.payload });
      return { status: response.statusCode, body: response.body };
    });
    if (answer) answers.set(sid, messagesInTwiml(answer.body));
    return sid;
  }

  test("every acknowledged message is kept and processed once, and every one is answered", async () => {
    const phones = Array.from({ length: 12 }, (_, index) => `+4477009${String(20000 + index).padStart(5, "0")}`);
    const script = ["hello", "report a repair", "no danger", "my kitchen tap is dripping", "kitchen"];
    const sids: string[] = [];
    let dangerSid = "";
    const outage = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      proxy.cut();
      // A danger sent while the database is away still gets its safety advice first.
      dangerSid = await text("+447700930000", "water is pouring through the light fitting in my hall");
      sids.push(dangerSid);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      proxy.restore();
    })();
    await Promise.all(
      phones.map(async (phone) => {
        for (const body of script) sids.push(await text(phone, body));
      }),
    );
    await outage;
    expect(answers.get(dangerSid)?.[0]).toMatch(/sockets and lights/);
    // The outage was real: some tenants were told we are slow and answered later.
    expect([...answers.values()].filter((lines) => lines.some((line) => /system is slow/.test(line))).length).toBeGreaterThan(0);

    // Recovery runs every few seconds in production; here until there is nothing left.
    for (let pass = 0; pass < 20; pass += 1) {
      const done = await harness.app.inbox.recover();
      const unprocessed = await harness.db.prisma.message.count({ where: { direction: "inbound", processedAt: null } });
      if (done.unspooled === 0 && unprocessed === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await harness.app.settleJobs();

    expect(answers.size).toBe(sids.length); // every message was acknowledged, in the end
    const kept = await harness.db.prisma.message.findMany({ where: { direction: "inbound" }, include: { conversation: true } });
    expect(new Set(kept.map((message) => message.providerSid))).toEqual(new Set(sids)); // lost 0
    expect(kept.filter((message) => !message.processedAt)).toEqual([]);
    // Processed once: each turn moves its conversation on by one version, so versions count the turns.
    const perConversation = new Map<string, { version: number; messages: number }>();
    for (const message of kept) {
      const entry = perConversation.get(message.conversationId) ?? { version: message.conversation.version, messages: 0 };
      entry.messages += 1;
      perConversation.set(message.conversationId, entry);
    }
    for (const entry of perConversation.values()) expect(entry.version).toBe(entry.messages);
    // Answered: each message's replies went in the webhook's answer, or by the REST API when it could not wait.
    const restBodies = new Set(twilioApi.sent.map((sent) => sent.Body));
    const missing: string[] = [];
    for (const message of kept) {
      const replies = await harness.db.prisma.message.findMany({ where: { inReplyToId: message.id }, orderBy: { seq: "asc" } });
      expect(replies.length).toBeGreaterThan(0);
      const inAnswer = replies.every((reply) => answers.get(message.providerSid!)?.includes(reply.body));
      const byRest = replies.every((reply) => reply.providerSid && restBodies.has(reply.body));
      if (!inAnswer && !byRest) missing.push(message.body);
    }
    expect(missing).toEqual([]);
    expect(await harness.db.prisma.fault.count()).toBe(0);
  }, 90_000);
});

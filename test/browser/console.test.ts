// The staff console in headless Chromium (Debian's chromium, driven by playwright-core): a member of staff logs in,
// sees an escalation raised over SMS appear without reloading, claims it, replies, and the tenant's phone gets the
// reply (through the real twilio client, to a stand-in for Twilio's API); and sends again messages that did not go.
// axe-core checks the pages.
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { createStaff, type Staff } from "../../src/staff/accounts";
import { describeInChromium, launchChromium, seriousViolations } from "../support/browser";
import { startFakeTwilio, type FakeTwilio } from "../support/fakeTwilio";
import { startTestApp, TEST_AUTH_TOKEN, type TestApp } from "../support/testApp";

const TENANT = "+447700900102";
const UNREACHED_TENANT = "+447700900103";
const PASSWORD = "correct horse battery staple";

jest.setTimeout(60_000);

// CI installs Chromium (.ci/run); on a machine without it this file says so instead of pretending to pass.
describeInChromium("the staff console in a browser", () => {
  let twilioApi: FakeTwilio;
  let harness: TestApp;
  let browser: Browser;
  let base: string;
  let ann: Staff;

  beforeAll(async () => {
    twilioApi = await startFakeTwilio(TEST_AUTH_TOKEN);
    harness = await startTestApp({ twilioApi: twilioApi.baseUrl });
    ann = await createStaff(harness.db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: PASSWORD });
    await harness.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://localhost:${(harness.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await twilioApi?.close();
  });

  test("log in, see an SMS escalation arrive live, claim it, reply, and the tenant's phone gets the reply", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${base}/console`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Email").fill("ann@merseyhomes.org");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Queue" }).waitFor();
    const loggedIn = Date.now();

    // The escalation is raised after the page has loaded: it must appear without a reload.
    await harness.text(TENANT, "i need to speak to someone about my rent");
    const item = page.getByRole("button", { name: /Asked for a person/ });
    await item.waitFor({ timeout: 10_000 });
    const arrived = Date.now();
    await item.click();
    await page.getByRole("button", { name: "Claim this conversation" }).click();
    await page.getByLabel("Reply to the tenant").waitFor();

    await page.getByLabel("Saved replies").selectOption({ label: "Calling you back" });
    await page.getByText(/1 SMS segment/).waitFor();
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByText(/Reply: queued to send by SMS/).waitFor();
    const replied = Date.now();

    await harness.app.settleJobs(); // the reply goes by the outbound queue
    expect(twilioApi.sent).toEqual([expect.objectContaining({ To: TENANT, Body: "Thanks for waiting. We will ring you within the hour from 0151 000 0000." })]);
    await page.getByText("Thanks for waiting. We will ring you within the hour from 0151 000 0000.").first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // A small laptop screen still shows the queue and the conversation.
    await page.setViewportSize({ width: 1024, height: 600 });
    expect(await page.getByRole("heading", { name: "Queue" }).isVisible()).toBe(true);
    console.log(
      `Browser test: logged in in ${loggedIn - started} ms; escalation appeared ${arrived - loggedIn} ms after the text; claimed and replied in ${replied - arrived} ms`,
    );
    await context.close();
  });

  test("the console can be used with the keyboard alone", async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/console`);
    await page.keyboard.press("Tab");
    await page.keyboard.type("ann@merseyhomes.org");
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Queue" }).waitFor();
    await context.close();
  });

  test("messages that did not go are listed, and sent again with a press (by mouse, then by keyboard)", async () => {
    const conversation = await harness.db.prisma.conversation.create({ data: { channel: "sms", address: UNREACHED_TENANT, state: {} } });
    await harness.db.prisma.message.create({
      data: { conversationId: conversation.id, direction: "outbound", body: "Ann: we will ring you at 3pm.", staffId: ann.id, deliveryStatus: "dead", deliveryError: "RestException 20500", sendAttempts: 3 },
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/console`);
    await page.getByLabel("Email").fill("ann@merseyhomes.org");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Messages that did not go (1)" }).waitFor();

    // One that fails while the page is open appears without a reload.
    await harness.db.prisma.message.create({
      data: { conversationId: conversation.id, direction: "outbound", body: "Your code is 123456", deliveryStatus: "failed", deliveryError: "RestException 21610", sendAttempts: 1 },
    });
    await page.getByRole("heading", { name: "Messages that did not go (2)" }).waitFor({ timeout: 10_000 });
    const fromAnn = page.getByRole("listitem").filter({ hasText: "SMS message from a member of staff" });
    const fromBot = page.getByRole("listitem").filter({ hasText: "Automatic SMS message" });
    expect(await fromAnn.innerText()).toMatch(/Every try failed \(3 tries\)[\s\S]*RestException 20500/);
    expect(await fromBot.innerText()).toMatch(/Refused by the provider \(1 try\)[\s\S]*RestException 21610/);
    expect(await seriousViolations(page)).toEqual([]);

    await fromAnn.getByRole("button", { name: "Send again" }).click();
    await page.getByText(/The SMS message from .* is queued to go again/).waitFor();
    await page.getByRole("heading", { name: "Messages that did not go (1)" }).waitFor();
    expect(await fromAnn.count()).toBe(0);

    // Focus went on to the message left, so the keyboard carries on from there.
    expect(await page.evaluate("document.activeElement.textContent")).toBe("Send again");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Messages that did not go (0)" }).waitFor();
    await page.getByText("Every message we started has gone.").waitFor();
    expect(await page.evaluate("document.activeElement.id")).toBe("undelivered-heading");
    expect(await seriousViolations(page)).toEqual([]);

    await harness.app.settleJobs();
    const reached = twilioApi.sent.filter((sent) => sent.To === UNREACHED_TENANT).map((sent) => sent.Body);
    expect(reached.sort()).toEqual(["Ann: we will ring you at 3pm.", "Your code is 123456"]);
    await context.close();
  });
});

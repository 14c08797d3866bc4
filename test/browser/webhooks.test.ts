// "Events to the housing system" in the staff console, in headless Chromium: a supervisor finds who is sent our
// events and an event that never arrived, re-sends it by keyboard once the housing system is back, and sees it go.
// axe-core checks the page.
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { createStaff } from "../../src/staff/accounts";
import { describeInChromium, launchChromium, seriousViolations } from "../support/browser";
import { eventually, startReceiver, type Receiver } from "../support/receiver";
import { startTestApp, TEST_API_TOKEN, type TestApp } from "../support/testApp";

const PASSWORD = "correct horse battery staple";
const SECRET = "receiver-shared-secret-0123456789";

jest.setTimeout(90_000);

describeInChromium("events to the housing system, in a browser", () => {
  let harness: TestApp;
  let browser: Browser;
  let base: string;
  let housing: Receiver;

  beforeAll(async () => {
    housing = await startReceiver(SECRET);
    harness = await startTestApp({
      webhookPolicy: { windowMs: 2_000, firstRetryMs: 100, maxRetryMs: 300, timeoutMs: 2_500, pollMs: 100, strandedMs: 3_000 },
    });
    await harness.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://localhost:${(harness.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await housing?.close();
  });

  test("a supervisor sees an event that did not arrive and re-sends it by keyboard", async () => {
    await createStaff(harness.db.prisma, { email: "sue@merseyhomes.org", name: "Sue Supervisor", role: "supervisor", password: PASSWORD });
    const subscribed = await harness.app.inject({
      method: "POST",
      url: "/api/webhooks",
      headers: { authorization: `Bearer ${TEST_API_TOKEN}` },
      payload: { url: housing.url, secret: SECRET },
    });
    expect(subscribed.statusCode).toBe(201);
    housing.answer = () => 503;
    const event = await harness.db.prisma.outboxEvent.create({
      data: { type: "case.updated", payload: { reference: "R000007", status: "open", update: { eventId: "n1", type: "note", text: "part on order" } } },
    });
    await eventually(async () => (await harness.db.prisma.webhookDelivery.count({ where: { eventId: event.id, status: "dead" } })) === 1, 30_000, "a dead letter");

    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/console`);
    await page.getByLabel("Email").fill("sue@merseyhomes.org");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${base}/console`);
    await page.goto(`${base}/console/webhooks`);
    await page.getByRole("heading", { name: "Events to the housing system" }).waitFor();
    expect(await page.getByRole("table").first().innerText()).toContain(housing.url);
    await page.getByRole("heading", { name: "Events that did not arrive (1)" }).waitFor();
    const row = page.getByRole("row").filter({ hasText: "R000007" });
    expect(await row.innerText()).toMatch(/case\.updated[\s\S]*answered HTTP 503/);
    expect(await seriousViolations(page)).toEqual([]);

    housing.answer = () => 200;
    await row.getByRole("button", { name: "Re-send case.updated R000007" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "Queued to send again." }).waitFor();
    await eventually(() => housing.accepted.some((arrival) => arrival.id === event.id), 20_000, "the re-sent event");
    await page.reload();
    await page.getByText("Every event has arrived.").waitFor();
    await context.close();
  });
});

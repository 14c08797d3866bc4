// The measures page in headless Chromium: a supervisor follows the link from the console, sees each chart drawn
// beside its table of figures (small counts withheld), switches to weeks, and axe-core finds nothing serious.
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { createStaff } from "../../src/staff/accounts";
import { describeInChromium, launchChromium, seriousViolations } from "../support/browser";
import { History } from "../measures/history";
import { startTestApp, type TestApp } from "../support/testApp";

const PASSWORD = "correct horse battery staple";

jest.setTimeout(90_000);

describeInChromium("the measures page, in a browser", () => {
  let harness: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    harness = await startTestApp();
    await harness.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://localhost:${(harness.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  test("a supervisor sees a chart and its table, and the page passes axe", async () => {
    await createStaff(harness.db.prisma, { email: "sue@merseyhomes.org", name: "Sue Supervisor", role: "supervisor", password: PASSWORD });
    const history = new History(harness.db.prisma);
    await history.times(6, async () => history.inbound(await history.conversation("whatsapp"), "2026-11-10T12:00:00Z"));
    await history.times(3, async () => history.inbound(await history.conversation("sms"), "2026-11-10T12:00:00Z"));
    await history.times(7, async () => history.inbound(await history.conversation("sms"), "2026-10-14T12:00:00Z"));

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const failed: string[] = [];
    // The chart library and script come from the app itself; nothing of theirs may fail to load.
    page.on("requestfailed", (request) => { if (request.url().includes("/console/")) failed.push(request.url()); });
    const scripts: string[] = [];
    page.on("request", (request) => { if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname); });
    await page.goto(`${base}/console`);
    await page.getByLabel("Email").fill("sue@merseyhomes.org");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${base}/console`);
    await page.getByRole("link", { name: "Measures" }).click();
    await page.getByRole("heading", { name: "Measures", level: 1 }).waitFor();

    const section = page.getByRole("region", { name: "Contacts by channel" });
    await page.waitForFunction(() => Number((globalThis as unknown as { document: { documentElement: { dataset: { chartsDrawn?: string } } } }).document.documentElement.dataset.chartsDrawn) >= 16);
    const chart = section.getByRole("img", { name: /Chart of Contacts by channel/ });
    expect(await chart.evaluate((canvas) => (canvas as unknown as { width: number }).width)).toBeGreaterThan(100);
    const table = section.getByRole("table", { name: /Contacts by channel/ });
    const november = table.getByRole("row", { name: /Nov 2026/ });
    expect(await november.getByRole("cell").allTextContents()).toEqual(["fewer than 5", "6"]);
    expect(await table.getByRole("row", { name: /Oct 2026/ }).getByRole("cell").allTextContents()).toEqual(["7", "0"]);
    expect(await table.getByRole("columnheader").allTextContents()).toEqual(["Period", "sms", "whatsapp"]);
    expect(await section.getByRole("link", { name: "Download Contacts by channel as CSV" }).getAttribute("href")).toBe(
      "/api/measures/contacts_by_channel/csv?from=2025-12-01&to=2026-11-23&interval=month",
    );

    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel("Group by", { exact: true }).selectOption("week");
    await page.getByLabel("Channel", { exact: true }).selectOption("whatsapp");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/interval=week/);
    const weekly = page.getByRole("region", { name: "Contacts by channel" }).getByRole("table");
    expect(await weekly.getByRole("row", { name: /w\/c 9 Nov 2026/ }).getByRole("cell").allTextContents()).toEqual(["6"]);
    expect(failed).toEqual([]);
    expect(scripts).toEqual(expect.arrayContaining(["/console/vendor/chart.umd.min.js", "/console/charts.js"]));
    await context.close();
  });
});

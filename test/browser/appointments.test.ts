// The console's Visits pages in headless Chromium: a supervisor goes from the queue to Visits, opens a repair booked
// by the tenant, moves it to another free time and sees the result, and lowers a trade's capacity; axe-core finds no
// serious problems on either page.
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { createStaff } from "../../src/staff/accounts";
import { describeInChromium, launchChromium, seriousViolations } from "../support/browser";
import { play } from "../support/script";
import { startTestApp, type TestApp } from "../support/testApp";

const MAUREEN = "+447700900101";
const PASSWORD = "correct horse battery staple";

jest.setTimeout(90_000);

describeInChromium("the Visits pages in a browser", () => {
  let harness: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    harness = await startTestApp({ now: "2026-11-23T10:00:00Z" });
    await createStaff(harness.db.prisma, { email: "sue@merseyhomes.org", name: "Sue Supervisor", role: "supervisor", password: PASSWORD });
    await harness.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://localhost:${(harness.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  test("from the queue to a repair's visit, moved to another time, and capacity lowered", async () => {
    await play(harness, MAUREEN, [
      { tenant: "the kitchen tap drips all the time", bot: ["This is Mersey Homes", "Is there any danger now?"] },
      { tenant: "6", bot: ["Can you stop the water"] },
      { tenant: "yes", bot: ["When can we get in"] },
      { tenant: "2", bot: ["Please check:"] },
      { tenant: "yes", bot: ["Your ref is R000001", "Pick a time"] },
      { tenant: "3", bot: ["Booked for repair R000001: Thu 26 Nov, 8am to 12."] },
    ]);
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/console`);
    await page.getByLabel("Email").fill("sue@merseyhomes.org");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("link", { name: "Visits" }).click();
    await page.getByRole("heading", { name: "1 visit" }).waitFor();
    const row = page.getByRole("row", { name: /Thu 26 Nov, 8am to 12/ });
    expect(await row.textContent()).toMatch(/R000001.*Maureen Kelly.*Booked.*Tenant, in the conversation/s);
    expect(await seriousViolations(page)).toEqual([]);

    await row.getByRole("link", { name: "R000001" }).click();
    await page.getByRole("heading", { name: "Booked for Thu 26 Nov, 8am to 12" }).waitFor();
    await page.getByLabel("Wed 25 Nov, 12 to 4pm").check();
    await page.getByRole("button", { name: "Move the visit to this time" }).click();
    await page.getByRole("status").getByText("Booked for Wed 25 Nov, 12 to 4pm. The tenant is texted.").waitFor();
    await page.getByRole("heading", { name: "Booked for Wed 25 Nov, 12 to 4pm" }).waitFor();
    expect(await page.getByRole("row", { name: /Thu 26 Nov, 8am to 12.*Moved/ }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "All visits" }).click();
    const mornings = page.getByLabel("Visits for plumbing, Anywhere else, mornings");
    await mornings.fill("1");
    await mornings.locator("xpath=..").getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").getByText("plumbing, anywhere else, mornings: 1 visit.").waitFor();
    expect(await page.getByLabel("Visits for plumbing, Anywhere else, mornings").inputValue()).toBe("1");
    await context.close();
  });
});

// "Check what the bot understood" in the staff console, in headless Chromium: messages kept from real SMS turns are
// shown with why they were kept and the bot's guess; a member of staff chooses the intent and danger kinds by mouse
// and by keyboard, and each saved answer is stored with who gave it. axe-core checks the page.
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { createStaff, type Staff } from "../../src/staff/accounts";
import { describeInChromium, launchChromium, seriousViolations } from "../support/browser";
import { startTestApp, type TestApp } from "../support/testApp";

const PASSWORD = "correct horse battery staple";

jest.setTimeout(60_000);

describeInChromium("checking what the bot understood, in a browser", () => {
  let harness: TestApp;
  let browser: Browser;
  let base: string;
  let ann: Staff;

  beforeAll(async () => {
    harness = await startTestApp();
    await harness.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://localhost:${(harness.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  beforeEach(async () => {
    await harness.reset();
    ann = await createStaff(harness.db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: PASSWORD });
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  async function logIn(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/console`);
    await page.getByLabel("Email").fill("ann@merseyhomes.org");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    return page;
  }

  test("each kept message shows why and the bot's guess; saving the right answer takes it off the list", async () => {
    await harness.text("+447700900101", "asdfgh");
    await harness.text("+447700900102", "my ex keeps turning up and threatening me");
    const page = await logIn();
    await page.getByRole("heading", { name: "Check what the bot understood (2)" }).waitFor();
    const unsure = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: '"asdfgh"' }) });
    expect(await unsure.innerText()).toMatch(/The bot was not sure what this was about[\s\S]*\(\d+% sure\)[\s\S]*None/);
    const safeguarding = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /my ex keeps turning up/ }) });
    expect(await safeguarding.innerText()).toMatch(/The bot raised a safeguarding alert[\s\S]*Abuse from a partner or family member/);
    // The bot's danger kinds start ticked, so a person who agrees changes nothing.
    expect(await safeguarding.getByLabel("Abuse from a partner or family member").isChecked()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    await unsure.getByLabel("What did they want?").selectOption({ label: "Something else" });
    await unsure.getByRole("button", { name: "Save" }).click();
    await page.getByText('Saved "asdfgh" as Something else, no danger.').waitFor();
    await page.getByRole("heading", { name: "Check what the bot understood (1)" }).waitFor();
    expect(await harness.db.prisma.nluReview.findFirstOrThrow({ where: { text: "asdfgh" } })).toMatchObject({
      reviewedIntent: "other",
      reviewedDangers: [],
      reviewedById: ann.id,
    });

    // Focus went on to the one left. It is about someone's behaviour, whatever the bot guessed; by keyboard, the person
    // unticks "Threats" (part of the abuse) with Space and saves with Enter.
    expect(await page.evaluate("document.activeElement.textContent")).toMatch(/my ex keeps turning up/);
    await safeguarding.getByLabel("What did they want?").selectOption("asb");
    const threat = safeguarding.getByLabel("Threats, harassment or being followed");
    expect(await threat.isChecked()).toBe(true);
    await threat.focus();
    await page.keyboard.press("Space");
    await safeguarding.getByRole("button", { name: "Save" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Nothing to check.").waitFor();
    expect(await page.evaluate("document.activeElement.id")).toBe("reviews-heading");
    const saved = await harness.db.prisma.nluReview.findFirstOrThrow({ where: { reason: "safeguarding" } });
    expect(saved).toMatchObject({ reviewedIntent: "asb", reviewedDangers: ["domestic_abuse"] });
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  test("a message kept after the page opened appears when asked for, without losing choices made", async () => {
    await harness.text("+447700900101", "asdfgh");
    const page = await logIn();
    await page.getByRole("heading", { name: "Check what the bot understood (1)" }).waitFor();
    await page.getByLabel("What did they want?").selectOption({ label: "Rent and money" });
    await harness.text("+447700900102", "qwertyuiop");
    await page.getByRole("button", { name: "Check for new ones" }).click();
    await page.getByText("1 more to check.").waitFor();
    await page.getByRole("heading", { name: "Check what the bot understood (2)" }).waitFor();
    const first = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: '"asdfgh"' }) });
    expect(await first.getByLabel("What did they want?").inputValue()).toBe("payment");
    await page.context().close();
  });
});

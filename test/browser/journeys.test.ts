// Every journey of the main menu in the web chat, by tapping only, on a 360x640 phone: at each step the question and
// all its answers are in sight together, and the journey reaches its end without the tenant typing a word. A
// screenshot of each step at 360x640, and of each journey's end at 1366x768, is kept in test-artifacts/journeys.
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { describeInChromium, launchChromium } from "../support/browser";
import { startTestApp, type TestApp } from "../support/testApp";

const SHOTS = join(__dirname, "..", "..", "test-artifacts", "journeys");
jest.setTimeout(120_000);

/** When several answers are offered, the one a tenant in no danger, who wants to get on, would tap. */
const PREFERRED = [/^Yes, send it$/, /^No danger$/, /^No, nobody/, /^No$/, /^I do not know$/, /^Skip/, /^Only in this chat$/, /^Any weekday$/, /^None of these$/];
/**
 * Answers that leave the journey rather than finish it, and the offer of the number pad to give a phone number while
 * waiting for a person (optional: the number pad is tested in webchat.test.ts).
 */
const LEAVING = /^(Main menu|Talk to a person|Change something|Back|Menu|Type a phone number)$/;

describeInChromium("every journey in the web chat, by tapping only", () => {
  let harness: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    harness = await startTestApp();
    await harness.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  /** The answers' words, without their icons (which are hidden from screen readers too). */
  const answers = (page: Page) =>
    page.evaluate(
      '[...document.querySelectorAll("#choices button")].map((button) => [...button.childNodes].filter((node) => !(node.classList && node.classList.contains("icon"))).map((node) => node.textContent).join("").trim())',
    ) as Promise<string[]>;

  /** The current question and its answers lie wholly on screen, above the footer (as test/browser/webchat.test.ts). */
  async function outOfSight(page: Page): Promise<string[]> {
    await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
    const footer = (await page.locator("#footer").boundingBox())!;
    const limit = Math.min(page.viewportSize()!.height, footer.y);
    const boxes = [await page.locator("#log > li.message:not(.user)").last().locator("p").last().boundingBox()];
    for (const button of await page.locator("#choices button").all()) boxes.push(await button.boundingBox());
    return boxes.filter((box) => !box || box.y < -0.5 || box.y + box.height > limit + 0.5).map((box) => (box ? `${Math.round(box.y)}-${Math.round(box.y + box.height)} past ${Math.round(limit)}` : "not drawn"));
  }

  /** Taps from the menu answer to the journey's end; resolves to the steps taken and what was out of sight. */
  async function walk(page: Page, journey: string, shots: string) {
    const taken: string[] = [];
    const hidden: string[] = [];
    let choice = journey;
    for (let step = 0; step < 25; step += 1) {
      const before = await page.locator("#log > li").count();
      await page.locator("#choices").getByRole("button", { name: choice, exact: true }).tap();
      taken.push(choice);
      // The tenant's tap and at least one answer from us.
      await page.waitForFunction(`document.querySelectorAll("#log > li").length >= ${before + 2}`);
      await page.waitForTimeout(150); // the rest of this turn's messages
      hidden.push(...(await outOfSight(page)).map((where) => `after "${choice}": ${where}`));
      await page.screenshot({ path: join(shots, `${String(step).padStart(2, "0")}.png`) });
      const offered = (await answers(page)).filter((label) => !LEAVING.test(label));
      if (offered.length === 0) return { taken, hidden, typing: false };
      // A question with nothing to tap but words to type would show only the typing box.
      const next = PREFERRED.map((wanted) => offered.find((label) => wanted.test(label))).find(Boolean) ?? offered[0]!;
      // A journey that loops back to the main menu has ended.
      if (offered.includes("Report a repair") && step > 0) return { taken, hidden, typing: false };
      choice = next;
    }
    return { taken, hidden, typing: true };
  }

  test.each(["Repair update", "Noise or nuisance", "Rent and money", "Complaint", "My phone or email", "Something else", "Talk to a person"])(
    "%s: finished by tapping, every question and its answers in sight",
    async (journey) => {
      const shots = join(SHOTS, journey.replace(/[^a-z0-9]+/gi, "-"));
      mkdirSync(shots, { recursive: true });
      const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${base}/chat`);
      await page.locator("#choices").getByRole("button", { name: journey, exact: true }).waitFor();
      const { taken, hidden, typing } = await walk(page, journey, shots);
      const log = await page.locator("#log").innerText();
      expect({ journey, taken, hidden, typing }).toEqual({ journey, taken, hidden: [], typing: false });
      // The typing box was never needed: it stays folded away.
      expect(await page.locator("#typing").isHidden()).toBe(true);
      expect(log).not.toMatch(/Reply MENU|We will text you|cannot text or call/);
      expect(errors).toEqual([]);
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.screenshot({ path: join(shots, "end-1366x768.png") });
      await context.close();
    },
  );
});

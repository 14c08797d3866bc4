// The guided web chat in headless Chromium (Debian's chromium, driven by playwright-core) on a small phone's screen:
// the question and all its answers in sight at every step (upright, on its side, at 200% text), a repair by tapping
// only with a photo (the first answer by keyboard), a gas emergency by tapping only, a person taking over by name;
// axe-core checks the pages. Then Microsoft's own botframework-directlinejs client talks to the same server.
import { mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { createStaff } from "../../src/staff/accounts";
import { describeInChromium, launchChromium, seriousViolations } from "../support/browser";
import { startTestApp, TEST_API_TOKEN, type TestApp } from "../support/testApp";

const DIRECT_LINE_JS = require.resolve("botframework-directlinejs/dist/directline.js");
// A 2x2 PNG: the page makes it a JPEG before sending, as it would a phone's photo.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==", "base64");

// Screenshots of each screen, kept as test artifacts (test-artifacts/ is not committed).
const SHOTS = join(__dirname, "..", "..", "test-artifacts", "webchat");

jest.setTimeout(90_000);

describeInChromium("the web chat in a browser", () => {
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

  /** Opens the chat on a screen; `textScale` sets the browser's own text size, as a phone's text-size setting does. */
  async function openChat(viewport: { width: number; height: number }, options: { textScale?: number; axe?: boolean } = {}) {
    // bypassCSP only so axe can be added to the page; the page itself runs under the app's own policy.
    const context = await browser.newContext({ viewport, isMobile: true, hasTouch: true, bypassCSP: options.axe ?? false });
    // What "Read aloud" says, caught before the browser's speech would say it.
    await context.addInitScript(`window.spoken = []; if (window.speechSynthesis) window.speechSynthesis.speak = (utterance) => window.spoken.push(utterance.text);`);
    const page = await context.newPage();
    if (options.textScale) {
      const cdp = await context.newCDPSession(page);
      await cdp.send("Page.enable");
      await cdp.send("Page.setFontSizes", { fontSizes: { standard: 16 * options.textScale } });
    }
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${base}/chat`);
    return { context, page, errors };
  }

  /** An answer button of the current question (not the footer's buttons, which can share its words). */
  const answer = (page: Page, name: string) => page.locator("#choices").getByRole("button", { name, exact: true });

  /**
   * What is out of sight of the current question and its answers, measured from their boxes on the screen: each
   * must lie wholly between the top of the screen and the top of the footer, or the bottom of the screen where the
   * footer is not over it. An empty list means the tenant sees the question and every answer without scrolling.
   */
  async function outOfSight(page: Page): Promise<string[]> {
    // Let the layout settle (it scrolls once the new messages are drawn).
    await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
    const screen = page.viewportSize()!;
    const footer = (await page.locator("#footer").boundingBox())!;
    const limit = Math.min(screen.height, footer.y);
    const question = page.locator("#log > li.message:not(.user)").last();
    const boxes: [string, { y: number; height: number } | null][] = [[`question "${(await question.locator("p").textContent())!.slice(0, 30)}"`, await question.locator("p").boundingBox()]];
    for (const button of await page.locator("#choices button").all()) boxes.push([`answer "${await button.textContent()}"`, await button.boundingBox()]);
    return boxes.filter(([, box]) => !box || box.y < -0.5 || box.y + box.height > limit + 0.5).map(([what, box]) => `${what} at ${box ? Math.round(box.y) : "?"}-${box ? Math.round(box.y + box.height) : "?"} (screen ends at ${Math.round(limit)})`);
  }

  // A repair by tapping only: each answer, and the question it should bring.
  const REPAIR: [string, string][] = [
    ["Report a repair", "No danger"],
    ["No danger", "A leak"],
    ["A leak", "Yes"],
    ["Yes", "Kitchen"],
    ["Kitchen", "My photo shows it"],
    ["My photo shows it", "Any weekday"],
    ["Any weekday", "I do not know"],
    ["I do not know", "Only in this chat"],
    ["Only in this chat", "Yes, send it"],
  ];

  test.each([
    ["a 360x640 phone", { width: 360, height: 640 }, 1],
    ["a 360x640 phone turned on its side", { width: 640, height: 360 }, 1],
    ["a 360x640 phone at 200% text size", { width: 360, height: 640 }, 2],
  ])("on %s the question and all its answers are in sight together at every step of a repair", async (name, viewport, textScale) => {
    const { context, page, errors } = await openChat(viewport, { textScale });
    await answer(page, "Report a repair").waitFor();
    const shots = join(SHOTS, name.replace(/[^a-z0-9%]+/gi, "-"));
    mkdirSync(shots, { recursive: true });
    const hidden: string[] = [];
    let step = 0;
    const look = async () => {
      hidden.push(...(await outOfSight(page)));
      await page.screenshot({ path: join(shots, `${String(step++).padStart(2, "0")}.png`) });
    };
    await look(); // the main menu, 8 answers
    for (const [tap, next] of REPAIR) {
      await answer(page, tap).tap();
      await answer(page, next).waitFor();
      await look(); // ... up to the summary with "Yes, send it"
    }
    expect(hidden).toEqual([]);
    await answer(page, "Yes, send it").tap();
    await page.getByText(/Your ref is R\d+/).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  test("a repair reported on a small phone by tapping only, with a photo, each message saying who said it, and no serious accessibility faults", async () => {
    const { context, page, errors } = await openChat({ width: 360, height: 640 }, { axe: true });
    const started = Date.now();
    await answer(page, "Report a repair").waitFor();
    const menuShown = Date.now();
    expect(await seriousViolations(page)).toEqual([]);
    // Every choice has an icon screen readers skip; the bot's messages are the landlord's.
    expect(await page.locator("#choices .choice .icon[aria-hidden=true]").count()).toBe(8);
    expect(await page.locator("#log li.bot .speaker").allTextContents()).toEqual(["Mersey Homes", "Mersey Homes"]);
    // The web address in the privacy notice is a link.
    expect(await page.getByRole("link", { name: "merseyhomes.org/privacy" }).getAttribute("href")).toBe("https://merseyhomes.org/privacy");
    // Read aloud reads the question and then its answers, and its name is cut between words, never mid-word.
    await page.getByRole("button", { name: "Read aloud: How can we help?" }).tap();
    expect(await page.evaluate("window.spoken")).toEqual([
      expect.stringMatching(/How can we help\? The answers are: Report a repair\. Repair update\. Noise or nuisance\. .*Talk to a person\.$/),
    ]);

    // The first answer by keyboard, as a screen reader user would: focus moves to the next question, not onto one
    // of its answers, so a second Enter (or a double tap) cannot report a gas emergency.
    await answer(page, "Report a repair").focus();
    await page.keyboard.press("Enter");
    await answer(page, "Smell of gas").waitFor();
    expect(await page.evaluate("document.activeElement.textContent")).toBe("Is there any danger now?");
    await page.keyboard.press("Enter");
    await answer(page, "Smell of gas").tap({ trial: true }); // drawn and tappable: nothing was chosen
    expect(await page.locator("#log li.user").allTextContents()).toEqual(["YouReport a repair"]);
    // A tap landing on "Smell of gas" as it is drawn (the second half of a double tap) is not taken.
    const danger = await page.evaluate(`(() => {
      const button = [...document.querySelectorAll("#choices button")].find((b) => b.textContent.includes("Smell of gas"));
      return button.disabled;
    })()`);
    expect(danger).toBe(false); // 600 ms have passed: it can be chosen on purpose

    for (const name of ["No danger", "A leak", "Yes", "Kitchen"]) await answer(page, name).tap();
    await answer(page, "My photo shows it").waitFor();
    await page.getByLabel("Send a photo").setInputFiles({ name: "leak.png", mimeType: "image/png", buffer: PNG });
    await page.getByText("Thank you, we have your photo or video.", { exact: false }).waitFor();
    for (const name of ["My photo shows it", "Any weekday", "I do not know", "Only in this chat", "Yes, send it"]) await answer(page, name).tap();
    await page.getByText(/Your ref is R\d+/).waitFor();
    // "Only in this chat": the tenant is told how to follow it up, and nothing says we will text them.
    await page.getByText("We have no number for you: keep this page open to hear from us here", { exact: false }).waitFor();
    const finished = Date.now();
    const said = (await page.locator("#log li.bot p").allTextContents()).join("\n");
    expect(said).not.toMatch(/\bReply\b|\bText us\b|We will text|by text/i);
    // Each of the tenant's messages is theirs, to the eye and in the words a screen reader reads.
    const mine = page.locator("#log li.user");
    expect(await mine.count()).toBe(11);
    expect(new Set(await mine.locator(".speaker").allTextContents())).toEqual(new Set(["You"]));
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);

    const reference = (await page.getByText(/Your ref is R\d+/).textContent())!.match(/R\d+/)![0];
    const repair = await harness.db.prisma.case.findUniqueOrThrow({ where: { reference } });
    expect(repair).toMatchObject({ type: "repair", category: "leak", location: "kitchen", verified: false });
    const attachments = await harness.db.prisma.attachment.findMany({ where: { caseId: repair.id } });
    expect(attachments).toEqual([expect.objectContaining({ status: "stored", contentType: "image/jpeg" })]);
    // No text was typed: the box was never opened and nothing the tenant sent came from it.
    expect(await page.locator("#typing").isHidden()).toBe(true);
    console.log(`web chat: menu on screen ${menuShown - started} ms after opening; the whole repair by tapping took ${finished - started} ms`);
    await context.close();
  });

  test("a gas emergency finished by tapping only: the safety advice first with a number to tap, no phone, no address", async () => {
    const { context, page, errors } = await openChat({ width: 360, height: 640 }, { axe: true });
    await answer(page, "Report a repair").tap();
    await answer(page, "Smell of gas").tap();
    const advice = page.getByText(/^Gas smell\? Get out now\./);
    await advice.waitFor();
    await page.getByText(/^Logged as an emergency, ref R\d+\./).waitFor();
    await answer(page, "I have no phone").waitFor();
    await page.screenshot({ path: join(SHOTS, "gas-emergency-360x640.png") });
    const box = (await advice.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(640);
    expect(await outOfSight(page)).toEqual([]);
    // The number is a tap of at least 44 pixels on one line, never split mid-number.
    const gasLine = page.getByRole("link", { name: "0800 111 999" });
    expect(await gasLine.getAttribute("href")).toBe("tel:0800111999");
    const lines = await gasLine.evaluate((link) => [...(link as unknown as { getClientRects(): { height: number }[] }).getClientRects()].map((rect) => rect.height));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBeGreaterThanOrEqual(44);
    // A number is asked for with a number pad a tap away, and "I have no phone" is an answer.
    await answer(page, "Type a phone number").tap();
    expect(await page.getByLabel("Your phone number").getAttribute("type")).toBe("tel");
    await answer(page, "I have no phone").tap();
    await answer(page, "I do not know").tap();
    await page.getByText("Please keep this page open: our team will reply here about ref", { exact: false }).waitFor();
    expect(await outOfSight(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("a person taking over is announced by name, and their messages say who they are", async () => {
    const { context, page, errors } = await openChat({ width: 360, height: 640 }, { axe: true });
    await answer(page, "Talk to a person").tap();
    await page.getByText(/^OK\. (A person will reply here|We are closed now)/).waitFor();
    // Offering a number to call is a tap that opens the number pad; nothing must be typed.
    await answer(page, "Type a phone number").waitFor();
    const conversationId = (await page.evaluate("JSON.parse(sessionStorage.getItem('directline')).conversationId")) as string;
    const escalation = await harness.db.prisma.escalation.findFirstOrThrow({ where: { conversation: { address: conversationId } } });
    await createStaff(harness.db.prisma, { email: "sam@merseyhomes.org", name: "Sam Carter", role: "agent", password: "correct horse battery staple" });
    const staff = { authorization: `Bearer ${TEST_API_TOKEN}`, "x-acting-as": "sam@merseyhomes.org" };
    expect((await harness.app.inject({ method: "POST", url: `/api/escalations/${escalation.id}/claim`, headers: staff })).statusCode).toBe(200);
    await harness.app.settleJobs();
    const joined = page.locator("#log li.staff").filter({ hasText: "Sam from Mersey Homes has joined the chat." });
    await joined.waitFor();
    expect(await joined.locator(".speaker").textContent()).toBe("Sam from Mersey Homes");
    await harness.app.inject({ method: "POST", url: `/api/escalations/${escalation.id}/reply`, headers: staff, payload: { text: "Hello, how can I help?" } });
    await harness.app.settleJobs();
    const reply = page.locator("#log li.staff").filter({ hasText: "Hello, how can I help?" });
    await reply.waitFor();
    expect(await reply.locator(".speaker").textContent()).toBe("Sam from Mersey Homes");
    // A staff member's message looks unlike the bot's.
    const colour = (selector: string) => page.locator(selector).first().evaluate((element) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(element).backgroundColor);
    expect(await colour("#log li.staff")).not.toBe(await colour("#log li.bot"));
    await page.screenshot({ path: join(SHOTS, "person-joined-360x640.png") });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("Microsoft's botframework-directlinejs client holds a conversation with the server", async () => {
    const response = await fetch(`${base}/v3/directline/tokens/generate`, { method: "POST" });
    const { token } = (await response.json()) as { token: string };
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/health`);
    await page.addScriptTag({ content: readFileSync(DIRECT_LINE_JS, "utf8") });
    // Runs in the page: the client connects over its WebSocket stream, sends a message and waits for the question.
    const texts = (await page.evaluate(`new Promise((resolve, reject) => {
      const directLine = new DirectLine.DirectLine({ token: ${JSON.stringify(token)}, domain: ${JSON.stringify(`${base}/v3/directline`)}, webSocket: true });
      const seen = [];
      let asked = false;
      directLine.activity$.subscribe((activity) => {
        if (activity.from.role !== "bot") return;
        seen.push(activity.text);
        if (activity.text === "How can we help?" && !asked) {
          asked = true;
          directLine.postActivity({ type: "message", from: { id: "tenant" }, text: "my boiler is broken" }).subscribe({ error: reject });
        }
        if (activity.text === "Is there any danger now?") resolve(seen);
      }, reject);
      setTimeout(() => reject(new Error("no answer: " + JSON.stringify(seen))), 15000);
    })`)) as string[];
    expect(texts).toEqual([expect.stringMatching(/^This is Mersey Homes/), "How can we help?", "Is there any danger now?"]);
    await context.close();
  });
});

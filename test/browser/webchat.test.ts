// The guided web chat in headless Chromium (Debian's chromium, driven by playwright-core) on a small phone's screen:
// a tenant reports a repair by tapping only, with a photo (the first answer by keyboard); axe-core checks the page. Then Microsoft's own
// botframework-directlinejs client holds a conversation with the same server.
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { describeInChromium, launchChromium, seriousViolations } from "../support/browser";
import { startTestApp, type TestApp } from "../support/testApp";

const DIRECT_LINE_JS = require.resolve("botframework-directlinejs/dist/directline.js");
// A 2x2 PNG: the page makes it a JPEG before sending, as it would a phone's photo.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==", "base64");

jest.setTimeout(60_000);

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

  test("a repair reported on a small phone by tapping only, with a photo, and no serious accessibility faults", async () => {
    // bypassCSP only so axe can be added to the page; the page itself runs under the app's own policy.
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const started = Date.now();
    await page.goto(`${base}/chat`);
    const tap = async (name: string) => {
      const button = page.getByRole("button", { name, exact: true });
      await button.tap();
    };
    await page.getByRole("button", { name: "Report a repair", exact: true }).waitFor();
    const menuShown = Date.now();
    expect(await seriousViolations(page)).toEqual([]);
    // Every bot message can be read aloud, and every choice has an icon screen readers skip.
    expect(await page.getByRole("button", { name: /^Read aloud: How can we help\?/ }).count()).toBe(1);
    expect(await page.locator("#choices .choice .icon[aria-hidden=true]").count()).toBe(8);

    // The first answer by keyboard, as a screen reader user would: focus moves on to the next question's answers.
    await page.getByRole("button", { name: "Report a repair", exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Smell of gas", exact: true }).waitFor();
    expect(await page.evaluate("document.activeElement.textContent")).toContain("Smell of gas");
    for (const name of ["No danger", "A leak", "Yes", "Kitchen"]) await tap(name);
    await page.getByRole("button", { name: "My photo shows it", exact: true }).waitFor();
    await page.getByLabel("Send a photo").setInputFiles({ name: "leak.png", mimeType: "image/png", buffer: PNG });
    await page.getByText("Thank you, we have your photo or video.", { exact: false }).waitFor();
    for (const name of ["My photo shows it", "Any weekday", "I do not know", "Only in this chat", "Yes, send it"]) await tap(name);
    await page.getByText(/Your ref is R000001/).waitFor();
    // "Only in this chat": the tenant is told how to follow it up, since we have no number.
    await page.getByText("We have no number for you, so we cannot text or call.", { exact: false }).waitFor();
    const finished = Date.now();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);

    const repair = await harness.db.prisma.case.findUniqueOrThrow({ where: { reference: "R000001" } });
    expect(repair).toMatchObject({ type: "repair", category: "leak", location: "kitchen", verified: false });
    const attachments = await harness.db.prisma.attachment.findMany({ where: { caseId: repair.id } });
    expect(attachments).toEqual([expect.objectContaining({ status: "stored", contentType: "image/jpeg" })]);
    // No text was typed: the box is still empty and nothing the tenant sent came from it.
    expect(await page.getByLabel("Or type your message").inputValue()).toBe("");
    console.log(`web chat: menu on screen ${menuShown - started} ms after opening; the whole repair by tapping took ${finished - started} ms`);
    await context.close();
  });

  test("danger tapped in the web chat: the safety advice is what the screen shows first, with the number to tap", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${base}/chat`);
    await page.getByRole("button", { name: "Report a repair", exact: true }).tap();
    await page.getByRole("button", { name: "Smell of gas", exact: true }).tap();
    const advice = page.getByText(/^Gas smell\? Get out now\./);
    await advice.waitFor();
    await page.getByText(/We have logged this as an emergency/).waitFor();
    const box = (await advice.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(640);
    expect(await page.getByRole("link", { name: "0800 111 999" }).getAttribute("href")).toBe("tel:0800111999");
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

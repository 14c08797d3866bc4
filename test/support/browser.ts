// What the browser tests share: Debian's Chromium (skipped with a warning where it is not installed, a failure in
// CI), launched through playwright-core, and an axe-core check of a page.
import { existsSync, readFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** `describe` where Chromium is installed; otherwise a skipped block and a warning that says why. */
export function describeInChromium(name: string, body: () => void): void {
  const haveChromium = existsSync(CHROMIUM);
  if (!haveChromium && process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package`);
  if (!haveChromium) console.warn(`Skipping "${name}": no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  (haveChromium ? describe : describe.skip)(name, body);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}

/** The ids of axe-core's serious and critical findings on the page (the page's context needs bypassCSP). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  // A string, evaluated in the page: the tests are compiled without the DOM's types.
  const results = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as { violations: { id: string; impact: string }[] };
  return results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical").map((violation) => violation.id);
}

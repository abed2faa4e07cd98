// Helpers shared by the specs: accessibility scans and screenshots.
import AxeBuilder from "@axe-core/playwright";
import crypto from "node:crypto";
import { expect, type Page, type TestInfo } from "@playwright/test";
import * as path from "node:path";

const SCREENSHOT_DIR = path.join(__dirname, "..", "artifacts", "screenshots");

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA rules) and fails on any serious or critical violation.
 *
 * axe needs script execution. On a page with JavaScript disabled, the exact HTML the server
 * sent (minus its scripts) is scanned in a script-enabled page of the same origin and viewport,
 * so the no-JavaScript renderings (e.g. the server-rendered error summary) are checked too.
 */
export async function expectNoSeriousA11yViolations(page: Page, testInfo: TestInfo, what: string) {
  let target = page;
  let scratch: import("@playwright/test").BrowserContext | undefined;
  if (!jsEnabled(testInfo)) {
    const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
    const browser = page.context().browser();
    if (!browser) throw new Error("no browser");
    scratch = await browser.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true });
    target = await scratch.newPage();
    await target.goto(new URL("/robots.txt", page.url()).toString());
    await target.setContent(html, { waitUntil: "load" });
  }
  const results = await new AxeBuilder({ page: target })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  await scratch?.close();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary, `axe violations on ${what}`).toEqual([]);
}

/** Saves a full-page screenshot named after the project, e.g. artifacts/screenshots/mobile-home.png. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${testInfo.project.name}-${name}.png`),
    fullPage: true,
  });
}

/** Waits until the page's islands are hydrated (they set data-hydrated once running). */
export async function waitForHydration(page: Page, selector: string) {
  await expect(page.locator(`${selector}[data-hydrated="true"]`)).toHaveCount(1, { timeout: 20_000 });
}

export function jsEnabled(testInfo: TestInfo): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/**
 * Runs `fn` while holding the suite's clock lock (a directory created atomically, so it works
 * across Playwright's worker processes). Tests that move the server's clock (`/test/clock`)
 * and tests whose dates must not move under them (bookings relative to "today") take it, so
 * they never overlap; everything else runs in parallel as before.
 */
export async function withClockLock<T>(fn: () => Promise<T>): Promise<T> {
  const fs = await import("node:fs");
  const lock = path.join(__dirname, "..", "artifacts", `clock-${process.env.PORTAL_E2E_RUN ?? "local"}.lock`);
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** A valid GB 11643 ID number for a region, birth date (YYYYMMDD) and 3-digit sequence. */
export function idNumber(region: string, birth: string, seq: string): string {
  const body = region + birth + seq;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return body + "10X98765432"[sum % 11];
}

/** The demo staff accounts' TOTP secret (README) and password. */
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
export const DEMO_PASSWORD = "demo-password-2026";
const DAY_MS = 86_400_000;

export function base32(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0;
  const out: number[] = [];
  for (const c of text) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code of `secretB32` for time step `step`. */
export function codeAt(secretB32: string, step: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = crypto.createHmac("sha1", base32(secretB32)).update(msg).digest();
  const o = h[h.length - 1] & 15;
  const code = ((h[o] & 127) << 24 | h[o + 1] << 16 | h[o + 2] << 8 | h[o + 3]) % 1_000_000;
  return String(code).padStart(6, "0");
}

/**
 * A code for `account` (any name for an account's sign-ins) that no other test of this run,
 * in any worker process, has used: the server accepts each code once per account (RFC 6238
 * §5.2), so two specs signing in as the same demo account in one 30-second step would
 * otherwise see one sign-in refused. Steps are claimed by creating a marker directory
 * atomically; a taken step means waiting for the next one.
 */
export async function freshCode(account: string, secretB32: string, offsetDays = 0): Promise<string> {
  const fs = await import("node:fs");
  for (let tries = 0; tries < 10; tries++) {
    const now = Date.now() + offsetDays * DAY_MS;
    const step = Math.floor(now / 30_000);
    const mark = path.join(__dirname, "..", "artifacts",
      `totp-${process.env.PORTAL_E2E_RUN ?? "local"}-${account}-${step}`);
    try {
      fs.mkdirSync(mark, { recursive: false });
      return codeAt(secretB32, step);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      await new Promise((r) => setTimeout(r, 30_000 - (now % 30_000) + 300));
    }
  }
  throw new Error(`no free TOTP step for ${account}`);
}

/** Presses Tab (Shift+Tab when `target` comes earlier in the page) until `target` has the
 * focus, as a keyboard user gets there; fails after 200 presses. */
export async function tabTo(page: Page, target: import("@playwright/test").Locator) {
  const back = await target.evaluate((el) =>
    !!document.activeElement && document.activeElement !== document.body &&
    !!(el.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING));
  for (let i = 0; i < 200; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error("never reached by Tab");
}

/**
 * Chooses `value` in the radio group `name` as a keyboard user does: Tab into the group (it
 * takes one Tab stop), then the arrow keys, which move the choice.
 */
export async function chooseRadioByKeyboard(page: Page, name: string, value: string) {
  const back = await page.evaluate((n) => {
    const first = document.querySelector(`input[name="${n}"]`);
    const active = document.activeElement;
    return !!first && !!active && active !== document.body &&
      !!(first.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING);
  }, name);
  for (let i = 0; i < 200; i++) {
    if (await page.evaluate((n) => (document.activeElement as HTMLInputElement | null)?.name === n, name)) break;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  // Tab lands on the group's first radio without choosing it: Space chooses the focused one.
  if (await page.evaluate((v) => (document.activeElement as HTMLInputElement | null)?.value === v, value)) {
    await page.keyboard.press("Space");
  }
  for (let i = 0; i < 12; i++) {
    const checked = await page.locator(`input[name="${name}"]:checked`).getAttribute("value", { timeout: 500 }).catch(() => null);
    if (checked === value) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`${name}=${value} never chosen with the arrow keys`);
}

/** Chooses the option `value` of a focused-by-Tab select with the arrow keys. */
export async function selectByKeyboard(page: Page, select: import("@playwright/test").Locator, value: string) {
  await tabTo(page, select);
  for (let i = 0; i < 20; i++) {
    if ((await select.inputValue()) === value) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`option ${value} never reached with the arrow keys`);
}

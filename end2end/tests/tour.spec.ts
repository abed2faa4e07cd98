// A tour of the portal in each way residents see it (issue 9): on a phone, on a phone in elder
// mode (长辈版), and on a service-hall kiosk in kiosk mode. At each stop — the home page, a
// screener result, the application's task list, a booking confirmation — the page is checked
// with axe and photographed for the documentation (artifacts/screenshots/docs/, copied into
// docs/screenshots/ by scripts/doc-screenshots.sh).
import { test, expect, type Locator, type Page, type TestInfo } from "@playwright/test";
import * as path from "node:path";
import { expectNoSeriousA11yViolations, idNumber, withClockLock } from "./support";
import { answerFamily, seeResults } from "./screener-steps";
import { cancelShownBooking, chooseOffice, chooseService, fillParties } from "./booking-steps";

const DOCS_DIR = path.join(__dirname, "..", "artifacts", "screenshots", "docs");

/** The modes a project tours in, and a couple for each (distinct from every other spec's). */
const MODES: Record<string, { mode: string; elder: boolean; kiosk: boolean; seq: number }[]> = {
  mobile: [
    { mode: "mobile", elder: false, kiosk: false, seq: 801 },
    { mode: "elder", elder: true, kiosk: false, seq: 803 },
  ],
  kiosk: [{ mode: "kiosk", elder: false, kiosk: true, seq: 805 }],
};

/** A viewport-sized picture with `focus` scrolled to the top, at one pixel per CSS pixel. */
async function docShot(page: Page, name: string, focus?: Locator) {
  if (focus) {
    await focus.evaluate((el) => el.scrollIntoView({ block: "start" }));
  } else {
    await page.evaluate(() => window.scrollTo(0, 0));
  }
  await page.screenshot({ path: path.join(DOCS_DIR, `${name}.png`), scale: "css" });
}

async function stop(page: Page, testInfo: TestInfo, mode: string, name: string, focus?: Locator) {
  await expectNoSeriousA11yViolations(page, testInfo, `${name} (${mode})`);
  await docShot(page, `${mode}-${name}`, focus);
}

test("home, screener result, task list and booking confirmation in every mode", async ({ page, context }, testInfo) => {
  const modes = MODES[testInfo.project.name];
  test.skip(!modes, "phones and kiosks");
  test.setTimeout(240_000);
  for (const { mode, elder, kiosk, seq } of modes) {
    await context.clearCookies();
    if (kiosk) await page.goto("/kiosk");
    await context.addCookies([{ name: "elder", value: elder ? "1" : "0", url: testInfo.project.use.baseURL! }]);

    await page.goto("/");
    const html = page.locator("html");
    await (kiosk ? expect(html) : expect(html).not).toHaveClass(/\bkiosk\b/);
    await (elder ? expect(html) : expect(html).not).toHaveClass(/\belder\b/);
    await stop(page, testInfo, mode, "home");

    await answerFamily(page, testInfo, "1200");
    await seeResults(page, testInfo);
    const results = page.getByRole("heading", { level: 2, name: "初步结果" });
    await expect(results).toBeVisible();
    await expect(page.locator('[data-program="dibao"]')).toHaveAttribute("data-outcome", "eligible");
    // The cited documents are Chinese whatever the page's language, and say so (WCAG 3.1.2).
    await expect(page.locator('[data-program="dibao"] cite[lang="zh-CN"]').first()).toContainText("《");
    await stop(page, testInfo, mode, "screener-result", results);

    await page.getByRole("button", { name: "现在申请" }).click();
    await expect(page).toHaveURL(/\/apply$/);
    const tasks = page.locator("nav.task-list");
    await expect(tasks).toBeVisible();
    await stop(page, testInfo, mode, "apply-task-list", tasks);

    const man = idNumber("340303", "19880303", String(seq).padStart(3, "0"));
    const woman = idNumber("340303", "19890404", String(seq + 1).padStart(3, "0"));
    await withClockLock(async () => {
      await chooseService(page, /^结婚登记/);
      await fillParties(page, man, woman);
      await expect(page.locator(".panel--check")).toContainText("已通过预约前检查");
      await chooseOffice(page, "蚌山", "安徽省 蚌埠市 蚌山区");
      await page.locator('input[name="date"]:not([disabled])').nth(3).check();
      await page.getByRole("button", { name: "继续" }).click();
      await page.locator('input[name="slot"]:not([disabled])').first().check();
      await page.getByRole("button", { name: "预约这个时段" }).click();
      await page.getByRole("button", { name: "确认预约" }).click();
      await expect(page).toHaveURL(/\/marriage\/booking\/[0-9a-f]{64}$/);
      await expect(page.locator(".booking-qr svg")).toBeVisible();
      await stop(page, testInfo, mode, "booking-confirmation");
      // Give the place back: the tour is not a real couple.
      await cancelShownBooking(page, man);
    });
  }
});

// Kiosk mode (issue 9): a service-hall kiosk is shared by strangers. Opened at /kiosk, the
// portal hides its way out (the staff entrance) and shows an "end" button; after two minutes
// without a touch a notice counts down 30 seconds, and then every trace of the user is gone —
// the half-filled application, the browser's storage, the language cookie — and the next
// person starts on an empty form. The browser's clock is Playwright's fake clock, so the test
// does not wait two and a half minutes.
import { test, expect } from "@playwright/test";
import { expectNoSeriousA11yViolations, screenshot, waitForHydration } from "./support";
import { field } from "./screener-steps";

test("the next user of a kiosk finds an empty form and nothing in storage or cookies", async ({ page, context }, testInfo) => {
  test.skip(testInfo.project.name !== "kiosk", "kiosk machines only");
  await page.clock.install();
  await page.goto("/kiosk");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator("html")).toHaveClass(/kiosk/);
  await expect(page.locator('a[href^="/staff"]')).toHaveCount(0);
  await expect(page.getByRole("link", { name: "结束使用" })).toBeVisible();
  await screenshot(page, testInfo, "kiosk-mode-home");
  await expectNoSeriousA11yViolations(page, testInfo, "home in kiosk mode");

  // The first user switches to English and fills half an application.
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto("/apply");
  await waitForHydration(page, "[data-draft-keeper]");
  await waitForHydration(page, "[data-kiosk-idle]");
  await field(page, "members[0].name").fill("王芳");
  await field(page, "mobile").fill("13900139000");
  await page.clock.runFor(2_000);
  expect(await page.evaluate(() => localStorage.length)).toBeGreaterThan(0);
  expect((await context.cookies()).map((c) => c.name).sort()).toEqual(["kiosk", "lang"]);

  // Two minutes without a touch: the warning, announced, with its countdown.
  await page.clock.runFor(121_000);
  const notice = page.locator(".kiosk-idle__panel");
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute("role", "alert");
  await expect(notice).toContainText("Are you still there?");
  await screenshot(page, testInfo, "kiosk-idle-warning");
  await expectNoSeriousA11yViolations(page, testInfo, "kiosk idle warning");
  // Thirty seconds more: wiped, and the kiosk starts again.
  await page.clock.runFor(31_000);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.locator("html")).toHaveClass(/kiosk/);
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  expect((await context.cookies()).map((c) => c.name)).toEqual(["kiosk"]);

  // The next user: an empty application, no offer to continue someone else's.
  await page.goto("/apply");
  await waitForHydration(page, "[data-draft-keeper]");
  await expect(field(page, "members[0].name")).toHaveValue("");
  await expect(field(page, "mobile")).toHaveValue("");
  await expect(page.locator("[data-draft-keeper]")).toBeHidden();
});

test("the end button wipes at once; touching the screen keeps the session", async ({ page, context }, testInfo) => {
  test.skip(testInfo.project.name !== "kiosk", "kiosk machines only");
  await page.clock.install();
  await page.goto("/kiosk");
  await page.goto("/marriage");
  await waitForHydration(page, "[data-kiosk-idle]");
  // Activity resets the timer: 100 s, a touch, 100 s more — no warning.
  await page.clock.runFor(100_000);
  await page.getByLabel(/^结婚登记/).check();
  await page.clock.runFor(100_000);
  await expect(page.locator(".kiosk-idle__panel")).toBeHidden();
  await page.evaluate(() => sessionStorage.setItem("probe", "1"));
  await page.getByRole("link", { name: "结束使用" }).click();
  await expect(page).toHaveURL(/\/$/);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  expect((await context.cookies()).map((c) => c.name)).toEqual(["kiosk"]);
});

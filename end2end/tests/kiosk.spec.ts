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

test("the on-screen keypad types ID and phone numbers; a saved draft goes on to a phone by QR code", async ({ page, browser }, testInfo) => {
  test.skip(testInfo.project.name !== "kiosk", "kiosk machines only");
  test.setTimeout(90_000);
  await page.goto("/kiosk");
  await page.goto("/apply");
  await waitForHydration(page, "[data-keypad-panel]");
  const pad = page.locator("[data-keypad-panel]");
  const id = page.locator('[id="field-members[0].id_number"]');
  // The system keyboard is not wanted for these fields; the name field keeps it.
  await expect(id).toHaveAttribute("inputmode", "none");
  await expect(pad).toBeHidden();
  await page.getByLabel("最低生活保障").check();
  await page.locator('[id="field-members[0].name"]').fill("李明");
  await expect(pad).toBeHidden();

  // An ID number tapped in, with a slip corrected by the delete key.
  await id.tap();
  await expect(pad).toBeVisible();
  await expect(pad).toHaveAttribute("data-kind", "id");
  const press = async (keys: string) => {
    for (const k of keys) await pad.locator(`[data-key="${k}"]`).tap();
  };
  await press("4417211975030100117");
  await pad.locator('[data-key="delete"]').tap();
  await expect(id).toBeFocused();
  await expect(id).toHaveValue("441721197503010011");
  await screenshot(page, testInfo, "kiosk-keypad-id");
  await expectNoSeriousA11yViolations(page, testInfo, "kiosk keypad");
  await pad.locator('[data-key="done"]').tap();
  await expect(pad).toBeHidden();

  // The phone number gets digits only (no X).
  const mobile = page.locator('[id="field-mobile"]');
  await mobile.tap();
  await expect(pad).toHaveAttribute("data-kind", "digits");
  await expect(pad.locator('[data-key="X"]')).toHaveCount(0);
  await press("13900139000");
  await expect(mobile).toHaveValue("13900139000");
  await pad.locator('[data-key="clear"]').tap();
  await expect(mobile).toHaveValue("");
  await press("13900139000");
  // Tapping a field without a keypad hides it.
  await page.locator('[id="field-hardship"]').tap();
  await expect(pad).toBeHidden();
  await page.locator('[id="field-hardship"]').fill("失业半年，没有收入。");

  // Saved on the server: the kiosk shows a QR code of the resume page for this draft.
  await page.getByRole("button", { name: "保存，稍后继续" }).click();
  const saved = page.locator("[data-resume-code]");
  await expect(saved).toBeVisible();
  const resumeCode = (await saved.getAttribute("data-resume-code"))!;
  await expect(page.locator("[data-handoff-qr] svg")).toBeVisible();
  const handoff = (await page.locator("[data-handoff-url]").innerText()).trim();
  expect(handoff).toBe(`${new URL(page.url()).origin}/apply/resume?code=${resumeCode}`);
  await screenshot(page, testInfo, "kiosk-handoff-qr");
  await expectNoSeriousA11yViolations(page, testInfo, "kiosk hand-off QR code");

  // The resident's phone opens the address: the code is filled in, the ID number is asked.
  const other = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const phone = await other.newPage();
  await phone.goto(handoff);
  await expect(phone.getByLabel("续填码")).toHaveValue(resumeCode);
  await expect(phone.locator("[data-keypad-panel]")).toHaveCount(0);
  await phone.getByLabel("申请人身份证号码").fill("441721197503010011");
  await phone.getByRole("button", { name: "继续填写" }).click();
  await expect(phone.locator("[data-resumed]")).toBeVisible();
  await expect(phone.locator('[id="field-members[0].name"]')).toHaveValue("李明");
  await expect(phone.locator('[id="field-mobile"]')).toHaveValue("13900139000");
  await expect(phone.locator('[id="field-hardship"]')).toHaveValue("失业半年，没有收入。");
  await other.close();
});

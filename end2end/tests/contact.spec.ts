import { test, expect } from "@playwright/test";
import { expectNoSeriousA11yViolations, jsEnabled, screenshot, waitForHydration } from "./support";

test.describe("contact the bureau", () => {
  test("island validates the mobile number as the resident types (hydration)", async ({ page }, testInfo) => {
    test.skip(!jsEnabled(testInfo), "needs JavaScript");
    await page.goto("/contact");
    await waitForHydration(page, "form.form");
    const mobile = page.getByLabel("手机号码");
    await mobile.fill("12345");
    await mobile.blur();
    // Shown by the island in the browser: no request was submitted.
    const inline = page.locator("#field-mobile-error");
    await expect(inline).toContainText("手机号码应为 11 位数字");
    await expect(mobile).toHaveAttribute("aria-invalid", "true");
    await mobile.fill("1381234567");
    await expect(inline).toContainText("手机号码应为 11 位数字");
    await mobile.fill("13812345678");
    await expect(inline).toHaveCount(0);
    await screenshot(page, testInfo, "contact-live");
  });

  test("submitting an empty form shows the error summary and focuses it", async ({ page }, testInfo) => {
    test.skip(!jsEnabled(testInfo), "needs JavaScript");
    await page.goto("/contact");
    await waitForHydration(page, "form.form");
    await page.getByRole("button", { name: "提交留言" }).click();
    const summary = page.locator(".error-summary");
    await expect(summary).toBeVisible();
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link")).toHaveText(["请填写姓名", "请填写手机号码", "请填写留言内容"]);
    await summary.getByRole("link", { name: "请填写手机号码" }).click();
    await expect(page.getByLabel("手机号码")).toBeFocused();
    await screenshot(page, testInfo, "contact-errors");
    await expectNoSeriousA11yViolations(page, testInfo, "contact with errors (JS)");
  });

  test("a valid message is sent through the server function", async ({ page }, testInfo) => {
    test.skip(!jsEnabled(testInfo), "needs JavaScript");
    await page.goto("/contact");
    await waitForHydration(page, "form.form");
    await page.getByLabel("姓名").fill("阿依古丽·买买提");
    await page.getByLabel("手机号码").fill("139 0000 1111");
    await page.getByLabel("留言内容").fill("请问申请低保需要带哪些材料？");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/contact/submit")),
      page.getByRole("button", { name: "提交留言" }).click(),
    ]);
    expect(response.status()).toBe(200);
    await expect(page).toHaveURL(/\/contact\/sent\?ref=LX\d{8}-[0-9A-Z]{6}$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("留言已提交");
    await expect(page.locator(".reference")).toHaveText(/^LX\d{8}-[0-9A-Z]{6}$/);
    await screenshot(page, testInfo, "contact-sent");
    await expectNoSeriousA11yViolations(page, testInfo, "contact sent");
  });

  test("without JavaScript the server renders the error summary and keeps the input", async ({ page }, testInfo) => {
    test.skip(jsEnabled(testInfo), "the JavaScript-disabled project covers the HTML-only path");
    await page.goto("/contact");
    await page.getByLabel("姓名").fill("张三");
    await page.getByLabel("手机号码").fill("1381234");
    await page.getByLabel("留言内容").fill("<b>你好</b>");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/contact") && r.request().method() === "POST"),
      page.getByRole("button", { name: "提交留言" }).click(),
    ]);
    expect(response.status()).toBe(422);
    const summary = page.locator(".error-summary");
    await expect(summary).toBeVisible();
    await expect(summary.getByRole("link")).toHaveText(["手机号码应为 11 位数字"]);
    await expect(page.locator("#field-mobile-error")).toContainText("手机号码应为 11 位数字");
    await expect(page.getByLabel("姓名")).toHaveValue("张三");
    await expect(page.getByLabel("手机号码")).toHaveValue("1381234");
    await expect(page.getByLabel("留言内容")).toHaveValue("<b>你好</b>");
    await expect(page).toHaveTitle(/^有错误：/);
    await screenshot(page, testInfo, "contact-errors");
    await expectNoSeriousA11yViolations(page, testInfo, "contact with errors (no JS)");

    await page.getByLabel("手机号码").fill("13812345678");
    await page.getByRole("button", { name: "提交留言" }).click();
    await expect(page).toHaveURL(/\/contact\/sent\?ref=LX\d{8}-[0-9A-Z]{6}$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("留言已提交");
  });
});

// The 诚信承诺 documents, in full, reachable from /apply before anyone starts an application.
import { test, expect } from "@playwright/test";
import { expectNoSeriousA11yViolations, screenshot } from "./support";

test("the three documents an application is signed on can be read in full first", async ({ page }, testInfo) => {
  await page.goto("/apply");
  await page.getByRole("link", { name: "先看看申请时需要签署的三份文书" }).click();
  await expect(page).toHaveURL(/\/apply\/commitments$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("申请时需要签署的文书");
  await expect(page.getByRole("heading", { level: 2 })).toHaveText([
    "《社会救助申请告知书》",
    "《承诺书》",
    "《申请救助家庭经济状况核对授权书》",
  ]);
  // The consequences of a false declaration are stated, and the text's version and fingerprint.
  await expect(page.locator('[data-document="pledge"]')).toContainText("1倍以上3倍以下的罚款");
  await expect(page.locator("[data-version]")).toHaveText("2026-11");
  await expect(page.locator("[data-sha256]")).toHaveText(/^[0-9a-f]{64}$/);
  await screenshot(page, testInfo, "commitments");
  await expectNoSeriousA11yViolations(page, testInfo, "commitment documents");
});

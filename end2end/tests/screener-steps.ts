// The screener's steps as a resident takes them, shared by the screener's and the
// application's specs.
import { expect, type Page, type TestInfo } from "@playwright/test";
import { jsEnabled, screenshot, waitForHydration } from "./support";

export const field = (page: Page, name: string) => page.locator(`[id="field-${name}"]`);

export async function next(page: Page, label = "继续") {
  await page.getByRole("button", { name: label, exact: true }).click();
}

/** Answers every group for a 阳西 urban family of three with the resident's monthly wage. */
export async function answerFamily(page: Page, testInfo: TestInfo, wage: string) {
  await page.goto("/eligibility");
  if (jsEnabled(testInfo)) await waitForHydration(page, "form.screener");
  await expect(page.getByRole("heading", { level: 2, name: "您的户籍在哪里" })).toBeVisible();

  // Place: found by name, then urban.
  await page.getByLabel("户籍所在的县（市、区）").fill("阳西");
  await page.getByRole("button", { name: "查找" }).click();
  // As a resident would: wait for what the search found, then choose.
  await expect(page.getByRole("group", { name: "请选择您户籍所在的地方" })).toBeVisible();
  await page.getByLabel("广东省 阳江市 阳西县").check();
  await page.getByLabel("城镇", { exact: true }).check();
  await next(page);

  // People: the resident, a spouse who cannot work, a child at school.
  await expect(page.getByRole("heading", { level: 2, name: "家里有哪些人" })).toBeVisible();
  await field(page, "members[0].birth_date").fill("1975-03-01");
  await field(page, "members[0].work_status").selectOption("unemployed");
  await page.getByRole("button", { name: "添加一位家庭成员" }).click();
  await field(page, "members[1].relation").selectOption("spouse");
  await field(page, "members[1].birth_date").fill("1977-08-08");
  await field(page, "members[1].work_status").selectOption("unable_to_work");
  await page.getByRole("button", { name: "添加一位家庭成员" }).click();
  await field(page, "members[2].relation").selectOption("child");
  await field(page, "members[2].birth_date").fill("2012-09-01");
  await field(page, "members[2].work_status").selectOption("student");
  await field(page, "members[2].school_stage").selectOption("compulsory");
  await screenshot(page, testInfo, `eligibility-people-${wage}`);
  await next(page);

  // Income: only the resident's wage.
  await expect(page.getByRole("heading", { level: 2, name: "家庭收入" })).toBeVisible();
  await field(page, "members[0].income[0].amount").fill(wage);
  await next(page);

  // Assets: none. Nobody is 60 or disabled, so the daily-living group is skipped.
  await expect(page.getByRole("heading", { level: 2, name: "家庭财产" })).toBeVisible();
  await next(page);
  await expect(page.getByRole("heading", { level: 2, name: "家里的特殊情况" })).toBeVisible();
  await page.locator('[name="facts.emergency"][value="no"]').check();
  await page.locator('[name="facts.heavy_necessary_spending"][value="not_sure"]').check();
  await page.locator('[name="facts.parents"][value="not_applicable"]').check();
  await screenshot(page, testInfo, `eligibility-situation-${wage}`);
}

/**
 * Goes to the results, which the server draws (with JavaScript too: the island lets the last
 * "see results" post). With JavaScript, returns the digest of the server's outcomes, which the
 * island compares with its own evaluation in wasm.
 */
export async function seeResults(page: Page, testInfo: TestInfo): Promise<string | undefined> {
  await next(page, "查看结果");
  await expect(page.getByRole("heading", { level: 2, name: "初步结果" })).toBeVisible();
  if (!jsEnabled(testInfo)) return undefined;
  await waitForHydration(page, "form.screener");
  const digest = await page.locator("section.results").getAttribute("data-server-digest");
  expect(digest).toBeTruthy();
  return digest ?? undefined;
}

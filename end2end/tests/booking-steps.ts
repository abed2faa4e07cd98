// The marriage booking's steps as a couple takes them, shared by the booking's spec and the
// tour of the portal for the documentation screenshots.
import { expect, type Page } from "@playwright/test";

export async function chooseService(page: Page, name: RegExp) {
  await page.goto("/marriage");
  await page.getByLabel(name).check();
  await page.getByRole("button", { name: "继续" }).click();
}

export async function fillParties(page: Page, man: string, woman: string) {
  await page.locator('[name="party_a.name"]').fill("王大明");
  await page.locator('[name="party_a.document_number"]').fill(man);
  await page.locator('[name="party_b.name"]').fill("李小红");
  await page.locator('[name="party_b.document_number"]').fill(woman);
  await page.locator('[name="mobile"]').fill("13900139000");
  await page.getByRole("button", { name: "检查是否可以预约" }).click();
}

/** Searches by region name and picks the office whose region line matches. */
export async function chooseOffice(page: Page, query: string, region: string) {
  await page.locator('[name="q"]').fill(query);
  await page.getByRole("button", { name: "查找", exact: true }).click();
  const card = page.locator(".radios__item--card", { hasText: region });
  await expect(card).toHaveCount(1);
  await card.locator("input").check();
  await page.getByRole("button", { name: "继续" }).click();
  await expect(page.locator("h2.heading-m")).toHaveText("选择日期");
}

/** Cancels the booking whose confirmation is on screen, with its code and `document` (either
 * party's number), so a test's couple can book again in the next run. */
export async function cancelShownBooking(page: Page, document: string) {
  const code = (await page.getByTestId("booking-code").innerText()).trim();
  await page.goto("/marriage/manage");
  await page.locator('[name="code"]').fill(code);
  await page.locator('[name="document_number"]').fill(document);
  await page.getByRole("button", { name: "查找预约" }).click();
  await page.getByRole("button", { name: "取消这个预约" }).click();
  await expect(page.locator(".panel--confirmation")).toContainText("预约已取消");
}

// Tracking an application: the page is plain server-rendered HTML (the same in every project,
// with or without JavaScript). The application is submitted through the real server function,
// as the application form will (issue 6), with a same-origin request.
import { test, expect, type APIRequestContext } from "@playwright/test";
import { expectNoSeriousA11yViolations, screenshot } from "./support";

const member = (relation: string, name: string, id_number: string, work_status: string) => ({
  relation, name, id_number, work_status,
});
const signature = (signer: string, guardian: string, typed_name: string) => ({
  signer, guardian, typed_name, strokes: "120,80 200,160 300,120;340,200 460,220 520,180",
});

async function submitApplication(request: APIRequestContext, baseURL: string, key: string) {
  const form = {
    programs: ["dibao", "temporary"],
    region: "441721", township: "441721100", community: "城东社区",
    area: "urban",
    apply_at: "hukou",
    mobile: "13800138000",
    household: {
      members: [
        { ...member("applicant", "李明", "441721197503010011", "unemployed"),
          income: [{ kind: "wage", amount: "1200", period: "monthly" }] },
        member("spouse", "王芳", "441721197708080021", "unable_to_work"),
        { ...member("child", "李小华", "44172120120901001X", "student"), school_stage: "compulsory" },
      ],
    },
    hardship: "丈夫失业，妻子因病不能工作。",
    notice_read: "yes",
    commitment_version: "2026-11",
    signatures: [signature("self", "", "李明"), signature("self", "", "王芳"), signature("guardian", "0", "李明")],
  };
  const response = await request.post("/api/applications/submit", {
    headers: { origin: baseURL },
    data: { form, idempotency_key: key },
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as { number: string; access_code: string; deadline: string };
}

test.describe("track an application", () => {
  test("the number and the access code show the timeline; a wrong code says only that it is wrong", async ({ page, request, baseURL }, testInfo) => {
    const key = `e2e-track-${testInfo.project.name}-${Date.now()}`;
    const receipt = await submitApplication(request, baseURL!, key);

    await page.goto("/track");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("查询办理进度");
    // A wrong code: the error summary, the number kept, the code not echoed.
    await page.getByLabel("申请编号").fill(receipt.number);
    await page.getByLabel("查询码").fill("AAAAAAAA");
    await page.getByRole("button", { name: "查询" }).click();
    const summary = page.locator(".error-summary");
    await expect(summary).toContainText("申请编号或查询码不正确");
    await expect(page.getByLabel("申请编号")).toHaveValue(receipt.number);
    await expect(page.getByLabel("查询码")).toHaveValue("");
    await screenshot(page, testInfo, "track-wrong-code");
    await expectNoSeriousA11yViolations(page, testInfo, "track error");

    // The right code, typed in lower case with spaces, as people do.
    await page.getByLabel("查询码").fill(` ${receipt.access_code.toLowerCase()} `);
    await page.getByRole("button", { name: "查询" }).click();
    const result = page.locator("section.track-result");
    await expect(result).toHaveAttribute("data-status", "submitted");
    await expect(result.getByRole("heading", { level: 2 })).toContainText(receipt.number);
    await expect(result).toContainText("最低生活保障");
    // Submitted today; waiting to be accepted.
    await expect(result.locator('[data-step="submitted"]')).toHaveAttribute("data-state", "done");
    await expect(result.locator('[data-step="accepted"]')).toHaveAttribute("data-state", "current");
    await expect(result.locator('[data-step="decided"]')).toHaveAttribute("data-state", "pending");
    await expect(result.locator("[data-deadline]")).toHaveAttribute("data-deadline", receipt.deadline);
    await expect(result).toContainText("60 日内申请行政复议");
    await screenshot(page, testInfo, "track-timeline");
    await expectNoSeriousA11yViolations(page, testInfo, "track timeline");

    // Elder mode (larger text), as a resident at a service-hall kiosk might switch on.
    if (testInfo.project.name === "mobile" || testInfo.project.name === "kiosk") {
      await page.getByRole("link", { name: "长辈版（大字）" }).click();
      await expect(page.locator("html")).toHaveClass(/elder/);
      await page.getByLabel("申请编号").fill(receipt.number);
      await page.getByLabel("查询码").fill(receipt.access_code);
      await page.getByRole("button", { name: "查询" }).click();
      await expect(page.locator("section.track-result")).toBeVisible();
      await screenshot(page, testInfo, "track-timeline-elder");
    }
  });
});

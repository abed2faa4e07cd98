// Applying for assistance (issue 6): from the screener's answers to a stored application, with
// drawn signatures, an uploaded document, the confirmation and the tracking page; a draft
// saved on the server and resumed in another browser; the browser's own autosave; and the
// form without JavaScript.
import { test, expect, type Locator, type Page, type TestInfo } from "@playwright/test";
import { expectNoSeriousA11yViolations, jsEnabled, screenshot, waitForHydration } from "./support";
import { answerFamily, field, seeResults } from "./screener-steps";

// A 1 × 1 PNG: a real image the server's content check accepts.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

const MEMBERS = [
  { name: "李明", id: "441721197503010011" },
  { name: "王芳", id: "441721197708080021" },
  { name: "李小华", id: "44172120120901001X" },
];

/** Writes a signature in the pad with the pointer: two strokes across its middle. */
async function sign(page: Page, pad: Locator) {
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error("signature pad not visible");
  const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  for (const stroke of [
    [at(0.1, 0.6), at(0.25, 0.3), at(0.4, 0.7), at(0.55, 0.35)],
    [at(0.6, 0.5), at(0.75, 0.45), at(0.9, 0.55)],
  ]) {
    await page.mouse.move(...stroke[0]);
    await page.mouse.down();
    for (const p of stroke.slice(1)) await page.mouse.move(...p, { steps: 6 });
    await page.mouse.up();
  }
}

async function fillMembers(page: Page) {
  for (const [i, m] of MEMBERS.entries()) {
    await field(page, `members[${i}].name`).fill(m.name);
    await field(page, `members[${i}].id_number`).fill(m.id);
  }
}

function onlyOn(testInfo: TestInfo, projects: string[]) {
  test.skip(!projects.includes(testInfo.project.name), `runs on ${projects.join(", ")}`);
}

test.describe("apply for assistance", () => {
  test("screener → apply (prefilled) → two adults sign → submit → confirmation → /track", async ({ page }, testInfo) => {
    onlyOn(testInfo, ["mobile", "kiosk"]);
    // The longest resident journey (screener, the whole form, two drawn signatures, submit,
    // /track): on a loaded 2-core CI machine it ran 47.5 s once, past the 45 s default.
    test.setTimeout(90_000);
    await answerFamily(page, testInfo, "1200");
    await seeResults(page, testInfo);
    await page.getByRole("button", { name: "现在申请" }).click();
    await expect(page).toHaveURL(/\/apply$/);

    // What the screener knew is filled in: the place, the household, the wage, and 低保 ticked.
    await expect(page.locator("[data-carried-members]")).toHaveAttribute("data-carried-members", "3");
    await expect(page.locator("[data-region]")).toHaveAttribute("data-region", "441721");
    await expect(field(page, "programs")).toBeChecked();
    await expect(field(page, "members[0].income[0].amount")).toHaveValue("1200");
    await expect(field(page, "members[2].relation")).toHaveValue("child");
    await waitForHydration(page, '[data-pad="0"]');
    await screenshot(page, testInfo, "apply-task-list");

    await field(page, "township").selectOption({ label: "织篢镇" });
    await field(page, "community").fill("城东社区");
    await page.getByLabel("户籍所在地", { exact: true }).check();
    await field(page, "mobile").fill("13800138000");
    await fillMembers(page);
    await field(page, "hardship").fill("丈夫失业，妻子因病不能工作，孩子上初中。");

    // A document: a disguised file is refused with the reason; a real photo is kept.
    await waitForHydration(page, ".uploads");
    const picker = page.locator('[id="field-documents"]');
    await picker.setInputFiles({ name: "身份证.jpg", mimeType: "image/jpeg", buffer: Buffer.from("MZ\x90\x00 not a photo at all") });
    await expect(page.locator(".uploads .error-message")).toContainText("文件内容与文件名不符");
    await picker.setInputFiles({ name: "户口簿.png", mimeType: "image/png", buffer: PNG });
    await expect(page.locator(".uploads__item")).toHaveCount(1);
    await expect(page.locator(".uploads__item")).toContainText("户口簿.png");
    await expect(page.locator(".uploads .error-message")).toBeHidden();

    // The commitments: the notice acknowledged, both adults sign, the father signs for the child.
    await expect(page.locator('[data-document="pledge"]')).toContainText("1倍以上3倍以下的罚款");
    await page.getByLabel("我已阅读《社会救助申请告知书》").check();
    await field(page, "signatures[0].typed_name").fill("李明");
    await sign(page, page.locator('[data-pad="0"] canvas'));
    await field(page, "signatures[1].typed_name").fill("王芳");
    await sign(page, page.locator('[data-pad="1"] canvas'));
    await field(page, "signatures[2].guardian").selectOption("0");
    await field(page, "signatures[2].typed_name").fill("李明");
    await sign(page, page.locator('[data-pad="2"] canvas'));
    await expect(page.locator('[data-pad="2"] .signature-pad__status')).toHaveText("已签名");
    await screenshot(page, testInfo, "apply-signed");
    await expectNoSeriousA11yViolations(page, testInfo, "application form");

    // Check the answers, then submit.
    await page.getByRole("button", { name: "核对申请内容" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("核对您的申请");
    await expect(page.locator('[data-member="1"]')).toContainText("王芳 本人签名");
    await expect(page.locator('[data-member="2"]')).toContainText("监护人 李明 代签");
    await expect(page.locator(".signature-preview path").first()).toHaveAttribute("d", /^M\d+ \d+ L/);
    await screenshot(page, testInfo, "apply-check");
    await expectNoSeriousA11yViolations(page, testInfo, "check answers");
    await page.getByRole("button", { name: "提交申请" }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText("申请已提交");
    const number = (await page.locator("#application-number").textContent())!.trim();
    const code = (await page.locator("#access-code").textContent())!.trim();
    expect(number).toMatch(/^SQ\d{8}-[0-9A-Z]+$/);
    expect(code).toMatch(/^[0-9A-Z]{8}$/);
    await expect(page.locator("[data-deadline]")).toHaveAttribute("data-deadline", /^\d{4}-\d{2}-\d{2}$/);
    await expect(page.getByRole("button", { name: "打印回执" })).toBeVisible();
    await screenshot(page, testInfo, "apply-confirmation");
    await expectNoSeriousA11yViolations(page, testInfo, "confirmation");
    // Submitted: the browser's copy of the answers is gone.
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem("civil-portal.apply-draft")))
      .toBeNull();

    // Tracking shows it submitted, waiting to be accepted.
    await page.goto("/track");
    await page.getByLabel("申请编号").fill(number);
    await page.getByLabel("查询码").fill(code);
    await page.getByRole("button", { name: "查询" }).click();
    const result = page.locator("section.track-result");
    await expect(result).toHaveAttribute("data-status", "submitted");
    await expect(result.locator('[data-step="submitted"]')).toHaveAttribute("data-state", "done");
    await expect(result).toContainText("最低生活保障");
  });

  test("a draft saved on the server is resumed in another browser with its code and the ID number", async ({ page, browser }, testInfo) => {
    onlyOn(testInfo, ["mobile"]);
    await page.goto("/apply");
    await page.getByLabel("最低生活保障").check();
    await field(page, "members[0].name").fill("李明");
    await field(page, "members[0].id_number").fill(MEMBERS[0].id);
    await field(page, "hardship").fill("失业半年，没有收入。");
    await page.getByRole("button", { name: "保存，稍后继续" }).click();
    const saved = page.locator("[data-resume-code]");
    await expect(saved).toBeVisible();
    const resumeCode = (await saved.getAttribute("data-resume-code"))!;
    expect(resumeCode).toMatch(/^[0-9A-Z]{6,}$/);
    await screenshot(page, testInfo, "apply-saved");

    // Another device: nothing of this one's storage or cookies.
    const other = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const phone = await other.newPage();
    await phone.goto("/apply");
    await phone.getByRole("link", { name: "有续填码？接着填写已保存的申请" }).click();
    await expect(phone).toHaveURL(/\/apply\/resume$/);
    // A wrong ID number says only that the pair is wrong.
    await phone.getByLabel("续填码").fill(resumeCode);
    await phone.getByLabel("申请人身份证号码").fill(MEMBERS[1].id);
    await phone.getByRole("button", { name: "继续填写" }).click();
    await expect(phone.locator(".error-summary")).toContainText("续填码或身份证号码不正确");
    await phone.getByLabel("续填码").fill(resumeCode.toLowerCase());
    await phone.getByLabel("申请人身份证号码").fill(MEMBERS[0].id);
    await phone.getByRole("button", { name: "继续填写" }).click();
    await expect(phone.locator("[data-resumed]")).toBeVisible();
    await expect(field(phone, "members[0].name")).toHaveValue("李明");
    await expect(field(phone, "hardship")).toHaveValue("失业半年，没有收入。");
    await expect(phone.getByLabel("最低生活保障")).toBeChecked();
    await other.close();
  });

  test("answers typed on this device are kept and offered back when the resident returns", async ({ page }, testInfo) => {
    onlyOn(testInfo, ["mobile"]);
    await page.goto("/apply");
    await waitForHydration(page, "[data-draft-keeper]");
    await field(page, "members[0].name").fill("王芳");
    await field(page, "mobile").fill("13900139000");
    // Coming back later, in elder mode this time.
    await page.goto("/");
    await page.getByRole("link", { name: "长辈版（大字）" }).click();
    await expect(page.locator("html")).toHaveClass(/elder/);
    await page.goto("/apply");
    const offer = page.getByRole("region", { name: "您有一份没填完的申请" });
    await expect(offer).toBeVisible();
    await screenshot(page, testInfo, "apply-elder-autosave-offer");
    await expectNoSeriousA11yViolations(page, testInfo, "application in elder mode");
    await offer.getByRole("button", { name: "接着填写" }).click();
    await expect(field(page, "members[0].name")).toHaveValue("王芳");
    await expect(field(page, "mobile")).toHaveValue("13900139000");
  });

  test("without JavaScript the form still works: members added, errors listed, signatures required", async ({ page }, testInfo) => {
    onlyOn(testInfo, ["nojs"]);
    expect(jsEnabled(testInfo)).toBe(false);
    await page.goto("/apply");
    await page.getByLabel("向哪个县（市、区）申请").fill("阳西");
    await page.getByRole("button", { name: "查找" }).click();
    await page.getByLabel("广东省 阳江市 阳西县").check();
    await page.getByRole("button", { name: "添加一位家庭成员" }).click();
    // The answer opens at the members, where the new person is.
    await expect(page).toHaveURL(/\/apply\/form#section-members$/);
    await expect(field(page, "members[1].name")).toBeVisible();
    await expect(page.locator('[data-region]')).toHaveAttribute("data-region", "441721");
    await page.getByRole("button", { name: "核对申请内容" }).click();
    const summary = page.locator(".error-summary");
    await expect(summary).toBeVisible();
    await expect(summary).toContainText("请至少选择一项要申请的救助");
    await expect(summary).toContainText("这位家庭成员还没有签名");
    await expect(page.locator('[data-section="commitments"]')).toHaveAttribute("data-state", "error");
    await screenshot(page, testInfo, "apply-errors");
    await expectNoSeriousA11yViolations(page, testInfo, "application errors without JavaScript");
  });
});

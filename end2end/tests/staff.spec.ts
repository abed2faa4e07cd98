// The staff workspace (issue 7), end to end on the desktop viewport: a resident applies at
// 青年街道 in 蚌山区; the street's intake clerk accepts; the county reviewer records a
// verification that agrees with the declaration (蚌山区 runs the 诚信承诺 simplified procedure,
// so no home visit), proposes the amount and publishes the notice; /notices shows the masked
// entry; after the 7-day notice (the test clock moves 8 days) the approver approves; the
// resident's /track shows every step with its date and the amount.
//
// The resident's application is sent through its server function (real HTTP); the
// application pages themselves are driven in apply.spec.ts.
import { test, expect, type Page, type TestInfo } from "@playwright/test";
import {
  DEMO_TOTP_SECRET, expectNoSeriousA11yViolations, freshCode, idNumber, screenshot, waitForHydration,
  withClockLock,
} from "./support";

const PASSWORD = "demo-password-2026";
const SECRET_B32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const DAY_MS = 86_400_000;
const DEMO_SECRET = SECRET_B32;
const DEMO_PASSWORD = PASSWORD;
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);




async function signIn(page: Page, username: string, offsetDays: number) {
  await page.goto("/staff");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page).toHaveURL(/\/staff\/code$/);
  // A code claimed for the account (see `freshCode`): a11y.spec signs in as the same accounts,
  // in parallel, and the server accepts each code once per account.
  await page.getByLabel("动态验证码").fill(await freshCode(username, DEMO_TOTP_SECRET, offsetDays));
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/staff\/queue$/);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/staff$/);
}

async function openCase(page: Page, number: string) {
  await page.getByRole("link", { name: number }).click();
  await expect(page.locator("h1")).toContainText(number);
}

async function take(page: Page, action: string) {
  await page.locator(`form.case-action[data-action="${action}"] button[type="submit"]`).click();
}

/** A code of `secret` (base32) no other sign-in of this run has used (see `freshCode`). */
async function freshTotp(_page: Page, secret: string): Promise<string> {
  return freshCode(secret, secret);
}

async function password(page: Page, username: string, secret: string) {
  await page.goto("/staff");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(secret);
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page).toHaveURL(/\/staff\/code$/);
}


test.describe.configure({ mode: "serial" });

test("apply → accept → consistent verification → notice → approve after 7 days → /track", async ({ page }, testInfo: TestInfo) => {
  test.skip(testInfo.project.name !== "desktop", "the staff workspace runs on desks");
  test.setTimeout(120_000);
  const applicant = idNumber("340303", "19700101", "031");
  const form = {
    programs: ["dibao"], region: "340303", township: "340303002", community: "青年社区",
    area: "urban", apply_at: "hukou", residence_permit: "", mobile: "13900139000",
    household: { members: [
      { relation: "applicant", name: "张小三", id_number: applicant, work_status: "employed",
        income: [{ kind: "wage", amount: "600", period: "monthly" }] },
      { relation: "spouse", name: "李四", id_number: idNumber("340303", "19720202", "042"), work_status: "unable_to_work" },
    ] },
    hardship: "妻子患病，收入不足。", documents: [], notice_read: "yes", commitment_version: "2026-11",
    signatures: [
      { signer: "self", guardian: "", typed_name: "张小三", strokes: "120,80 200,160 300,120" },
      { signer: "self", guardian: "", typed_name: "李四", strokes: "120,80 200,160 300,120" },
    ],
  };
  const submitted = await page.request.post("/api/applications/submit", {
    data: { form, idempotency_key: `staff-e2e-${Date.now()}-abcdefgh` },
    headers: { "sec-fetch-site": "same-origin" },
  });
  expect(submitted.status(), await submitted.text()).toBe(200);
  const { number, access_code } = await submitted.json();

  // 青年街道's clerk accepts.
  await signIn(page, "intake.qingnian", 0);
  await expect(page.locator(`tr[data-number="${number}"]`)).toHaveAttribute("data-stage", "submitted");
  await screenshot(page, testInfo, "staff-queue");
  await expectNoSeriousA11yViolations(page, testInfo, "staff queue");
  await openCase(page, number);
  await expectNoSeriousA11yViolations(page, testInfo, "staff case");
  await take(page, "accept");
  await expect(page.locator("#case-stage")).toHaveAttribute("data-stage", "accepted");
  await signOut(page);

  // The county reviewer: the 核对 result agrees (300 a person declared and verified).
  await signIn(page, "reviewer.bengshan", 0);
  await openCase(page, number);
  await page.getByLabel("核对后的人均月收入（元）").fill("300");
  await take(page, "record_verification");
  await expect(page.locator("#case-stage")).toHaveAttribute("data-stage", "opinion");
  await expect(page.getByText("简易程序").first()).toBeVisible();
  await page.locator('form[data-action="propose_approval"] input[name="amount"]').fill("560");
  await take(page, "propose_approval");
  await expect(page.locator("#case-stage")).toHaveAttribute("data-stage", "awaiting_notice");
  await take(page, "publish");
  await expect(page.locator("#case-stage")).toHaveAttribute("data-stage", "in_notice");
  await screenshot(page, testInfo, "staff-case-in-notice");
  await signOut(page);

  // The public notice: the masked name, the community, the size and the amount; nothing else.
  await page.goto("/notices");
  const entry = page.locator("tr.notice-entry", { hasText: "张*三" });
  await expect(entry).toContainText("青年社区");
  await expect(entry).toContainText("560");
  await expect(page.locator("body")).not.toContainText("张小三");
  await expect(page.locator("body")).not.toContainText(applicant);
  await screenshot(page, testInfo, "notices");
  await expectNoSeriousA11yViolations(page, testInfo, "notices");

  // Eight days later the notice is over; it leaves /notices, and the approver decides. The
  // clock lock keeps date-sensitive tests of other files from running while it is moved.
  await withClockLock(async () => {
  const moved = await page.request.post("/test/clock?days=8", { headers: { "sec-fetch-site": "same-origin" } });
  expect(moved.status()).toBe(200);
  try {
    await page.goto("/notices");
    await expect(page.locator("tr.notice-entry", { hasText: "张*三" })).toHaveCount(0);
    await signIn(page, "approver.bengshan", 8);
    await openCase(page, number);
    await expect(page.locator('form[data-action="approve"] input[name="amount"]')).toHaveValue("560.00");
    await take(page, "approve");
    await expect(page.locator("#case-stage")).toHaveAttribute("data-stage", "approved");
    await signOut(page);

    // The resident's /track: every step with its date, and the amount.
    await page.goto("/track");
    await page.getByLabel("申请编号").fill(number);
    await page.getByLabel("查询码").fill(access_code);
    await page.getByRole("button", { name: "查询" }).click();
    const result = page.locator("section.track-result");
    await expect(result).toHaveAttribute("data-status", "approved");
    for (const step of ["submitted", "accepted", "econ_check", "public_notice", "decided"]) {
      await expect(result.locator(`[data-step="${step}"]`)).toHaveAttribute("data-state", "done");
      await expect(result.locator(`[data-step="${step}"] .timeline__date`)).toHaveText(/\d{4}-\d{2}-\d{2}/);
    }
    await expect(page.locator("#track-decision")).toContainText("560");
    for (const action of ["submit", "accept", "record_verification", "propose_approval", "publish", "approve"]) {
      await expect(page.locator(`#track-history [data-action="${action}"]`)).toHaveCount(1);
    }
    await screenshot(page, testInfo, "track-approved");
  } finally {
    await page.request.post("/test/clock?days=-8", { headers: { "sec-fetch-site": "same-origin" } });
  }
  });
});

// The oversight pages and the resident's online answer to a 补正 request, in the same serial
// file because the test above moves the server's clock:
// 1. the demo administrator opens an account for a new 青年街道 clerk with a temporary password;
// 2. the clerk signs in, enrols an authenticator from the QR page's secret and must choose a
//    password before anything else;
// 3. the clerk asks the resident for more documents; the resident answers on /track with a
//    note and a photo (photographed at phone and kiosk sizes and in elder mode); the case
//    returns to the clerk's queue;
// 4. the clerk reads the notification outbox and the reports (chart, table, downloads);
// 5. the administrator reads the audit trail, finds the clerk's steps and verifies the chain.
test("accounts, enrolment, forced password change, 补正 answered online, outbox, reports, audit", async ({ page }, testInfo: TestInfo) => {
  test.skip(testInfo.project.name !== "desktop", "the staff workspace runs on desks");
  test.setTimeout(150_000);
  const stamp = Date.now().toString(36);
  const clerk = `e2e.clerk.${stamp}`;
  const clerkPassword = `clerk-own-password-${stamp}7`;

  // A resident of 青年街道 applies (through the server function; apply.spec.ts drives the form).
  const form = {
    programs: ["dibao"], region: "340303", township: "340303002", community: "青年社区",
    area: "urban", apply_at: "hukou", residence_permit: "", mobile: "13700137000",
    household: { members: [
      { relation: "applicant", name: "王大明", id_number: idNumber("340303", "19650505", "051"), work_status: "unemployed",
        income: [{ kind: "wage", amount: "400", period: "monthly" }] },
    ] },
    hardship: "失业多年，身体不好。", documents: [], notice_read: "yes", commitment_version: "2026-11",
    signatures: [{ signer: "self", guardian: "", typed_name: "王大明", strokes: "120,80 200,160 300,120" }],
  };
  const submitted = await page.request.post("/api/applications/submit", {
    data: { form, idempotency_key: `oversight-e2e-${stamp}-abcdefgh` },
    headers: { "sec-fetch-site": "same-origin" },
  });
  expect(submitted.status(), await submitted.text()).toBe(200);
  const { number, access_code } = await submitted.json();

  // 1. The administrator opens the clerk's account.
  await password(page, "admin.demo", DEMO_PASSWORD);
  await page.getByLabel("动态验证码").fill(await freshTotp(page, DEMO_SECRET));
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/staff\/accounts$/);
  await page.getByLabel("用户名").fill(clerk);
  await page.getByLabel("姓名").fill("赵小青");
  await page.getByLabel("岗位").selectOption("intake");
  await page.getByLabel("辖区", { exact: true }).fill("340303999");
  await page.getByLabel("临时密码").last().fill("temporary-pass-2026");
  await page.getByRole("button", { name: "开设账号" }).click();
  // A township that does not exist: the field's message, what was typed kept.
  await expect(page.locator(".error-summary")).toBeVisible();
  await expect(page.getByLabel("用户名")).toHaveValue(clerk);
  await page.getByLabel("辖区", { exact: true }).fill("340303002");
  await page.getByLabel("临时密码").last().fill("temporary-pass-2026");
  await page.getByRole("button", { name: "开设账号" }).click();
  await expect(page.locator("#accounts-flash")).toContainText(clerk);
  const row = page.locator(`tr[data-username="${clerk}"]`);
  await expect(row).toContainText("未绑定验证器");
  await expect(row).toContainText("待修改临时密码");
  await screenshot(page, testInfo, "staff-accounts");
  await expectNoSeriousA11yViolations(page, testInfo, "staff accounts");
  await signOut(page);

  // 2. The clerk enrols an authenticator from the QR page, then must change the password.
  await password(page, clerk, "temporary-pass-2026");
  await expect(page.locator(".qr svg")).toBeVisible();
  const secret = (await page.locator("code.secret").getAttribute("data-secret"))!;
  await screenshot(page, testInfo, "staff-enrol");
  await page.getByLabel("验证器显示的6位数字").fill(await freshTotp(page, secret));
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/staff\/password$/);
  await expect(page.locator("#password-forced")).toBeVisible();
  await page.getByLabel("当前密码").fill("temporary-pass-2026");
  await page.getByLabel("新密码", { exact: true }).fill(clerkPassword);
  await page.getByLabel("再次输入新密码").fill(clerkPassword);
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page).toHaveURL(/\/staff\/queue$/);

  // 3. The clerk asks for the wage records.
  await page.getByRole("link", { name: number }).click();
  await page.locator('form[data-action="request_supplement"] textarea').fill("请补交近三个月的银行流水。");
  await page.locator('form[data-action="request_supplement"] button[type="submit"]').click();
  await expect(page.locator("#case-stage")).toHaveAttribute("data-stage", "supplement_requested");
  await signOut(page);

  // The resident answers on /track: the request, then a note and a photo.
  await page.goto("/track");
  await page.getByLabel("申请编号").fill(number);
  await page.getByLabel("查询码").fill(access_code);
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.locator("#track-waiting")).toContainText("请补交近三个月的银行流水。");
  // A note without documents is refused with the reason at the field (the clock stays paused
  // until documents come).
  await page.getByLabel("说明（选填）").fill("材料明天送到民政办。");
  await page.getByRole("button", { name: "提交补交材料" }).click();
  await expect(page.locator("#field-documents-error")).toContainText("请上传至少一份材料");
  await expect(page.getByLabel("说明（选填）")).toHaveValue("材料明天送到民政办。");
  await waitForHydration(page, ".uploads");
  await page.locator('[id="field-documents"]').setInputFiles({ name: "银行流水.png", mimeType: "image/png", buffer: PNG });
  await expect(page.locator(".uploads__item")).toHaveCount(1);
  await page.getByLabel("说明（选填）").fill("已上传近三个月的银行流水。");
  await screenshot(page, testInfo, "track-reply");
  await expectNoSeriousA11yViolations(page, testInfo, "track reply form");
  // The same page on a phone, at a kiosk, and in elder mode.
  for (const [name, size] of [["mobile-size", { width: 375, height: 812 }], ["kiosk-size", { width: 1080, height: 1920 }]] as const) {
    await page.setViewportSize(size);
    await screenshot(page, testInfo, `track-reply-${name}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole("button", { name: "提交补交材料" }).click();
  await expect(page.locator("#track-reply-sent")).toBeVisible();
  await expect(page.locator("section.track-result")).toHaveAttribute("data-status", "submitted");
  await expect(page.locator("#track-history")).toContainText("已上传近三个月的银行流水。");
  await page.context().addCookies([{ name: "elder", value: "1", domain: "127.0.0.1", path: "/" }]);
  await page.goto("/track");
  await page.getByLabel("申请编号").fill(number);
  await page.getByLabel("查询码").fill(access_code);
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.locator("html")).toHaveClass(/elder/);
  await screenshot(page, testInfo, "track-after-reply-elder");
  await page.context().addCookies([{ name: "elder", value: "0", domain: "127.0.0.1", path: "/" }]);

  // 4. Back at the desk: the case is in the queue again with the photo; the outbox; reports.
  await password(page, clerk, clerkPassword);
  await page.getByLabel("动态验证码").fill(await freshTotp(page, secret));
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/staff\/queue$/);
  await expect(page.locator(`tr[data-number="${number}"]`)).toHaveAttribute("data-stage", "submitted");
  await page.getByRole("link", { name: number }).click();
  await expect(page.locator(".history")).toContainText("已上传近三个月的银行流水。");
  await expect(page.getByRole("link", { name: /png/ })).toHaveCount(1);

  await page.getByRole("link", { name: "通知记录" }).click();
  const notice = page.locator(`table.notifications tr[data-channel="sms"]`, { hasText: number }).first();
  await expect(notice).toContainText("137****7000");
  await expect(page.locator("body")).not.toContainText("13700137000");
  await screenshot(page, testInfo, "staff-notifications");
  await expectNoSeriousA11yViolations(page, testInfo, "staff notifications");

  await page.getByRole("link", { name: "统计报表" }).click();
  await expect(page.locator('[data-report="program"] svg')).toBeVisible();
  await expect(page.locator('[data-report="stage"]')).toContainText("补正");
  await expect(page.locator("#report-total")).not.toContainText("共0件");
  const download = page.waitForEvent("download");
  await page.locator("#report-xlsx").click();
  expect((await download).suggestedFilename()).toBe("reports.xlsx");
  await screenshot(page, testInfo, "staff-reports");
  await expectNoSeriousA11yViolations(page, testInfo, "staff reports");
  await signOut(page);

  // 5. The administrator finds the clerk's steps in the trail and verifies the chain.
  await password(page, "admin.demo", DEMO_PASSWORD);
  await page.getByLabel("动态验证码").fill(await freshTotp(page, DEMO_SECRET));
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("link", { name: "审计日志" }).click();
  await page.getByLabel("操作人").fill(clerk);
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page.locator('tr[data-action="case.request_supplement"]')).toHaveCount(1);
  await expect(page.locator('tr[data-action="account.password-change"]')).toHaveCount(1);
  await page.getByRole("button", { name: "校验整条审计链" }).click();
  await expect(page.locator("#audit-check")).toHaveAttribute("data-ok", "true");
  await screenshot(page, testInfo, "staff-audit");
  await expectNoSeriousA11yViolations(page, testInfo, "staff audit");
  await signOut(page);
});

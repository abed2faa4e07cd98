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
import crypto from "node:crypto";
import { expectNoSeriousA11yViolations, screenshot } from "./support";

const PASSWORD = "demo-password-2026";
const SECRET_B32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const DAY_MS = 86_400_000;

function base32(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0;
  const out: number[] = [];
  for (const c of text) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  return Buffer.from(out);
}

/** RFC 6238 code for the server's clock (`offsetDays` ahead of ours), `stepOffset` steps on. */
function totp(offsetDays: number, stepOffset = 0): string {
  const counter = Math.floor((Date.now() + offsetDays * DAY_MS) / 30_000) + stepOffset;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = crypto.createHmac("sha1", base32(SECRET_B32)).update(msg).digest();
  const o = h[h.length - 1] & 15;
  const code = ((h[o] & 127) << 24 | h[o + 1] << 16 | h[o + 2] << 8 | h[o + 3]) % 1_000_000;
  return String(code).padStart(6, "0");
}

function idNumber(region: string, birth: string, seq: string): string {
  const body = region + birth + seq;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return body + "10X98765432"[sum % 11];
}

async function signIn(page: Page, username: string, offsetDays: number, stepOffset = 0) {
  await page.goto("/staff");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page).toHaveURL(/\/staff\/code$/);
  await page.getByLabel("动态验证码").fill(totp(offsetDays, stepOffset));
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

  // Eight days later the notice is over; it leaves /notices, and the approver decides.
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

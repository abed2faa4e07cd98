// Marriage registration booking (issue 8), end to end.
//
// On the phone (and the kiosk, and a phone without JavaScript): a couple from 安徽 books 结婚登记
// at 北京市朝阳区 — another province — sees the booking code and its QR code, and cancels it
// with the code and a document number; a man one day short of 22 on the chosen date is refused
// with the reason; a divorce 领证 booking inside the cooling-off period is refused with the
// allowed dates explained. On the desk: the registrar's roster shows a booking and check-in by
// its code marks the couple arrived.
//
// Booking dates are relative to the server's "today", so these tests hold the clock lock that
// the staff tests take while they move the server's clock.
import { test, expect, type Page, type APIRequestContext, type TestInfo } from "@playwright/test";
import {
  DEMO_PASSWORD, DEMO_TOTP_SECRET, expectNoSeriousA11yViolations, freshCode, idNumber, screenshot,
  tabTo, withClockLock,
} from "./support";
import { cancelShownBooking, chooseOffice, chooseService, fillParties } from "./booking-steps";

const DAY_MS = 86_400_000;
const PASSWORD = DEMO_PASSWORD;


/** A couple of 蚌山区 (安徽), distinct per test and project: odd 17th digit for the man. */
function couple(testInfo: TestInfo, n: number) {
  const k = (testInfo.project.name.length * 37 + n * 7) % 400;
  const seq = (i: number) => String(i).padStart(3, "0");
  return {
    man: idNumber("340303", "19900101", seq(2 * (k % 200) + 1)),
    woman: idNumber("340303", "19920202", seq(2 * (k % 200) + 2)),
  };
}

const onlyOn = (testInfo: TestInfo, projects: string[]) =>
  test.skip(!projects.includes(testInfo.project.name), `runs on ${projects.join(", ")}`);

/** China's civil date `days` after today (the server's clock is the real one under the lock). */
function chinaDate(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * DAY_MS).toISOString().slice(0, 10);
}

test("book 结婚登记 at an office in another province, see the QR code, cancel it", async ({ page }, testInfo) => {
  onlyOn(testInfo, ["mobile", "kiosk", "nojs"]);
  test.setTimeout(90_000);
  const { man, woman } = couple(testInfo, 1);
  await withClockLock(async () => {
    await chooseService(page, /^结婚登记/);
    await expect(page.locator("h2.heading-m")).toHaveText("填写双方证件信息");
    await screenshot(page, testInfo, "marriage-parties");
    await fillParties(page, man, woman);
    await expect(page.locator(".panel--check")).toContainText("已通过预约前检查");
    await chooseOffice(page, "朝阳区", "北京市 朝阳区");
    await screenshot(page, testInfo, "marriage-dates");
    await expectNoSeriousA11yViolations(page, testInfo, "marriage dates");
    // A date in the middle of the window.
    const dates = page.locator('input[name="date"]:not([disabled])');
    const count = await dates.count();
    expect(count).toBeGreaterThan(3);
    const date = dates.nth(Math.min(9, count - 1));
    const chosen = await date.getAttribute("value");
    await date.check();
    await page.getByRole("button", { name: "继续" }).click();
    await page.locator('input[name="slot"]:not([disabled])').first().check();
    await page.getByRole("button", { name: "预约这个时段" }).click();
    await expect(page).toHaveURL(/\/marriage\/hold\/[0-9a-f]{64}$/);
    await expect(page.locator(".panel--hold")).toContainText("请在");
    await page.getByRole("button", { name: "确认预约" }).click();
    await expect(page).toHaveURL(/\/marriage\/booking\/[0-9a-f]{64}$/);
    const code = (await page.getByTestId("booking-code").innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await expect(page.locator(".booking-qr svg")).toBeVisible();
    expect(chosen).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect(page.locator(".summary-list")).toContainText(chosen!);
    await expect(page.locator(".summary-list")).toContainText("朝阳区民政局婚姻登记处");
    await expect(page.locator("body")).not.toContainText(man);
    await screenshot(page, testInfo, "marriage-booked");
    await expectNoSeriousA11yViolations(page, testInfo, "marriage booked");
    if (testInfo.project.name === "mobile") {
      await page.getByRole("link", { name: "长辈版（大字）" }).click();
      await expect(page.locator("html")).toHaveClass(/elder/);
      await expect(page.getByTestId("booking-code")).toHaveText(code);
      await screenshot(page, testInfo, "marriage-booked-elder");
      await expectNoSeriousA11yViolations(page, testInfo, "marriage booked, elder mode");
    }

    // Cancel with the code and the other party's document number.
    await page.goto("/marriage/manage");
    await page.locator('[name="code"]').fill(code.toLowerCase());
    await page.locator('[name="document_number"]').fill(woman);
    await page.getByRole("button", { name: "查找预约" }).click();
    await expect(page.locator(".summary-list")).toContainText("已预约");
    await screenshot(page, testInfo, "marriage-manage");
    await page.getByRole("button", { name: "取消这个预约" }).click();
    await expect(page.locator(".panel--confirmation")).toContainText("预约已取消");
    await expect(page.locator(".summary-list")).toContainText("已取消");
  });
});

/** The dates the 蚌山区 office offers an adult couple, read through the no-JavaScript form. */
async function offeredDates(request: APIRequestContext, testInfo: TestInfo): Promise<{ office: string; dates: string[] }> {
  const { man, woman } = couple(testInfo, 9);
  const base = {
    service: "marriage", "party_a.document_kind": "resident_id", "party_a.document_number": man,
    "party_a.name": "王大明", "party_b.document_kind": "resident_id", "party_b.document_number": woman,
    "party_b.name": "李小红", mobile: "13900139000",
  };
  const headers = { "sec-fetch-site": "same-origin" };
  const search = await request.post("/marriage", { form: { ...base, action: "search", q: "蚌山" }, headers });
  const office = /name="office" value="(\d+)"/.exec(await search.text())?.[1];
  expect(office).toBeTruthy();
  const page = await request.post("/marriage", { form: { ...base, action: "office", office: office! }, headers });
  const html = await page.text();
  const dates = [...html.matchAll(/name="date" value="(\d{4}-\d{2}-\d{2})"(?![^>]*disabled)/g)].map((m) => m[1]);
  return { office: office!, dates };
}

test("a man one day short of 22 on the chosen date is refused with the reason", async ({ page }, testInfo) => {
  onlyOn(testInfo, ["mobile", "nojs"]);
  await withClockLock(async () => {
    const { dates } = await offeredDates(page.request, testInfo);
    const day = dates[Math.min(5, dates.length - 2)];
    const birthday = new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS);
    const reaches = birthday.toISOString().slice(0, 10);
    const born = `${birthday.getUTCFullYear() - 22}${reaches.slice(5, 7)}${reaches.slice(8, 10)}`;
    const { woman } = couple(testInfo, 2);
    await chooseService(page, /^结婚登记/);
    await fillParties(page, idNumber("340303", born, "071"), woman);
    await expect(page.locator(".panel--check")).toContainText(`于 ${reaches} 满 22 周岁`);
    await chooseOffice(page, "蚌山", "安徽省 蚌埠市 蚌山区");
    const option = page.locator(`input[name="date"][value="${day}"]`);
    await option.check();
    await page.getByRole("button", { name: "继续" }).click();
    const summary = page.locator(".error-summary");
    await expect(summary).toContainText(`登记当天还不满法定婚龄 22 周岁，${reaches} 起可以登记`);
    await expect(page.locator("h2.heading-m")).toHaveText("选择日期");
    await screenshot(page, testInfo, "marriage-under-age");
    await expectNoSeriousA11yViolations(page, testInfo, "marriage under age");
  });
});

test("a divorce 领证 booking inside the cooling-off period is refused with the allowed dates", async ({ page }, testInfo) => {
  onlyOn(testInfo, ["mobile", "kiosk"]);
  const { man, woman } = couple(testInfo, 3);
  await withClockLock(async () => {
    await chooseService(page, /^离婚登记领证/);
    await page.locator('[name="received_on"]').fill(chinaDate(0));
    await fillParties(page, man, woman);
    const summary = page.locator(".error-summary");
    await expect(summary).toContainText("离婚冷静期还没有结束");
    await expect(summary).toContainText(/请预约 \d{4}-\d{2}-\d{2} 到 \d{4}-\d{2}-\d{2} 之间的日子领取离婚证/);
    await expect(page.locator('[name="received_on"]')).toHaveValue(chinaDate(0));
    await screenshot(page, testInfo, "marriage-cooling-off");
    await expectNoSeriousA11yViolations(page, testInfo, "marriage cooling-off refusal");
  });
});



async function registrarSignIn(page: Page, offsetDays: number) {
  await page.goto("/staff");
  await page.getByLabel("用户名").fill("registrar.bengshan");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page).toHaveURL(/\/staff\/code$/);
  // A claimed code (see `freshCode`): another sign-in as this account in the same 30-second
  // step would be refused as a replay.
  await page.getByLabel("动态验证码").fill(await freshCode("registrar.bengshan", DEMO_TOTP_SECRET, offsetDays));
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/staff\/marriage$/);
}

test("the registrar's roster shows the booking; check-in by code marks the couple arrived", async ({ page }, testInfo) => {
  onlyOn(testInfo, ["desktop"]);
  test.setTimeout(120_000);
  await withClockLock(async () => {
    // Two couples book the first date 蚌山区 offers, through the no-JavaScript form.
    const { office, dates } = await offeredDates(page.request, testInfo);
    const day = dates[0];
    const headers = { "sec-fetch-site": "same-origin" };
    const book = async (n: number, names: [string, string]) => {
      const { man, woman } = couple(testInfo, n);
      const form = {
        service: "marriage", "party_a.document_kind": "resident_id", "party_a.document_number": man,
        "party_a.name": names[0], "party_b.document_kind": "resident_id", "party_b.document_number": woman,
        "party_b.name": names[1], mobile: "13900139000", office, date: day,
      };
      const slots = await page.request.post("/marriage", { form: { ...form, action: "date" }, headers });
      const slot = /name="slot" value="(\d{2}:\d{2})"(?![^>]*disabled)/.exec(await slots.text())?.[1];
      expect(slot).toBeTruthy();
      const held = await page.request.post("/marriage", { form: { ...form, action: "slot", slot: slot! }, headers, maxRedirects: 0 });
      expect(held.status()).toBe(303);
      const confirmed = await page.request.post(held.headers()["location"], { form: { action: "confirm" }, headers, maxRedirects: 0 });
      expect(confirmed.status()).toBe(303);
      const booked = await page.request.get(confirmed.headers()["location"]);
      const code = /data-testid="booking-code"[^>]*>([0-9A-Z-]{11})</.exec(await booked.text())?.[1];
      expect(code).toBeTruthy();
      return code!;
    };
    const code = await book(4, ["赵刚", "孙丽"]);
    const second = await book(5, ["钱进", "周敏"]);

    // The registrar reads the server's today, then the clock moves to the booked day.
    await registrarSignIn(page, 0);
    const today = await page.locator("#field-date").inputValue();
    const days = Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
    expect(days).toBeGreaterThan(0);
    const moved = await page.request.post(`/test/clock?days=${days}`, { headers });
    expect(moved.status()).toBe(200);
    try {
      await registrarSignIn(page, days);
      await expect(page.locator("#field-date")).toHaveValue(day);
      const row = page.locator(`tr[data-code="${code}"]`);
      await expect(row).toHaveAttribute("data-status", "booked");
      await expect(row).toContainText("赵刚");
      await screenshot(page, testInfo, "marriage-roster");
      await expectNoSeriousA11yViolations(page, testInfo, "marriage roster");
      await page.getByLabel("签到：预约码").fill(code!.replace("-", "").toLowerCase());
      await page.getByRole("button", { name: "签到", exact: true }).click();
      await expect(page.locator(".panel--confirmation")).toContainText("已签到");
      await expect(row).toHaveAttribute("data-status", "arrived");
      await expect(row).toContainText("已到场办理");
      await screenshot(page, testInfo, "marriage-roster-arrived");

      // The second couple shows the QR code to the desk's camera. Headless Chromium on Linux
      // has neither a camera nor BarcodeDetector: both are stood in for by a script that
      // "sees" the second booking's code, so the island's path — camera button, detection,
      // filling the field, submitting the form — runs for real.
      await page.addInitScript((seen: string) => {
        (window as any).BarcodeDetector = class {
          async detect() { return [{ rawValue: seen }]; }
        };
        navigator.mediaDevices.getUserMedia = async () => {
          const canvas = document.createElement("canvas");
          canvas.width = 64; canvas.height = 64;
          canvas.getContext("2d")!.fillRect(0, 0, 64, 64);
          return canvas.captureStream(5);
        };
      }, second);
      await page.reload();
      await expect(page.locator("[data-scanner]")).toHaveAttribute("data-supported", "true", { timeout: 20_000 });
      await page.getByRole("button", { name: "用摄像头扫码" }).click();
      await expect(page.locator(`tr[data-code="${second}"]`)).toHaveAttribute("data-status", "arrived");
      await expect(page.locator(".panel--confirmation")).toContainText("已签到");
    } finally {
      await page.request.post(`/test/clock?days=${-days}`, { headers });
    }
  });
});

test("an administrator opens Saturday mornings and adds a special date with its own quota", async ({ page }, testInfo) => {
  onlyOn(testInfo, ["desktop"]);
  await withClockLock(async () => {
    await page.goto("/staff");
    await page.getByLabel("用户名").fill("admin.demo");
    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByRole("button", { name: "下一步" }).click();
    // admin.demo also signs in in staff.spec.ts: a code nobody else has used.
    await page.getByLabel("动态验证码").fill(await freshCode(DEMO_TOTP_SECRET, DEMO_TOTP_SECRET));
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/staff\/accounts$/);
    await page.getByRole("link", { name: "婚姻登记预约" }).click();
    await page.getByRole("link", { name: "修改登记处信息和开放时间" }).click();
    await expect(page.locator("h1")).toHaveText("登记处信息和开放时间");
    // A wrong time is refused at its field, nothing saved.
    await page.locator('[name="sat"]').fill("9点到12点");
    await page.getByRole("button", { name: "保存" }).click();
    await expect(page.locator(".error-summary")).toBeVisible();
    await page.locator('[name="sat"]').fill("09:00-12:00");
    await page.locator('[name="phone"]').fill("0552-2000000");
    await page.getByRole("button", { name: "保存" }).click();
    await expect(page.locator(".panel--confirmation")).toContainText("已保存");
    await expect(page.locator(".office")).toContainText("周六 09:00-12:00");
    // A special date three weeks out on a Sunday, released today, 10 marriages a slot.
    const sunday = new Date(Date.now() + 8 * 3600_000 + 21 * DAY_MS);
    sunday.setUTCDate(sunday.getUTCDate() + ((7 - sunday.getUTCDay()) % 7));
    const date = sunday.toISOString().slice(0, 10);
    await page.locator('[name="special.date"]').fill(date);
    await page.locator('[name="special.label"]').fill("集体颁证日");
    await page.locator('[name="special.marriage_capacity"]').fill("10");
    await page.locator('[name="special.release_on"]').fill(chinaDate(0));
    await page.getByRole("button", { name: "添加特殊日期" }).click();
    await expect(page.locator(".panel--confirmation")).toContainText("特殊日期已保存");
    await expect(page.locator("table", { hasText: "集体颁证日" })).toContainText(date);
    await screenshot(page, testInfo, "marriage-office-edit");
    await expectNoSeriousA11yViolations(page, testInfo, "office editing");

    // Residents now see that Sunday, labelled, with its own quota.
    const { dates } = await offeredDates(page.request, testInfo);
    expect(dates).toContain(date);
  });
});

test("a marriage booking made with the keyboard alone", async ({ page }, testInfo) => {
  onlyOn(testInfo, ["desktop"]);
  test.setTimeout(90_000);
  const { man, woman } = couple(testInfo, 6);
  await withClockLock(async () => {
    await page.goto("/marriage");
    await tabTo(page, page.getByLabel(/^结婚登记/));
    await page.keyboard.press("Space");
    await tabTo(page, page.getByRole("button", { name: "继续" }));
    await page.keyboard.press("Enter");
    for (const [name, value] of [
      ["party_a.name", "王大明"], ["party_a.document_number", man],
      ["party_b.name", "李小红"], ["party_b.document_number", woman], ["mobile", "13900139000"],
    ]) {
      await tabTo(page, page.locator(`[name="${name}"]`));
      await page.keyboard.type(value);
    }
    await tabTo(page, page.getByRole("button", { name: "检查是否可以预约" }));
    await page.keyboard.press("Enter");
    // Enter in the search field runs the search (the first button of the form).
    await tabTo(page, page.locator('[name="q"]'));
    await page.keyboard.type("蚌山");
    await page.keyboard.press("Enter");
    await tabTo(page, page.locator('input[name="office"]').first());
    await page.keyboard.press("Space");
    await tabTo(page, page.getByRole("button", { name: "继续" }));
    await page.keyboard.press("Enter");
    // A radio group is one Tab stop; the arrow keys move within it (and choose).
    await tabTo(page, page.locator('input[name="date"]').first());
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await tabTo(page, page.getByRole("button", { name: "继续" }));
    await page.keyboard.press("Enter");
    await tabTo(page, page.locator('input[name="slot"]:not([disabled])').first());
    await page.keyboard.press("Space");
    await tabTo(page, page.getByRole("button", { name: "预约这个时段" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/marriage\/hold\//);
    await tabTo(page, page.getByRole("button", { name: "确认预约" }));
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("booking-code")).toHaveText(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    // Cancel again, so the couple's numbers can be used by the next run.
    await cancelShownBooking(page, man);
  });
});

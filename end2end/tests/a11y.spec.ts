// Accessibility sweep (issue 9): axe-core on every resident and staff page in normal, elder
// (长辈版) and kiosk modes, with zero serious or critical violations; resident pages also in
// every locale. Each page is scanned as first opened and, where it has a form, after submitting
// it empty (the error summary and the invalid fields are a page state of their own).
//
// Modes are the same cookies the portal's own switches set (`elder=1`, `kiosk=1`, `lang=…`).
// Deeper states of each journey (screener results, task list, booking confirmation, the staff
// case actions) are scanned by the journeys' own specs and by tour.spec.ts in every mode.
import { test, expect, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import {
  DEMO_PASSWORD, DEMO_TOTP_SECRET, expectNoSeriousA11yViolations, freshCode, idNumber,
} from "./support";

type Mode = { name: string; cookies: Record<string, string> };
const NORMAL: Mode = { name: "normal", cookies: { elder: "0", kiosk: "0", lang: "zh-CN" } };
const ELDER: Mode = { name: "elder", cookies: { elder: "1", kiosk: "0", lang: "zh-CN" } };
const KIOSK: Mode = { name: "kiosk", cookies: { elder: "0", kiosk: "1", lang: "zh-CN" } };
const KIOSK_ELDER: Mode = { name: "kiosk+elder", cookies: { elder: "1", kiosk: "1", lang: "zh-CN" } };
const TRADITIONAL: Mode = { name: "zh-TW", cookies: { elder: "0", kiosk: "0", lang: "zh-TW" } };
const ENGLISH: Mode = { name: "en", cookies: { elder: "0", kiosk: "0", lang: "en" } };

/** Which modes each viewport is scanned in: kiosk mode belongs to the portrait kiosk screen. */
const MODES_BY_PROJECT: Record<string, Mode[]> = {
  mobile: [NORMAL, ELDER, TRADITIONAL, ENGLISH],
  kiosk: [KIOSK, KIOSK_ELDER],
  desktop: [NORMAL, ELDER, KIOSK],
};

async function setMode(context: BrowserContext, mode: Mode) {
  const url = test.info().project.use.baseURL!;
  await context.addCookies(Object.entries(mode.cookies).map(([name, value]) => ({ name, value, url })));
}

/** Resident pages: path, and the submit button that shows the page's error state, if any. */
const RESIDENT_PAGES: { path: string; submitEmpty?: RegExp }[] = [
  { path: "/" },
  { path: "/eligibility" },
  { path: "/apply" },
  { path: "/apply/commitments" },
  { path: "/apply/resume", submitEmpty: /^(继续填写|繼續填寫|Continue)/ },
  { path: "/marriage" },
  { path: "/marriage/manage" },
  { path: "/track" },
  { path: "/notices" },
  { path: "/contact" },
  { path: "/no-such-page" },
];

async function scan(page: Page, testInfo: TestInfo, what: string) {
  // The page's landmarks and language are part of what is checked, not only axe's rules.
  await expect(page.locator("main#main")).toHaveCount(1);
  expect(await page.locator("html").getAttribute("lang"), `lang of ${what}`).toMatch(/^(zh-CN|zh-TW|en)$/);
  await expectNoSeriousA11yViolations(page, testInfo, what);
}

test("every resident page passes axe in every mode of this viewport", async ({ page, context }, testInfo) => {
  const modes = MODES_BY_PROJECT[testInfo.project.name];
  test.skip(!modes, "the no-JavaScript renderings are scanned by the journeys' specs");
  test.setTimeout(240_000);
  for (const mode of modes) {
    await setMode(context, mode);
    for (const { path, submitEmpty } of RESIDENT_PAGES) {
      const response = await page.goto(path);
      expect(response?.status(), `${path}`).toBeLessThan(path === "/no-such-page" ? 500 : 400);
      if (mode.cookies.kiosk === "1") await expect(page.locator("html")).toHaveClass(/kiosk/);
      if (mode.cookies.elder === "1") await expect(page.locator("html")).toHaveClass(/elder/);
      await expect(page.locator("html")).toHaveAttribute("lang", mode.cookies.lang);
      await scan(page, testInfo, `${path} (${mode.name})`);
      if (mode.cookies.kiosk === "1") {
        // A kiosk has no way out of the resident services: no other site, no staff entrance.
        const ways = await page.locator("a[href]").evaluateAll((links) =>
          links.map((a) => new URL((a as HTMLAnchorElement).href)).filter((u) =>
            u.origin !== location.origin || u.pathname.startsWith("/staff")).map((u) => u.href));
        expect(ways, `links out of the portal on ${path}`).toEqual([]);
      }
      if (submitEmpty) {
        await page.getByRole("button", { name: submitEmpty }).click();
        await expect(page.locator(".error-summary")).toBeVisible();
        await scan(page, testInfo, `${path} with errors (${mode.name})`);
      }
    }
  }
});

/** Signs in with a code no other sign-in of this run has used for the account. */
async function signIn(page: Page, username: string) {
  await page.goto("/staff");
  await page.getByLabel(/用户名|用戶名|Username/).fill(username);
  await page.getByLabel(/密码|密碼|Password/).fill(DEMO_PASSWORD);
  await page.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/\/staff\/code$/);
  await scan(page, test.info(), "/staff/code");
  // admin.demo is also signed in by other specs, which claim steps under the secret's name.
  const key = username === "admin.demo" ? DEMO_TOTP_SECRET : username;
  await page.locator('input[name="code"]').fill(await freshCode(key, DEMO_TOTP_SECRET));
  await page.locator('button[type="submit"]').click();
  await expect(page).not.toHaveURL(/\/staff\/code$/);
}

test("every staff page passes axe in normal, elder and kiosk modes", async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "the staff workspace runs on desks");
  test.setTimeout(300_000);

  // A case at 纬二路街道, which only this spec's clerk works, so its queue and case page exist.
  const clerk = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const clerkPage = await clerk.newPage();
  const applicant = idNumber("340303", "19660606", "051");
  const submitted = await clerkPage.request.post("/api/applications/submit", {
    data: {
      form: {
        programs: ["dibao"], region: "340303", township: "340303003", community: "纬二路社区",
        area: "urban", apply_at: "hukou", residence_permit: "", mobile: "13900139001",
        household: { members: [
          { relation: "applicant", name: "赵一", id_number: applicant, work_status: "unemployed", income: [] },
        ] },
        hardship: "失业，没有收入。", documents: [], notice_read: "yes", commitment_version: "2026-11",
        signatures: [{ signer: "self", guardian: "", typed_name: "赵一", strokes: "120,80 200,160 300,120" }],
      },
      idempotency_key: `a11y-e2e-${Date.now()}-abcdefgh`,
    },
    headers: { "sec-fetch-site": "same-origin" },
  });
  expect(submitted.status(), await submitted.text()).toBe(200);
  const { number } = await submitted.json();

  // Before signing in: the sign-in page and its error state.
  for (const mode of MODES_BY_PROJECT.desktop) {
    await setMode(clerk, mode);
    await clerkPage.goto("/staff");
    await scan(clerkPage, testInfo, `/staff (${mode.name})`);
    await clerkPage.locator('button[type="submit"]').click();
    await expect(clerkPage.locator(".error-summary")).toBeVisible();
    await scan(clerkPage, testInfo, `/staff with errors (${mode.name})`);
  }
  await setMode(clerk, NORMAL);
  await signIn(clerkPage, "intake.weierlu");
  const clerkPages = [
    "/staff/queue", `/staff/cases/${number}`, "/staff/reports", "/staff/notifications", "/staff/password",
  ];

  const admin = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const adminPage = await admin.newPage();
  await signIn(adminPage, "admin.demo");
  await adminPage.goto("/staff/marriage");
  const officeLink = adminPage.locator('a[href^="/staff/marriage/offices/"]').first();
  const officePath = await officeLink.getAttribute("href");
  expect(officePath).toMatch(/^\/staff\/marriage\/offices\//);
  const adminPages = ["/staff/accounts", "/staff/audit", "/staff/marriage", officePath!];

  for (const mode of MODES_BY_PROJECT.desktop) {
    for (const [context, page, paths] of [[clerk, clerkPage, clerkPages], [admin, adminPage, adminPages]] as const) {
      await setMode(context, mode);
      for (const path of paths) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        await expect(page.locator("h1")).toBeVisible();
        await scan(page, testInfo, `${path} (${mode.name})`);
      }
    }
  }
  // A case worker's error state: 不予受理 submitted without its reasons (nothing is stored).
  await setMode(clerk, ELDER);
  await clerkPage.goto(`/staff/cases/${number}`);
  await clerkPage.locator('form.case-action[data-action="not_accept"] button[type="submit"]').click();
  await expect(clerkPage.locator(".error-summary")).toBeVisible();
  await scan(clerkPage, testInfo, "case action with errors (elder)");
  await clerk.close();
  await admin.close();
});

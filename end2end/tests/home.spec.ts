import { test, expect } from "@playwright/test";
import { expectNoSeriousA11yViolations, jsEnabled, screenshot } from "./support";

const SERVICES = ["/eligibility", "/apply", "/marriage", "/track"];

test("home page lists the four services in Simplified Chinese", async ({ page }, testInfo) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("民政服务，网上就能办");
  for (const href of SERVICES) {
    await expect(page.locator(`.service-grid a[href="${href}"]`)).toBeVisible();
  }
  await expect(page.locator('a[href="/staff"]').first()).toBeVisible();
  await screenshot(page, testInfo, "home");
  await expectNoSeriousA11yViolations(page, testInfo, "home");
});

test("language switcher changes the language and remembers it", async ({ page }, testInfo) => {
  await page.goto("/contact");
  await page.getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(/\/contact$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Send the bureau a message");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Civil affairs services, online");
  await page.getByRole("link", { name: "繁體中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-TW");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("民政服務，網上就能辦");
  await screenshot(page, testInfo, "home-zh-TW");
  await expectNoSeriousA11yViolations(page, testInfo, "home zh-TW");
});

test("elder mode enlarges the page and persists", async ({ page }, testInfo) => {
  // Computed styles are read with page.evaluate, which needs JavaScript; the CSS itself does not.
  const measure = jsEnabled(testInfo);
  const bodyType = () =>
    page.evaluate(() => {
      const s = getComputedStyle(document.body);
      return { size: parseFloat(s.fontSize), lineHeight: parseFloat(s.lineHeight) / parseFloat(s.fontSize) };
    });
  await page.goto("/");
  const standard = measure ? await bodyType() : undefined;
  await page.getByRole("link", { name: "长辈版（大字）" }).click();
  await expect(page.locator("html")).toHaveClass(/elder/);
  if (measure && standard) {
    const elder = await bodyType();
    expect(elder.size).toBeGreaterThanOrEqual(22);
    expect(elder.size).toBeGreaterThan(standard.size);
    expect(elder.lineHeight).toBeGreaterThanOrEqual(1.3);
  }
  await page.goto("/contact");
  await expect(page.locator("html")).toHaveClass(/elder/);
  await page.goto("/");
  await screenshot(page, testInfo, "home-elder");
  await expectNoSeriousA11yViolations(page, testInfo, "home elder");
  await page.getByRole("link", { name: "返回标准版" }).click();
  await expect(page.locator("html")).not.toHaveClass(/elder/);
});

test("every resident service on the home page opens under its own heading", async ({ page }, testInfo) => {
  const headings: Record<string, RegExp> = {
    "/eligibility": /./,
    "/apply": /./,
    "/marriage": /^预约婚姻登记$/,
    "/track": /./,
  };
  for (const [href, heading] of Object.entries(headings)) {
    await page.goto("/");
    await page.locator(`a[href="${href}"]`).first().click();
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page.locator("body")).not.toContainText("暂未开通网上办理");
  }
  await expectNoSeriousA11yViolations(page, testInfo, "marriage booking, first step");
});

test("unknown paths get the 404 page", async ({ page }, testInfo) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("找不到这个页面");
  await screenshot(page, testInfo, "not-found");
  await expectNoSeriousA11yViolations(page, testInfo, "404");
});

test("a page downloads only the wasm of the islands it shows", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "no wasm without JavaScript");
  const wasm: string[] = [];
  const caching: string[] = [];
  page.on("response", (r) => {
    if (r.url().endsWith(".wasm")) {
      wasm.push(new URL(r.url()).pathname);
      caching.push(r.headers()["cache-control"] ?? "");
    }
  });
  // The home page has no island: the runtime module only, under the build's content version
  // and cached for a year (any change to the files gives a new version).
  await page.goto("/", { waitUntil: "networkidle" });
  expect(wasm).toHaveLength(1);
  expect(wasm[0]).toMatch(/^\/v\/[0-9a-f]{16}\/pkg\/portal\.wasm$/);
  expect(caching).toEqual(["public, max-age=31536000, immutable"]);
  // The screener's page adds the screener's module (and the chunks it shares), nothing else.
  wasm.length = 0;
  await page.goto("/eligibility", { waitUntil: "networkidle" });
  expect(wasm.some((p) => p.includes("split_screener_island_loader"))).toBe(true);
  expect(wasm.some((p) => /split_(contact_form|signature_pad|document_uploader)/.test(p))).toBe(false);
});

// The eligibility screener as a resident uses it: with JavaScript (the engine runs in wasm,
// the server confirms) and without (every step is a post; the server evaluates). The same
// test body drives both, because both render the same form with the same buttons.
import { test, expect, type Page, type TestInfo } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  chooseRadioByKeyboard, expectNoSeriousA11yViolations, jsEnabled, screenshot, selectByKeyboard, tabTo,
  waitForHydration,
} from "./support";
import { answerFamily, field, next, seeResults } from "./screener-steps";

test.describe("eligibility screener", () => {
  test("a family below the 低保 standard sees 低保 eligible with the monthly amount", async ({ page }, testInfo) => {
    await answerFamily(page, testInfo, "1200");
    const serverDigest = await seeResults(page, testInfo);
    await expect(page.getByRole("heading", { level: 2, name: "初步结果" })).toBeVisible();
    const dibao = page.locator('[data-program="dibao"]');
    await expect(dibao).toHaveAttribute("data-outcome", "eligible");
    // (858 × 3 − 1,200) = 1,374 yuan a month, with the rule it rests on.
    await expect(dibao.locator(".outcome__amount")).toHaveText("每月约 1,374.00 元");
    await expect(dibao).toContainText("低于当地低保标准 858.00 元");
    await expect(dibao).toContainText("《阳西县民政局2023年工作总结》");
    await expect(dibao).toContainText("《社会救助暂行办法》国务院令第649号");
    if (serverDigest) {
      // Browser (wasm) and server outcomes are identical for the same answers: every program,
      // amount, reason, argument and citation (the digest covers them all).
      const results = page.locator("section.results");
      await expect(results).toHaveAttribute("data-server-agrees", "true");
      await expect(results).toHaveAttribute("data-browser-digest", serverDigest);
    }
    await screenshot(page, testInfo, "eligibility-results-eligible");
    await expectNoSeriousA11yViolations(page, testInfo, "screener results");

    // "Apply now" carries the answers into the application.
    await page.getByRole("button", { name: "现在申请" }).click();
    await expect(page).toHaveURL(/\/apply$/);
    await expect(page.locator("[data-carried-members]")).toHaveAttribute("data-carried-members", "3");
    await expect(page.locator("[data-carried-members]")).toContainText("广东省 阳江市 阳西县");
  });

  test("a family at the standard sees 低保 ineligible with the income reason and its citation", async ({ page }, testInfo) => {
    // 2,574 / 3 = 858: equal to the standard is not below it (低于 is strict).
    await answerFamily(page, testInfo, "2574");
    await seeResults(page, testInfo);
    const dibao = page.locator('[data-program="dibao"]');
    await expect(dibao).toHaveAttribute("data-outcome", "ineligible");
    const reason = dibao.locator('[data-message-id="elig-reason-income-not-below"]');
    await expect(reason).toContainText("家庭人均月收入 858.00 元，不低于当地低保标准 858.00 元");
    await expect(reason.locator(".reason__rule")).toContainText("依据：《阳西县民政局2023年工作总结》");
    // The same household is 低保边缘 instead.
    await expect(page.locator('[data-program="dibao_edge"]')).toHaveAttribute("data-outcome", "eligible");
    await screenshot(page, testInfo, "eligibility-results-ineligible");
  });

  test("going back keeps every answer, and errors stop at their group", async ({ page }, testInfo) => {
    await page.goto("/eligibility");
    if (jsEnabled(testInfo)) await waitForHydration(page, "form.screener");
    await next(page);
    const summary = page.locator(".error-summary");
    await expect(summary).toBeVisible();
    await expect(summary.getByRole("link")).toHaveText(["请选择您户籍所在的县（市、区）", "请选择城市或农村"]);
    await screenshot(page, testInfo, "eligibility-errors");
    await expectNoSeriousA11yViolations(page, testInfo, "screener errors");
    await page.getByLabel("云南省 西双版纳傣族自治州 勐腊县").check();
    await page.getByLabel("农村", { exact: true }).check();
    await next(page);
    await field(page, "members[0].birth_date").fill("1950-01-01");
    await field(page, "members[0].work_status").selectOption("farming");
    await page.getByRole("button", { name: "返回上一步" }).click();
    await expect(page.getByLabel("云南省 西双版纳傣族自治州 勐腊县")).toBeChecked();
    await next(page);
    await expect(field(page, "members[0].birth_date")).toHaveValue("1950-01-01");
    // A resident aged 60 or over gets the daily-living group (branching).
    await next(page);
    await next(page);
    await next(page);
    await expect(page.getByRole("heading", { level: 2, name: "生活能不能自理" })).toBeVisible();
    await screenshot(page, testInfo, "eligibility-care");
  });

  test("removing a person moves the later people's answers up, follow-up questions with them", async ({ page }, testInfo) => {
    await page.goto("/eligibility");
    if (jsEnabled(testInfo)) await waitForHydration(page, "form.screener");
    await page.getByLabel("云南省 西双版纳傣族自治州 勐腊县").check();
    await page.getByLabel("农村", { exact: true }).check();
    await next(page);
    await field(page, "members[0].birth_date").fill("1975-03-01");
    await field(page, "members[0].work_status").selectOption("farming");
    const add = page.getByRole("button", { name: "添加一位家庭成员" });
    await add.click();
    await field(page, "members[1].relation").selectOption("spouse");
    await field(page, "members[1].birth_date").fill("1977-08-08");
    await field(page, "members[1].work_status").selectOption("farming");
    await add.click();
    await field(page, "members[2].relation").selectOption("child");
    await field(page, "members[2].birth_date").fill("2012-09-01");
    await field(page, "members[2].work_status").selectOption("student");
    await field(page, "members[2].school_stage").selectOption("compulsory");
    // The school question follows the answer "student" (with JavaScript; without, it is
    // always shown and its hint says when it applies).
    if (jsEnabled(testInfo)) await expect(field(page, "members[1].school_stage")).toBeHidden();

    await page.getByRole("button", { name: /^删除这位成员\s*（第 2 位家庭成员）$/ }).click();
    await expect(page.locator('[data-members="people"] > .person')).toHaveCount(2);
    await expect(page.getByRole("heading", { level: 3, name: "第 2 位家庭成员" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 3, name: "第 3 位家庭成员" })).toHaveCount(0);
    await expect(field(page, "members[1].relation")).toHaveValue("child");
    await expect(field(page, "members[1].birth_date")).toHaveValue("2012-09-01");
    await expect(field(page, "members[1].work_status")).toHaveValue("student");
    await expect(field(page, "members[1].school_stage")).toBeVisible();
    await expect(field(page, "members[1].school_stage")).toHaveValue("compulsory");
    await expect(field(page, "members[2].relation")).toHaveCount(0);
    // The household is still two people on the next group.
    await next(page);
    await expect(page.getByRole("heading", { level: 2, name: "家庭收入" })).toBeVisible();
    await expect(page.locator('[data-members="income"] > .person')).toHaveCount(2);
    await expect(field(page, "members[1].income[0].amount")).toBeVisible();
  });

  // Keyboard alone: Tab, Shift+Tab, Enter, Space and the arrow keys. The birth date is a text
  // field (a native date field's parts are awkward by keyboard and for screen readers), and
  // the parents question is not asked of a 51-year-old, so it is not answered here.
  test("the whole screener with the keyboard alone, focus following each step", async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "a keyboard user at a desk");
    await page.goto("/eligibility");
    await waitForHydration(page, "form.screener");
    // The results arrive with a page load (the server draws them): asked mid-navigation,
    // there is no focused heading yet.
    const focusedHeading = () => page.evaluate(() => {
      const el = document.activeElement;
      return el && /^H[12]$/.test(el.tagName) ? el.textContent?.trim() : null;
    }).catch(() => null);
    const press = async (name: string) => {
      await tabTo(page, page.getByRole("button", { name, exact: true }));
      await page.keyboard.press("Enter");
    };

    // An empty step first: the focus goes to the error summary, whose links lead to the fields.
    await press("继续");
    await expect(page.locator(".error-summary")).toBeFocused();
    await tabTo(page, page.locator(".error-summary a").first());
    await page.keyboard.press("Enter");
    // The link leads to the place question's first choice.
    await expect(page.locator('[id="field-region"]')).toBeFocused();

    await tabTo(page, page.getByLabel("户籍所在的县（市、区）"));
    await page.keyboard.type("阳西");
    await press("查找");
    await expect(page.getByLabel("广东省 阳江市 阳西县")).toBeVisible();
    await chooseRadioByKeyboard(page, "region", "441721");
    await chooseRadioByKeyboard(page, "area", "urban");
    await press("继续");
    await expect.poll(focusedHeading).toBe("家里有哪些人");

    // One person, out of work, born 1975-03-01, typed as the eight digits a numeric keypad can
    // type (the field takes 1975-03-01 as well).
    await tabTo(page, field(page, "members[0].birth_date"));
    await page.keyboard.type("19750301");
    await expect(field(page, "members[0].birth_date")).toHaveValue("19750301");
    await selectByKeyboard(page, field(page, "members[0].work_status"), "unemployed");
    await press("继续");
    await expect.poll(focusedHeading).toBe("家庭收入");
    await press("继续");
    await expect.poll(focusedHeading).toBe("家庭财产");
    await press("继续");
    await expect.poll(focusedHeading).toBe("家里的特殊情况");
    await chooseRadioByKeyboard(page, "facts.emergency", "no");
    await chooseRadioByKeyboard(page, "facts.heavy_necessary_spending", "no");
    await press("查看结果");
    await expect.poll(focusedHeading).toBe("初步结果");
    // No income at all: 低保 at the full standard of 阳西 (858 yuan a month).
    const dibao = page.locator('[data-program="dibao"]');
    await expect(dibao).toHaveAttribute("data-outcome", "eligible");
    await expect(dibao.locator(".outcome__amount")).toHaveText("每月约 858.00 元");
    // Every control on the way had a visible focus indicator (checked on the result's button).
    await tabTo(page, page.getByRole("button", { name: "现在申请" }));
    const outline = await page.getByRole("button", { name: "现在申请" }).evaluate((el) => {
      const s = getComputedStyle(el);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
    });
    expect(outline.style !== "none" && outline.width >= 2 || outline.shadow !== "none").toBe(true);
    await screenshot(page, testInfo, "eligibility-keyboard-results");
  });

  test("one evaluation in wasm in the browser takes well under a millisecond", async ({ page }, testInfo) => {
    test.skip(!jsEnabled(testInfo) || testInfo.project.name !== "mobile", "measured once, in the mobile project");
    await page.goto("/eligibility");
    await waitForHydration(page, "form.screener");
    // The parameters as the island receives them (`Resolved::to_text`, in a JSON string).
    const params: string = await (await page.request.get("/api/eligibility/parameters?region=441721")).json();
    // The answers as the island holds them: input name/value pairs. Income rows follow the
    // screener's fixed order (wage, business, pension, basic resident pension, other).
    const dailyLiving = ["eating", "dressing", "getting_in_and_out_of_bed", "toileting", "walking_indoors", "bathing"];
    const form: [string, string][] = [
      ["region", "441721"], ["area", "urban"],
      ["members[0].relation", "applicant"], ["members[0].birth_date", "1950-03-01"],
      ["members[0].work_status", "retired"],
      ["members[0].income[2].kind", "pension"], ["members[0].income[2].amount", "900"], ["members[0].income[2].period", "monthly"],
      ["members[0].disability_category", "physical"], ["members[0].disability_level", "2"],
      ...dailyLiving.map((f, k): [string, string] => [`members[0].daily_living.${f}`, k % 2 === 0 ? "yes" : "no"]),
      ["members[1].relation", "spouse"], ["members[1].birth_date", "1952-08-08"], ["members[1].work_status", "farming"],
      ["members[1].income[1].kind", "business"], ["members[1].income[1].amount", "3000"], ["members[1].income[1].period", "yearly"],
      ["members[1].income[3].kind", "basic_resident_pension"], ["members[1].income[3].amount", "180"], ["members[1].income[3].period", "monthly"],
      ...dailyLiving.map((f): [string, string] => [`members[1].daily_living.${f}`, "yes"]),
      ["members[2].relation", "grandchild"], ["members[2].birth_date", "2014-05-05"],
      ["members[2].work_status", "student"], ["members[2].school_stage", "compulsory"],
      ["assets.deposits", "5000"],
      ["facts.capable_supporter", "no"], ["facts.needs_long_term_care", "yes"], ["facts.emergency", "not_sure"],
      ["facts.heavy_necessary_spending", "yes"], ["facts.parents", "not_sure"],
    ];
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const msPerEvaluation = await page.evaluate(
      async ({ form, params, today }) => {
        const href = document.querySelector('link[rel="modulepreload"]')?.getAttribute("href");
        if (!href) throw new Error("no wasm module in the page");
        // The module the page already initialized (same URL, same instance).
        const wasm = await import(href);
        wasm.eligibility_benchmark(JSON.stringify(form), params, today, 200); // warm-up
        return wasm.eligibility_benchmark(JSON.stringify(form), params, today, 5000);
      },
      { form, params, today },
    );
    const line = `wasm parse+evaluate (mobile project, Debian chromium): ${msPerEvaluation.toFixed(4)} ms per household\n`;
    fs.writeFileSync(path.join(__dirname, "..", "artifacts", "wasm-eligibility-benchmark.txt"), line);
    console.log(line.trim());
    expect(msPerEvaluation).toBeGreaterThan(0);
  });
});

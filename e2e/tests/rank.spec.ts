// 位次查询 at 院校专业组 level: the profile lives in the URL, groups land in the bands the rule
// puts them in, only the groups the student's 选科 allows are listed (the others counted and
// shown greyed on request), each row says why it is in its band, and the page says that past
// lines are no prediction.
import { test, expect } from "./fixtures";
import { readData } from "./data";

const index = readData("groups/fujian/physics.json");
const schoolName = new Map<number, string>(index.schools.map((s: any) => [s.id, s.name]));

/** The band rule of model/src/volunteer/bands.rs, computed here from the fixture file: the median
 *  of a group's lowest ranks over the three newest years, against the student's rank. */
function reference(group: any): number | null {
  const years = [...index.years].sort((a: number, b: number) => a - b).slice(-3);
  const ranks = group.lines
    .filter((l: any) => years.includes(l[0]) && l[2] != null)
    .map((l: any) => l[2])
    .sort((a: number, b: number) => a - b);
  const n = ranks.length;
  if (n === 0) return null;
  return n % 2 ? ranks[(n - 1) / 2] : Math.floor((ranks[n / 2 - 1] + ranks[n / 2]) / 2);
}
function band(v: number, m: number): string | null {
  if (m * 100 < 70 * v) return null;
  if (m * 100 < 100 * v) return "冲";
  if (m * 100 <= 110 * v) return "稳";
  return "保";
}

// A 物理类 student with 生物+地理 may not enter the 物理+化学 groups.
const RANK = 25000;
const eligible = (g: any) => g.subjects !== "物理+化学";
const placed = index.groups
  .map((g: any) => ({ ...g, name: schoolName.get(g.school), m: reference(g) }))
  .filter((g: any) => g.m != null)
  .map((g: any) => ({ ...g, band: band(RANK, g.m) }));
const nearest = (list: any[]) => [...list].sort((a, b) => Math.abs(a.m - RANK) - Math.abs(b.m - RANK)).slice(0, 30);
// As the page lists them: the 30 nearest, best rank first.
const inBand = (label: string) => nearest(placed.filter((g: any) => eligible(g) && g.band === label)).sort((a, b) => a.m - b.m);
const rankURL = "/rank?province=%E7%A6%8F%E5%BB%BA&track=physics&subjects=biology%2Cgeography&rank=25000";

test("a rank finds 院校专业组 in their 冲 / 稳 / 保 bands, only those the 选科 allows, and the query survives a reload", async ({ page }) => {
  await page.goto("/rank");
  await expect(page.getByRole("heading", { level: 1, name: "位次查询" })).toBeVisible();
  // The default province and track.
  await expect(page.getByLabel("省份")).toHaveValue("福建");
  await expect(page.getByLabel("首选科目（科类）")).toHaveValue("physics");
  await page.getByRole("checkbox", { name: "生物" }).check();
  await page.getByRole("checkbox", { name: "地理" }).check();
  await page.getByLabel("位次（可选）").fill(String(RANK));
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(new RegExp(`${rankURL.replace(/[?]/g, "\\?")}$`));
  await expect(page.getByText("历年分数线和位次仅供参考，不代表今年的录取结果。")).toBeVisible();

  for (const [label, id] of [["冲", "rank-reach"], ["稳", "rank-match"], ["保", "rank-safe"]]) {
    const expected = inBand(label);
    const section = page.locator(`section.${id}`);
    await expect(section.getByRole("heading", { name: `${label}（${expected.length}个专业组）` })).toBeVisible();
    for (const g of expected.slice(0, 2)) {
      const row = section.getByRole("listitem").filter({ has: page.getByRole("link", { name: g.name, exact: true }) })
        .filter({ hasText: `第${g.code}组` });
      await expect(row.first()).toBeVisible();
      // Each row says why it is in its band.
      await expect(row.first().getByText(/参考位次（中位数）/)).toBeVisible();
    }
  }
  // A band shows its 8 nearest groups; the rest on request.
  const safe = inBand("保");
  expect(safe.length).toBeGreaterThan(8);
  const safeSection = page.locator("section.rank-safe");
  await expect(safeSection.locator(".group-row")).toHaveCount(8);
  await safeSection.getByRole("button", { name: `再显示${safe.length - 8}个保的专业组` }).click();
  await expect(safeSection.locator(".group-row")).toHaveCount(safe.length);
  await expect(safeSection.getByRole("button", { name: /^再显示/ })).toBeHidden();

  // The 物理+化学 groups are left out, counted, and shown greyed on request.
  const barred = placed.filter((g: any) => !eligible(g) && g.band);
  expect(barred.length).toBeGreaterThan(0);
  await expect(page.getByText("不符合选科要求", { exact: false }).first()).toBeVisible();
  await expect(page.locator(".group-row.ineligible")).toHaveCount(0);
  await page.getByRole("checkbox", { name: "显示不符合选科要求的专业组（灰色）" }).check();
  await expect(page).toHaveURL(/ineligible=1/);
  await expect(page.locator(".group-row.ineligible").first()).toBeVisible();
  await expect(page.locator(".group-row.ineligible").first().getByRole("button", { name: /加入志愿表/ })).toHaveCount(0);

  await page.goto(rankURL);
  await page.reload();
  await expect(page.getByLabel("位次（可选）")).toHaveValue(String(RANK));
  await expect(page.getByRole("checkbox", { name: "地理" })).toBeChecked();
  const [first, section] = inBand("稳").length ? [inBand("稳")[0], "rank-match"] : [inBand("保")[0], "rank-safe"];
  const link = page.locator(`section.${section}`).getByRole("link", { name: first.name, exact: true }).first();
  await expect(link).toHaveAttribute("href", `/schools/${first.school}/scores?province=%E7%A6%8F%E5%BB%BA&track=physics`);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/schools/${first.school}/scores\\?province=`));
});

test("a score is turned into a rank with the named 一分一段表 year, with 等位分 for earlier years", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/rank");
  await page.getByLabel("高考分数").fill("560");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/score=560/);
  const table = index.tables.find((t: any) => t.year === index.plan_year);
  const rank = table.ranks[table.top - 560].toLocaleString("en-US");
  await expect(page.getByText(`560分约为第${rank}名（按福建物理类${table.year}年一分一段表换算）`)).toBeVisible();
  await expect(page.getByText(`${table.year - 1}年等位分`)).toBeVisible();
  // Without 再选 every group is listed, and the page says so.
  await expect(page.getByText("还没有填再选科目：下面列出所有专业组，没有按选科要求筛选。")).toBeVisible();
});

test("empty and bad input get a message, not an error page", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/rank");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.getByText("请输入分数或位次")).toBeVisible();
  await page.getByLabel("位次（可选）").fill("12.5");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.getByText("位次请输入整数")).toBeVisible();
  await page.getByLabel("位次（可选）").fill("20000");
  await page.getByRole("checkbox", { name: "化学" }).check();
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.getByText("请从化学、生物、思想政治、地理中选两门再选科目（已选1门）")).toBeVisible();
  await page.goto("/rank?province=%E7%A6%8F%E5%BB%BA&track=physics&score=abc");
  await expect(page.getByText("分数格式不正确")).toBeVisible();
  await expect(page.getByRole("button", { name: "重试" })).toHaveCount(0);
});

// Issue #26, item 13: small things a parent typing on a phone hits.
test("a rank typed with a thousands separator is read, and a score beside it is kept apart", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/rank");
  await page.getByLabel("位次（可选）").fill("30,000");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/rank=30000/);
  await expect(page.getByLabel("位次（可选）")).toHaveValue("30000");
  // 分数 and 位次 are fields of their own: a 位次 is never read as a 分数.
  await expect(page.getByLabel("高考分数")).toHaveValue("");
  await expect(page.getByText(/位次 30,000/)).toBeVisible();
});

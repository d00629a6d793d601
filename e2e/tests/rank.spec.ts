// 位次查询: the form's values live in the URL, schools land in the bands the rule puts them in,
// and the page says that past lines are no prediction.
import { test, expect } from "./fixtures";
import { readData } from "./data";

const index = readData("rank/fujian/physics.json");

/** The band rule of model/src/rank.rs, computed here from the fixture file. */
function reference(school: any): number | null {
  const years = [...index.years].sort((a: number, b: number) => a - b).slice(-3);
  const ranks = school.lowest
    .filter((l: any) => years.includes(l.year) && l.rank != null)
    .map((l: any) => l.rank)
    .sort((a: number, b: number) => a - b);
  const n = ranks.length;
  if (n === 0) return null;
  return n % 2 ? ranks[(n - 1) / 2] : Math.floor((ranks[n / 2 - 1] + ranks[n / 2]) / 2);
}
function band(v: number, m: number): string | null {
  if (m * 100 < 70 * v) return null;
  if (m * 100 < 90 * v) return "冲";
  if (m * 100 <= 110 * v) return "稳";
  if (m * 100 <= 150 * v) return "保";
  return null;
}

const RANK = 25000;
const placed = index.schools
  .map((s: any) => ({ ...s, m: reference(s) }))
  .filter((s: any) => s.m != null)
  .map((s: any) => ({ ...s, band: band(RANK, s.m) }));

test("a rank finds schools in their 冲 / 稳 / 保 bands, and the query survives a reload", async ({ page }) => {
  await page.goto("/rank");
  await expect(page.getByRole("heading", { level: 1, name: "位次查询" })).toBeVisible();
  // The default province and track.
  await expect(page.getByLabel("省份")).toHaveValue("福建");
  await expect(page.getByLabel("科类")).toHaveValue("physics");
  await page.getByRole("radio", { name: "位次" }).check();
  await page.getByLabel("你的位次").fill(String(RANK));
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/\/rank\?province=%E7%A6%8F%E5%BB%BA&track=physics&rank=25000$/);
  await expect(page.getByText("历年分数线和位次仅供参考，不代表今年的录取结果")).toBeVisible();

  for (const [label, id] of [["冲", "rank-reach"], ["稳", "rank-match"], ["保", "rank-safe"]]) {
    const expected = placed.filter((s: any) => s.band === label);
    const section = page.locator(`section.${id}`);
    await expect(section.getByRole("heading", { name: `${label}（${expected.length}所）` })).toBeVisible();
    for (const s of expected.slice(0, 3)) {
      await expect(section.getByRole("link", { name: s.name, exact: true })).toBeVisible();
    }
  }
  const outside = placed.find((s: any) => s.band === null);
  await expect(page.getByRole("link", { name: outside.name, exact: true })).toHaveCount(0);

  await page.reload();
  await expect(page.getByLabel("你的位次")).toHaveValue(String(RANK));
  const first = placed.find((s: any) => s.band === "稳");
  const link = page.locator("section.rank-match").getByRole("link", { name: first.name, exact: true });
  await expect(link).toHaveAttribute("href", `/schools/${first.id}/scores?province=%E7%A6%8F%E5%BB%BA&track=physics`);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/schools/${first.id}/scores\\?province=`));
});

test("a score is turned into a rank with the named 一分一段表 year", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/rank");
  await page.getByRole("radio", { name: "分数" }).check();
  await page.getByLabel("你的分数").fill("560");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/score=560/);
  const year = index.table.year;
  const rank = index.table.ranks[index.table.top - 560];
  await expect(page.getByText(`560分约为第${rank}名（按福建物理类${year}年一分一段表换算）`)).toBeVisible();
});

test("empty and bad input get a message, not an error page", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/rank");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.getByText("请输入分数或位次")).toBeVisible();
  await page.getByLabel("你的位次").fill("12.5");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.getByText("请输入整数")).toBeVisible();
  await page.goto("/rank?province=%E7%A6%8F%E5%BB%BA&track=physics&score=abc");
  await expect(page.getByText("分数格式不正确")).toBeVisible();
  await expect(page.getByRole("button", { name: "重试" })).toHaveCount(0);
});

// Issue #26, item 13: small things a parent typing on a phone hits.
test("a rank typed with a thousands separator is read, and switching to 分数 empties the field", async ({ page }) => {
  await page.goto("/rank");
  const number = page.getByLabel("你的位次");
  await number.fill("30,000");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/rank=30000/);
  await expect(page.getByLabel("你的位次")).toHaveValue("30000");
  await page.getByRole("radio", { name: "分数" }).check();
  await expect(page.getByLabel("你的分数")).toHaveValue("");
});

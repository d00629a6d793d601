import { test, expect } from "./fixtures";
import { readData } from "./data";

test("search groups schools and articles", async ({ page }) => {
  await page.goto("/search?q=" + encodeURIComponent("厦门"));
  await expect(page).toHaveTitle(/^搜索：厦门/);
  await expect(page.getByRole("heading", { name: /^院校（\d+）$/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^文章（\d+）$/ })).toBeVisible();
  await expect(page.getByRole("searchbox", { name: "搜索院校或文章" }).last()).toHaveValue("厦门");
});

test("several words must all match", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/search?q=" + encodeURIComponent("江西机电 共同体"));
  await expect(page.getByRole("link", { name: /产教融合共同体正式成立/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^院校/ })).toHaveCount(0);
});

test("no result says so and suggests what to do", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/search?q=" + encodeURIComponent("火星大学"));
  await expect(page.getByRole("heading", { name: "没有找到与“火星大学”相关的院校或文章" })).toBeVisible();
});

test("an empty query explains what to type", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/search");
  await expect(page.getByText("输入院校名称或新闻关键词")).toBeVisible();
});

// Issue #26, item 10: how people type a school's name on a phone. What is found does not
// depend on the screen's width (the results' layout on a phone: the first test, a11y, targets).
const schoolResults = (page: import("@playwright/test").Page) => page.getByRole("region", { name: /^院校（\d+）$/ });

for (const [typed, name] of [
  ["xmdx", "厦门大学"],
  ["fzdx", "福州大学"],
  ["厦大", "厦门大学"],
  ["福大", "福州大学"],
  ["xiada", "厦门大学"],
]) {
  test(`“${typed}” finds ${name}`, { tag: "@any-viewport" }, async ({ page }) => {
    await page.goto("/search?q=" + encodeURIComponent(typed));
    await expect(schoolResults(page).getByRole("link", { name, exact: true })).toBeVisible();
  });
}

for (const typed of ["夏门大学", "厦门大字"]) {
  test(`“${typed}”, one character off, asks whether 厦门大学 was meant`, { tag: "@any-viewport" }, async ({ page }) => {
    await page.goto("/search?q=" + encodeURIComponent(typed));
    await expect(page.getByText("你是不是要找：")).toBeVisible();
    await page.getByRole("link", { name: "厦门大学" }).click();
    await expect(page).toHaveURL(/q=%E5%8E%A6%E9%97%A8%E5%A4%A7%E5%AD%A6/);
    await expect(schoolResults(page).getByRole("link", { name: "厦门大学", exact: true })).toBeVisible();
  });
}

test("a tag's words find every article under the tag", { tag: "@any-viewport" }, async ({ page }) => {
  const tagged = readData("search.json").articles.filter((a: any) => a.tags.includes("产教融合")).length;
  await page.goto("/search?q=" + encodeURIComponent("产教融合"));
  await expect(page.getByRole("heading", { name: new RegExp(`^文章（(\\d+)）$`) })).toBeVisible();
  const shown = Number((await page.getByRole("heading", { name: /^文章（\d+）$/ }).textContent())!.match(/\d+/)![0]);
  expect(shown).toBeGreaterThanOrEqual(tagged);
});

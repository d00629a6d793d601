import { test, expect } from "./fixtures";

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

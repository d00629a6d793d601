import { test, expect } from "./fixtures";

test("a tag page lists its articles with pages", async ({ page }) => {
  await page.goto("/tags/" + encodeURIComponent("招生"));
  await expect(page.getByRole("heading", { name: "标签：招生" })).toBeVisible();
  await expect(page.locator(".article-item")).toHaveCount(15);
  await page.getByRole("link", { name: "下一页" }).click();
  await expect(page).toHaveURL(/\/tags\/%E6%8B%9B%E7%94%9F\?page=2$/);
  await expect(page.getByText("第 2 / ")).toBeVisible();
});

test("an unknown tag is a real 404", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/tags/" + encodeURIComponent("不存在的标签"));
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
});

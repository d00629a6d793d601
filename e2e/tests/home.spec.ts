import { test, expect } from "./fixtures";
import { httpMode } from "./data";

test("home shows featured schools, latest articles, hot tags and a search box", async ({ page }, info) => {
  await page.goto("/");
  await expect(page).toHaveTitle("海峡高考门户");
  const featured = page.getByRole("region", { name: "推荐院校" });
  await expect(featured.getByRole("link", { name: "江西机电职业技术学院" })).toBeVisible();
  await expect(featured.getByText("14.9万")).toBeVisible();
  await expect(page.getByRole("region", { name: "最新资讯" }).getByRole("listitem")).toHaveCount(10);
  await expect(page.getByRole("region", { name: "热门关注" }).getByRole("link", { name: "招生", exact: true })).toBeVisible();
  await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /院校库/);
  // Only bundled demo data says so.
  await expect(page.getByText("演示模式")).toHaveCount(httpMode(info) ? 0 : 1);
});

test("searching from the home page finds schools and articles in Chinese", async ({ page }) => {
  await page.goto("/");
  // The home page's own search box, in the app's page: the shell's header box (shown while the
  // app downloads) is replaced when the app arrives, and on the home page the app hides it.
  const main = page.getByRole("main");
  await main.getByRole("searchbox", { name: "搜索院校或文章" }).fill("机电");
  await main.getByRole("button", { name: "搜索" }).click();
  await expect(page).toHaveURL(/\/search\?q=%E6%9C%BA%E7%94%B5$/);
  await expect(page.getByRole("heading", { name: /^院校（\d+）$/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "江西机电职业技术学院" }).first()).toBeVisible();
});

test("a hot tag leads to its articles", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/");
  const tag = page.getByRole("region", { name: "热门关注" }).getByRole("link").nth(3);
  const name = (await tag.textContent())!;
  await tag.click();
  await expect(page.getByRole("heading", { name: `标签：${name}` })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`^${name} 相关文章`));
});

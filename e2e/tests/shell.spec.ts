import { test, expect } from "./fixtures";

test.describe("app shell and routing", () => {
  test("home loads with the site banner, navigation and a title", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("link", { name: /海峡高考门户/ })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
    await expect(page.getByRole("button", { name: "登录" })).toBeVisible();
    await expect(page.getByRole("contentinfo")).toContainText("海峡高考门户");
    await expect(page).toHaveTitle(/海峡高考门户/);
  });

  test("navigating by clicking changes the page and the title without a reload", async ({ page }) => {
    await page.goto("/");
    await page.evaluate(() => ((window as any).__sameDocument = true));
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "院校库" }).click();
    await expect(page).toHaveURL(/\/schools$/);
    await expect(page).toHaveTitle(/^院校库 - 海峡高考门户$/);
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
  });

  test("a deep link reloads on the static host", { tag: "@any-viewport" }, async ({ page }) => {
    const response = await page.goto("/schools");
    // A static host answers unknown paths with 404.html, which is the app itself.
    expect([200, 404]).toContain(response?.status());
    await expect(page).toHaveTitle(/^院校库 - /);
    await page.reload();
    await expect(page).toHaveTitle(/^院校库 - /);
  });

  test("an unknown path shows a real 404 page with a way home", { tag: "@any-viewport" }, async ({ page }) => {
    await page.goto("/no/such/page");
    await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
    await expect(page).toHaveTitle(/^页面不存在 - /);
    await page.getByRole("link", { name: "返回首页" }).click();
    await expect(page).toHaveURL(/\/$/);
  });
});

import { test, expect, blockApp } from "./fixtures";
import { seedSchool } from "./data";

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

// A slow phone: the app (its JavaScript and wasm) is still on its way. The shell in index.html
// paints the site's header and a skeleton at once, never a blank page (issue #26, item 1).
/** Holds the app's code until the returned function is called. */
async function holdAppCode(page: import("@playwright/test").Page) {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.(js|wasm)$/, async (route) => {
    await held;
    await route.continue().catch(() => {});
  });
  return release;
}

test.describe("the shell before the app", () => {
  test("a page not rendered ahead of time shows the header and a skeleton while the app downloads", async ({ page }) => {
    const release = await holdAppCode(page);
    await page.goto(`/schools/${seedSchool.id}/scores`, { waitUntil: "commit" });
    const banner = page.getByRole("banner");
    await expect(banner.getByRole("link", { name: /海峡高考门户/ })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "院校库" })).toBeVisible();
    await expect(page.locator("main .skeleton").first()).toBeVisible();
    const shellBar = await page.locator(".header-bar").boundingBox();
    const shellNav = await page.getByRole("navigation", { name: "主导航" }).boundingBox();
    // Typed into the shell's search box before the app: kept.
    await page.getByRole("searchbox").fill("厦门");

    release();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("分数线");
    await expect(page.locator("#shell")).toHaveCount(0);
    await expect(page.getByRole("banner")).toHaveCount(1);
    // The app's header sits where the shell's was: nothing jumps at the hand-over.
    expect(await page.locator(".header-bar").boundingBox()).toEqual(shellBar);
    expect(await page.getByRole("navigation", { name: "主导航" }).boundingBox()).toEqual(shellNav);
    await expect(page.getByRole("searchbox", { name: "搜索院校或文章" })).toHaveValue("厦门");
  });

  test("on the home page, what was typed into the shell's header search stays in view once the app arrives", async ({ page }) => {
    const release = await holdAppCode(page);
    await page.goto("/", { waitUntil: "commit" });
    await page.getByRole("banner").getByRole("searchbox").fill("厦门");

    release();
    await expect(page.locator("#shell")).toHaveCount(0);
    await expect(page.getByRole("main").getByRole("searchbox")).toBeVisible();
    // The home page's own box is there, and the header's keeps the text (it would otherwise
    // give way to the page's box, taking the text out of sight).
    const header = page.getByRole("banner").getByRole("searchbox");
    await expect(header).toBeVisible();
    await expect(header).toHaveValue("厦门");
    await header.fill("");
    await header.blur();
    await expect(header).toBeHidden();
  });

  test("its links work before the app, and a failed download says to reload", async ({ page }) => {
    await blockApp(page);
    await page.goto("/rank");
    await expect(page.getByRole("alert").filter({ hasText: "加载失败，请检查网络后刷新页面" })).toBeVisible();
    await expect(page.locator("main .skeleton")).toHaveCount(0);
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "院校库" }).click();
    await expect(page).toHaveURL(/\/schools$/);
  });

  test("404.html, what static hosts answer for unknown paths, carries the shell too", async ({ request }) => {
    const html = await (await request.get("/404.html")).text();
    expect(html).toMatch(/<div id="?shell"?/);
  });
});

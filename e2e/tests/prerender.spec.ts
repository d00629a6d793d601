import { test, expect } from "./fixtures";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PRERENDERED_PORT, SUBPATH_PORT } from "../playwright.config";
import { seedArticle, seedSchool, SEED_TITLE, NEXT_TITLE, readData, searchIndex } from "./data";

// dist/ with article pages rendered ahead of time by scripts/prerender.mjs (scripts/test.sh
// writes target/dist-prerendered). One viewport is enough.
test.beforeEach(async ({}, info) => test.skip(info.project.name !== "desktop", "viewport-independent"));

const site = `http://127.0.0.1:${PRERENDERED_PORT}`;
const seedUrl = `${site}/articles/${seedArticle.id}`;
const snapshotFile = path.resolve(path.dirname(new URL(import.meta.url).pathname), `../../target/dist-prerendered/articles/${seedArticle.id}.html`);

test("with JavaScript off, a pre-rendered article is readable, links and all", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
  const page = await context.newPage();
  const response = await page.goto(seedUrl);
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle(`${SEED_TITLE} - 海峡高考门户`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
  await expect(page.locator(".article-body")).toContainText("10月31日");
  await expect(page.getByRole("navigation", { name: "当前位置" }).getByRole("link", { name: "首页" })).toHaveAttribute("href", "/");
  // Only what the page needs: no "turn on JavaScript" notice over a readable article.
  await expect(page.getByText("需要启用 JavaScript")).toHaveCount(0);
  await context.close();
});

test("the text shows before the app starts, and the app takes over the same page in one step", async ({ page }) => {
  // The app's own request for the article is slow: the snapshot must stay up meanwhile.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/data/articles/${seedArticle.id}.json`, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(seedUrl);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
  // The app has started and hides behind the snapshot: no skeleton, no second copy shows.
  await page.waitForSelector("html[data-prerendered]", { state: "attached" });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
  await expect(page.locator(".skeleton:visible")).toHaveCount(0);
  release();
  await page.waitForSelector("html[data-ready]", { state: "attached" });
  await expect(page.locator("#prerendered")).toHaveCount(0);
  await expect(page.locator("html[data-prerendered]")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
  await expect(page.locator('meta[name="description"]')).toHaveCount(1);
  await expect(page).toHaveTitle(`${SEED_TITLE} - 海峡高考门户`);
  // The app's page, not a dead copy: 下一篇 navigates inside the app.
  await page.evaluate(() => ((window as any).samePage = true));
  await page.getByRole("navigation", { name: "上一篇和下一篇" }).getByRole("link", { name: NEXT_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(NEXT_TITLE);
  expect(await page.evaluate(() => (window as any).samePage)).toBe(true);
});

test("a snapshot of other data is dropped once config.json names another source", async ({ page }) => {
  await page.route("**/config.json", (route) => route.fulfill({ json: { data_source: "http", api_base: "/api-elsewhere" } }));
  // The other source has not answered yet: the demo copy must already be gone.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api-elsewhere/**", async (route) => {
    await held;
    await route.fulfill({ status: 404, json: { code: "not_found", message: "没有这篇文章" } });
  });
  await page.goto(seedUrl);
  await page.waitForSelector("html[data-source]", { state: "attached" });
  await expect(page.getByText(SEED_TITLE)).toHaveCount(0);
  await expect(page.locator("#prerendered")).toHaveCount(0);
  await expect(page.locator(".skeleton").first()).toBeVisible();
  release();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
});

test("a snapshot served at another path is dropped at start", async ({ page }) => {
  // A host that answers /articles/<other> with the seed's file must not show the seed there.
  const other = searchIndex.articles.find((a: any) => a.id !== seedArticle.id);
  const otherTitle = readData(`articles/${other.id}.json`).info.title;
  await page.route(`**/articles/${other.id}`, (route) =>
    route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: readFileSync(snapshotFile, "utf8") }),
  );
  await page.goto(`${site}/articles/${other.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(otherTitle);
  await expect(page.getByText(SEED_TITLE)).toHaveCount(0);
});

test("an article that was not rendered ahead of time is drawn by the app as before", async ({ page }) => {
  const response = await page.goto(`${site}/articles/999999`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
});

test("a sub-path deploy renders its pages with the prefix", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${SUBPATH_PORT}/portal/articles/${seedArticle.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
  await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "院校库" })).toHaveAttribute("href", "/portal/schools");
  await context.close();
});

test("a pre-rendered page keeps the strict Content-Security-Policy with no violations", async ({ page }) => {
  await page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(seedUrl);
  expect(response?.headers()["content-security-policy"]).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  await page.waitForSelector("html[data-ready]", { state: "attached" });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
  await page.getByRole("button", { name: "微信" }).click();
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
});

/** Holds the app's wasm until the returned function is called: the snapshot is all there is. */
async function holdApp(page: import("@playwright/test").Page) {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/*_bg.wasm", async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test("a button tapped before the app has taken over waits, then does its job", async ({ page }) => {
  const release = await holdApp(page);
  await page.goto(seedUrl);
  const follow = page.getByRole("button", { name: `关注${seedSchool.name}` });
  await follow.click();
  await expect(follow).toHaveAttribute("aria-busy", "true");
  // Said, not only dimmed: a screen reader hears it too.
  await expect(page.getByRole("status").filter({ hasText: "正在加载" })).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  release();
  // Following needs an account: the app opens the sign-in dialog, as a tap on its own page does.
  await expect(page.getByRole("dialog")).toBeVisible();
  await expect(page.getByRole("dialog").getByRole("heading", { level: 2 }).first()).toBeVisible();
  await expect(page.locator("#prerendered")).toHaveCount(0);
  await expect(page.getByText("正在加载")).toHaveCount(0);
});

test("a tap after the app failed to download says to reload, and the article stays readable", async ({ page }) => {
  await page.route("**/*_bg.wasm", (route) => route.abort());
  await page.goto(seedUrl);
  const follow = page.getByRole("button", { name: `关注${seedSchool.name}` });
  await follow.click();
  await expect(page.getByRole("status").filter({ hasText: "加载失败，请检查网络后刷新页面" })).toBeVisible();
  await expect(follow).not.toHaveAttribute("aria-busy", "true");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
  await expect(page.getByText("正在加载")).toHaveCount(0);
});

test("a tap waiting when the app's download fails says to reload instead", async ({ page }) => {
  let fail = () => {};
  const failing = new Promise<void>((resolve) => (fail = resolve));
  await page.route("**/*_bg.wasm", async (route) => {
    await failing;
    await route.abort();
  });
  await page.goto(seedUrl);
  const follow = page.getByRole("button", { name: `关注${seedSchool.name}` });
  await follow.click();
  await expect(page.getByRole("status").filter({ hasText: "正在加载" })).toBeVisible();
  fail();
  await expect(page.getByRole("status").filter({ hasText: "加载失败，请检查网络后刷新页面" })).toBeVisible();
  await expect(follow).not.toHaveAttribute("aria-busy", "true");
});

test("a double tap before the app has taken over is done once", async ({ page }) => {
  const release = await holdApp(page);
  await page.goto(seedUrl);
  await page.getByRole("button", { name: "微信" }).dblclick();
  release();
  await page.waitForSelector("html[data-ready]", { state: "attached" });
  // Once, so the panel is open (twice would have closed it again).
  await expect(page.getByRole("button", { name: "微信" })).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("img", { name: "本页二维码" })).toBeVisible();
});

test("searching from a pre-rendered page works before the app and without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(seedUrl);
  const box = page.getByRole("search", { name: "全站搜索" }).getByRole("searchbox");
  await box.fill("机电");
  await box.press("Enter");
  await expect(page).toHaveURL(`${site}/search?q=${encodeURIComponent("机电")}`);
  await context.close();
});

test("a tap on a button the app shows otherwise (already followed) is dropped, not turned around", async ({ page }) => {
  // Signed in as the demo account and following the school: the snapshot still shows "+ 关注".
  await page.goto(seedUrl);
  await page.waitForSelector("html[data-ready]", { state: "attached" });
  await page.getByRole("banner").getByRole("button", { name: "登录" }).click();
  await page.getByLabel("账号", { exact: true }).fill("demo");
  await page.getByLabel("密码", { exact: true }).first().fill("gaokao2024");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("banner").getByText("demo")).toBeVisible();
  const follow = page.getByRole("button", { name: `关注${seedSchool.name}` });
  if ((await follow.getAttribute("aria-pressed")) !== "true") await follow.click();
  await expect(follow).toHaveAttribute("aria-pressed", "true");

  const release = await holdApp(page);
  await page.reload();
  await expect(follow).toHaveText("+ 关注");
  await follow.click();
  release();
  await page.waitForSelector("html[data-ready]", { state: "attached" });
  await expect(follow).toHaveText("已关注");
  // A replay is a zero-delay timer set at the hand-over, before data-ready was marked: a timer
  // set now runs after it, and a second one after whatever it changed.
  for (let i = 0; i < 2; i++) await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  await expect(follow).toHaveAttribute("aria-pressed", "true");
});

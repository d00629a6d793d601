import { test, expect } from "./fixtures";
import { SUBPATH_PORT } from "../playwright.config";
import { seedArticle } from "./data";

// The pre-rendered dist/ moved below /portal/ by scripts/rebase.mjs (no second build), served
// there by a static host.
const root = `http://127.0.0.1:${SUBPATH_PORT}/portal/`;

test("a sub-path deploy keeps every link and request under its prefix", async ({ page }) => {
  const outside: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(root)) outside.push(r.url());
  });
  // The inline scripts were rewritten: their new hashes must be in the CSP.
  await page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(root);
  await expect(page.getByRole("region", { name: "推荐院校" })).toBeVisible();
  // That region is the snapshot's until the app takes over: a click at the moment it hands
  // over was lost once (the link went with the snapshot). The links below are the app's.
  await expect(page.locator("#prerendered")).toHaveCount(0);
  const nav = page.getByRole("navigation", { name: "主导航" });
  await expect(nav.getByRole("link", { name: "院校库" })).toHaveAttribute("href", "/portal/schools");
  await nav.getByRole("link", { name: "院校库" }).click();
  await expect(page).toHaveURL(`${root}schools`);
  await page.getByLabel("办学层次").selectOption({ label: "本科" });
  await expect(page).toHaveURL(`${root}schools?level=undergraduate`);
  // A page that opens a module of its own: the split build's preloads and loader follow the base.
  await page.goto(`${root}rank`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto(`${root}articles/${seedArticle.id}`);
  const photo = page.getByRole("img", { name: /产教融合共同体/ });
  await expect(photo).toBeVisible();
  // Article images load lazily: bring it into view, then wait for the bytes (a phone or a slow
  // machine may show the box before the picture arrives). The article was rendered ahead of
  // time, so the photo first found may be the snapshot's, replaced when the app takes over:
  // the whole step is retried.
  await expect(async () => {
    await photo.scrollIntoViewIfNeeded({ timeout: 2_000 });
    expect(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  }).toPass({ timeout: 20_000 });
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("产教融合共同体");
  await page.goto(`${root}nowhere`);
  await page.getByRole("link", { name: "返回首页" }).click();
  await expect(page).toHaveURL(root);
  expect(outside).toEqual([]);
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
});

test("a pre-rendered page moved below the prefix is shown at its new path before the app starts", async ({ page }) => {
  // The app is held back: only the snapshot and src/browser/prerender.js are at work.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/*_bg.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${root}articles/${seedArticle.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("产教融合共同体");
  await expect(page.locator("html")).toHaveAttribute("data-snapshot-path", `/portal/articles/${seedArticle.id}`);
  await expect(page.locator("html[data-snapshot-elsewhere]")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "当前位置" }).getByRole("link", { name: "首页" })).toHaveAttribute("href", "/portal/");
  release();
  await page.waitForSelector("html[data-ready]", { state: "attached" });
  await expect(page.locator("#prerendered")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("产教融合共同体");
});

test("the service worker of a sub-path deploy installs with the sub-path as its scope", async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: "allow" });
  const page = await context.newPage();
  await page.goto(root);
  // `ready` resolves once the worker has activated, which needs every file of its shell.
  expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(root);
  await context.close();
});

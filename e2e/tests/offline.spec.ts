import { test, expect, serveCopy, pageWithWorker } from "./fixtures";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedArticle, seedSchool, searchIndex } from "./data";

// The service worker, offline reading and installability; one viewport is enough (the phone
// project leaves this file out).

test("pages opened before can be read offline and say they are offline copies", async ({ browser, baseURL }) => {
  const { context, page, allKept } = await pageWithWorker(browser, baseURL);
  await page.goto(`/schools/${seedSchool.id}`);
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();
  await page.goto(`/articles/${seedArticle.id}`);
  await expect(page.locator(".article-body p").first()).toBeVisible();
  await allKept();

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator(".article-body p").first()).toBeVisible();
  await expect(page.getByText("离线副本：这是您之前打开时保存的内容")).toBeVisible();
  await page.getByRole("navigation", { name: "当前位置" }).getByRole("link", { name: seedSchool.name }).click();
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();

  const unvisited = searchIndex.articles.find((a: any) => a.id !== seedArticle.id && a.school_id !== seedSchool.id);
  await page.goto(`/articles/${unvisited.id}`);
  await expect(page.getByRole("alert").filter({ hasText: "网络已断开" })).toBeVisible();
  await context.close();
});

test("the first page of a visit is kept too, though its data came before the worker", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, serviceWorkers: "allow" });
  const page = await context.newPage();
  // A visitor arrives from a shared link: the school page is the first page, fetched uncontrolled.
  await page.goto(`/schools/${seedSchool.id}`);
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The page hands the worker what it loaded; the worker keeps the school's data.
  const kept = (file: string) => page.evaluate(async (f) => !!(await (await caches.open("data-v1")).match(f)), file);
  await expect.poll(() => kept(`data/schools/${seedSchool.id}.json`)).toBe(true);
  await page.getByRole("link", { name: "全部新闻 ›" }).click();
  await expect(page.locator(".article-item").first()).toBeVisible();

  await context.setOffline(true);
  await page.goto(`/schools/${seedSchool.id}`);
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();
  await expect(page.getByText("离线副本：这是您之前打开时保存的内容")).toBeVisible();
  await context.close();
});

test("a page's code is kept when the page is first opened, not all of it on install", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, serviceWorkers: "allow" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("region", { name: "推荐院校" })).toBeVisible();
  await page.evaluate(() => navigator.serviceWorker.ready);
  const kept = () =>
    page.evaluate(async () => {
      const shell = (await caches.keys()).find((k) => k.startsWith("shell-"));
      const keys = shell ? await (await caches.open(shell)).keys() : [];
      return keys.map((r) => new URL(r.url).pathname.replace(/-[0-9a-f]+(_bg)?\.(wasm|js|css)$/, ""));
    });
  // The home page's module came before the worker; the page hands it over and it is kept.
  await expect.poll(kept).toContain("/split-home");
  expect(await kept()).toContain("/haixia-portal"); // the main module is the shell's
  expect(await kept()).not.toContain("/split-admissions");

  await page.getByRole("link", { name: "位次查询" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "位次查询" })).toBeVisible();
  await expect.poll(kept).toContain("/split-admissions");
  await context.close();
});

test("answers marked no-store are never kept, and the kept data is bounded", async ({ browser }) => {
  // A private copy of the site whose worker keeps at most 3 answers.
  const site = mkdtempSync(path.join(tmpdir(), "portal-bounded-"));
  cpSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../dist"), site, { recursive: true });
  const sw = path.join(site, "sw.js");
  writeFileSync(sw, readFileSync(sw, "utf8").replace(/const DATA_LIMIT = \d+;/, "const DATA_LIMIT = 3;"));
  const server = await serveCopy(site);
  const context = await browser.newContext({ baseURL: server.origin, serviceWorkers: "allow" });
  try {
    // The home page's data says no-store (the context's routes also see the worker's requests).
    await context.route("**/data/home.json", async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), "cache-control": "no-store" } });
    });
    const page = await context.newPage();
    await page.goto("/");
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload(); // now controlled
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await expect(page.getByRole("region", { name: "推荐院校" })).toBeVisible();
    const keys = () => page.evaluate(async () => (await (await caches.open("data-v1")).keys()).map((r) => new URL(r.url).pathname));
    await page.goto(`/schools/${seedSchool.id}`);
    await expect.poll(keys).toContain(`/data/schools/${seedSchool.id}.json`);
    expect(await keys()).not.toContain("/data/home.json");
    for (const url of [`/schools/${seedSchool.id}`, `/articles/${seedArticle.id}`, `/schools/${seedSchool.id}/articles`, "/schools"]) {
      await page.goto(url);
      await expect(page.getByRole("main").locator("h1").first()).toBeVisible();
    }
    // More than three answers were fetched through the worker; three are left, the latest
    // (the directory's data is kept after its heading shows).
    await expect.poll(keys).toContain("/data/directory/1.json");
    await expect.poll(async () => (await keys()).length).toBe(3);
  } finally {
    await context.close();
    server.stop();
    rmSync(site, { recursive: true, force: true });
  }
});

test("a new deploy replaces the cached app shell instead of mixing versions", async ({ browser }) => {
  // A private copy of the site on its own server, so the "deploy" can change files on disk.
  const site = mkdtempSync(path.join(tmpdir(), "portal-deploy-"));
  cpSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../dist"), site, { recursive: true });
  const server = await serveCopy(site);
  const context = await browser.newContext({ baseURL: server.origin, serviceWorkers: "allow" });
  try {
    const page = await context.newPage();
    await page.goto("/");
    await page.evaluate(() => navigator.serviceWorker.ready);
    const shells = () => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("shell-")));
    await expect.poll(shells).toHaveLength(1);
    const first = (await shells())[0];
    // The next deploy writes a service worker of another version.
    const sw = path.join(site, "sw.js");
    writeFileSync(sw, readFileSync(sw, "utf8").replace(/const VERSION = "[^"]+"/, 'const VERSION = "next-deploy"'));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await expect.poll(shells, { timeout: 15_000 }).toEqual(["shell-next-deploy"]);
    expect(first).not.toBe("shell-next-deploy");
    await page.reload();
    await expect(page.getByRole("region", { name: "推荐院校" })).toBeVisible();
  } finally {
    await context.close();
    server.stop();
    rmSync(site, { recursive: true, force: true });
  }
});

test("the app is installable: manifest with icons", async ({ page, request }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const manifest = await (await request.get(`/${href}`)).json();
  expect(manifest.name).toBe("海峡高考门户");
  expect(manifest.display).toBe("standalone");
  for (const icon of manifest.icons) expect((await request.get(`/${icon.src}`)).ok()).toBe(true);
  expect(manifest.icons.map((i: any) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
});

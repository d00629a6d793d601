// The release build downloads a page's code when the page is first opened (src/chunks.rs,
// scripts/split-wasm.mjs): an article needs none of it, and a failed download says so and
// recovers with 重试.
import { test, expect } from "./fixtures";

/** The modules cut out of the main wasm (split-<group>-<hash>.wasm and shared chunk-N-<hash>.wasm). */
const pageModule = (url: URL) => /\/(split|chunk)-[\w-]+-[0-9a-f]+\.wasm$/.test(url.pathname);

test("an article's first load downloads no page module; the directory's is fetched when opened", async ({ page }) => {
  const modules: string[] = [];
  page.on("request", (request) => {
    if (pageModule(new URL(request.url()))) modules.push(new URL(request.url()).pathname);
  });
  await page.goto("/articles/1");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("main")).toHaveAttribute("aria-busy", "false");
  expect(modules).toEqual([]);

  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "院校库" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "院校库" })).toBeVisible();
  expect(modules.some((m) => m.includes("/split-directory-"))).toBe(true);
});

test("a page whose code fails to download says so, and 重试 downloads it again", async ({ page }) => {
  let fail = true;
  await page.route(pageModule, (route) => (fail ? route.abort("connectionreset") : route.fallback()));
  await page.goto("/schools");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("内容下载失败，请检查网络后重试");
  // The frame still works meanwhile.
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();

  fail = false;
  await alert.getByRole("button", { name: "重试" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "院校库" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
});

test("while a page's code is on its way, the page is marked busy and the skeleton shows", async ({ page }) => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(pageModule, async (route) => {
    await released;
    await route.fallback().catch(() => {});
  });
  await page.goto("/rank");
  await expect(page.getByRole("main")).toHaveAttribute("aria-busy", "true");
  await expect(page.getByRole("heading", { level: 1, name: "页面加载中" })).toBeAttached();
  release();
  await expect(page.getByRole("heading", { level: 1, name: "位次查询" })).toBeVisible();
  await expect(page.getByRole("main")).toHaveAttribute("aria-busy", "false");
});

test("the page being opened asks for its modules at once, beside the main module", async ({ page }) => {
  for (const path of ["/", "/schools", "/search?q=大学", "/schools/1", "/schools/1/articles", "/schools/1/scores", "/rank", "/plan", "/compare", "/me"]) {
    const requested = new Set<string>();
    const listen = (request: { url(): string }) => {
      const url = new URL(request.url());
      if (pageModule(url)) requested.add(url.pathname);
    };
    page.on("request", listen);
    await page.goto(path);
    await expect(page.getByRole("main")).toHaveAttribute("aria-busy", "false");
    await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("页面加载中");
    page.off("request", listen);
    const preloaded = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="fetch"]')].map((l) => new URL(l.href).pathname),
    );
    expect(requested.size, path).toBeGreaterThan(0);
    expect(preloaded.filter((p) => pageModule(new URL(p, "http://x"))).sort(), path).toEqual([...requested].sort());
  }
});

test("the QR code's encoder downloads when 微信 is first opened; a failed download says so and 重试 draws it", async ({ page }) => {
  const qrModule = (url: URL) => /\/split-qr-[0-9a-f]+\.wasm$/.test(url.pathname);
  let fail = true;
  const asked: string[] = [];
  await page.route(qrModule, (route) => {
    asked.push(route.request().url());
    return fail ? route.abort("connectionreset") : route.fallback();
  });
  await page.goto("/articles/1");
  await expect(page.getByRole("main")).toHaveAttribute("aria-busy", "false");
  expect(asked).toEqual([]);

  const share = page.getByRole("region", { name: "分享：" });
  await share.getByRole("button", { name: "微信" }).click();
  const alert = share.getByRole("alert");
  await expect(alert).toContainText("加载失败");
  expect(asked.length).toBeGreaterThan(0);

  fail = false;
  await alert.getByRole("button", { name: "重试" }).click();
  await expect(share.getByRole("img", { name: "本页二维码" })).toBeVisible();
  await expect(share.getByRole("alert")).toHaveCount(0);
});

test("a page's data is asked for while its code is still on its way, not after", async ({ page }) => {
  await page.goto("/schools/1");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("main")).toHaveAttribute("aria-busy", "false");
  // From now on every page module waits until the data has been asked for.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held: string[] = [];
  await page.route(pageModule, async (route) => {
    held.push(new URL(route.request().url()).pathname);
    await released;
    await route.fallback().catch(() => {});
  });
  const asked = (file: RegExp) => page.waitForRequest((request) => file.test(new URL(request.url()).pathname));
  // The lines, and the 专业分数线 the page reads once the lines are in (福建's file, whatever the track).
  const data = Promise.all([asked(/\/data\/schools\/1\/scores\.json$/), asked(/\/data\/schools\/1\/major-scores\/fujian\.json$/)]);
  await page.getByRole("navigation", { name: "院校栏目" }).getByRole("link", { name: "分数线" }).click();
  await data; // never comes if the page's reads waited for its code
  expect(held.some((m) => m.includes("/split-admissions-"))).toBe(true);
  release();
  await expect(page.getByRole("heading", { level: 1, name: /历年分数线$/ })).toBeVisible();
});

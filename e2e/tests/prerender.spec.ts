import { test, expect, serveCopy, pageWithWorker, blockApp } from "./fixtures";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PRERENDERED_PORT, SUBPATH_PORT } from "../playwright.config";
import { seedArticle, seedSchool, SEED_TITLE, NEXT_TITLE, readData, searchIndex } from "./data";

// dist/ with its pages rendered ahead of time by scripts/prerender.mjs (scripts/test.sh writes
// target/dist-prerendered): the articles, and below them the home page (in index.html), the
// directory and the school pages. One viewport is enough (the phone project leaves this file out).

const site = `http://127.0.0.1:${PRERENDERED_PORT}`;
const seedUrl = `${site}/articles/${seedArticle.id}`;
const prerendered = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../target/dist-prerendered");
const snapshotFile = path.join(prerendered, `articles/${seedArticle.id}.html`);

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

/** Opens the seed article's snapshot with the app started behind it and the article's data held
 *  until the returned function is called: the app takes over then. Marks the window, so a test
 *  can tell the app's own navigation (`samePage` still set) from a reload. */
async function snapshotAwaitingItsData(page: import("@playwright/test").Page) {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/data/articles/${seedArticle.id}.json`, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(seedUrl);
  await page.waitForSelector("html[data-prerendered]", { state: "attached" });
  await page.evaluate(() => ((window as any).samePage = true));
  return release;
}

test("the text shows before the app starts, and the app takes over the same page in one step", async ({ page }) => {
  // The app's own request for the article is slow: the snapshot must stay up meanwhile.
  const release = await snapshotAwaitingItsData(page);
  // The app has started and hides behind the snapshot: no skeleton, no second copy shows.
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
  await page.getByRole("navigation", { name: "上一篇和下一篇" }).getByRole("link", { name: NEXT_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(NEXT_TITLE);
  expect(await page.evaluate(() => (window as any).samePage)).toBe(true);
});

test("a link shared in WeChat, with its ?from= query, keeps the pre-rendered article", async ({ page }) => {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/data/articles/${seedArticle.id}.json`, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${seedUrl}?from=singlemessage&isappinstalled=0`);
  await page.waitForSelector("html[data-prerendered]", { state: "attached" });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
  await expect(page.locator("html[data-snapshot-elsewhere]")).toHaveCount(0);
  release();
  await page.waitForSelector("html[data-ready]", { state: "attached" });
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
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
  // The home page, in the sub-path's index.html, and a school page: the pre-rendered copy, moved
  // below /portal/ by scripts/rebase.mjs.
  await page.goto(`http://127.0.0.1:${SUBPATH_PORT}/portal/`);
  await expect(page.getByRole("heading", { name: "推荐院校" })).toBeVisible();
  await page.goto(`http://127.0.0.1:${SUBPATH_PORT}/portal/schools/${seedSchool.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(seedSchool.name);
  await expect(page.getByRole("navigation", { name: "当前位置" }).getByRole("link", { name: "院校库" })).toHaveAttribute("href", "/portal/schools");
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

for (const pressed of ["link", "button"] as const) {
  test(`a ${pressed} pressed on the snapshot as the app takes over is clicked, inside the app`, async ({ page }) => {
    // The press starts on the snapshot and ends on the app's page drawn in its place: the
    // browser's click lands on neither (a mouse's click needs both ends on one element).
    const release = await snapshotAwaitingItsData(page);
    const target =
      pressed === "link"
        ? page.getByRole("navigation", { name: "上一篇和下一篇" }).getByRole("link", { name: NEXT_TITLE })
        : page.getByRole("button", { name: `关注${seedSchool.name}` });
    await target.hover();
    await page.mouse.down();
    release();
    await expect(page.locator("#prerendered")).toHaveCount(0);
    await page.mouse.up();
    if (pressed === "link") await expect(page.getByRole("heading", { level: 1 })).toHaveText(NEXT_TITLE);
    // Following needs an account: the app's button opens the sign-in dialog.
    else await expect(page.getByRole("dialog")).toBeVisible();
    expect(await page.evaluate(() => (window as any).samePage)).toBe(true);
  });
}

test("a link touched on the snapshot as the app takes over is followed once", async ({ browser }) => {
  const context = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 360, height: 740 }, locale: "zh-CN" });
  const page = await context.newPage();
  const release = await snapshotAwaitingItsData(page);
  const next = page.getByRole("navigation", { name: "上一篇和下一篇" }).getByRole("link", { name: NEXT_TITLE });
  await next.scrollIntoViewIfNeeded();
  const box = await next.boundingBox();
  const at = { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 };
  const entries = await page.evaluate(() => history.length);
  // A finger down on the snapshot's link, lifted once the app has taken over.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [at] });
  release();
  await expect(page.locator("#prerendered")).toHaveCount(0);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(NEXT_TITLE);
  expect(await page.evaluate(() => (window as any).samePage)).toBe(true);
  // One step in the history: 返回 goes back to the article the tap was on.
  expect(await page.evaluate(() => history.length)).toBe(entries + 1);
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
  await context.close();
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
  await blockApp(page);
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
  await blockApp(page, failing);
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
  // The kept tap is forgotten once the page has settled and the replay was decided.
  await expect(page.locator("html[data-pending-tap]")).toHaveCount(0);
  await expect(follow).toHaveAttribute("aria-pressed", "true");
});

// ---------- the home page, the directory and the school pages ----------

const HOME_HEADING = "推荐院校";
const schoolCount = searchIndex.schools.length;


test("with the app blocked, the home page, the directory and a school page show their text", async ({ page }) => {
  await blockApp(page);
  await page.goto(`${site}/`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("了解高校，从这里开始");
  await expect(page.getByRole("heading", { name: HOME_HEADING })).toBeVisible();
  await expect(page.getByRole("heading", { name: "最新资讯" })).toBeVisible();

  await page.goto(`${site}/schools`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("院校库");
  await expect(page.getByRole("heading", { name: `共${schoolCount}所院校` })).toBeVisible();
  const mostFollowed = [...searchIndex.schools].sort((a: any, b: any) => b.followers - a.followers)[0];
  await expect(page.getByRole("link", { name: mostFollowed.name }).first()).toBeVisible();

  await page.goto(`${site}/schools/${seedSchool.id}`);
  await expect(page).toHaveTitle(new RegExp(seedSchool.name));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(seedSchool.name);
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();
  // Signed out: the snapshot never shows anyone's account.
  await expect(page.getByRole("banner").getByRole("button", { name: "登录" })).toBeVisible();
});

test("every pre-rendered 分数线 page is the whole page, its 数据来源 and all", async () => {
  // The pre-renderer waits for every part of a page: a part without a skeleton (the sources
  // cited under 分数线) used to be missing from a few pages, different ones each build.
  const schools = searchIndex.schools.map((s: any) => s.id);
  const incomplete = schools.filter((id: number) => {
    const html = readFileSync(path.join(prerendered, `schools/${id}/scores.html`), "utf8");
    const snapshot = html.slice(html.indexOf('<div id="prerendered"'), html.indexOf("<div id=shell>"));
    return !snapshot.includes('aria-label="分数线数据来源"') || !snapshot.includes("页面已加载");
  });
  expect(incomplete, "pages without their 数据来源").toEqual([]);
});

test("with JavaScript off, a pre-rendered school page is readable", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
  const page = await context.newPage();
  const response = await page.goto(`${site}/schools/${seedSchool.id}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(seedSchool.name);
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();
  await expect(page.getByText("需要启用 JavaScript")).toHaveCount(0);
  await context.close();
});

for (const [name, url, data, text] of [
  ["the home page", "/", "**/data/home.json", HOME_HEADING],
  ["the directory", "/schools", "**/data/directory/**", `共${schoolCount}所院校`],
  ["a school page", `/schools/${seedSchool.id}`, `**/data/schools/${seedSchool.id}.json`, "院校简介"],
  ["a school's 分数线", `/schools/${seedSchool.id}/scores`, `**/data/schools/${seedSchool.id}/scores.json`, "院校分数线"],
  ["位次查询", "/rank", "**/data/provinces.json", "位次查询"],
] as const) {
  test(`the app takes over ${name} from its snapshot`, async ({ page }) => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(data, async (route) => {
      await held;
      await route.fallback();
    });
    await page.goto(`${site}${url}`);
    await page.waitForSelector("html[data-prerendered]", { state: "attached" });
    await expect(page.getByRole("heading", { name: text })).toBeVisible();
    await expect(page.locator(".skeleton:visible")).toHaveCount(0);
    release();
    await page.waitForSelector("html[data-ready]", { state: "attached" });
    await expect(page.locator("#prerendered")).toHaveCount(0);
    await expect(page.getByRole("heading", { name: text })).toHaveCount(1);
    await expect(page.getByRole("heading", { name: text })).toBeVisible();
  });
}

/** Records, in the page, whether the snapshot was visible when the parser put it in the DOM
 *  (before the first paint that could show it). */
/** Records whether the snapshot is on screen in the first frame painted after it is parsed.
 *  Read in an animation frame, not when the parser inserts it: the stylesheet that hides it
 *  may still be on its way then (on a slow machine it is), and the browser paints nothing
 *  before it arrives, so only the frame tells what a reader sees. */
async function watchSnapshot(page: import("@playwright/test").Page) {
  await page.addInitScript(() => {
    (window as any).__snapshotShown = null;
    new MutationObserver((_, observer) => {
      const snapshot = document.getElementById("prerendered");
      if (!snapshot) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        (window as any).__snapshotShown = snapshot.isConnected && getComputedStyle(snapshot).display !== "none";
      });
    }).observe(document, { childList: true, subtree: true });
  });
}

/** What watchSnapshot recorded, once that first frame has come. */
async function snapshotShown(page: import("@playwright/test").Page): Promise<boolean> {
  await expect.poll(() => page.evaluate(() => (window as any).__snapshotShown)).not.toBeNull();
  return page.evaluate(() => (window as any).__snapshotShown);
}

test("a directory with a query never shows the unfiltered snapshot", async ({ page }) => {
  const filtered = `${site}/schools?from=${encodeURIComponent("福建")}&track=physics`;
  await watchSnapshot(page);
  await blockApp(page);
  await page.goto(filtered);
  expect(await snapshotShown(page)).toBe(false);
  await expect(page.getByText(`共${schoolCount}所院校`)).toBeHidden();

  await page.unrouteAll();
  // The app drops the snapshot as it starts and draws its own page, not a blank one behind
  // the hidden snapshot while the directory's data is on its way.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/data/directory/**", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${site}/schools?province=${encodeURIComponent("福建")}`);
  await expect(page.locator("#prerendered")).toHaveCount(0);
  await expect(page.locator("html[data-prerendered]")).toHaveCount(0);
  release();
  const fujian = searchIndex.schools.filter((s: any) => s.province === "福建").length;
  await expect(page.getByRole("heading", { name: `共${fujian}所院校` })).toBeVisible();
  await expect(page.getByText(`共${schoolCount}所院校`)).toHaveCount(0);
});

test("a host that answers every path with index.html never shows the home snapshot elsewhere", async ({ browser }) => {
  // A fresh server compresses each file on its first request (the wasm takes seconds).
  test.slow();
  const server = await serveCopy(prerendered, ["--spa", "1"]);
  try {
    const context = await browser.newContext({ locale: "zh-CN" });
    const page = await context.newPage();
    await watchSnapshot(page);
    await blockApp(page);
    const response = await page.goto(`${server.origin}/compare`);
    expect(response?.status()).toBe(200);
    // The file is index.html with the home snapshot in it, hidden from the start.
    expect(await page.locator("html").getAttribute("data-snapshot-path")).toBe("/");
    expect(await snapshotShown(page)).toBe(false);
    await expect(page.getByText(HOME_HEADING)).toBeHidden();

    await page.unrouteAll();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("院校对比", { timeout: 30_000 });
    expect(await snapshotShown(page)).toBe(false);
    await expect(page.locator("#prerendered")).toHaveCount(0);
    await expect(page.getByText(HOME_HEADING)).toHaveCount(0);
    // And / itself still shows it, from the first paint.
    await page.goto(`${server.origin}/`);
    expect(await snapshotShown(page)).toBe(true);
    await context.close();
  } finally {
    server.stop();
  }
});

test("404.html, the other hosts' answer to unknown paths, has no snapshot", async ({ page }) => {
  expect(readFileSync(path.join(prerendered, "404.html"), "utf8")).not.toContain('id="prerendered"');
  await blockApp(page);
  const response = await page.goto(`${site}/no-such-page`);
  expect(response?.status()).toBe(404);
  await expect(page.locator("#prerendered")).toHaveCount(0);
  await expect(page.getByText(HOME_HEADING)).toHaveCount(0);
});

test("关注 tapped on a school page's snapshot waits, then does its job", async ({ page }) => {
  const release = await holdApp(page);
  await page.goto(`${site}/schools/${seedSchool.id}`);
  const follow = page.getByRole("button", { name: `关注${seedSchool.name}` });
  await follow.click();
  await expect(follow).toHaveAttribute("aria-busy", "true");
  await expect(page.getByRole("status").filter({ hasText: "正在加载" })).toBeVisible();
  release();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expect(page.locator("#prerendered")).toHaveCount(0);
});

test("filters picked and a name typed on the directory's snapshot apply once the app takes over", async ({ page }) => {
  const release = await holdApp(page);
  await page.goto(`${site}/schools`);
  const filters = page.getByRole("search", { name: "筛选院校" });
  await filters.getByLabel("办学层次").selectOption({ label: "本科" });
  await filters.getByLabel("办学性质").selectOption({ label: "公办" });
  await filters.getByLabel("院校名称").fill("大学");
  await filters.getByRole("button", { name: "筛选", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "正在加载" })).toBeVisible();
  await expect(page).toHaveURL(`${site}/schools`);
  release();
  await expect(page).toHaveURL(`${site}/schools?level=undergraduate&nature=public&q=${encodeURIComponent("大学")}`);
  await expect(page.locator("#prerendered")).toHaveCount(0);
  await expect(filters.getByLabel("办学层次")).toHaveValue("undergraduate");
  await expect(filters.getByLabel("办学性质")).toHaveValue("public");
  await expect(filters.getByLabel("院校名称")).toHaveValue("大学");
  const expected = searchIndex.schools.filter(
    (s: any) => s.level === "undergraduate" && s.nature === "public" && [s.name, s.short_name].some((n: string) => n.includes("大学")),
  ).length;
  await expect(page.getByRole("heading", { name: `共${expected}所院校` })).toBeVisible();
});

test("offline, the service worker's copy of index.html opens other pages without the home snapshot", async ({ browser }) => {
  const { context, page, allKept } = await pageWithWorker(browser, `${site}/`);
  // The school's data is kept by the worker; the page itself was served from schools/<id>.html.
  await page.goto(`${site}/schools/${seedSchool.id}`);
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();
  // That heading is the snapshot's until the app has the school's data: leaving before then
  // left the data unfetched, and so not kept (a slow machine failed here, offline).
  await expect(page.locator("#prerendered")).toHaveCount(0);
  await page.goto(`${site}/`);
  await expect(page.getByRole("heading", { name: HOME_HEADING })).toBeVisible();
  await allKept();

  await context.setOffline(true);
  await watchSnapshot(page);
  await page.goto(`${site}/schools/${seedSchool.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(seedSchool.name);
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();
  expect(await snapshotShown(page)).toBe(false);
  await expect(page.getByText(HOME_HEADING)).toHaveCount(0);
  await context.close();
});

// Issue #26, item 2: no tap on a pre-rendered page is lost while the app loads.
test("a tap before even the app's JavaScript has arrived waits, then does its job", async ({ page }) => {
  // The glue JavaScript comes before the wasm; the page's tap keeper must not wait for it.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/haixia-portal-[0-9a-f]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(seedUrl, { waitUntil: "commit" });
  const follow = page.getByRole("button", { name: `关注${seedSchool.name}` });
  await follow.click();
  await expect(follow).toHaveAttribute("aria-busy", "true");
  await expect(page.getByRole("status").filter({ hasText: "正在加载" })).toBeVisible();
  release();
  await expect(page.getByRole("dialog")).toBeVisible();
});

test("加入对比 tapped on a school page's snapshot waits, then adds the school", async ({ page }) => {
  const release = await holdApp(page);
  await page.goto(`${site}/schools/${seedSchool.id}`);
  const add = page.getByRole("button", { name: new RegExp(`加入对比.* ${seedSchool.name}$`) });
  await add.click();
  await expect(add).toHaveAttribute("aria-busy", "true");
  await expect(page.getByRole("status").filter({ hasText: "正在加载" })).toBeVisible();
  release();
  await expect(page.getByRole("region", { name: "院校对比" }).getByText(seedSchool.name)).toBeVisible();
  await expect(page.getByRole("button", { name: new RegExp(`已加入对比 ${seedSchool.name}$`) })).toHaveAttribute("aria-pressed", "true");
});

test("every button on a pre-rendered page is kept for the app or works by itself", async ({ page }) => {
  await holdApp(page);
  for (const path of ["/", "/schools", `/schools/${seedSchool.id}`, `/articles/${seedArticle.id}`, `/schools/${seedSchool.id}/scores`, "/rank"]) {
    await page.goto(`${site}${path}`);
    await expect(page.locator("#prerendered")).toBeVisible();
    // Tapped one by one, each is shown as waiting and recorded for the app (src/browser/
    // prerender.js); a search form's submit is left to the browser, which sends it.
    const lost = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLButtonElement>("#prerendered button")]
        .filter((b) => b.offsetParent !== null && !b.disabled)
        .filter((b) => !(b.type === "submit" && b.closest("form[action]")))
        .filter((b) => {
          b.click();
          return b.getAttribute("aria-busy") !== "true" || document.documentElement.getAttribute("data-pending-tap") === null;
        })
        .map((b) => (b.textContent ?? "").trim()),
    );
    expect(lost, path).toEqual([]);
  }
});

test("a profile filled in and 查询 tapped on 位次查询's snapshot give the bands once the app takes over", async ({ page }) => {
  const release = await holdApp(page);
  await page.goto(`${site}/rank`);
  await expect(page.locator("#prerendered")).toBeVisible();
  await page.getByRole("checkbox", { name: "生物" }).check();
  await page.getByRole("checkbox", { name: "地理" }).check();
  await page.getByLabel("高考分数").fill("560");
  // Enter in a field taps the form's 查询 button: kept for the app like a tap.
  await page.getByLabel("高考分数").press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "正在加载" })).toBeVisible();
  await expect(page).toHaveURL(`${site}/rank`);
  release();
  await expect(page).toHaveURL(/score=560/);
  await expect(page).toHaveURL(/subjects=biology%2Cgeography/);
  await expect(page.locator("#prerendered")).toHaveCount(0);
  await expect(page.getByText(/560分约为第[\d,]+名/)).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "地理" })).toBeChecked();
});

test("加入志愿表 tapped on 分数线's snapshot waits, then adds the group", async ({ page }) => {
  const release = await holdApp(page);
  await page.goto(`${site}/schools/${seedSchool.id}/scores`);
  const add = page.locator("#prerendered").getByRole("button", { name: /^加入志愿表/ }).first();
  const name = (await add.textContent())?.replace(/^加入志愿表：/, "") ?? "";
  await add.click();
  await expect(add).toHaveAttribute("aria-busy", "true");
  release();
  await expect(page.locator("#prerendered")).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: `已把${name}加入` })).toBeVisible();
  await expect(page.getByRole("link", { name: /已在志愿表第1位/ }).first()).toBeVisible();
});

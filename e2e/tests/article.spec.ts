import { test, expect, Page } from "./fixtures";
import { seedArticle, seedSchool, SEED_TITLE, PREV_TITLE, NEXT_TITLE, readData } from "./data";

test("the seed article reads like the page it grew from", async ({ page }) => {
  await page.goto(`/articles/${seedArticle.id}`);
  await expect(page).toHaveTitle(`${SEED_TITLE} - 海峡高考门户`);
  const crumbs = page.getByRole("navigation", { name: "当前位置" });
  await expect(crumbs.getByRole("link", { name: "首页" })).toBeVisible();
  await expect(crumbs.getByRole("link", { name: "江西机电职业技术学院" })).toBeVisible();
  await expect(crumbs.getByRole("link", { name: "新闻" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: SEED_TITLE })).toBeVisible();
  await expect(page.getByText("作者：jx045")).toBeVisible();
  await expect(page.getByText("2023年11月21日")).toBeVisible();
  await expect(page.getByText("浏览：78次")).toBeVisible();
  await expect(page.getByText("14.9万")).toBeVisible();
  await expect(page.getByRole("article").getByText("66家单位", { exact: true })).toBeVisible();
  await expect(page.getByRole("img", { name: /产教融合共同体/ })).toBeVisible();

  const hot = page.getByRole("region", { name: "热门关注" });
  await expect(hot.getByRole("link", { name: "江西机电职业技术学院", exact: true })).toHaveAttribute("href", `/schools/${seedSchool.id}`);
  await expect(hot.getByRole("link", { name: "江西机电职业技术学院新闻" })).toHaveAttribute("href", `/schools/${seedSchool.id}/articles`);

  const prevNext = page.getByRole("navigation", { name: "上一篇和下一篇" });
  await expect(prevNext.getByRole("link", { name: PREV_TITLE })).toBeVisible();
  await prevNext.getByRole("link", { name: NEXT_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: NEXT_TITLE })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "上一篇和下一篇" }).getByRole("link", { name: SEED_TITLE })).toBeVisible();
  // The next article's body only: the app builds it onto the previous page's elements.
  const body = page.locator("main .article-body");
  await expect(body.getByText("66家单位", { exact: true })).toHaveCount(0);
  const nextBody = readData(`articles/${readData(`articles/${seedArticle.id}.json`).next.id}.json`).body_html;
  expect(await body.locator("p").count()).toBe((nextBody.match(/<p[\s>]/g) ?? []).length);
});

test("article bodies lose inline styles and CMS wrappers", { tag: ["@ui", "@any-viewport"] }, async ({ page }) => {
  await page.goto(`/articles/${seedArticle.id}`);
  await expect(page.locator(".article-body p").first()).toBeVisible();
  expect(await page.locator(".article-body [style], .article-body span, .article-body font").count()).toBe(0);
});

test("share links carry the encoded page URL and title", { tag: ["@ui", "@any-viewport"] }, async ({ page, baseURL }) => {
  await page.goto(`/articles/${seedArticle.id}`);
  const url = `${baseURL}/articles/${seedArticle.id}`;
  const weibo = page.getByRole("link", { name: "微博" });
  await expect(weibo).toHaveAttribute("target", "_blank");
  await expect(weibo).toHaveAttribute("rel", /noopener/);
  const weiboHref = new URL((await weibo.getAttribute("href"))!);
  expect(weiboHref.origin + weiboHref.pathname).toBe("https://service.weibo.com/share/share.php");
  expect(weiboHref.searchParams.get("url")).toBe(url);
  expect(weiboHref.searchParams.get("title")).toBe(SEED_TITLE);
  const qzone = new URL((await page.getByRole("link", { name: "QQ空间" }).getAttribute("href"))!);
  expect(qzone.pathname).toBe("/cgi-bin/qzshare/cgi_qzshare_onekey");
  expect(qzone.searchParams.get("url")).toBe(url);
  expect(qzone.searchParams.get("title")).toBe(SEED_TITLE);
  expect(qzone.searchParams.get("summary")).toContain("66家单位");
  expect(qzone.searchParams.get("site")).toBe("海峡高考门户");
});

test("微信 shows a QR code of the page; on a phone, the link to paste into WeChat first", { tag: "@ui" }, async ({ page, context, baseURL }, info) => {
  await page.goto(`/articles/${seedArticle.id}`);
  await page.getByRole("button", { name: "微信" }).click();
  await expect(page.getByRole("img", { name: "本页二维码" })).toBeVisible();
  if (info.project.name !== "phone") {
    await expect(page.getByText("用微信扫一扫")).toBeVisible();
    return;
  }
  // A phone can't scan its own screen (issue #26, item 11).
  await expect(page.getByText("用微信扫一扫")).toHaveCount(0);
  const panel = page.locator("#share-wechat-panel");
  await expect(panel.getByText("发给微信好友")).toBeVisible();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await panel.getByRole("button", { name: "复制链接" }).click();
  await expect(page.getByRole("status").filter({ hasText: "链接已复制" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/articles/${seedArticle.id}`);
});

test("the article's tags have a heading of their own, apart from 热门关注", async ({ page }) => {
  await page.goto(`/articles/${seedArticle.id}`);
  const tags = page.getByRole("region", { name: "本文标签" });
  await expect(tags.getByRole("link", { name: seedArticle.tags[0] })).toBeVisible();
  await expect(page.getByRole("region", { name: "热门关注" }).getByRole("link", { name: seedArticle.tags[0] })).toHaveCount(0);
});

test("on a phone the article's title is in the top half of the first screen", async ({ page }, info) => {
  test.skip(info.project.name !== "phone", "a 360×740 screen");
  await page.goto(`/articles/${seedArticle.id}`);
  const title = page.getByRole("heading", { level: 1, name: SEED_TITLE });
  await expect(title).toBeVisible();
  expect((await title.boundingBox())!.y).toBeLessThan(740 / 2);
});

test("copy link puts the page URL on the clipboard", { tag: ["@ui", "@any-viewport"] }, async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(`/articles/${seedArticle.id}`);
  await page.getByRole("button", { name: "复制链接" }).click();
  await expect(page.getByRole("status").filter({ hasText: "链接已复制" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/articles/${seedArticle.id}`);
});

test("copy link falls back where the Clipboard API is missing", { tag: ["@ui", "@any-viewport"] }, async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined });
    (window as any).__copied = [];
    const original = document.execCommand.bind(document);
    document.execCommand = (command: string, ...rest: any[]) => {
      if (command === "copy") (window as any).__copied.push((document.activeElement as HTMLTextAreaElement)?.value ?? "");
      return original(command, ...rest) || command === "copy";
    };
  });
  await page.goto(`/articles/${seedArticle.id}`);
  await page.getByRole("button", { name: "复制链接" }).click();
  await expect(page.getByRole("status").filter({ hasText: "链接已复制" })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__copied)).toEqual([expect.stringContaining(`/articles/${seedArticle.id}`)]);
});

test("inside WeChat the QR button gives way to the menu hint", { tag: "@ui" }, async ({ browser, baseURL }) => {
  const context = await browser.newContext({ userAgent: "Mozilla/5.0 (Linux; Android 13) MicroMessenger/8.0.43", baseURL });
  const page = await context.newPage();
  await page.goto(`/articles/${seedArticle.id}`);
  await expect(page.getByText("点击右上角“···”即可分享")).toBeVisible();
  await expect(page.getByRole("button", { name: "微信" })).toHaveCount(0);
  await context.close();
});

test("a native share button appears where navigator.share exists", { tag: "@ui" }, async ({ page }) => {
  await page.addInitScript(() => {
    (navigator as any).share = async (data: any) => ((window as any).__shared = data);
  });
  await page.goto(`/articles/${seedArticle.id}`);
  await page.getByRole("button", { name: "更多分享…" }).click();
  await expect.poll(() => page.evaluate(() => (window as any).__shared?.title)).toBe(SEED_TITLE);
});

test("an unknown article id is a real 404", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/articles/987654");
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
});

/** The requests the page makes for the seed article's 下一篇 data (fixtures file or API). */
function nextArticleRequests(page: Page) {
  const next = readData(`articles/${seedArticle.id}.json`).next;
  const nextData = new RegExp(`/articles/${next.id}(\\.json)?$`);
  const asked: string[] = [];
  page.on("request", (r) => {
    if (nextData.test(r.url())) asked.push(r.url());
  });
  return asked;
}

test("下一篇 is fetched while the visitor reads, and opens without asking again", { tag: "@any-viewport" }, async ({ page }) => {
  const asked = nextArticleRequests(page);
  await page.goto(`/articles/${seedArticle.id}`);
  await expect.poll(() => asked.length).toBe(1);
  await page.getByRole("navigation", { name: "上一篇和下一篇" }).getByRole("link", { name: NEXT_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(NEXT_TITLE);
  await expect(page.locator(".article-body p").first()).toBeVisible();
  expect(asked).toHaveLength(1);
});

test("with Save-Data on, nothing is fetched ahead", { tag: "@any-viewport" }, async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(navigator, "connection", { value: { saveData: true } }));
  // The page's clock, so the wait before fetching ahead passes on the test's word, not the machine's speed.
  await page.clock.install();
  const asked = nextArticleRequests(page);
  await page.goto(`/articles/${seedArticle.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
  await page.clock.runFor(2000); // well past the 300 ms after which 下一篇 would be fetched
  await page.evaluate(() => Promise.resolve()); // and the request it would have started
  expect(asked).toHaveLength(0);
  await page.getByRole("navigation", { name: "上一篇和下一篇" }).getByRole("link", { name: NEXT_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(NEXT_TITLE);
  expect(asked).toHaveLength(1);
});

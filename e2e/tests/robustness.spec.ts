import { test, expect, Page, Route } from "./fixtures";
import { readFileSync } from "node:fs";
import path from "node:path";
import { seedArticle, seedSchool, readData } from "./data";

// Robustness of the fixtures build; one viewport is enough for these (the phone project leaves
// this file out).

const vectors: string[] = JSON.parse(
  readFileSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), "../fixtures/xss-vectors.json"), "utf8"),
);

type Fault = "none" | "404" | "500" | "503" | "abort" | "truncated" | "wrong-types" | "slow";

/** Serves one fixture file through a switchable fault. */
async function faulty(page: Page, pattern: string) {
  const state = {
    fault: "none" as Fault,
    /** Held "slow" requests, let go by clear(). */
    cleared: [] as (() => void)[],
    clear() {
      this.fault = "none";
      this.cleared.splice(0).forEach((go) => go());
    },
  };
  await page.route(pattern, async (route: Route) => {
    switch (state.fault) {
      case "none":
        return route.continue();
      case "404":
        return route.fulfill({ status: 404, body: "not found" });
      case "500":
        return route.fulfill({ status: 500, body: "<html>Internal Server Error</html>" });
      case "503":
        return route.fulfill({ status: 503, json: { code: "maintenance", message: "维护中" } });
      case "abort":
        return route.abort("connectionreset");
      case "truncated": {
        const response = await route.fetch();
        const text = await response.text();
        return route.fulfill({ status: 200, contentType: "application/json", body: text.slice(0, Math.floor(text.length / 2)) });
      }
      case "wrong-types":
        return route.fulfill({ json: { items: "many", info: 7, school: [], schools: { items: 3 }, featured: "yes" } });
      case "slow":
        // Never answered while the fault lasts: the app's own timeout (or the visitor leaving)
        // must end it, however fast or slow the machine is.
        await new Promise<void>((resolve) => state.cleared.push(resolve));
        return route.continue().catch(() => {});
    }
  });
  return state;
}

const pages: [string, string, string, (page: Page) => Promise<void>][] = [
  ["home", "/", "**/data/home.json", (p) => expect(p.getByRole("region", { name: "推荐院校" })).toBeVisible()],
  ["directory", "/schools", "**/data/directory/1.json", (p) => expect(p.getByRole("heading", { name: "共38所院校" })).toBeVisible()],
  ["school", `/schools/${seedSchool.id}`, `**/data/schools/${seedSchool.id}.json`, (p) => expect(p.getByRole("heading", { name: "院校简介" })).toBeVisible()],
  ["news", `/schools/${seedSchool.id}/articles`, `**/data/schools/${seedSchool.id}/articles/1.json`, (p) => expect(p.locator(".article-item").first()).toBeVisible()],
  ["article", `/articles/${seedArticle.id}`, `**/data/articles/${seedArticle.id}.json`, (p) => expect(p.locator(".article-body p").first()).toBeVisible()],
  ["tag", "/tags/" + encodeURIComponent("招生"), "**/data/tags/**", (p) => expect(p.getByRole("heading", { name: "标签：招生" })).toBeVisible()],
  ["search", "/search?q=" + encodeURIComponent("厦门"), "**/data/search.json", (p) => expect(p.getByRole("heading", { name: /^院校/ })).toBeVisible()],
];

// Every page with an answer of the wrong shape (each page decodes a type of its own), and each
// other fault on one page apiece: status, network and JSON errors are told apart in one place
// for every page (api/), and every page shows them through the same view with 重试 (Loaded).
const faults: [string, Fault][] = [
  ...pages.map(([name]): [string, Fault] => [name, "wrong-types"]),
  ["home", "500"],
  ["directory", "503"],
  ["school", "abort"],
  ["news", "truncated"],
  ["article", "abort"],
  ["search", "truncated"],
  ["tag", "500"],
];
for (const [name, url, pattern, loaded] of pages) {
  for (const fault of faults.filter(([page]) => page === name).map(([, fault]) => fault)) {
    test(`${name}: a ${fault} answer shows what failed, and 重试 recovers once it clears`, async ({ page }) => {
      const state = await faulty(page, pattern);
      state.fault = fault;
      await page.goto(url);
      const alert = page.getByRole("alert").filter({ hasText: "加载失败" });
      await expect(alert).toBeVisible();
      const expected = { "500": "HTTP 500", "503": "HTTP 503", abort: "网络连接失败", truncated: "数据格式有误", "wrong-types": "数据格式有误" }[fault];
      await expect(alert).toContainText(expected!);
      state.fault = "none";
      await alert.getByRole("button", { name: "重试" }).click();
      await loaded(page);
    });
  }
}

test("a missing article file is the 404 page, not an error", async ({ page }) => {
  const state = await faulty(page, `**/data/articles/${seedArticle.id}.json`);
  state.fault = "404";
  await page.goto(`/articles/${seedArticle.id}`);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
});

test("a request slower than the configured timeout says so, and retry works", async ({ page }) => {
  await page.route("**/config.json", (r) => r.fulfill({ json: { data_source: "fixtures", timeout_ms: 2000 } }));
  const state = await faulty(page, `**/data/articles/${seedArticle.id}.json`);
  state.fault = "slow";
  await page.goto(`/articles/${seedArticle.id}`);
  await expect(page.locator(".skeleton").first()).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "请求超时" })).toBeVisible();
  state.clear();
  await page.getByRole("button", { name: "重试" }).click();
  await expect(page.locator(".article-body p").first()).toBeVisible();
});

test("leaving a page aborts what it was still waiting for", async ({ page }) => {
  const state = await faulty(page, `**/data/articles/${seedArticle.id}.json`);
  state.fault = "slow";
  const failed: string[] = [];
  page.on("requestfailed", (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
  await page.goto("/");
  await page.getByRole("region", { name: "推荐院校" }).waitFor();
  const requested = page.waitForRequest(`**/data/articles/${seedArticle.id}.json`);
  await page.evaluate((id) => {
    const a = document.createElement("a");
    a.href = `/articles/${id}`;
    a.textContent = "go";
    document.querySelector("main")!.append(a);
    a.click();
  }, seedArticle.id);
  await requested;
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "院校库" }).click();
  await expect(page.getByRole("heading", { name: "共38所院校" })).toBeVisible();
  await expect.poll(() => failed.some((f) => f.includes(`/articles/${seedArticle.id}.json`) && f.includes("ABORTED"))).toBe(true);
});

test("offline says so, keeps what is on screen, and recovers", async ({ page, context }) => {
  await page.goto(`/schools/${seedSchool.id}`);
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();
  await context.setOffline(true);
  await expect(page.getByText("网络已断开：已打开的内容仍可阅读")).toBeVisible();
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();
  await page.getByRole("link", { name: "全部新闻 ›" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "网络已断开" })).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByText("网络已断开：已打开的内容仍可阅读")).toBeHidden();
  await page.getByRole("button", { name: "重试" }).click();
  await expect(page.locator(".article-item").first()).toBeVisible();
});

test("a malformed config.json explains itself instead of a blank page", async ({ page }) => {
  await page.route("**/config.json", (r) => r.fulfill({ body: "{ data_source: fixtures", contentType: "application/json" }));
  await page.goto("/");
  await expect(page.getByRole("alert")).toContainText("站点配置有误");
  await expect(page.getByRole("button", { name: "重试" })).toBeVisible();
});

test("a missing config.json means the bundled fixtures", async ({ page }) => {
  await page.route("**/config.json", (r) => r.fulfill({ status: 404, body: "" }));
  await page.goto("/");
  await expect(page.getByRole("region", { name: "推荐院校" })).toBeVisible();
});

test("disabled localStorage: pages work, sign-in says why it cannot", async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, "localStorage", { get: () => { throw new DOMException("denied", "SecurityError"); } });
  });
  await page.goto(`/schools/${seedSchool.id}`);
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();
  await page.getByRole("button", { name: `关注${seedSchool.name}` }).click();
  await page.getByLabel("账号", { exact: true }).fill("demo");
  await page.getByLabel("密码", { exact: true }).first().fill("gaokao2024");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("浏览器禁止了本地存储");
});

test("full localStorage: a follow rolls back and says the storage is full", async ({ page }) => {
  await page.goto(`/schools/${seedSchool.id}`);
  await page.getByRole("banner").getByRole("button", { name: "登录" }).click();
  await page.getByLabel("账号", { exact: true }).fill("demo");
  await page.getByLabel("密码", { exact: true }).first().fill("gaokao2024");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("banner").getByText("demo")).toBeVisible();
  await page.evaluate(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException("full", "QuotaExceededError");
    };
  });
  const follow = page.getByRole("button", { name: `关注${seedSchool.name}` });
  await follow.click();
  await expect(page.getByRole("alert").filter({ hasText: "关注失败" })).toContainText("存储空间已满");
  await expect(follow).toHaveAttribute("aria-pressed", "false");
  await expect(page.locator("data.follower-count")).toHaveAttribute("value", "149000");
});

test("garbage in localStorage is set aside, not trusted and not fatal", async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("haixia.accounts.v1", "{not json at all");
      localStorage.setItem("haixia.session.v1", "<script>");
      sessionStorage.setItem("seeded", "1");
    }
  });
  await page.goto(`/schools/${seedSchool.id}`);
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("button", { name: "登录" })).toBeVisible();
  await page.getByRole("banner").getByRole("button", { name: "登录" }).click();
  await page.getByLabel("账号", { exact: true }).fill("demo");
  await page.getByLabel("密码", { exact: true }).first().fill("gaokao2024");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("banner").getByText("demo")).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem("haixia.accounts.v1.unreadable"))).toBe("{not json at all");
});

// ---------- hostile HTML ----------

/** Marks any execution of a payload, and reports script URLs and handler attributes in the DOM. */
const trap = () => {
  (window as any).__fired = [];
  (window as any).__xss = (n: number) => (window as any).__fired.push(n);
  window.alert = () => (window as any).__fired.push("alert");
};

async function assertInert(page: Page, where: string) {
  // Give handlers, autofocus and timers a chance to run; poke what a visitor might touch.
  for (const el of await page.locator("main .article-body *, main h1, main .school-item-text *").all())
    await el.hover({ timeout: 100, force: true }).catch(() => {});
  // Let what a payload could trigger happen: every image has loaded or failed (onerror
  // payloads), then a task later (timers and focus handlers set meanwhile have run).
  await page.evaluate(async () => {
    const pending = Array.from(document.images).filter((img) => !img.complete);
    const settled = Promise.all(pending.map((img) => new Promise((done) => ["load", "error"].forEach((e) => img.addEventListener(e, done, { once: true })))));
    // A cap, not a wait: an image that never answers must not hang the test.
    await Promise.race([settled, new Promise((done) => setTimeout(done, 5000))]);
    await new Promise((done) => setTimeout(done, 0));
  });
  const report = await page.evaluate(() => {
    const bad: string[] = [];
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const attr of Array.from(el.attributes)) {
        const value = attr.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
        if (attr.name.startsWith("on")) bad.push(`${el.tagName} ${attr.name}`);
        if (["href", "src", "action", "formaction", "xlink:href", "background", "data"].includes(attr.name) && /^(javascript|vbscript|data:text)/.test(value))
          bad.push(`${el.tagName} ${attr.name}=${attr.value}`);
      }
    }
    // Where untrusted text and HTML land (the app's own forms and icons live elsewhere).
    const content = "main .article-body, main .school-item-text, main .tag-links, main h1, main .article-meta, main .school-header-text";
    for (const tag of ["script", "iframe", "object", "embed", "form", "base", "meta", "link", "style", "svg", "math", "img[onerror]", "input", "textarea", "select", "button"])
      for (const el of Array.from(document.querySelectorAll(content.split(", ").map((c) => `${c} ${tag}`).join(", ")))) bad.push(`<${tag}> in content`);
    return { fired: (window as any).__fired, bad };
  });
  expect(report.fired, `${where}: payload executed`).toEqual([]);
  expect(report.bad, `${where}: dangerous markup in the DOM`).toEqual([]);
}

// In two parts that run side by side. Each vector is an article of its own, reached by its
// predecessor's 下一篇 link as a reader would: one page load per part, and a payload that
// breaks the app (or fires late) also fails the vectors after it.
const PARTS = 2;
const FIRST_ID = 900_000;
test("the XSS corpus has enough vectors", () => expect(vectors.length).toBeGreaterThanOrEqual(50));
for (let part = 0; part < PARTS; part++) {
  const first = Math.floor((vectors.length * part) / PARTS);
  const last = Math.floor((vectors.length * (part + 1)) / PARTS);
  test(`XSS vectors ${first + 1}–${last} of ${vectors.length} in article bodies never execute or reach the DOM`, async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    // No CSP for this test: the sanitizer alone must hold.
    const context = await browser.newContext({ baseURL, bypassCSP: true });
    const page = await context.newPage();
    await page.addInitScript(trap);
    page.on("dialog", (d) => d.dismiss());
    const real = readData(`articles/${seedArticle.id}.json`);
    const title = (i: number) => `向量${i + 1}`;
    await page.route(`**/data/articles/*.json`, (route) => {
      const i = Number(new URL(route.request().url()).pathname.match(/(\d+)\.json$/)?.[1]) - FIRST_ID;
      if (!(i >= first && i < last)) return route.fallback();
      const next = i + 1 < last ? { id: FIRST_ID + i + 1, title: title(i + 1) } : null;
      return route.fulfill({
        json: { ...real, info: { ...real.info, id: FIRST_ID + i, title: title(i) }, body_html: `<p>正文开始</p>${vectors[i]}<p>正文结束</p>`, prev: null, next },
      });
    });
    await page.goto(`/articles/${FIRST_ID + first}`);
    for (let i = first; i < last; i++) {
      if (i > first) await page.getByRole("navigation", { name: "上一篇和下一篇" }).getByRole("link", { name: title(i) }).click();
      await expect(page.getByRole("heading", { level: 1, name: title(i) }), vectors[i]).toBeVisible();
      await expect(page.getByText("正文开始"), vectors[i]).toBeVisible();
      await assertInert(page, `vector ${i + 1}: ${vectors[i]}`);
    }
    await context.close();
  });
}

test("article bodies keep harmless markup, survive DOM clobbering and open backslash links safely", async ({ page }) => {
  await page.addInitScript(trap);
  page.on("dialog", (d) => d.dismiss());
  const real = readData(`articles/${seedArticle.id}.json`);
  const body = [
    // A named control overrides the form's own DOM properties; this used to trap the wasm.
    "<p>正文开始</p><form><input name=namespaceURI><input name=localName><input name=nextSibling><p>表单内文字</p><p><button>按钮文字</button></p></form>",
    "<p>甲<q>引用</q>乙<time datetime=2024>2024年</time>丙<ruby>汉<rt>hàn</rt></ruby>丁</p><address>福州市地址</address>",
    String.raw`<p><a href="\\evil.example/a">反斜杠链接</a> <a href="/\evil.example/b">斜杠反斜杠链接</a> <a href="http:\\evil.example/c">协议反斜杠链接</a> <a href="/articles/1">站内链接</a></p>`,
    // An unclosed <video> holds the rest of the article as fallback content.
    "<p>视频之前</p><video src=a.mp4><p>正文结束</p>",
  ].join("");
  await page.route(`**/data/articles/${seedArticle.id}.json`, (route) => route.fulfill({ json: { ...real, body_html: body } }));
  await page.goto(`/articles/${seedArticle.id}`);
  const article = page.locator("main .article-body");
  for (const text of ["正文开始", "表单内文字", "按钮文字", "福州市地址", "视频之前", "正文结束"])
    await expect(article.getByText(text), text).toBeVisible();
  await expect(article.locator("q")).toHaveText("引用");
  await expect(article.locator("time")).toHaveText("2024年");
  await expect(article.locator("ruby rt")).toHaveText("hàn");
  for (const name of ["反斜杠链接", "斜杠反斜杠链接", "协议反斜杠链接"]) {
    const link = article.getByRole("link", { name, exact: true });
    await expect(link, name).toHaveAttribute("target", "_blank");
    await expect(link, name).toHaveAttribute("rel", "noopener noreferrer nofollow");
  }
  await expect(article.getByRole("link", { name: "站内链接" })).not.toHaveAttribute("target");
  await assertInert(page, "harmless markup and clobbering");
});

test("XSS vectors in titles, school names and tags stay text", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, bypassCSP: true });
  const page = await context.newPage();
  await page.addInitScript(trap);
  page.on("dialog", (d) => d.dismiss());
  const hostile = vectors.slice(0, 12).join(" ");
  const real = readData(`articles/${seedArticle.id}.json`);
  const school = { ...real.school, name: `学院${hostile}`, short_name: "<b>x", tags: [hostile] };
  await page.route(`**/data/articles/${seedArticle.id}.json`, (route) =>
    route.fulfill({ json: { ...real, info: { ...real.info, title: `标题${hostile}`, author: hostile, tags: [hostile, "<img src=x onerror=__xss(99)>"] }, school } }),
  );
  const home = readData("home.json");
  await page.route("**/data/home.json", (route) =>
    route.fulfill({ json: { ...home, featured: [{ ...home.featured[0], name: hostile, tags: [hostile] }], hot_tags: [{ name: hostile, count: 1 }] } }),
  );
  await page.goto(`/articles/${seedArticle.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("<script>__xss(1)</script>");
  await assertInert(page, "article title and school");
  expect(await page.title()).toContain("<script>");
  await page.goto("/");
  await expect(page.getByRole("region", { name: "推荐院校" })).toContainText("<img src=x onerror=__xss(2)>");
  await assertInert(page, "home");
  await context.close();
});

test("the strict Content-Security-Policy holds with no violations on every page", async ({ page }) => {
  await page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto("/");
  expect(response?.headers()["content-security-policy"]).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  const visits = ["/", "/schools?level=vocational", `/schools/${seedSchool.id}`, `/schools/${seedSchool.id}/articles?page=2`, `/articles/${seedArticle.id}`, "/tags/" + encodeURIComponent("招生"), "/search?q=" + encodeURIComponent("厦门"), "/me", "/nowhere"];
  for (const url of visits) {
    await page.goto(url);
    await expect(page.locator("main h1").first()).toBeVisible();
    if (url.startsWith("/articles")) {
      await page.getByRole("button", { name: "微信" }).click();
      await page.getByRole("button", { name: "复制链接" }).click();
    }
    if (url.startsWith("/schools/") && !url.includes("articles")) await page.getByRole("button", { name: "官方微信" }).click();
    if (url === "/me") {
      await page.getByRole("button", { name: "登录 / 注册" }).click();
      await page.getByLabel("账号", { exact: true }).fill("demo");
      await page.getByLabel("密码", { exact: true }).first().fill("gaokao2024");
      await page.keyboard.press("Enter");
      await expect(page.getByRole("banner").getByText("demo")).toBeVisible();
    }
    expect(await page.evaluate(() => (window as any).__violations), url).toEqual([]);
  }
});

import { test, expect, Page, holdData } from "./fixtures";
import path from "node:path";
import { readData, seedArticle, seedSchool } from "./data";

const axePath = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../node_modules/axe-core/axe.min.js");

async function axe(page: Page, where: string) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axePath });
  // Only violations are read: axe then skips describing every node that passed (much faster).
  const result = await page.evaluate(async () =>
    (window as any).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      resultTypes: ["violations"],
    }),
  );
  const violations = result.violations.map((v: any) => `${v.id} (${v.impact}): ${v.nodes.map((n: any) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(violations, where).toEqual([]);
}

// A 志愿表 share link (model/src/volunteer/share.rs) of three 本科批 groups of the fixtures: the
// list travels in the fragment, so the page shows it without anything stored.
const planGroups = readData("groups/fujian/physics.json").groups.filter((g: any) => g.batch === "undergraduate").slice(0, 3);
const sharedPlan = `/plan#1.fujian.p.2025.cb.560..u.${planGroups.map((g: any) => `${g.school}-${g.code}--y`).join("_")}`;

// [name, url, whether the page loads data (and so has a loading state to check)]
const routes: [string, string, boolean][] = [
  ["home", "/", true],
  ["directory", "/schools?level=vocational", true],
  ["school", `/schools/${seedSchool.id}`, true],
  ["school news", `/schools/${seedSchool.id}/articles`, true],
  ["school scores", `/schools/${seedSchool.id}/scores`, true],
  ["school scores without lines", `/schools/${seedSchool.id}/scores?province=${encodeURIComponent("上海")}`, true],
  ["school plans", `/schools/${seedSchool.id}/plans`, true],
  ["school majors", `/schools/${seedSchool.id}/majors`, true],
  ["article", `/articles/${seedArticle.id}`, true],
  ["tag", "/tags/" + encodeURIComponent("招生"), true],
  ["search", "/search?q=" + encodeURIComponent("厦门"), true],
  ["empty search", "/search?q=" + encodeURIComponent("火星大学"), true],
  ["rank", "/rank", true],
  ["rank results", "/rank?province=" + encodeURIComponent("福建") + "&track=physics&rank=25000", true],
  ["compare", `/compare?ids=${seedSchool.id},2,3`, true],
  ["plan", "/plan", true],
  ["shared plan", sharedPlan, true],
  ["me", "/me", false],
  ["404", "/nowhere", false],
];

/** The page's own loading state (its code is in, the skeleton of its data shows), as opposed
 *  to the moment its code is still downloading (components::lazy). */
async function pageSkeleton(page: Page) {
  await page.waitForFunction(() => document.querySelector("main[aria-busy=true] .skeleton") && !document.querySelector(".page-code-loading"));
}

/** The page while its data is held back: skeleton and progress bar up, <main> busy, and the
 *  status region saying so. */
async function expectLoading(page: Page) {
  await pageSkeleton(page);
  await expect(page.locator(".skeleton").first()).toBeVisible();
  await expect(page.locator(".progress-bar.active")).toBeAttached();
  await expect(page.getByRole("main")).toHaveAttribute("aria-busy", "true");
  await expect(page.getByRole("status").filter({ hasText: "页面加载中" })).toBeAttached();
}

/** The page after its data arrived: nothing busy, the status region says it has loaded. */
async function expectSettled(page: Page) {
  await expect(page.getByRole("status").filter({ hasText: "页面已加载" })).toBeAttached();
  await expect(page.getByRole("main")).toHaveAttribute("aria-busy", "false");
  await expect(page.locator(".skeleton")).toHaveCount(0);
  await expect(page.locator("main h1").first()).toBeVisible();
}

test.describe("axe-core finds no violations", () => {
  test.use({ bypassCSP: true }); // axe is injected as a script
  for (const [name, url, loads] of routes) {
    test(name, { tag: "@ui" }, async ({ page }) => {
      if (loads) {
        const release = await holdData(page);
        await page.goto(url);
        await expectLoading(page);
        await axe(page, `${name}, loading`);
        release();
        await expectSettled(page);
      } else {
        await page.goto(url);
        await expect(page.locator("main h1").first()).toBeVisible();
      }
      await axe(page, name);
    });
  }

  test("with the account dialog open, on both tabs, over a loading page and a loaded one", async ({ page }) => {
    const release = await holdData(page);
    await page.goto("/");
    await expectLoading(page);
    await page.getByRole("banner").getByRole("button", { name: "登录" }).click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await axe(page, "login tab over a loading page");
    release();
    await expectSettled(page);
    await axe(page, "login tab");
    await page.getByRole("tab", { name: "注册" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "注册" }).last().click();
    await expect(page.getByText("请输入用户名")).toBeVisible();
    await axe(page, "register tab with errors");
  });

  test("with the share QR and official-account QR open", { tag: "@ui" }, async ({ page }) => {
    await page.goto(`/articles/${seedArticle.id}`);
    await expectSettled(page);
    await page.getByRole("button", { name: "微信" }).click();
    await expect(page.getByRole("img", { name: "本页二维码" })).toBeVisible();
    await axe(page, "share popover");
    await page.goto(`/schools/${seedSchool.id}`);
    await expectSettled(page);
    await page.getByRole("button", { name: "公众号" }).click();
    await expect(page.getByRole("img", { name: /^公众号二维码/ })).toBeVisible();
    await axe(page, "official account QR");
  });

  test("a sign-in on its way keeps the dialog accessible", { tag: "@server" }, async ({ page }, info) => {
    await page.goto("/");
    await expectSettled(page);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/session", async (route) => {
      await released;
      await route.fallback().catch(() => {});
    });
    await page.getByRole("banner").getByRole("button", { name: "登录" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("账号", { exact: true }).fill("demo");
    await dialog.getByLabel("密码", { exact: true }).first().fill("gaokao2024");
    await dialog.getByRole("button", { name: "登录" }).last().click();
    await expect(dialog.getByRole("button", { name: "登录中…" })).toHaveAttribute("aria-busy", "true");
    await axe(page, "sign-in on its way");
    release();
    await expect(dialog).toBeHidden();
    await axe(page, "signed in");
  });
});

test("the page declares its language, landmarks and one h1", { tag: ["@ui", "@any-viewport"] }, async ({ page }) => {
  await page.goto(`/articles/${seedArticle.id}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("banner")).toHaveCount(1);
  await expect(page.getByRole("main")).toHaveCount(1);
  await expect(page.getByRole("contentinfo")).toHaveCount(1);
  await expect(page.locator("h1")).toHaveCount(1);
});

test("keyboard only: skip link, filters, links, dialog, with visible focus", { tag: "@ui" }, async ({ page }) => {
  await page.goto("/schools");
  await expect(page.getByRole("heading", { name: "共38所院校" })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "跳到主要内容" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  // Tab to the level filter and change it with the keyboard.
  for (let i = 0; i < 40 && !(await page.getByLabel("办学层次").evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(page.getByLabel("办学层次")).toBeFocused();
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.press("ArrowDown");
  // A step decides nothing yet (components::filter); Enter does.
  await expect(page.getByLabel("办学层次")).not.toHaveValue("");
  await expect(page).toHaveURL(/\/schools$/);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/level=/);

  // Follow a school link with Enter, then open the sign-in dialog and close it with Escape.
  const first = page.locator(".school-item a").first();
  await first.focus();
  const name = await first.textContent();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: name! })).toBeVisible();
  const follow = page.getByRole("button", { name: `关注${name}` });
  await follow.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeVisible();
  await expect(page.getByLabel("账号", { exact: true })).toBeFocused();
  await page.keyboard.type("demo");
  await page.keyboard.press("Tab");
  await page.keyboard.type("gaokao2024");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(follow).toHaveAttribute("aria-pressed", "true");
  await expect(follow).toBeFocused();
});

test("reduced motion turns animations off", { tag: ["@ui", "@any-viewport"] }, async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, reducedMotion: "reduce" });
  const page = await context.newPage();
  await holdData(page);
  await page.goto("/");
  await pageSkeleton(page);
  const duration = await page.locator(".skeleton").first().evaluate((e) => getComputedStyle(e).animationDuration);
  expect(parseFloat(duration)).toBeLessThan(0.01);
  await context.close();
});

test("article images reserve their space before they load", { tag: ["@ui", "@any-viewport"] }, async ({ page }) => {
  // The image is held back until its box has been measured.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/images/industry.svg", async (route) => {
    await released;
    await route.continue().catch(() => {});
  });
  await page.goto(`/articles/${seedArticle.id}`);
  const img = page.locator(".article-body img").first();
  await expect(img).toBeAttached();
  expect(await img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth > 0)).toBe(false);
  const box = await img.boundingBox();
  expect(box!.height).toBeGreaterThan(100);
  release();
});

test("printing an article leaves out the site's controls", { tag: ["@ui", "@any-viewport"] }, async ({ page }) => {
  await page.goto(`/articles/${seedArticle.id}`);
  await expect(page.locator(".article-body p").first()).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("region", { name: "分享：" })).toBeHidden();
  await expect(page.getByRole("button", { name: /^关注/ })).toBeHidden();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator(".article-body p").first()).toBeVisible();
  await page.pdf({ path: "e2e/test-results/article.pdf" });
});

test("dark colour scheme keeps text readable", { tag: ["@ui", "@any-viewport"] }, async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, colorScheme: "dark", bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`/articles/${seedArticle.id}`);
  await expect(page.locator(".article-body p").first()).toBeVisible();
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).not.toBe("rgb(244, 246, 249)");
  await axe(page, "dark article");
  await context.close();
});

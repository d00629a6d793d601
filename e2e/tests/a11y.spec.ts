import { test, expect, Page } from "@playwright/test";
import path from "node:path";
import { seedArticle, seedSchool } from "./data";

const axePath = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../node_modules/axe-core/axe.min.js");

async function axe(page: Page, where: string) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () =>
    (window as any).axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } }),
  );
  const violations = result.violations.map((v: any) => `${v.id} (${v.impact}): ${v.nodes.map((n: any) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(violations, where).toEqual([]);
}

const routes: [string, string][] = [
  ["home", "/"],
  ["directory", "/schools?level=vocational"],
  ["school", `/schools/${seedSchool.id}`],
  ["school news", `/schools/${seedSchool.id}/articles`],
  ["article", `/articles/${seedArticle.id}`],
  ["tag", "/tags/" + encodeURIComponent("招生")],
  ["search", "/search?q=" + encodeURIComponent("厦门")],
  ["empty search", "/search?q=" + encodeURIComponent("火星大学")],
  ["me", "/me"],
  ["404", "/nowhere"],
];

test.describe("axe-core finds no violations", () => {
  test.use({ bypassCSP: true }); // axe is injected as a script
  for (const [name, url] of routes) {
    test(name, async ({ page }) => {
      await page.goto(url);
      await expect(page.locator("main h1").first()).toBeVisible();
      await axe(page, name);
    });
  }

  test("with the account dialog open, on both tabs", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("banner").getByRole("button", { name: "登录" }).click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await axe(page, "login tab");
    await page.getByRole("tab", { name: "注册" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "注册" }).last().click();
    await expect(page.getByText("请输入用户名")).toBeVisible();
    await axe(page, "register tab with errors");
  });

  test("with the share QR and official-account QR open", async ({ page }) => {
    await page.goto(`/articles/${seedArticle.id}`);
    await page.getByRole("button", { name: "微信" }).click();
    await expect(page.getByRole("img", { name: "本页二维码" })).toBeVisible();
    await axe(page, "share popover");
    await page.goto(`/schools/${seedSchool.id}`);
    await page.getByRole("button", { name: "公众号" }).click();
    await axe(page, "official account QR");
  });
});

test("the page declares its language, landmarks and one h1", async ({ page }) => {
  await page.goto(`/articles/${seedArticle.id}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("banner")).toHaveCount(1);
  await expect(page.getByRole("main")).toHaveCount(1);
  await expect(page.getByRole("contentinfo")).toHaveCount(1);
  await expect(page.locator("h1")).toHaveCount(1);
});

test("keyboard only: skip link, filters, links, dialog, with visible focus", async ({ page }, info) => {
  test.skip(info.project.name === "http", "same markup in both modes");
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

test("reduced motion turns animations off", async ({ browser, baseURL }, info) => {
  test.skip(info.project.name === "http", "the same stylesheet in both modes");
  const context = await browser.newContext({ baseURL, reducedMotion: "reduce" });
  const page = await context.newPage();
  await page.route("**/data/home.json", async (route) => {
    await new Promise((r) => setTimeout(r, 800));
    await route.continue();
  });
  await page.goto("/");
  const duration = await page.locator(".skeleton").first().evaluate((e) => getComputedStyle(e).animationDuration);
  expect(parseFloat(duration)).toBeLessThan(0.01);
  await context.close();
});

test("article images reserve their space before they load", async ({ page }, info) => {
  test.skip(info.project.name === "http", "the same markup in both modes");
  await page.route("**/images/industry.svg", async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.goto(`/articles/${seedArticle.id}`);
  const img = page.locator(".article-body img").first();
  await expect(img).toBeAttached();
  const box = await img.boundingBox();
  expect(box!.height).toBeGreaterThan(100);
});

test("printing an article leaves out the site's controls", async ({ page }, info) => {
  test.skip(info.project.name !== "desktop", "one medium is enough");
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

test("dark colour scheme keeps text readable", async ({ browser, baseURL }, info) => {
  test.skip(info.project.name === "http", "the same stylesheet in both modes");
  const context = await browser.newContext({ baseURL, colorScheme: "dark", bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`/articles/${seedArticle.id}`);
  await expect(page.locator(".article-body p").first()).toBeVisible();
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).not.toBe("rgb(244, 246, 249)");
  await axe(page, "dark article");
  await context.close();
});

import { test, expect, pageWithWorker, registerIn } from "./fixtures";
import { newAccount, schoolAt, seedArticle } from "./data";

// Only in the "http" project: dist/ served by the reference server, real accounts and counts.

test("a follow made in one browser is there, with its count, after signing in elsewhere", async ({ browser, baseURL }) => {
  const school = schoolAt(3);
  const account = newAccount("two_");
  const first = await browser.newContext({ baseURL });
  const a = await first.newPage();
  await a.goto(`/schools/${school.id}`);
  await expect(a.getByText("演示模式")).toHaveCount(0);
  const before = Number(await a.locator("data.follower-count").getAttribute("value"));
  await registerIn(a, account);
  await a.getByRole("button", { name: `关注${school.name}` }).click();
  await expect(a.locator("data.follower-count")).toHaveAttribute("value", String(before + 1));
  await first.close();

  const second = await browser.newContext({ baseURL });
  const b = await second.newPage();
  await b.goto(`/schools/${school.id}`);
  await expect(b.locator("data.follower-count")).toHaveAttribute("value", String(before + 1));
  await expect(b.getByRole("button", { name: `关注${school.name}` })).toHaveAttribute("aria-pressed", "false");
  await b.getByRole("banner").getByRole("button", { name: "登录" }).click();
  await b.getByLabel("账号", { exact: true }).fill(account.phone);
  await b.getByLabel("密码", { exact: true }).first().fill("gaokao2025");
  await b.keyboard.press("Enter");
  await expect(b.getByRole("banner").getByText(account.username)).toBeVisible();
  await expect(b.getByRole("button", { name: `关注${school.name}` })).toHaveAttribute("aria-pressed", "true");
  await b.goto("/me");
  await expect(b.getByRole("link", { name: school.name })).toBeVisible();
  await second.close();
});

test("the session cookie is invisible to page script", async ({ page }) => {
  await page.goto("/");
  await registerIn(page, newAccount("ck_"));
  expect(await page.evaluate(() => document.cookie)).not.toContain("haixia_session");
  const cookies = await page.context().cookies();
  // __Host- prefixed and Secure: Chromium keeps Secure cookies from http://127.0.0.1.
  const session = cookies.find((c) => c.name === "__Host-haixia_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
  expect(session?.secure).toBe(true);
  expect(session?.path).toBe("/");
});

test("signing out ends the session on the server", async ({ page }) => {
  await page.goto("/");
  await registerIn(page, newAccount("out_"));
  await page.getByRole("banner").getByRole("button", { name: "退出" }).click();
  await expect(page.getByRole("banner").getByRole("button", { name: "登录" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("banner").getByRole("button", { name: "登录" })).toBeVisible();
  const me = await page.request.get("/api/session");
  expect(await me.json()).toBeNull();
});

test("server errors show in the dialog in Chinese", async ({ page }) => {
  await page.goto("/");
  const taken = newAccount("dup_");
  await registerIn(page, taken);
  await page.getByRole("banner").getByRole("button", { name: "退出" }).click();
  await page.getByRole("banner").getByRole("button", { name: "注册" }).click();
  await page.getByLabel("用户名").fill(newAccount("other_").username);
  await page.getByLabel("手机号").fill(taken.phone);
  await page.getByLabel("密码", { exact: true }).last().fill("gaokao2025");
  await page.getByLabel("确认密码").fill("gaokao2025");
  await page.getByLabel(/我已阅读并同意/).check();
  await page.getByRole("dialog").getByRole("button", { name: "注册" }).last().click();
  await expect(page.getByText("该手机号已被注册")).toBeVisible();
});

// The server marks public reads `private, no-cache` (not `no-store`), so the service worker
// keeps them and a page opened before reads offline against portal-server too; account
// answers are never kept.
test("pages opened before read offline from the server's answers, account data is never kept", async ({ browser, baseURL }) => {
  const { context, page, allKept } = await pageWithWorker(browser, baseURL);
  await page.goto(`/articles/${seedArticle.id}`);
  await expect(page.locator(".article-body p").first()).toBeVisible();
  await allKept();
  const kept = () =>
    page.evaluate(async () => (await (await caches.open("data-v1")).keys()).map((r) => new URL(r.url).pathname));
  expect(await kept()).toContain(`/api/articles/${seedArticle.id}`);
  expect((await kept()).filter((p) => /\/api\/(session|users|me|auth)(\/|$)/.test(p))).toEqual([]);

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator(".article-body p").first()).toBeVisible();
  await expect(page.getByText("离线副本：这是您之前打开时保存的内容")).toBeVisible();
  await context.close();
});

import { test, expect, Page } from "@playwright/test";
import { seedSchool, seedArticle } from "./data";

const dialog = (page: Page) => page.getByRole("dialog", { name: /登录海峡高考门户|注册海峡高考门户账号/ });

async function register(page: Page, username: string, phone = "13912345678", password = "gaokao2025") {
  await dialog(page).getByRole("tab", { name: "注册" }).click();
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("手机号").fill(phone);
  await page.getByLabel("密码", { exact: true }).last().fill(password);
  await page.getByLabel("确认密码").fill(password);
  await page.getByLabel(/我已阅读并同意/).check();
  await dialog(page).getByRole("button", { name: "注册" }).last().click();
}

test("follow while signed out → sign up → the follow is done → survives reload → listed on /me → unfollow", async ({ page }) => {
  await page.goto(`/schools/${seedSchool.id}`);
  const follow = page.getByRole("button", { name: "关注江西机电职业技术学院" });
  await expect(page.getByText("14.9万")).toBeVisible();
  await follow.click();
  await expect(dialog(page)).toBeVisible();
  await register(page, "考生小林");
  await expect(dialog(page)).toBeHidden();
  await expect(follow).toHaveAttribute("aria-pressed", "true");
  await expect(follow).toHaveText("已关注");
  await expect(page.getByRole("banner").getByText("考生小林")).toBeVisible();
  await expect(page.getByText("注册成功")).toBeVisible();

  await page.reload();
  await expect(page.getByRole("button", { name: "关注江西机电职业技术学院" })).toHaveAttribute("aria-pressed", "true");
  // 149000 + this visitor = 149001, still 14.9万.
  await expect(page.getByText("14.9万")).toBeVisible();

  await page.getByRole("banner").getByRole("link", { name: "我的关注" }).click();
  await expect(page.getByRole("heading", { name: "我关注的院校" })).toBeVisible();
  await expect(page.getByRole("link", { name: "江西机电职业技术学院" })).toBeVisible();
  await page.getByRole("button", { name: "关注江西机电职业技术学院" }).click();
  await expect(page.getByRole("button", { name: "关注江西机电职业技术学院" })).toHaveAttribute("aria-pressed", "false");
  await page.reload();
  await expect(page.getByText("还没有关注任何院校。")).toBeVisible();
});

async function signInAsDemo(page: Page) {
  await page.getByRole("banner").getByRole("button", { name: "登录" }).click();
  await page.getByLabel("账号", { exact: true }).fill("demo");
  await page.getByLabel("密码", { exact: true }).first().fill("gaokao2024");
  await page.keyboard.press("Enter");
  await expect(dialog(page)).toBeHidden();
  await expect(page.getByRole("banner").getByText("demo")).toBeVisible();
}

const count = (page: Page) => page.locator("data.follower-count").first();

test("the follower count moves by one at once, and back on unfollow", async ({ page }) => {
  await page.goto(`/schools/${seedSchool.id}`);
  await signInAsDemo(page);
  await expect(count(page)).toHaveAttribute("value", "149000");
  const follow = page.getByRole("button", { name: "关注江西机电职业技术学院" });
  await follow.click();
  await expect(count(page)).toHaveAttribute("value", "149001");
  await follow.click();
  await expect(count(page)).toHaveAttribute("value", "149000");
});

test("rapid clicks end in one state on the button and in storage", async ({ page }) => {
  await page.goto(`/articles/${seedArticle.id}`);
  await signInAsDemo(page);
  const follow = page.getByRole("button", { name: "关注江西机电职业技术学院" });
  for (let i = 0; i < 7; i++) await follow.click({ delay: 0 });
  await expect(follow).toHaveAttribute("aria-pressed", "true");
  await page.waitForTimeout(300);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("haixia.accounts.v1")!).accounts.find((a: any) => a.username === "demo").follows);
  expect(stored).toEqual([seedSchool.id]);
  await expect(count(page)).toHaveAttribute("value", "149001");
  await page.reload();
  await expect(page.getByRole("button", { name: "关注江西机电职业技术学院" })).toHaveAttribute("aria-pressed", "true");
});

test("a refused follow rolls back and says why", async ({ page }) => {
  // http mode against a mocked API that refuses the follow.
  await page.route("**/config.json", (r) => r.fulfill({ json: { data_source: "http", api_base: "/api" } }));
  await page.route("**/api/**", async (route) => {
    const url = new URL(route.request().url());
    const path = url.pathname.replace(/^\/api/, "");
    const method = route.request().method();
    if (path === "/session") return route.fulfill({ json: { id: 1, username: "mock" } });
    if (path === "/me/follows") return route.fulfill({ json: [] });
    if (path === `/schools/${seedSchool.id}/follow` && method === "PUT")
      return route.fulfill({ status: 503, json: { code: "unavailable", message: "服务暂不可用" } });
    const file = path === `/schools/${seedSchool.id}` ? `/data/schools/${seedSchool.id}.json` : null;
    if (file) return route.fulfill({ path: `dist${file}` });
    return route.fulfill({ status: 404, json: { code: "not_found", message: "不存在" } });
  });
  await page.goto(`/schools/${seedSchool.id}`);
  const follow = page.getByRole("button", { name: "关注江西机电职业技术学院" });
  await expect(page.getByRole("banner").getByText("mock")).toBeVisible();
  await follow.click();
  await expect(page.getByRole("alert").filter({ hasText: "关注失败" })).toContainText("HTTP 503");
  await expect(follow).toHaveAttribute("aria-pressed", "false");
  await expect(count(page)).toHaveAttribute("value", "149000");
});

test("closing the dialog cancels the follow that opened it", async ({ page }) => {
  await page.goto(`/schools/${seedSchool.id}`);
  await page.getByRole("button", { name: "关注江西机电职业技术学院" }).click();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("button", { name: "关注江西机电职业技术学院" })).toBeFocused();
  await signInAsDemo(page);
  await page.waitForTimeout(300);
  await expect(page.getByRole("button", { name: "关注江西机电职业技术学院" })).toHaveAttribute("aria-pressed", "false");
});

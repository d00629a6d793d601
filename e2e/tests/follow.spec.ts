import { test, expect, Page } from "./fixtures";
import { seedSchool, searchIndex, httpMode, newAccount, schoolAt, readData } from "./data";

const dialog = (page: Page) => page.getByRole("dialog", { name: /登录海峡高考门户|注册海峡高考门户账号/ });
const count = (page: Page) => page.locator("data.follower-count").first();
const followButton = (page: Page, name: string) => page.getByRole("button", { name: `关注${name}` });

async function register(page: Page, account: { username: string; phone: string }, password = "gaokao2025") {
  await dialog(page).getByRole("tab", { name: "注册" }).click();
  await page.getByLabel("用户名").fill(account.username);
  await page.getByLabel("手机号").fill(account.phone);
  await page.getByLabel("密码", { exact: true }).last().fill(password);
  await page.getByLabel("确认密码").fill(password);
  await page.getByLabel(/我已阅读并同意/).check();
  await dialog(page).getByRole("button", { name: "注册" }).last().click();
}

/** Signs in: the demo account on fixtures, a fresh account on the server (tests run in parallel). */
async function signIn(page: Page, http: boolean) {
  if (http) {
    const account = newAccount("user");
    await page.getByRole("banner").getByRole("button", { name: "注册" }).click();
    await register(page, account);
    await expect(page.getByRole("banner").getByText(account.username)).toBeVisible();
    return;
  }
  await page.getByRole("banner").getByRole("button", { name: "登录" }).click();
  await page.getByLabel("账号", { exact: true }).fill("demo");
  await page.getByLabel("密码", { exact: true }).first().fill("gaokao2024");
  await page.keyboard.press("Enter");
  await expect(dialog(page)).toBeHidden();
  await expect(page.getByRole("banner").getByText("demo")).toBeVisible();
}

const countOf = async (page: Page) => Number(await count(page).getAttribute("value"));

test("follow while signed out → sign up → the follow is done → survives reload → listed on /me → unfollow", async ({ page }) => {
  const account = newAccount("考生");
  await page.goto(`/schools/${seedSchool.id}`);
  const follow = followButton(page, seedSchool.name);
  await expect(page.getByText("14.9万")).toBeVisible();
  await follow.click();
  await expect(dialog(page)).toBeVisible();
  await register(page, account);
  await expect(dialog(page)).toBeHidden();
  await expect(follow).toHaveAttribute("aria-pressed", "true");
  await expect(follow).toHaveText("已关注");
  await expect(page.getByRole("banner").getByText(account.username)).toBeVisible();
  await expect(page.getByText("注册成功")).toBeVisible();

  await page.reload();
  await expect(followButton(page, seedSchool.name)).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText("14.9万")).toBeVisible();

  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的关注" }).click();
  await expect(page.getByRole("heading", { name: "我关注的院校" })).toBeVisible();
  await expect(page.getByRole("link", { name: seedSchool.name })).toBeVisible();
  await followButton(page, seedSchool.name).click();
  await expect(followButton(page, seedSchool.name)).toHaveAttribute("aria-pressed", "false");
  await page.reload();
  await expect(page.getByText("还没有关注任何院校。")).toBeVisible();
});

test("the follower count moves by one at once, and back on unfollow", { tag: "@any-viewport" }, async ({ page }, info) => {
  const school = schoolAt(0);
  await page.goto(`/schools/${school.id}`);
  await signIn(page, httpMode(info));
  const before = await countOf(page);
  const follow = followButton(page, school.name);
  await follow.click();
  await expect(count(page)).toHaveAttribute("value", String(before + 1));
  await expect(follow).toHaveAttribute("aria-pressed", "true");
  await follow.click();
  await expect(count(page)).toHaveAttribute("value", String(before));
});

test("rapid clicks end in one state on the button and at the data source", { tag: "@any-viewport" }, async ({ page }, info) => {
  const school = schoolAt(1);
  const article = searchIndex.articles.find((a: any) => a.school_id === school.id);
  await page.goto(`/articles/${article.id}`);
  await signIn(page, httpMode(info));
  const before = await countOf(page);
  const follow = followButton(page, school.name);
  for (let i = 0; i < 7; i++) await follow.click({ delay: 0 });
  await expect(follow).toHaveAttribute("aria-pressed", "true");
  await expect(count(page)).toHaveAttribute("value", String(before + 1));
  // Every change has been answered by the data source (the button is busy until then).
  await expect(follow).toHaveAttribute("aria-busy", "false");
  await page.reload();
  await expect(followButton(page, school.name)).toHaveAttribute("aria-pressed", "true");
  await expect(count(page)).toHaveAttribute("value", String(before + 1));
  await page.goto("/me");
  await expect(page.getByRole("link", { name: school.name })).toBeVisible();
});

test("closing the dialog cancels the follow that opened it", { tag: "@any-viewport" }, async ({ page }, info) => {
  const school = schoolAt(2);
  await page.goto(`/schools/${school.id}`);
  await followButton(page, school.name).click();
  await page.keyboard.press("Escape");
  await expect(followButton(page, school.name)).toBeFocused();
  const follows: string[] = [];
  page.on("request", (r) => /\/schools\/\d+\/follow$/.test(new URL(r.url()).pathname) && follows.push(r.url()));
  await signIn(page, httpMode(info));
  // A follow kept for after sign-in is applied as the sign-in lands, in the same update as the
  // greeting in the banner that signIn waits for; so by now it would show.
  await expect(followButton(page, school.name)).toHaveAttribute("aria-pressed", "false");
  await expect(followButton(page, school.name)).toHaveAttribute("aria-busy", "false");
  expect(follows).toEqual([]);
});

test("a refused follow rolls back and says why", { tag: "@any-viewport" }, async ({ page }) => {
  // A mocked API that refuses the follow (the same dist/, config.json pointing at it).
  await page.route("**/config.json", (r) => r.fulfill({ json: { data_source: "http", api_base: "/mock-api" } }));
  await page.route("**/mock-api/**", async (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/mock-api/, "");
    const method = route.request().method();
    if (path === "/session") return route.fulfill({ json: { id: 1, username: "mock" } });
    if (path === "/me/follows") return route.fulfill({ json: [] });
    if (path === `/schools/${seedSchool.id}/follow` && method === "PUT")
      return route.fulfill({ status: 503, json: { code: "unavailable", message: "服务暂不可用" } });
    if (path === `/schools/${seedSchool.id}`) return route.fulfill({ path: `dist/data/schools/${seedSchool.id}.json` });
    return route.fulfill({ status: 404, json: { code: "not_found", message: "不存在" } });
  });
  await page.goto(`/schools/${seedSchool.id}`);
  const follow = followButton(page, seedSchool.name);
  await expect(page.getByRole("banner").getByText("mock")).toBeVisible();
  await follow.click();
  await expect(page.getByRole("alert").filter({ hasText: "关注失败" })).toContainText("HTTP 503");
  await expect(follow).toHaveAttribute("aria-pressed", "false");
  await expect(count(page)).toHaveAttribute("value", "149000");
});

test("a follow made after 下一篇 was fetched ahead shows on the next article", { tag: "@any-viewport" }, async ({ page }, info) => {
  const school = schoolAt(9);
  const first = searchIndex.articles.filter((a: any) => a.school_id === school.id).sort((a: any, b: any) => a.id - b.id)[0];
  const next = readData(`articles/${first.id}.json`).next;
  await page.goto("/");
  await signIn(page, httpMode(info));
  // The answer fetched ahead is taken before the follow and handed over only after the
  // follow is answered: the slowest order, where a stale count could be kept.
  let answered = () => {};
  const followAnswered = new Promise<void>((resolve) => (answered = resolve));
  const ahead = new Promise<void>((resolve) =>
    page.route(
      new RegExp(`/articles/${next.id}(\\.json)?$`),
      async (route) => {
        const response = await route.fetch();
        resolve();
        await followAnswered;
        await route.fulfill({ response });
      },
      { times: 1 },
    ),
  );
  await page.goto(`/articles/${first.id}`);
  await ahead;
  const put = httpMode(info) ? page.waitForResponse((r) => r.request().method() === "PUT") : Promise.resolve();
  await followButton(page, school.name).click();
  await expect(followButton(page, school.name)).toHaveAttribute("aria-pressed", "true");
  await put;
  answered();
  await expect(page.getByRole("status").filter({ hasText: "失败" })).toHaveCount(0);
  const followed = await countOf(page);
  await page.getByRole("navigation", { name: "上一篇和下一篇" }).getByRole("link", { name: next.title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(next.title);
  await expect(followButton(page, school.name)).toHaveAttribute("aria-pressed", "true");
  expect(await countOf(page)).toBe(followed);
  await followButton(page, school.name).click();
  await expect(followButton(page, school.name)).toHaveAttribute("aria-pressed", "false");
});

test("a page opened while a follow is still on its way shows the follow", { tag: "@server" }, async ({ page }, info) => {
  const school = schoolAt(8);
  const article = searchIndex.articles.find((a: any) => a.school_id === school.id);
  await page.goto("/");
  await signIn(page, true);
  await page.goto(`/articles/${article.id}`);
  // A slow network: the follow is held until the visitor has moved on to the school page
  // (its skeleton is up), so a read that did not wait for the follow would overtake it.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/schools/${school.id}/follow`, async (route) => {
    await released;
    await route.continue().catch(() => {});
  });
  await followButton(page, school.name).click();
  await expect(followButton(page, school.name)).toHaveAttribute("aria-pressed", "true");
  const followed = await countOf(page);
  await page.getByRole("navigation", { name: "当前位置" }).getByRole("link", { name: school.name }).click();
  await expect(page.locator(".page-skeleton")).toBeVisible();
  release();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(school.name);
  await expect(followButton(page, school.name)).toHaveAttribute("aria-pressed", "true");
  expect(await countOf(page)).toBe(followed);
});

import { test, expect } from "./fixtures";
import { seedSchool } from "./data";

test("a school profile shows header, official accounts, introduction, facts and news", async ({ page }) => {
  await page.goto(`/schools/${seedSchool.id}`);
  await expect(page).toHaveTitle("江西机电职业技术学院 - 海峡高考门户");
  await expect(page.getByRole("heading", { level: 1, name: "江西机电职业技术学院" })).toBeVisible();
  await expect(page.getByText("高职专科 · 理工类 · 公办 · 江西 南昌")).toBeVisible();
  await expect(page.getByText("14.9万")).toBeVisible();
  await expect(page.getByRole("button", { name: /关注/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();
  await expect(page.getByText("创办时间")).toBeVisible();
  await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /江西机电职业技术学院/);

  for (const entry of ["官方微信", "公众号", "官方企业微信"]) {
    const button = page.getByRole("button", { name: entry, exact: true });
    await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByRole("img", { name: new RegExp(`^${entry}二维码`) })).toBeVisible();
  }
  await page.getByRole("button", { name: "收起" }).first().click();
  await expect(page.getByRole("img", { name: /二维码/ })).toHaveCount(0);

  await page.getByRole("link", { name: "全部新闻 ›" }).click();
  await expect(page).toHaveURL(new RegExp(`/schools/${seedSchool.id}/articles$`));
});

test("a school's news pages through ?page=N", async ({ page }) => {
  await page.goto(`/schools/${seedSchool.id}/articles`);
  await expect(page.getByRole("heading", { level: 1, name: "江西机电职业技术学院新闻" })).toBeVisible();
  await expect(page.locator(".article-item")).toHaveCount(15);
  await page.getByRole("link", { name: "第2页" }).click();
  await expect(page).toHaveURL(/articles\?page=2$/);
  await expect(page).toHaveTitle(/第2页/);
  await expect(page.locator(".article-item")).toHaveCount(9);
  await page.reload();
  await expect(page.locator(".article-item")).toHaveCount(9);
});

test("an unknown school id is a real 404", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/schools/99999");
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  await page.goto("/schools/abc");
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
});

// Issue #26, item 6: a school's tabs on a phone.
const tabs = (page: import("@playwright/test").Page) => page.getByRole("navigation", { name: "院校栏目" });

test("the tabs sit at the same height on every tab, and the same trail leads to each", async ({ page }) => {
  const place = async (path: string) => {
    await page.goto(path);
    await expect(page.locator(".skeleton")).toHaveCount(0);
    await expect(tabs(page)).toBeVisible();
    return page.evaluate(() => document.querySelector("nav[aria-label=院校栏目]")!.getBoundingClientRect().top + scrollY);
  };
  const trail = () => page.getByRole("navigation", { name: "当前位置" }).getByRole("link").allTextContents();
  const overview = await place(`/schools/${seedSchool.id}`);
  expect(await trail()).toEqual(["首页", "院校库"]);
  for (const tab of ["scores", "plans", "majors", "articles"]) {
    expect(await place(`/schools/${seedSchool.id}/${tab}`), tab).toBe(overview);
    expect(await trail()).toEqual(["首页", "院校库", seedSchool.name]);
  }
});

test("a tab tapped below the top keeps the tabs where they were on the screen", async ({ page }) => {
  await page.goto(`/schools/${seedSchool.id}`);
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();
  // Scroll so the tabs are near the top of the screen, as after reading a little.
  await page.evaluate(() => {
    const nav = document.querySelector("nav[aria-label=院校栏目]")!;
    scrollTo(0, nav.getBoundingClientRect().top + scrollY - 60);
  });
  const before = await tabs(page).evaluate((n) => n.getBoundingClientRect().top);
  await tabs(page).getByRole("link", { name: "分数线" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("历年分数线");
  await expect.poll(() => tabs(page).evaluate((n) => Math.round(n.getBoundingClientRect().top))).toBe(Math.round(before));
  expect(await page.evaluate(() => scrollY)).toBeGreaterThan(0);
});

test("every tab, the current one included, is whole on the screen", async ({ page }) => {
  await page.goto(`/schools/${seedSchool.id}/articles`);
  await expect(tabs(page)).toBeVisible();
  const nav = (await tabs(page).boundingBox())!;
  for (const link of await tabs(page).getByRole("link").all()) {
    const box = (await link.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(nav.x);
    expect(box.x + box.width).toBeLessThanOrEqual(nav.x + nav.width + 0.5);
  }
  await expect(tabs(page).getByRole("link", { name: "新闻" })).toHaveAttribute("aria-current", "page");
});

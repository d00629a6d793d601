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

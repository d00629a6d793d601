import { test, expect } from "./fixtures";
import { SEED_TITLE, NEXT_TITLE } from "./data";

// The promise: home → school → news → seed article → next → tag → search, no dead end.
test("a visitor walks from home to the seed article and on, by clicking", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("region", { name: "推荐院校" }).getByRole("link", { name: "江西机电职业技术学院" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "江西机电职业技术学院" })).toBeVisible();
  await page.getByRole("link", { name: "全部新闻 ›" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "江西机电职业技术学院新闻" })).toBeVisible();
  // The seed article is on the second page of the school's news.
  let link = page.getByRole("link", { name: SEED_TITLE });
  if ((await link.count()) === 0) {
    await page.getByRole("link", { name: "下一页" }).click();
    link = page.getByRole("link", { name: SEED_TITLE });
  }
  await link.click();
  await expect(page.getByRole("heading", { level: 1, name: SEED_TITLE })).toBeVisible();
  await page.getByRole("link", { name: NEXT_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: NEXT_TITLE })).toBeVisible();
  await page.getByRole("region", { name: "本文标签" }).getByRole("link", { name: "技能大赛" }).click();
  await expect(page.getByRole("heading", { name: "标签：技能大赛" })).toBeVisible();
  await page.getByRole("searchbox", { name: "搜索院校或文章" }).first().fill("金相");
  await page.getByRole("searchbox", { name: "搜索院校或文章" }).first().press("Enter");
  await expect(page.getByRole("link", { name: /金相技能大赛/ })).toBeVisible();
});

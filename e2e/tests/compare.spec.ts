// 院校对比: 加入对比 from the directory, a school page and an article; the tray survives a
// reload, holds four at most, and the compare page shows the schools side by side.
import { test, expect } from "./fixtures";
import { seedArticle, seedSchool, schoolAt } from "./data";

const fromDirectory = schoolAt(1);
const fromSchoolPage = schoolAt(2);
const fourth = schoolAt(3);
const fifth = schoolAt(4);

const compareButton = (scope: any, name: string) => scope.getByRole("button", { name: new RegExp(`加入对比.* ${name}$`) });

test("three schools from three places, side by side; a fifth cannot be added", async ({ page }) => {
  test.slow(); // five page loads and a reload
  await page.goto("/schools?q=" + encodeURIComponent(fromDirectory.name));
  const row = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: fromDirectory.name, exact: true }) });
  await compareButton(row, fromDirectory.name).click();
  await expect(compareButton(row, fromDirectory.name)).toHaveAttribute("aria-pressed", "true");
  const tray = page.getByRole("region", { name: "院校对比" });
  await expect(tray.getByText(fromDirectory.name)).toBeVisible();

  await page.goto(`/schools/${fromSchoolPage.id}`);
  await compareButton(page.getByRole("main"), fromSchoolPage.name).click();

  await page.goto(`/articles/${seedArticle.id}`);
  await compareButton(page.getByRole("main"), seedSchool.name).click();
  await expect(tray.getByText("对比 3/4")).toBeVisible();

  await page.reload();
  await expect(tray.getByText("对比 3/4")).toBeVisible();
  for (const s of [fromDirectory, fromSchoolPage, seedSchool]) await expect(tray.getByText(s.name)).toBeVisible();

  await page.goto(`/schools/${fourth.id}`);
  await compareButton(page.getByRole("main"), fourth.name).click();
  await page.goto(`/schools/${fifth.id}`);
  const full = compareButton(page.getByRole("main"), fifth.name);
  await expect(full).toBeDisabled();
  await expect(full).toContainText("已满4所");
  // Taking one out makes room again.
  await tray.getByRole("button", { name: `移出对比：${fourth.name}` }).click();
  await expect(full).toBeEnabled();

  await tray.getByRole("link", { name: "开始对比" }).click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?ids=${fromDirectory.id},${fromSchoolPage.id},${seedSchool.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: "院校对比" })).toBeVisible();
  const facts = page.getByRole("region", { name: "基本信息对比" });
  for (const s of [fromDirectory, fromSchoolPage, seedSchool]) {
    await expect(facts.getByRole("columnheader", { name: new RegExp(s.name) })).toBeVisible();
  }
  await expect(facts.getByRole("rowheader", { name: "办学层次" })).toBeVisible();
  const scores = page.getByRole("region", { name: "历年分数线对比" });
  await expect(scores.getByRole("rowheader").first()).toContainText("年");
  await expect(page.getByText("历年分数线和位次仅供参考")).toBeVisible();

  await page.getByRole("button", { name: `移除 ${fromSchoolPage.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?ids=${fromDirectory.id},${seedSchool.id}$`));
  await expect(facts.getByRole("columnheader", { name: new RegExp(fromSchoolPage.name) })).toHaveCount(0);
});

test("an empty comparison points to the directory", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/compare");
  await expect(page.getByText("还没有选择要对比的院校")).toBeVisible();
  await expect(page.getByRole("link", { name: "去院校库挑选" })).toBeVisible();
});

test("on a phone, three schools side by side scroll inside their tables, not the page", { tag: "@ui" }, async ({ page }) => {
  await page.goto(`/compare?ids=${fromDirectory.id},${fromSchoolPage.id},${seedSchool.id}`);
  await expect(page.getByRole("region", { name: "基本信息对比" }).getByRole("columnheader", { name: new RegExp(seedSchool.name) })).toBeAttached();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

// Issue #26, item 8, and #23, item 6: the header's 院校对比 opens the tray's schools.
test("the header's 院校对比 and a bare /compare show the schools in the tray", async ({ page }) => {
  await page.goto("/schools?level=undergraduate");
  const add = page.getByRole("button", { name: /^加入对比/ });
  await add.nth(0).click();
  await add.nth(1).click();
  await expect(page.getByRole("button", { name: /^已加入对比/ })).toHaveCount(2);
  const names = await page.getByRole("region", { name: "院校对比" }).locator(".compare-tray-name").allTextContents();
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "院校对比" }).click();
  await expect(page).toHaveURL(/\/compare\?ids=\d+,\d+$/);
  const facts = page.getByRole("region", { name: "基本信息对比" });
  for (const name of names) await expect(facts.getByRole("columnheader", { name: new RegExp(name) })).toBeVisible();
  await page.goto("/compare");
  await expect(page).toHaveURL(/\/compare\?ids=\d+,\d+$/);
  for (const name of names) await expect(facts.getByRole("columnheader", { name: new RegExp(name) })).toBeVisible();
});

test("on a phone, four schools keep the row names in view and every number on one line", async ({ page }, info) => {
  test.skip(info.project.name !== "phone", "a 360 px screen");
  await page.goto(`/compare?ids=${fromDirectory.id},${fromSchoolPage.id},${seedSchool.id},${fourth.id}`);
  const facts = page.getByRole("region", { name: "基本信息对比" });
  await expect(facts.getByRole("columnheader", { name: new RegExp(fourth.name) })).toBeAttached();
  await expect(page.getByText("表格较宽，左右滑动查看更多").first()).toBeVisible();
  await facts.scrollIntoViewIfNeeded();
  await facts.evaluate((b) => (b.scrollLeft = b.scrollWidth));
  await expect(facts.getByRole("rowheader", { name: "办学层次" })).toBeInViewport();
  await expect(facts.getByRole("columnheader", { name: new RegExp(fourth.name) })).toBeInViewport();
  // "位次 45222" never breaks inside.
  for (const rank of await page.locator(".compare-rank").all()) {
    const box = (await rank.boundingBox())!;
    expect(box.height).toBeLessThan(24);
  }
});

import { test, expect } from "./fixtures";

const results = (page) => page.getByRole("region", { name: /共\d+所院校/ });

test("filters live in the URL and survive reload and back/forward", async ({ page }) => {
  await page.goto("/schools");
  await expect(page.getByRole("heading", { name: "共38所院校" })).toBeVisible();

  await page.getByLabel("办学层次").selectOption({ label: "高职专科" });
  await expect(page).toHaveURL(/\/schools\?level=vocational$/);
  await page.getByLabel("省份").selectOption("江西");
  await expect(page).toHaveURL(/level=vocational&province=%E6%B1%9F%E8%A5%BF/);
  await expect(results(page).getByRole("link", { name: "江西机电职业技术学院" })).toBeVisible();
  await expect(results(page).getByRole("link", { name: "厦门大学" })).toHaveCount(0);
  const count = await page.getByRole("heading", { name: /共\d+所院校/ }).textContent();

  await page.reload();
  await expect(page.getByRole("heading", { name: count! })).toBeVisible();
  await expect(page.getByLabel("办学层次")).toHaveValue("vocational");
  await expect(page.getByLabel("省份")).toHaveValue("江西");

  await page.goBack();
  await expect(page).toHaveURL(/\/schools\?level=vocational$/);
  await expect(page.getByLabel("省份")).toHaveValue("");
  await page.goForward();
  await expect(page.getByLabel("省份")).toHaveValue("江西");
});

test("type, nature and name search narrow the list; clearing restores it", async ({ page }) => {
  await page.goto("/schools?type=normal");
  await expect(results(page).getByRole("link", { name: "福建师范大学" })).toBeVisible();
  await expect(results(page).getByRole("link", { name: "厦门大学" })).toHaveCount(0);
  await page.getByLabel("办学性质").selectOption({ label: "民办" });
  await expect(page.getByText("没有符合条件的院校。")).toBeVisible();
  await page.getByRole("link", { name: "清除筛选" }).click();
  await expect(page.getByRole("heading", { name: "共38所院校" })).toBeVisible();
  await page.getByLabel("院校名称").fill("xiamen");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/q=xiamen/);
  await expect(results(page).getByRole("link", { name: "厦门大学" })).toBeVisible();
  await expect(results(page).getByRole("link", { name: "厦门理工学院" })).toBeVisible();
  await expect(results(page).getByRole("link", { name: "福州大学" })).toHaveCount(0);
});

test("pages and sorts", async ({ page }) => {
  await page.goto("/schools");
  const firstName = () => results(page).getByRole("listitem").first().getByRole("link").first();
  await expect(firstName()).toHaveText("浙江大学");
  await page.getByRole("navigation", { name: "分页" }).getByRole("link", { name: "下一页" }).click();
  await expect(page).toHaveURL(/\/schools\?page=2$/);
  await expect(page).toHaveTitle(/^院校库（第2页）/);
  await expect(page.getByText("第 2 / 2 页")).toBeVisible();
  await page.getByLabel("排序").selectOption("name");
  await expect(page).toHaveURL(/\/schools\?sort=name$/);
  await expect(firstName()).toHaveText("北京师范大学");
});

test("unknown filter values in a hand-edited link are ignored", async ({ page }) => {
  await page.goto("/schools?level=phd&type=<script>&page=abc");
  await expect(page.getByRole("heading", { name: "共38所院校" })).toBeVisible();
});

import { test, expect } from "./fixtures";
import { readData } from "./data";

const results = (page) => page.getByRole("region", { name: /共\d+所院校/ });

test("filters live in the URL and survive reload and back/forward", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/schools");
  await expect(page.getByRole("heading", { name: "共38所院校" })).toBeVisible();

  await page.getByLabel("办学层次").selectOption({ label: "高职专科" });
  await expect(page).toHaveURL(/\/schools\?level=vocational$/);
  await page.getByLabel("省份").selectOption("江西");
  await expect(page).toHaveURL(/level=vocational&province=%E6%B1%9F%E8%A5%BF/);
  // The count the data gives, not the one on screen: read from the screen, it could still be
  // the 高职专科 list's (12) while the 江西 one (4) was on its way, as it was once on the server.
  const schools = readData("schools.json").schools.items;
  const count = `共${schools.filter((s: any) => s.level === "vocational" && s.province === "江西").length}所院校`;
  await expect(page.getByRole("heading", { name: count })).toBeVisible();
  await expect(results(page).getByRole("link", { name: "江西机电职业技术学院" })).toBeVisible();
  await expect(results(page).getByRole("link", { name: "厦门大学" })).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole("heading", { name: count })).toBeVisible();
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

test("unknown filter values in a hand-edited link are ignored", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/schools?level=phd&type=<script>&page=abc");
  await expect(page.getByRole("heading", { name: "共38所院校" })).toBeVisible();
});

test("a 生源地 shows last year's lines, sorts by rank and keeps what a rank reached", async ({ page }) => {
  // Expected values come from the fixtures' rank index (the server answers the same: contract test).
  const index = readData("rank/fujian/physics.json");
  const year = index.years[index.years.length - 1];
  const latest = index.schools
    .map((s: any) => ({ ...s, line: s.lowest.find((l: any) => l.year === year) }))
    .filter((s: any) => s.line?.rank)
    .sort((a: any, b: any) => a.line.rank - b.line.rank);
  const best = latest[0];

  await page.goto("/schools");
  await page.getByLabel("生源地").selectOption("福建");
  await expect(page).toHaveURL(/from=%E7%A6%8F%E5%BB%BA&track=physics/);
  await expect(page.getByLabel("科类")).toHaveValue("physics");
  await expect(results(page).getByRole("link", { name: `${year}年福建物理类 最低${best.line.score}分 · 位次${best.line.rank}` })).toBeVisible();

  await page.getByLabel("排序").selectOption({ label: "按最低位次" });
  await expect(page).toHaveURL(/sort=rank/);
  const first = results(page).getByRole("listitem").first();
  await expect(first.getByRole("link", { name: best.name })).toBeVisible();
  // The line links to the school's 分数线 for that origin.
  await first.getByRole("link", { name: /最低\d+分/ }).click();
  await expect(page).toHaveURL(new RegExp(`/schools/${best.id}/scores\\?province=%E7%A6%8F%E5%BB%BA&track=physics`));
  await page.goBack();

  // 我的位次: only schools whose lowest rank last year is this rank or after it.
  const reach = latest[3].line.rank;
  await page.getByLabel("我的位次").fill(String(reach));
  await page.getByRole("button", { name: "按位次筛选" }).click();
  await expect(page).toHaveURL(new RegExp(`reach=${reach}`));
  await expect(page.getByRole("heading", { name: `共${latest.length - 3}所院校` })).toBeVisible();
  await expect(results(page).getByRole("link", { name: best.name, exact: true })).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel("我的位次")).toHaveValue(String(reach));
  await expect(page.getByRole("heading", { name: `共${latest.length - 3}所院校` })).toBeVisible();

  // Bad input is said, not sent.
  await page.getByLabel("我的位次").fill("12.5");
  await page.getByRole("button", { name: "按位次筛选" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "位次应为 1–2000000 之间的整数" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`reach=${reach}`));

  // A 科类 without lines there says so in place.
  await page.goto("/schools?from=%E7%A6%8F%E5%BB%BA&track=science");
  await expect(page.getByText("这些院校暂无福建理科的录取数据。")).toBeVisible();
  // A school without a line there is not a link to an empty 分数线 page.
  await expect(results(page).getByText("福建理科 暂无录取数据").first()).toBeVisible();
  await expect(results(page).getByRole("link", { name: /暂无录取数据/ })).toHaveCount(0);
});

// Issue #26, items 4, 6, 7, 8 and 13: the directory on a phone.
test("按最低位次 with 生源地 不限 sorts by rank, taking the remembered 生源地", { tag: "@any-viewport" }, async ({ page }) => {
  const index = readData("rank/fujian/physics.json");
  const year = index.years[index.years.length - 1];
  const best = index.schools
    .map((s: any) => ({ ...s, line: s.lowest.find((l: any) => l.year === year) }))
    .filter((s: any) => s.line?.rank)
    .sort((a: any, b: any) => a.line.rank - b.line.rank)[0];
  await page.goto("/schools");
  await page.getByLabel("排序").selectOption({ label: "按最低位次" });
  await expect(page).toHaveURL(/from=%E7%A6%8F%E5%BB%BA&track=physics&?.*sort=rank|sort=rank.*from=%E7%A6%8F%E5%BB%BA&track=physics/);
  await expect(page.getByLabel("生源地")).toHaveValue("福建");
  await expect(results(page).getByRole("listitem").first().getByRole("link", { name: best.name, exact: true })).toBeVisible();
  // A link asking for rank order without a 生源地 gets one, so the select never lies.
  await page.goto("/schools?sort=rank");
  await expect(page).toHaveURL(/from=/);
  await expect(results(page).getByRole("listitem").first().getByRole("link", { name: best.name, exact: true })).toBeVisible();
});

test("生源地 offers only provinces with admission data, and a link with it alone picks its 科类", { tag: "@any-viewport" }, async ({ page }) => {
  const provinces = readData("provinces.json").map((p: any) => p.name);
  await page.goto("/schools");
  await expect(page.getByRole("heading", { name: "共38所院校" })).toBeVisible();
  const options = page.getByLabel("生源地").locator("option");
  await expect(options).toHaveCount(provinces.length + 1);
  await expect(options.filter({ hasText: "天津" })).toHaveCount(0);

  await page.goto("/schools?from=" + encodeURIComponent("福建"));
  await expect(page.getByLabel("生源地")).toHaveValue("福建");
  await expect(page.getByLabel("科类")).toHaveValue("physics");
});

test("stepping through 生源地 with the keyboard makes one choice, one request and one history entry", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/schools");
  await expect(page.getByRole("heading", { name: "共38所院校" })).toBeVisible();
  const rankFiles: string[] = [];
  page.on("request", (r) => {
    // What a 生源地 makes the page fetch: the rank index file of the static data, or the
    // reference server's directory ordered for that 生源地.
    if (/\/data\/rank\/|\/api\/schools\?.*from=/.test(r.url())) rankFiles.push(r.url());
  });
  const entries = await page.evaluate(() => history.length);
  const from = page.getByLabel("生源地");
  await from.focus();
  const target = (await from.locator("option").allTextContents()).indexOf("福建");
  for (let i = 0; i < target; i++) await page.keyboard.press("ArrowDown");
  await expect(from).toHaveValue("福建");
  // Nothing happened on the way.
  await expect(page).toHaveURL(/\/schools$/);
  expect(rankFiles).toEqual([]);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/from=%E7%A6%8F%E5%BB%BA/);
  await expect(page.getByLabel("科类")).toHaveValue(/physics|history/);
  expect(await page.evaluate(() => history.length)).toBe(entries + 1);
  // The request starts after the URL changes: wait for it, then for the page to have read
  // everything, and it is still the only one.
  const asked = () => new Set(rankFiles.map((u) => new URL(u).pathname + new URL(u).search)).size;
  await expect.poll(asked).toBe(1);
  await expect(page.locator("main#main")).toHaveAttribute("aria-busy", "false");
  expect(asked()).toBe(1);
  await page.goBack();
  await expect(page).toHaveURL(/\/schools$/);
  await expect(from).toHaveValue("");
});

test("按位次筛选 keeps the place and brings the results up", async ({ page }) => {
  await page.goto("/schools?from=%E7%A6%8F%E5%BB%BA&track=physics");
  await expect(page.getByRole("heading", { name: "共38所院校" })).toBeVisible();
  await page.getByLabel("我的位次").fill("30000");
  await page.getByRole("button", { name: "按位次筛选" }).click();
  await expect(page).toHaveURL(/reach=30000/);
  const heading = page.getByRole("heading", { name: /共\d+所院校/ });
  await expect(heading).toBeInViewport();
});

test("a school without a line in the 生源地 is not a link to an empty page, and says which year", { tag: "@any-viewport" }, async ({ page }) => {
  const index = readData("rank/fujian/history.json");
  const year = index.years[index.years.length - 1];
  const lined = new Set(index.schools.filter((s: any) => s.lowest.some((l: any) => l.year === year)).map((s: any) => s.id));
  const without = readData("schools.json").schools.items.find((s: any) => !lined.has(s.id));
  await page.goto("/schools?from=%E7%A6%8F%E5%BB%BA&track=history&q=" + encodeURIComponent(without.name));
  const row = results(page).getByRole("listitem").filter({ has: page.getByRole("link", { name: without.name, exact: true }) });
  await expect(row.getByText(`${year}年福建历史类 暂无录取数据`)).toBeVisible();
  await expect(row.getByRole("link", { name: /暂无录取数据/ })).toHaveCount(0);
});

test("the 生源地 of a directory link is the one 院校对比 shows next", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto("/schools?from=" + encodeURIComponent("江西") + "&track=physics");
  await expect(page.getByLabel("生源地")).toHaveValue("江西");
  await expect(page.getByRole("heading", { name: /共\d+所院校/ })).toBeVisible();
  await page.goto("/compare?ids=2,3");
  await expect(page.getByLabel("省份")).toHaveValue("江西");
});

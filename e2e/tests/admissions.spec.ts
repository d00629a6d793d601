import { test, expect, Page } from "./fixtures";
import { readFileSync } from "node:fs";
import { seedArticle, seedSchool, readData } from "./data";

// The seed school's lines in 福建 物理类: per year the lowest 普通类 line outside 提前批.
const scores = readData(`schools/${seedSchool.id}/scores.json`);
const fujianPhysics = (year: number) =>
  scores.lines
    .filter((l: any) => l.province === "福建" && l.track === "physics" && l.year === year && l.batch !== "early" && l.admission_type === "general")
    .sort((a: any, b: any) => a.lowest - b.lowest)[0];
const newest = fujianPhysics(2025);
const other = readData("search.json").schools.find((s: any) => s.name === "江西师范大学");

const select = (page: Page, label: string) => page.getByRole("main").getByLabel(label, { exact: true });

test("from an article to its school's 分数线: chart, table, filters in the URL", async ({ page }) => {
  await page.goto(`/articles/${seedArticle.id}`);
  await page.getByRole("link", { name: "查看分数线 ›" }).click();
  await expect(page).toHaveURL(new RegExp(`/schools/${seedSchool.id}/scores$`));
  await expect(page.getByRole("heading", { level: 1, name: `${seedSchool.name}历年分数线` })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`${seedSchool.name}分数线（福建·物理类）`));
  await expect(page.getByRole("navigation", { name: "院校栏目" }).getByRole("link", { name: "分数线" })).toHaveAttribute("aria-current", "page");

  // Defaults: 福建 and its first track.
  await expect(select(page, "省份")).toHaveValue("福建");
  await expect(select(page, "科类")).toHaveValue("physics");

  const chart = page.getByRole("img", { name: /福建·物理类历年最低分折线图/ });
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute("aria-label", new RegExp(`2025年${newest.lowest}分`));
  const trend = page.getByRole("table", { name: "福建·物理类历年最低分与位次" });
  const row2025 = trend.getByRole("row").filter({ hasText: "2025" });
  await expect(row2025).toContainText(String(newest.lowest));
  await expect(row2025).toContainText(String(newest.lowest_rank));
  await expect(row2025).toContainText(String(newest.control_line));

  // Province and track go into the URL and survive a reload.
  await select(page, "省份").selectOption("江西");
  await expect(page).toHaveURL(/province=%E6%B1%9F%E8%A5%BF/);
  await select(page, "科类").selectOption("history");
  await expect(page).toHaveURL(/track=history/);
  await expect(page.getByRole("table", { name: "江西·历史类历年最低分与位次" })).toBeVisible();
  await page.reload();
  await expect(select(page, "省份")).toHaveValue("江西");
  await expect(select(page, "科类")).toHaveValue("history");
  await expect(page.getByRole("table", { name: "江西·历史类历年最低分与位次" })).toBeVisible();

  // Remembered on another school.
  await page.goto(`/schools/${other.id}/scores`);
  await expect(select(page, "省份")).toHaveValue("江西");
  await expect(select(page, "科类")).toHaveValue("history");
  await expect(page.getByRole("img", { name: /江西·历史类历年最低分折线图/ })).toBeVisible();

  // The URL wins over the memory.
  await page.goto(`/schools/${other.id}/scores?province=${encodeURIComponent("福建")}&track=physics`);
  await expect(select(page, "省份")).toHaveValue("福建");
  await expect(select(page, "科类")).toHaveValue("physics");
});

test("back on 分数线 a second time, another province and track still show, and the title follows", async ({ page }) => {
  // The second visit finds its code and data at hand, and each choice rebuilds the page in place:
  // the tab's title of a replaced view once outlived its signals and the app aborted here.
  const crashes: string[] = [];
  page.on("pageerror", (e) => crashes.push(e.message));
  await page.goto(`/articles/${seedArticle.id}`);
  await page.getByRole("link", { name: "查看分数线 ›" }).click();
  await expect(page.getByRole("table", { name: "福建·物理类历年最低分与位次" })).toBeVisible();
  await page.goBack();
  await page.getByRole("link", { name: "查看分数线 ›" }).click();
  await expect(page.getByRole("table", { name: "福建·物理类历年最低分与位次" })).toBeVisible();
  await select(page, "省份").selectOption("江西");
  await expect(page).toHaveURL(/province=%E6%B1%9F%E8%A5%BF/);
  await select(page, "科类").selectOption("history");
  await expect(page.getByRole("table", { name: "江西·历史类历年最低分与位次" })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`^${seedSchool.name}分数线（江西·历史类） - 海峡高考门户$`));
  await page.getByRole("navigation", { name: "院校栏目" }).getByRole("link", { name: "概况" }).click();
  await expect(page.getByRole("heading", { name: "院校简介" })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`^${seedSchool.name}`));
  await expect(page).not.toHaveTitle(/分数线/);
  await page.goBack();
  await expect(page.getByRole("table", { name: "江西·历史类历年最低分与位次" })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`^${seedSchool.name}分数线（江西·历史类） - 海峡高考门户$`));
  expect(crashes).toEqual([]);
});

test("year and batch filter the lines; the major table sorts", async ({ page }) => {
  await page.goto(`/schools/${seedSchool.id}/scores?province=${encodeURIComponent("福建")}&track=physics`);
  await select(page, "年份").selectOption("2023");
  await expect(page).toHaveURL(/year=2023/);
  await expect(page.getByRole("heading", { name: "2023年专业分数线" })).toBeVisible();
  const lines = page.getByRole("table", { name: "福建·物理类 2023年院校分数线" });
  await expect(lines.getByRole("row")).toHaveCount(1 + scores.lines.filter((l: any) => l.province === "福建" && l.track === "physics" && l.year === 2023).length);

  const majors = page.getByRole("table", { name: /2023年专业分数线/ });
  await expect(majors.getByRole("columnheader", { name: /最低分/ })).toHaveAttribute("aria-sort", "descending");
  await majors.getByRole("button", { name: /最低位次/ }).click();
  await expect(majors.getByRole("columnheader", { name: /最低位次/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(majors.getByRole("columnheader", { name: /最低分/ })).toHaveAttribute("aria-sort", "none");
  const ranks = (await majors.locator("tbody tr td:nth-of-type(3)").allTextContents()).map(Number).filter((n) => !Number.isNaN(n));
  expect(ranks.length).toBeGreaterThan(1);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  await majors.getByRole("button", { name: /最低位次/ }).click();
  await expect(majors.getByRole("columnheader", { name: /最低位次/ })).toHaveAttribute("aria-sort", "descending");
  await majors.getByRole("button", { name: /专业/ }).first().click();
  await expect(majors.getByRole("columnheader", { name: /^专业/ }).first()).toHaveAttribute("aria-sort", "ascending");
});

test("the score lines download as a CSV that Excel reads", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto(`/schools/${seedSchool.id}/scores?province=${encodeURIComponent("福建")}&track=physics`);
  const section = page.locator("section").filter({ has: page.getByRole("heading", { name: "院校分数线" }) });
  const [download] = await Promise.all([page.waitForEvent("download"), section.getByRole("button", { name: "下载 CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`${seedSchool.name}-分数线-福建-物理类.csv`);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString("utf8").slice(1);
  const rows = text.split("\r\n");
  expect(rows[0]).toBe("年份,省份,科类,批次,招生类型,专业组,选科要求,最低分,最低位次,平均分,省控线");
  expect(rows[1]).toContain(`2025,福建,物理类`);
  expect(text).toContain(String(newest.lowest_rank));
});

test("a year without ranks and a province without lines say 暂无数据", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto(`/schools/${seedSchool.id}/scores?province=${encodeURIComponent("湖南")}&track=physics`);
  const trend = page.getByRole("table", { name: "湖南·物理类历年最低分与位次" });
  await expect(trend.getByRole("row").filter({ hasText: "2021" })).toContainText("暂无数据");
  await expect(page.getByRole("img", { name: /湖南·物理类历年最低位次折线图/ })).toBeVisible();

  // 福建师范大学 recruits in 安徽 (plans) but has no lines there.
  const gap = readData("search.json").schools.find((s: any) => s.name === "福建师范大学");
  await page.goto(`/schools/${gap.id}/scores?province=${encodeURIComponent("安徽")}`);
  await expect(page.getByText("安徽：暂无数据")).toBeVisible();
  await expect(select(page, "省份")).toHaveValue("安徽");
  await expect(page.getByRole("img", { name: /折线图/ })).toHaveCount(0);
  await page.getByRole("link", { name: "查看招生计划 ›" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${gap.name}招生计划` })).toBeVisible();
  await expect(page.getByRole("table", { name: /安徽/ })).toBeVisible();
});

test("招生计划: filters in the URL, tuition 暂无数据 for 定向培养, CSV", async ({ page }) => {
  await page.goto(`/schools/${seedSchool.id}/plans`);
  await expect(page.getByRole("heading", { level: 1, name: `${seedSchool.name}招生计划` })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "院校栏目" }).getByRole("link", { name: "招生计划" })).toHaveAttribute("aria-current", "page");
  await expect(select(page, "省份")).toHaveValue("福建");
  await expect(select(page, "年份")).toHaveValue("2025");
  const table = page.getByRole("table", { name: "福建 物理类 2025年招生计划" });
  await expect(table).toBeVisible();
  const directed = table.getByRole("row").filter({ hasText: "定向培养" }).first();
  await expect(directed).toContainText("暂无数据");
  await expect(page.getByRole("region", { name: "福建 物理类 2025年招生计划" })).toHaveAttribute("tabindex", "0");

  await select(page, "专业组").selectOption("第01组");
  await expect(table.getByRole("row").filter({ hasText: "第02组" })).toHaveCount(0);

  await select(page, "年份").selectOption("2023");
  await expect(page).toHaveURL(/year=2023/);
  await select(page, "科类").selectOption("history");
  await expect(page).toHaveURL(/track=history/);
  await page.reload();
  await expect(page.getByRole("table", { name: "福建 历史类 2023年招生计划" })).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载 CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`${seedSchool.name}-招生计划-福建-历史类-2023.csv`);
  const text = readFileSync((await download.path())!, "utf8");
  expect(text.startsWith("\uFEFF年份,省份,科类")).toBe(true);
});

test("专业: grouped by 门类 and 专业类 with distinction badges", async ({ page }) => {
  const majors = readData(`schools/${seedSchool.id}/majors.json`);
  await page.goto(`/schools/${seedSchool.id}/majors`);
  await expect(page.getByRole("heading", { level: 1, name: `${seedSchool.name}开设专业` })).toBeVisible();
  const first = majors.categories[0];
  await expect(page.getByRole("heading", { level: 2, name: first.name })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: first.classes[0].name }).first()).toBeVisible();
  await expect(page.getByText("高水平专业群").first()).toBeVisible();
  const second = majors.categories[1];
  if (second) {
    await select(page, "门类").selectOption(second.name);
    await expect(page.getByRole("heading", { level: 2, name: first.name })).toBeHidden();
    await expect(page.getByRole("heading", { level: 2, name: second.name })).toBeVisible();
  }
});

test("the section nav fits a phone, and the page never scrolls sideways", { tag: "@ui" }, async ({ page }) => {
  await page.goto(`/schools/${seedSchool.id}/plans`);
  await expect(page.getByRole("table").first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const nav = page.getByRole("navigation", { name: "院校栏目" });
  for (const name of ["概况", "分数线", "招生计划", "专业", "新闻"]) await expect(nav.getByRole("link", { name })).toBeAttached();
  await nav.getByRole("link", { name: "专业" }).click();
  await expect(page).toHaveURL(new RegExp(`/schools/${seedSchool.id}/majors$`));
  await nav.getByRole("link", { name: "概况" }).click();
  await expect(page.getByRole("heading", { level: 1, name: seedSchool.name })).toBeVisible();
  await expect(nav.getByRole("link", { name: "分数线" })).toBeVisible();
});

// Issue #26, items 5, 8 and 13: 分数线 and 招生计划 on a phone.
test("a link to a track the school lacks shows one it has and says so, never a blank 科类", { tag: "@any-viewport" }, async ({ page }) => {
  // A school with 福建 lines in one track only.
  const one = readData("search.json").schools.find((s: any) => {
    const tracks = new Set(readData(`schools/${s.id}/scores.json`).lines.filter((l: any) => l.province === "福建").map((l: any) => l.track));
    return tracks.size === 1;
  });
  const lines = readData(`schools/${one.id}/scores.json`).lines.filter((l: any) => l.province === "福建");
  const has = lines[0].track;
  const lacks = has === "physics" ? "history" : "physics";
  await page.goto(`/schools/${one.id}/scores?province=${encodeURIComponent("福建")}&track=${lacks}`);
  await expect(select(page, "科类")).toHaveValue(has);
  await expect(page.getByRole("note").filter({ hasText: /该校在福建暂无.+分数线/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /历年最低分折线图/ })).toBeVisible();
});

test("分数线 and 招生计划 offer their filters in the same order", { tag: "@any-viewport" }, async ({ page }) => {
  const labels = () => page.locator(".admission-filters").first().locator("label").allTextContents();
  await page.goto(`/schools/${seedSchool.id}/scores`);
  await expect(select(page, "批次")).toBeVisible();
  const scores = await labels();
  await page.goto(`/schools/${seedSchool.id}/plans`);
  await expect(select(page, "批次")).toBeVisible();
  expect(await labels()).toEqual(scores);
});

test("a wide table keeps its first column in view while it scrolls, and says it scrolls", async ({ page }, info) => {
  test.skip(info.project.name !== "phone", "a 360 px screen");
  await page.goto(`/schools/${seedSchool.id}/scores`);
  const box = page.getByRole("region", { name: /院校分数线（表格/ });
  await expect(box).toBeVisible();
  await expect(page.getByText("表格较宽，左右滑动查看更多").first()).toBeVisible();
  const year = box.getByRole("row").nth(1).getByRole("cell").first();
  await year.evaluate((cell) => cell.scrollIntoView({ block: "center", inline: "nearest" }));
  await box.evaluate((b) => (b.scrollLeft = b.scrollWidth));
  // Scrolled to the end, the row's year is still where a finger would find it: nothing covers it.
  const shown = await year.evaluate((cell) => {
    const r = cell.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!hit && cell.contains(hit);
  });
  expect(shown).toBe(true);
  const edge = (await box.boundingBox())!;
  expect((await year.boundingBox())!.x).toBeGreaterThanOrEqual(edge.x - 0.5);
  // And the last column is on the screen now.
  const last = box.getByRole("columnheader", { name: "省控线" });
  expect((await last.boundingBox())!.x + 10).toBeLessThanOrEqual(edge.x + edge.width);
});

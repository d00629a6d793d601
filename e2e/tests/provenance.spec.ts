// 数据来源: a site whose data an operator built from the official files (docs/data-templates,
// through `portal-data build`, the way docs/data.md says) names the document behind each table
// and marks a rank it derived; the banner no longer calls the figures examples.
import { test, expect, serveCopy, type Page } from "./fixtures";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

let site: { origin: string; stop: () => void } | undefined;
let dir: string;

// Per worker: with fully parallel tests a worker may run this file's hooks more than once
// (after another file's tests), so each run starts its own copy and server and ends them.
test.beforeAll(async () => {
  // dist/ with its data/ replaced by the templates' data set, as an operator deploys it.
  dir = mkdtempSync(path.join(tmpdir(), "portal-real-data-"));
  cpSync(path.join(root, "dist"), dir, { recursive: true });
  rmSync(path.join(dir, "data"), { recursive: true, force: true });
  // Built by the host tests (the CLI's own integration tests need it).
  execFileSync(path.join(root, "target/debug/portal-data"), ["build", path.join(root, "docs/data-templates"), "--out", path.join(dir, "data")], {
    stdio: "ignore",
  });
  site = await serveCopy(dir);
});

test.afterAll(() => {
  site?.stop();
  site = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const sources = (page: Page) => page.getByRole("complementary", { name: "数据来源" });

test("分数线 names the documents its lines came from and marks a derived rank", async ({ page }) => {
  await page.goto(`${site!.origin}/schools/10386/scores?province=${encodeURIComponent("福建")}&track=physics`);
  await expect(page.getByRole("heading", { level: 1, name: "福州大学历年分数线" })).toBeVisible();
  const lines = page.getByRole("region", { name: "院校分数线" });
  const cited = sources(page).first();
  await expect(cited).toContainText("福建省教育考试院《福建省2025年普通类本科批物理科目组院校专业组投档线（示例）》");
  await expect(cited).toContainText("2025-07");
  await expect(cited.getByRole("link", { name: "查看原文" }).first()).toHaveAttribute("href", /^https:\/\/www\.eeafj\.cn\//);
  await expect(lines.getByRole("table")).toBeVisible();
  // The office published no rank for one major line: the tools derived it, and the page says so.
  const majors = page.getByRole("region", { name: /专业分数线/ });
  await expect(majors.getByText("推算", { exact: true })).toBeVisible();
  await expect(majors.getByRole("complementary", { name: "数据来源" })).toContainText("标“推算”的位次未经官方公布");
  // Real figures: the banner keeps only what is true of a site without a server.
  await expect(page.getByText("关注和登录只保存在本浏览器，换设备或清除浏览数据后不会保留")).toBeVisible();
  await expect(page.getByText("演示模式")).toHaveCount(0);
});

test("招生计划 cites its document", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto(`${site!.origin}/schools/10384/plans?province=${encodeURIComponent("福建")}&track=physics&year=2025`);
  await expect(sources(page)).toContainText("《福建省2025年普通高校招生计划（示例）》");
});

test("位次查询 cites the documents of its groups and its 一分一段表", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto(`${site!.origin}/rank?province=${encodeURIComponent("福建")}&track=physics&subjects=chemistry,biology&score=600`);
  await expect(page.getByRole("heading", { name: "查询结果" })).toBeVisible();
  await expect(sources(page)).toContainText("《福建省2025年普通高考物理科目组成绩分布表（示例）》");
});

test("a document's link is shown only when it is a web address", { tag: "@any-viewport" }, async ({ page }) => {
  await page.route("**/data/sources.json", async (route) => {
    const list = await (await route.fetch()).json();
    for (const doc of list) {
      doc.url = "javascript:alert(1)";
      doc.title = `<img src=x onerror="window.pwned=1">${doc.title}`;
    }
    await route.fulfill({ json: list });
  });
  await page.goto(`${site!.origin}/schools/10384/plans?province=${encodeURIComponent("福建")}&track=physics&year=2025`);
  await expect(sources(page)).toContainText("<img src=x onerror=");
  await expect(sources(page).getByRole("link")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
});

test("the bundled demo cites the generator, never an office, and says its figures are examples", { tag: "@any-viewport" }, async ({ page }) => {
  await page.goto(`/schools/1/scores`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("演示模式：示例数据")).toBeVisible();
  await expect(page.getByRole("complementary", { name: "分数线数据来源", exact: true })).toContainText("海峡高考门户演示数据（生成，非官方发布）");
});

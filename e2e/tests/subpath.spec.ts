import { test, expect } from "./fixtures";
import { SUBPATH_PORT } from "../playwright.config";
import { seedArticle } from "./data";

// dist built with `--public-url /portal/` and served below /portal/ on a static host.
const root = `http://127.0.0.1:${SUBPATH_PORT}/portal/`;

test("a sub-path deploy keeps every link and request under its prefix", async ({ page }) => {
  const outside: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(root)) outside.push(r.url());
  });
  await page.goto(root);
  await expect(page.getByRole("region", { name: "推荐院校" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "主导航" });
  await expect(nav.getByRole("link", { name: "院校库" })).toHaveAttribute("href", "/portal/schools");
  await nav.getByRole("link", { name: "院校库" }).click();
  await expect(page).toHaveURL(`${root}schools`);
  await page.getByLabel("办学层次").selectOption({ label: "本科" });
  await expect(page).toHaveURL(`${root}schools?level=undergraduate`);
  await page.goto(`${root}articles/${seedArticle.id}`);
  const photo = page.getByRole("img", { name: /产教融合共同体/ });
  await expect(photo).toBeVisible();
  // Article images load lazily: bring it into view, then wait for the bytes (a phone or a slow
  // machine may show the box before the picture arrives). The article was rendered ahead of
  // time, so the photo first found may be the snapshot's, replaced when the app takes over:
  // the whole step is retried.
  await expect(async () => {
    await photo.scrollIntoViewIfNeeded({ timeout: 2_000 });
    expect(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  }).toPass({ timeout: 20_000 });
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("产教融合共同体");
  await page.goto(`${root}nowhere`);
  await page.getByRole("link", { name: "返回首页" }).click();
  await expect(page).toHaveURL(root);
  expect(outside).toEqual([]);
});

import { test, expect, PAGE_ERRORS_EXPECTED } from "./fixtures";

// The release wasm aborts at once on a panic (scripts/build-release.sh): the browser reports a
// WebAssembly.RuntimeError and src/browser/crash.js draws the notice. A real panic reaching the
// page as that error is tests/panic.rs; here the page's answer to it, in the built site.
// One viewport is enough (the phone project leaves this file out).

const notice = (page: import("@playwright/test").Page) => page.getByRole("alert").filter({ hasText: "页面出现了意外错误" });

for (const how of ["a callback", "a promise"] as const) {
  test(`a trap of the app in ${how} leaves a notice whose button reloads the page`, { annotation: PAGE_ERRORS_EXPECTED }, async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("region", { name: "推荐院校" })).toBeVisible();
    await page.evaluate((how) => {
      const trap = () => new WebAssembly.RuntimeError("unreachable");
      if (how === "a callback") setTimeout(() => { throw trap(); });
      else Promise.reject(trap());
    }, how);
    await expect(notice(page)).toBeVisible();
    const reload = notice(page).getByRole("button", { name: "重新加载" });
    await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError("again"); }));
    await expect(page.getByRole("alert").filter({ hasText: "页面出现了意外错误" })).toHaveCount(1);
    await reload.click();
    await expect(page.getByRole("region", { name: "推荐院校" })).toBeVisible();
    await expect(notice(page)).toHaveCount(0);
  });
}

test("an error that is not the app's leaves the page alone", { annotation: PAGE_ERRORS_EXPECTED }, async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("region", { name: "推荐院校" })).toBeVisible();
  await page.evaluate(() => {
    setTimeout(() => { throw new TypeError("a browser extension's bug"); });
    Promise.reject(new Error("someone else's promise"));
  });
  // Let both reports reach the page before looking.
  await page.evaluate(() => new Promise((done) => setTimeout(done, 0)));
  await expect(notice(page)).toHaveCount(0);
  await expect(page.getByRole("region", { name: "推荐院校" })).toBeVisible();
});

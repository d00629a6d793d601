// The suite's own `test`: Playwright's, plus what every spec may need.
//
// E2E_CPU_THROTTLE=4 slows every page's CPU fourfold (CDP Emulation.setCPUThrottlingRate), the
// way a cheap phone runs the app, to hunt for tests that pass only on a fast machine:
//   E2E_CPU_THROTTLE=4 playwright test --config e2e/playwright.config.ts --repeat-each 3
import { test as base, expect, Browser, BrowserContext, Page } from "@playwright/test";
import { spawn } from "node:child_process";

const throttle = Number(process.env.E2E_CPU_THROTTLE ?? 1);

export const test = base.extend<{ cpuThrottle: void; noPageErrors: void }>({
  // A test fails when a page of its context threw an uncaught error: a panic in the release
  // wasm is a trap that leaves every handler dead, and the test's own steps may all have passed
  // before it (or fail later with a message that does not say why). A test that breaks the page
  // on purpose says so: `{ annotation: PAGE_ERRORS_EXPECTED }`.
  noPageErrors: [
    async ({ context }, use, testInfo) => {
      const errors: string[] = [];
      const watch = (page: Page) => page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
      context.pages().forEach(watch);
      context.on("page", watch);
      await use();
      if (!testInfo.annotations.some((a) => a.type === PAGE_ERRORS_EXPECTED.type))
        expect(errors, "uncaught errors in the page (a wasm trap is a panic)").toEqual([]);
    },
    { auto: true },
  ],
  cpuThrottle: [
    async ({ context }, use) => {
      if (throttle > 1) {
        const slow = async (page: Page) => {
          const cdp = await context.newCDPSession(page);
          await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
        };
        for (const page of context.pages()) await slow(page);
        context.on("page", (page) => void slow(page).catch(() => {}));
      }
      await use();
    },
    { auto: true },
  ],
});
export { expect };

/** The annotation of a test whose page throws on purpose (see `noPageErrors`). */
export const PAGE_ERRORS_EXPECTED = { type: "page errors expected" };

/** Makes the app's download fail (once `until` settles, if given), as a network that drops
 *  it would: what shows is the page as served. The loader's error then reaches the page, which
 *  the test expects. */
export async function blockApp(page: Page, until?: Promise<void>) {
  test.info().annotations.push(PAGE_ERRORS_EXPECTED);
  await page.route("**/*_bg.wasm", async (route) => {
    await until;
    await route.abort();
  });
}
export type { Page, Route, TestInfo, BrowserContext, Request } from "@playwright/test";

/** Signs up through the header's 注册 (a server only: fixtures mode has one demo account). */
export async function registerIn(page: Page, account: { username: string; phone: string }) {
  await page.getByRole("banner").getByRole("button", { name: "注册" }).click();
  await page.getByLabel("用户名").fill(account.username);
  await page.getByLabel("手机号").fill(account.phone);
  await page.getByLabel("密码", { exact: true }).last().fill("gaokao2025");
  await page.getByLabel("确认密码").fill("gaokao2025");
  await page.getByLabel(/我已阅读并同意/).check();
  await page.getByRole("dialog").getByRole("button", { name: "注册" }).last().click();
  await expect(page.getByRole("banner").getByText(account.username)).toBeVisible();
}

/** A new context whose page is controlled by the site's service worker: the home page opened
 *  once (the worker installs), then reloaded. */
export async function pageWithWorker(
  browser: Browser,
  baseURL: string | undefined,
): Promise<{ context: BrowserContext; page: Page; allKept: () => Promise<void> }> {
  const context = await browser.newContext({ baseURL, serviceWorkers: "allow" });
  const page = await context.newPage();
  await page.goto("/");
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload(); // now controlled by the service worker
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  // The worker stores data and page modules after it has answered with them: a test that goes
  // offline must first wait for the stores, or it races them (and loses on a slow machine).
  const keepable = new Set<string>();
  page.on("response", (response) => {
    const url = new URL(response.url());
    // Page modules are split-<group>-<hash>.wasm and the chunks they share, chunk-<n>-<hash>.wasm
    // (the worker's MODULES): a test that waited for the first only lost to a chunk once.
    const keptByWorker = /\/(data|api)\/|\/config\.json$|\/(split|chunk)-/.test(url.pathname) && !/\/(session|users|me)(\/|$)/.test(url.pathname);
    if (response.ok() && keptByWorker && !/no-store/i.test(response.headers()["cache-control"] ?? "")) keepable.add(url.href);
  });
  const allKept = () =>
    expect
      .poll(() => page.evaluate(async (urls) => (await Promise.all(urls.map((u) => caches.match(u, { ignoreVary: true })))).filter((hit) => !hit).length, [...keepable]))
      .toBe(0);
  return { context, page, allKept };
}

/** Holds back every data request of the page (fixture files and API calls, not the app or
 *  config.json) until `release()` is called, so a test sees the loading state on purpose
 *  instead of by the machine's speed. Requests made after the release pass straight through. */
export async function holdData(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const data = (url: URL) => url.pathname.includes("/data/") || url.pathname.includes("/api/");
  await page.route(data, async (route) => {
    await released;
    await route.fallback().catch(() => {}); // the page may have gone meanwhile
  });
  return release;
}

/** Serves a folder on a free port with e2e/serve.mjs, for a test that needs a site of its own
 *  (one it changes on disk, or served another way: `["--spa", "1"]`). Returns its origin and
 *  how to stop it. */
export async function serveCopy(dir: string, options: string[] = []): Promise<{ origin: string; stop: () => void }> {
  const server = spawn("node", ["e2e/serve.mjs", "--dir", dir, "--port", "0", ...options], { stdio: ["ignore", "pipe", "inherit"] });
  const line: string = await new Promise((resolve) => server.stdout!.once("data", (chunk) => resolve(String(chunk))));
  const origin = line.match(/http:\/\/127\.0\.0\.1:\d+/)![0];
  return { origin, stop: () => server.kill() };
}

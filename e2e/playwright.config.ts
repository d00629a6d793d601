import { defineConfig, devices } from "@playwright/test";
import { availableParallelism } from "node:os";
import { launchOptions as chromium } from "./chromium.mjs";

const cpuThrottle = Math.max(1, Number(process.env.E2E_CPU_THROTTLE ?? 1));

// Four consecutive ports from E2E_PORT_BASE, which scripts/free-ports.mjs picks free for each run
// (4173 when run by hand), so two runs on one machine never share a server.
const base = Number(process.env.E2E_PORT_BASE ?? 4173);
export const PORT = base;
export const SUBPATH_PORT = base + 1;
export const HTTP_PORT = base + 2;
export const PRERENDERED_PORT = base + 3;
// The reference server's files, per run too: a second run's `--fresh` must not delete the
// database of a server the first run is still using.
export const SMS_OUTBOX = `target/e2e-sms-outbox-${HTTP_PORT}.jsonl`;
const HTTP_DB = `target/e2e-http-${HTTP_PORT}.sqlite`;

export default defineConfig({
  testDir: "tests",
  outputDir: "test-results",
  fullyParallel: true,
  // One browser per core: the tests keep Chromium busy (rendering, the wasm), so more workers
  // than cores only slow each test down; Playwright's own default is half the cores.
  workers: Number(process.env.E2E_WORKERS ?? availableParallelism()),
  retries: 0,
  // The JSON report feeds scripts/slowest-tests.mjs (printed after every full run).
  reporter: [["list"], ["json", { outputFile: "../target/e2e-report.json" }]],
  // A CPU slowed on purpose (E2E_CPU_THROTTLE, see tests/fixtures.ts) gets as much more time;
  // what is checked stays the same.
  timeout: 30_000 * cpuThrottle,
  expect: { timeout: 10_000 * cpuThrottle },
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: chromium,
    locale: "zh-CN",
    // No trace by default: recording one for every test (to keep the failures') made the suite
    // about a quarter slower. A failure still leaves its page snapshot (error-context.md) and a
    // screenshot; E2E_TRACE=retain-on-failure records traces when one needs stepping through.
    trace: (process.env.E2E_TRACE ?? "off") as "off" | "retain-on-failure",
    screenshot: "only-on-failure",
    // Request interception (fault injection) must see every request; the offline spec allows
    // the service worker in its own context.
    serviceWorkers: "block",
  },
  // Each test runs where what it checks can differ, and only there (tags on the tests):
  //  - desktop (1280 px, fixtures on a static host): every test but the ones needing the server;
  //  - phone (360 px): not the tests tagged @any-viewport (what they check has no layout in
  //    it: URLs, data, keyboard, storage) nor the files about the build and the host (the
  //    pre-rendered pages, the service worker, faults and hostile data, code splitting, the
  //    sub-path deploy, the crash notice);
  //  - http (1280 px, the same dist/ served by the reference server, config.json says http):
  //    the specs whose data or account come from the source, less the tests tagged @ui (what
  //    they check is drawn the same from either source: sharing, stylesheet, dialog keys, axe
  //    on the same markup), plus those tagged @server (only the server can show it).
  projects: [
    {
      name: "http",
      testMatch: /(shell|home|schools|school|article|search|tag|journey|account|follow|http|a11y|admissions|rank|plan|compare|sms)\.spec\.ts/,
      grepInvert: /@ui\b/,
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 }, baseURL: `http://127.0.0.1:${HTTP_PORT}`, launchOptions: chromium },
    },
    {
      name: "desktop",
      testIgnore: /(http|sms)\.spec\.ts/,
      grepInvert: /@server\b/,
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 }, launchOptions: chromium },
    },
    {
      name: "phone",
      testIgnore: /(http|sms|prerender|offline|robustness|chunks|subpath|crash)\.spec\.ts/,
      grepInvert: /@server\b|@any-viewport\b/,
      use: {
        ...devices["Pixel 7"],
        viewport: { width: 360, height: 740 },
        // Screenshots at CSS pixel size keep docs/screenshots small.
        deviceScaleFactor: 1,
        launchOptions: chromium,
      },
    },
  ],
  webServer: [
    {
      command: `node e2e/serve.mjs --dir dist --port ${PORT}`,
      cwd: "..",
      url: `http://127.0.0.1:${PORT}/index.html`,
      reuseExistingServer: !process.env.CI,
      stdout: "ignore",
    },
    {
      // --trust-proxy: with no X-Forwarded-For a request's address is its socket's, as without
      // the flag; a test that needs requests from many addresses says which (account.spec).
      command: `target/debug/portal-server --fresh --db ${HTTP_DB} --addr 127.0.0.1:${HTTP_PORT} --static dist --demo-account --registrations-per-hour 100000 --sms-outbox ${SMS_OUTBOX} --trust-proxy`,
      cwd: "..",
      url: `http://127.0.0.1:${HTTP_PORT}/api/home`,
      reuseExistingServer: !process.env.CI,
      stdout: "ignore",
    },
    {
      // dist/ with its article pages rendered ahead of time (scripts/prerender.mjs).
      command: `node e2e/serve.mjs --dir target/dist-prerendered --port ${PRERENDERED_PORT}`,
      cwd: "..",
      url: `http://127.0.0.1:${PRERENDERED_PORT}/index.html`,
      reuseExistingServer: !process.env.CI,
      stdout: "ignore",
    },
    {
      // The pre-rendered copy moved below /portal/ by scripts/rebase.mjs (no second build),
      // deployed below the domain root.
      command: `node e2e/serve.mjs --dir target/dist-subpath --port ${SUBPATH_PORT} --base /portal/`,
      cwd: "..",
      url: `http://127.0.0.1:${SUBPATH_PORT}/portal/index.html`,
      reuseExistingServer: !process.env.CI,
      stdout: "ignore",
    },
  ],
});

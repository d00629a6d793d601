// In-app navigation to a page whose code is not loaded yet (make bench; issue #25): from an
// article (the main module only), a tap on the school's name (the school group's module) and on
// 查看分数线 (the admissions module), timed from the tap until the page's content shows, with 4×
// CPU and slow 4G, each in a fresh browser context (nothing cached). Given several builds
// (`--dist A --dist B`), the loads are taken in turn, build after build, so the machine's drift
// weighs on each alike and the ratio to the first build is fair.
//
//   node bench/navigation.mjs [--dist dist] [--dist target/dist-other …] [--runs 9] [--out FILE]
//
// Writes a markdown section to --out (default target/bench/navigation.md; bench/run.mjs adds it
// to bench/results.md). NAV_DEBUG=1 prints each trip's requests (start-end ms after the tap).
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { launchOptions } from "../e2e/chromium.mjs";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const { values } = parseArgs({
  options: {
    dist: { type: "string", multiple: true },
    runs: { type: "string", default: "9" },
    out: { type: "string", default: path.join(root, "target/bench/navigation.md") },
  },
});
const dists = values.dist ?? ["dist"];
const RUNS = Number(values.runs);
// Lighthouse's mobile "slow 4G": 150 ms RTT, 1.6 Mbps down, 750 kbps up.
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function serve(dir) {
  const child = spawn("node", [path.join(root, "e2e/serve.mjs"), "--dir", dir, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve) =>
    child.stdout.once("data", (chunk) => resolve({ child, origin: String(chunk).match(/http:\/\/127\.0\.0\.1:\d+/)[0] })),
  );
}

const search = JSON.parse(fs.readFileSync(path.join(root, "public/data/search.json"), "utf8"));
const seed = search.articles.find((a) => a.title.includes("产教融合共同体正式成立"));

// Where to tap on the article, and what shows once the page is there.
const TRIPS = [
  { label: "article → the school (院校简介)", link: `.breadcrumb a[href$="/schools/${seed.school_id}"]`, shown: "#intro-heading" },
  { label: "article → 查看分数线 (its table)", link: `a[href$="/schools/${seed.school_id}/scores"]`, shown: ".data-table tbody tr" },
];

/** One trip in a cold, throttled context: ms from the tap until `shown` is in the page. */
async function trip(browser, origin, { link, shown }) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "zh-CN" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
  if (process.env.NAV_DEBUG) {
    await page.addInitScript(() => (window.__debug = true));
    page.on("console", (m) => console.log(m.text()));
  }
  await page.goto(`${origin}/articles/${seed.id}`);
  // The app's own page (not a copy rendered ahead of time), idle.
  await page.waitForSelector("html[data-ready]", { state: "attached", timeout: 60_000 });
  await page.waitForSelector('main[aria-busy="false"]', { state: "attached", timeout: 60_000 });
  const t = await page.evaluate(
    ({ link, shown }) =>
      new Promise((resolve) => {
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
          if (document.querySelector(shown)) {
            observer.disconnect();
            if (window.__debug) console.log(performance.getEntriesByType("resource").filter((e) => e.startTime > t0).map((e) => `${(e.startTime - t0).toFixed(0)}-${(e.responseEnd - t0).toFixed(0)} ${e.name.split("/").pop()}`).join("\n"));
            resolve(performance.now() - t0);
          }
        });
        observer.observe(document.body, { childList: true, subtree: true });
        document.querySelector(link).click();
      }),
    { link, shown },
  );
  await context.close();
  return t;
}

const servers = await Promise.all(dists.map((d) => serve(path.resolve(root, d))));
const browser = await chromium.launch(launchOptions);
const times = TRIPS.map(() => dists.map(() => []));
try {
  for (let i = 0; i < RUNS; i++)
    for (const [k, t] of TRIPS.entries()) for (const [b, s] of servers.entries()) times[k][b].push(await trip(browser, s.origin, t));
} finally {
  await browser.close();
  servers.forEach((s) => s.child.kill());
}

const head = dists.map((d) => `\`${d}\``);
const lines = [
  "## In-app navigation to a page whose code is not loaded yet (4× CPU, slow 4G)",
  "",
  `\`bench/navigation.mjs\`: from the seed article, a tap until the page's content shows, each trip in a fresh context (median of ${RUNS}, builds taken in turn; 360 px).`,
  "",
  `| trip | ${head.join(" | ")}${dists.length > 1 ? " | ratio to the first |" : " |"}`,
  `|---|${dists.map(() => "---:").join("|")}|${dists.length > 1 ? "---:|" : ""}`,
  ...TRIPS.map((t, k) => {
    const m = times[k].map(median);
    const ratio = dists.length > 1 ? ` ${m.slice(1).map((x) => (x / m[0]).toFixed(2) + "×").join(", ")} |` : "";
    return `| ${t.label} | ${m.map((x) => `${x.toFixed(0)} ms`).join(" | ")} |${ratio}`;
  }),
];
fs.mkdirSync(path.dirname(values.out), { recursive: true });
fs.writeFileSync(values.out, lines.join("\n") + "\n");
console.log(lines.join("\n"));

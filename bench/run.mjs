// The benchmark of 海峡高考门户 (make bench). Measures, side by side in one run, on the release
// dist/ served with brotli by e2e/serve.mjs, in headless Chromium:
//   1. bytes over the wire for the first load of an article page, by kind;
//   2. time to article text visible vs a static HTML page of the same article (the floor),
//      unthrottled and with 4x CPU throttling + a slow-4G network, for the site as deployed
//      (article pages rendered ahead of time) and for the app alone;
//   3. client-side navigation to the next article (and, from bench/navigation.mjs, to pages
//      whose code is not loaded yet);
//   4. the directory, a school's news and the admission pages (分数线, 位次查询, the directory by
//      生源地) with 3,000 schools / 10,000 articles vs the bundled set (the synthetic source built
//      by bench/data.mjs, whose figures for portal-data it adds);
//   5. Lighthouse scores (bench/lighthouse.mjs), when run with --lighthouse.
// Timings are reported as medians and ratios against a baseline measured in the same run.
// Writes bench/results.md.
import { chromium } from "playwright-core";
import { execFileSync, spawn } from "node:child_process";
import { launchOptions } from "../e2e/chromium.mjs";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const site = path.join(root, "target/bench/site");
const appOnly = path.join(root, "target/bench/app-only");
const synthetic = path.join(root, "target/bench/synthetic");
const PORT = 4301;
const SYNTH_PORT = 4302;
const APP_ONLY_PORT = 4304;
const CHROMIUM = launchOptions;
// Lighthouse's mobile "slow 4G": 150 ms RTT, 1.6 Mbps down, 750 kbps up.
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n) => (n / 1024).toFixed(1);
const ms = (n) => n.toFixed(0);

// ---------- the sites under test ----------

function copyDir(from, to) {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}

function prepare() {
  const dist = path.join(root, "dist");
  if (!fs.existsSync(path.join(dist, "index.html"))) throw new Error("dist/ is missing: run `make build` first");
  if (!fs.existsSync(path.join(dist, "articles"))) throw new Error("dist/ has no pre-rendered articles: run `node scripts/prerender.mjs`");
  copyDir(dist, site);
  // The same site without the pages rendered ahead of time (index.html the shell again): the
  // app alone draws each page.
  copyDir(dist, appOnly);
  execFileSync("node", [path.join(root, "scripts/prerender.mjs"), "--dir", appOnly, "--clean"]);
  // The floor: the same article and stylesheet as a plain HTML page on the same server.
  const search = JSON.parse(fs.readFileSync(path.join(dist, "data/search.json"), "utf8"));
  const seed = search.articles.find((a) => a.title.includes("产教融合共同体正式成立"));
  const article = JSON.parse(fs.readFileSync(path.join(dist, `data/articles/${seed.id}.json`), "utf8"));
  const css = fs.readdirSync(dist).find((f) => /^main-.*\.css$/.test(f));
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  fs.writeFileSync(
    path.join(site, "static-article.html"),
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(article.info.title)}</title><link rel="stylesheet" href="/${css}"></head><body>
<header class="site-header"><div class="header-bar"><a class="brand" href="/"><span class="brand-name">海峡高考门户</span></a></div></header>
<main class="page"><article class="panel article"><h1 class="article-title">${esc(article.info.title)}</h1>
<p class="article-meta"><span>作者：${esc(article.info.author)}</span><span>${esc(article.info.published)}</span></p>
<div class="article-body">${article.body_html}</div></article></main></body></html>`,
  );
  copyDir(appOnly, synthetic);
  const synthData = path.join(root, "target/bench/synthetic-data");
  if (!fs.existsSync(path.join(synthData, "schools.json"))) throw new Error("synthetic data missing: run `node bench/data.mjs` (it builds the synthetic source into target/bench/synthetic-data)");
  fs.rmSync(path.join(synthetic, "data"), { recursive: true, force: true });
  fs.cpSync(synthData, path.join(synthetic, "data"), { recursive: true });
  return { seed: seed.id, seedSchool: seed.school_id, search };
}

function serve(dir, port) {
  const child = spawn("node", [path.join(root, "e2e/serve.mjs"), "--dir", dir, "--port", String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve) => child.stdout.once("data", () => resolve(child)));
}

// ---------- measurements ----------

/** Records when `selector` first exists, from navigation start, for any page. */
const watchScript = (selector) => `
  window.__shownAt = null;
  new MutationObserver(() => {
    if (window.__shownAt === null && document.querySelector(${JSON.stringify(selector)})) window.__shownAt = performance.now();
  }).observe(document, { childList: true, subtree: true });`;

async function coldPage(browser, { throttle = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "zh-CN" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (throttle) {
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
  }
  return { context, page, cdp };
}

async function timeToShown(browser, url, selector, options) {
  const { context, page } = await coldPage(browser, options);
  await page.addInitScript(watchScript(selector));
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => window.__shownAt !== null, null, { timeout: 60_000 });
  const t = await page.evaluate(() => window.__shownAt);
  await context.close();
  return t;
}

/**
 * Median time to `selector` for each URL, the loads taken in turn (a, b, c, a, b, c, …) so that
 * the machine's drift during the run weighs on every figure alike and their ratios stay fair.
 */
async function medianTimes(browser, urls, selector, options) {
  const times = urls.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, url] of urls.entries()) times[k].push(await timeToShown(browser, url, selector, options));
  }
  return times.map(median);
}

function kindOf(url, mime) {
  if (/\.wasm(\?|$)/.test(url) || mime === "application/wasm") return "wasm";
  if (/\.m?js(\?|$)/.test(url)) return "js";
  if (/\.css(\?|$)/.test(url)) return "css";
  if (/\.json(\?|$)/.test(url)) return "data";
  if (/\.(svg|png|jpe?g|webp|gif|ico)(\?|$)/.test(url)) return "images";
  if (mime?.startsWith("text/html")) return "html";
  return "other";
}

async function bytesOfFirstLoad(browser, url, selector) {
  const { context, page, cdp } = await coldPage(browser);
  const requests = new Map();
  cdp.on("Network.responseReceived", (e) => requests.set(e.requestId, { url: e.response.url, mime: e.response.mimeType, wire: 0, raw: 0 }));
  cdp.on("Network.dataReceived", (e) => {
    const r = requests.get(e.requestId);
    if (r) r.raw += e.dataLength;
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = requests.get(e.requestId);
    if (r) r.wire = e.encodedDataLength;
  });
  await page.addInitScript(watchScript(selector));
  await page.goto(url);
  await page.waitForFunction(() => window.__shownAt !== null);
  await page.waitForLoadState("networkidle");
  await context.close();
  const byKind = {};
  for (const r of requests.values()) {
    const k = kindOf(r.url, r.mime);
    byKind[k] ??= { wire: 0, raw: 0, files: 0 };
    byKind[k].wire += r.wire;
    byKind[k].raw += r.raw;
    byKind[k].files += 1;
  }
  return byKind;
}

const READING_MS = 1000;

/**
 * A visitor taps 关注 on a cold load as soon as the button shows (on the pre-rendered page,
 * before the app has taken over): from navigation start, when the tap happened, when the sign-in
 * dialog opened (following needs an account) and when its form showed (its code is a module of
 * its own). With 4x CPU and slow 4G.
 */
async function followTapTimes(browser, url, buttonName) {
  const rows = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await coldPage(browser, { throttle: true });
    await page.addInitScript(() => {
      window.__opened = null;
      window.__form = null;
      new MutationObserver(() => {
        const dialog = document.querySelector("dialog[open]");
        if (dialog && window.__opened === null) window.__opened = performance.now();
        if (dialog?.querySelector("form") && window.__form === null) window.__form = performance.now();
      }).observe(document, { childList: true, subtree: true, attributes: true });
    });
    await page.goto(url, { waitUntil: "commit" });
    const button = page.getByRole("button", { name: buttonName });
    await button.waitFor({ timeout: 60_000 });
    await button.click();
    const tapped = await page.evaluate(() => performance.now());
    await page.waitForFunction(() => window.__form !== null, null, { timeout: 60_000 });
    const { opened, form } = await page.evaluate(() => ({ opened: window.__opened, form: window.__form }));
    rows.push({ tapped, opened, form });
    await context.close();
  }
  return rows;
}

/** Clicks 下一篇 in the page and times until the next article's text is in the DOM. */
async function nextArticleTimes(browser, firstUrl) {
  const { context, page } = await coldPage(browser);
  await page.goto(firstUrl);
  // The app's own page, not the pre-rendered copy it replaces.
  await page.waitForSelector("html[data-ready]", { state: "attached" });
  await page.waitForSelector(".article-body p");
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    // A reader spends a moment on an article before following 下一篇.
    await page.waitForTimeout(READING_MS);
    times.push(
      await page.evaluate(
        () =>
          new Promise((resolve) => {
            const before = document.querySelector("h1.article-title").textContent;
            const t0 = performance.now();
            const done = () => {
              const h = document.querySelector("h1.article-title");
              if (h && h.textContent !== before && document.querySelector(".article-body p")) {
                observer.disconnect();
                resolve(performance.now() - t0);
              }
            };
            const observer = new MutationObserver(done);
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            document.querySelector("a[rel=next]").click();
          }),
      ),
    );
  }
  await context.close();
  return times;
}

/** Loads the directory, then times choosing 高职专科 until the filtered list is shown. */
async function filterTime(browser, origin) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await coldPage(browser);
    await page.goto(`${origin}/schools`);
    await page.waitForSelector(".school-item");
    // A visitor reads the first page before choosing a filter: time the filter on a settled page.
    await page.waitForLoadState("networkidle");
    times.push(
      await page.evaluate(
        () =>
          new Promise((resolve) => {
            const heading = document.querySelector("#results-heading");
            const before = heading.textContent;
            const t0 = performance.now();
            const observer = new MutationObserver(() => {
              if (document.querySelector("#results-heading")?.textContent !== before) {
                observer.disconnect();
                resolve(performance.now() - t0);
              }
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            const select = document.querySelector("#filter-level");
            select.value = "vocational";
            select.dispatchEvent(new Event("change", { bubbles: true }));
          }),
      ),
    );
    await context.close();
  }
  return median(times);
}

// ---------- the report ----------

const status = (ok) => (ok ? "✅ within" : "❌ over");

async function main() {
  const { seed, seedSchool, search } = prepare();
  const servers = [await serve(site, PORT), await serve(synthetic, SYNTH_PORT), await serve(appOnly, APP_ONLY_PORT)];
  const browser = await chromium.launch(CHROMIUM);
  const origin = `http://127.0.0.1:${PORT}`;
  const synthOrigin = `http://127.0.0.1:${SYNTH_PORT}`;
  const articleUrl = `${origin}/articles/${seed}`;
  const appOnlyOrigin = `http://127.0.0.1:${APP_ONLY_PORT}`;
  const appOnlyUrl = `${appOnlyOrigin}/articles/${seed}`;
  const staticUrl = `${origin}/static-article.html`;
  const text = ".article-body p";
  const lines = [];
  const log = (s = "") => {
    lines.push(s);
    console.log(s);
  };
  try {
    log("# Benchmark results");
    log();
    log(`Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC by \`make bench\` on this machine (${RUNS} cold loads per median, taken in turn with the figure each is compared to; headless Chromium, brotli from \`e2e/serve.mjs\`, 360 px viewport). Ratios compare figures taken in the same run.`);
    log();

    // The release wasm is split by route (src/chunks.rs): an article needs only the main module,
    // the home page also its own modules, so both are measured.
    log("## 1. Bytes for the first load of an article page and of the home page");
    log();
    for (const [label, url, shown] of [["an article page", articleUrl, text], ["the home page", `${origin}/`, ".hero h1"]]) {
      const bytes = await bytesOfFirstLoad(browser, url, shown);
      const total = Object.values(bytes).reduce((a, b) => ({ wire: a.wire + b.wire, raw: a.raw + b.raw, files: a.files + b.files }), { wire: 0, raw: 0, files: 0 });
      log(`### ${label[0].toUpperCase()}${label.slice(1)}`);
      log();
      log("| kind | files | over the wire (brotli) | raw |");
      log("|---|---:|---:|---:|");
      for (const [k, v] of Object.entries(bytes).sort((a, b) => b[1].wire - a[1].wire)) log(`| ${k} | ${v.files} | ${kb(v.wire)} KB | ${kb(v.raw)} KB |`);
      log(`| **total** | ${total.files} | **${kb(total.wire)} KB** | ${kb(total.raw)} KB |`);
      log();
      log(`Budget: ≤ 150 KB over the wire — ${status(total.wire <= 150 * 1024)} (${kb(total.wire)} KB).${url === articleUrl ? ` The article's text arrives in the first ${kb(bytes.html?.wire ?? 0)} KB (the pre-rendered page); the rest is the app, which takes over.` : ""}`);
      log();
    }

    log("## 2. Time to article text visible (median, from navigation start)");
    log();
    log("The site as deployed serves a pre-rendered page at the article's URL (scripts/prerender.mjs); the app alone is the same dist/ without those pages, for comparison.");
    log();
    log("| conditions | static page (floor) | site | ratio | budget | app alone | ratio |");
    log("|---|---:|---:|---:|---|---:|---:|");
    for (const [label, throttle, budget] of [["unthrottled", false, 1.5], ["4× CPU, slow 4G", true, 2.0]]) {
      const [floor, siteTime, app] = await medianTimes(browser, [staticUrl, articleUrl, appOnlyUrl], text, { throttle });
      const ratio = siteTime / floor;
      log(`| ${label} | ${ms(floor)} ms | ${ms(siteTime)} ms | ${ratio.toFixed(2)}× | ≤ ${budget}× ${status(ratio <= budget)} | ${ms(app)} ms | ${(app / floor).toFixed(2)}× |`);
    }
    log();

    log("## 3. Next-article navigation (click 下一篇 to text visible)");
    log();
    const oldest = search.articles.filter((a) => a.school_id === seedSchool).map((a) => a.id).sort((a, b) => a - b)[0];
    const nav = await nextArticleTimes(browser, `${origin}/articles/${oldest}`);
    log(`Each click ${READING_MS} ms after the previous article showed, as a reader would (the app fetches 下一篇 while the visitor reads).`);
    log();
    log(`Median ${ms(median(nav))} ms over ${nav.length} clicks (min ${ms(Math.min(...nav))}, max ${ms(Math.max(...nav))}). Budget ≤ 50 ms — ${status(median(nav) <= 50)}.`);
    log();

    log("## 3b. A tap on 关注 right after a cold load (4× CPU, slow 4G)");
    log();
    const taps = await followTapTimes(browser, articleUrl, `关注${search.schools.find((x) => x.id === seedSchool).name}`);
    const tapMedian = (k) => ms(median(taps.map((t) => t[k])));
    const waited = (k) => ms(median(taps.map((t) => t[k] - t.tapped)));
    log("Tapped as soon as the button shows on the pre-rendered article; following needs an account, so the answer is the sign-in dialog. Medians from navigation start:");
    log();
    log("| tapped | dialog open | its form shown | tap answered after |");
    log("|---:|---:|---:|---:|");
    log(`| ${tapMedian("tapped")} ms | ${tapMedian("opened")} ms | ${tapMedian("form")} ms | ${waited("opened")} ms (form ${waited("form")} ms) |`);
    log();

    log("## 4. Scaling: 3,000 schools and 10,000 articles against the bundled 38 and 216");
    log();
    log("| measure | bundled set | synthetic set | ratio | budget |");
    log("|---|---:|---:|---:|---|");
    const rows = [
      ["directory page 1 (cold load)", "/schools", ".school-item"],
      [`a school's news page 1 (cold load)`, `/schools/1/articles`, ".article-item"],
      // Admission data: a school's 分数线 for 福建 物理类, 位次查询's bands (the rank index of
      // every school with a 福建 物理类 line), the directory ordered by that rank.
      [`a school's 分数线, 福建 物理类 (cold load)`, `/schools/1/scores?province=%E7%A6%8F%E5%BB%BA&track=physics`, ".data-table tbody tr"],
      [`位次查询 bands, 福建 物理类 rank 60000 (cold load)`, `/rank?province=%E7%A6%8F%E5%BB%BA&track=physics&rank=60000`, ".rank-band"],
      [`directory by 福建 物理类 lowest rank (cold load)`, `/schools?from=%E7%A6%8F%E5%BB%BA&track=physics&sort=rank`, ".school-item-line"],
    ];
    // Both sets drawn by the app (no pages rendered ahead of time), so the ratio is the data's.
    for (const [label, p, sel] of rows) {
      const [a, b] = await medianTimes(browser, [appOnlyOrigin + p, synthOrigin + p], sel);
      log(`| ${label} | ${ms(a)} ms | ${ms(b)} ms | ${(b / a).toFixed(2)}× | ≤ 1.2× ${status(b / a <= 1.2)} |`);
    }
    const fa = await filterTime(browser, appOnlyOrigin);
    const fb = await filterTime(browser, synthOrigin);
    log(`| apply a filter (高职专科) | ${ms(fa)} ms | ${ms(fb)} ms | ${(fb / fa).toFixed(2)}× | ≤ 1.2× ${status(fb / fa <= 1.2)} |`);
    log();
    const dirSize = (d) => fs.statSync(path.join(d, "data/schools.json")).size;
    const rankSize = (d) => fs.statSync(path.join(d, "data/rank/fujian/physics.json")).size;
    log(`The 福建 物理类 rank index (位次查询 and the directory by 生源地 read it): ${kb(rankSize(site))} KB raw for the bundled set, ${kb(rankSize(synthetic))} KB for the synthetic one.`);
    log();
    log(`The directory index the fixtures source filters in the browser: ${kb(dirSize(site))} KB raw for the bundled set, ${kb(dirSize(synthetic))} KB for the synthetic one (the http source pages on the server instead).`);
    log();
  } finally {
    await browser.close();
    servers.forEach((s) => s.kill());
  }
  const levers = path.join(root, "bench/levers.md");
  if (fs.existsSync(levers)) lines.push("", fs.readFileSync(levers, "utf8").trim());
  const navigation = path.join(root, "target/bench/navigation.md");
  if (fs.existsSync(navigation)) lines.push("", fs.readFileSync(navigation, "utf8").trim());
  const data = path.join(root, "target/bench/data.md");
  if (fs.existsSync(data)) lines.push("", fs.readFileSync(data, "utf8").trim());
  const serverAdmissions = path.join(root, "target/bench/server-admissions.md");
  if (fs.existsSync(serverAdmissions)) lines.push("", fs.readFileSync(serverAdmissions, "utf8").trim());
  const volunteer = path.join(root, "target/bench/volunteer.md");
  if (fs.existsSync(volunteer)) lines.push("", fs.readFileSync(volunteer, "utf8").trim());
  const lighthouse = path.join(root, "target/bench/lighthouse.md");
  if (process.argv.includes("--lighthouse") && fs.existsSync(lighthouse)) lines.push("", fs.readFileSync(lighthouse, "utf8").trim());
  fs.writeFileSync(path.join(root, "bench/results.md"), lines.join("\n") + "\n");
  console.log("\nwrote bench/results.md");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// Renders pages ahead of time (the home page, the directory, every school with its 分数线, every
// article and 位次查询: the routes src/routes.rs marks `prerendered`),
// so a visitor on a slow phone network reads the page while the app downloads (and can read it
// at all with JavaScript off).
//
//   node scripts/prerender.mjs [--dir dist] [--paths FILE] [--clean]
//
// The site in --dir is served on 127.0.0.1 and each page opened in headless Chromium, signed
// out: the app itself draws the page from the data source config.json names, and its DOM is
// saved where static hosts look for that path (docs/deploy.md): /articles/93 in
// articles/93.html, /schools/12 in schools/12.html, /schools in schools.html, and / in
// index.html itself. The shell (the page with no snapshot) stays in 404.html, which
// scripts/post-build.mjs writes as a copy of index.html: it is the template read here, so a
// second run starts from the shell again, and --clean puts it back as index.html.
// Which pages: with the bundled fixtures, all of them; with an API, the paths listed in FILE
// (one per line: /, /schools, /schools/12, /articles/93). Run it again after changing
// config.json or when the data changes; --clean only removes the pages written before.
//
// The app, started on such a page, keeps the snapshot up until it has drawn the same page, and
// drops a snapshot of another path, of a query it does not stand for or of other data at once (src/browser/
// prerender.rs and prerender.js, which hides one of another path before the first paint).
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { launchOptions } from "../e2e/chromium.mjs";
import { fill, renderedRoots, ROUTES, routeOf } from "./routes.mjs";
import { APP_CODE_PRELOAD } from "./first-paint.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const { values: args } = parseArgs({
  options: { dir: { type: "string", default: "dist" }, paths: { type: "string" }, clean: { type: "boolean" } },
});
const dist = path.resolve(args.dir);
const JOBS = 2;
/**
 * Which paths can be rendered, and which of them read the query (the directory's filters), come
 * from the route manifest (src/routes.rs): a page that reads the query keeps its snapshot only
 * for the path with no query; the others keep theirs under any query (a link shared in WeChat
 * comes back as `/articles/93?from=singlemessage`).
 */
const renderable = (rel) => routeOf(rel)?.prerendered === true;

/** The file a path's page is saved in (`schools/12` -> schools/12.html, `` -> index.html). */
const fileFor = (rel) => path.join(dist, rel === "" ? "index.html" : `${rel}.html`);

/** The shell, from 404.html (never given a snapshot): the template of every page. */
function shell() {
  const html = fs.readFileSync(path.join(dist, "404.html"), "utf8");
  if (html.includes('id="prerendered"')) throw new Error("404.html carries a snapshot: rebuild the site");
  return html;
}

function clean(template) {
  for (const root of renderedRoots()) {
    for (const written of [root, `${root}.html`]) fs.rmSync(path.join(dist, written), { recursive: true, force: true });
  }
  fs.writeFileSync(path.join(dist, "index.html"), template);
}

/** The paths to render, below the site's base (``, `schools`, `schools/12`, `articles/93`). */
function pagesToRender() {
  if (args.paths) {
    return fs
      .readFileSync(args.paths, "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.startsWith("/"))
      .map((line) => line.slice(1))
      .filter(renderable);
  }
  const config = JSON.parse(fs.readFileSync(path.join(dist, "config.json"), "utf8"));
  if (config.data_source !== "fixtures") {
    throw new Error("config.json names an API: list the paths to render with --paths FILE");
  }
  const index = JSON.parse(fs.readFileSync(path.join(dist, "data/search.json"), "utf8"));
  // Every page of a route rendered ahead of time: one per item of the search index for a route
  // with an id (`/schools/:id`: its `schools`, `/articles/:id`: its `articles`).
  return ROUTES.filter((route) => route.prerendered).flatMap((route) => {
    if (!route.path.includes(":")) return [route.path.slice(1)];
    const items = index[route.path.split("/")[1]];
    if (!Array.isArray(items)) throw new Error(`data/search.json lists nothing for ${route.path}`);
    return items.map((item) => fill(route, item.id));
  });
}

/** The public URL the site was built for (`/` or `/sub/`), from its `<base href>`. */
function basePath(template) {
  const match = template.match(/<base href="?([^" >]+)"?/);
  return (match ? match[1] : "/").replace(/\/?$/, "/");
}

/** Serves dist/ on a free port; resolves to the server and its origin. */
function serve(base) {
  const child = spawn("node", [path.join(root, "e2e/serve.mjs"), "--dir", dist, "--port", "0", "--base", base], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve) =>
    child.stdout.once("data", (line) => resolve({ child, origin: String(line).match(/http:\/\/127\.0\.0\.1:\d+/)[0] })),
  );
}

/**
 * In the page, once the app has drawn it: the app's DOM and the head elements it added, or
 * null when the page shows an error or "not found" (nothing worth saving).
 */
function snapshotInPage(template) {
  if (document.querySelector(".notice-error, .not-found, #crash-notice")) return null;
  const original = new Set(
    [...new DOMParser().parseFromString(template, "text/html").head.children].map((e) => e.outerHTML),
  );
  const head = [...document.head.children]
    // Not the preloads of the page's code: index.html's script asks for them on every load, by
    // the path opened (a home snapshot in index.html also answers other paths).
    .filter((e) => e.tagName !== "TITLE" && !original.has(e.outerHTML) && !/preload/.test(e.getAttribute("rel") ?? ""))
    .map((e) => {
      const copy = e.cloneNode(true);
      copy.setAttribute("data-prerendered-head", "");
      return copy.outerHTML;
    });
  const body = document.body.cloneNode(true);
  // Live regions, dialogs and anything script-made that means nothing without the app.
  body.querySelectorAll("noscript, script, dialog, .toast-region, .progress-bar").forEach((e) => e.remove());
  body.querySelectorAll("[aria-busy]").forEach((e) => e.removeAttribute("aria-busy"));
  return {
    title: document.title,
    head: head.join(""),
    // Without the app's own markers: this copy is replaced, never hydrated.
    body: body.innerHTML.replaceAll("<!---->", ""),
    source: document.documentElement.getAttribute("data-source") ?? "",
  };
}

const escapeAttr = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
const escapeText = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

function pageHtml(template, pathname, readsQuery, snap) {
  const query = readsQuery ? ' data-snapshot-query=""' : "";
  const headEnd = template.indexOf("</head>");
  const bodyStart = template.indexOf("<body>");
  if (headEnd < 0 || bodyStart < 0) throw new Error("index.html has no </head> or <body>");
  if (!/<html\b/.test(template)) throw new Error("index.html has no <html>");
  const head = template
    .slice(0, headEnd)
    // The app's code is fetched after the snapshot's first paint (first-paint.mjs), not preloaded.
    .replace(APP_CODE_PRELOAD, "")
    // For src/browser/prerender.js, which hides the snapshot at any other path before it paints.
    .replace(/<html\b/, `<html data-snapshot-path="${escapeAttr(pathname)}"${query}`)
    .replace(/<title>[\s\S]*?<\/title>/, `<title>${escapeText(snap.title)}</title>`);
  // The shell's body after the page (hidden while the snapshot shows, shown where the snapshot
  // is of another address: style/main.css); not its "needs JavaScript" notice, over a page readable without.
  const rest = template
    .slice(bodyStart + "<body>".length)
    .replace(/<\/body>[\s\S]*$/, "")
    .replace(/<noscript>[\s\S]*?<\/noscript>/g, "");
  if (!/<div id="?shell"?/.test(rest)) throw new Error("index.html has no shell (<div id=shell>)");
  return (
    `${head}${snap.head}</head><body>` +
    `<div id="prerendered" data-source="${escapeAttr(snap.source)}">${snap.body}</div>` +
    `${rest}</body></html>`
  );
}

async function main() {
  const template = shell();
  clean(template);
  if (args.clean) return;
  const base = basePath(template);
  const pages = pagesToRender();
  const server = await serve(base);
  const browser = await chromium.launch(launchOptions);
  // No service worker: every page is drawn from the data source itself.
  const context = await browser.newContext({ serviceWorkers: "block", locale: "zh-CN" });
  const written = [];
  const skipped = [];
  const queue = [...pages];
  async function worker() {
    const page = await context.newPage();
    for (let rel = queue.shift(); rel !== undefined; rel = queue.shift()) {
      const pathname = base + rel;
      await page.goto(`${server.origin}${pathname}`);
      await page.waitForSelector("html[data-ready]", { timeout: 30_000 });
      // The app hands over on the page's first data; a part with data of its own (分数线's
      // 院校专业组) may still show its skeleton, and one without a skeleton (its 数据来源) may
      // not be there yet. The snapshot waits for every part: no skeleton and no page read on
      // its way (<main aria-busy="false">, the app's count of them), two frames in a row, since
      // a part drawn from the last answer starts its own read a task later. So it is the same
      // page however fast this machine is (it was not: about 8 of 38 分数线 pages, different
      // ones each build, lacked their 数据来源); a part that never arrives skips the page.
      const settled = await page
        .waitForFunction(
          () => {
            const quiet = !document.querySelector("main .skeleton") && document.querySelector('main[aria-busy="false"]') !== null;
            window.quietFrames = quiet ? (window.quietFrames ?? 0) + 1 : 0;
            return window.quietFrames >= 2;
          },
          null,
          { timeout: 30_000 },
        )
        .then(() => true, () => false);
      const snap = settled ? await page.evaluate(snapshotInPage, template) : null;
      if (!snap) {
        skipped.push(rel);
        continue;
      }
      const file = fileFor(rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, pageHtml(template, pathname, routeOf(rel).reads_query, snap));
      written.push(rel);
    }
    await page.close();
  }
  try {
    await Promise.all(Array.from({ length: JOBS }, worker));
  } finally {
    await browser.close();
    server.child.kill();
  }
  console.log(`prerender: ${written.length} pages written in ${dist}${skipped.length ? `; skipped (error, not found or never settled): ${skipped.join(", ")}` : ""}`);
}

await main();

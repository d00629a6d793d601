// Renders article pages ahead of time, so a visitor on a slow phone network reads the article
// while the app downloads (and can read it at all with JavaScript off).
//
//   node scripts/prerender.mjs [--dir dist] [--paths FILE] [--clean]
//
// The site in --dir is served on 127.0.0.1 and each article opened in headless Chromium: the
// app itself draws the page from the data source config.json names, and its DOM is saved as
// `articles/<id>.html` (hosts serve /articles/93 from articles/93.html: see docs/deploy.md).
// Which articles: with the bundled fixtures, all of them; with an API, the paths listed in
// FILE (one per line, e.g. /articles/93). Run it again after changing config.json or when
// articles change; --clean only removes the pages written before.
//
// The app, started on such a page, keeps the snapshot up until it has drawn the same page, and
// drops a snapshot of another path or of other data at once (src/browser/prerender.rs).
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { launchOptions } from "../e2e/chromium.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const { values: args } = parseArgs({
  options: { dir: { type: "string", default: "dist" }, paths: { type: "string" }, clean: { type: "boolean" } },
});
const dist = path.resolve(args.dir);
const PAGES_DIR = "articles";
const JOBS = 2;

function clean() {
  fs.rmSync(path.join(dist, PAGES_DIR), { recursive: true, force: true });
}

/** The paths to render, below the site's base (`articles/93`). */
function pagesToRender() {
  if (args.paths) {
    return fs
      .readFileSync(args.paths, "utf8")
      .split("\n")
      .map((line) => line.trim().replace(/^\//, ""))
      .filter((line) => /^articles\/\d+$/.test(line));
  }
  const config = JSON.parse(fs.readFileSync(path.join(dist, "config.json"), "utf8"));
  if (config.data_source !== "fixtures") {
    throw new Error("config.json names an API: list the article paths to render with --paths FILE");
  }
  const index = JSON.parse(fs.readFileSync(path.join(dist, "data/search.json"), "utf8"));
  return index.articles.map((article) => `${PAGES_DIR}/${article.id}`);
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
    .filter((e) => e.tagName !== "TITLE" && !original.has(e.outerHTML))
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

function pageHtml(template, pathname, snap) {
  const headEnd = template.indexOf("</head>");
  const bodyStart = template.indexOf("<body>");
  if (headEnd < 0 || bodyStart < 0) throw new Error("index.html has no </head> or <body>");
  const head = template.slice(0, headEnd).replace(/<title>[\s\S]*?<\/title>/, `<title>${escapeText(snap.title)}</title>`);
  // The body's own scripts (the one that keeps taps for the app), after the page as there.
  const scripts = template.slice(bodyStart).match(/<script[\s\S]*?<\/script>/g) ?? [];
  return (
    `${head}${snap.head}</head><body>` +
    `<div id="prerendered" data-path="${escapeAttr(pathname)}" data-source="${escapeAttr(snap.source)}">${snap.body}</div>` +
    `${scripts.join("")}</body></html>`
  );
}

async function main() {
  clean();
  if (args.clean) return;
  const template = fs.readFileSync(path.join(dist, "index.html"), "utf8");
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
      const snap = await page.evaluate(snapshotInPage, template);
      if (!snap) {
        skipped.push(rel);
        continue;
      }
      const file = path.join(dist, `${rel}.html`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, pageHtml(template, pathname, snap));
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
  console.log(`prerender: ${written.length} pages written under ${path.join(dist, PAGES_DIR)}${skipped.length ? `; skipped (error or not found): ${skipped.join(", ")}` : ""}`);
}

await main();

// Run by trunk after every build (Trunk.toml [[hooks]]), in the staging directory:
//  - the shell's navigation links, from the route manifest (src/routes.json);
//  - 404.html, a copy of index.html, so static hosts that serve it for unknown paths serve the app;
//  - _headers (Netlify / Cloudflare Pages format, also read by e2e/serve.mjs) with a strict
//    Content-Security-Policy that allows exactly the inline scripts of index.html, by their hash;
//  - in release builds, the wasm split into modules loaded by route (scripts/split-wasm.mjs) when
//    scripts/build-release.sh asks for it, each optimized by wasm-opt (trunk's own wasm-opt is
//    off in index.html: it would optimize the unsplit module only to have it replaced); a release
//    build without the split gets wasm-opt here too. And wasm-bindgen's JS glue minified (trunk
//    0.21 leaves it as written).
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { minify } from "terser";
import { HASHED_ASSET, HASHED_GLUE, PAGE_MODULE } from "./hashed.mjs";
import { optimizeWasm, splitWasm, sri } from "./split-wasm.mjs";
import { AFTER_SNAPSHOT_PAINT } from "./first-paint.mjs";
import { navLinks } from "./routes.mjs";

const stage = process.env.TRUNK_STAGING_DIR;
if (!stage) throw new Error("TRUNK_STAGING_DIR is not set: run through trunk");
let html = readFileSync(path.join(stage, "index.html"), "utf8");
const glue = readdirSync(stage).filter((f) => HASHED_GLUE.test(f));
if (glue.length !== 1) throw new Error(`expected one JS glue in the build, found ${glue.join(", ") || "none"}`);
if (process.env.TRUNK_PROFILE === "release") {
  if (process.env.HAIXIA_SPLIT_INPUT) html = await splitWasm(stage, html, glue[0], process.env.HAIXIA_SPLIT_INPUT);
  else html = await optimizeMain(html, glue[0].replace(/\.js$/, "_bg.wasm"));
  html = await minifyGlue(html, glue[0]);
}
html = startAfterSnapshotPaint(html);
html = writeShellNav(html);
writeFileSync(path.join(stage, "index.html"), html);
writeFileSync(path.join(stage, "404.html"), html);

/** The shell's main navigation (index.html's `<nav data-routes-nav>`), from the route
 *  manifest's NAV, as the app's header draws it. */
function writeShellNav(html) {
  const nav = /(<nav\b[^>]*\bdata-routes-nav\b[^>]*>)\s*(<\/nav>)/;
  if (!nav.test(html)) throw new Error("index.html has no empty <nav data-routes-nav> for the shell's links");
  return html.replace(nav, (_, open, close) => `${open}${navLinks()}${close}`);
}

/** Trunk's start-up module fetches the wasm when it runs; on a page showing its snapshot it
 *  waits for the first paint first (first-paint.mjs). */
function startAfterSnapshotPaint(html) {
  const start = "const wasm = await init(";
  if (html.split(start).length !== 2) throw new Error(`index.html's start-up module has no single "${start}"`);
  return html.replace(start, `await new Promise(${AFTER_SNAPSHOT_PAINT});\n${start}`);
}

/** wasm-opt on the unsplit module (a release build not run by build-release.sh), with its new
 *  integrity hash in index.html. */
async function optimizeMain(html, file) {
  const wasm = path.join(stage, file);
  const original = readFileSync(wasm);
  if (!html.includes(sri(original))) throw new Error(`index.html carries no integrity hash for ${file}`);
  await optimizeWasm([wasm]);
  return html.replaceAll(sri(original), sri(readFileSync(wasm)));
}

/** Minifies the JS glue in place and puts its new Subresource Integrity hash in index.html. */
async function minifyGlue(html, file) {
  const original = readFileSync(path.join(stage, file));
  const { code } = await minify(original.toString("utf8"), { module: true, ecma: 2020 });
  if (!html.includes(sri(original))) throw new Error(`index.html carries no integrity hash for ${file}`);
  writeFileSync(path.join(stage, file), code);
  return html.replaceAll(sri(original), sri(code));
}

const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const hashes = inline.map((s) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`);
export const csp = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
  "style-src 'self'",
  // Style attributes only. The app writes none and its sanitizer drops every one from article
  // HTML; but parsing a CMS body in an inert DOMParser document already counts as a blocked
  // inline style in Chromium, which would report a violation for each one.
  "style-src-attr 'unsafe-inline'",
  // Article images may live on the CMS's own https host.
  "img-src 'self' data: https:",
  // Add the API's origin here when config.json points at another host.
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

writeFileSync(
  path.join(stage, "_headers"),
  `/*
  Content-Security-Policy: ${csp}
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin
  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=()
  X-Frame-Options: DENY
  Cross-Origin-Opener-Policy: same-origin
`,
);
// The service worker, versioned by this build's content-hashed assets.
const here = path.dirname(new URL(import.meta.url).pathname);
const hashed = readdirSync(stage).filter((f) => HASHED_ASSET.test(f));
// The worker must keep the app itself, or nothing opens offline.
for (const kind of [".js", "_bg.wasm", ".css"]) {
  if (!hashed.some((f) => f.endsWith(kind))) throw new Error(`no hashed *${kind} in the build for the service worker's shell`);
}
// The split build's page modules are kept when first used, not on install (sw.template.js).
const shell = ["index.html", ...hashed.filter((f) => !PAGE_MODULE.test(f)), "manifest.webmanifest", "icons/icon-192.png"];
const modules = hashed.filter((f) => PAGE_MODULE.test(f));
const version = createHash("sha256").update(html).update(hashed.join()).digest("hex").slice(0, 12);
writeFileSync(
  path.join(stage, "sw.js"),
  readFileSync(path.join(here, "sw.template.js"), "utf8")
    .replace("__VERSION__", version)
    .replace("__SHELL__", JSON.stringify(shell))
    .replace("__MODULES__", JSON.stringify(modules)),
);
console.log(`post-build: 404.html, _headers (${hashes.length} inline script hash), sw.js ${version}`);

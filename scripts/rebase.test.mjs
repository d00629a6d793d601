// node --test scripts/rebase.test.mjs: scripts/rebase.mjs on a small site shaped like a build
// (minified markup, trunk's loader script, a page rendered ahead of time, _headers with the
// CSP hash of that script). The real build is rebased by scripts/test.sh and served below
// /portal/ to e2e subpath.spec.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { normalizeBase, rebase, siteBase } from "./rebase.mjs";

const hash = (s) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
const sri = (s) => `sha384-${createHash("sha384").update(s).digest("base64")}`;
const loader = "import init from '/app-1a2b.js';await init({module_or_path:'/app-1a2b_bg.wasm'})";
const head = `(function(r){if(r.getAttribute("data-snapshot-path")!==location.pathname)r.setAttribute("x","")})(document.documentElement)`;
const glue = "export default function init(){return new URL('app-1a2b_bg.wasm',import.meta.url)}";
const shell =
  `<!doctype html><html lang=zh-CN><head><base href=/><script>${head}</script>` +
  `<link rel=stylesheet href=/main-9f.css integrity=${sri("x")}><link rel=modulepreload href="/app-1a2b.js" integrity="${sri(glue)}">` +
  `<link rel=manifest href=manifest.webmanifest><link rel=icon href=/favicon-3c.svg type=image/svg+xml>` +
  `<script type=module>${loader}</script></head><body><script type=module>var ours=location.origin+"/"</script></body></html>`;
const article =
  shell
    .replace("<html lang=zh-CN>", '<html data-snapshot-path="/articles/93" lang=zh-CN>')
    .replace("<body>", '<body><div id=prerendered><nav><a href="/">首页</a><a href="/schools?level=a&amp;b=1">院校库</a></nav>' +
      '<img srcset="/images/a.svg 1x, /images/b.svg 2x" src="images/c.svg">' +
      '<div class="article-body" data-verbatim><p><a href="/zsb/notice.html">通知</a><div><a href="/x">x</a></div></p></div>' +
      '<a href="/articles/94">下一篇</a><a href="//cdn.example.cn/a.png">cdn</a><a href="https://example.cn/">外链</a></div>');

function site() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rebase-test-"));
  const files = {
    "index.html": shell,
    "404.html": shell,
    "articles/93.html": article,
    "app-1a2b.js": glue,
    "app-1a2b_bg.wasm": "\0asm",
    "main-9f.css": ".a{background:url(/images/a.svg)}.b{background:url(data:image/svg+xml,x)}.c{background:url('images/c.svg')}",
    "favicon-3c.svg": "<svg/>",
    "images/a.svg": "<svg/>",
    "manifest.webmanifest": JSON.stringify({ start_url: ".", scope: ".", icons: [{ src: "icons/icon-192.png" }] }),
    "sw.js": 'const SHELL=["index.html","app-1a2b.js"];',
    "config.json": '{ "data_source": "http", "api_base": "/api" }',
    "data/article.json": '{"body":"<a href=\\"/zsb/notice.html\\">"}',
    "_headers": `/*\n  Content-Security-Policy: script-src 'self' ${hash(head)} ${hash(loader)} ${hash('var ours=location.origin+"/"')}\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return { dir, read: (name) => fs.readFileSync(path.join(dir, name), "utf8"), files };
}

test("the build's root-absolute URLs move below the new base, nothing else changes", () => {
  const { dir, read, files } = site();
  const changed = rebase(dir, "/portal/");
  assert.deepEqual(changed.sort(), ["404.html", "_headers", "articles/93.html", "index.html", "main-9f.css"]);
  const index = read("index.html");
  assert.match(index, /<base href=\/portal\/>/);
  assert.match(index, /href=\/portal\/main-9f.css integrity=/);
  assert.match(index, /href="\/portal\/app-1a2b.js"/);
  assert.match(index, /href=\/portal\/favicon-3c.svg type=image\/svg\+xml>/);
  assert.match(index, /href=manifest.webmanifest>/);
  assert.ok(index.includes("import init from '/portal/app-1a2b.js';await init({module_or_path:'/portal/app-1a2b_bg.wasm'})"));
  // A literal that names no file of the site is code, not a URL of the build.
  assert.ok(index.includes('location.origin+"/"'));
  assert.equal(read("404.html"), index);

  const page = read("articles/93.html");
  assert.match(page, /data-snapshot-path="\/portal\/articles\/93"/);
  assert.ok(page.includes('<a href="/portal/">首页</a><a href="/portal/schools?level=a&amp;b=1">'));
  assert.ok(page.includes('srcset="/portal/images/a.svg 1x, /portal/images/b.svg 2x" src="images/c.svg"'));
  assert.ok(page.includes('<a href="/zsb/notice.html">通知</a><div><a href="/x">x</a></div></p></div><a href="/portal/articles/94">'), "the verbatim body stays, what follows it moves");
  assert.ok(page.includes('href="//cdn.example.cn/a.png"') && page.includes('href="https://example.cn/"'));

  assert.equal(read("main-9f.css"), ".a{background:url(/portal/images/a.svg)}.b{background:url(data:image/svg+xml,x)}.c{background:url('images/c.svg')}");
  const headers = read("_headers");
  assert.match(headers, /^\/portal\/\*$/m);
  const moved = loader.replaceAll("'/", "'/portal/");
  assert.ok(headers.includes(hash(moved)) && !headers.includes(hash(loader)), "the loader's new hash replaces the old one");
  assert.ok(headers.includes(hash(head)), "unchanged scripts keep their hash");
  for (const name of ["config.json", "data/article.json", "sw.js", "manifest.webmanifest", "app-1a2b.js"]) assert.equal(read(name), files[name], name);
});

test("rebasing back to the root gives the same bytes; the same base changes nothing", () => {
  const { dir, read, files } = site();
  rebase(dir, "/a/b/");
  assert.equal(siteBase(dir), "/a/b/");
  assert.deepEqual(rebase(dir, "/a/b/"), []);
  rebase(dir, "/");
  for (const [name, text] of Object.entries(files)) assert.equal(read(name), text, name);
});

test("a rewritten file's integrity hash follows it", () => {
  const { dir, read } = site();
  fs.writeFileSync(path.join(dir, "app-1a2b.js"), `${glue};import x from '/app-1a2b_bg.wasm'`);
  const before = read("app-1a2b.js");
  const html = read("index.html").replace(sri(glue), sri(before));
  fs.writeFileSync(path.join(dir, "index.html"), html);
  rebase(dir, "/portal/");
  assert.ok(read("index.html").includes(`integrity="${sri(read("app-1a2b.js"))}"`));
});

test("bases are plain paths", () => {
  assert.equal(normalizeBase("portal"), "/portal/");
  assert.equal(normalizeBase("/a/b"), "/a/b/");
  assert.equal(normalizeBase("/"), "/");
  for (const bad of ["/a b/", "/../", "/a/?x", "/a#b", "/a\"/"]) assert.throws(() => normalizeBase(bad), /not a base path/);
});

test("the command writes a copy with --out and leaves the site as it was", () => {
  const { dir, read, files } = site();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "rebase-out-"));
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), "rebase.mjs");
  const said = execFileSync("node", [script, "--dir", dir, "--base", "/portal/", "--out", out], { encoding: "utf8" });
  assert.match(said, /rebase: \/ -> \/portal\/ .*5 files rewritten/);
  assert.equal(read("index.html"), files["index.html"]);
  assert.match(fs.readFileSync(path.join(out, "index.html"), "utf8"), /<base href=\/portal\/>/);
  assert.throws(() => execFileSync("node", [script, "--dir", dir, "--base", "/p/", "--out", path.join(dir, "sub")], { stdio: "pipe" }));
});

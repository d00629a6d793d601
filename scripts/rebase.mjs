// Moves a built site to another base path without rebuilding: the same dist/ deploys at the
// domain root or below it (docs/deploy.md).
//
//   node scripts/rebase.mjs --dir dist --base /sub/ [--out DIR]
//
// The site's current base is read from its `<base href>` (404.html, the shell). Every
// root-absolute URL below that base which the build wrote is moved below the new one:
//  - in HTML (index.html, 404.html, the pages rendered ahead of time): every attribute whose
//    value is such a URL (`<base href>`, stylesheets, scripts, preloads, icons, the app's links,
//    `data-snapshot-path`, srcset candidates), and in inline scripts and styles the string
//    literals and `url()`s that name a file of the site;
//  - in CSS, `url()` and `@import`; in JS, string literals that name a file of the site;
//  - in manifest.webmanifest, every string that is such a URL;
//  - in _headers, its path patterns; and the Content-Security-Policy hashes of inline scripts
//    (and Subresource Integrity hashes of files) that the rewrite changed.
// Markup inside an element marked `data-verbatim` (an article's body, as its source wrote it)
// is left alone: the app shows it unchanged at any base.
// Data files (config.json, data/, images) are never touched: the app resolves what they name
// against `<base href>` at run time. Without --out the site is rewritten in place; with it, a
// rewritten copy is written to DIR and the site is left as it was. Running it again with the
// site's current base changes nothing.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/** `/`, `/sub/`, `/a/b/`: what a base may be (unreserved path characters, percent escapes). */
const BASE = /^\/(?:[A-Za-z0-9._~!$&'()*+,;=:@%-]+\/)*$/;
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
const SCRIPT_TYPES = /^(|module|text\/javascript|application\/javascript)$/i;

/** The base a built site is for, from its shell's (or index.html's) `<base href>`. */
export function siteBase(dir) {
  for (const file of ["404.html", "index.html"]) {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) continue;
    const match = fs.readFileSync(full, "utf8").match(/<base\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i);
    if (!match) throw new Error(`${full} has no <base href>: is it a build of this site?`);
    return normalizeBase(match[1] ?? match[2] ?? match[3]);
  }
  throw new Error(`${dir} has no 404.html or index.html: is it a build of this site?`);
}

/** `/sub` or `sub/` -> `/sub/`; refuses anything that is not a plain path. */
export function normalizeBase(base) {
  const normal = `/${base.trim()}/`.replace(/\/{2,}/g, "/");
  if (!BASE.test(normal) || normal.split("/").some((part) => part === "." || part === "..")) {
    throw new Error(`not a base path: ${JSON.stringify(base)} (expected /, /sub/ or /a/b/)`);
  }
  return normal;
}

/**
 * Rewrites the site in `dir` from its current base to `base`. Returns the files it changed,
 * relative to `dir`.
 */
export function rebase(dir, base) {
  const from = siteBase(dir);
  const to = normalizeBase(base);
  if (from === to) return [];
  const files = walk(dir);
  const names = new Set(files.map((f) => path.relative(dir, f).split(path.sep).join("/")));
  /** The URL moved below the new base, or null when it is not a root-absolute URL below the old one. */
  const move = (url) => (url.startsWith(from) && !url.startsWith("//") ? to + url.slice(from.length) : url === from.slice(0, -1) && from !== "/" ? to.slice(0, -1) : null);
  /** Moved only when it names a file of the site (for text that is code, not markup). */
  const moveFile = (url) => {
    const moved = move(url);
    return moved !== null && names.has(decodeSafe(url.slice(from.length).replace(/[?#].*$/, ""))) ? moved : null;
  };
  const rewriters = {
    ".html": (text, hashes) => rewriteHtml(text, move, moveFile, hashes),
    ".css": (text) => rewriteCss(text, move),
    ".js": (text) => rewriteScript(text, moveFile),
    ".mjs": (text) => rewriteScript(text, moveFile),
    ".webmanifest": (text) => rewriteJson(text, move),
  };

  const changed = [];
  const scriptHashes = new Map(); // 'sha256-old' -> 'sha256-new', for the CSP
  const fileHashes = new Map(); // integrity of a rewritten file, old -> new
  // Code before markup, so the markup's integrity attributes can follow the code's new bytes.
  const order = (f) => (f.endsWith(".html") ? 1 : 0);
  for (const file of [...files].sort((a, b) => order(a) - order(b))) {
    const rewrite = rewriters[path.extname(file)];
    if (!rewrite) continue;
    const before = fs.readFileSync(file, "utf8");
    let after = rewrite(before, scriptHashes);
    if (file.endsWith(".html")) for (const [old, updated] of fileHashes) after = after.replaceAll(old, updated);
    if (after === before) continue;
    if (!file.endsWith(".html")) {
      for (const algorithm of ["sha256", "sha384", "sha512"]) fileHashes.set(sri(algorithm, before), sri(algorithm, after));
    }
    fs.writeFileSync(file, after);
    changed.push(path.relative(dir, file));
  }
  const headers = path.join(dir, "_headers");
  if (fs.existsSync(headers)) {
    const before = fs.readFileSync(headers, "utf8");
    let after = before.replace(/^\/\S*/gm, (pattern) => move(pattern) ?? pattern);
    for (const [old, updated] of scriptHashes) after = after.replaceAll(`'${old}'`, `'${updated}'`);
    if (after !== before) {
      fs.writeFileSync(headers, after);
      changed.push("_headers");
    }
  }
  return changed;
}

const sri = (algorithm, text) => `${algorithm}-${createHash(algorithm).update(text).digest("base64")}`;

function decodeSafe(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** String literals of code that are URLs naming a file of the site (`'/app-1a2b.js'`). */
function rewriteScript(code, moveFile) {
  return code.replace(/(["'`])(\/[^"'`\s\\]*)\1/g, (literal, quote, url) => {
    const moved = moveFile(url);
    return moved === null ? literal : `${quote}${moved}${quote}`;
  });
}

function rewriteCss(css, move) {
  return css
    .replace(/(url\(\s*)(["']?)(\/[^"')\s]*)\2(\s*\))/gi, (whole, open, quote, url, close) => {
      const moved = move(url);
      return moved === null ? whole : `${open}${quote}${moved}${quote}${close}`;
    })
    .replace(/(@import\s+)(["'])(\/[^"']*)\2/gi, (whole, open, quote, url) => {
      const moved = move(url);
      return moved === null ? whole : `${open}${quote}${moved}${quote}`;
    });
}

function rewriteJson(text, move) {
  const visit = (value) =>
    typeof value === "string"
      ? move(value) ?? value
      : Array.isArray(value)
        ? value.map(visit)
        : value && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]))
          : value;
  const before = JSON.parse(text);
  const after = visit(before);
  return JSON.stringify(after) === JSON.stringify(before) ? text : `${JSON.stringify(after, null, 2)}\n`;
}

/** An attribute's value, moved when it is a root-absolute URL below the old base. */
function rewriteValue(name, value, move) {
  if (name === "srcset" || name === "imagesrcset") {
    return value.replace(/(^|,)(\s*)(\/[^\s,]+)/g, (whole, comma, space, url) => {
      const moved = move(url);
      return moved === null ? whole : `${comma}${space}${moved}`;
    });
  }
  return /^\/[^\s]*$/.test(value) ? move(value) ?? value : value;
}

/**
 * Rewrites the attributes of every tag, and the code of inline scripts and styles, leaving
 * every other byte as it was (so minified markup stays minified). Records the CSP hash of each
 * inline script the rewrite changed in `hashes`.
 */
function rewriteHtml(html, move, moveFile, hashes) {
  let out = "";
  let i = 0;
  let verbatim = null; // { name, depth } while inside an element marked data-verbatim
  const attribute = /([^\s"'>\/=]+)(?:(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/y;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt < 0) break;
    out += html.slice(i, lt);
    i = lt;
    if (html.startsWith("<!--", i)) {
      const end = html.indexOf("-->", i + 4);
      const stop = end < 0 ? html.length : end + 3;
      out += html.slice(i, stop);
      i = stop;
      continue;
    }
    const tag = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/.exec(html.slice(i, i + 64));
    if (!tag) {
      out += "<";
      i += 1;
      continue;
    }
    const [opening, closing, rawName] = tag;
    const name = rawName.toLowerCase();
    let j = i + opening.length;
    let text = opening;
    const attrs = {};
    // The attributes, up to the tag's end.
    while (j < html.length && html[j] !== ">") {
      if (/[\s\/]/.test(html[j])) {
        text += html[j++];
        continue;
      }
      attribute.lastIndex = j;
      const m = attribute.exec(html);
      if (!m) {
        text += html[j++];
        continue;
      }
      const [whole, attrName, equals, dq, sq, bare] = m;
      const value = dq ?? sq ?? bare;
      const key = attrName.toLowerCase();
      attrs[key] = value ?? "";
      if (value === undefined || closing || verbatim) {
        text += whole;
      } else {
        const moved = rewriteValue(key, value, move);
        const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : "";
        text += `${attrName}${equals}${quote}${moved}${quote}`;
      }
      j = m.index + whole.length;
    }
    text += html[j] ?? "";
    j += 1;
    const selfClosing = /\/>$/.test(text);
    out += text;
    i = j;

    if (verbatim) {
      if (name === verbatim.name && !VOID.has(name) && !selfClosing) verbatim.depth += closing ? -1 : 1;
      if (verbatim.depth === 0) verbatim = null;
      if (!(name === "script" || name === "style") || closing) continue;
    } else if (!closing && "data-verbatim" in attrs && !VOID.has(name) && !selfClosing) {
      verbatim = { name, depth: 1 };
      continue;
    }
    // Raw text: an inline script or style runs to its end tag.
    if (!closing && (name === "script" || name === "style")) {
      const end = html.toLowerCase().indexOf(`</${name}`, i);
      const stop = end < 0 ? html.length : end;
      const body = html.slice(i, stop);
      let rewritten = body;
      if (!verbatim && name === "style") rewritten = rewriteCss(body, move);
      if (!verbatim && name === "script" && !("src" in attrs) && SCRIPT_TYPES.test(attrs.type ?? "")) {
        rewritten = rewriteScript(body, moveFile);
        if (rewritten !== body) hashes.set(sri("sha256", body), sri("sha256", rewritten));
      }
      out += rewritten;
      i = stop;
    }
  }
  return out + html.slice(i);
}

async function main() {
  const { values: args } = parseArgs({
    options: { dir: { type: "string", default: "dist" }, base: { type: "string" }, out: { type: "string" } },
  });
  if (!args.base) throw new Error("usage: node scripts/rebase.mjs --dir dist --base /sub/ [--out DIR]");
  let dir = path.resolve(args.dir);
  if (args.out) {
    const out = path.resolve(args.out);
    if (out === dir || out.startsWith(dir + path.sep) || dir.startsWith(out + path.sep)) {
      throw new Error("--out must be outside --dir (and not contain it)");
    }
    fs.rmSync(out, { recursive: true, force: true });
    fs.cpSync(dir, out, { recursive: true });
    dir = out;
  }
  const from = siteBase(dir);
  const changed = rebase(dir, args.base);
  console.log(`rebase: ${from} -> ${normalizeBase(args.base)} in ${path.relative(process.cwd(), dir) || "."}: ${changed.length} files rewritten`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();

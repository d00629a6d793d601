// A plain static file server for dist/, behaving like a real static host:
// files are served as they are (and /a/b from a/b.html, even beside a folder a/b/), an unknown path gets 404.html with status 404 (the app then
// routes it), nothing is rewritten the way `trunk serve` does. Brotli when the client asks.
//
//   node e2e/serve.mjs [--dir dist] [--port 4173] [--base /sub/] [--spa 1]
// --spa 1 answers unknown paths with index.html and status 200, like a host with a rewrite
// rule (nginx try_files), except a missing file (an extension on the last segment: a stale
// script) which is 404; without it they get 404.html and status 404, like GitHub Pages.
// With --spa 1 it serves exactly what `portal-server --static` does: e2e/static-files.json
// holds the rule's cases, tested against both (scripts/static-files.test.mjs, server/tests/api.rs).
import { createServer } from "node:http";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { brotliCompressSync, constants } from "node:zlib";
import path from "node:path";
import { parseArgs } from "node:util";
import { HASHED_ASSET } from "../scripts/hashed.mjs";
import { routeOf } from "../scripts/routes.mjs";

const { values: args } = parseArgs({
  options: {
    dir: { type: "string", default: "dist" },
    port: { type: "string", default: "4173" },
    base: { type: "string", default: "/" },
    spa: { type: "string" },
  },
});
const root = path.resolve(args.dir);
const port = Number(args.port);
const base = args.base.replace(/\/?$/, "/");

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
};
const compressible = new Set([".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".webmanifest", ".txt"]);
const brotliCache = new Map();
// Brotli at quality 11 takes seconds on the wasm modules, and a test suite starts several of
// these servers over copies of the same build: the compressed bytes of large files are also
// kept on disk, by the content's hash, for every server on the machine.
const brotliDir = path.join(tmpdir(), "haixia-serve-brotli");
const DISK_CACHE_MIN = 32 * 1024;

/** `body` compressed with brotli at quality 11, from memory, the shared disk cache or anew. */
async function brotli(body) {
  const key = createHash("sha256").update(body).digest("hex");
  if (!brotliCache.has(key)) brotliCache.set(key, body.length < DISK_CACHE_MIN ? compress(body) : await compressOnDisk(body, key));
  return brotliCache.get(key);
}

const compress = (body) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });

async function compressOnDisk(body, key) {
  const file = path.join(brotliDir, `${key}.br`);
  try {
    return await readFile(file);
  } catch {
    const compressed = compress(body);
    // Written aside and renamed, so a server reading at the same time never sees half a file.
    const partial = `${file}.${process.pid}.tmp`;
    await mkdir(brotliDir, { recursive: true })
      .then(() => writeFile(partial, compressed))
      .then(() => rename(partial, file))
      .catch(() => {});
    return compressed;
  }
}

// Security headers from the site's own _headers file (written by scripts/post-build.mjs), as
// Netlify and Cloudflare Pages apply them; only the "/*" block is used.
function siteHeaders() {
  try {
    // Read on every request (it is tiny), so a rebuilt dist/ never meets an old policy.
    const text = readFileSync(path.join(root, "_headers"), "utf8");
    return Object.fromEntries(
      text
        .split("\n")
        .filter((line) => /^\s+\S/.test(line) && line.includes(":"))
        .map((line) => {
          const i = line.indexOf(":");
          return [line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()];
        }),
    );
  } catch {
    return {};
  }
}


/** Whether a path's last segment ends in an extension (`.js`, `.wasm`, `.png`…) and no page
 *  of the app's route manifest matches it (`/tags/v1.0` is a page): a file, never a page
 *  (server/src/headers.rs `names_a_file`, the same rule). */
const namesAFile = (urlPath) =>
  /^.+\.[A-Za-z0-9]{1,8}$/.test(urlPath.split("/").pop()) && !(urlPath.startsWith(base) && routeOf(urlPath.slice(base.length)));

async function fileAt(urlPath) {
  if (!urlPath.startsWith(base)) return null;
  let rel;
  try {
    rel = decodeURIComponent(urlPath.slice(base.length));
  } catch {
    return null;
  }
  const full = path.resolve(root, rel);
  if (full !== root && !full.startsWith(root + path.sep)) return null; // no path traversal
  let folder = false;
  try {
    if (!(await stat(full)).isDirectory()) return full;
    folder = true;
  } catch {}
  // /articles/93 from articles/93.html, as GitHub Pages, Netlify and Cloudflare Pages do (the
  // pages scripts/prerender.mjs writes); /schools from schools.html though a schools/ folder
  // holds the school pages, as nginx's `try_files $uri $uri.html` does.
  if (!namesAFile(urlPath) && !urlPath.endsWith("/")) {
    try {
      await stat(full + ".html");
      return full + ".html";
    } catch {}
  }
  return folder ? fileAt(urlPath.replace(/\/?$/, "/") + "index.html") : null;
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  let file = await fileAt(url.pathname);
  let status = 200;
  if (!file) {
    const app = args.spa && !namesAFile(url.pathname);
    status = app ? 200 : 404;
    file = await fileAt(base + (app ? "index.html" : "404.html"));
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
  }
  const ext = path.extname(file);
  let body = await readFile(file);
  const headers = {
    ...(args["no-headers"] === undefined ? siteHeaders() : {}),
    "content-type": types[ext] ?? "application/octet-stream",
    // Hashed names (app-1a2b3c.wasm) never change; everything else is revalidated.
    "cache-control": HASHED_ASSET.test(file) ? "public, max-age=31536000, immutable" : "no-cache",
    "x-content-type-options": "nosniff",
  };
  if (compressible.has(ext) && /\bbr\b/.test(req.headers["accept-encoding"] ?? "")) {
    // Keyed by content, so a rebuilt dist/ is never answered from a stale entry.
    body = await brotli(body);
    headers["content-encoding"] = "br";
    headers["vary"] = "accept-encoding";
  }
  headers["content-length"] = body.length;
  res.writeHead(status, headers);
  res.end(req.method === "HEAD" ? undefined : body);
});
// --port 0 takes a free port; the first line says which (tests and scripts read it).
server.listen(port, "127.0.0.1", () => {
  console.log(`serving ${root} at http://127.0.0.1:${server.address().port}${base}`);
});

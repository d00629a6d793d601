// Route-level code splitting for the release build (src/chunks.rs), run by post-build.mjs in
// trunk's staging directory. Trunk's own pipeline is fixed at cargo -> wasm-bindgen -> wasm-opt
// with no step between cargo and wasm-bindgen, so the split is done here, as cargo-leptos does
// it, from the linked wasm that cargo wrote with relocations (scripts/build-release.sh):
//   1. wasm-split-cli cuts the main module and one module per split group (plus chunks the
//      groups share) and writes the JS that loads them;
//   2. wasm-bindgen on the main module, keeping the exports the modules link against;
//   3. wasm-opt -Oz on every module, as many at once as there are cores (trunk's own wasm-opt
//      is off: index.html's data-wasm-opt="0");
//   4. content-hashed names for the modules and the loader, and the build's own glue and wasm
//      replaced in place (same names as trunk gave them, integrity hashes updated in index.html);
//   5. a script in index.html that asks at once for the modules of the page being opened, so
//      they download beside the main module instead of after it.
import { AFTER_SNAPSHOT_PAINT } from "./first-paint.mjs";
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { minify } from "terser";
import { groupPatterns } from "./routes.mjs";

// Which split group each path opens (src/routes.rs, through src/routes.json), as regexes of
// paths below the site's base. e2e chunks.spec checks that every page module a route downloads
// was asked for at once.
const ROUTE_GROUPS = groupPatterns();

const run = (command, args) => execFileSync(command, args, { stdio: ["ignore", "ignore", "inherit"] });
const runAsync = (command, args) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });

// npm binaryen (package.json). Debian's wasm-opt 108 produces a wasm that crashes in the
// browser (`WebAssembly.Table.set(): Argument 1 is invalid`), so any other version is refused.
const WASM_OPT_VERSION = 132;
let wasmOptChecked;

/**
 * `wasm-opt -Oz` on each file in place, as many at once as the machine has cores, the largest
 * first (the main module takes longest). Every release build's wasm goes through here: trunk's
 * own wasm-opt is off (index.html's data-wasm-opt="0"), since the split redoes it on each module.
 * A build for reading crashes (scripts/build-release.sh) keeps the function names (`-g`).
 */
export async function optimizeWasm(files) {
  wasmOptChecked ??= (() => {
    const version = execFileSync("wasm-opt", ["--version"], { encoding: "utf8" });
    if (!new RegExp(`version ${WASM_OPT_VERSION}\\b`).test(version)) {
      throw new Error(`wasm-opt ${WASM_OPT_VERSION} (npm binaryen) must be first on PATH, found: ${version.trim()}`);
    }
  })();
  const queue = [...files].sort((a, b) => readFileSync(b).length - readFileSync(a).length);
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) await runAsync("wasm-opt", [...(process.env.HAIXIA_READABLE_CRASHES === "1" ? ["-g"] : []), "-Oz", file, "-o", file]);
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), queue.length) }, worker));
}
/** A module's bytes, refused unless they are WebAssembly: a full disk once left a 0-byte module
 *  behind with every tool exiting 0, and the site broke only in the browser
 *  (`instantiateStreaming(): expected 4 bytes`). */
export function wasmBytes(file) {
  const bytes = readFileSync(file);
  if (bytes.length < 8 || bytes.subarray(0, 4).toString("latin1") !== "\0asm") {
    throw new Error(`${file}: not a WebAssembly module (${bytes.length} bytes; is the disk full?)`);
  }
  return bytes;
}
const contentHash = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);
export const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;

/**
 * Splits `input` (the linked wasm) into the staged build whose glue is `glue`
 * (`haixia-portal-<hash>.js`, with `<stem>_bg.wasm` beside it). Returns index.html with the
 * new integrity hashes and a modulepreload for the loader.
 */
export async function splitWasm(stage, html, glue, input) {
  const stem = glue.replace(/\.js$/, "");
  const work = mkdtempSync(path.join(tmpdir(), "split-wasm-"));
  try {
    run("wasm-split-cli", [input, work, "--target", "web", "--out-name", stem]);
    const bindgen = path.join(work, "bindgen");
    run("wasm-bindgen", [
      "--target=web", "--keep-lld-exports", "--no-demangle", "--no-typescript",
      `--out-dir=${bindgen}`, `--out-name=${stem}`, path.join(work, `${stem}.wasm`),
    ]);

    // The modules the loader fetches, under names that change with their content.
    let loader = readFileSync(path.join(work, "__wasm_split.js"), "utf8");
    const groups = modulesByGroup(loader);
    const modules = readdirSync(work).filter((f) => /^(split|chunk)_.*\.wasm$/.test(f));
    if (modules.length === 0) throw new Error("wasm-split-cli cut no module: is the wasm built with --cfg split?");
    const wasm = path.join(bindgen, `${stem}_bg.wasm`);
    await optimizeWasm([wasm, ...modules.map((module) => path.join(work, module))]);
    for (const module of modules) {
      const file = path.join(work, module);
      const hashed = `${module.replace(/\.wasm$/, "").replace("_", "-")}-${contentHash(wasmBytes(file))}.wasm`;
      if (!loader.includes(`"./${module}"`)) throw new Error(`the loader does not name ${module}`);
      loader = loader.replaceAll(`"./${module}"`, `"./${hashed}"`);
      for (const files of Object.values(groups)) files.forEach((f, i) => f === module && (files[i] = hashed));
      copyFileSync(file, path.join(stage, hashed));
    }
    ({ code: loader } = await minify(loader, { module: true, ecma: 2020 }));
    const loaderName = `split-loader-${contentHash(loader)}.js`;
    writeFileSync(path.join(stage, loaderName), loader);

    // The main module and its glue, which imports the loader by the name wasm-split gave it.
    let code = readFileSync(path.join(bindgen, `${stem}.js`), "utf8");
    // Only the import statements: the import object keeps the name the wasm module asks for.
    const importLoader = /(from\s*)(["'])\.\/__wasm_split\.js\2/g;
    if (!importLoader.test(code)) throw new Error("the glue does not import the split loader");
    code = code.replace(importLoader, `$1$2./${loaderName}$2`);
    for (const [file, bytes] of [[`${stem}.js`, code], [`${stem}_bg.wasm`, readFileSync(wasm)]]) {
      const old = sri(readFileSync(path.join(stage, file)));
      if (!html.includes(old)) throw new Error(`index.html carries no integrity hash for ${file}`);
      html = html.replaceAll(old, sri(bytes));
      writeFileSync(path.join(stage, file), bytes);
    }
    // The loader is imported by the glue: asking for it at once saves a round trip.
    const preload = `<link rel="modulepreload" href="${loaderName}" crossorigin integrity="${sri(loader)}">`;
    // After the stylesheet, so the page's snapshot is parsed with its styles at hand (the head
    // script's mark hides a snapshot of another address). Moving it before the stylesheet
    // brought the article's text into the DOM sooner (bench/levers.md) but let e2e see the
    // snapshot's style before the stylesheet had arrived: left for a test that watches frames.
    html = html.replace("</head>", `${preload}<script>${preloadScript(groups)}</script></head>`);
    console.log(`split-wasm: ${modules.length} modules cut out of ${stem}_bg.wasm`);
    return html;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `{ group: [its module, the shared chunks it needs…] }`, read from wasm-split's loader. */
function modulesByGroup(loader) {
  const files = {};
  const groups = {};
  const load = /(export )?const (\w+) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\n\}\n, \[([^\]]*)\]\)/g;
  for (const [, exported, name, file, deps] of loader.matchAll(load)) {
    files[name] = file;
    if (!exported) continue;
    const group = name.replace(/^__wasm_split_load_/, "");
    groups[group] = [file, ...deps.split(",").map((d) => d.trim()).filter(Boolean).map((d) => files[d])];
  }
  for (const [group] of ROUTE_GROUPS) {
    if (!groups[group]?.every(Boolean)) throw new Error(`no modules read from the loader for the group ${group}`);
  }
  return groups;
}

/** The inline script that preloads the modules of the page being opened (CSP: post-build
 *  hashes every inline script), after a snapshot's first paint (first-paint.mjs). A fetch
 *  preload with CORS matches the loader's own fetch. */
function preloadScript(groups) {
  const routes = ROUTE_GROUPS.map(([group, pattern]) => [pattern, groups[group]]);
  return `(${AFTER_SNAPSHOT_PAINT})(function(){var p=location.pathname.slice(new URL(document.baseURI).pathname.length),r=${JSON.stringify(routes)};` +
    `for(var i=0;i<r.length;i++)if(new RegExp(r[i][0]).test(p)){r[i][1].forEach(function(f){var l=document.createElement("link");` +
    `l.rel="preload";l.as="fetch";l.crossOrigin="anonymous";l.href=f;document.head.append(l)});break}});`;
}

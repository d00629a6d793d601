// `portal-data` on the synthetic source (make bench): the generator writes 3,000 schools and
// 10,000 articles as a source folder (`portal-data demo --synthetic`), as an operator's files
// would be, then `check`, `build` into target/bench/synthetic-data (the set bench/run.mjs serves)
// and `load` into a fresh SQLite file twice (the second must change nothing): the file
// bench/server/admissions.mjs serves. Each step is the release binary under GNU time: wall
// seconds, CPU seconds and peak resident memory. Then the static output's size, per province
// (the files a visitor of one 生源地 downloads) and for what is shared. With --postgres, the same
// two loads into a throwaway PostgreSQL (scripts/postgres.sh, fsync on). Writes
// target/bench/data.md, which bench/run.mjs adds to bench/results.md. Everything it starts, it
// stops.
//
//   node bench/data.mjs [--postgres] [--schools 3000] [--articles 10000]
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const { values: args } = parseArgs({
  options: {
    postgres: { type: "boolean", default: false },
    schools: { type: "string", default: "3000" },
    articles: { type: "string", default: "10000" },
  },
});
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const bin = path.join(root, "target/release/portal-data");
const work = path.join(root, "target/bench/data");
const source = path.join(root, "target/bench/synthetic-source");
const out = path.join(root, "target/bench/synthetic-data");
const sqlite = path.join(root, "target/bench/synthetic.sqlite");
const pgDir = path.join(work, "pg");
const postgresSh = path.join(root, "scripts/postgres.sh");
const TIME = "/usr/bin/time";

if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run \`cargo build --release -p portal-data\``);
const gnuTime = spawnSync(TIME, ["--version"], { encoding: "utf8" });
const haveTime = gnuTime.status === 0 && /GNU/.test(gnuTime.stdout + gnuTime.stderr);
if (!haveTime) console.warn(`${TIME} (GNU time, Debian package \`time\`) is missing: peak memory is not measured`);
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
const mib = (kib) => (kib / 1024).toFixed(0);
const mb = (bytes) => (bytes / 1e6).toFixed(1);

/**
 * Runs `portal-data ARGS` under GNU time; its output goes to target/bench/data/NAME.log. A
 * failure stops the bench with the end of that log.
 */
function timed(name, argv, env = {}) {
  const log = path.join(work, `${name}.log`);
  const usage = path.join(work, `${name}.time`);
  const [cmd, cmdArgs] = haveTime ? [TIME, ["-f", "%e %U %S %M", "-o", usage, bin, ...argv]] : [bin, argv];
  const loadBefore = load();
  const started = performance.now();
  const run = spawnSync(cmd, cmdArgs, { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
  const wall = (performance.now() - started) / 1000;
  fs.writeFileSync(log, run.stdout + run.stderr);
  if (run.status !== 0) {
    throw new Error(`portal-data ${argv[0]} failed (exit ${run.status}), ${log}:\n${(run.stdout + run.stderr).slice(-3000)}`);
  }
  // GNU time writes a note above its line when the command fails; the last line is ours.
  const [elapsed, user, sys, maxKib] = haveTime ? fs.readFileSync(usage, "utf8").trim().split("\n").pop().split(" ").map(Number) : [wall, NaN, NaN, NaN];
  const step = { name, argv, elapsed, cpu: user + sys, maxKib, loadBefore, output: run.stdout };
  console.log(`${name}: ${elapsed.toFixed(1)} s, ${haveTime ? `${mib(maxKib)} MiB peak` : "peak memory not measured"} (load before ${loadBefore})`);
  return step;
}

const shown = (p) => path.relative(root, p);
const removeSqlite = (file) => ["", "-wal", "-shm"].forEach((s) => fs.rmSync(file + s, { force: true }));
const unchanged = (step) => /nothing changed/.test(step.output);

// ---------- the steps ----------

const loadAtStart = load();
const steps = [];
steps.push(timed("demo", ["demo", source, "--synthetic", args.schools, args.articles, "--force"]));
steps.push(timed("check", ["check", source, "--no-notes"]));
steps.push(timed("build", ["build", source, "--out", out]));
removeSqlite(sqlite);
const sqliteFirst = timed("load-sqlite", ["load", source, "--db", sqlite]);
const sqliteAgain = timed("load-sqlite-again", ["load", source, "--db", sqlite]);
steps.push(sqliteFirst, sqliteAgain);

let postgres = null;
if (args.postgres) {
  const stop = () => {
    if (fs.existsSync(pgDir)) execFileSync(postgresSh, ["stop", pgDir], { stdio: "ignore" });
  };
  process.on("exit", () => {
    try {
      stop();
    } catch {}
  });
  process.on("SIGINT", () => process.exit(130));
  const url = execFileSync(postgresSh, ["start", pgDir], { encoding: "utf8", env: { ...process.env, POSTGRES_DURABLE: "1" } }).trim();
  try {
    const version = execFileSync("sh", ["-c", 'bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); "$bin/postgres" --version'], { encoding: "utf8" }).trim();
    // The URL goes through the environment (HAIXIA_DB), so that no log names it.
    const first = timed("load-postgres", ["load", source], { HAIXIA_DB: url });
    const again = timed("load-postgres-again", ["load", source], { HAIXIA_DB: url });
    postgres = { version, first, again };
    steps.push(first, again);
  } finally {
    stop();
  }
}
const loadAtEnd = load();

// ---------- the static output's size ----------

/** Every file under `dir`, relative to it. */
function files(dir, prefix = "") {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(prefix, e.name);
    return e.isDirectory() ? files(dir, rel) : [rel];
  });
}

/**
 * The province a file of the built set belongs to (its key, e.g. "fujian"), or what it is when
 * every visitor may read it. Per province: its rank and 院校专业组 indexes (rank/KEY/,
 * groups/KEY/) and each school's plans and 专业录取分 there (schools/ID/plans/KEY.json,
 * schools/ID/major-scores/KEY.json).
 */
function groupOf(rel) {
  const parts = rel.split("/");
  if ((parts[0] === "rank" || parts[0] === "groups") && parts.length === 3) return { province: parts[1], index: true };
  if (parts[0] === "schools" && parts.length === 4 && (parts[2] === "plans" || parts[2] === "major-scores")) return { province: parts[3].replace(/\.json$/, "") };
  if (parts[0] === "articles") return { shared: "articles/ (one file per article)" };
  if (parts[0] === "schools" && parts.length > 2) return { shared: "schools/ID/ (a school's page, 分数线 of every province, majors, news lists)" };
  if (parts[0] === "schools") return { shared: "schools/ID.json (school pages)" };
  return { shared: "indexes (schools.json, search.json, directory/, tags/, home, provinces, sources)" };
}

const compressStarted = performance.now();
const sizes = new Map();
const indexSizes = new Map();
const total = { files: 0, raw: 0, disk: 0, gzip: 0, brotli: 0 };
for (const rel of files(out)) {
  const body = fs.readFileSync(path.join(out, rel));
  const stat = fs.statSync(path.join(out, rel));
  // What a static host sends: each file compressed on its own, gzip -6 and brotli at quality 5
  // (what hosts compressing on the fly use; quality 11 ahead of time saves a few per cent more).
  const size = {
    files: 1,
    raw: body.length,
    disk: stat.blocks * 512,
    gzip: gzipSync(body, { level: 6 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }).length,
  };
  const g = groupOf(rel);
  const key = g.province ? `p:${g.province}` : `s:${g.shared}`;
  const acc = sizes.get(key) ?? { files: 0, raw: 0, disk: 0, gzip: 0, brotli: 0 };
  for (const k of Object.keys(acc)) {
    acc[k] += size[k];
    total[k] += size[k];
  }
  sizes.set(key, acc);
  // The indexes are what one page downloads whole, so they are also shown apart.
  if (g.index) {
    const ix = indexSizes.get(g.province) ?? { raw: 0, brotli: 0 };
    ix.raw += size.raw;
    ix.brotli += size.brotli;
    indexSizes.set(g.province, ix);
  }
}
const compressSeconds = (performance.now() - compressStarted) / 1000;
const names = new Map(JSON.parse(fs.readFileSync(path.join(out, "provinces.json"), "utf8")).map((p) => [p.key, p.name]));
const provinces = [...sizes].filter(([k]) => k.startsWith("p:")).map(([k, v]) => [k.slice(2), v]).sort((a, b) => b[1].raw - a[1].raw);
const shared = [...sizes].filter(([k]) => k.startsWith("s:")).map(([k, v]) => [k.slice(2), v]).sort((a, b) => b[1].raw - a[1].raw);
const sum = (rows) => rows.reduce((a, [, v]) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k] + v[k]])), { files: 0, raw: 0, disk: 0, gzip: 0, brotli: 0 });

// ---------- the report ----------

// build's own summary line, e.g. "wrote DIR: 3000 schools, 10000 articles, 987886 admission rows (…)".
const builtLine = steps
  .find((s) => s.name === "build")
  .output.split("\n")
  .find((l) => l.startsWith("wrote "))
  ?.replace(out, shown(out));
const row = (label, s) => `| ${label} | ${s.elapsed.toFixed(1)} s | ${Number.isNaN(s.cpu) ? "—" : `${s.cpu.toFixed(1)} s`} | ${Number.isNaN(s.maxKib) ? "—" : `${mib(s.maxKib)} MiB`} | ${s.loadBefore} |`;
const sizeRow = (label, v) => `| ${label} | ${v.files.toLocaleString("en")} | ${mb(v.raw)} MB | ${mb(v.disk)} MB | ${mb(v.gzip)} MB | ${mb(v.brotli)} MB |`;
const again = (s) => (unchanged(s) ? "✅ nothing changed" : "❌ the second load changed the database");
const lines = [
  `## The synthetic source through \`portal-data\`: ${Number(args.schools).toLocaleString("en")} schools, ${Number(args.articles).toLocaleString("en")} articles`,
  "",
  `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC by \`bench/data.mjs\`: the release \`portal-data\` under GNU time (wall and CPU seconds, peak resident memory), one run each on this shared ${os.cpus().length}-core machine; load average (1, 5, 15 min) ${loadAtStart} at the start, ${loadAtEnd} at the end, and before each step in the table. \`demo\` writes the generated set as a source folder (${shown(source)}); \`build\` writes ${shown(out)}, the synthetic set bench/run.mjs serves; \`load\` brings a fresh SQLite file (${shown(sqlite)}, which bench/server/admissions.mjs serves) up to the source.`,
  "",
  `\`build\`'s summary: ${builtLine ?? "(none printed)"}.`,
  "",
  "| step | wall | CPU | peak memory | load before |",
  "|---|---:|---:|---:|---|",
  row("`demo --synthetic` (write the source)", steps[0]),
  row("`check`", steps[1]),
  row("`build`", steps[2]),
  row("`load`, fresh SQLite file", sqliteFirst),
  row("`load` again, same source", sqliteAgain),
  ...(postgres ? [row("`load`, fresh PostgreSQL", postgres.first), row("`load` again, same source", postgres.again)] : []),
  "",
  `Loading the same source again: SQLite ${again(sqliteAgain)}${postgres ? `; PostgreSQL ${again(postgres.again)}` : ""}.${postgres ? ` PostgreSQL: ${postgres.version}, a throwaway cluster on loopback with fsync on; its server's memory is not in the figure, only the tool's.` : " PostgreSQL not measured (run `node bench/data.mjs --postgres`)."}`,
  "",
  `### The built static set, ${shown(out)}`,
  "",
  `Each file compressed on its own, as a static host sends it (gzip level 6, brotli quality 5; ${compressSeconds.toFixed(0)} s to compress them all). On disk: blocks allocated, which for many small files is more than the bytes.`,
  "",
  "| part | files | raw | on disk | gzip | brotli |",
  "|---|---:|---:|---:|---:|---:|",
  sizeRow("**everything**", total),
  sizeRow(`per province, all ${provinces.length}`, sum(provinces)),
  ...shared.map(([label, v]) => sizeRow(label, v)),
  "",
  `Per province: its 位次 and 院校专业组 indexes (\`rank/KEY/\`, \`groups/KEY/\`, what 位次查询 and the directory by 生源地 read whole) and every school's 招生计划 and 专业录取分 there (\`schools/ID/plans/KEY.json\`, \`schools/ID/major-scores/KEY.json\`, one school's at a time). Largest first.`,
  "",
  "| province | files | raw | on disk | gzip | brotli | indexes raw | indexes brotli |",
  "|---|---:|---:|---:|---:|---:|---:|---:|",
];
for (const [key, v] of provinces) {
  const ix = indexSizes.get(key) ?? { raw: 0, brotli: 0 };
  lines.push(`| ${names.get(key) ?? key} | ${v.files.toLocaleString("en")} | ${mb(v.raw)} MB | ${mb(v.disk)} MB | ${mb(v.gzip)} MB | ${mb(v.brotli)} MB | ${mb(ix.raw)} MB | ${mb(ix.brotli)} MB |`);
}
lines.push("");
fs.mkdirSync(path.join(root, "target/bench"), { recursive: true });
fs.writeFileSync(path.join(root, "target/bench/data.md"), lines.join("\n") + "\n");
console.log(lines.join("\n"));

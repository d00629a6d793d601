// Admission queries on the reference server at scale (make bench): two release portal-server
// instances on free 127.0.0.1 ports, one seeded with the bundled fixtures (38 schools), one
// on a copy of the SQLite file bench/data.mjs loaded with the synthetic source (3,000 schools /
// 10,000 articles, through `portal-data load`), each on its own temporary SQLite file.
// Each query is asked in turn of both (keep-alive, one at a time) and the medians compared:
// the figure is the ratio, taken in the same run. Writes target/bench/server-admissions.md,
// which bench/run.mjs adds to bench/results.md. Everything it starts, it stops.
//
//   node bench/server/admissions.mjs [--rounds 200]
import { spawn, execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({ options: { rounds: { type: "string", default: "200" } } });
const ROUNDS = Number(args.rounds);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const work = path.join(root, "target/bench/server-admissions");
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const servers = [];
process.on("exit", () => servers.forEach((s) => s.exitCode === null && s.kill("SIGINT")));
process.on("SIGINT", () => process.exit(130));

/** A server on `name.sqlite` in the work folder: fresh (seeded with the bundled set), or as copied there. */
async function start(name, { fresh = true } = {}) {
  const port = execFileSync("node", [path.join(root, "scripts/free-ports.mjs"), "1"], { encoding: "utf8" }).trim();
  const db = path.join(work, `${name}.sqlite`);
  const server = spawn(path.join(root, "target/release/portal-server"), [...(fresh ? ["--fresh"] : []), "--db", db, "--addr", `127.0.0.1:${port}`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  server.stderr.on("data", (d) => (log += d));
  servers.push(server);
  const base = `http://127.0.0.1:${port}/api`;
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${base}/home`)).ok) return base;
    } catch {}
    if (server.exitCode !== null || Date.now() - started > 300_000) throw new Error(`${name} server did not start:\n${log}`);
    await sleep(200);
  }
}

// The synthetic set as an operator's data arrives: the file `portal-data load` wrote, copied so
// that the server's own writes stay here.
const loaded = path.join(root, "target/bench/synthetic.sqlite");
if (!existsSync(loaded)) throw new Error(`${loaded} is missing: run \`node bench/data.mjs\` first`);
copyFileSync(loaded, path.join(work, "synthetic.sqlite"));
const bundled = await start("bundled");
const synthetic = await start("synthetic", { fresh: false });

const fujian = encodeURIComponent("福建");
const queries = [
  ["a school's 分数线, 福建 物理类", `/schools/1/scores?province=${fujian}&track=physics`],
  ["its 招生计划, 福建 物理类, page 1", `/schools/1/plans?province=${fujian}&track=physics`],
  ["位次查询 bands, 福建 物理类 rank 60000", `/rank?province=${fujian}&track=physics&rank=60000`],
  ["院校专业组 bands, 福建 物理类 化生 rank 60000", `/groups/bands?province=${fujian}&track=physics&subjects=chemistry,biology&rank=60000`],
  ["directory by 福建 物理类 lowest rank, page 1", `/schools?from=${fujian}&track=physics&sort=rank`],
];

async function time(url) {
  const t = performance.now();
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  await response.arrayBuffer();
  return performance.now() - t;
}

const lines = [
  "## Admission queries on the reference server: 3,000 schools against the bundled 38",
  "",
  `Release \`portal-server\` on SQLite (the synthetic set loaded by \`portal-data load\` in \`bench/data.mjs\`), one request at a time over keep-alive, ${ROUNDS} rounds per query, the two servers asked in turn (\`bench/server/admissions.mjs\`); medians, ratio taken in the same run.`,
  "",
  "| query | bundled set | synthetic set | ratio | budget |",
  "|---|---:|---:|---:|---|",
];
const medians = {};
for (const [label, query] of queries) {
  for (let i = 0; i < 10; i++) await Promise.all([time(bundled + query), time(synthetic + query)]);
  const a = [];
  const b = [];
  for (let i = 0; i < ROUNDS; i++) {
    a.push(await time(bundled + query));
    b.push(await time(synthetic + query));
  }
  const [ma, mb] = [median(a), median(b)];
  medians[query] = mb;
  const ratio = mb / ma;
  lines.push(`| ${label} | ${ma.toFixed(2)} ms | ${mb.toFixed(2)} ms | ${ratio.toFixed(2)}× | ≤ 1.2× ${ratio <= 1.2 ? "✅ within" : "❌ over"} |`);
}
// Group-level against school-level 位次查询 on the synthetic set, same run (issue #27: ≤ 1.5×).
const [schoolLevel, groupLevel] = [queries[2][1], queries[3][1]].map((q) => medians[q]);
const levels = groupLevel / schoolLevel;
lines.push(
  "",
  `院校专业组 bands against school bands on the synthetic set (same run, whole answer over HTTP, the group answer carries each group's majors and lines): ${groupLevel.toFixed(2)} ms / ${schoolLevel.toFixed(2)} ms = ${levels.toFixed(2)}× (budget ≤ 1.5× ${levels <= 1.5 ? "✅ within" : "❌ over"}).`,
);
lines.push("");
mkdirSync(path.join(root, "target/bench"), { recursive: true });
writeFileSync(path.join(root, "target/bench/server-admissions.md"), lines.join("\n") + "\n");
console.log(lines.join("\n"));
process.exit(0);

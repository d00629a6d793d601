// The catalogue reads on SQLite against PostgreSQL, for one or more builds of the server in
// the same run (issue #28: PostgreSQL within 1.5× of SQLite). The synthetic set (3000 schools,
// 10000 articles) is seeded once into a SQLite file and once into a throwaway PostgreSQL
// (scripts/postgres.sh, fsync on), by the first build; then each build in turn serves each
// database alone (one instance, the other stopped) while wrk (64 connections, 2 threads) asks
// for the article, directory, home and search endpoints (bench/server/wrk.lua). Prints a
// markdown table of requests/s with the PostgreSQL ÷ SQLite ratio per build. Everything it
// starts, it stops. Needs wrk and PostgreSQL's binaries (scripts/bench-server.sh installs both).
//
//   node bench/server/compare.mjs [--seconds 15] [--connections 64] --binary A [--binary B …]
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, rmSync, existsSync, appendFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { runWrk } from "./wrk.mjs";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "15" },
    connections: { type: "string", default: "64" },
    binary: { type: "string", multiple: true, default: ["target/release/portal-server"] },
    // Also appends the table, under a heading, to this markdown file (make bench-server: bench/server.md).
    append: { type: "string" },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const SCHOOLS = 3000;
const ARTICLES = 10000;
const KINDS = ["articles", "directory", "home", "search"];
const PER_ADDRESS = Math.max(256, 2 * CONNECTIONS);

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const work = path.join(root, "target/bench-compare");
const pgDir = path.join(work, "pg");
const sh = (cmd, argv, env) => execFileSync(cmd, argv, { encoding: "utf8", env: { ...process.env, ...env } }).trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (existsSync(pgDir)) sh(path.join(root, "scripts/postgres.sh"), ["stop", pgDir]);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(" ");

const databases = {
  sqlite: path.join(work, "bench.sqlite"),
  postgres: sh(path.join(root, "scripts/postgres.sh"), ["start", pgDir], { POSTGRES_DURABLE: "1" }),
};
let running = null;
process.on("exit", () => {
  if (running && running.exitCode === null) running.kill("SIGKILL");
  try {
    execFileSync(path.join(root, "scripts/postgres.sh"), ["stop", pgDir], { stdio: "ignore" });
  } catch {}
});
process.on("SIGINT", () => process.exit(130));

/// Starts `binary` on `db` (seeding it first with `seed`) and waits until it answers.
async function start(binary, db, seed) {
  const port = Number(sh("node", [path.join(root, "scripts/free-ports.mjs"), "1"]));
  const base = `http://127.0.0.1:${port}`;
  const argv = ["--db", db, "--addr", `127.0.0.1:${port}`, "--max-connections-per-address", String(PER_ADDRESS)];
  if (seed) argv.push("--synthetic", String(SCHOOLS), String(ARTICLES));
  const child = spawn(path.resolve(root, binary), argv, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (d) => (log += d));
  running = child;
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${base}/api/home`)).ok) break;
    } catch {}
    // The port was free when picked, minutes of seeding ago: the data is in, try another.
    if (child.exitCode !== null && log.includes("Address already in use")) return start(binary, db, false);
    if (child.exitCode !== null || Date.now() - started > 900_000) throw new Error(`server did not start:\n${log}`);
    await sleep(200);
  }
  return { child, base, seconds: (Date.now() - started) / 1000 };
}

/// Stops a server, not waiting for what a slow endpoint still has queued.
async function stop({ child }) {
  child.kill("SIGKILL");
  while (child.exitCode === null && child.signalCode === null) await sleep(50);
}


for (const [name, db] of Object.entries(databases)) {
  const seeded = await start(args.binary[0], db, true);
  console.log(`seeded ${name} in ${seeded.seconds.toFixed(1)} s`);
  await stop(seeded);
}

const results = {};
for (const binary of args.binary) {
  for (const [name, db] of Object.entries(databases)) {
    const server = await start(binary, db, false);
    for (const kind of KINDS) {
      const r = await runWrk({ kind, base: server.base, connections: CONNECTIONS, seconds: SECONDS, articles: ARTICLES });
      const errors = Object.values(r.errors).reduce((a, b) => a + b, 0);
      results[`${binary} ${name} ${kind}`] = { ...r, errors };
      console.log(binary, name, kind, JSON.stringify(r));
    }
    await stop(server);
  }
}

const label = { articles: "`GET /api/articles/{id}`", directory: "`GET /api/schools?page=…&filters`", home: "`GET /api/home`", search: "`GET /api/search?q=…`" };
const lines = [
  `Load average before: ${loadBefore}; ${os.cpus().length} cores; ${SECONDS} s, ${CONNECTIONS} connections per endpoint.`,
  "",
  "| build | endpoint | SQLite req/s | PostgreSQL req/s | PostgreSQL slower by | errors (SQLite / PG) |",
  "|---|---|---:|---:|---:|---:|",
];
for (const binary of args.binary) {
  for (const kind of KINDS) {
    const s = results[`${binary} sqlite ${kind}`];
    const p = results[`${binary} postgres ${kind}`];
    lines.push(`| \`${binary}\` | ${label[kind]} | ${s.rps.toFixed(0)} | ${p.rps.toFixed(0)} | ${(s.rps / p.rps).toFixed(2)}× | ${s.errors} / ${p.errors} |`);
  }
}
console.log(`\n${lines.join("\n")}`);
if (args.append) {
  const heading = `\n## Catalogue reads on PostgreSQL against SQLite\n\nWritten by \`bench/server/compare.mjs\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC: the synthetic set seeded into a SQLite file and a throwaway PostgreSQL (fsync on), each served alone by the same build while wrk asks for each endpoint (issue #28: PostgreSQL within 1.5× of SQLite).\n\n`;
  appendFileSync(args.append, `${heading}${lines.join("\n")}\n`);
}

// Load figures for portal-server (run by scripts/bench-server.sh, which installs wrk and
// builds the release server first). Starts the server on a free 127.0.0.1 port with a
// synthetic 3000-school / 10000-article set, runs wrk against the article, directory, home
// and search endpoints, then a mixed soak (reads, sign-ins, follows) while sampling the server's
// resident memory, and writes bench/server.md. Everything it starts, it stops.
//
// wrk and the soak client run on one address, so the server's cap on connections per address
// (64 by default, issue #23) is raised above the load's (`--max-connections-per-address`):
// the bench measures the server's answers, not that cap refusing wrk's 64th connection.
// `--binary` runs another build (an older one, for a comparison in the same run) and
// `--out` writes its figures to another file.
//
//   node bench/server/run.mjs [--seconds 30] [--connections 64] [--soak 300] [--binary PATH] [--out FILE]
import { spawn, execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync, rmSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { runWrk } from "./wrk.mjs";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "30" },
    connections: { type: "string", default: "64" },
    soak: { type: "string", default: "300" },
    binary: { type: "string", default: "target/release/portal-server" },
    out: { type: "string", default: "bench/server.md" },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const SOAK = Number(args.soak);
const SCHOOLS = 3000;
const ARTICLES = 10000;
/// Above wrk's connections and the soak's clients, all from 127.0.0.1.
const PER_ADDRESS = Math.max(256, 2 * CONNECTIONS);

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const work = path.join(root, "target/bench-server");
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const sh = (cmd, args) => execFileSync(cmd, args, { encoding: "utf8" }).trim();
const port = Number(sh("node", [path.join(root, "scripts/free-ports.mjs"), "1"]));
const base = `http://127.0.0.1:${port}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const machine = {
  nproc: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? "?",
  memory_gib: (os.totalmem() / 2 ** 30).toFixed(1),
  kernel: os.release(),
  load_before: os.loadavg().map((l) => l.toFixed(2)).join(" "),
  busy_before: sh("sh", ["-c", "ps -eo pcpu,comm --sort=-pcpu --no-headers | head -6"]),
  wrk: sh("sh", ["-c", "wrk --version 2>&1 | head -1 || true"]),
  rustc: sh("rustc", ["--version"]),
  node: process.version,
};

// ---- the server ----
const server = spawn(
  path.resolve(root, args.binary),
  [
    "--fresh", "--db", path.join(work, "bench.sqlite"), "--addr", `127.0.0.1:${port}`,
    "--synthetic", String(SCHOOLS), String(ARTICLES), "--registrations-per-hour", "1000000",
    "--max-connections-per-address", String(PER_ADDRESS),
  ],
  { stdio: ["ignore", "ignore", "pipe"] },
);
let serverLog = "";
server.stderr.on("data", (d) => (serverLog += d));
const stop = () => server.exitCode === null && server.kill("SIGINT");
process.on("exit", stop);
process.on("SIGINT", () => process.exit(130));

const rssMiB = () => {
  const status = readFileSync(`/proc/${server.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
};

const started = Date.now();
for (;;) {
  try {
    if ((await fetch(`${base}/api/home`)).ok) break;
  } catch {}
  if (Date.now() - started > 120_000) throw new Error(`server did not start:\n${serverLog}`);
  await sleep(200);
}

// ---- wrk, one endpoint family at a time ----

const load = [];
for (const kind of ["articles", "directory", "home", "search"]) {
  const before = rssMiB();
  const figures = await runWrk({ kind, base, connections: CONNECTIONS, seconds: SECONDS, articles: ARTICLES });
  load.push({ kind, before, after: rssMiB(), ...figures });
  console.log(kind, JSON.stringify(load.at(-1)));
}

// ---- soak: reads, sign-ins, follows, at once ----
const ACCOUNTS = 8;
const origin = { origin: base };
const accounts = [];
for (let i = 0; i < ACCOUNTS; i++) {
  const username = `soak_${i}`;
  const r = await fetch(`${base}/api/users`, {
    method: "POST",
    headers: { ...origin, "content-type": "application/json" },
    body: JSON.stringify({ username, phone: `1370000${String(i).padStart(4, "0")}`, password: "gaokao2025" }),
  });
  if (r.status !== 201) throw new Error(`register ${username}: ${r.status} ${await r.text()}`);
  accounts.push({ username, cookie: r.headers.get("set-cookie").split(";")[0] });
}

const stats = {};
const record = (kind, ms, ok) => {
  const s = (stats[kind] ??= { count: 0, errors: 0, times: [] });
  s.count++;
  if (!ok) s.errors++;
  s.times.push(ms);
};
const timed = async (kind, url, init, expect = [200]) => {
  const t = performance.now();
  let ok = false;
  try {
    const r = await fetch(url, init);
    await r.arrayBuffer();
    ok = expect.includes(r.status);
    if (!ok && (stats[kind]?.errors ?? 0) < 3) console.error(`${kind}: ${r.status} ${url}`);
  } catch (e) {
    if ((stats[kind]?.errors ?? 0) < 3) console.error(`${kind}: ${e.cause?.code ?? e.message}`);
  }
  record(kind, performance.now() - t, ok);
};
const pick = (n) => 1 + Math.floor(Math.random() * n);
const readPaths = [
  () => `/api/articles/${pick(ARTICLES)}`,
  () => `/api/schools/${pick(SCHOOLS)}`,
  () => `/api/schools?page=${pick(150)}`,
  () => `/api/search?q=${encodeURIComponent(["大学", "学院", "招生", "师范"][pick(4) - 1])}`,
  () => `/api/home`,
];

const soakEnd = Date.now() + SOAK * 1000;
const samples = [];
const sampler = (async () => {
  const t0 = Date.now();
  while (Date.now() < soakEnd) {
    const done = Object.values(stats).reduce((n, s) => n + s.count, 0);
    samples.push({ t: Math.round((Date.now() - t0) / 1000), rss: rssMiB(), requests: done });
    await sleep(10_000);
  }
})();
const readers = Array.from({ length: 24 }, async () => {
  while (Date.now() < soakEnd) await timed("read", base + readPaths[pick(readPaths.length) - 1]());
});
// Sign-ins one at a time (each is an argon2 hash): the right password, rotating accounts.
const signer = (async () => {
  for (let i = 0; Date.now() < soakEnd; i++) {
    const a = accounts[i % ACCOUNTS];
    await timed("sign-in", `${base}/api/session`, {
      method: "POST",
      headers: { ...origin, "content-type": "application/json" },
      body: JSON.stringify({ account: a.username, password: "gaokao2025" }),
    });
  }
})();
const followers = accounts.map(async (a) => {
  while (Date.now() < soakEnd) {
    const school = pick(SCHOOLS);
    const init = (method) => ({ method, headers: { ...origin, cookie: a.cookie } });
    await timed("follow", `${base}/api/schools/${school}/follow`, init("PUT"));
    await timed("follow", `${base}/api/me/follows`, { headers: { cookie: a.cookie } });
    await timed("follow", `${base}/api/schools/${school}/follow`, init("DELETE"));
  }
});
await Promise.all([sampler, ...readers, signer, ...followers]);
const soakRss = rssMiB();
samples.push({ t: SOAK, rss: soakRss, requests: Object.values(stats).reduce((n, s) => n + s.count, 0) });
stop();

// ---- the report ----
const pct = (times, p) => {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);
const errors = (e) => e.connect + e.read + e.write + e.status + e.timeout;
const firstMinute = samples.filter((s) => s.t > 0 && s.t <= 60).map((s) => s.rss);
const lastMinute = samples.filter((s) => s.t >= SOAK - 60).map((s) => s.rss);
const soakErrors = Object.values(stats).reduce((n, s) => n + s.errors, 0);

const md = `# portal-server load figures

Written by \`scripts/bench-server.sh\` (\`make bench-server\`) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.
The release server (\`${args.binary}\`, workspace release profile with argon2
at opt-level 3) on 127.0.0.1 with a synthetic set of ${SCHOOLS} schools and ${ARTICLES} articles
(\`--synthetic ${SCHOOLS} ${ARTICLES}\`), SQLite in \`target/bench-server/\`, and
\`--max-connections-per-address ${PER_ADDRESS}\`: wrk and the soak client are one address, and the
default cap of 64 (issue #23) would refuse part of wrk's ${CONNECTIONS} connections.

**Machine:** ${machine.nproc} cores (${machine.cpu}), ${machine.memory_gib} GiB memory, Linux ${machine.kernel}.
The load generator runs on the same cores as the server, so these figures are a floor.
Load average before the run: ${machine.load_before}. Busiest processes before the run (\`ps\` %CPU, averaged over each process's life;
anything busy here shares the cores with the server and wrk):

\`\`\`text
${machine.busy_before}
\`\`\`

**Tools:** ${machine.wrk.split(" [")[0]} (Debian package), Node ${machine.node} (soak client, \`fetch\`), ${machine.rustc}.

## Read endpoints: ${CONNECTIONS} connections, ${SECONDS} s each (wrk, 2 threads)

| endpoint | requests | requests/s | p50 | p99 | max | errors | resident memory before → after |
|---|---:|---:|---:|---:|---:|---:|---|
${load
  .map(
    (l) =>
      `| ${{ articles: "`GET /api/articles/{random id}`", directory: "`GET /api/schools?page=…&filters`", home: "`GET /api/home`", search: "`GET /api/search?q=…`" }[l.kind]} | ${l.requests} | ${f1(l.rps)} | ${f2(l.p50_ms)} ms | ${f2(l.p99_ms)} ms | ${f2(l.max_ms)} ms | ${errors(l.errors)} | ${f1(l.before)} → ${f1(l.after)} MiB |`,
  )
  .join("\n")}

Errors count connect, read, write and timeout failures and any answer other than 2xx/3xx.

## Mixed soak: ${SOAK} s

24 readers (article, school, directory page, search, home at random), 1 client signing in
in a loop (right password, ${ACCOUNTS} accounts in turn: one argon2 hash at a time), ${ACCOUNTS} clients
following, listing and unfollowing random schools with their own sessions; all at once, each
waiting for its answer before the next request.

| traffic | requests | errors | p50 | p99 |
|---|---:|---:|---:|---:|
${Object.entries(stats)
  .map(([k, s]) => `| ${k} | ${s.count} | ${s.errors} | ${f2(pct(s.times, 50))} ms | ${f2(pct(s.times, 99))} ms |`)
  .join("\n")}

**Errors: ${soakErrors}.** Resident memory sampled every 10 s (MiB):

| seconds | ${samples.map((s) => s.t).join(" | ")} |
|---|${samples.map(() => "---:").join("|")}|
| RSS | ${samples.map((s) => f1(s.rss)).join(" | ")} |
| requests so far | ${samples.map((s) => s.requests).join(" | ")} |

First minute ${f1(Math.min(...firstMinute))}–${f1(Math.max(...firstMinute))} MiB, last minute
${f1(Math.min(...lastMinute))}–${f1(Math.max(...lastMinute))} MiB.
`;
// Keep the section bench/server/two-instances.mjs writes after this one.
const file = path.resolve(root, args.out);
const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
const twoInstances = previous.indexOf("\n## Two instances on one PostgreSQL");
writeFileSync(file, twoInstances >= 0 ? `${md.trimEnd()}\n${previous.slice(twoInstances)}` : md);
writeFileSync(path.join(work, "results.json"), JSON.stringify({ machine, load, stats: Object.fromEntries(Object.entries(stats).map(([k, s]) => [k, { count: s.count, errors: s.errors }])), samples }, null, 1));
console.log(md);
const loadErrors = load.reduce((n, l) => n + errors(l.errors), 0);
process.exit(loadErrors + soakErrors === 0 ? 0 : 1);

// Load figures for several portal-server instances on one PostgreSQL (run by
// scripts/bench-server.sh after the single SQLite instance, bench/server/run.mjs). Starts a
// throwaway PostgreSQL (scripts/postgres.sh, fsync on), the first instance seeding the same
// synthetic 3000-school / 10000-article set, then the others on the same database; runs one
// wrk per instance at once (the connections split between them, as a load balancer would),
// then the mixed soak with every request sent to an instance picked at random (a follow made
// on one, listed on another). Writes the section "Two instances on one PostgreSQL" of
// bench/server.md (the rest of the file is run.mjs's). Everything it starts, it stops.
//
// As in run.mjs, each instance's cap on connections per address is raised above the load's,
// and `--binary` / `--out` run another build and write elsewhere.
//
//   node bench/server/two-instances.mjs [--seconds 30] [--connections 64] [--soak 300] [--instances 2]
//                                       [--binary PATH] [--out FILE]
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
    instances: { type: "string", default: "2" },
    binary: { type: "string", default: "target/release/portal-server" },
    out: { type: "string", default: "bench/server.md" },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const SOAK = Number(args.soak);
const N = Number(args.instances);
const SCHOOLS = 3000;
const ARTICLES = 10000;
const HEADING = "## Two instances on one PostgreSQL";
/// Above the connections one instance gets from wrk and the soak, all from 127.0.0.1.
const PER_ADDRESS = Math.max(256, 2 * CONNECTIONS);

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const work = path.join(root, "target/bench-server-pg");
const pgDir = path.join(work, "pg");
const sh = (cmd, argv, env) => execFileSync(cmd, argv, { encoding: "utf8", env: { ...process.env, ...env } }).trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (existsSync(pgDir)) sh(path.join(root, "scripts/postgres.sh"), ["stop", pgDir]);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const machine = {
  nproc: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? "?",
  load_before: os.loadavg().map((l) => l.toFixed(2)).join(" "),
  busy_before: sh("sh", ["-c", "ps -eo pcpu,comm --sort=-pcpu --no-headers | head -6"]),
  postgres: sh("sh", ["-c", "bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); \"$bin/postgres\" --version || echo PostgreSQL"]),
};

// ---- PostgreSQL and the instances ----
const db = sh(path.join(root, "scripts/postgres.sh"), ["start", pgDir], { POSTGRES_DURABLE: "1" });
const servers = [];
const stopAll = () => {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill("SIGINT");
};
process.on("exit", () => {
  stopAll();
  try {
    execFileSync(path.join(root, "scripts/postgres.sh"), ["stop", pgDir], { stdio: "ignore" });
  } catch {}
});
process.on("SIGINT", () => process.exit(130));

async function startInstance(seed) {
  const port = Number(sh("node", [path.join(root, "scripts/free-ports.mjs"), "1"]));
  const base = `http://127.0.0.1:${port}`;
  const argv = [
    "--db", db, "--addr", `127.0.0.1:${port}`, "--registrations-per-hour", "1000000",
    "--max-connections-per-address", String(PER_ADDRESS),
  ];
  if (seed) argv.push("--synthetic", String(SCHOOLS), String(ARTICLES));
  const child = spawn(path.resolve(root, args.binary), argv, { stdio: ["ignore", "ignore", "pipe"] });
  const s = { child, base, log: "" };
  child.stderr.on("data", (d) => (s.log += d));
  servers.push(s);
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${base}/api/home`)).ok) break;
    } catch {}
    if (child.exitCode !== null || Date.now() - started > 600_000) throw new Error(`instance did not start:\n${s.log}`);
    await sleep(200);
  }
  s.startSeconds = (Date.now() - started) / 1000;
  return s;
}

const first = await startInstance(true);
for (let i = 1; i < N; i++) await startInstance(false);
const seedSeconds = first.startSeconds;
console.log(`seeded PostgreSQL and started instance 1 in ${seedSeconds.toFixed(1)} s; ${N} instances up`);

const rssMiB = () =>
  servers.reduce((sum, s) => sum + Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${s.child.pid}/status`, "utf8"))[1]) / 1024, 0);
// Proportional set size: RSS would count the shared buffers once per backend.
const postgresMiB = () =>
  Number(
    sh("sh", [
      "-c",
      "for p in $(pgrep -u postgres); do cat /proc/$p/smaps_rollup 2>/dev/null; done | awk '/^Pss:/ {s+=$2} END {print s+0}'",
    ]),
  ) / 1024;

// ---- wrk: one per instance at once ----

const errors = (e) => e.connect + e.read + e.write + e.status + e.timeout;
const load = [];
for (const kind of ["articles", "directory", "home", "search"]) {
  const before = rssMiB();
  const per = await Promise.all(servers.map((s) => runWrk({ kind, base: s.base, connections: Math.max(1, Math.round(CONNECTIONS / N)), seconds: SECONDS, articles: ARTICLES, threads: 1 })));
  load.push({
    kind,
    before,
    after: rssMiB(),
    requests: per.reduce((n, p) => n + p.requests, 0),
    rps: per.reduce((n, p) => n + p.rps, 0),
    p50: per.map((p) => p.p50_ms),
    p99: per.map((p) => p.p99_ms),
    max: Math.max(...per.map((p) => p.max_ms)),
    errors: per.reduce((n, p) => n + errors(p.errors), 0),
  });
  console.log(kind, JSON.stringify(load.at(-1)));
}

// ---- soak: reads, sign-ins, follows, spread over the instances ----
const ACCOUNTS = 8;
const any = () => servers[Math.floor(Math.random() * servers.length)].base;
const accounts = [];
for (let i = 0; i < ACCOUNTS; i++) {
  const username = `soak_${i}`;
  const base = any();
  const r = await fetch(`${base}/api/users`, {
    method: "POST",
    headers: { origin: base, "content-type": "application/json" },
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
const timed = async (kind, url, init, check = (r) => r.status === 200) => {
  const t = performance.now();
  let ok = false;
  try {
    const r = await fetch(url, init);
    const body = await r.text();
    ok = check(r, body);
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
    samples.push({ t: Math.round((Date.now() - t0) / 1000), rss: rssMiB(), pg: postgresMiB(), requests: done });
    await sleep(10_000);
  }
})();
const readers = Array.from({ length: 24 }, async () => {
  while (Date.now() < soakEnd) await timed("read", any() + readPaths[pick(readPaths.length) - 1]());
});
const signer = (async () => {
  for (let i = 0; Date.now() < soakEnd; i++) {
    const a = accounts[i % ACCOUNTS];
    const base = any();
    await timed("sign-in", `${base}/api/session`, {
      method: "POST",
      headers: { origin: base, "content-type": "application/json" },
      body: JSON.stringify({ account: a.username, password: "gaokao2025" }),
    });
  }
})();
// Follow on one instance, see it in the list on another, unfollow on a third pick: a follow
// missing from the other instance's list counts as an error.
const followers = accounts.map(async (a) => {
  while (Date.now() < soakEnd) {
    const school = pick(SCHOOLS);
    const [on, list, off] = [any(), any(), any()];
    const init = (method, base) => ({ method, headers: { origin: base, cookie: a.cookie } });
    await timed("follow", `${on}/api/schools/${school}/follow`, init("PUT", on));
    await timed("follow", `${list}/api/me/follows`, { headers: { cookie: a.cookie } }, (r, body) => {
      return r.status === 200 && JSON.parse(body).some((s) => s.id === school);
    });
    await timed("follow", `${off}/api/schools/${school}/follow`, init("DELETE", off));
  }
});
await Promise.all([sampler, ...readers, signer, ...followers]);
samples.push({ t: SOAK, rss: rssMiB(), pg: postgresMiB(), requests: Object.values(stats).reduce((n, s) => n + s.count, 0) });
stopAll();

// ---- the report ----
const pct = (times, p) => {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);
const ms = (list) => list.map((x) => `${f2(x)}`).join(" / ") + " ms";
const soakErrors = Object.values(stats).reduce((n, s) => n + s.errors, 0);
const loadErrors = load.reduce((n, l) => n + l.errors, 0);
const label = { articles: "`GET /api/articles/{random id}`", directory: "`GET /api/schools?page=…&filters`", home: "`GET /api/home`", search: "`GET /api/search?q=…`" };

const section = `${HEADING}

Written by \`scripts/bench-server.sh\` (\`bench/server/two-instances.mjs\`) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.
${N} release servers (\`${args.binary}\`) on 127.0.0.1, each with \`--db postgres://…\` (pool of 16) and
\`--max-connections-per-address ${PER_ADDRESS}\` (the load comes from one address) on one
${machine.postgres} (Debian package, a throwaway cluster from \`scripts/postgres.sh\`
with fsync **on**), the same synthetic set (${SCHOOLS} schools, ${ARTICLES} articles; the first instance seeded
it in ${f1(seedSeconds)} s including start-up). The same ${machine.nproc} cores (${machine.cpu}) run both instances,
PostgreSQL, wrk and the soak client, so this measures the cost of the shared database, not
the gain of a second machine. Load average before: ${machine.load_before}.

\`\`\`text
${machine.busy_before}
\`\`\`

### Read endpoints: ${CONNECTIONS} connections split over the ${N} instances, ${SECONDS} s each (one wrk per instance, 1 thread each)

| endpoint | requests | requests/s (sum) | p50 per instance | p99 per instance | max | errors | instances' resident memory before → after |
|---|---:|---:|---:|---:|---:|---:|---|
${load
  .map((l) => `| ${label[l.kind]} | ${l.requests} | ${f1(l.rps)} | ${ms(l.p50)} | ${ms(l.p99)} | ${f2(l.max)} ms | ${l.errors} | ${f1(l.before)} → ${f1(l.after)} MiB |`)
  .join("\n")}

### Mixed soak: ${SOAK} s, every request to an instance picked at random

The same clients as the single-instance soak; each follow is made on one instance, checked in
\`/me/follows\` on another (missing counts as an error) and removed on a third pick.

| traffic | requests | errors | p50 | p99 |
|---|---:|---:|---:|---:|
${Object.entries(stats)
  .map(([k, s]) => `| ${k} | ${s.count} | ${s.errors} | ${f2(pct(s.times, 50))} ms | ${f2(pct(s.times, 99))} ms |`)
  .join("\n")}

**Errors: ${soakErrors}.** Resident memory every 10 s (MiB; the instances together, and the proportional set size of every PostgreSQL process):

| seconds | ${samples.map((s) => s.t).join(" | ")} |
|---|${samples.map(() => "---:").join("|")}|
| instances | ${samples.map((s) => f1(s.rss)).join(" | ")} |
| PostgreSQL | ${samples.map((s) => f1(s.pg)).join(" | ")} |
| requests so far | ${samples.map((s) => s.requests).join(" | ")} |
`;
const file = path.resolve(root, args.out);
const current = existsSync(file) ? readFileSync(file, "utf8") : "# portal-server load figures\n";
const at = current.indexOf(`\n${HEADING}`);
const kept = (at >= 0 ? current.slice(0, at) : current).trimEnd();
writeFileSync(file, `${kept}\n\n${section}`);
writeFileSync(path.join(work, "results.json"), JSON.stringify({ machine, seedSeconds, load, stats: Object.fromEntries(Object.entries(stats).map(([k, s]) => [k, { count: s.count, errors: s.errors }])), samples }, null, 1));
console.log(section);
process.exit(loadErrors + soakErrors === 0 ? 0 : 1);

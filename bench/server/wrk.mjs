// One wrk run of bench/server/wrk.lua against a server, shared by the server benches
// (run.mjs, two-instances.mjs, compare.mjs): resolves with the JSON line wrk.lua prints.
import { spawn } from "node:child_process";
import path from "node:path";

const script = path.resolve(path.dirname(new URL(import.meta.url).pathname), "wrk.lua");

/** `kind` (an endpoint family of wrk.lua) against `base` for `seconds`, with `connections`
 *  over `threads`; `articles` bounds the article ids asked for. */
export const runWrk = ({ kind, base, connections, seconds, articles, threads = 2 }) =>
  new Promise((resolve, reject) => {
    const child = spawn("wrk", [
      `-t${threads}`, `-c${connections}`, `-d${seconds}s`, "--timeout", "10s",
      "-s", script, base, "--", kind, String(articles),
    ]);
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", () => {
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (!line) return reject(new Error(`wrk ${kind}: ${out}`));
      resolve(JSON.parse(line));
    });
  });

import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { spawn } from "node:child_process";
import { executablePath, args } from "/work/main/e2e/chromium.mjs";
const PORT = 4313;
const server = spawn("node", ["/work/main/e2e/serve.mjs", "--dir", process.env.DIST, "--port", String(PORT), "--spa", "1"], { stdio: ["ignore", "pipe", "inherit"] });
await new Promise((r) => server.stdout.once("data", r));
const chrome = await chromeLauncher.launch({ chromePath: executablePath, chromeFlags: ["--headless=new", ...args] });
for (const p of process.argv.slice(2)) {
  const r = await lighthouse(`http://127.0.0.1:${PORT}${p}`, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"] });
  const a = r.lhr.audits;
  console.log(p, Math.round(r.lhr.categories.performance.score*100), a["largest-contentful-paint"].displayValue, a["total-blocking-time"].displayValue);
  const el = a["largest-contentful-paint-element"].details;
  console.log(JSON.stringify(el?.items?.[0]?.items?.[0]?.node?.snippet), JSON.stringify(el?.items?.[1]?.items));
  const tasks = a["long-tasks"]?.details?.items?.slice(0,5).map(t=>`${t.url?.slice(-40)} ${Math.round(t.startTime)}+${Math.round(t.duration)}`);
  console.log(tasks);
}
await chrome.kill(); server.kill();

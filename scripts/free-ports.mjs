// Prints the first port P >= 20000 such that P..P+count-1 are all free on 127.0.0.1,
// for a test run's servers (e2e/playwright.config.ts reads it as E2E_PORT_BASE).
//   node scripts/free-ports.mjs [count]
import { createServer } from "node:net";

const count = Number(process.argv[2] ?? 5);
const free = (port) =>
  new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });

// Start somewhere different each run, so runs started together rarely race for the same block.
let port = 20000 + Math.floor(Math.random() * 2000) * 10;
for (let tries = 0; tries < 200; tries++, port += count) {
  const all = await Promise.all(Array.from({ length: count }, (_, i) => free(port + i)));
  if (all.every(Boolean)) {
    console.log(port);
    process.exit(0);
  }
}
console.error("no block of free ports found");
process.exit(1);

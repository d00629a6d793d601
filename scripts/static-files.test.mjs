// node --test scripts/: e2e/serve.mjs --spa 1 serves each path of a built site by the rule
// `portal-server --static` follows, on the cases both are tested on (e2e/static-files.json;
// the server's side is server/tests/api.rs static_mode_serves_each_path_by_the_shared_rule).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const rule = JSON.parse(readFileSync(path.join(root, "e2e/static-files.json"), "utf8"));

test("e2e/serve.mjs --spa 1 serves every path as portal-server --static does", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "static-files-"));
  const server = spawn("node", [path.join(root, "e2e/serve.mjs"), "--dir", dir, "--port", "0", "--spa", "1"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    for (const [name, text] of Object.entries(rule.files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    const origin = await new Promise((resolve, reject) => {
      server.once("exit", (code) => reject(new Error(`serve.mjs exited with ${code}`)));
      server.stdout.once("data", (line) => resolve(String(line).match(/http:\/\/127\.0\.0\.1:\d+/)[0]));
    });
    for (const [pathname, status, file] of rule.cases) {
      const response = await fetch(origin + pathname);
      assert.equal(response.status, status, pathname);
      const body = await response.text();
      if (file !== null) assert.equal(body, rule.files[file], `${pathname}: not ${file}`);
    }
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

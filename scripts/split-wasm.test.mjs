// node --test scripts/: the release build's wasm step refuses a module that is not WebAssembly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { wasmBytes } from "./split-wasm.mjs";

test("a 0-byte or cut module (a write on a full disk) fails the build instead of the site", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "split-wasm-"));
  try {
    const file = (name, bytes) => (writeFileSync(path.join(dir, name), bytes), path.join(dir, name));
    assert.throws(() => wasmBytes(file("empty.wasm", "")), /not a WebAssembly module \(0 bytes/);
    assert.throws(() => wasmBytes(file("cut.wasm", Buffer.from([0, 0x61, 0x73]))), /3 bytes/);
    assert.throws(() => wasmBytes(file("html.wasm", "<!doctype html>")), /not a WebAssembly module/);
    const empty = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    assert.deepEqual(wasmBytes(file("ok.wasm", empty)), empty);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

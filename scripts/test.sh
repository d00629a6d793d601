#!/usr/bin/env bash
# Every test of the project, in the order that fails fastest:
#   1. host `cargo test` (pure logic, fixtures, the reference server over HTTP)
#   2. wasm-bindgen-test components in headless Chromium
#   3. the release build of dist/ (and copies with article pages rendered ahead of time)
#   4. end-to-end Playwright suite in headless Chromium against dist/ on a static server
#      (fixtures mode, 360 and 1280 px) and against dist/ served by the reference server (http)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh test
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*"; }

step "host tests"
cargo test --workspace --locked

step "browser component tests (wasm-bindgen-test, headless Chromium)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --locked --target wasm32-unknown-unknown -p haixia-portal --test browser --test panic

step "release build (dist/, and a copy for a deploy below the domain root)"
trunk build --release
trunk build --release --public-url /portal/ --dist target/dist-subpath

step "article pages rendered ahead of time (into a copy of dist/, and the sub-path build)"
rm -rf target/dist-prerendered && cp -r dist target/dist-prerendered
node scripts/prerender.mjs --dir target/dist-prerendered
node scripts/prerender.mjs --dir target/dist-subpath --paths e2e/fixtures/prerender-paths.txt

step "reference server for the http-mode browser tests"
cargo build --locked -p portal-server

step "end-to-end tests (Playwright, headless Chromium, dist/ on a static server)"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 playwright test --config e2e/playwright.config.ts

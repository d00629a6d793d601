#!/usr/bin/env bash
# Every test of the project, in the order that fails fastest:
#   1. formatting and lints (cargo fmt --check; clippy -D warnings on the host and on wasm32)
#   2. host `cargo test` (pure logic, fixtures, the reference server over HTTP on SQLite), then
#      the server suites again on PostgreSQL and two server instances on one PostgreSQL
#      (a throwaway one from scripts/postgres.sh: temporary directory, free port, stopped after)
#   3. wasm-bindgen-test components in headless Chromium
#   4. the release build of dist/ (and copies with pages rendered ahead of time)
#   5. end-to-end Playwright suite in headless Chromium against dist/ on a static server
#      (fixtures mode, 360 and 1280 px) and against dist/ served by the reference server (http)
# At the end (pass or fail) it prints how long each step took.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

timings=()
current="" started=$SECONDS run_started=$SECONDS
finish_step() {
  [ -n "$current" ] && timings+=("$(printf '%6ds  %s' $((SECONDS - started)) "$current")")
  current=""
}
step() {
  finish_step
  current="$*" started=$SECONDS
  printf '\n\033[1;32m==> %s\033[0m\n' "$*"
}
report() {
  local status=$?
  finish_step
  printf '\n\033[1;32m==> time per step\033[0m\n'
  printf '%s\n' "${timings[@]}"
  printf '%6ds  total (%s)\n' $((SECONDS - run_started)) "$([ $status -eq 0 ] && echo passed || echo FAILED)"
}
trap report EXIT

step "setup (pinned tools, skipped when present)"
scripts/setup.sh test

step "formatting (cargo fmt --check)"
cargo fmt --all --check

step "lints (clippy -D warnings, host and wasm32)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p haixia-portal --all-targets --target wasm32-unknown-unknown --locked -- -D warnings

step "host tests"
# A throwaway PostgreSQL for the server's PostgreSQL suites, stopped whatever happens.
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/portal-pg.XXXXXX")
trap 'status=$?; scripts/postgres.sh stop "$pg_dir"; (exit $status); report' EXIT
PORTAL_TEST_POSTGRES_URL=$(scripts/postgres.sh start "$pg_dir")
export PORTAL_TEST_POSTGRES_URL
cargo test --workspace --locked

step "server tests on PostgreSQL (contract, abuse, admissions and migration suites; two instances ran above)"
PORTAL_TEST_DB=postgres cargo test --locked -p portal-server --test api --test abuse --test admissions --test migrations
scripts/postgres.sh stop "$pg_dir"

step "browser component tests (wasm-bindgen-test, headless Chromium)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --locked --target wasm32-unknown-unknown -p haixia-portal --test browser --test panic

step "release build (dist/, and a copy for a deploy below the domain root)"
scripts/build-release.sh
scripts/build-release.sh --public-url /portal/ --dist target/dist-subpath

step "pages rendered ahead of time (into a copy of dist/, and the sub-path build)"
rm -rf target/dist-prerendered && cp -r dist target/dist-prerendered
node scripts/prerender.mjs --dir target/dist-prerendered
node scripts/prerender.mjs --dir target/dist-subpath --paths e2e/fixtures/prerender-paths.txt

step "reference server for the http-mode browser tests"
cargo build --locked -p portal-server

step "end-to-end tests (Playwright, headless Chromium, dist/ on a static server)"
# Free ports for this run's servers, so a server left over from another run is never reused.
E2E_PORT_BASE=$(node scripts/free-ports.mjs 4)
export E2E_PORT_BASE
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 playwright test --config e2e/playwright.config.ts

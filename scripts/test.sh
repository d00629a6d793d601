#!/usr/bin/env bash
# Every test of the project, in the order that fails fastest (`make test`, and what CI runs):
#   1. formatting and lints (cargo fmt --check; clippy -D warnings on the host and on wasm32, as
#      the compiler of the test builds)
#   2. host `cargo test` (pure logic, fixtures, the reference server over HTTP on SQLite) and the
#      build scripts' node tests, then the server suites again on PostgreSQL and two server
#      instances on one PostgreSQL (a throwaway one from scripts/postgres.sh: temporary
#      directory, free port, stopped after)
#   3. wasm-bindgen-test components in headless Chromium
#   4. the release build of dist/, a copy of it with pages rendered ahead of time, and that copy
#      moved below /portal/ (scripts/rebase.mjs); all three started beside 1-3
#   5. end-to-end Playwright suite in headless Chromium against dist/ on a static server
#      (fixtures mode, 360 and 1280 px) and against dist/ served by the reference server (http)
# At the end (pass or fail) it prints how long each step took.
#
#   scripts/test.sh --quick [SPEC...]   (make test-quick SPECS="article school")
# While working: the host tests (no lints, no PostgreSQL, no browser components), then the
# given e2e specs (`article` is e2e/tests/article.spec.ts) in every project that runs them,
# against a release build made only when its inputs changed since the last one. Without SPEC,
# the specs of what changed since main: a changed spec, or a page (src/pages/X.rs) whose name
# a spec shares. Not a substitute for the full run before a commit is pushed.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Compiled crates from the machine's caches, outside the clone (scripts/build-cache.sh; HAIXIA_SCCACHE=0
# turns them off). Its build directory is this run's until `build_cache_release`.
. scripts/build-cache.sh

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
# The run's status: $1 when a trap passes it on, else the status the shell is exiting with.
report() {
  local status=${1:-$?}
  finish_step
  printf '\n\033[1;32m==> time per step\033[0m\n'
  printf '%s\n' "${timings[@]}"
  printf '%6ds  total (%s)\n' $((SECONDS - run_started)) "$([ $status -eq 0 ] && echo passed || echo FAILED)"
}
trap report EXIT
# Stopped from outside: the report says FAILED.
trap 'exit 143' TERM
trap 'exit 130' INT

quick=""
specs=()
if [ "${1:-}" = --quick ]; then
  quick=1
  shift
  specs=("$@")
  if [ ${#specs[@]} -eq 0 ]; then
    base=$(git merge-base HEAD main 2>/dev/null || echo HEAD)
    for file in $( (git diff --name-only "$base"; git ls-files --others --exclude-standard) | sort -u); do
      case "$file" in
        e2e/tests/*.spec.ts) specs+=("$(basename "$file" .spec.ts)") ;;
        src/pages/*.rs) [ -f "e2e/tests/$(basename "$file" .rs).spec.ts" ] && specs+=("$(basename "$file" .rs)") ;;
      esac
    done
  fi
fi

# The paths of the integration test binaries named, one per line, that `cargo test --workspace`
# built (nothing is compiled: cargo only lists its fresh artifacts).
test_binaries() {
  cargo test --workspace --locked --no-run --message-format=json 2>/dev/null | node -e '
    const names = process.argv.slice(1);
    let out = "";
    process.stdin.on("data", (d) => (out += d)).on("end", () => {
      const built = out.split("\n").filter(Boolean).map((l) => JSON.parse(l))
        .filter((m) => m.reason === "compiler-artifact" && m.executable && m.target.kind.includes("test"));
      for (const name of names) {
        const found = built.find((m) => m.target.name === name);
        if (!found) throw new Error(`no test binary ${name}`);
        console.log(found.executable);
      }
    });' "$@"
}

# The inputs of the release build, hashed: --quick builds dist/ again only when they changed.
build_inputs() {
  git ls-files -co --exclude-standard -z -- src model Cargo.toml Cargo.lock .cargo index.html style public \
    Trunk.toml scripts/build-release.sh scripts/post-build.mjs scripts/split-wasm.mjs scripts/routes.mjs scripts/sw.template.js \
    scripts/hashed.mjs | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

# The copies of dist/ the e2e suite serves besides dist/ itself: target/dist-prerendered (pages
# rendered ahead of time, unless "$1" is --no-prerender) and target/dist-subpath (that copy moved
# below /portal/, as an operator deploys it: no second build).
e2e_copies() {
  rm -rf target/dist-prerendered target/dist-subpath && cp -r dist target/dist-prerendered
  [ "${1:-}" = --no-prerender ] || node scripts/prerender.mjs --dir target/dist-prerendered
  node scripts/rebase.mjs --dir target/dist-prerendered --base /portal/ --out target/dist-subpath
}
export -f e2e_copies

step "setup (pinned tools, skipped when present)"
scripts/setup.sh test

if [ -n "$quick" ]; then
  step "host tests"
  cargo test --workspace --locked
  node --test scripts/
  if [ ${#specs[@]} -eq 0 ]; then
    echo "no e2e spec given or touched since main: make test-quick SPECS=\"article school\""
    exit 0
  fi
  step "release build (dist/), unless its inputs are unchanged"
  inputs=$(build_inputs)
  if [ -f dist/index.html ] && [ "$(cat target/dist.inputs 2>/dev/null)" = "$inputs" ]; then
    echo "dist/ is current"
  else
    scripts/build-release.sh
    echo "$inputs" > target/dist.inputs
  fi
  build_cache_release
  step "the pre-rendered copy and the sub-path copy"
  # Pages rendered ahead of time only for the specs that read them.
  if printf '%s\n' "${specs[@]}" | grep -qxE 'prerender|subpath'; then e2e_copies; else e2e_copies --no-prerender; fi
  step "end-to-end tests: ${specs[*]}"
  E2E_PORT_BASE=$(node scripts/free-ports.mjs 4)
  export E2E_PORT_BASE
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 playwright test --config e2e/playwright.config.ts \
    $(printf 'tests/%s.spec.ts ' "${specs[@]}")
  exit 0
fi

step "formatting (cargo fmt --check)"
cargo fmt --all --check

# The release build and the e2e copies of dist/ run beside the lints and the Rust tests, in a
# session of their own: the build compiles with the nightly in its own build directory (no
# waiting on cargo's lock), and one of the two cores is often idle meanwhile (its link-time
# optimization and the tests' runs are mostly one thread each). Their output is in
# target/release-build.log, shown in the step "release build" below. Stopped if the run ends first.
mkdir -p target
setsid bash -c 'started=$SECONDS; scripts/build-release.sh && echo "release build: $((SECONDS - started)) s" &&
  started=$SECONDS && e2e_copies && echo "e2e copies: $((SECONDS - started)) s"' \
  > target/release-build.log 2>&1 &
release_build=$!
stop_release_build() { [ -z "$release_build" ] || kill -- -"$release_build" 2>/dev/null || true; }
trap 'status=$?; stop_release_build; report "$status"' EXIT

# Clippy compiles this workspace's crates (cargo's RUSTC_WORKSPACE_WRAPPER; clippy-driver reads
# `cargo clippy -- ARGS` from CLIPPY_ARGS) in the builds the tests run: one build, linted and
# tested, where `cargo clippy` first checked every crate, dependencies included, and the tests
# then compiled them all again. The dependencies are compiled as ever. Every cargo command below
# goes through `linted`: without the same wrapper, cargo would build the workspace's crates
# again.
linted() {
  RUSTC_WORKSPACE_WRAPPER="$(rustc --print sysroot)/bin/clippy-driver" \
  CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" "$@"
}
wasm_tests=(--target wasm32-unknown-unknown -p haixia-portal --features browser-tests --test browser --test panic)

step "lints (clippy -D warnings) in the test builds, host and wasm32"
# What clippy's --all-targets checked, less the app's binary on the host: --lib --tests
# --benches --examples (benches and examples built with the test profile). `--all-targets`
# (its --bins) would build src/main.rs as a host test, and with it the whole app as a host
# library that no host test uses (50 s on a clean clone's critical path, #24); that binary is
# linted for wasm32, where it runs. Then the app for wasm32, its browser tests and its binary
# (named, so built as the others are: a `cargo build` of it would resolve other features and
# compile more).
linted cargo test --workspace --lib --tests --benches --examples --locked --no-run
linted cargo test --locked "${wasm_tests[@]}" --bin haixia-portal --no-run

step "host tests"
# A throwaway PostgreSQL for the server's PostgreSQL suites, stopped whatever happens.
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/portal-pg.XXXXXX")
# (Not `(exit $status); report`: under set -e a failed run left the trap there, without a report.)
trap 'status=$?; stop_release_build; scripts/postgres.sh stop "$pg_dir" || true; report "$status"' EXIT
PORTAL_TEST_POSTGRES_URL=$(scripts/postgres.sh start "$pg_dir")
export PORTAL_TEST_POSTGRES_URL
# Also builds target/debug/portal-server (cargo builds a package's binaries for its integration
# tests), the reference server of the e2e http project.
linted cargo test --workspace --locked
# The build scripts' own unit tests (node's test runner).
node --test scripts/

step "server tests on PostgreSQL (contract, abuse, admissions, migration and load suites; two instances ran above)"
# The binaries the host run built, run again: any narrower cargo selection (`-p portal-server`,
# or `--test api`, which leaves the other packages' dev-dependencies out) resolves other
# features and recompiles dozens of crates (47 in a clean clone). Two at a time (each binary's
# databases are named after its process), each one's output printed whole when it ends.
suites=$(linted test_binaries api abuse admissions migrations load)
(cd server && printf '%s\n' "$suites" | PORTAL_TEST_DB=postgres xargs -P 2 -I{} sh -c 'out=$("$0" 2>&1); status=$?; printf "%s\n" "$out"; exit $status' {})
scripts/postgres.sh stop "$pg_dir"

step "browser component tests (wasm-bindgen-test, headless Chromium)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER=/usr/bin/chromedriver \
  linted cargo test --locked "${wasm_tests[@]}"

step "release build (dist/) and its e2e copies, started beside the lints: what is left of them"
release_status=0
wait "$release_build" || release_status=$?
release_build="" # ended: its process group's number may be anyone's now
if [ "$release_status" != 0 ]; then
  cat target/release-build.log
  echo "the release build or its e2e copies failed (the output above, also in target/release-build.log)"
  exit 1
fi
tail -n 4 target/release-build.log
release_seconds=$(sed -n 's/^release build: \([0-9]*\) s$/\1/p' target/release-build.log)
copies_seconds=$(sed -n 's/^e2e copies: \([0-9]*\) s$/\1/p' target/release-build.log)
timings+=("$(printf '%6ds  %s' "${release_seconds:-0}" "(the release build itself, from the lints on; not added to the total)")")
timings+=("$(printf '%6ds  %s' "${copies_seconds:-0}" "(then pages rendered ahead of time in a copy of dist/, moved below /portal/; not added)")")
build_inputs > target/dist.inputs
# Nothing below compiles or runs a test binary: another run may have the build directory.
build_cache_release

step "end-to-end tests (Playwright, headless Chromium, dist/ on a static server)"
# Free ports for this run's servers, so a server left over from another run is never reused.
E2E_PORT_BASE=$(node scripts/free-ports.mjs 4)
export E2E_PORT_BASE
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 playwright test --config e2e/playwright.config.ts
node scripts/slowest-tests.mjs target/e2e-report.json 10

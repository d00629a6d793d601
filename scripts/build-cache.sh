# Sourced by scripts/test.sh and scripts/build-release.sh: what every clone and worktree on this
# machine shares, so that a fresh clone compiles only its own crates (#24). HAIXIA_SCCACHE=0
# turns both off; without them everything still builds, from scratch, inside the clone.
#
# 1. rustc runs through sccache (installed by scripts/setup.sh), whose cache of compiled crates
#    lives outside the clone (~/.cache/sccache, up to 10 GB). It is content-addressed (a crate's
#    sources, flags, dependencies and compiler make its key), so builds running at once share it
#    safely through one server per user, which stops itself after SCCACHE_IDLE_TIMEOUT seconds
#    without work. A crate's key includes every CARGO_* variable of the build: set none that
#    differs between runs (CARGO_INCREMENTAL=0 in CI would split CI's keys from a developer's).
#
# 2. Cargo's build directory (compiled crates, build scripts and their output, incremental
#    state) is the machine's, ~/.cache/haixia/build (build-nightly for the release build), not
#    the clone's target/. Why: a crate whose
#    build script writes code it includes (serde, serde_core, thiserror) records that file's
#    path, inside the build directory, in its metadata, and every crate built on it inherits the
#    difference: with a build directory per clone, about 120 dependencies (tachys, web-sys,
#    axum, leptos...) got new sccache keys in every clone and were compiled again, some 300
#    CPU-seconds a run. Final artifacts (target/debug/portal-server, the release wasm, dist/)
#    stay in target/.
#    One run uses it at a time (an exclusive flock, `build_cache_release` lets it go once the
#    run no longer builds or runs test binaries; a second run waits). Cargo names this
#    workspace's crates the same in every clone and judges them fresh by file times, not
#    content, so when another clone used the directory last, this workspace's crates are
#    marked stale first (their fingerprints removed): cargo then compiles them from this clone's
#    sources, reusing the incremental state. The directory only grows; past
#    HAIXIA_BUILD_DIR_MB (20,000) it is emptied at the start of a run.
if [ "${HAIXIA_SCCACHE:-1}" != 0 ] && [ -z "${RUSTC_WRAPPER:-}" ] && command -v sccache >/dev/null 2>&1; then
  export RUSTC_WRAPPER=sccache
  export SCCACHE_IDLE_TIMEOUT="${SCCACHE_IDLE_TIMEOUT:-300}"
fi

build_cache_release() { :; }
# Skipped when a caller already holds it (scripts/test.sh running build-release.sh), or when the
# build directory is someone else's choice.
if [ "${HAIXIA_SCCACHE:-1}" != 0 ] && [ -z "${CARGO_BUILD_BUILD_DIR:-}" ]; then
  haixia_cache="${XDG_CACHE_HOME:-$HOME/.cache}/haixia"
  mkdir -p "$haixia_cache/build"
  # The sccache server outlives the run: started before the lock is taken, it never holds it.
  [ -n "${RUSTC_WRAPPER:-}" ] && { sccache --start-server >/dev/null 2>&1 || true; }
  exec {haixia_build_lock}>"$haixia_cache/build.lock"
  if ! flock -xn "$haixia_build_lock"; then
    echo "waiting for another run on this machine to finish with the shared build directory ($haixia_cache/build)"
    flock -x "$haixia_build_lock"
  fi
  mkdir -p "$haixia_cache/build-nightly"
  if [ "$(du -smc "$haixia_cache/build" "$haixia_cache/build-nightly" | tail -1 | cut -f1)" -gt "${HAIXIA_BUILD_DIR_MB:-20000}" ]; then
    echo "emptying the shared build directories in $haixia_cache (over ${HAIXIA_BUILD_DIR_MB:-20000} MB)"
    rm -rf "$haixia_cache/build" "$haixia_cache/build-nightly"
    mkdir -p "$haixia_cache/build" "$haixia_cache/build-nightly"
  fi
  if [ "$(cat "$haixia_cache/build.owner" 2>/dev/null)" != "$PWD" ]; then
    for member in $(cargo metadata --no-deps --offline --format-version 1 | node -e '
      let json = "";
      process.stdin.on("data", (d) => (json += d)).on("end", () => console.log(JSON.parse(json).packages.map((p) => p.name).join(" ")));'); do
      find "$haixia_cache/build" "$haixia_cache/build-nightly" -maxdepth 4 -path "*/.fingerprint/$member-*" -prune -exec rm -rf {} +
    done
    echo "$PWD" > "$haixia_cache/build.owner"
  fi
  export CARGO_BUILD_BUILD_DIR="$haixia_cache/build"
  # The release build's nightly has one of its own (scripts/build-release.sh), so that it never
  # waits for cargo's lock on stable's: scripts/test.sh runs it beside the host tests.
  export HAIXIA_NIGHTLY_BUILD_DIR="$haixia_cache/build-nightly"
  build_cache_release() {
    flock -u "$haixia_build_lock"
    exec {haixia_build_lock}>&-
  }
fi

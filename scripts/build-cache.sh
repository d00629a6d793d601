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
# 2. Cargo's build directory (compiled dependencies, build scripts and their output, incremental
#    state) is the machine's, ~/.cache/haixia/build, not the clone's target/. Why: a crate whose
#    build script writes code it includes (serde, thiserror) records that file's path, inside
#    the build directory, in its metadata, and every crate built on it inherits the difference.
#    With a build directory per clone, about 120 dependencies (tachys, web-sys, axum, leptos...)
#    got new sccache keys in every clone and were compiled again: some 300 CPU-seconds a run.
#    Final artifacts (target/debug/portal-server, the release wasm, dist/) stay in target/.
#    Cargo locks the directory while it builds, so two builds at once take turns. It only grows
#    (each clone adds its own crates): past HAIXIA_BUILD_DIR_MB (20,000) it is emptied at the
#    start of a run that finds no other run using it (a shared flock held until the run ends).
if [ "${HAIXIA_SCCACHE:-1}" != 0 ] && [ -z "${RUSTC_WRAPPER:-}" ] && command -v sccache >/dev/null 2>&1; then
  export RUSTC_WRAPPER=sccache
  export SCCACHE_IDLE_TIMEOUT="${SCCACHE_IDLE_TIMEOUT:-300}"
fi
if [ "${HAIXIA_SCCACHE:-1}" != 0 ] && [ -z "${CARGO_BUILD_BUILD_DIR:-}" ]; then
  haixia_cache="${XDG_CACHE_HOME:-$HOME/.cache}/haixia"
  mkdir -p "$haixia_cache/build"
  exec {haixia_build_lock}>"$haixia_cache/build.lock"
  if flock -xn "$haixia_build_lock" \
    && [ "$(du -sm "$haixia_cache/build" | cut -f1)" -gt "${HAIXIA_BUILD_DIR_MB:-20000}" ]; then
    echo "emptying the shared build directory $haixia_cache/build (over ${HAIXIA_BUILD_DIR_MB:-20000} MB)"
    rm -rf "$haixia_cache/build" && mkdir -p "$haixia_cache/build"
  fi
  flock -s "$haixia_build_lock"
  export CARGO_BUILD_BUILD_DIR="$haixia_cache/build"
fi

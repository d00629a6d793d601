#!/usr/bin/env bash
# The release build of dist/: `trunk build --release` with the wasm compiled for size by a
# pinned nightly (bench/levers.md): std rebuilt with the app (-Zbuild-std) and optimized for
# size, panics that abort at once (no formatting machinery, no panic hook: index.html's
# script draws the crash notice from the trap), no file/line strings, no Debug formatting.
# Extra arguments go to trunk (e.g. --dist DIR). The build is for the domain root: scripts/
# rebase.mjs moves it below a prefix without rebuilding.
# `trunk serve`, the host tests and the server stay on stable.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/build-cache.sh

RELEASE_TOOLCHAIN="nightly-2026-05-20"

export RUSTUP_TOOLCHAIN="$RELEASE_TOOLCHAIN"
export CARGO_UNSTABLE_BUILD_STD="std,panic_abort"
export CARGO_UNSTABLE_BUILD_STD_FEATURES="optimize_for_size"
# Replaces .cargo/config.toml's wasm32 flags for this build, so its cfg is repeated here.
# `--cfg split` and the relocations: the pages of src/chunks.rs are cut out into modules of
# their own after the build (scripts/split-wasm.mjs, run by post-build.mjs).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components --cfg split -Clink-args=--emit-relocs -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
# Its own target dir: the nightly's artifacts would otherwise evict stable's (clippy, tests).
export CARGO_TARGET_DIR="target/release-nightly"
# And its own shared build directory, when scripts/build-cache.sh set them up.
if [ -n "${HAIXIA_NIGHTLY_BUILD_DIR:-}" ]; then
  export CARGO_BUILD_BUILD_DIR="$HAIXIA_NIGHTLY_BUILD_DIR"
fi
# HAIXIA_READABLE_CRASHES=1: the same split build, but a panic prints its message and the stack
# names its functions, for a crash seen only in the release build (never deployed: larger).
# Give it its own dist: HAIXIA_READABLE_CRASHES=1 scripts/build-release.sh --dist target/dist-readable
if [ "${HAIXIA_READABLE_CRASHES:-}" = 1 ]; then
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components --cfg split -Clink-args=--emit-relocs"
  export CARGO_TARGET_DIR="target/release-readable"
fi
# The linked wasm before wasm-bindgen, for the split.
export HAIXIA_SPLIT_INPUT="$PWD/$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/haixia-portal.wasm"

exec trunk build --release "$@"

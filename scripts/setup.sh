#!/usr/bin/env bash
# Installs what the project needs, at pinned versions, skipping whatever is already in place.
#   scripts/setup.sh build   -> wasm target, sccache, trunk, wasm-bindgen-cli, npm packages (wasm-opt)
#   scripts/setup.sh test    -> the above plus Chromium, ChromeDriver and a CJK font
# Safe to run again: a second run only checks versions.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock, or trunk tries to download one.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
mode=${1:-build}

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# rustfmt and clippy: `make test` checks formatting and lints (a minimal rustup profile lacks them).
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The release wasm is built by a pinned nightly (scripts/build-release.sh): it rebuilds std for
# size, which needs rust-src. Host tests, the server and `trunk serve` stay on stable.
RELEASE_TOOLCHAIN=$(awk -F'"' '/^RELEASE_TOOLCHAIN=/ { print $2 }' scripts/build-release.sh)
if ! rustup run "$RELEASE_TOOLCHAIN" rustc --version >/dev/null 2>&1 \
  || ! rustup +"$RELEASE_TOOLCHAIN" component list --installed | grep -q '^rust-src' \
  || ! rustup +"$RELEASE_TOOLCHAIN" target list --installed | grep -qx wasm32-unknown-unknown; then
  say "installing $RELEASE_TOOLCHAIN with rust-src and wasm32 (the release wasm's size build)"
  rustup toolchain install "$RELEASE_TOOLCHAIN" --profile minimal --component rust-src \
    --target wasm32-unknown-unknown
fi
# std's own dependencies, for trunk's offline builds (skipped when all are in cargo's cache).
std_manifest="$(rustup run "$RELEASE_TOOLCHAIN" rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
rustup run "$RELEASE_TOOLCHAIN" cargo fetch --offline --manifest-path "$std_manifest" >/dev/null 2>&1 \
  || rustup run "$RELEASE_TOOLCHAIN" cargo fetch --manifest-path "$std_manifest"

# The compiler cache shared by every clone on the machine (scripts/build-cache.sh). Local disk only:
# the cloud back ends are not built.
SCCACHE_VERSION=0.19.0
if [ "${HAIXIA_SCCACHE:-1}" != 0 ] && [ "$(sccache --version 2>/dev/null)" != "sccache $SCCACHE_VERSION" ]; then
  say "installing sccache $SCCACHE_VERSION (about 2.5 minutes cold; HAIXIA_SCCACHE=0 skips it)"
  cargo install sccache --version "$SCCACHE_VERSION" --no-default-features --locked --force
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 6 minutes cold)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes cold)"
  # --locked fails here: the registry index lacks one of its locked dependencies.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# The release build's wasm splitter (scripts/split-wasm.mjs): the CLI of the crate Leptos'
# #[lazy] / wasm_split points are made for (cargo-leptos links the same library).
WASM_SPLIT_VERSION=0.2.4
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 1 minute cold)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force
fi

# npm packages (binaryen's wasm-opt, Playwright) from the committed lockfile; never a browser download.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.setup-stamp; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.setup-stamp
fi

if [ "$mode" = test ]; then
  missing=()
  for pkg in chromium chromium-headless-shell chromium-driver fonts-noto-cjk; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} from Debian"
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd=sudo
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi
say "tools ready"

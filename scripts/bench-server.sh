#!/usr/bin/env bash
# Load figures for the reference API server: installs wrk (Debian package) if missing, builds
# the release server, then bench/server/run.mjs serves a synthetic 3000/10000 set on a free
# 127.0.0.1 port, runs wrk (64 connections, 30 s) on the article, directory, home and search
# endpoints and a 5-minute mixed soak, and writes bench/server.md; then the same against two
# instances on one PostgreSQL (bench/server/two-instances.mjs, a throwaway cluster from
# scripts/postgres.sh, installed if missing), written to the same file; then compare.mjs's table of
# PostgreSQL against SQLite, one instance each, appended. About 25 minutes.
#   scripts/bench-server.sh [--seconds 30] [--connections 64] [--soak 300]
#   BENCH_ONLY=sqlite|postgres scripts/bench-server.sh   one of the two
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

if ! command -v wrk >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends wrk
fi
cargo build --release -p portal-server
if [ "${BENCH_ONLY:-}" != postgres ]; then node bench/server/run.mjs "$@"; fi
if [ "${BENCH_ONLY:-}" != sqlite ]; then node bench/server/two-instances.mjs "$@"; fi
# The same build on each database alone, same run: PostgreSQL's catalogue reads against SQLite's.
if [ -z "${BENCH_ONLY:-}" ]; then node bench/server/compare.mjs --append bench/server.md; fi

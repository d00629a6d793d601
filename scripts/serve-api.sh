#!/usr/bin/env bash
# Development in http mode: the reference server on 127.0.0.1:3000 (database target/dev.sqlite,
# demo account demo / gaokao2024) and `trunk serve` on 127.0.0.1:8080 proxying /api and
# /config.json to it, so the app, the API and the session cookie share one origin.
# 手机验证码 codes are not sent anywhere: they are appended to target/sms-outbox.jsonl
# (`tail -f target/sms-outbox.jsonl` shows them).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo build -p portal-server
target/debug/portal-server --db target/dev.sqlite --demo-account --site-config --addr 127.0.0.1:3000 \
  --sms-outbox target/sms-outbox.jsonl &
server=$!
trap 'kill $server 2>/dev/null' EXIT
# Trunk.toml plus the two proxies, generated so the build settings live in one file.
{
  cat Trunk.toml
  printf '\n[[proxy]]\nbackend = "http://127.0.0.1:3000/api/"\nrewrite = "/api/"\n'
  printf '\n[[proxy]]\nbackend = "http://127.0.0.1:3000/config.json"\nrewrite = "/config.json"\n'
} > .trunk-api.toml
trunk --config .trunk-api.toml serve

# Sourced by scripts/test.sh and scripts/build-release.sh: rustc runs through sccache (installed
# by scripts/setup.sh), whose cache of compiled crates lives outside the clone
# (~/.cache/sccache, up to 10 GB), so a fresh clone or worktree on this machine reuses the
# dependencies any other one compiled. It is content-addressed (a crate's sources, flags and
# compiler make its key), so clones and worktrees building at once share it safely through one
# server per user, which stops itself after SCCACHE_IDLE_TIMEOUT seconds without work.
# HAIXIA_SCCACHE=0 turns it off (and setup.sh then installs nothing); a RUSTC_WRAPPER of your
# own is kept as it is. Without sccache everything still builds, from scratch.
# A crate's key includes every CARGO_* variable of the build: set none here (CARGO_INCREMENTAL=0
# in CI would have made CI's keys differ from those of a developer's `make test`).
if [ "${HAIXIA_SCCACHE:-1}" != 0 ] && [ -z "${RUSTC_WRAPPER:-}" ] && command -v sccache >/dev/null 2>&1; then
  export RUSTC_WRAPPER=sccache
  export SCCACHE_IDLE_TIMEOUT="${SCCACHE_IDLE_TIMEOUT:-300}"
fi

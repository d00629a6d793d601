//! The attempt counters of the rate limits (`limits` table) and the server's secrets (`meta`),
//! shared by every instance on the database. A counter is checked and counted in one locked
//! step ([`Store::limit_reserve`]), so parallel attempts on any number of instances cannot all
//! pass the check before one of them is counted.

use super::db::{params, Conn};
use super::{Store, StoreResult};
use crate::auth::{Counter, Policy};
use std::time::Duration;

/// The counter kept for `key`, if any (`lock`: the dialect's row lock, in a transaction).
fn counter(c: &mut dyn Conn, key: &str, lock: &str) -> StoreResult<Option<Counter>> {
    let sql = format!("SELECT attempts, last_ms FROM limits WHERE key = $1{lock}");
    let found: Option<(i64, i64)> = c.row(&sql, params![key])?;
    // A row of no attempts is a placeholder to lock (see `limit_reserve`), not a counter.
    Ok(found
        .map(|(count, last_ms)| Counter { count: u32::try_from(count).unwrap_or(u32::MAX), last_ms })
        .filter(|c| c.count > 0))
}

impl Store {
    /// Counts an attempt for `key` under `policy` if one is allowed at `now_ms` (check and
    /// count in one atomic step): the attempts counted with it; otherwise the time left to
    /// wait. A reserved attempt stays counted unless released or cleared.
    pub fn limit_reserve(
        &self,
        key: &str,
        policy: &Policy,
        now_ms: i64,
    ) -> StoreResult<Result<u32, Duration>> {
        self.transaction(|tx| {
            // The row exists before it is locked, so parallel first attempts queue on one lock
            // (PostgreSQL); in SQLite the transaction holds the write lock already.
            tx.execute(
                "INSERT INTO limits (key, attempts, last_ms, forget_ms) VALUES ($1, 0, 0, 0) ON CONFLICT (key) DO NOTHING",
                params![key],
            )?;
            let lock = tx.dialect().lock_rows();
            let counter = match policy.admit(counter(tx, key, lock)?, now_ms) {
                Ok(counter) => counter,
                Err(wait) => return Ok(Err(wait)),
            };
            tx.execute(
                "UPDATE limits SET attempts = $2, last_ms = $3, forget_ms = $4 WHERE key = $1",
                params![key, counter.count, counter.last_ms, policy.forget_at(counter.last_ms)],
            )?;
            Ok(Ok(counter.count))
        })
    }

    /// Whether `policy` would allow an attempt for `key` at `now_ms`, counting nothing.
    pub fn limit_peek(&self, key: &str, policy: &Policy, now_ms: i64) -> StoreResult<Result<u32, Duration>> {
        let counted = self.run(|c| counter(c, key, ""))?;
        Ok(policy.admit(counted, now_ms).map(|c| c.count))
    }

    /// A reserved attempt failed, as known at `now_ms` (after its password hash): it stays
    /// counted, and the key's wait starts again from `now_ms`, not from when the attempt was
    /// reserved, so attempts queued behind slow hashes do not serve their wait meanwhile.
    pub fn limit_failed(&self, key: &str, policy: &Policy, now_ms: i64) -> StoreResult<()> {
        // Time only moves forward: a failure known late never shortens a newer wait.
        self.run(|c| {
            c.execute(
                "UPDATE limits SET last_ms = $2, forget_ms = $3 WHERE key = $1 AND last_ms < $2",
                params![key, now_ms, policy.forget_at(now_ms)],
            )
            .map(drop)
        })
    }

    /// Takes back one reserved attempt that turned out not to count.
    pub fn limit_release(&self, key: &str) -> StoreResult<()> {
        self.run(|c| {
            c.execute("UPDATE limits SET attempts = attempts - 1 WHERE key = $1", params![key])?;
            c.execute("DELETE FROM limits WHERE key = $1 AND attempts <= 0", params![key]).map(drop)
        })
    }

    /// Forgets `key` (after a success).
    pub fn limit_clear(&self, key: &str) -> StoreResult<()> {
        self.run(|c| c.execute("DELETE FROM limits WHERE key = $1", params![key]).map(drop))
    }

    /// Deletes at most `limit` counters forgotten by `now_ms`; how many it deleted.
    pub fn delete_idle_limits(&self, now_ms: i64, limit: usize) -> StoreResult<usize> {
        self.delete_batch("limits", "key", "forget_ms", now_ms, limit)
    }

    /// How many counters the store holds.
    pub fn limit_rows(&self) -> StoreResult<usize> {
        let rows: i64 = self.run(|c| c.one("SELECT COUNT(*) FROM limits", &[]))?;
        Ok(usize::try_from(rows).unwrap_or(0))
    }

    /// Keeps at most `keep` counters: the ones with the most attempts, then the ones
    /// remembered longest (a counter of one attempt delays nothing yet; one near a long wait
    /// is what stops a guesser). How many it deleted.
    pub fn delete_limits_beyond(&self, keep: usize) -> StoreResult<usize> {
        let deleted = self.run(|c| {
            c.execute(
                "DELETE FROM limits WHERE key IN
                 (SELECT key FROM limits ORDER BY attempts DESC, forget_ms DESC, key LIMIT $2 OFFSET $1)",
                params![keep, i64::MAX],
            )
        })?;
        Ok(usize::try_from(deleted).unwrap_or(usize::MAX))
    }

    /// The secret stored under `name`, storing `fresh` first when there is none yet (so every
    /// instance on the database uses the first one made).
    pub fn secret(&self, name: &str, fresh: &str) -> StoreResult<String> {
        let key = format!("secret:{name}");
        self.run(|c| {
            c.execute(
                "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
                params![&key, fresh],
            )?;
            c.one("SELECT value FROM meta WHERE key = $1", params![&key])
        })
    }
}

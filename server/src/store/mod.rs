//! The database, on SQLite (one file, the embedded default) or PostgreSQL (several server
//! instances sharing one database), with one implementation for both. Everything that must be
//! the same on every instance lives here: accounts, sessions, follows (and so follower counts),
//! the attempt counters of the rate limits; and the catalogue every visitor reads.
//!
//! The SQL is written once, with `$n` placeholders, against the seam in `db.rs`; each backend
//! (`sqlite.rs`, `postgres.rs`) runs it on its client and answers for the little that differs
//! through `db::Dialect` (placeholders, a row lock or the write lock, case-insensitive names,
//! the setup lock). Where things go:
//!
//! | module | holds |
//! |---|---|
//! | `db.rs` | `Value`, `Row`, `Conn`, `Dialect`: the seam |
//! | `sqlite.rs`, `postgres.rs` | the two backends |
//! | `migrations.rs`, `migrations/*.sql` | the schema, numbered; one text, or one per database |
//! | `rows.rs` | the model's types as rows: each table's columns, once |
//! | `catalogue/` | schools, articles, 招生数据: `load.rs` writes (seeding and `portal-data load`, one writer, bumping the catalogue's version), `pages.rs` and `admissions.rs` read, through what `kept.rs` keeps per process and version, `export.rs` reads it all back (`portal-data export`) |
//! | `accounts.rs` | users, sessions, follows, 手机验证码 |
//! | `follow_counts.rs` | follower counts kept per process while news of every follow reaches it |
//! | `counters.rs` | attempt counters, server secrets |
//! | `sql.rs` | SQL built from queries: filters, search terms, pages |

mod accounts;
mod catalogue;
mod counters;
pub(crate) mod db;
mod follow_counts;
pub mod migrations;
mod postgres;
mod rows;
mod sql;
mod sqlite;

use crate::clock::Clock;
use catalogue::KeptCatalogue;
pub use catalogue::{LoadOptions, LoadReport, Tally};
/// A registration the store refused (shared with the app's demo store).
pub use portal_model::Taken;

use db::{params, Conn};
use portal_model::User;
use std::fmt;
use std::path::Path;

#[derive(Clone, Debug)]
pub enum StoreError {
    /// A unique index refused a row; the index or column it names.
    Conflict(String),
    /// Anything else, as the database or the store said it.
    Failed(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Conflict(index) => write!(f, "store: already taken ({index})"),
            StoreError::Failed(message) => write!(f, "store: {message}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<String> for StoreError {
    fn from(message: String) -> Self {
        StoreError::Failed(message)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// An account as sign-in needs it.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

/// What checking a 手机验证码 found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeCheck {
    /// The code matched; it is used up.
    Valid,
    /// It did not; `left` tries remain (at 0 the code is gone).
    Wrong { left: u32 },
    /// No code for this phone, or it expired.
    Expired,
}

/// Whether a `--db` value names a PostgreSQL database (a `postgres://` or `postgresql://`
/// URL) rather than a SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// The database, migrated to this server's schema when opened. Every method blocks: call
/// them off the async runtime's worker threads (handlers go through `state::blocking`).
pub struct Store {
    db: Backend,
    /// The catalogue's answers and indexes, read once per process and catalogue version.
    kept: KeptCatalogue,
    /// What the kept catalogue times its version checks by (`catalogue/kept.rs`).
    clock: Clock,
}

enum Backend {
    Sqlite(sqlite::Sqlite),
    Postgres(postgres::Postgres),
}

impl Store {
    /// Opens (creating and migrating) the store a `--db` value names: a PostgreSQL URL (a
    /// pool of at most `pool_size` connections), or a SQLite file path.
    pub fn open(db: &str, pool_size: u32) -> StoreResult<Store> {
        if is_postgres_url(db) {
            Store::postgres(db, pool_size)
        } else {
            Store::sqlite(Path::new(db))
        }
    }

    /// A SQLite file, created when missing.
    pub fn sqlite(path: &Path) -> StoreResult<Store> {
        Store::migrated(Backend::Sqlite(sqlite::Sqlite::open(Some(path))?))
    }

    pub fn sqlite_in_memory() -> StoreResult<Store> {
        Store::migrated(Backend::Sqlite(sqlite::Sqlite::open(None)?))
    }

    /// A pool on `url`. A server also listens for follows ([`Store::listen_for_follow_news`]).
    pub fn postgres(url: &str, pool_size: u32) -> StoreResult<Store> {
        Store::migrated(Backend::Postgres(postgres::Postgres::connect(url, pool_size)?))
    }

    /// For a process that answers for a while (the server, not a one-off `portal-data` run): on
    /// PostgreSQL, a connection of its own hears of every instance's follows, so follower
    /// counts are kept between answers (`follow_counts.rs`). Nothing to do on SQLite, which
    /// reads them per answer.
    pub fn listen_for_follow_news(&self) -> StoreResult<()> {
        if let Backend::Postgres(db) = &self.db {
            db.listen(std::sync::Arc::downgrade(&self.kept.follows))?;
        }
        Ok(())
    }

    fn migrated(db: Backend) -> StoreResult<Store> {
        let store = Store { db, kept: KeptCatalogue::default(), clock: Clock::system() };
        store.migrate()?;
        Ok(store)
    }

    /// The store with its kept catalogue's version checks timed by `clock` (the system clock by
    /// default; tests pass a manual one).
    pub fn with_clock(mut self, clock: Clock) -> Store {
        self.clock = clock;
        self
    }

    /// `work` on a connection, outside any transaction.
    fn run<T>(&self, work: impl FnOnce(&mut dyn Conn) -> StoreResult<T>) -> StoreResult<T> {
        match &self.db {
            Backend::Sqlite(db) => db.run(work),
            Backend::Postgres(db) => db.run(work),
        }
    }

    /// `work` in one transaction, committed if it succeeds. On SQLite it holds the write lock
    /// from the start; on PostgreSQL, what it must hold it locks (`Dialect::lock_rows`).
    fn transaction<T>(&self, work: impl FnOnce(&mut dyn Conn) -> StoreResult<T>) -> StoreResult<T> {
        match &self.db {
            Backend::Sqlite(db) => db.transaction(work),
            Backend::Postgres(db) => db.transaction(work),
        }
    }

    /// A transaction that no other process sets up at the same time (`Dialect::setup_lock`):
    /// migrating and seeding, which instances starting together must do once.
    fn setup<T>(&self, work: impl FnOnce(&mut dyn Conn) -> StoreResult<T>) -> StoreResult<T> {
        self.transaction(|tx| {
            if let Some(lock) = tx.dialect().setup_lock() {
                tx.execute(lock, &[])?;
            }
            work(tx)
        })
    }

    /// Applies the migrations this database has not had yet (`migrations`), in one
    /// transaction under the setup lock.
    fn migrate(&self) -> StoreResult<()> {
        self.setup(|tx| {
            tx.batch("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")?;
            let current: Option<String> = tx.row("SELECT value FROM meta WHERE key = 'schema'", &[])?;
            let current: i64 = current.map(|v| v.parse().map_err(db::fail)).transpose()?.unwrap_or(0);
            if current > migrations::latest() {
                return Err(StoreError::Failed(format!(
                    "database schema {current} is newer than this server ({})",
                    migrations::latest()
                )));
            }
            for m in migrations::pending(current) {
                tx.batch(m.text(tx.dialect().name()))
                    .map_err(|e| StoreError::Failed(format!("migration {}: {e}", m.version)))?;
                if m.then == Some(migrations::Backfill::UsernameKeys) {
                    fill_username_keys(tx)?;
                }
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema', $1)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![m.version.to_string()],
                )?;
            }
            Ok(())
        })
    }

    /// Deletes at most `limit` rows of `table` whose `column` is at most `upto` (the sweeps,
    /// in batches so that sign-ins are not held up behind one long delete); how many.
    fn delete_batch(
        &self,
        table: &str,
        key: &str,
        column: &str,
        upto: i64,
        limit: usize,
    ) -> StoreResult<usize> {
        let sql = format!(
            "DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {table} WHERE {column} <= $1 LIMIT $2)"
        );
        let deleted = self.run(|c| c.execute(&sql, params![upto, limit]))?;
        Ok(usize::try_from(deleted).unwrap_or(usize::MAX))
    }
}

/// Gives every user without a `username_key` one (`migrations::username_keys`).
fn fill_username_keys(tx: &mut dyn Conn) -> StoreResult<()> {
    let mut taken = tx
        .rows::<String>("SELECT username_key FROM users WHERE username_key IS NOT NULL", &[])?
        .into_iter()
        .collect();
    let missing: Vec<(i64, String)> =
        tx.rows("SELECT id, username FROM users WHERE username_key IS NULL ORDER BY id", &[])?;
    for (id, key) in migrations::username_keys(&missing, &mut taken) {
        tx.execute("UPDATE users SET username_key = $2 WHERE id = $1", params![id, key])?;
    }
    Ok(())
}

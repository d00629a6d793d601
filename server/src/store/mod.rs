//! What the handlers need from a database, as one trait, with two implementations:
//! `SqliteStore` (one file, the embedded default) and `PgStore` (PostgreSQL, for several
//! server instances sharing one database). Everything that must be the same on every
//! instance lives in the store: accounts, sessions, follows (and so follower counts), and the
//! attempt counters of the rate limits. `open` picks the store from the `--db` value.

mod admissions;
pub mod migrations;
mod postgres;
mod sql;
mod sqlite;

pub use admissions::{AdmissionStore, RankCache};

pub use self::postgres::PgStore;
pub use sqlite::SqliteStore;

use crate::auth::Policy;
use portal_dataset::Dataset;
use std::sync::Arc;
use std::time::Duration;

use portal_model::query::SchoolQuery;
use portal_model::*;
use std::fmt;

#[derive(Debug)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "store: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

pub type StoreResult<T> = Result<T, StoreError>;

/// A registration the store refused (shared with the app's demo store).
pub use portal_model::Taken;

/// An account as sign-in needs it.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

/// Whether a `--db` value names a PostgreSQL database (a `postgres://` or `postgresql://`
/// URL) rather than a SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// Opens (creating and migrating) the store a `--db` value names: a PostgreSQL URL, or a
/// SQLite file path. Blocking: call it outside the async runtime's worker threads.
pub fn open(db: &str, pool_size: u32) -> StoreResult<Arc<dyn Store>> {
    if is_postgres_url(db) {
        Ok(Arc::new(PgStore::connect(db, pool_size)?))
    } else {
        Ok(Arc::new(SqliteStore::open(std::path::Path::new(db))?))
    }
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

pub trait Store: AdmissionStore + Send + Sync + 'static {
    // ---- filling ----
    /// No schools yet (a database to seed).
    fn is_empty(&self) -> StoreResult<bool>;
    /// Loads schools, articles and admission data (one transaction). Accounts and follows are
    /// left alone. `false` when another server instance seeded the database meanwhile.
    fn seed(&self, data: &Dataset) -> StoreResult<bool>;

    // ---- reading ----
    fn home(&self) -> StoreResult<Home>;
    fn schools(&self, query: &SchoolQuery) -> StoreResult<SchoolDirectory>;
    fn school(&self, id: SchoolId) -> StoreResult<Option<SchoolPage>>;
    fn school_articles(&self, id: SchoolId, page: u32) -> StoreResult<Option<SchoolArticles>>;
    fn article(&self, id: ArticleId) -> StoreResult<Option<Article>>;
    fn tag_articles(&self, tag: &str, page: u32) -> StoreResult<Option<TagArticles>>;
    fn search(&self, query: &str) -> StoreResult<SearchResults>;

    // ---- accounts ----
    fn create_user(
        &self,
        username: &str,
        phone: &str,
        password_hash: &str,
    ) -> StoreResult<Result<User, Taken>>;
    /// By username (any case) or phone.
    fn credentials(&self, account: &str) -> StoreResult<Option<Credentials>>;
    fn create_session(&self, token_hash: &str, user_id: u64, expires_at: i64) -> StoreResult<()>;
    fn session_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<User>>;
    fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Deletes at most `limit` sessions expired at `now`; how many it deleted.
    fn delete_expired_sessions(&self, now: i64, limit: usize) -> StoreResult<usize>;

    // ---- follows ----
    /// `None` when the school does not exist. Idempotent.
    fn set_follow(&self, user_id: u64, school: SchoolId, follow: bool) -> StoreResult<Option<FollowState>>;
    fn follows(&self, user_id: u64) -> StoreResult<Vec<SchoolCard>>;

    // ---- attempt counters (rate limits), shared by every instance on the database ----
    /// Counts an attempt for `key` under `policy` if one is allowed at `now_ms` (check and
    /// count in one atomic step); otherwise the time left to wait. A reserved attempt stays
    /// counted unless released or cleared.
    fn limit_reserve(&self, key: &str, policy: &Policy, now_ms: i64) -> StoreResult<Result<(), Duration>>;
    /// A reserved attempt failed, as known at `now_ms` (after its password hash): it stays
    /// counted, and the key's wait starts again from `now_ms`, not from when the attempt was
    /// reserved, so attempts queued behind slow hashes do not serve their wait meanwhile.
    fn limit_failed(&self, key: &str, policy: &Policy, now_ms: i64) -> StoreResult<()>;
    /// Takes back one reserved attempt that turned out not to count.
    fn limit_release(&self, key: &str) -> StoreResult<()>;
    /// Forgets `key` (after a success).
    fn limit_clear(&self, key: &str) -> StoreResult<()>;
    /// Deletes at most `limit` counters forgotten by `now_ms`; how many it deleted.
    fn delete_idle_limits(&self, now_ms: i64, limit: usize) -> StoreResult<usize>;
    /// How many counters the store holds.
    fn limit_rows(&self) -> StoreResult<usize>;
    /// Keeps at most `keep` counters: the ones with the most attempts, then the ones
    /// remembered longest (a counter of one attempt delays nothing yet; one near a long wait
    /// is what stops a guesser). How many it deleted.
    fn delete_limits_beyond(&self, keep: usize) -> StoreResult<usize>;

    // ---- 手机验证码 ----
    /// Keeps a new code's hash for `phone` (replacing an older one, its tries reset).
    fn save_sms_code(&self, phone: &str, code_hash: &str, expires_at: i64) -> StoreResult<()>;
    /// Checks a code in one locked step: `matches` is asked about the stored hash of a code
    /// still valid at `now`; a match uses the code up, a miss counts a try, and the
    /// `max_tries`-th miss deletes it.
    fn use_sms_code(
        &self,
        phone: &str,
        now: i64,
        max_tries: u32,
        matches: &dyn Fn(&str) -> bool,
    ) -> StoreResult<CodeCheck>;
    /// Deletes at most `limit` codes expired at `now`; how many it deleted.
    fn delete_expired_sms_codes(&self, now: i64, limit: usize) -> StoreResult<usize>;
}

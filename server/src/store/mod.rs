//! What the handlers need from a database, as one trait. `SqliteStore` implements it; a
//! PostgreSQL store would implement the same trait without touching a handler.

mod admissions;
mod sqlite;

pub use admissions::AdmissionStore;

pub use sqlite::SqliteStore;

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

pub trait Store: AdmissionStore + Send + Sync + 'static {
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
}

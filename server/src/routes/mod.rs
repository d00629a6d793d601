//! The API under `/api`, one module per resource, each with its own `router()`, merged here
//! in one place. A handler reads its input through `crate::extract` (the signed-in user, the
//! body, the path and query), runs store work through `state::blocking` and answers JSON or
//! an `ApiError`.
//!
//! A new endpoint goes in the module of its resource (a new resource: a module here and one
//! line in [`api`]); its path in `docs/api.md`; and, if it is a public read that browsers may
//! keep, its first segment in `headers::PUBLIC_READ_ROOTS`.

mod accounts;
mod admissions;
mod articles;
mod groups;
mod home;
mod me;
mod schools;
mod search;
mod sms;

use crate::error::ApiError;
use crate::state::{blocking, Shared};
use crate::store::{Store, StoreError};
use axum::{Json, Router};

/// Where the API is mounted.
pub const ROOT: &str = "/api";

/// The largest body a request to `path` (the whole path, `/api/…`) may have, and the answer
/// when it is over: [`crate::guard::BODY_LIMIT`], except for the 志愿表 drafts.
pub fn body_limit(path: &str) -> (usize, ApiError) {
    match path.strip_prefix(ROOT) {
        Some(me::PLANS) => (portal_model::volunteer::drafts::ACCOUNT_MAX_BYTES, me::plans_too_large()),
        _ => (crate::guard::BODY_LIMIT, ApiError::TooLarge),
    }
}

/// Every endpoint of the API, relative to `/api`; anything else is 404 as JSON.
pub fn api() -> Router<Shared> {
    Router::new()
        .merge(home::router())
        .merge(schools::router())
        .merge(articles::router())
        .merge(search::router())
        .merge(accounts::router())
        .merge(sms::router())
        .merge(me::router())
        .merge(admissions::router())
        .merge(groups::router())
        .fallback(|| async { ApiError::NotFound })
}

/// What a store read answers, as JSON.
async fn answer<T, F>(s: &Shared, read: F) -> Result<Json<T>, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
{
    blocking(s, read).await.map(Json)
}

/// What a store read found, as JSON; nothing found is 404.
async fn found<T, F>(s: &Shared, read: F) -> Result<Json<T>, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<Option<T>, StoreError> + Send + 'static,
{
    blocking(s, read).await?.map(Json).ok_or(ApiError::NotFound)
}

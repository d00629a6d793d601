//! What a signed-in visitor keeps: the schools they follow (`PUT`/`DELETE
//! /schools/{id}/follow`, `GET /me/follows`). Every handler here takes an [`AuthUser`].

use super::{answer, found};
use crate::error::ApiError;
use crate::extract::{AuthUser, PathId};
use crate::state::Shared;
use axum::extract::State;
use axum::routing::{get, put};
use axum::{Json, Router};
use portal_model::{FollowState, SchoolCard};

pub fn router() -> Router<Shared> {
    Router::new()
        .route("/schools/{id}/follow", put(follow).delete(unfollow))
        .route("/me/follows", get(my_follows))
}

async fn follow(s: State<Shared>, user: AuthUser, id: PathId) -> Result<Json<FollowState>, ApiError> {
    set_follow(s, user, id, true).await
}

async fn unfollow(s: State<Shared>, user: AuthUser, id: PathId) -> Result<Json<FollowState>, ApiError> {
    set_follow(s, user, id, false).await
}

/// Idempotent: following twice counts once; `None` from the store is a school that does not
/// exist.
async fn set_follow(
    State(s): State<Shared>,
    AuthUser(user): AuthUser,
    PathId(school): PathId,
    follow: bool,
) -> Result<Json<FollowState>, ApiError> {
    found(&s, move |store| store.set_follow(user.id, school, follow)).await
}

async fn my_follows(
    State(s): State<Shared>,
    AuthUser(user): AuthUser,
) -> Result<Json<Vec<SchoolCard>>, ApiError> {
    answer(&s, move |store| store.follows(user.id)).await
}

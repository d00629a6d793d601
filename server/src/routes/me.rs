//! What a signed-in visitor keeps: the schools they follow (`PUT`/`DELETE
//! /schools/{id}/follow`, `GET /me/follows`) and their 志愿表 drafts (`GET`/`PUT /me/plans`).
//! Every handler here takes an [`AuthUser`].

use super::{answer, found};
use crate::error::ApiError;
use crate::extract::{AuthUser, Body, PathId};
use crate::state::{blocking, Shared};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use portal_model::volunteer::drafts::{AccountDrafts, Drafts, PlansSaved, StoredDrafts, ACCOUNT_MAX_BYTES};
use portal_model::{ErrorCode, FollowState, SchoolCard};

/// The drafts' path under `/api`; its bodies may be up to [`ACCOUNT_MAX_BYTES`]
/// (`super::body_limit`).
pub const PLANS: &str = "/me/plans";

pub fn router() -> Router<Shared> {
    Router::new()
        .route("/schools/{id}/follow", put(follow).delete(unfollow))
        .route("/me/follows", get(my_follows))
        .route(PLANS, get(my_plans).put(save_plans).layer(DefaultBodyLimit::max(ACCOUNT_MAX_BYTES)))
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

/// The drafts over the size an account keeps.
pub fn plans_too_large() -> ApiError {
    ApiError::Status(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PlansTooLarge)
}

/// The account's drafts and their revision; revision 0 and no drafts when none were saved.
async fn my_plans(
    State(s): State<Shared>,
    AuthUser(user): AuthUser,
) -> Result<Json<AccountDrafts<Drafts>>, ApiError> {
    let kept = blocking(&s, move |store| store.account_drafts(user.id)).await?;
    Ok(Json(match kept {
        // Checked when saved, so nothing is left out here.
        Some((revision, text)) => {
            AccountDrafts { revision, drafts: Drafts::read(serde_json::from_str(&text).ok()).0 }
        }
        None => AccountDrafts { revision: 0, drafts: Drafts::default() },
    }))
}

/// Keeps the drafts a device merged from revision `revision` (optimistic: a save from an older
/// revision is 409 `plans_changed`, and the device merges again; last-write-wins would drop
/// what the other device saved in between). Checked as a device reads them: a document a
/// device would read with something left out is 422, never kept.
async fn save_plans(
    State(s): State<Shared>,
    AuthUser(user): AuthUser,
    body: Result<Body<AccountDrafts<StoredDrafts>>, ApiError>,
) -> Result<Json<PlansSaved>, ApiError> {
    let Body(sent) = body.map_err(|e| match e {
        ApiError::TooLarge => plans_too_large(),
        other => other,
    })?;
    let drafts = Drafts::check_upload(sent.drafts).map_err(ApiError::Invalid)?;
    let document = serde_json::to_string(&drafts).map_err(|e| ApiError::Internal(e.to_string()))?;
    let (base, now) = (sent.revision, s.clock.now_ms());
    let saved = blocking(&s, move |store| store.save_account_drafts(user.id, base, &document, now)).await?;
    saved
        .map(|revision| Json(PlansSaved { revision }))
        .ok_or(ApiError::Status(StatusCode::CONFLICT, ErrorCode::PlansChanged))
}

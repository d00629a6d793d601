//! 院校专业组 for the 志愿表: the group index of a province and track (`GET /groups/index`)
//! and 冲/稳/保 by group (`GET /groups/bands`), by the shared rules of
//! `portal_model::volunteer`.

use crate::error::ApiError;
use crate::extract::QueryPairs;
use crate::state::{blocking, Shared};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use portal_model::admissions::{Province, Track};
use portal_model::volunteer::bands::{self, GroupBands, GroupFilter};
use portal_model::volunteer::groups::GroupIndex;
use portal_model::volunteer::profile::Profile;
use std::sync::Arc;

pub fn router() -> Router<Shared> {
    Router::new().route("/groups/index", get(group_index)).route("/groups/bands", get(group_bands))
}

fn profile(query: &QueryPairs, needs_standing: bool) -> Result<Profile, ApiError> {
    Profile::from_pairs(&query.0, needs_standing).map_err(|e| ApiError::BadRequest(e.message()))
}

/// The group index of the profile's province and track (an empty one for names that are no
/// province or track: they find nothing, as in 位次查询).
async fn load_groups(s: &Shared, profile: &Profile) -> Result<Arc<GroupIndex>, ApiError> {
    let known = Province::find(&profile.province).is_some() && profile.track != Track::Other;
    if !known {
        return Ok(Arc::new(GroupIndex::empty(&profile.province, profile.track)));
    }
    let (province, track) = (profile.province.clone(), profile.track);
    blocking(s, move |store| store.group_index(&province, track)).await
}

/// `GET /groups/index?province=&track=`.
async fn group_index(State(s): State<Shared>, query: QueryPairs) -> Result<Response, ApiError> {
    let index = load_groups(&s, &profile(&query, false)?).await?;
    Ok(Json(index.as_ref()).into_response())
}

/// `GET /groups/bands?province=&track=&subjects=&score=|rank=&year=` and the filters.
async fn group_bands(State(s): State<Shared>, query: QueryPairs) -> Result<Json<GroupBands>, ApiError> {
    let profile = profile(&query, true)?;
    let index = load_groups(&s, &profile).await?;
    Ok(Json(bands::group_bands(&index, &profile, &GroupFilter::from_pairs(&query.0))))
}

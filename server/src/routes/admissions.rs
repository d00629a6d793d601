//! The 招生数据 endpoints (docs/api.md, "Admission data"): a school's score lines, major
//! lines, plans and majors, the provinces' metadata, and 位次查询 by school (`/rank`,
//! `/rank/index`), with every query value validated by the shared rules in
//! `portal_model::admissions` and `portal_model::rank`. By 院校专业组: `groups.rs`.

use super::{answer, found};
use crate::error::ApiError;
use crate::extract::{PathId, QueryPairs};
use crate::state::{blocking, Shared};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use portal_model::admissions::{
    AdmissionQuery, MajorScoreLine, PlanRow, ProvinceMeta, RankIndex, SchoolMajors, SchoolScores, Track,
};
use portal_model::rank::{self, RankBands, RankQuery};
use portal_model::sources::DataSource;
use portal_model::Page;
use std::sync::Arc;

pub fn router() -> Router<Shared> {
    Router::new()
        .route("/schools/{id}/scores", get(scores))
        .route("/schools/{id}/major-scores", get(major_scores))
        .route("/schools/{id}/plans", get(plans))
        .route("/schools/{id}/majors", get(majors))
        .route("/provinces", get(provinces))
        .route("/sources", get(sources))
        .route("/rank", get(bands))
        .route("/rank/index", get(rank_index))
}

/// The filters of a school's admission data; a malformed value is 400 with its message.
fn admission_query(query: &QueryPairs) -> Result<AdmissionQuery, ApiError> {
    AdmissionQuery::from_pairs(&query.0).map_err(|e| ApiError::BadRequest(e.message()))
}

async fn scores(
    State(s): State<Shared>,
    PathId(id): PathId,
    query: QueryPairs,
) -> Result<Json<SchoolScores>, ApiError> {
    let q = admission_query(&query)?;
    found(&s, move |store| store.school_scores(id, &q)).await
}

async fn major_scores(
    State(s): State<Shared>,
    PathId(id): PathId,
    query: QueryPairs,
) -> Result<Json<Page<MajorScoreLine>>, ApiError> {
    let q = admission_query(&query)?;
    found(&s, move |store| store.major_scores(id, &q)).await
}

async fn plans(
    State(s): State<Shared>,
    PathId(id): PathId,
    query: QueryPairs,
) -> Result<Json<Page<PlanRow>>, ApiError> {
    let q = admission_query(&query)?;
    found(&s, move |store| store.plans(id, &q)).await
}

async fn majors(State(s): State<Shared>, PathId(id): PathId) -> Result<Json<SchoolMajors>, ApiError> {
    found(&s, move |store| store.school_majors(id)).await
}

async fn provinces(State(s): State<Shared>) -> Result<Json<Vec<ProvinceMeta>>, ApiError> {
    answer(&s, |store| store.province_meta()).await
}

/// 数据来源: the documents the rows and indexes cite by id.
async fn sources(State(s): State<Shared>) -> Result<Json<Vec<DataSource>>, ApiError> {
    answer(&s, |store| store.data_sources()).await
}

fn rank_query(query: &QueryPairs, needs_standing: bool) -> Result<RankQuery, ApiError> {
    RankQuery::from_pairs(&query.0, needs_standing).map_err(|e| ApiError::BadRequest(e.message()))
}

/// The rank index of a known province and track (`None` for names that are neither: they
/// find nothing).
async fn load_index(s: &Shared, q: &RankQuery) -> Result<Option<Arc<RankIndex>>, ApiError> {
    match q.track.filter(|_| q.is_known()) {
        Some(track) => {
            let province = q.province.clone();
            Ok(Some(blocking(s, move |store| store.rank_index(&province, track)).await?))
        }
        None => Ok(None),
    }
}

async fn bands(State(s): State<Shared>, query: QueryPairs) -> Result<Json<RankBands>, ApiError> {
    let q = rank_query(&query, true)?;
    Ok(Json(match (load_index(&s, &q).await?, q.standing) {
        (Some(index), Some(standing)) => rank::bands(&index, standing),
        _ => rank::empty_bands(&q),
    }))
}

async fn rank_index(State(s): State<Shared>, query: QueryPairs) -> Result<Response, ApiError> {
    let q = rank_query(&query, false)?;
    let index = load_index(&s, &q).await?.unwrap_or_else(|| {
        Arc::new(RankIndex {
            province: q.province.clone(),
            track: q.track.unwrap_or(Track::Other),
            years: Vec::new(),
            table: None,
            schools: Vec::new(),
            sources: Vec::new(),
            derived_ranks: false,
        })
    });
    Ok(Json(index.as_ref()).into_response())
}

//! The directory and a school's pages: `GET /schools`, `/schools/{id}`,
//! `/schools/{id}/articles`. (Following a school is the visitor's: `me.rs`; its admission
//! data: `admissions.rs`.)

use super::{answer, found};
use crate::error::ApiError;
use crate::extract::{PathId, QueryPairs};
use crate::state::Shared;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_model::query::SchoolQuery;
use portal_model::{SchoolArticles, SchoolDirectory, SchoolPage};

pub fn router() -> Router<Shared> {
    Router::new()
        .route("/schools", get(directory))
        .route("/schools/{id}", get(school))
        .route("/schools/{id}/articles", get(school_articles))
}

async fn directory(State(s): State<Shared>, query: QueryPairs) -> Result<Json<SchoolDirectory>, ApiError> {
    let query = SchoolQuery::from_pairs(&query.0);
    answer(&s, move |store| store.schools(&query)).await
}

async fn school(State(s): State<Shared>, PathId(id): PathId) -> Result<Json<SchoolPage>, ApiError> {
    found(&s, move |store| store.school(id)).await
}

async fn school_articles(
    State(s): State<Shared>,
    PathId(id): PathId,
    query: QueryPairs,
) -> Result<Json<SchoolArticles>, ApiError> {
    let page = query.page();
    found(&s, move |store| store.school_articles(id, page)).await
}

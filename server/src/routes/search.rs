//! `GET /search?q=`: schools and articles matching every word.

use super::answer;
use crate::error::ApiError;
use crate::extract::QueryPairs;
use crate::state::Shared;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_model::SearchResults;

/// The longest search text read; the rest is ignored.
const QUERY_MAX_CHARS: usize = 50;

pub fn router() -> Router<Shared> {
    Router::new().route("/search", get(search))
}

async fn search(State(s): State<Shared>, query: QueryPairs) -> Result<Json<SearchResults>, ApiError> {
    // Control characters (`%00` …) are spaces: never part of a word, never echoed back.
    let q: String = query
        .get("q")
        .map(|q| q.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>())
        .map(|q| q.trim().chars().take(QUERY_MAX_CHARS).collect())
        .unwrap_or_default();
    answer(&s, move |store| store.search(&q)).await
}

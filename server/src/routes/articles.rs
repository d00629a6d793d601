//! Articles: `GET /articles/{id}` and a tag's list, `GET /tags/{tag}/articles`.

use super::found;
use crate::error::ApiError;
use crate::extract::{PathId, PathText, QueryPairs};
use crate::state::Shared;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_model::{Article, TagArticles};

/// Tags longer than this exist nowhere: 404 without asking the store.
const TAG_MAX_CHARS: usize = 50;

pub fn router() -> Router<Shared> {
    Router::new().route("/articles/{id}", get(article)).route("/tags/{tag}/articles", get(tag_articles))
}

async fn article(State(s): State<Shared>, PathId(id): PathId) -> Result<Json<Article>, ApiError> {
    found(&s, move |store| store.article(id)).await
}

async fn tag_articles(
    State(s): State<Shared>,
    PathText(tag): PathText,
    query: QueryPairs,
) -> Result<Json<TagArticles>, ApiError> {
    if tag.chars().count() > TAG_MAX_CHARS {
        return Err(ApiError::NotFound);
    }
    let page = query.page();
    found(&s, move |store| store.tag_articles(&tag, page)).await
}

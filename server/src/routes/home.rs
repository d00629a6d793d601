//! `GET /home`: the home page's featured schools, latest articles and hot tags.

use super::answer;
use crate::error::ApiError;
use crate::state::Shared;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_model::Home;

pub fn router() -> Router<Shared> {
    Router::new().route("/home", get(home))
}

async fn home(State(s): State<Shared>) -> Result<Json<Home>, ApiError> {
    answer(&s, |store| store.home()).await
}

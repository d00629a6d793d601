//! One module per route. A page reads its params, asks the `Api` for typed data through
//! [`crate::components::load::Loaded`], and lays out components. Nothing else.

pub mod article;
pub mod home;
pub mod me;
pub mod not_found;
pub mod school;
pub mod school_articles;
pub mod schools;
pub mod search;
pub mod tag;

use crate::api::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use portal_model::query::parse_page;

/// The route's `:id`; anything that is not a number is a page that does not exist.
pub fn id_param() -> impl Fn() -> Result<u32, ApiError> + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("id").and_then(|id| id.parse::<u32>().ok()).ok_or(ApiError::NotFound)
}

/// `?page=N`, 1 when missing or unreadable.
pub fn page_query() -> impl Fn() -> u32 + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || parse_page(query.read().get("page").as_deref())
}

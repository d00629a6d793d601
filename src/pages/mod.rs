//! One module per route. A page reads its params, asks the `Api` for typed data through
//! [`crate::components::load::Loaded`], and lays out components. Nothing else.

pub mod article;
pub mod compare;
pub mod home;
pub mod me;
pub mod not_found;
pub mod rank;
pub mod school;
pub mod school_articles;
pub mod schools;
pub mod search;
pub mod tag;

use crate::api::{Api, ApiError};
use leptos::prelude::*;
use leptos::Params;
use leptos_router::hooks::{use_params, use_query_map};
use leptos_router::params::Params;
use portal_model::query::{parse_id, parse_page};

/// An id in the path: a plain positive integer (`+7` or `07` is a page that does not exist).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PathId(u32);

impl std::str::FromStr for PathId {
    type Err = ApiError;
    fn from_str(text: &str) -> Result<PathId, ApiError> {
        parse_id(text).map(PathId).ok_or(ApiError::NotFound)
    }
}

#[derive(Params, Clone, PartialEq)]
struct IdParams {
    id: Option<PathId>,
}

/// The route's `:id`; anything else is a page that does not exist.
pub fn id_param() -> impl Fn() -> Result<u32, ApiError> + Copy + Send + Sync + 'static {
    let params = use_params::<IdParams>();
    move || params.read().as_ref().ok().and_then(|p| p.id).map(|PathId(id)| id).ok_or(ApiError::NotFound)
}

/// `?page=N`, 1 when missing or unreadable.
pub fn page_query() -> impl Fn() -> u32 + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || parse_page(query.read().get("page").as_deref())
}

/// How long after a page shows before what it fetches ahead is asked for: the page's own
/// images ask first.
const AHEAD_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

/// Fetches, a moment after the page has shown, what the visitor will probably want next
/// (下一篇, the directory's filter index). Goes through the data source's cache, so the click
/// that wants it finds it kept or on its way.
pub fn fetch_ahead<F>(fetch: impl FnOnce(Api) -> F + 'static)
where
    F: std::future::Future<Output = ()> + 'static,
{
    let Some(api) = use_context::<Api>() else { return };
    set_timeout(move || leptos::task::spawn_local(fetch(api)), AHEAD_DELAY);
}

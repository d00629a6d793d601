//! One module per route. A page reads its params, asks the `Api` for typed data through
//! [`crate::components::load::Loaded`], and lays out components. Nothing else.

pub mod article;
pub mod compare;
pub mod home;
pub mod me;
pub mod not_found;
pub mod plan;
pub mod rank;
pub mod school;
pub mod school_articles;
pub mod school_majors;
pub mod school_plans;
pub mod school_scores;
pub mod schools;
pub mod search;
pub mod tag;

use crate::api::{Api, ApiError};
use leptos::prelude::*;
use leptos::Params;
use leptos_router::hooks::{use_params, use_query_map};
use leptos_router::params::Params;
use portal_model::admissions::{AdmissionQuery, Track};
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

/// The admission pages' filters in the URL (`?province=&track=&year=&batch=`). A value that
/// names nothing, or a malformed year, is left out rather than showing an empty page.
pub fn admission_query() -> Memo<AdmissionQuery> {
    let query = use_query_map();
    Memo::new(move |_| {
        let map = query.read();
        let mut q = AdmissionQuery::default();
        for key in ["province", "track", "year", "batch"] {
            let Some(value) = map.get(key) else { continue };
            if let Ok(one) = AdmissionQuery::from_pairs(&[(key, value)]) {
                if one.matches_nothing {
                    continue;
                }
                q.province = q.province.or(one.province);
                q.track = q.track.or(one.track);
                q.year = q.year.or(one.year);
                q.batch = q.batch.or(one.batch);
            }
        }
        q
    })
}

/// The visitor's last province and track (`state::choice`, shared with 位次查询 and 院校对比);
/// nothing if they made none or storage is unavailable.
pub fn remembered_choice() -> (Option<String>, Option<Track>) {
    crate::state::choice::stored().map(|c| (Some(c.province), Some(c.track))).unwrap_or_default()
}

/// Keeps the visitor's province and track for their next school (a province alone keeps the
/// track remembered before).
pub fn remember_choice(province: &str, track: Option<Track>) {
    let track = track.unwrap_or_else(|| crate::state::choice::load().track);
    crate::state::choice::save(&crate::state::choice::Choice { province: province.to_string(), track });
}

/// The province to show: the URL's, else the visitor's last, else 福建.
pub fn chosen_province(url: &AdmissionQuery) -> String {
    url.province
        .clone()
        .or_else(|| remembered_choice().0)
        .unwrap_or_else(|| crate::admission::DEFAULT_PROVINCE.to_string())
}

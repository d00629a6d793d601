//! What a page whose code is downloaded when first opened (`crate::chunks`) reads first, asked
//! for the moment its route matches, so its data and its code arrive together instead of one
//! after the other (the pattern of leptos' `lazy_routes` example, without its panic when a
//! download fails: the page shows the download's error with 重试 as before).
//!
//! Each function starts the very read its page makes first (`Api::start` with a [`FirstRead`]:
//! the same URL as the page's `Api` method, from the same URL helpers in `crate::pages`), without
//! decoding it, so no page's decoders move into the main module. The page's own read, once its
//! code is in, joins that request on its way or finds its answer kept (`api::cache`, a minute);
//! what a preload gets wrong (the page asks for something else) costs one request, never a
//! wrong page.
//! A failed read is left for the page's own read to report. Called by the route table
//! (`crate::routes`), in the main module: only URL parsing and the `Api` call live here.

use crate::api::{Api, FirstRead};
use crate::pages::{admission_query, chosen_province, id_param, page_query, remembered_choice};
use leptos::prelude::*;
use portal_model::admissions::AdmissionQuery;
use portal_model::SchoolId;

/// Starts `reads` on the app's data source; the answers go to the cache, undecoded (decoding
/// is the page's, in its own module).
fn start(reads: Vec<FirstRead>) {
    if let Some(api) = use_context::<Api>() {
        leptos::task::spawn_local(async move {
            futures::future::join_all(reads.into_iter().map(|read| api.start(read))).await;
        });
    }
}

/// The school of the route, when its id reads (a bad one is the page's 404 to show).
fn school_id() -> Option<SchoolId> {
    id_param()().ok()
}

/// What the admission pages (分数线, 招生计划) read first: the school's lines in the province
/// shown, every track and year (the page's filters pick from them).
pub fn lines_query(province: String) -> AdmissionQuery {
    AdmissionQuery { province: Some(province), ..Default::default() }
}

/// [`lines_query`] for the province the page will show (the URL's, else the visitor's last,
/// else 福建).
fn scores_query() -> AdmissionQuery {
    lines_query(chosen_province(&admission_query().get_untracked()))
}

pub fn school() {
    if let Some(id) = school_id() {
        start(vec![FirstRead::School(id)]);
    }
}

pub fn school_articles() {
    if let Some(id) = school_id() {
        start(vec![FirstRead::SchoolArticles(id, page_query()())]);
    }
}

/// 分数线 reads the school's lines, then (once they are in) its 专业分数线: both at once here.
pub fn school_scores() {
    if let Some(id) = school_id() {
        let url = admission_query().get_untracked();
        let province = chosen_province(&url);
        // The 专业分数线 query as far as the URL and the visitor's last choice tell it
        // (`pages::school_scores::MajorLines` takes its track and newest year from the lines).
        let majors = AdmissionQuery {
            province: Some(province.clone()),
            track: url.track.or(remembered_choice().1),
            year: url.year,
            batch: url.batch,
            ..Default::default()
        };
        start(vec![
            FirstRead::SchoolScores(id, lines_query(province)),
            FirstRead::SchoolMajorScores(id, majors),
        ]);
    }
}

/// 招生计划 reads the school's lines (its groups and tracks) and the provinces' batches.
pub fn school_plans() {
    if let Some(id) = school_id() {
        start(vec![FirstRead::SchoolScores(id, scores_query()), FirstRead::Provinces]);
    }
}

pub fn school_majors() {
    if let Some(id) = school_id() {
        start(vec![FirstRead::SchoolMajors(id)]);
    }
}

/// 位次查询, 院校对比 and 志愿表 start from the provinces with data (their profile forms).
pub fn provinces() {
    start(vec![FirstRead::Provinces]);
}

//! The 招生数据 endpoints (docs/api.md, "Admission data"): score lines, major lines, plans,
//! majors, province metadata, 位次查询 by school and by 院校专业组, and the group index the
//! 志愿表 reads, with every query value validated by the shared rules in
//! `portal_model::admissions`, `portal_model::rank` and `portal_model::volunteer`.

use crate::error::ApiError;
use crate::{blocking, pairs, Segment, Shared};
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use portal_dataset::{Admissions, SchoolAdmissions, SchoolGroups, SchoolRecord};
use portal_model::admissions::{self as adm, AdmissionQuery, MajorScoreLine, PlanRow, RankIndex};
use portal_model::admissions::{SchoolMajors, SchoolScores};
use portal_model::fixtures as files;
use portal_model::rank::{self, RankQuery};
use portal_model::volunteer::bands::{self as group_rule, GroupFilter};
use portal_model::volunteer::groups::GroupIndex;
use portal_model::volunteer::profile::Profile;
use portal_model::SchoolId;
use serde::de::DeserializeOwned;
use std::io;
use std::path::Path;

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/schools/{id}/scores", get(scores))
        .route("/schools/{id}/major-scores", get(major_scores))
        .route("/schools/{id}/plans", get(plans))
        .route("/schools/{id}/majors", get(majors))
        .route("/provinces", get(provinces))
        .route("/rank", get(bands))
        .route("/rank/index", get(rank_index))
        .route("/groups/index", get(group_index))
        .route("/groups/bands", get(group_bands))
}

/// A school id from the path: one plain spelling only (`+1`, `01` are not ids).
fn school_id(raw: &str) -> Result<SchoolId, ApiError> {
    portal_model::query::parse_id(raw).ok_or(ApiError::NotFound)
}

fn query(raw: Option<String>) -> Result<AdmissionQuery, ApiError> {
    AdmissionQuery::from_pairs(&pairs(raw)).map_err(|e| ApiError::BadRequest(e.message()))
}

async fn scores(
    State(s): State<Shared>,
    Segment(raw): Segment,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let (id, q) = (school_id(&raw)?, query(q)?);
    let answer = blocking(&s, move |store| store.school_scores(id, &q)).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(answer).into_response())
}

async fn major_scores(
    State(s): State<Shared>,
    Segment(raw): Segment,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let (id, q) = (school_id(&raw)?, query(q)?);
    let answer = blocking(&s, move |store| store.major_scores(id, &q)).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(answer).into_response())
}

async fn plans(
    State(s): State<Shared>,
    Segment(raw): Segment,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let (id, q) = (school_id(&raw)?, query(q)?);
    let answer = blocking(&s, move |store| store.plans(id, &q)).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(answer).into_response())
}

async fn majors(State(s): State<Shared>, Segment(raw): Segment) -> Result<Response, ApiError> {
    let id = school_id(&raw)?;
    let answer = blocking(&s, move |store| store.school_majors(id)).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(answer).into_response())
}

async fn provinces(State(s): State<Shared>) -> Result<Response, ApiError> {
    Ok(Json(blocking(&s, |store| store.province_meta()).await?).into_response())
}

fn rank_query(raw: Option<String>, needs_standing: bool) -> Result<RankQuery, ApiError> {
    RankQuery::from_pairs(&pairs(raw), needs_standing).map_err(|e| ApiError::BadRequest(e.message()))
}

async fn load_index(s: &Shared, q: &RankQuery) -> Result<Option<std::sync::Arc<RankIndex>>, ApiError> {
    match q.track.filter(|_| q.is_known()) {
        Some(track) => {
            let province = q.province.clone();
            Ok(Some(blocking(s, move |store| store.rank_index(&province, track)).await?))
        }
        None => Ok(None),
    }
}

async fn bands(State(s): State<Shared>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let q = rank_query(raw, true)?;
    let answer = match (load_index(&s, &q).await?, q.standing) {
        (Some(index), Some(standing)) => rank::bands(&index, standing),
        _ => rank::empty_bands(&q),
    };
    Ok(Json(answer).into_response())
}

async fn rank_index(State(s): State<Shared>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let q = rank_query(raw, false)?;
    let Some(index) = load_index(&s, &q).await? else {
        return Ok(Json(RankIndex {
            province: q.province.clone(),
            track: q.track.unwrap_or(adm::Track::Other),
            years: Vec::new(),
            table: None,
            schools: Vec::new(),
            sources: Vec::new(),
            derived_ranks: false,
        })
        .into_response());
    };
    Ok(Json(index.as_ref()).into_response())
}

/// The group index of the profile's province and track (an empty one for names that are no
/// province or track: they find nothing, as in 位次查询).
async fn load_groups(s: &Shared, profile: &Profile) -> Result<std::sync::Arc<GroupIndex>, ApiError> {
    let known = adm::Province::find(&profile.province).is_some() && profile.track != adm::Track::Other;
    if !known {
        return Ok(std::sync::Arc::new(GroupIndex::empty(&profile.province, profile.track)));
    }
    let (province, track) = (profile.province.clone(), profile.track);
    blocking(s, move |store| store.group_index(&province, track)).await
}

fn profile(raw: &[(String, String)], needs_standing: bool) -> Result<Profile, ApiError> {
    Profile::from_pairs(raw, needs_standing).map_err(|e| ApiError::BadRequest(e.message()))
}

/// `GET /groups/index?province=&track=`.
async fn group_index(State(s): State<Shared>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let index = load_groups(&s, &profile(&pairs(raw), false)?).await?;
    Ok(Json(index.as_ref()).into_response())
}

/// `GET /groups/bands?province=&track=&subjects=&score=|rank=&year=` and the filters.
async fn group_bands(State(s): State<Shared>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let pairs = pairs(raw);
    let profile = profile(&pairs, true)?;
    let index = load_groups(&s, &profile).await?;
    Ok(Json(group_rule::group_bands(&index, &profile, &GroupFilter::from_pairs(&pairs))).into_response())
}

fn read<T: DeserializeOwned>(dir: &Path, rel: &str) -> io::Result<T> {
    let text = std::fs::read_to_string(dir.join(rel))?;
    serde_json::from_str(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{rel}: {e}")))
}

/// Reads the admission files of a `data/` folder back (for seeding from the bundled fixtures).
/// A school without a scores file simply has no admission data (an older data folder).
pub fn from_fixture_dir(dir: &Path, schools: &[SchoolRecord]) -> io::Result<Admissions> {
    let mut out = Admissions::default();
    for record in schools {
        let id = record.card.id;
        if !dir.join(files::school_scores(id)).exists() {
            continue;
        }
        let scores: SchoolScores = read(dir, &files::school_scores(id))?;
        let majors: SchoolMajors = read(dir, &files::school_majors(id))?;
        let mut school = SchoolAdmissions {
            school_id: id,
            provinces: scores.provinces.clone(),
            lines: scores.lines,
            majors: majors.categories,
            ..SchoolAdmissions::default()
        };
        for province in &scores.provinces {
            let key = adm::province_key(province).ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("school {id}: unknown province {province}"),
                )
            })?;
            let major_lines: Vec<MajorScoreLine> = read(dir, &files::school_major_scores(id, key))?;
            let plans: Vec<PlanRow> = read(dir, &files::school_plans(id, key))?;
            school.major_lines.extend(major_lines);
            school.plans.extend(plans);
        }
        out.schools.push(school);
    }
    // The 一分一段表 of each index (the latest year of each province and track, and every year
    // of the group indexes), and the groups of each school.
    for province in adm::PROVINCES.iter() {
        for track in adm::Track::ALL {
            let rel = files::rank_index(province.key, *track);
            if dir.join(&rel).exists() {
                let index: RankIndex = read(dir, &rel)?;
                if let Some(table) = index.table {
                    out.tables.insert((province.name.to_string(), *track, table.year), table);
                }
            }
            let rel = files::group_index(province.key, *track);
            if !dir.join(&rel).exists() {
                continue;
            }
            let index: GroupIndex = read(dir, &rel)?;
            for table in index.tables {
                out.tables.insert((province.name.to_string(), *track, table.year), table);
            }
            for school in &index.schools {
                let Some(data) = out.schools.iter_mut().find(|s| s.school_id == school.id) else { continue };
                data.groups.push(SchoolGroups {
                    province: province.name.to_string(),
                    track: *track,
                    code: school.code.clone(),
                    plan_year: index.plan_year,
                    groups: index.groups.iter().filter(|g| g.school == school.id).cloned().collect(),
                });
            }
        }
    }
    Ok(out)
}

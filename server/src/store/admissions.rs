//! What the 招生数据 endpoints need from a database. A supertrait of `Store`, kept in its own
//! file so the admission tables and queries stay apart from accounts and articles.

use super::{StoreError, StoreResult};
use portal_model::admissions::{
    AdmissionQuery, MajorScoreLine, PlanRow, ProvinceMeta, RankIndex, SchoolMajors, SchoolScores, ScoreTable,
    Track,
};
use portal_model::volunteer::groups::{Group, GroupIndex, GroupSchool};
use portal_model::{Page, SchoolId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub trait AdmissionStore {
    /// `None` when the school does not exist.
    fn school_scores(&self, id: SchoolId, query: &AdmissionQuery) -> StoreResult<Option<SchoolScores>>;
    fn major_scores(&self, id: SchoolId, query: &AdmissionQuery)
        -> StoreResult<Option<Page<MajorScoreLine>>>;
    fn plans(&self, id: SchoolId, query: &AdmissionQuery) -> StoreResult<Option<Page<PlanRow>>>;
    fn school_majors(&self, id: SchoolId) -> StoreResult<Option<SchoolMajors>>;
    fn province_meta(&self) -> StoreResult<Vec<ProvinceMeta>>;
    /// Every school with lines in one province and track, and the latest 一分一段表, read from
    /// the database.
    fn load_rank_index(&self, province: &str, track: Track) -> StoreResult<RankIndex>;
    /// The 院校专业组 index of one province and track, with every year's 一分一段表, read from
    /// the database (empty where there are no groups).
    fn load_group_index(&self, province: &str, track: Track) -> StoreResult<GroupIndex>;
    fn rank_cache(&self) -> &RankCache;

    /// The rank index, read once per process and origin ([`RankCache`]).
    fn rank_index(&self, province: &str, track: Track) -> StoreResult<Arc<RankIndex>> {
        self.rank_cache().ranks.get_or_load(province, track, || self.load_rank_index(province, track))
    }

    /// The group index, read once per process and origin ([`RankCache`]).
    fn group_index(&self, province: &str, track: Track) -> StoreResult<Arc<GroupIndex>> {
        self.rank_cache().groups.get_or_load(province, track, || self.load_group_index(province, track))
    }
}

/// Rank and group indexes by origin, kept for the life of the process: admission data is
/// seeded and no request changes it, and reading every school's lines for each 位次查询 or
/// directory-by-origin request made those answers grow with the number of schools
/// (bench/results.md). Bounded by the origins there are (31 provinces × their tracks; unknown
/// ones never reach the store).
#[derive(Default)]
pub struct RankCache {
    pub ranks: Kept<RankIndex>,
    pub groups: Kept<GroupIndex>,
}

/// One kind of index by origin.
pub struct Kept<T>(Mutex<HashMap<(String, Track), Arc<T>>>);

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept(Mutex::new(HashMap::new()))
    }
}

impl<T> Kept<T> {
    pub fn get_or_load(
        &self,
        province: &str,
        track: Track,
        load: impl FnOnce() -> StoreResult<T>,
    ) -> StoreResult<Arc<T>> {
        let key = (province.to_string(), track);
        if let Some(kept) = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(&key) {
            return Ok(kept.clone());
        }
        // Loaded outside the lock: two first requests may both read it; the second keeps its own.
        let index = Arc::new(load()?);
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(key, index.clone());
        Ok(index)
    }
}

/// A group as both stores keep it: the school as the index lists it, the plan year, and the
/// group itself as JSON (its majors and lines are read together, never queried apart).
pub struct GroupRecord {
    pub school: GroupSchool,
    pub plan_year: u16,
    pub body: String,
}

/// The group JSON a store keeps.
pub fn group_body(group: &Group) -> StoreResult<String> {
    serde_json::to_string(group).map_err(|e| StoreError(e.to_string()))
}

/// Assembles a group index from a store's rows (groups by school and code) and the province's
/// tables (any order): the same shape the generator writes.
pub fn assemble_group_index(
    province: &str,
    track: Track,
    records: Vec<GroupRecord>,
    mut tables: Vec<ScoreTable>,
) -> StoreResult<GroupIndex> {
    let mut index = GroupIndex::empty(province, track);
    for record in records {
        let group: Group = serde_json::from_str(&record.body).map_err(|e| StoreError(e.to_string()))?;
        index.plan_year = index.plan_year.max(record.plan_year);
        index.years.extend(group.lines.iter().map(|l| l.year));
        if index.schools.last().is_none_or(|s| s.id != record.school.id) {
            index.schools.push(record.school);
        }
        index.groups.push(group);
    }
    index.years.sort_unstable();
    index.years.dedup();
    tables.sort_by_key(|t| t.year);
    tables.retain(|t| index.years.contains(&t.year));
    index.tables = tables;
    Ok(index)
}

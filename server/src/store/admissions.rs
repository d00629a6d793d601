//! What the 招生数据 endpoints need from a database. A supertrait of `Store`, kept in its own
//! file so the admission tables and queries stay apart from accounts and articles.

use super::StoreResult;
use portal_model::admissions::{
    AdmissionQuery, MajorScoreLine, PlanRow, ProvinceMeta, RankIndex, SchoolMajors, SchoolScores, Track,
};
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
    fn rank_cache(&self) -> &RankCache;

    /// The rank index, read once per process and origin ([`RankCache`]).
    fn rank_index(&self, province: &str, track: Track) -> StoreResult<Arc<RankIndex>> {
        self.rank_cache().get_or_load(province, track, || self.load_rank_index(province, track))
    }
}

/// Rank indexes by origin, kept for the life of the process: admission data is seeded and no
/// request changes it, and reading every school's lines for each 位次查询 or directory-by-origin
/// request made those answers grow with the number of schools (bench/results.md). Bounded by
/// the origins there are (31 provinces × their tracks; unknown ones never reach the store).
#[derive(Default)]
pub struct RankCache(Mutex<HashMap<(String, Track), Arc<RankIndex>>>);

impl RankCache {
    pub fn get_or_load(
        &self,
        province: &str,
        track: Track,
        load: impl FnOnce() -> StoreResult<RankIndex>,
    ) -> StoreResult<Arc<RankIndex>> {
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

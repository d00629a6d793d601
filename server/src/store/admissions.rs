//! What the 招生数据 endpoints need from a database. A supertrait of `Store`, kept in its own
//! file so the admission tables and queries stay apart from accounts and articles.

use super::StoreResult;
use portal_model::admissions::{
    AdmissionQuery, MajorScoreLine, PlanRow, ProvinceMeta, RankIndex, SchoolMajors, SchoolScores, Track,
};
use portal_model::{Page, SchoolId};

pub trait AdmissionStore {
    /// `None` when the school does not exist.
    fn school_scores(&self, id: SchoolId, query: &AdmissionQuery) -> StoreResult<Option<SchoolScores>>;
    fn major_scores(&self, id: SchoolId, query: &AdmissionQuery)
        -> StoreResult<Option<Page<MajorScoreLine>>>;
    fn plans(&self, id: SchoolId, query: &AdmissionQuery) -> StoreResult<Option<Page<PlanRow>>>;
    fn school_majors(&self, id: SchoolId) -> StoreResult<Option<SchoolMajors>>;
    fn province_meta(&self) -> StoreResult<Vec<ProvinceMeta>>;
    /// Every school with lines in one province and track, and the latest 一分一段表.
    fn rank_index(&self, province: &str, track: Track) -> StoreResult<RankIndex>;
}

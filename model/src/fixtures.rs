//! Where each fixture file lives under `data/`. The generator writes these paths and the app's
//! fixtures data source reads them, so the two cannot drift apart.

use crate::admissions::Track;
use crate::types::{ArticleId, SchoolId};

pub fn home() -> String {
    "home.json".into()
}

/// Every school on one page: the fixtures source filters, sorts and pages it in the browser.
pub fn directory() -> String {
    "schools.json".into()
}

/// One page of the unfiltered directory in its default order (most followed first), exactly
/// as `GET /schools?page=N` answers: the directory's first view needs no index at all.
pub fn directory_page(page: u32) -> String {
    format!("directory/{page}.json")
}

pub fn school(id: SchoolId) -> String {
    format!("schools/{id}.json")
}

pub fn school_articles(id: SchoolId, page: u32) -> String {
    format!("schools/{id}/articles/{page}.json")
}

pub fn article(id: ArticleId) -> String {
    format!("articles/{id}.json")
}

pub fn tag_articles(tag: &str, page: u32) -> String {
    format!("tags/{}/{page}.json", tag_key(tag))
}

/// All schools and article summaries, for search in the browser.
pub fn search_index() -> String {
    "search.json".into()
}

pub fn auth_methods() -> String {
    "auth-methods.json".into()
}

/// 院校分数线 of a school, every province (`SchoolScores`); the app filters it.
pub fn school_scores(id: SchoolId) -> String {
    format!("schools/{id}/scores.json")
}

/// 专业分数线 of a school in one province (`[MajorScoreLine]`), all years and tracks.
pub fn school_major_scores(id: SchoolId, province_key: &str) -> String {
    format!("schools/{id}/major-scores/{province_key}.json")
}

/// 招生计划 of a school in one province (`[PlanRow]`), all years and tracks.
pub fn school_plans(id: SchoolId, province_key: &str) -> String {
    format!("schools/{id}/plans/{province_key}.json")
}

/// 开设专业 (`SchoolMajors`).
pub fn school_majors(id: SchoolId) -> String {
    format!("schools/{id}/majors.json")
}

/// The rank index of one province and track (`RankIndex`), for 位次查询 and the directory's
/// sort by rank.
pub fn rank_index(province_key: &str, track: Track) -> String {
    format!("rank/{province_key}/{}.json", track.code())
}

/// The 院校专业组 index of one province and track (`GroupIndex`), for group-level 位次查询
/// and the 志愿表; only where the province volunteers by group.
pub fn group_index(province_key: &str, track: Track) -> String {
    format!("groups/{province_key}/{}.json", track.code())
}

/// Provinces with admission data and their years, tracks and batches (`[ProvinceMeta]`).
pub fn provinces() -> String {
    "provinces.json".into()
}

/// Every document the admission data came from (`[DataSource]`), which rows and indexes
/// name by id.
pub fn sources() -> String {
    "sources.json".into()
}

/// A file-name-safe key for a tag: the hex of its UTF-8 bytes, so any tag (Chinese, spaces,
/// slashes) maps to a plain ASCII folder that every static host serves alike.
pub fn tag_key(tag: &str) -> String {
    crate::hex::encode(tag.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_plain_ascii() {
        assert_eq!(tag_key("双高"), "e58f8ce9ab98");
        assert_eq!(tag_articles("../x", 2), "tags/2e2e2f78/2.json");
        assert_eq!(school_articles(3, 1), "schools/3/articles/1.json");
        assert_eq!(school_major_scores(1, "fujian"), "schools/1/major-scores/fujian.json");
        assert_eq!(rank_index("jiangxi", Track::LiberalArts), "rank/jiangxi/liberal_arts.json");
        assert_eq!(group_index("fujian", Track::Physics), "groups/fujian/physics.json");
    }
}

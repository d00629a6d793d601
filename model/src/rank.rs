//! 位次查询: which schools lie near a visitor's rank, in 冲 / 稳 / 保 bands. The fixtures source
//! runs this on a rank index file in the browser; the server runs it on the same rows.
//!
//! The rule. A school's reference rank is the median of its lowest ranks (最低位次) in the
//! [`BAND_YEARS`] most recent years of the index (years without a published rank are skipped;
//! with two values the median is their mean, rounded down). With `v` the visitor's rank and `m`
//! the school's reference rank (a smaller rank is a better result):
//!
//! - 冲 (reach): `0.7·v ≤ m < 0.9·v` — the school admitted better ranks than the visitor's, by
//!   10–30 %;
//! - 稳 (match): `0.9·v ≤ m ≤ 1.1·v` — within ±10 %;
//! - 保 (safe): `1.1·v < m ≤ 1.5·v` — the school admitted ranks 10–50 % worse.
//!
//! Schools further away are in no band. Each band keeps the [`BAND_LIMIT`] schools nearest the
//! visitor, listed by reference rank, best first. Past lines are a reference, not a prediction.

use crate::admissions::{
    strict_number, Province, QueryError, RankIndex, RankRow, Track, YearLowest, RANK_MAX, SCORE_MAX,
};
use crate::types::{Level, SchoolId};
use serde::{Deserialize, Serialize};

/// How many recent years the reference rank is taken over.
pub const BAND_YEARS: usize = 3;
/// Schools listed per band at most.
pub const BAND_LIMIT: usize = 30;
/// Band edges in per cent of the visitor's rank.
pub const CHONG_FROM: u64 = 70;
pub const WEN_FROM: u64 = 90;
pub const WEN_TO: u64 = 110;
pub const BAO_TO: u64 = 150;

/// 冲 / 稳 / 保.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Reach,
    Match,
    Safe,
    #[serde(other)]
    Other,
}

impl Band {
    pub fn label(self) -> &'static str {
        match self {
            Band::Reach => "冲",
            Band::Match => "稳",
            Band::Safe => "保",
            Band::Other => "其他",
        }
    }
}

/// A school in a band.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandEntry {
    pub id: SchoolId,
    pub name: String,
    pub level: Level,
    /// The median of the years used.
    pub reference_rank: u32,
    /// The years the reference rank was taken over, oldest first.
    #[serde(default)]
    pub lowest: Vec<YearLowest>,
}

/// `GET /rank?province=&track=&score=` or `&rank=`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankBands {
    pub province: String,
    pub track: Track,
    /// The score asked about, when the visitor gave one.
    #[serde(default)]
    pub score: Option<u16>,
    /// The visitor's rank (given, or read from the latest 一分一段表); `None` when the score
    /// could not be placed (no table for this province and track).
    #[serde(default)]
    pub rank: Option<u32>,
    /// The years the bands are computed over, oldest first.
    #[serde(default)]
    pub years: Vec<u16>,
    #[serde(default)]
    pub reach: Vec<BandEntry>,
    #[serde(default)]
    pub matched: Vec<BandEntry>,
    #[serde(default)]
    pub safe: Vec<BandEntry>,
}

/// What the visitor typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Score(u16),
    Rank(u32),
}

/// `GET /rank` and `GET /rank/index`: a province and a track, and (for the bands) the visitor's
/// score or rank.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankQuery {
    /// The province's short name, or the value as given when it is no province (which then
    /// matches nothing).
    pub province: String,
    /// `None` for a code that is no track (matches nothing).
    pub track: Option<Track>,
    pub standing: Option<Standing>,
}

impl RankQuery {
    /// Reads decoded query pairs (the first of each key counts). Province and track are
    /// required; a score (0–[`SCORE_MAX`]) or rank (1–[`RANK_MAX`]) when `needs_standing`, the
    /// rank winning when both are given. Unknown provinces and tracks are not errors: they
    /// find no schools.
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(
        pairs: &[(K, V)],
        needs_standing: bool,
    ) -> Result<RankQuery, QueryError> {
        let get = |key: &str| {
            pairs.iter().find(|(k, v)| k.as_ref() == key && !v.as_ref().is_empty()).map(|(_, v)| v.as_ref())
        };
        let province = get("province").ok_or(QueryError::Missing("province"))?;
        let province = match Province::find(province) {
            Some(p) => p.name.to_string(),
            None => province.chars().take(20).collect(),
        };
        let track = Track::from_code(get("track").ok_or(QueryError::Missing("track"))?);
        let rank = get("rank").map(parse_rank).transpose()?;
        let score = get("score").map(parse_score).transpose()?;
        let standing = rank.map(Standing::Rank).or(score.map(Standing::Score));
        if needs_standing && standing.is_none() {
            return Err(QueryError::Missing("standing"));
        }
        Ok(RankQuery { province, track, standing })
    }

    /// Whether the province and the track exist (otherwise the answer is empty).
    pub fn is_known(&self) -> bool {
        self.track.is_some() && Province::find(&self.province).is_some()
    }
}

/// A score in a query: 0–[`SCORE_MAX`], written plainly.
pub fn parse_score(value: &str) -> Result<u16, QueryError> {
    strict_number(value)
        .and_then(|n| u16::try_from(n).ok())
        .filter(|s| *s <= SCORE_MAX)
        .ok_or(QueryError::Score)
}

/// A rank in a query: 1–[`RANK_MAX`], written plainly.
pub fn parse_rank(value: &str) -> Result<u32, QueryError> {
    strict_number(value)
        .and_then(|n| u32::try_from(n).ok())
        .filter(|r| (1..=RANK_MAX).contains(r))
        .ok_or(QueryError::Rank)
}

/// The empty answer for a province or track that does not exist.
pub fn empty_bands(query: &RankQuery) -> RankBands {
    let (score, rank) = match query.standing {
        Some(Standing::Score(s)) => (Some(s), None),
        Some(Standing::Rank(r)) => (None, Some(r)),
        None => (None, None),
    };
    RankBands {
        province: query.province.clone(),
        track: query.track.unwrap_or(Track::Other),
        score,
        rank,
        years: Vec::new(),
        reach: Vec::new(),
        matched: Vec::new(),
        safe: Vec::new(),
    }
}

/// The years bands are computed over: the index's [`BAND_YEARS`] most recent, oldest first.
pub fn band_years(index: &RankIndex) -> Vec<u16> {
    let mut years = index.years.clone();
    years.sort_unstable();
    years.dedup();
    let skip = years.len().saturating_sub(BAND_YEARS);
    years.split_off(skip)
}

/// A school's reference rank over `years`, with the values used; `None` without any rank.
pub fn reference_rank(row: &RankRow, years: &[u16]) -> Option<(u32, Vec<YearLowest>)> {
    let used: Vec<YearLowest> =
        row.lowest.iter().filter(|l| years.contains(&l.year) && l.rank.is_some()).copied().collect();
    let mut ranks: Vec<u32> = used.iter().filter_map(|l| l.rank).collect();
    Some((median(&mut ranks)?, used))
}

/// The median of some ranks (of two, their mean rounded down); `None` for none.
pub fn median(ranks: &mut [u32]) -> Option<u32> {
    ranks.sort_unstable();
    let n = ranks.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(ranks[n / 2]),
        _ => Some(((u64::from(ranks[n / 2 - 1]) + u64::from(ranks[n / 2])) / 2) as u32),
    }
}

/// Which band a reference rank `m` falls in for a visitor at rank `v`.
pub fn band_of(v: u32, m: u32) -> Option<Band> {
    let (v, m) = (u64::from(v.max(1)), u64::from(m) * 100);
    if m < CHONG_FROM * v {
        None
    } else if m < WEN_FROM * v {
        Some(Band::Reach)
    } else if m <= WEN_TO * v {
        Some(Band::Match)
    } else if m <= BAO_TO * v {
        Some(Band::Safe)
    } else {
        None
    }
}

/// The bands for a visitor, from one province-and-track rank index.
pub fn bands(index: &RankIndex, standing: Standing) -> RankBands {
    let (score, rank) = match standing {
        Standing::Score(s) => (Some(s), index.table.as_ref().and_then(|t| t.rank_of(s))),
        Standing::Rank(r) => (None, Some(r)),
    };
    let years = band_years(index);
    let mut out = RankBands {
        province: index.province.clone(),
        track: index.track,
        score,
        rank,
        years: years.clone(),
        reach: Vec::new(),
        matched: Vec::new(),
        safe: Vec::new(),
    };
    let Some(v) = rank else { return out };
    for row in &index.schools {
        let Some((m, used)) = reference_rank(row, &years) else { continue };
        let entry = BandEntry {
            id: row.id,
            name: row.name.clone(),
            level: row.level,
            reference_rank: m,
            lowest: used,
        };
        match band_of(v, m) {
            Some(Band::Reach) => out.reach.push(entry),
            Some(Band::Match) => out.matched.push(entry),
            Some(Band::Safe) => out.safe.push(entry),
            _ => {}
        }
    }
    for band in [&mut out.reach, &mut out.matched, &mut out.safe] {
        band.sort_by_key(|e| (u64::from(e.reference_rank).abs_diff(u64::from(v)), e.id));
        band.truncate(BAND_LIMIT);
        band.sort_by_key(|e| (e.reference_rank, e.id));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admissions::ScoreTable;

    fn row(id: SchoolId, ranks: &[(u16, Option<u32>)]) -> RankRow {
        RankRow {
            id,
            name: format!("学校{id}"),
            level: Level::Undergraduate,
            lowest: ranks.iter().map(|&(year, rank)| YearLowest { year, score: 500, rank }).collect(),
        }
    }

    fn index(schools: Vec<RankRow>) -> RankIndex {
        RankIndex {
            province: "福建".into(),
            track: Track::Physics,
            years: vec![2021, 2022, 2023, 2024, 2025],
            table: Some(ScoreTable { year: 2025, top: 600, ranks: vec![100, 5000, 10_000], source: None }),
            schools,
            sources: Vec::new(),
            derived_ranks: false,
        }
    }

    #[test]
    fn the_reference_rank_is_the_median_of_the_last_three_years() {
        let years = [2023, 2024, 2025];
        let r = row(1, &[(2021, Some(1)), (2023, Some(9000)), (2024, Some(12_000)), (2025, Some(10_000))]);
        assert_eq!(reference_rank(&r, &years).map(|(m, used)| (m, used.len())), Some((10_000, 3)));
        let two = row(2, &[(2023, None), (2024, Some(8000)), (2025, Some(9001))]);
        assert_eq!(reference_rank(&two, &years).map(|(m, _)| m), Some(8500));
        assert_eq!(reference_rank(&row(3, &[(2025, None)]), &years), None);
        assert_eq!(band_years(&index(vec![])), vec![2023, 2024, 2025]);
    }

    #[test]
    fn bands_follow_the_documented_edges() {
        assert_eq!(band_of(10_000, 6999), None);
        assert_eq!(band_of(10_000, 7000), Some(Band::Reach));
        assert_eq!(band_of(10_000, 8999), Some(Band::Reach));
        assert_eq!(band_of(10_000, 9000), Some(Band::Match));
        assert_eq!(band_of(10_000, 11_000), Some(Band::Match));
        assert_eq!(band_of(10_000, 11_001), Some(Band::Safe));
        assert_eq!(band_of(10_000, 15_000), Some(Band::Safe));
        assert_eq!(band_of(10_000, 15_001), None);
        assert_eq!(band_of(0, 1), Some(Band::Match), "rank 0 is read as 1");
    }

    #[test]
    fn schools_land_in_their_bands_best_first() {
        let ix = index(vec![
            row(1, &[(2025, Some(8000))]),
            row(2, &[(2025, Some(10_500))]),
            row(3, &[(2025, Some(9500))]),
            row(4, &[(2025, Some(14_000))]),
            row(5, &[(2025, Some(40_000))]),
            row(6, &[(2025, None)]),
        ]);
        let b = bands(&ix, Standing::Rank(10_000));
        let ids = |v: &[BandEntry]| v.iter().map(|e| e.id).collect::<Vec<_>>();
        assert_eq!((ids(&b.reach), ids(&b.matched), ids(&b.safe)), (vec![1], vec![3, 2], vec![4]));
        assert_eq!(b.years, vec![2023, 2024, 2025]);
        // A score is placed with the latest table: 599 → rank 5000.
        let b = bands(&ix, Standing::Score(599));
        assert_eq!((b.score, b.rank), (Some(599), Some(5000)));
        let no_table = RankIndex { table: None, ..ix };
        let b = bands(&no_table, Standing::Score(599));
        assert_eq!((b.rank, b.reach.len() + b.matched.len() + b.safe.len()), (None, 0));
    }

    #[test]
    fn rank_queries_validate_their_values() {
        let q =
            RankQuery::from_pairs(&[("province", "fujian"), ("track", "physics"), ("score", "560")], true);
        assert_eq!(
            q,
            Ok(RankQuery {
                province: "福建".into(),
                track: Some(Track::Physics),
                standing: Some(Standing::Score(560))
            })
        );
        let both = RankQuery::from_pairs(
            &[("province", "福建"), ("track", "physics"), ("score", "5"), ("rank", "9")],
            true,
        );
        assert_eq!(both.map(|q| q.standing), Ok(Some(Standing::Rank(9))));
        let unknown = RankQuery::from_pairs(&[("province", "火星"), ("track", "magic"), ("rank", "9")], true);
        assert!(!unknown.expect("ok").is_known());
        for (pairs, error) in [
            (vec![("track", "physics"), ("rank", "9")], QueryError::Missing("province")),
            (vec![("province", "福建"), ("rank", "9")], QueryError::Missing("track")),
            (vec![("province", "福建"), ("track", "physics")], QueryError::Missing("standing")),
            (vec![("province", "福建"), ("track", "physics"), ("score", "901")], QueryError::Score),
            (vec![("province", "福建"), ("track", "physics"), ("score", "+5")], QueryError::Score),
            (vec![("province", "福建"), ("track", "physics"), ("rank", "0")], QueryError::Rank),
        ] {
            assert_eq!(RankQuery::from_pairs(&pairs, true), Err(error), "{pairs:?}");
        }
        assert!(RankQuery::from_pairs(&[("province", "福建"), ("track", "physics")], false).is_ok());
    }

    #[test]
    fn a_band_keeps_the_nearest_schools() {
        let rows = (1..=100).map(|i| row(i, &[(2025, Some(9000 + i * 20))])).collect();
        let b = bands(&index(rows), Standing::Rank(10_000));
        assert_eq!(b.matched.len(), BAND_LIMIT);
        assert!(b.matched.iter().all(|e| e.reference_rank.abs_diff(10_000) <= 600));
        assert!(b.matched.windows(2).all(|w| w[0].reference_rank <= w[1].reference_rank));
    }
}

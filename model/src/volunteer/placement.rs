//! Where the student stands: the rank of their score in the exam year's 一分一段表 (or the score
//! at their rank), and the 等位分 — the score that had the same rank in each earlier year, which
//! is how a past year's lines are read against this year's result.

use super::groups::GroupIndex;
use super::profile::Profile;
use crate::admissions::ScoreTable;
use serde::{Deserialize, Serialize};

/// The same rank in another year's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Equivalent {
    pub year: u16,
    /// 等位分: the score the candidate at the student's rank had that year.
    pub score: u16,
    /// The rank of that score in that year's table (its bracket's end: at least the student's).
    pub rank: u32,
}

/// The student's score and rank in the exam year, and their 等位分 in earlier years.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub year: u16,
    #[serde(default)]
    pub score: Option<u16>,
    /// `None` when neither a rank nor a placeable score is known.
    #[serde(default)]
    pub rank: Option<u32>,
    /// Newest first; years without a table are missing.
    #[serde(default)]
    pub equivalents: Vec<Equivalent>,
}

/// The equivalent of `rank` in `table`.
pub fn equivalent(table: &ScoreTable, rank: u32) -> Option<Equivalent> {
    let score = table.score_at_rank(rank)?;
    Some(Equivalent { year: table.year, score, rank: table.rank_of(score)? })
}

/// Places the profile in the index's tables: the exam year's (or, without one, the newest
/// table before it) turns a score into a rank; every earlier table gives a 等位分.
pub fn place(profile: &Profile, index: &GroupIndex) -> Placement {
    let year = profile.exam_year(index.newest_year());
    let table = index.table(year).or_else(|| index.tables.iter().rev().find(|t| t.year <= year));
    let rank = profile.rank_in(table);
    let score = profile.score_in(index.table(year));
    let equivalents = match rank {
        Some(r) => {
            index.tables.iter().rev().filter(|t| t.year < year).filter_map(|t| equivalent(t, r)).collect()
        }
        None => Vec::new(),
    };
    Placement { year, score, rank, equivalents }
}

impl Placement {
    /// The student's standing in `year`: their own in the exam year, the 等位 one before.
    pub fn in_year(&self, year: u16) -> Option<Equivalent> {
        if year == self.year {
            return Some(Equivalent { year, score: self.score?, rank: self.rank? });
        }
        self.equivalents.iter().find(|e| e.year == year).copied()
    }

    /// 2024年等位分 548（位次 23,800）; 2023年 …
    pub fn equivalents_text(&self) -> String {
        self.equivalents
            .iter()
            .map(|e| format!("{}年等位分 {}（位次 {}）", e.year, e.score, super::digits(e.rank)))
            .collect::<Vec<_>>()
            .join("；")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admissions::Track;

    fn index() -> GroupIndex {
        GroupIndex {
            tables: vec![
                ScoreTable { year: 2023, top: 650, ranks: vec![5, 50, 500, 5000], source: None },
                ScoreTable { year: 2024, top: 660, ranks: vec![8, 80, 800, 8000], source: None },
                ScoreTable { year: 2025, top: 670, ranks: vec![10, 100, 1000, 10_000], source: None },
            ],
            years: vec![2023, 2024, 2025],
            plan_year: 2025,
            ..GroupIndex::empty("福建", Track::Physics)
        }
    }

    #[test]
    fn a_score_finds_its_rank_and_the_same_rank_in_earlier_years() {
        let p = Profile { score: Some(668), ..Profile::default() };
        let placed = place(&p, &index());
        assert_eq!((placed.year, placed.score, placed.rank), (2025, Some(668), Some(1000)));
        assert_eq!(
            placed.equivalents,
            vec![
                Equivalent { year: 2024, score: 657, rank: 8000 },
                Equivalent { year: 2023, score: 647, rank: 5000 },
            ]
        );
        assert_eq!(placed.in_year(2024).map(|e| e.score), Some(657));
        assert_eq!(placed.in_year(2025), Some(Equivalent { year: 2025, score: 668, rank: 1000 }));
        assert_eq!(
            placed.equivalents_text(),
            "2024年等位分 657（位次 8,000）；2023年等位分 647（位次 5,000）"
        );
    }

    #[test]
    fn a_rank_finds_its_score_and_an_earlier_exam_year_looks_further_back() {
        let p = Profile { rank: Some(90), year: Some(2024), ..Profile::default() };
        let placed = place(&p, &index());
        assert_eq!((placed.year, placed.score, placed.rank), (2024, Some(658), Some(90)));
        assert_eq!(placed.equivalents, vec![Equivalent { year: 2023, score: 648, rank: 500 }]);
        let nothing = place(&Profile::default(), &index());
        assert_eq!((nothing.rank, nothing.equivalents.len()), (None, 0));
        let no_tables = place(
            &Profile { score: Some(600), ..Profile::default() },
            &GroupIndex::empty("福建", Track::Physics),
        );
        assert_eq!(no_tables.rank, None);
    }
}

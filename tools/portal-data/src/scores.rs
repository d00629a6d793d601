//! 一分一段表 gathered per province, year and track: the ranks a score may have, the rank the
//! tool derives where an office published none, and the model's compact `ScoreTable`.

use crate::rows::{ScoreEntry, Sourced};
use portal_model::admissions::{self, Province, Track};

#[derive(Clone, Debug, PartialEq)]
pub struct ScoreTable {
    pub province: &'static Province,
    pub year: u16,
    pub track: Track,
    /// Highest score first; every row read without error.
    pub entries: Vec<Sourced<ScoreEntry>>,
}

/// Where a score falls in a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bracket {
    /// Candidates at this score hold ranks `low..=high`.
    Ranks { low: u32, high: u32 },
    /// The table has nobody at this score.
    Nobody,
    /// Below the table's lowest score: unknown.
    Below,
}

impl ScoreTable {
    pub fn bracket(&self, score: u16) -> Bracket {
        let Some(top) = self.entries.first().map(|e| &e.value) else { return Bracket::Below };
        if score > top.score {
            return if top.and_above {
                Bracket::Ranks { low: 1, high: top.cumulative }
            } else {
                Bracket::Nobody
            };
        }
        match self.entries.iter().position(|e| e.value.score == score) {
            Some(i) => {
                let entry = &self.entries[i].value;
                let above = if i == 0 { 0 } else { self.entries[i - 1].value.cumulative };
                if entry.cumulative <= above {
                    Bracket::Nobody
                } else {
                    Bracket::Ranks { low: above + 1, high: entry.cumulative }
                }
            }
            None if self.entries.last().is_some_and(|e| score < e.value.score) => Bracket::Below,
            None => Bracket::Nobody,
        }
    }

    /// The rank of a score as the site counts it (candidates at that score or above, as
    /// `ScoreTable::rank_of` does), for a line whose office published no rank.
    pub fn derived_rank(&self, score: u16) -> Option<u32> {
        match self.bracket(score) {
            Bracket::Ranks { high, .. } => Some(high),
            _ => None,
        }
    }

    /// The model's table: one cumulative count per point from the top score down.
    pub fn to_model(&self) -> admissions::ScoreTable {
        let top = self.entries.first().map_or(0, |e| e.value.score);
        let bottom = self.entries.last().map_or(0, |e| e.value.score);
        let mut ranks = Vec::with_capacity(usize::from(top - bottom) + 1);
        let mut listed = self.entries.iter().map(|e| &e.value).peekable();
        let mut last = 0;
        for score in (bottom..=top).rev() {
            if let Some(entry) = listed.next_if(|e| e.score == score) {
                last = entry.cumulative;
            }
            ranks.push(last);
        }
        admissions::ScoreTable { year: self.year, top, ranks, source: None }
    }
}

pub fn table_label(province: &str, year: u16, track: Track) -> String {
    format!("{province}{year}年{}", track.label())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[(u16, u32, bool)]) -> ScoreTable {
        let province = Province::find("福建").expect("福建");
        ScoreTable {
            province,
            year: 2025,
            track: Track::Physics,
            entries: rows
                .iter()
                .map(|&(score, cumulative, and_above)| Sourced {
                    dataset: 0,
                    row: 0,
                    value: ScoreEntry {
                        province,
                        year: 2025,
                        track: Track::Physics,
                        score,
                        and_above,
                        count: None,
                        cumulative,
                    },
                })
                .collect(),
        }
    }

    #[test]
    fn scores_fall_in_brackets_of_ranks() {
        let t = table(&[(700, 5, true), (699, 9, false), (697, 20, false), (696, 20, false)]);
        assert_eq!(t.bracket(720), Bracket::Ranks { low: 1, high: 5 }, "inside 700及以上");
        assert_eq!(t.bracket(699), Bracket::Ranks { low: 6, high: 9 });
        assert_eq!(t.bracket(698), Bracket::Nobody, "a gap in the table");
        assert_eq!(t.bracket(696), Bracket::Nobody, "本段人数 0");
        assert_eq!(t.bracket(600), Bracket::Below);
        assert_eq!(t.derived_rank(697), Some(20));
        let closed = table(&[(700, 5, false)]);
        assert_eq!(closed.bracket(701), Bracket::Nobody);
    }

    #[test]
    fn the_model_table_has_one_count_per_point() {
        let t = table(&[(700, 5, true), (699, 9, false), (697, 20, false)]);
        let m = t.to_model();
        assert_eq!((m.top, m.ranks.clone()), (700, vec![5, 9, 9, 20]));
        assert_eq!(m.rank_of(698), Some(9));
        assert_eq!(m.rank_of(697), t.derived_rank(697));
    }
}

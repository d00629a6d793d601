//! 投档回放: a 志愿表 replayed against one past year's lines with the student's 等位分 — which
//! row would have taken the file, which rows were out of reach, and whether it would have ended
//! in admission to a chosen major, 调剂, 退档, or no admission at all.
//!
//! The replay compares scores in that year (the student's 等位分 against each group's and
//! major's lowest score), so ties count as cleared and years without published ranks still
//! replay. It knows nothing of the year's other candidates: a line is where the last admitted
//! candidate stood, and a student exactly on it may or may not have been taken.

use super::groups::GroupIndex;
use super::list::VolunteerList;
use super::placement::{Equivalent, Placement};
use crate::admissions::YearLowest;

/// 平行志愿投档, in a few sentences for the page beside the replay.
pub const PARALLEL_EXPLAINED: &str = "平行志愿投档按“分数优先、遵循志愿、一次投档”进行：同一批次的考生按分数（同分按位次规则）从高到低排队，\
轮到你时，按志愿表的顺序逐个检索你填的院校专业组，第一个有计划余额、你的分数又够得上的专业组就收到你的档案，后面的志愿不再检索。\
进档后按你填的专业顺序录取；所填专业都录不上时，服从调剂的会被调剂到该组其他有余额的专业，不服从调剂的被退档。\
退档后本批次的平行志愿已经检索过，只能参加征集志愿或后面批次的录取。";

/// What became of one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The group recruited no one that year (new, renamed away, or not in that year's data).
    NoLine,
    /// Its line was above the student: passed over.
    OutOfReach { line: YearLowest },
    /// The file went here.
    Taken { line: YearLowest },
    /// After the row that took the file: never looked at.
    NotReached,
    /// The index does not know the group.
    Unknown,
}

/// How the replay ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Admitted to a chosen major (its code) of row `row`.
    Admitted { row: usize, major: String },
    /// No chosen major cleared (`chose`: whether the row named any); 服从调剂 placed the student
    /// elsewhere in the group.
    Adjusted { row: usize, chose: bool },
    /// No chosen major cleared and 不服从调剂: the file comes back (退档).
    Rejected { row: usize, chose: bool },
    /// No row took the file (落榜 in this batch).
    NotAdmitted,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replay {
    pub year: u16,
    /// The student in that year: 等位分 and its rank.
    pub standing: Equivalent,
    /// One per row of the list, in order.
    pub rows: Vec<Outcome>,
    pub ending: Ending,
}

/// Why a replay cannot run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplayError {
    /// No score for that year: no rank or score, or no 一分一段表 to place them.
    NoStanding { year: u16 },
}

impl ReplayError {
    pub fn message(&self) -> String {
        match self {
            ReplayError::NoStanding { year } => {
                format!("无法得到你在{year}年的等位分：请输入分数或位次（需要该年的一分一段表）")
            }
        }
    }
}

/// Replays `list` against the lines of `year`.
pub fn replay(
    list: &VolunteerList,
    index: &GroupIndex,
    placement: &Placement,
    year: u16,
) -> Result<Replay, ReplayError> {
    let standing = placement.in_year(year).ok_or(ReplayError::NoStanding { year })?;
    let mut rows = Vec::with_capacity(list.rows.len());
    let mut ending = Ending::NotAdmitted;
    for (i, entry) in list.rows.iter().enumerate() {
        if ending != Ending::NotAdmitted {
            rows.push(Outcome::NotReached);
            continue;
        }
        let Some(group) = index.group(entry.school, &entry.group) else {
            rows.push(Outcome::Unknown);
            continue;
        };
        let Some(line) = group.line(year).copied() else {
            rows.push(Outcome::NoLine);
            continue;
        };
        if standing.score < line.score {
            rows.push(Outcome::OutOfReach { line });
            continue;
        }
        rows.push(Outcome::Taken { line });
        let cleared = entry.majors.iter().find(|code| {
            group
                .major(code)
                .and_then(|m| m.lines.iter().find(|l| l.year == year))
                .is_some_and(|l| standing.score >= l.score)
        });
        let chose = !entry.majors.is_empty();
        ending = match (cleared, entry.adjust) {
            (Some(code), _) => Ending::Admitted { row: i, major: code.clone() },
            (None, true) => Ending::Adjusted { row: i, chose },
            (None, false) => Ending::Rejected { row: i, chose },
        };
    }
    Ok(Replay { year, standing, rows, ending })
}

impl Replay {
    /// The row that took the file, if any.
    pub fn taken(&self) -> Option<usize> {
        self.rows.iter().position(|o| matches!(o, Outcome::Taken { .. }))
    }

    /// One sentence on a row: 2025年最低分 598（位次 12,500），你的等位分 590 够不上.
    pub fn row_text(&self, row: usize) -> Option<String> {
        let s = self.standing.score;
        Some(match self.rows.get(row)? {
            Outcome::NoLine => format!("{}年该专业组没有招生或没有分数线，跳过", self.year),
            Outcome::Unknown => "数据中没有这个专业组，跳过".into(),
            Outcome::OutOfReach { line } => {
                format!("{}年最低分 {}{}，你的等位分 {s} 够不上", self.year, line.score, rank_text(line))
            }
            Outcome::Taken { line } => {
                format!(
                    "{}年最低分 {}{}，你的等位分 {s} 够得上：档案投到这里",
                    self.year,
                    line.score,
                    rank_text(line)
                )
            }
            Outcome::NotReached => "前面的志愿已投档，这个志愿不再检索".into(),
        })
    }

    /// How it ends, in a sentence.
    pub fn summary(&self) -> String {
        let head = format!("按{}年的分数线、你的等位分 {} 回放：", self.year, self.standing.score);
        let n = |row: &usize| format!("第{}个志愿", row + 1);
        // A row without majors is 调剂 or 退档 too, but "所填专业都够不上" would not be true of it.
        let missed = |chose: &bool| if *chose { "所填专业都够不上" } else { "没有填专业" };
        head + &match &self.ending {
            Ending::Admitted { row, major } => format!("投档到{}，录取到所填专业（代码 {major}）。", n(row)),
            Ending::Adjusted { row, chose } => {
                format!("投档到{}，{}，服从调剂，会被调剂到该组其他有余额的专业。", n(row), missed(chose))
            }
            Ending::Rejected { row, chose } => format!(
                "投档到{}，但{}且不服从调剂，会被退档，本批次平行志愿不再有机会。",
                n(row),
                missed(chose)
            ),
            Ending::NotAdmitted => "所有志愿都够不上，本批次不会被投档（落榜），只能参加征集志愿。".into(),
        }
    }
}

fn rank_text(line: &YearLowest) -> String {
    line.rank.map(|r| format!("（位次 {}）", super::digits(r))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::list::ListRow;
    use super::super::placement::place;
    use super::super::profile::Profile;
    use super::super::testdata::{group, index};
    use super::*;
    use crate::admissions::Batch;

    fn row(school: u32, majors: &[&str], adjust: bool) -> ListRow {
        ListRow { school, group: "01".into(), majors: majors.iter().map(|s| s.to_string()).collect(), adjust }
    }

    fn run(rows: Vec<ListRow>, rank: u32, year: u16) -> Replay {
        let ix = index(vec![
            group(1, "01", "不限", &[(2024, 6000), (2025, 5000)]),
            group(2, "01", "不限", &[(2024, 10_400), (2025, 10_400)]),
            group(3, "01", "不限", &[(2025, 30_000)]),
        ]);
        let placed = place(&Profile { rank: Some(rank), ..Profile::default() }, &ix);
        replay(&VolunteerList::with_rows(Batch::Undergraduate, rows), &ix, &placed, year).expect("replay")
    }

    #[test]
    fn the_first_group_cleared_takes_the_file() {
        let r = run(
            vec![row(1, &["01"], true), row(2, &["02", "01"], true), row(3, &["01"], true)],
            10_000,
            2025,
        );
        assert!(matches!(r.rows[0], Outcome::OutOfReach { .. }));
        assert!(matches!(r.rows[1], Outcome::Taken { .. }));
        assert_eq!(r.rows[2], Outcome::NotReached);
        // Major 02 is at the group's line (cleared); major 01's is 10 % better.
        assert_eq!(r.ending, Ending::Admitted { row: 1, major: "02".into() });
        assert_eq!(r.taken(), Some(1));
        assert_eq!(r.standing.score, 676);
        assert_eq!(r.row_text(0).as_deref(), Some("2025年最低分 688（位次 5,000），你的等位分 676 够不上"));
        assert_eq!(r.row_text(2).as_deref(), Some("前面的志愿已投档，这个志愿不再检索"));
        assert_eq!(
            r.summary(),
            "按2025年的分数线、你的等位分 676 回放：投档到第2个志愿，录取到所填专业（代码 02）。"
        );
    }

    #[test]
    fn no_major_cleared_ends_in_adjustment_or_retreat() {
        let adjusted = run(vec![row(2, &["01"], true)], 10_300, 2025);
        assert_eq!(adjusted.ending, Ending::Adjusted { row: 0, chose: true });
        assert!(adjusted.summary().contains("所填专业都够不上，服从调剂"));
        let rejected = run(vec![row(2, &["01"], false), row(3, &["01"], true)], 10_300, 2025);
        assert_eq!(rejected.ending, Ending::Rejected { row: 0, chose: true });
        assert_eq!(rejected.rows[1], Outcome::NotReached, "退档: later rows are not searched again");
        assert!(rejected.summary().contains("会被退档"));
        // A row without majors is placed by 调剂 alone, and the sentence says so.
        let unnamed = run(vec![row(2, &[], true)], 10_000, 2025);
        assert_eq!(unnamed.ending, Ending::Adjusted { row: 0, chose: false });
        assert!(unnamed.summary().contains("投档到第1个志愿，没有填专业，服从调剂"), "{}", unnamed.summary());
    }

    #[test]
    fn earlier_years_use_the_equivalent_score_and_skip_groups_without_lines() {
        let r = run(vec![row(3, &["01"], true), row(2, &["02"], true)], 10_000, 2024);
        assert_eq!(r.rows[0], Outcome::NoLine, "group 3 did not recruit in 2024");
        assert_eq!(r.ending, Ending::Admitted { row: 1, major: "02".into() });
        let none = run(vec![row(1, &["01"], true), row(9, &[], true)], 20_000, 2025);
        assert_eq!((none.rows[1].clone(), none.ending.clone()), (Outcome::Unknown, Ending::NotAdmitted));
        assert!(none.summary().contains("落榜"));
        assert!(PARALLEL_EXPLAINED.contains("分数优先、遵循志愿、一次投档"));
    }

    #[test]
    fn without_a_standing_it_says_what_is_missing() {
        let ix = index(vec![]);
        let placed = place(&Profile::default(), &ix);
        let err = replay(&VolunteerList::new(Batch::Undergraduate), &ix, &placed, 2025).unwrap_err();
        assert!(err.message().contains("等位分"));
    }
}

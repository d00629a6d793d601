//! 志愿表: everything below the pages that help a student build their list of 院校专业组 —
//! pure rules, no I/O, shared by the app, the server and the generator.
//!
//! | module | what it owns |
//! |---|---|
//! | [`subjects`] | 选科: subjects, sets of them, 选科要求 read from the published text, eligibility |
//! | [`profile`] | the student's profile (province, year, track, 再选, score/位次) and its URL pairs |
//! | [`rules`] | each province's volunteer rules (groups per batch, majors per group, 调剂), cited |
//! | [`groups`] | the group index of a province and track: schools, groups, majors, lines, tables |
//! | [`placement`] | the student's rank in the exam year and 等位分 in earlier years |
//! | [`bands`] | 冲 / 稳 / 保 over groups, with filters, reasons and why a band is empty |
//! | [`list`] | the 志愿表 itself and its edits (add, move, remove, undo) |
//! | [`checks`] | what is risky or wrong in a list, each a typed value with a Chinese message |
//! | [`replay`] | 投档回放: a list replayed against a past year's lines |
//! | [`share`] | the list and profile as a short versioned text for a link's fragment |
//! | [`drafts`] | the student's drafts (方案一, 方案二 …) as one versioned document, kept on the device |

//!
//! How a page builds on it (data through `Api::group_index` / `Api::group_bands`):
//!
//! - **/rank** — read the profile from the URL with [`profile::Profile::read`] over the
//!   remembered one (report its `QueryError`s), the filter with
//!   [`bands::GroupFilter::from_pairs`]; show [`profile::Profile::issues`] until it is complete;
//!   ask `Api::group_bands(&profile, &filter)`. The answer has the 等位分
//!   ([`placement::Placement::equivalents_text`]), three bands of [`bands::BandRow`] (school,
//!   group, majors with 计划数/学费, lines per year, [`bands::BandRow::reason`], `eligible`,
//!   [`groups::GroupChange::message`]), [`bands::GroupBands::rule_text`],
//!   [`bands::GroupBands::why_empty`] for each empty band and
//!   [`bands::GroupBands::ineligible_text`] beside the 不符合选科要求 switch (`ineligible=1`).
//! - **/plan** — with the index (`Api::group_index`, kept for the visit),
//!   [`placement::place`] the profile, take the limits from [`rules::rules`] and
//!   [`rules::VolunteerRules::batch`] (with `summary` and `source_text` for the page); edit a
//!   [`list::VolunteerList`] (each edit returns the new position or a [`list::ListError`] whose
//!   `message` the page shows); list [`list::VolunteerList::resolve`] (each row's school, group,
//!   majors and band; `announcement` for a screen reader after a move); show
//!   [`checks::check`] on the list and [`checks::for_row`] on each row; replay with
//!   [`replay::replay`] for a year of `index.years` ([`replay::Replay::summary`],
//!   `row_text`, [`replay::PARALLEL_EXPLAINED`]); share with [`share::encode`] into the
//!   fragment, and open one with [`share::decode`] then [`share::Decoded::keep_known`] against
//!   the index, showing [`share::Decoded::messages`].

pub mod bands;
pub mod checks;
pub mod drafts;
pub mod groups;
pub mod list;
pub mod placement;
pub mod profile;
pub mod replay;
pub mod rules;
pub mod share;
pub mod subjects;

/// A count with thousands separators, as ranks are printed: 79,718.
pub fn digits(n: u32) -> String {
    let raw = n.to_string();
    let mut out = String::with_capacity(raw.len() + raw.len() / 3);
    for (i, c) in raw.chars().enumerate() {
        if i > 0 && (raw.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A small group index for the tests of this module's parts.
#[cfg(test)]
pub(crate) mod testdata {
    use super::groups::{Group, GroupIndex, GroupMajor, GroupSchool};
    use super::subjects::Requirement;
    use crate::admissions::{AdmissionType, Batch, ScoreTable, Track, YearLowest};
    use crate::types::{Kind, Level, Nature, SchoolId};

    /// Every year's table: 200,000 candidates, 400 per point from 700 down.
    pub fn table(year: u16) -> ScoreTable {
        ScoreTable { year, top: 700, ranks: (1..=500).map(|i| i * 400).collect(), source: None }
    }

    fn line(year: u16, rank: u32) -> YearLowest {
        let t = table(year);
        YearLowest { year, score: t.score_at_rank(rank).unwrap_or(0), rank: Some(rank) }
    }

    /// A group of `school` with two majors: 01 (计算机科学与技术 at school 1, else 汉语言文学)
    /// whose line is 10 % better than the group's, and 02 (会计学) at the group's line.
    pub fn group(school: SchoolId, code: &str, subjects: &str, ranks: &[(u16, u32)]) -> Group {
        let first = if school == 1 { "计算机科学与技术" } else { "汉语言文学" };
        let major = |code: &str, name: &str, factor: u32| GroupMajor {
            code: code.into(),
            name: name.into(),
            places: 10,
            tuition: Some(5000),
            lines: ranks.iter().map(|&(y, r)| line(y, r * factor / 10)).collect(),
        };
        Group {
            school,
            code: code.into(),
            batch: Batch::Undergraduate,
            admission_type: AdmissionType::General,
            subjects: Requirement::new(subjects),
            majors: vec![major("01", first, 9), major("02", "会计学", 10)],
            lines: ranks.iter().map(|&(y, r)| line(y, r)).collect(),
            change: None,
        }
    }

    /// An index of 福建 物理类 2021–2025 holding `groups`; school 2 is 民办 and in 江西.
    pub fn index(mut groups: Vec<Group>) -> GroupIndex {
        groups.sort_by(|a, b| (a.school, &a.code).cmp(&(b.school, &b.code)));
        let mut ids: Vec<SchoolId> = groups.iter().map(|g| g.school).collect();
        ids.dedup();
        let schools = ids
            .into_iter()
            .map(|id| GroupSchool {
                id,
                name: format!("学校{id}"),
                code: format!("{}", 4000 + id),
                level: Level::Undergraduate,
                kind: Kind::Engineering,
                nature: if id == 2 { Nature::Private } else { Nature::Public },
                province: if id == 2 { "江西" } else { "福建" }.into(),
            })
            .collect();
        GroupIndex {
            province: "福建".into(),
            track: Track::Physics,
            years: (2021..=2025).collect(),
            plan_year: 2025,
            tables: (2021..=2025).map(table).collect(),
            schools,
            groups,
            sources: Vec::new(),
            derived_ranks: false,
            summaries: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn digits_are_grouped_by_three() {
        assert_eq!(super::digits(0), "0");
        assert_eq!(super::digits(999), "999");
        assert_eq!(super::digits(79_718), "79,718");
        assert_eq!(super::digits(1_234_567), "1,234,567");
    }
}

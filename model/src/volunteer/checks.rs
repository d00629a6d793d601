//! What is wrong or risky in a 志愿表, for the list and each row: a group the student's 选科
//! rules out, a group listed twice, a 保 before a 冲 (平行志愿 open groups in list order, so a
//! safe group early wastes every later choice), no 保 at all, too few groups, 不服从调剂 where
//! the student's rank is below a chosen major's line (退档), majors or groups not in this year's
//! plan. Each check is a typed value with a severity and a Chinese message.

use super::bands::{band_years, classify, reference_rank};
use super::groups::{Group, GroupIndex};
use super::list::VolunteerList;
use super::placement::Placement;
use super::profile::Profile;
use super::rules::BatchRules;
use crate::admissions::Batch;
use crate::rank::Band;

/// How much a check matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The row cannot work as listed.
    Error,
    /// It can work, but risks a bad outcome.
    Warning,
    /// Worth knowing.
    Info,
}

/// One finding. Rows are 0-based positions in the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// The group is not in this year's plan (an old or tampered list).
    UnknownGroup { row: usize, year: u16 },
    /// The group belongs to another batch than the list.
    OtherBatch { row: usize, batch: Batch },
    /// The student's 选科 does not meet the group's 选科要求.
    NotEligible { row: usize, requirement: String },
    /// The same group again; `first` is where it already is.
    Duplicate { row: usize, first: usize },
    /// A safer group listed before a riskier one.
    OutOfOrder { safer: usize, safer_band: Band, riskier: usize, riskier_band: Band },
    /// No 保 in a list whose bands are known.
    NoSafe,
    /// Fewer groups than a list should have.
    TooFew { count: usize, suggested: usize, limit: usize },
    /// More groups than the batch allows (a stored or shared list).
    OverLimit { count: usize, limit: usize },
    /// More majors than a group allows.
    TooManyMajors { row: usize, limit: usize },
    /// 不服从调剂 with the student's rank below these chosen majors' last lines (`all`: below
    /// every chosen major's).
    AdjustRisk { row: usize, majors: Vec<String>, all: bool },
    /// A chosen major the group does not offer this year.
    MajorNotOffered { row: usize, major: String, year: u16 },
    /// No major chosen yet.
    NoMajors { row: usize },
    /// 专业组有调整 (its message).
    Changed { row: usize, message: String },
}

impl Check {
    /// The row it is about, if it is about one.
    pub fn row(&self) -> Option<usize> {
        match self {
            Check::UnknownGroup { row, .. }
            | Check::OtherBatch { row, .. }
            | Check::NotEligible { row, .. }
            | Check::Duplicate { row, .. }
            | Check::TooManyMajors { row, .. }
            | Check::AdjustRisk { row, .. }
            | Check::MajorNotOffered { row, .. }
            | Check::NoMajors { row }
            | Check::Changed { row, .. } => Some(*row),
            Check::OutOfOrder { safer, .. } => Some(*safer),
            Check::NoSafe | Check::TooFew { .. } | Check::OverLimit { .. } => None,
        }
    }

    pub fn severity(&self) -> Severity {
        match self {
            Check::UnknownGroup { .. }
            | Check::OtherBatch { .. }
            | Check::NotEligible { .. }
            | Check::Duplicate { .. }
            | Check::OverLimit { .. }
            | Check::TooManyMajors { .. }
            | Check::MajorNotOffered { .. } => Severity::Error,
            Check::OutOfOrder { safer_band: Band::Safe, riskier_band: Band::Reach, .. }
            | Check::NoSafe
            | Check::AdjustRisk { .. } => Severity::Warning,
            _ => Severity::Info,
        }
    }

    pub fn message(&self) -> String {
        let n = |row: &usize| format!("第{}个志愿", row + 1);
        match self {
            Check::UnknownGroup { row, year } => {
                format!("{}的专业组不在{year}年的招生计划中，可能已调整或停招，请重新选择", n(row))
            }
            Check::OtherBatch { row, batch } => format!("{}是{}的专业组，不能填在这张志愿表里", n(row), batch.label()),
            Check::NotEligible { row, requirement } => {
                format!("{}要求选考{requirement}，你的选科不符合，填了也不会被投档", n(row))
            }
            Check::Duplicate { row, first } => {
                format!("{}与{}是同一个专业组，重复填报没有意义，请删掉一个", n(row), n(first))
            }
            Check::OutOfOrder { safer, safer_band, riskier, riskier_band } => format!(
                "{}（{}）排在{}（{}）之前：平行志愿按顺序检索，位次够得上{}就会投档到它，排在后面的志愿不再被检索，等于白填；应把冲的志愿放在前面",
                n(safer),
                safer_band.label(),
                n(riskier),
                riskier_band.label(),
                n(safer)
            ),
            Check::NoSafe => "志愿表里没有保底（保）的专业组：前面的志愿都够不上时就会落榜，建议在最后放几个保底的专业组".into(),
            Check::TooFew { count, suggested, limit } => format!(
                "只填了{count}个专业组（最多可填{limit}个）：填得越少，全部够不上的风险越大，建议至少填{suggested}个"
            ),
            Check::OverLimit { count, limit } => {
                format!("志愿表有{count}个专业组，超过了最多{limit}个的限制，请删掉多出的")
            }
            Check::TooManyMajors { row, limit } => format!("{}选了超过{limit}个专业，请删掉多出的", n(row)),
            Check::AdjustRisk { row, majors, all: true } => format!(
                "{}不服从调剂，而你的位次低于所选专业（{}）往年的最低位次：进档后所选专业都录不上时会被退档，本批次后面的志愿也不再有机会",
                n(row),
                majors.join("、")
            ),
            Check::AdjustRisk { row, majors, all: false } => format!(
                "{}不服从调剂，而你的位次低于{}往年的最低位次：若所选专业都录不上会被退档，可以考虑服从调剂",
                n(row),
                majors.join("、")
            ),
            Check::MajorNotOffered { row, major, year } => format!("{}所选的“{major}”{year}年不在该专业组招生", n(row)),
            Check::NoMajors { row } => format!("{}还没有选专业", n(row)),
            Check::Changed { row, message } => format!("{}：{message}", n(row)),
        }
    }
}

/// The number of groups below which a list gets [`Check::TooFew`]: a quarter of the limit.
pub fn suggested_minimum(rules: &BatchRules) -> usize {
    rules.groups.div_ceil(4)
}

/// Every check of `list` for the student, in list order (list-wide ones last).
pub fn check(
    list: &VolunteerList,
    index: &GroupIndex,
    profile: &Profile,
    placement: &Placement,
    rules: Option<&BatchRules>,
) -> Vec<Check> {
    let mut out = Vec::new();
    let years = band_years(index, placement.year);
    let mut bands: Vec<Option<Band>> = Vec::with_capacity(list.rows.len());
    for (row, entry) in list.rows.iter().enumerate() {
        let first = list.rows[..row].iter().position(|r| r.school == entry.school && r.group == entry.group);
        if let Some(first) = first {
            out.push(Check::Duplicate { row, first });
        }
        let Some(group) = index.group(entry.school, &entry.group) else {
            out.push(Check::UnknownGroup { row, year: index.plan_year });
            bands.push(None);
            continue;
        };
        if group.batch != list.batch {
            out.push(Check::OtherBatch { row, batch: group.batch });
        }
        if !profile.eligible(&group.subjects) {
            out.push(Check::NotEligible { row, requirement: requirement_text(group) });
        }
        if let Some(limit) = rules.map(|r| r.majors).filter(|l| entry.majors.len() > *l) {
            out.push(Check::TooManyMajors { row, limit });
        }
        for code in entry.majors.iter().filter(|c| group.major(c).is_none()) {
            out.push(Check::MajorNotOffered { row, major: code.clone(), year: index.plan_year });
        }
        if entry.majors.is_empty() {
            out.push(Check::NoMajors { row });
        }
        if let (false, Some(v)) = (entry.adjust, placement.rank) {
            let below: Vec<String> = entry
                .majors
                .iter()
                .filter_map(|c| group.major(c))
                .filter(|m| last_rank(&m.lines, &years).is_some_and(|r| v > r))
                .map(|m| m.name.clone())
                .collect();
            if !below.is_empty() {
                let all = below.len() == entry.majors.iter().filter(|c| group.major(c).is_some()).count();
                out.push(Check::AdjustRisk { row, majors: below, all });
            }
        }
        if let Some(change) = &group.change {
            out.push(Check::Changed { row, message: change.message(&group.code) });
        }
        let reference = reference_rank(group, &years);
        bands.push(reference.zip(placement.rank).and_then(|(m, v)| classify(v, m)));
    }
    // A safer row before a riskier one: each riskier row once, against the first safer row
    // above it.
    let risk = |b: Band| match b {
        Band::Reach => 0,
        Band::Match => 1,
        _ => 2,
    };
    for (later, band) in bands.iter().enumerate() {
        let Some(band) = *band else { continue };
        let earlier = bands[..later].iter().position(|b| b.is_some_and(|b| risk(b) > risk(band)));
        if let Some(safer) = earlier {
            let safer_band = bands[safer].unwrap_or(Band::Safe);
            out.push(Check::OutOfOrder { safer, safer_band, riskier: later, riskier_band: band });
        }
    }
    if bands.iter().any(Option::is_some) && !bands.contains(&Some(Band::Safe)) {
        out.push(Check::NoSafe);
    }
    if let Some(rules) = rules {
        if list.rows.len() > rules.groups {
            out.push(Check::OverLimit { count: list.rows.len(), limit: rules.groups });
        } else if !list.rows.is_empty() && list.rows.len() < suggested_minimum(rules) {
            out.push(Check::TooFew {
                count: list.rows.len(),
                suggested: suggested_minimum(rules),
                limit: rules.groups,
            });
        }
    }
    out
}

/// The newest rank of `lines` in `years` (or, without one, the newest rank at all).
fn last_rank(lines: &[crate::admissions::YearLowest], years: &[u16]) -> Option<u32> {
    let in_years = lines.iter().rev().filter(|l| years.contains(&l.year)).find_map(|l| l.rank);
    in_years.or_else(|| lines.iter().rev().find_map(|l| l.rank))
}

fn requirement_text(group: &Group) -> String {
    group.subjects.rule.map_or_else(|| group.subjects.text.clone(), |r| r.label())
}

/// The checks about row `row`.
pub fn for_row(checks: &[Check], row: usize) -> impl Iterator<Item = &Check> {
    checks.iter().filter(move |c| c.row() == Some(row))
}

#[cfg(test)]
mod tests {
    use super::super::groups::{ChangeKind, GroupChange};
    use super::super::list::ListRow;
    use super::super::subjects::{Subject, SubjectSet};
    use super::super::testdata::{group, index};
    use super::*;

    const RULES: BatchRules =
        BatchRules { batch: Batch::Undergraduate, groups: 40, majors: 6, adjustment: true };

    fn profile() -> Profile {
        Profile {
            subjects: SubjectSet::of(&[Subject::Chemistry, Subject::Biology]),
            rank: Some(10_000),
            ..Profile::default()
        }
    }

    fn placement() -> Placement {
        Placement { year: 2025, score: None, rank: Some(10_000), equivalents: vec![] }
    }

    fn row(school: u32, majors: &[&str], adjust: bool) -> ListRow {
        ListRow { school, group: "01".into(), majors: majors.iter().map(|s| s.to_string()).collect(), adjust }
    }

    fn run(rows: Vec<ListRow>, ix: &GroupIndex) -> Vec<Check> {
        check(
            &VolunteerList::with_rows(Batch::Undergraduate, rows),
            ix,
            &profile(),
            &placement(),
            Some(&RULES),
        )
    }

    #[test]
    fn a_good_list_only_hears_that_it_is_short() {
        let ix = index(vec![
            group(1, "01", "不限", &[(2025, 8000)]),
            group(2, "01", "物理+化学", &[(2025, 10_500)]),
            group(3, "01", "不限", &[(2025, 15_000)]),
        ]);
        let checks =
            run(vec![row(1, &["01"], true), row(2, &["02"], true), row(3, &["01", "02"], true)], &ix);
        assert_eq!(checks, vec![Check::TooFew { count: 3, suggested: 10, limit: 40 }]);
        assert_eq!(checks[0].severity(), Severity::Info);
        assert_eq!(
            checks[0].message(),
            "只填了3个专业组（最多可填40个）：填得越少，全部够不上的风险越大，建议至少填10个"
        );
    }

    #[test]
    fn a_safe_group_before_a_reach_is_explained() {
        let ix =
            index(vec![group(1, "01", "不限", &[(2025, 15_000)]), group(2, "01", "不限", &[(2025, 8000)])]);
        let checks = run(vec![row(1, &["01"], true), row(2, &["01"], true)], &ix);
        let order =
            Check::OutOfOrder { safer: 0, safer_band: Band::Safe, riskier: 1, riskier_band: Band::Reach };
        assert!(checks.contains(&order), "{checks:?}");
        assert_eq!(order.severity(), Severity::Warning);
        assert!(order.message().starts_with("第1个志愿（保）排在第2个志愿（冲）之前：平行志愿按顺序检索"));
        assert_eq!(order.row(), Some(0));
    }

    #[test]
    fn no_safe_group_and_ineligible_and_repeated_groups() {
        let ix =
            index(vec![group(1, "01", "不限", &[(2025, 9000)]), group(2, "01", "历史", &[(2025, 9500)])]);
        let checks = run(vec![row(1, &["01"], true), row(2, &["01"], true), row(1, &["01"], true)], &ix);
        assert!(checks.contains(&Check::NoSafe));
        assert!(checks.contains(&Check::NotEligible { row: 1, requirement: "历史".into() }));
        assert!(checks.contains(&Check::Duplicate { row: 2, first: 0 }));
        assert_eq!(
            Check::NotEligible { row: 1, requirement: "物理+化学".into() }.message(),
            "第2个志愿要求选考物理+化学，你的选科不符合，填了也不会被投档"
        );
        assert_eq!(
            Check::Duplicate { row: 2, first: 0 }.message(),
            "第3个志愿与第1个志愿是同一个专业组，重复填报没有意义，请删掉一个"
        );
        assert_eq!(for_row(&checks, 1).count(), 1);
    }

    #[test]
    fn refusing_adjustment_below_a_majors_line_is_a_retreat_risk() {
        // Major 01's line is 10 % better than the group's: 8,100 against the student's 10,000.
        let ix = index(vec![group(1, "01", "不限", &[(2025, 9000)])]);
        let checks = run(vec![row(1, &["01"], false)], &ix);
        let risk = Check::AdjustRisk { row: 0, majors: vec!["计算机科学与技术".into()], all: true };
        assert!(checks.contains(&risk), "{checks:?}");
        assert!(risk.message().contains("会被退档"));
        let some =
            run(vec![row(1, &["01", "02"], false)], &index(vec![group(1, "01", "不限", &[(2025, 10_500)])]));
        assert!(some.contains(&Check::AdjustRisk {
            row: 0,
            majors: vec!["计算机科学与技术".into()],
            all: false
        }));
        // 服从调剂: no risk named.
        assert!(!run(vec![row(1, &["01"], true)], &ix).iter().any(|c| matches!(c, Check::AdjustRisk { .. })));
    }

    #[test]
    fn plans_of_this_year_decide_what_exists() {
        let mut changed = group(1, "01", "不限", &[(2025, 15_000)]);
        changed.change = Some(GroupChange { year: 2024, kind: ChangeKind::Renamed, from: "03".into() });
        let ix = index(vec![changed]);
        let checks = run(vec![row(1, &["01", "07"], true), row(5, &[], true), row(1, &[], true)], &ix);
        assert!(checks.contains(&Check::MajorNotOffered { row: 0, major: "07".into(), year: 2025 }));
        assert!(checks.contains(&Check::UnknownGroup { row: 1, year: 2025 }));
        assert!(checks.contains(&Check::NoMajors { row: 2 }));
        assert!(checks
            .iter()
            .any(|c| matches!(c, Check::Changed { row: 0, message } if message.contains("第03组"))));
        let over = check(
            &VolunteerList::with_rows(Batch::Undergraduate, vec![row(1, &["01"; 7], true); 41]),
            &ix,
            &profile(),
            &placement(),
            Some(&RULES),
        );
        assert!(over.contains(&Check::OverLimit { count: 41, limit: 40 }));
        assert!(over.contains(&Check::TooManyMajors { row: 0, limit: 6 }));
        assert!(over.iter().all(|c| !c.message().is_empty()));
    }
}

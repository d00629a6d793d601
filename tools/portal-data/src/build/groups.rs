//! A school's 院校专业组 of the newest plan, with their history: each group's number in every
//! earlier year is read back from the plans (a 专业组调整 of 改号 or 拆分 names the group it
//! continues; without one the number stays), and the lines of those years follow it.

use super::admissions::{Context, Rows};
use crate::rows::GroupChangeKind;
use portal_dataset::admissions::{group_change, YearNumber};
use portal_dataset::SchoolGroups;
use portal_model::admissions::{AdmissionType, Batch, Track, YearLowest};
use portal_model::volunteer::groups::{Group, GroupMajor};
use portal_model::volunteer::subjects::Requirement;
use portal_model::SchoolId;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn school_groups(id: SchoolId, rows: &Rows, c: &Context) -> Vec<SchoolGroups> {
    let origins: BTreeSet<(&'static str, Track)> =
        rows.plans.iter().map(|p| (p.value.key.province.name, p.value.key.track)).collect();
    let mut out = Vec::new();
    for (province_name, track) in origins {
        let Some(&plan_year) = c.plan_years.get(&(province_name, track)) else { continue };
        let here = |key: &crate::rows::AdmissionKey| (key.province.name, key.track) == (province_name, track);
        let Some(province) =
            rows.plans.iter().map(|p| p.value.key.province).find(|p| p.name == province_name)
        else {
            continue;
        };
        if !province.uses_groups(plan_year) {
            continue;
        }
        let history = History::of(rows, &here);
        let newest: Vec<_> = rows
            .plans
            .iter()
            .map(|p| &p.value)
            .filter(|p| here(&p.key) && p.key.year == plan_year && p.key.batch != Batch::Early)
            .filter(|p| matches!(p.key.admission_type, AdmissionType::General | AdmissionType::SinoForeign))
            .collect();
        let mut codes: Vec<&str> = newest.iter().filter_map(|p| p.group.as_deref()).collect();
        codes.sort_unstable();
        codes.dedup();
        let mut groups = Vec::new();
        for code in codes {
            let plans: Vec<_> = newest.iter().filter(|p| p.group.as_deref() == Some(code)).collect();
            let Some(first) = plans.first() else { continue };
            let numbers = history.numbers(plan_year, code);
            let years: Vec<YearNumber> =
                numbers.iter().map(|&(year, code, inherited)| YearNumber { year, code, inherited }).collect();
            let majors = plans
                .iter()
                .enumerate()
                .map(|(i, p)| GroupMajor {
                    code: p.major_code.clone().unwrap_or_else(|| format!("{:02}", i + 1)),
                    name: p.major.clone(),
                    places: p.places,
                    tuition: p.tuition,
                    lines: numbers
                        .iter()
                        .filter_map(|&(year, number, _)| {
                            history.major_lines.get(&(year, number, p.major.as_str()))
                        })
                        .copied()
                        .collect(),
                })
                .collect();
            groups.push(Group {
                school: id,
                code: code.to_string(),
                batch: first.key.batch,
                admission_type: first.key.admission_type,
                subjects: Requirement::new(&first.subjects),
                majors,
                lines: numbers
                    .iter()
                    .filter_map(|&(year, number, _)| history.lines.get(&(year, number)))
                    .copied()
                    .collect(),
                change: group_change(&years),
            });
        }
        if groups.is_empty() {
            continue;
        }
        out.push(SchoolGroups {
            province: province_name.to_string(),
            track,
            code: first_code(rows, &here, plan_year),
            plan_year,
            groups,
        });
    }
    out
}

/// 院校代码 in the province's catalogue: as the plans of the plan year print it.
fn first_code(rows: &Rows, here: &dyn Fn(&crate::rows::AdmissionKey) -> bool, year: u16) -> String {
    rows.plans
        .iter()
        .map(|p| &p.value)
        .find(|p| here(&p.key) && p.key.year == year)
        .map(|p| p.school.code.clone())
        .unwrap_or_default()
}

/// One school's groups in one province and track across the years: each year's 专业组调整
/// (`None`: recruited without a change), lines and major lines by 专业组代码.
struct History<'a> {
    changes: BTreeMap<(u16, &'a str), Option<(GroupChangeKind, &'a str)>>,
    lines: BTreeMap<(u16, &'a str), YearLowest>,
    major_lines: BTreeMap<(u16, &'a str, &'a str), YearLowest>,
}

impl<'a> History<'a> {
    fn of(rows: &Rows<'a>, here: &dyn Fn(&crate::rows::AdmissionKey) -> bool) -> History<'a> {
        let mut changes = BTreeMap::new();
        for p in rows.plans.iter().map(|p| &p.value).filter(|p| here(&p.key)) {
            let Some(group) = p.group.as_deref() else { continue };
            changes
                .entry((p.key.year, group))
                .or_insert_with(|| p.change.as_ref().map(|c| (c.kind, c.from.as_str())));
        }
        let mut lines = BTreeMap::new();
        for l in rows.group_lines.iter().map(|l| &l.value).filter(|l| here(&l.key)) {
            let Some(group) = l.group.as_deref() else { continue };
            let rank = l.lowest_rank.map(|r| r.value);
            lines.entry((l.key.year, group)).or_insert(YearLowest {
                year: l.key.year,
                score: l.lowest,
                rank,
            });
        }
        let mut major_lines = BTreeMap::new();
        for l in rows.major_lines.iter().map(|l| &l.value).filter(|l| here(&l.key)) {
            let Some(group) = l.group.as_deref() else { continue };
            let rank = l.lowest_rank.map(|r| r.value);
            major_lines.entry((l.key.year, group, l.major.as_str())).or_insert(YearLowest {
                year: l.key.year,
                score: l.lowest,
                rank,
            });
        }
        History { changes, lines, major_lines }
    }

    /// A group's number in each year back from the plan year, oldest first, and whether that
    /// year's lines are those of the group it was split from. The walk back stops at the first
    /// year with neither a plan nor a line under the number.
    fn numbers(&self, plan_year: u16, code: &'a str) -> Vec<(u16, &'a str, bool)> {
        let mut out = vec![(plan_year, code, false)];
        let (mut year, mut current, mut inherited) = (plan_year, code, false);
        while let Some(previous_year) = year.checked_sub(1) {
            let previous = match self.changes.get(&(year, current)) {
                Some(Some((kind, from))) => {
                    inherited |= *kind == GroupChangeKind::Split;
                    *from
                }
                _ => current,
            };
            let known =
                |y: u16, n: &str| self.changes.contains_key(&(y, n)) || self.lines.contains_key(&(y, n));
            if !known(previous_year, previous) {
                break;
            }
            out.push((previous_year, previous, inherited));
            (year, current) = (previous_year, previous);
        }
        out.reverse();
        out
    }
}

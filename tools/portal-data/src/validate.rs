//! The checks across rows and files, once everything is read: duplicates, schools that
//! admission rows and articles name, the 一分一段表 and the ranks that must agree with it,
//! one 选科要求 per 院校专业组. Rows that name no known school leave the source, so every
//! reference in a valid source resolves.

use crate::columns::Col;
use crate::problem::{Place, ProblemKind, Report, Severity};
use crate::rows::{AdmissionKey, Rank, SchoolRef, Sourced};
use crate::scores::{table_label, Bracket, ScoreTable};
use crate::source::Source;
use portal_model::admissions::Track;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn check(source: &mut Source, report: &mut Report) {
    check_schools(source, report);
    gather_score_tables(source, report);
    duplicates(source, report, &source.batch_lines, |l| (l.province.name, l.year, l.track, l.batch));
    resolve_schools(source, report);
    duplicates(source, report, &source.majors, |m| {
        (m.school.school.clone(), m.class.clone(), m.name.clone())
    });
    duplicates(source, report, &source.group_lines, |l| (l.key, l.school.school.clone(), l.group.clone()));
    duplicates(source, report, &source.major_lines, |l| {
        (l.key, l.school.school.clone(), l.group.clone(), l.major_code.clone(), l.major.clone())
    });
    duplicates(source, report, &source.plans, |p| {
        (
            p.key,
            p.school.school.clone(),
            p.group.clone(),
            p.major_code.clone(),
            p.major.clone(),
            p.remarks.clone(),
        )
    });
    one_rule_per_group(source, report);
    check_ranks(source, report);
    major_groups_in_lines(source, report);
    check_articles(source, report);
}

/// Reports each row whose key an earlier row already has.
fn duplicates<T, K: Ord>(source: &Source, report: &mut Report, rows: &[Sourced<T>], key: impl Fn(&T) -> K) {
    let mut seen: BTreeMap<K, (usize, u32)> = BTreeMap::new();
    for row in rows {
        match seen.entry(key(&row.value)) {
            Entry::Occupied(first) => {
                let (dataset, line) = *first.get();
                report.push(
                    Place::row(source.file(row.dataset), row.row),
                    ProblemKind::DuplicateRow { first: Box::new(Place::row(source.file(dataset), line)) },
                );
            }
            Entry::Vacant(slot) => {
                slot.insert((row.dataset, row.row));
            }
        }
    }
}

fn check_schools(source: &mut Source, report: &mut Report) {
    duplicates(source, report, &source.schools, |s| s.code.clone());
    let mut names: BTreeMap<&str, (usize, u32)> = BTreeMap::new();
    for s in &source.schools {
        match names.get(s.value.name.as_str()) {
            Some(&(dataset, row)) => report.push(
                source.place(s.dataset, s.row, Col::SchoolName),
                ProblemKind::DuplicateName { first: Box::new(Place::row(source.file(dataset), row)) },
            ),
            None => {
                names.insert(&s.value.name, (s.dataset, s.row));
            }
        }
    }
    let mut numbers: BTreeMap<u32, (usize, u32)> = BTreeMap::new();
    for s in &source.schools {
        match s.value.site_number() {
            None => report.push(
                source.place(s.dataset, s.row, Col::SchoolCode),
                ProblemKind::NoSiteId { code: s.value.code.clone() },
            ),
            Some(id) => match numbers.entry(id) {
                Entry::Occupied(first) => {
                    let (dataset, row) = *first.get();
                    let col = if s.value.site_id.is_some() { Col::SiteId } else { Col::SchoolCode };
                    report.push(
                        source.place(s.dataset, s.row, col),
                        ProblemKind::DuplicateSiteId {
                            id,
                            first: Box::new(Place::row(source.file(dataset), row)),
                        },
                    );
                }
                Entry::Vacant(slot) => {
                    slot.insert((s.dataset, s.row));
                }
            },
        }
    }
    for code in &source.featured {
        if source.school(code).is_none() && !source.schools.iter().any(|s| s.value.name == *code) {
            report.push(
                Place::field(crate::manifest::MANIFEST, "[site] featured"),
                ProblemKind::UnknownFeatured(code.clone()),
            );
        }
    }
}

/// Gathers score rows into tables and checks each: no score twice, 累计人数 rising as scores
/// fall, 本段人数 equal to the rise, `及以上` only at the top. A table with an error is left
/// out (ranks are not checked against it).
fn gather_score_tables(source: &mut Source, report: &mut Report) {
    let mut groups: BTreeMap<(&'static str, u16, Track), Vec<Sourced<crate::rows::ScoreEntry>>> =
        BTreeMap::new();
    for entry in std::mem::take(&mut source.score_entries) {
        groups
            .entry((entry.value.province.name, entry.value.year, entry.value.track))
            .or_default()
            .push(entry);
    }
    for (_, mut entries) in groups {
        let errors_before = report.count(Severity::Error);
        duplicates(source, report, &entries, |e| e.score);
        entries.sort_by(|a, b| b.value.score.cmp(&a.value.score).then(a.row.cmp(&b.row)));
        entries.dedup_by_key(|e| e.value.score);
        let mut previous: Option<&Sourced<crate::rows::ScoreEntry>> = None;
        for entry in &entries {
            let e = &entry.value;
            let at = |col| source.place(entry.dataset, entry.row, col);
            if e.and_above && previous.is_some() {
                report.push(at(Col::Score), ProblemKind::TopBracketNotFirst);
            }
            let prev_cumulative = previous.map_or(0, |p| p.value.cumulative);
            if let Some(p) = previous.filter(|p| e.cumulative < p.value.cumulative) {
                report.push(
                    at(Col::Cumulative),
                    ProblemKind::CumulativeNotRising {
                        cumulative: e.cumulative,
                        previous: p.value.cumulative,
                        previous_score: p.value.score,
                    },
                );
            } else if let Some(count) = e.count {
                let expected = e.cumulative - prev_cumulative;
                if count != expected {
                    report.push(at(Col::Count), ProblemKind::CountMismatch { count, expected });
                }
            }
            previous = Some(entry);
        }
        if report.count(Severity::Error) == errors_before {
            if let Some(first) = entries.first() {
                let (province, year, track) = (first.value.province, first.value.year, first.value.track);
                source.score_tables.push(ScoreTable { province, year, track, entries });
            }
        }
    }
}

/// Matches each admission row's school (by its name when given, else by its code) and checks
/// that one province's catalogue gives one code to one school.
fn resolve_schools(source: &mut Source, report: &mut Report) {
    let by_code: BTreeMap<String, String> =
        source.schools.iter().map(|s| (s.value.code.clone(), s.value.name.clone())).collect();
    let by_name: BTreeMap<String, String> =
        source.schools.iter().map(|s| (s.value.name.clone(), s.value.code.clone())).collect();
    let rejected = source.rejected_schools.clone();
    let places: Vec<(String, crate::columns::HeaderMap)> =
        source.datasets.iter().map(|d| (d.dataset.path.clone(), d.header.clone())).collect();
    let mut resolve = |r: &mut SchoolRef, dataset: usize, row: u32| {
        // The code when the name (if any) agrees with it; else the name (a province's own
        // catalogue code differs from the list's); else the code.
        let by_own_code =
            by_code.get(&r.code).filter(|name| r.name.as_ref().is_none_or(|n| n == *name)).map(|_| &r.code);
        let found = by_own_code
            .or_else(|| r.name.as_ref().and_then(|n| by_name.get(n)))
            .or_else(|| by_code.contains_key(&r.code).then_some(&r.code));
        if let Some(code) = found {
            r.school = code.clone();
            return true;
        }
        // A reference to a school whose own row has an error was reported there.
        let reported = rejected.contains(&r.code) || r.name.as_ref().is_some_and(|n| rejected.contains(n));
        if !reported {
            let place = match places.get(dataset) {
                Some((file, header)) => match header.get(Col::SchoolCode) {
                    Some(column) => Place::cell(file, row, column.clone()),
                    None => Place::row(file, row),
                },
                None => Place::default(),
            };
            report.push(place, ProblemKind::UnknownSchool { code: r.code.clone(), name: r.name.clone() });
        }
        false
    };
    source.majors.retain_mut(|m| resolve(&mut m.value.school, m.dataset, m.row));
    source.group_lines.retain_mut(|l| resolve(&mut l.value.school, l.dataset, l.row));
    source.major_lines.retain_mut(|l| resolve(&mut l.value.school, l.dataset, l.row));
    source.plans.retain_mut(|p| resolve(&mut p.value.school, p.dataset, p.row));

    // One province's catalogue: a code names one school, a school has one code.
    let mut code_owner: BTreeMap<(&str, String), String> = BTreeMap::new();
    let mut school_code: BTreeMap<(&str, String), String> = BTreeMap::new();
    let rows = source
        .group_lines
        .iter()
        .map(|l| (l.dataset, l.row, l.value.key, &l.value.school))
        .chain(source.major_lines.iter().map(|l| (l.dataset, l.row, l.value.key, &l.value.school)))
        .chain(source.plans.iter().map(|p| (p.dataset, p.row, p.value.key, &p.value.school)));
    let mut reported: BTreeSet<(&str, String)> = BTreeSet::new();
    for (dataset, row, key, r) in rows {
        let name = |code: &str| by_code.get(code).cloned().unwrap_or_default();
        match code_owner.get(&(key.province.name, r.code.clone())) {
            Some(owner) if *owner != r.school => {
                if reported.insert((key.province.name, r.code.clone())) {
                    report.push(
                        source.place(dataset, row, Col::SchoolCode),
                        ProblemKind::CodeClash {
                            code: r.code.clone(),
                            province: key.province.name,
                            first_school: name(owner),
                            second_school: name(&r.school),
                        },
                    );
                }
            }
            Some(_) => {}
            None => {
                code_owner.insert((key.province.name, r.code.clone()), r.school.clone());
            }
        }
        match school_code.get(&(key.province.name, r.school.clone())) {
            Some(first) if *first != r.code => {
                if reported.insert((key.province.name, format!("{}\0{}", r.school, r.code))) {
                    report.push(
                        source.place(dataset, row, Col::SchoolCode),
                        ProblemKind::SchoolTwoCodes {
                            school: name(&r.school),
                            province: key.province.name,
                            first_code: first.clone(),
                        },
                    );
                }
            }
            Some(_) => {}
            None => {
                school_code.insert((key.province.name, r.school.clone()), r.code.clone());
            }
        }
    }
}

/// Every row of one 院校专业组 in a plan has the same 选科要求 and the same 专业组调整.
fn one_rule_per_group(source: &Source, report: &mut Report) {
    let mut first: BTreeMap<(AdmissionKey, &str, &str), &Sourced<crate::rows::Plan>> = BTreeMap::new();
    for p in &source.plans {
        let Some(group) = &p.value.group else { continue };
        let Some(earlier) = first.get(&(p.value.key, p.value.school.school.as_str(), group.as_str())) else {
            first.insert((p.value.key, &p.value.school.school, group), p);
            continue;
        };
        let first_place = || Box::new(Place::row(source.file(earlier.dataset), earlier.row));
        if earlier.value.subjects != p.value.subjects {
            report.push(
                source.place(p.dataset, p.row, Col::Subjects),
                ProblemKind::SubjectsDiffer {
                    group: group.clone(),
                    first_text: earlier.value.subjects.clone(),
                    first: first_place(),
                },
            );
        }
        if earlier.value.change != p.value.change {
            report.push(
                source.place(p.dataset, p.row, Col::GroupChange),
                ProblemKind::GroupChangeDiffers { group: group.clone(), first: first_place() },
            );
        }
    }
}

/// Ranks against the 一分一段表: a published rank must fall in its score's bracket; a missing
/// one is derived (and marked so) where the table allows.
fn check_ranks(source: &mut Source, report: &mut Report) {
    let tables: BTreeMap<(&str, u16, Track), &ScoreTable> =
        source.score_tables.iter().map(|t| ((t.province.name, t.year, t.track), t)).collect();
    let mut derived: BTreeMap<usize, usize> = BTreeMap::new();
    let mut missing_tables: BTreeSet<(usize, String)> = BTreeSet::new();
    let mut updates: Vec<(bool, usize, Option<Rank>)> = Vec::new();
    let lines = source
        .group_lines
        .iter()
        .map(|l| (true, l.dataset, l.row, l.value.key, l.value.lowest, l.value.lowest_rank))
        .chain(
            source
                .major_lines
                .iter()
                .map(|l| (false, l.dataset, l.row, l.value.key, l.value.lowest, l.value.lowest_rank)),
        );
    for (i, (is_group, dataset, row, key, score, rank)) in lines.enumerate() {
        let index = if is_group { i } else { i - source.group_lines.len() };
        let label = table_label(key.province.name, key.year, key.track);
        let Some(table) = tables.get(&(key.province.name, key.year, key.track)) else {
            missing_tables.insert((dataset, label));
            continue;
        };
        let bracket = table.bracket(score);
        match (rank, bracket) {
            (Some(r), Bracket::Ranks { low, high }) if r.value < low || r.value > high => report.push(
                source.place(dataset, row, Col::LowestRank),
                ProblemKind::RankContradictsTable { rank: r.value, score, low, high, table: label },
            ),
            (_, Bracket::Nobody) => report.push(
                source.place(dataset, row, Col::Lowest),
                ProblemKind::ScoreNotInTable { score, table: label },
            ),
            (Some(_), Bracket::Below) => report.push(
                source.place(dataset, row, Col::Lowest),
                ProblemKind::BelowTable { score, table: label },
            ),
            (None, Bracket::Ranks { .. }) => {
                *derived.entry(dataset).or_default() += 1;
                let rank = table.derived_rank(score).map(|value| Rank { value, derived: true });
                updates.push((is_group, index, rank));
            }
            _ => {}
        }
    }
    for (is_group, index, rank) in updates {
        if is_group {
            source.group_lines[index].value.lowest_rank = rank;
        } else {
            source.major_lines[index].value.lowest_rank = rank;
        }
    }
    for (dataset, rows) in derived {
        report.push(Place::file(source.file(dataset)), ProblemKind::RanksDerived { rows });
    }
    for (dataset, table) in missing_tables {
        report.push(Place::file(source.file(dataset)), ProblemKind::NoTable { table });
    }
}

/// A major's line names a group that the 院校专业组投档线 of the same year should have.
fn major_groups_in_lines(source: &Source, report: &mut Report) {
    let covered: BTreeSet<(u16, &str, Track)> = source
        .group_lines
        .iter()
        .map(|l| (l.value.key.year, l.value.key.province.name, l.value.key.track))
        .collect();
    let groups: BTreeSet<(AdmissionKey, &str, &str)> = source
        .group_lines
        .iter()
        .filter_map(|l| Some((l.value.key, l.value.school.school.as_str(), l.value.group.as_deref()?)))
        .collect();
    for l in &source.major_lines {
        let v = &l.value;
        let Some(group) = v.group.as_deref() else { continue };
        if covered.contains(&(v.key.year, v.key.province.name, v.key.track))
            && !groups.contains(&(v.key, v.school.school.as_str(), group))
        {
            report.push(
                source.place(l.dataset, l.row, Col::GroupCode),
                ProblemKind::GroupNotInLines { group: group.to_string() },
            );
        }
    }
}

fn check_articles(source: &mut Source, report: &mut Report) {
    let by_code: BTreeSet<String> = source.schools.iter().map(|s| s.value.code.clone()).collect();
    let by_name: BTreeMap<String, String> =
        source.schools.iter().map(|s| (s.value.name.clone(), s.value.code.clone())).collect();
    let rejected = source.rejected_schools.clone();
    let mut ids: BTreeMap<u32, String> = BTreeMap::new();
    source.articles.retain_mut(|a| {
        let article = &mut a.value;
        if let Some(id) = article.id {
            match ids.get(&id) {
                Some(first) => {
                    report.push(
                        Place::field(&article.path, "id"),
                        ProblemKind::DuplicateArticleId { id, first: Box::new(Place::file(first)) },
                    );
                    return false;
                }
                None => {
                    ids.insert(id, article.path.clone());
                }
            }
        }
        let found = if by_code.contains(&article.school_ref) {
            Some(article.school_ref.clone())
        } else {
            by_name.get(&article.school_ref).cloned()
        };
        match found {
            Some(code) => {
                article.school = code;
                true
            }
            None => {
                if !rejected.contains(&article.school_ref) {
                    report.push(
                        Place::field(&article.path, "school"),
                        ProblemKind::UnknownSchool { code: article.school_ref.clone(), name: None },
                    );
                }
                false
            }
        }
    });
}

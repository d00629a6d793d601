//! 招生数据: each school's lines, major lines, plans and majors in the site's shapes, citing
//! their documents; control lines from the 批次线; ranks the office did not publish derived
//! from the 一分一段表 and marked; the tables themselves.

use super::groups;
use super::SchoolIds;
use crate::rows::{AdmissionKey, BatchLine, GroupLine, Major, MajorLine, Plan, Sourced};
use crate::source::Source;
use portal_dataset::admissions::TableKey;
use portal_dataset::{Admissions, SchoolAdmissions};
use portal_model::admissions::*;
use portal_model::sources::SourceId;
use portal_model::volunteer::groups::group_label;
use portal_model::Level;
use std::collections::BTreeMap;

/// A school's rows of each kind, in the source's order.
#[derive(Default)]
pub(super) struct Rows<'a> {
    pub group_lines: Vec<&'a Sourced<GroupLine>>,
    pub major_lines: Vec<&'a Sourced<MajorLine>>,
    pub plans: Vec<&'a Sourced<Plan>>,
    pub majors: Vec<&'a Sourced<Major>>,
}

/// A 批次线's key: province, year, track, batch.
type BatchKey = (&'static str, u16, Track, Batch);

/// What every school's rows are read against.
pub(super) struct Context<'a> {
    pub document: &'a dyn Fn(usize) -> Option<SourceId>,
    /// The document of each 一分一段表.
    pub table_sources: BTreeMap<TableKey, SourceId>,
    /// 批次线 by province, year, track and batch, with its document.
    pub batch_lines: BTreeMap<BatchKey, (u16, Option<SourceId>)>,
    /// The newest plan year of each province and track (the year group indexes describe).
    pub plan_years: BTreeMap<(&'static str, Track), u16>,
}

pub(super) fn admissions(
    source: &Source,
    ids: &SchoolIds,
    document: &dyn Fn(usize) -> Option<SourceId>,
) -> Admissions {
    let mut tables = BTreeMap::new();
    let mut table_sources = BTreeMap::new();
    for t in &source.score_tables {
        let key: TableKey = (t.province.name.to_string(), t.track, t.year);
        let id = t.entries.first().and_then(|e| document(e.dataset));
        tables.insert(key.clone(), ScoreTable { source: id, ..t.to_model() });
        if let Some(id) = id {
            table_sources.insert(key, id);
        }
    }
    let batch_lines = source
        .batch_lines
        .iter()
        .map(|row| {
            let BatchLine { province, year, track, batch, line } = row.value;
            ((province.name, year, track, batch), (line, document(row.dataset)))
        })
        .collect();
    let mut plan_years: BTreeMap<(&'static str, Track), u16> = BTreeMap::new();
    for p in &source.plans {
        let year = plan_years.entry((p.value.key.province.name, p.value.key.track)).or_default();
        *year = (*year).max(p.value.key.year);
    }
    let context = Context { document, table_sources, batch_lines, plan_years };

    let mut by_school: BTreeMap<&str, Rows> = BTreeMap::new();
    for l in &source.group_lines {
        by_school.entry(&l.value.school.school).or_default().group_lines.push(l);
    }
    for l in &source.major_lines {
        by_school.entry(&l.value.school.school).or_default().major_lines.push(l);
    }
    for p in &source.plans {
        by_school.entry(&p.value.school.school).or_default().plans.push(p);
    }
    for m in &source.majors {
        by_school.entry(&m.value.school.school).or_default().majors.push(m);
    }
    let mut schools: Vec<SchoolAdmissions> = source
        .schools
        .iter()
        .filter_map(|s| {
            let rows = by_school.get(s.value.code.as_str())?;
            Some(school(*ids.get(&s.value.code)?, s.value.level, rows, &context))
        })
        .collect();
    schools.sort_by_key(|s| s.school_id);
    Admissions { schools, tables }
}

fn school(id: portal_model::SchoolId, level: Level, rows: &Rows, c: &Context) -> SchoolAdmissions {
    let label = |group: &Option<String>| group.as_deref().map(group_label);
    let rank_source = |key: &AdmissionKey, derived: bool| {
        derived
            .then(|| c.table_sources.get(&(key.province.name.to_string(), key.track, key.year)).copied())?
    };
    let lines: Vec<ScoreLine> = rows
        .group_lines
        .iter()
        .map(|row| {
            let l = &row.value;
            let k = &l.key;
            let control = k.province.control_batch(k.year, k.batch, level);
            let batch_line = c.batch_lines.get(&(k.province.name, k.year, k.track, control));
            ScoreLine {
                year: k.year,
                province: k.province.name.into(),
                track: k.track,
                batch: k.batch,
                admission_type: k.admission_type,
                group: label(&l.group),
                subjects: l.subjects.clone(),
                lowest: l.lowest,
                lowest_rank: l.lowest_rank.map(|r| r.value),
                average: l.average,
                highest: l.highest,
                control_line: batch_line.map(|b| b.0),
                source: (c.document)(row.dataset),
                rank_source: rank_source(k, l.lowest_rank.is_some_and(|r| r.derived)),
                control_source: batch_line.and_then(|b| b.1),
            }
        })
        .collect();
    let major_lines: Vec<MajorScoreLine> = rows
        .major_lines
        .iter()
        .map(|row| {
            let l = &row.value;
            let k = &l.key;
            MajorScoreLine {
                year: k.year,
                province: k.province.name.into(),
                track: k.track,
                batch: k.batch,
                admission_type: k.admission_type,
                group: label(&l.group),
                major: l.major.clone(),
                major_class: l.major_class.clone(),
                subjects: l.subjects.clone(),
                lowest: l.lowest,
                lowest_rank: l.lowest_rank.map(|r| r.value),
                average: l.average,
                highest: l.highest,
                source: (c.document)(row.dataset),
                rank_source: rank_source(k, l.lowest_rank.is_some_and(|r| r.derived)),
            }
        })
        .collect();
    let plans: Vec<PlanRow> = rows
        .plans
        .iter()
        .map(|row| {
            let p = &row.value;
            let k = &p.key;
            PlanRow {
                year: k.year,
                province: k.province.name.into(),
                track: k.track,
                batch: k.batch,
                admission_type: k.admission_type,
                group: label(&p.group),
                major: p.major.clone(),
                major_class: p.major_class.clone(),
                places: p.places,
                duration: p.duration,
                tuition: p.tuition,
                subjects: p.subjects.clone(),
                remarks: p.remarks.clone(),
                source: (c.document)(row.dataset),
            }
        })
        .collect();
    // Where it recruits, as its files first name each province: plans, then lines.
    let mut provinces: Vec<String> = Vec::new();
    let named = rows
        .plans
        .iter()
        .map(|p| p.value.key.province.name)
        .chain(rows.group_lines.iter().map(|l| l.value.key.province.name))
        .chain(rows.major_lines.iter().map(|l| l.value.key.province.name));
    for name in named {
        if !provinces.iter().any(|p| p == name) {
            provinces.push(name.to_string());
        }
    }
    SchoolAdmissions {
        school_id: id,
        provinces,
        groups: groups::school_groups(id, rows, c),
        lines,
        major_lines,
        plans,
        majors: majors(&rows.majors),
    }
}

/// 开设专业 by 门类 and 专业类, each in the order the list first names it.
fn majors(rows: &[&Sourced<Major>]) -> Vec<MajorCategory> {
    let mut categories: Vec<MajorCategory> = Vec::new();
    for row in rows {
        let m = &row.value;
        let offered = OfferedMajor {
            name: m.name.clone(),
            duration: m.duration,
            degree: m.degree.clone(),
            distinctions: m.distinctions.clone(),
        };
        let index = match categories.iter().position(|c| c.name == m.category) {
            Some(i) => i,
            None => {
                categories.push(MajorCategory { name: m.category.clone(), classes: Vec::new() });
                categories.len() - 1
            }
        };
        let classes = &mut categories[index].classes;
        match classes.iter_mut().find(|c| c.name == m.class) {
            Some(class) => class.majors.push(offered),
            None => classes.push(MajorClass { name: m.class.clone(), majors: vec![offered] }),
        }
    }
    categories
}

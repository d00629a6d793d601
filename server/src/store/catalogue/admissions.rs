//! The 招生数据 reads: a school's score lines, major lines, plans and majors, the provinces'
//! metadata, and the rank and group indexes (kept per process and origin, `kept.rs`).
//!
//! Every school-scoped query starts from `school_id` (the primary keys' first column) and the
//! indexes from `(province, track)`, so an answer reads only the rows it returns, however many
//! schools the database holds; `server/tests/admissions.rs` checks the query plans on SQLite.
//! Rows keep the source's order in `seq`, so answers list lines exactly as the fixture files
//! do. Measured (`synthetic_set_answers_as_fast_as_the_bundled_one`, debug build, in-memory,
//! 2-core machine): scores + major-scores + plans of one school for 福建 物理类 took 0.64 ms on
//! the bundled 38 schools and 0.78 ms on the 3,000-school set (987,005 admission rows); the
//! rank index with bands, which reads every school of a province and track, 0.6 ms and 58 ms.

use super::pages::card;
use crate::store::db::{fail, params, values, Conn, FromRow, ToValue, Value};
use crate::store::rows::{from_json, lenient_json, Record, GROUP_SCHOOL};
use crate::store::{Store, StoreResult};
use portal_model::admissions::*;
use portal_model::sources::{Citations, DataSource, SourceId};
use portal_model::volunteer::groups::{Group, GroupIndex, GroupSchool};
use portal_model::{Level, Page, SchoolId};
use std::sync::Arc;

/// `WHERE school_id = $1 AND …` for a query's filters, with its values.
fn filter(id: SchoolId, q: &AdmissionQuery) -> (String, Vec<Value>) {
    let mut clauses = vec!["school_id = $1".to_string()];
    let mut values = values![id];
    let mut add = |column: &str, value: Value| {
        values.push(value);
        clauses.push(format!("{column} = ${}", values.len()));
    };
    if let Some(p) = &q.province {
        add("province", p.to_value());
    }
    if let Some(t) = q.track {
        add("track", t.to_value());
    }
    if let Some(y) = q.year {
        add("year", y.to_value());
    }
    if let Some(b) = q.batch {
        add("batch", b.to_value());
    }
    (format!("WHERE {}", clauses.join(" AND ")), values)
}

/// A school's rows of one admission table, in their order.
fn select<T: Record>(filter: &str) -> String {
    format!("SELECT {} FROM {} {filter} ORDER BY seq", T::COLUMNS.join(", "), T::TABLE)
}

/// One page of a school's rows, like `portal_model::admissions::page_of`; `None` when the
/// school does not exist.
fn paged<T: Record>(
    c: &mut dyn Conn,
    id: SchoolId,
    q: &AdmissionQuery,
    page_size: u32,
) -> StoreResult<Option<Page<T>>> {
    if c.row::<i64>("SELECT 1 FROM schools WHERE id = $1", params![id])?.is_none() {
        return Ok(None);
    }
    let page = q.page.max(1);
    if q.matches_nothing {
        return Ok(Some(Page { items: Vec::new(), page, page_size, total: 0 }));
    }
    let (filter, values) = filter(id, q);
    let total: i64 = c.one(&format!("SELECT COUNT(*) FROM {} {filter}", T::TABLE), &values)?;
    let offset = (i64::from(page) - 1) * i64::from(page_size);
    let items = if offset >= total {
        Vec::new()
    } else {
        c.rows(&format!("{} LIMIT {page_size} OFFSET {offset}", select::<T>(&filter)), &values)?
    };
    Ok(Some(Page { items, page, page_size, total: u32::try_from(total).unwrap_or(u32::MAX) }))
}

/// The rank index's rows of one province and track, by school and year.
const RANK_ROWS: &str = "SELECT r.school_id, s.name, s.level, r.year, r.score, r.rank
     FROM rank_rows r JOIN schools s ON s.id = r.school_id
     WHERE r.province = $1 AND r.track = $2 ORDER BY r.school_id, r.year";

/// The group rows of one province and track, by school and code.
fn group_rows() -> String {
    format!(
        "SELECT {GROUP_SCHOOL}, g.plan_year, g.body
         FROM admission_groups g JOIN schools s ON s.id = g.school_id
         WHERE g.province = $1 AND g.track = $2 ORDER BY g.school_id, g.code"
    )
}

/// Every 一分一段表 of a province and track.
const SCORE_TABLES: &str =
    "SELECT year, top, ranks, source FROM score_tables WHERE province = $1 AND track = $2";

fn score_tables(
    c: &mut dyn Conn,
    province: &str,
    track: Track,
    year: Option<u16>,
) -> StoreResult<Vec<ScoreTable>> {
    let rows: Vec<(u16, u16, String, Option<SourceId>)> = match year {
        Some(year) => {
            c.rows(&format!("{SCORE_TABLES} AND year = $3"), params![province, track.code(), year])?
        }
        None => c.rows(SCORE_TABLES, params![province, track.code()])?,
    };
    rows.into_iter()
        .map(|(year, top, ranks, source)| Ok(ScoreTable { year, top, ranks: from_json(&ranks)?, source }))
        .collect()
}

impl Store {
    /// `None` when the school does not exist.
    pub fn school_scores(&self, id: SchoolId, q: &AdmissionQuery) -> StoreResult<Option<SchoolScores>> {
        self.run(|c| {
            let Some(school) = card(c, id)? else { return Ok(None) };
            let provinces: Option<String> =
                c.row("SELECT provinces FROM admission_schools WHERE school_id = $1", params![id])?;
            let provinces = provinces.map(|text| lenient_json(&text)).unwrap_or_default();
            let lines = if q.matches_nothing {
                Vec::new()
            } else {
                let (filter, values) = filter(id, q);
                c.rows(&select::<ScoreLine>(&filter), &values)?
            };
            Ok(Some(SchoolScores { school, provinces, lines }))
        })
    }

    pub fn major_scores(
        &self,
        id: SchoolId,
        q: &AdmissionQuery,
    ) -> StoreResult<Option<Page<MajorScoreLine>>> {
        self.run(|c| paged(c, id, q, MAJOR_LINES_PER_PAGE))
    }

    pub fn plans(&self, id: SchoolId, q: &AdmissionQuery) -> StoreResult<Option<Page<PlanRow>>> {
        self.run(|c| paged(c, id, q, PLANS_PER_PAGE))
    }

    pub fn school_majors(&self, id: SchoolId) -> StoreResult<Option<SchoolMajors>> {
        self.run(|c| {
            let Some(school) = card(c, id)? else { return Ok(None) };
            let majors: Option<String> =
                c.row("SELECT majors FROM admission_schools WHERE school_id = $1", params![id])?;
            let categories = majors.map(|text| from_json(&text)).transpose()?.unwrap_or_default();
            Ok(Some(SchoolMajors { school, categories }))
        })
    }

    pub fn province_meta(&self) -> StoreResult<Vec<ProvinceMeta>> {
        let text: Option<String> =
            self.run(|c| c.row("SELECT value FROM meta WHERE key = 'provinces'", &[]))?;
        text.map(|t| from_json(&t)).transpose().map(Option::unwrap_or_default)
    }

    /// 数据来源: the documents the catalogue's figures came from, as the last load gave them
    /// (none for a database seeded from the demo fixtures).
    pub fn data_sources(&self) -> StoreResult<Vec<DataSource>> {
        let text: Option<String> =
            self.run(|c| c.row("SELECT value FROM meta WHERE key = 'sources'", &[]))?;
        text.map(|t| from_json(&t)).transpose().map(Option::unwrap_or_default)
    }

    /// The rank index, read once per process, origin and catalogue version (`kept.rs`).
    pub fn rank_index(&self, province: &str, track: Track) -> StoreResult<Arc<RankIndex>> {
        self.fresh_catalogue()?;
        let key = (province.to_string(), track);
        self.kept.ranks.get_or_load(key, || self.load_rank_index(province, track))
    }

    /// The group index, read once per process, origin and catalogue version (`kept.rs`).
    pub fn group_index(&self, province: &str, track: Track) -> StoreResult<Arc<GroupIndex>> {
        self.fresh_catalogue()?;
        let key = (province.to_string(), track);
        self.kept.groups.get_or_load(key, || self.load_group_index(province, track))
    }

    /// Every school with lines in one province and track, and the latest 一分一段表.
    fn load_rank_index(&self, province: &str, track: Track) -> StoreResult<RankIndex> {
        self.run(|c| {
            let mut schools: Vec<RankRow> = Vec::new();
            let mut years: Vec<u16> = Vec::new();
            let rows: Vec<(SchoolId, String, Level, YearLowest)> = c
                .query(RANK_ROWS, params![province, track.code()])?
                .iter_mut()
                .map(|r| {
                    Ok((
                        r.get()?,
                        r.get()?,
                        r.get()?,
                        YearLowest { year: r.get()?, score: r.get()?, rank: r.get()? },
                    ))
                })
                .collect::<StoreResult<_>>()?;
            for (id, name, level, lowest) in rows {
                years.push(lowest.year);
                match schools.last_mut() {
                    Some(last) if last.id == id => last.lowest.push(lowest),
                    _ => schools.push(RankRow { id, name, level, lowest: vec![lowest] }),
                }
            }
            years.sort_unstable();
            years.dedup();
            let table = match years.last() {
                Some(&year) => score_tables(c, province, track, Some(year))?.pop(),
                None => None,
            };
            let mut cited = citations(c, province, track, false)?;
            cited.table(table.as_ref());
            let (sources, derived_ranks) = cited.finish();
            Ok(RankIndex {
                province: province.to_string(),
                track,
                years,
                table,
                schools,
                sources,
                derived_ranks,
            })
        })
    }

    /// The 院校专业组 index of one province and track, with every year's 一分一段表 (empty
    /// where there are no groups): the same shape the generator writes.
    fn load_group_index(&self, province: &str, track: Track) -> StoreResult<GroupIndex> {
        self.run(|c| {
            let mut index = GroupIndex::empty(province, track);
            let rows: Vec<(GroupSchool, u16, String)> = c
                .query(&group_rows(), params![province, track.code()])?
                .iter_mut()
                .map(|r| Ok((GroupSchool::from_row(r)?, r.get()?, r.get()?)))
                .collect::<StoreResult<_>>()?;
            if rows.is_empty() {
                return Ok(index);
            }
            for (school, plan_year, body) in rows {
                let group: Group = from_json(&body)?;
                index.plan_year = index.plan_year.max(plan_year);
                index.years.extend(group.lines.iter().map(|l| l.year));
                if index.schools.last().is_none_or(|s| s.id != school.id) {
                    index.schools.push(school);
                }
                index.groups.push(group);
            }
            index.years.sort_unstable();
            index.years.dedup();
            let mut tables = score_tables(c, province, track, None)?;
            tables.sort_by_key(|t| t.year);
            tables.retain(|t| index.years.contains(&t.year));
            index.tables = tables;
            let mut cited = citations(c, province, track, true)?;
            index.tables.iter().for_each(|t| cited.table(Some(t)));
            (index.sources, index.derived_ranks) = cited.finish();
            Ok(index)
        })
    }

    /// `EXPLAIN QUERY PLAN` of each admission query shape, as (query, plan), on SQLite: for
    /// tests and for anyone checking that a change of schema keeps the queries on their
    /// indexes.
    pub fn admission_query_plans(&self) -> StoreResult<Vec<(String, String)>> {
        let narrow = AdmissionQuery {
            province: Some("福建".into()),
            track: Some(Track::Physics),
            year: Some(2025),
            batch: Some(Batch::Undergraduate),
            ..AdmissionQuery::default()
        };
        let mut queries: Vec<(String, Vec<Value>)> = Vec::new();
        for q in [AdmissionQuery::default(), narrow] {
            let (filter, values) = filter(1, &q);
            for table in [ScoreLine::TABLE, MajorScoreLine::TABLE, PlanRow::TABLE] {
                queries.push((format!("SELECT COUNT(*) FROM {table} {filter}"), values.clone()));
            }
            queries.push((select::<ScoreLine>(&filter), values.clone()));
            queries.push((select::<MajorScoreLine>(&filter), values.clone()));
            queries.push((select::<PlanRow>(&filter), values.clone()));
        }
        let origin = || values!["福建", Track::Physics];
        queries.push((RANK_ROWS.into(), origin()));
        queries.push((format!("{SCORE_TABLES} AND year = $3"), [origin(), values![2025]].concat()));
        queries.push(("SELECT provinces FROM admission_schools WHERE school_id = $1".into(), values![1]));
        queries.push((group_rows(), origin()));
        queries.push((SCORE_TABLES.into(), origin()));
        self.run(|c| {
            if c.dialect().name() != "sqlite" {
                return Err(fail("query plans are read on SQLite"));
            }
            let mut out = Vec::new();
            for (sql, values) in queries {
                let steps: Vec<(i64, i64, i64, String)> =
                    c.rows(&format!("EXPLAIN QUERY PLAN {sql}"), &values)?;
                let details: Vec<String> = steps.into_iter().map(|(_, _, _, detail)| detail).collect();
                out.push((sql, details.join("; ")));
            }
            Ok(out)
        })
    }
}

/// What the rows of one province and track cite (the same documents `portal-data build`
/// lists in its indexes): of every school's lines, or (`grouped`) of the schools with
/// 院校专业组 there, their lines, major lines and plans.
fn citations(c: &mut dyn Conn, province: &str, track: Track, grouped: bool) -> StoreResult<Citations> {
    let schools = if grouped {
        " AND school_id IN (SELECT school_id FROM admission_groups WHERE province = $1 AND track = $2)"
    } else {
        ""
    };
    let mut columns =
        vec![("score_lines", "source"), ("score_lines", "control_source"), ("score_lines", "rank_source")];
    if grouped {
        columns.extend([("major_lines", "source"), ("major_lines", "rank_source"), ("plans", "source")]);
    }
    let mut cited = Citations::default();
    for (table, column) in columns {
        let sql = format!(
            "SELECT DISTINCT {column} FROM {table} WHERE province = $1 AND track = $2 AND {column} IS NOT NULL{schools}"
        );
        let ids: Vec<SourceId> = c.rows(&sql, params![province, track.code()])?;
        cited.derived |= column == "rank_source" && !ids.is_empty();
        cited.ids.extend(ids);
    }
    Ok(cited)
}

//! The 招生数据 tables of the SQLite store: created with the rest of the schema, filled by
//! `seed`, read by the admission endpoints.
//!
//! Every school-scoped query starts from `school_id` (the primary keys' first column) and the
//! rank index from `(province, track)`, so an answer reads only the rows it returns, however
//! many schools the database holds; `server/tests/admissions.rs` checks the query plans. Rows
//! keep the generator's order in `seq`, so answers list lines exactly as the fixture files do.
//! Measured (`synthetic_set_answers_as_fast_as_the_bundled_one`, debug build, in-memory, 2-core
//! machine): scores + major-scores + plans of one school for 福建 物理类 took 0.64 ms on the
//! bundled 38 schools and 0.78 ms on the 3,000-school set (987,005 admission rows); the rank
//! index with bands, which reads every school of a province and track, 0.6 ms and 58 ms.

use super::{fail, SqliteStore};
use crate::store::admissions::{assemble_group_index, group_body, GroupRecord};
use crate::store::{AdmissionStore, RankCache, StoreResult};
use portal_dataset::Dataset;
use portal_model::admissions::*;
use portal_model::volunteer::groups::{GroupIndex, GroupSchool};
use portal_model::{Kind, Nature};
use portal_model::{Level, Page, SchoolId};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};

/// Loads the admission data of a data set (inside the seeding transaction).
pub(super) fn seed(tx: &Transaction, data: &Dataset) -> StoreResult<()> {
    let a = &data.admissions;
    let mut school = tx
        .prepare(
            "INSERT OR REPLACE INTO admission_schools (school_id, provinces, majors) VALUES (?1, ?2, ?3)",
        )
        .map_err(fail)?;
    let mut line = tx
        .prepare(
            "INSERT OR REPLACE INTO score_lines (school_id, seq, province, track, year, batch, admission_type, grp,
             subjects, lowest, lowest_rank, average, highest, control_line)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )
        .map_err(fail)?;
    let mut major = tx
        .prepare(
            "INSERT OR REPLACE INTO major_lines (school_id, seq, province, track, year, batch, admission_type, grp,
             major, major_class, subjects, lowest, lowest_rank, average, highest)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )
        .map_err(fail)?;
    let mut plan = tx
        .prepare(
            "INSERT OR REPLACE INTO plans (school_id, seq, province, track, year, batch, admission_type, grp,
             major, major_class, places, duration, tuition, subjects, remarks)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )
        .map_err(fail)?;
    let mut rank = tx
        .prepare(
            "INSERT OR REPLACE INTO rank_rows (province, track, school_id, year, score, rank)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(fail)?;
    let average = |v: Option<f32>| v.map(f64::from);
    for s in &a.schools {
        let id = s.school_id;
        school
            .execute(params![
                id,
                serde_json::to_string(&s.provinces).map_err(fail)?,
                serde_json::to_string(&s.majors).map_err(fail)?
            ])
            .map_err(fail)?;
        for (seq, l) in s.lines.iter().enumerate() {
            line.execute(params![
                id,
                seq as i64,
                l.province,
                l.track.code(),
                l.year,
                l.batch.code(),
                l.admission_type.code(),
                l.group,
                l.subjects,
                l.lowest,
                l.lowest_rank,
                average(l.average),
                l.highest,
                l.control_line
            ])
            .map_err(fail)?;
        }
        for (seq, l) in s.major_lines.iter().enumerate() {
            major
                .execute(params![
                    id,
                    seq as i64,
                    l.province,
                    l.track.code(),
                    l.year,
                    l.batch.code(),
                    l.admission_type.code(),
                    l.group,
                    l.major,
                    l.major_class,
                    l.subjects,
                    l.lowest,
                    l.lowest_rank,
                    average(l.average),
                    l.highest
                ])
                .map_err(fail)?;
        }
        for (seq, p) in s.plans.iter().enumerate() {
            plan.execute(params![
                id,
                seq as i64,
                p.province,
                p.track.code(),
                p.year,
                p.batch.code(),
                p.admission_type.code(),
                p.group,
                p.major,
                p.major_class,
                p.places,
                p.duration,
                p.tuition,
                p.subjects,
                p.remarks
            ])
            .map_err(fail)?;
        }
        // The rank index rows, by the shared rule of which lines count.
        let mut keys: Vec<(&str, Track)> = s.lines.iter().map(|l| (l.province.as_str(), l.track)).collect();
        keys.sort();
        keys.dedup();
        for (province, track) in keys {
            let lines = s.lines.iter().filter(|l| l.province == province && l.track == track);
            for lowest in index_lowest(lines) {
                rank.execute(params![province, track.code(), id, lowest.year, lowest.score, lowest.rank])
                    .map_err(fail)?;
            }
        }
    }
    let mut table = tx
        .prepare(
            "INSERT OR REPLACE INTO score_tables (province, track, year, top, ranks) VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .map_err(fail)?;
    for ((province, track, year), t) in &a.tables {
        table
            .execute(params![
                province,
                track.code(),
                year,
                t.top,
                serde_json::to_string(&t.ranks).map_err(fail)?
            ])
            .map_err(fail)?;
    }
    let mut group = tx
        .prepare(
            "INSERT OR REPLACE INTO admission_groups (province, track, school_id, code, school_code, plan_year, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .map_err(fail)?;
    for s in &a.schools {
        for mine in &s.groups {
            for g in &mine.groups {
                group
                    .execute(params![
                        mine.province,
                        mine.track.code(),
                        s.school_id,
                        g.code,
                        mine.code,
                        mine.plan_year,
                        group_body(g)?
                    ])
                    .map_err(fail)?;
            }
        }
    }
    let provinces = serde_json::to_string(&a.province_meta()).map_err(fail)?;
    let featured = serde_json::to_string(&data.featured).map_err(fail)?;
    for (key, value) in [("provinces", provinces), ("featured", featured)] {
        tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", [key, &value])
            .map_err(fail)?;
    }
    Ok(())
}

fn track(row: &Row, i: usize) -> rusqlite::Result<Track> {
    Ok(Track::from_code(&row.get::<_, String>(i)?).unwrap_or(Track::Other))
}

fn batch(row: &Row, i: usize) -> rusqlite::Result<Batch> {
    Ok(Batch::from_code(&row.get::<_, String>(i)?).unwrap_or(Batch::Other))
}

fn admission_type(row: &Row, i: usize) -> rusqlite::Result<AdmissionType> {
    Ok(AdmissionType::from_code(&row.get::<_, String>(i)?).unwrap_or(AdmissionType::Other))
}

fn average(row: &Row, i: usize) -> rusqlite::Result<Option<f32>> {
    Ok(row.get::<_, Option<f64>>(i)?.map(|v| v as f32))
}

/// The key columns every admission table shares, in this order.
const KEY: &str = "year, province, track, batch, admission_type, grp";

fn score_line(r: &Row) -> rusqlite::Result<ScoreLine> {
    Ok(ScoreLine {
        year: r.get(0)?,
        province: r.get(1)?,
        track: track(r, 2)?,
        batch: batch(r, 3)?,
        admission_type: admission_type(r, 4)?,
        group: r.get(5)?,
        subjects: r.get(6)?,
        lowest: r.get(7)?,
        lowest_rank: r.get(8)?,
        average: average(r, 9)?,
        highest: r.get(10)?,
        control_line: r.get(11)?,
        source: None,
        rank_source: None,
        control_source: None,
    })
}

fn major_line(r: &Row) -> rusqlite::Result<MajorScoreLine> {
    Ok(MajorScoreLine {
        year: r.get(0)?,
        province: r.get(1)?,
        track: track(r, 2)?,
        batch: batch(r, 3)?,
        admission_type: admission_type(r, 4)?,
        group: r.get(5)?,
        major: r.get(6)?,
        major_class: r.get(7)?,
        subjects: r.get(8)?,
        lowest: r.get(9)?,
        lowest_rank: r.get(10)?,
        average: average(r, 11)?,
        highest: r.get(12)?,
        source: None,
        rank_source: None,
    })
}

fn plan_row(r: &Row) -> rusqlite::Result<PlanRow> {
    Ok(PlanRow {
        year: r.get(0)?,
        province: r.get(1)?,
        track: track(r, 2)?,
        batch: batch(r, 3)?,
        admission_type: admission_type(r, 4)?,
        group: r.get(5)?,
        major: r.get(6)?,
        major_class: r.get(7)?,
        places: r.get(8)?,
        duration: r.get(9)?,
        tuition: r.get(10)?,
        subjects: r.get(11)?,
        remarks: r.get(12)?,
        source: None,
    })
}

/// `WHERE school_id = ?1 AND …` for a query's filters, with its values.
pub(crate) fn filter(id: SchoolId, q: &AdmissionQuery) -> (String, Vec<Value>) {
    let mut clauses = vec!["school_id = ?1".to_string()];
    let mut values = vec![Value::Integer(i64::from(id))];
    let mut add = |column: &str, value: Value| {
        values.push(value);
        clauses.push(format!("{column} = ?{}", values.len()));
    };
    if let Some(p) = &q.province {
        add("province", Value::Text(p.clone()));
    }
    if let Some(t) = q.track {
        add("track", Value::Text(t.code().into()));
    }
    if let Some(y) = q.year {
        add("year", Value::Integer(i64::from(y)));
    }
    if let Some(b) = q.batch {
        add("batch", Value::Text(b.code().into()));
    }
    (format!("WHERE {}", clauses.join(" AND ")), values)
}

fn school_exists(conn: &Connection, id: SchoolId) -> StoreResult<bool> {
    conn.query_row("SELECT 1 FROM schools WHERE id = ?1", [id], |_| Ok(()))
        .optional()
        .map(|r| r.is_some())
        .map_err(fail)
}

fn rows<T>(
    conn: &Connection,
    sql: &str,
    values: Vec<Value>,
    map: fn(&Row) -> rusqlite::Result<T>,
) -> StoreResult<Vec<T>> {
    let mut statement = conn.prepare_cached(sql).map_err(fail)?;
    let rows = statement.query_map(params_from_iter(values), map).map_err(fail)?;
    rows.collect::<Result<_, _>>().map_err(fail)
}

/// One page of a school's rows from `table`, like `portal_model::admissions::page_of`.
fn paged<T>(
    conn: &Connection,
    table: &str,
    columns: &str,
    id: SchoolId,
    q: &AdmissionQuery,
    page_size: u32,
    map: fn(&Row) -> rusqlite::Result<T>,
) -> StoreResult<Page<T>> {
    let page = q.page.max(1);
    if q.matches_nothing {
        return Ok(Page { items: Vec::new(), page, page_size, total: 0 });
    }
    let (filter, values) = filter(id, q);
    let total: i64 = conn
        .query_row(&format!("SELECT COUNT(*) FROM {table} {filter}"), params_from_iter(values.clone()), |r| {
            r.get(0)
        })
        .map_err(fail)?;
    let offset = (i64::from(page) - 1) * i64::from(page_size);
    let items = if offset >= total {
        Vec::new()
    } else {
        rows(
            conn,
            &format!("SELECT {columns} FROM {table} {filter} ORDER BY seq LIMIT {page_size} OFFSET {offset}"),
            values,
            map,
        )?
    };
    Ok(Page { items, page, page_size, total: u32::try_from(total).unwrap_or(u32::MAX) })
}

impl AdmissionStore for SqliteStore {
    fn school_scores(&self, id: SchoolId, q: &AdmissionQuery) -> StoreResult<Option<SchoolScores>> {
        let conn = self.conn()?;
        let Some(school) = Self::card_by_id(&conn, id)? else { return Ok(None) };
        let provinces: Vec<String> = conn
            .query_row("SELECT provinces FROM admission_schools WHERE school_id = ?1", [id], |r| {
                r.get::<_, String>(0)
            })
            .optional()
            .map_err(fail)?
            .map(|text| serde_json::from_str(&text).unwrap_or_default())
            .unwrap_or_default();
        let lines = if q.matches_nothing {
            Vec::new()
        } else {
            let (filter, values) = filter(id, q);
            rows(
                &conn,
                &format!(
                    "SELECT {KEY}, subjects, lowest, lowest_rank, average, highest, control_line
                     FROM score_lines {filter} ORDER BY seq"
                ),
                values,
                score_line,
            )?
        };
        Ok(Some(SchoolScores { school, provinces, lines }))
    }

    fn major_scores(&self, id: SchoolId, q: &AdmissionQuery) -> StoreResult<Option<Page<MajorScoreLine>>> {
        let conn = self.conn()?;
        if !school_exists(&conn, id)? {
            return Ok(None);
        }
        let columns = format!("{KEY}, major, major_class, subjects, lowest, lowest_rank, average, highest");
        paged(&conn, "major_lines", &columns, id, q, MAJOR_LINES_PER_PAGE, major_line).map(Some)
    }

    fn plans(&self, id: SchoolId, q: &AdmissionQuery) -> StoreResult<Option<Page<PlanRow>>> {
        let conn = self.conn()?;
        if !school_exists(&conn, id)? {
            return Ok(None);
        }
        let columns = format!("{KEY}, major, major_class, places, duration, tuition, subjects, remarks");
        paged(&conn, "plans", &columns, id, q, PLANS_PER_PAGE, plan_row).map(Some)
    }

    fn school_majors(&self, id: SchoolId) -> StoreResult<Option<SchoolMajors>> {
        let conn = self.conn()?;
        let Some(school) = Self::card_by_id(&conn, id)? else { return Ok(None) };
        let categories = conn
            .query_row("SELECT majors FROM admission_schools WHERE school_id = ?1", [id], |r| {
                r.get::<_, String>(0)
            })
            .optional()
            .map_err(fail)?
            .map(|text| serde_json::from_str(&text).map_err(fail))
            .transpose()?
            .unwrap_or_default();
        Ok(Some(SchoolMajors { school, categories }))
    }

    fn province_meta(&self) -> StoreResult<Vec<ProvinceMeta>> {
        let conn = self.conn()?;
        let text: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'provinces'", [], |r| r.get(0))
            .optional()
            .map_err(fail)?;
        text.map(|t| serde_json::from_str(&t).map_err(fail)).transpose().map(Option::unwrap_or_default)
    }

    fn rank_cache(&self) -> &RankCache {
        &self.rank_cache
    }

    fn load_group_index(&self, province: &str, track: Track) -> StoreResult<GroupIndex> {
        let conn = self.conn()?;
        let records = rows(
            &conn,
            GROUP_ROWS,
            vec![Value::Text(province.into()), Value::Text(track.code().into())],
            group_record,
        )?;
        if records.is_empty() {
            return Ok(GroupIndex::empty(province, track));
        }
        assemble_group_index(province, track, records, Self::score_tables(&conn, province, track)?)
    }

    fn load_rank_index(&self, province: &str, track: Track) -> StoreResult<RankIndex> {
        let conn = self.conn()?;
        let mut statement = conn
            .prepare_cached(
                "SELECT r.school_id, s.name, s.level, r.year, r.score, r.rank
                 FROM rank_rows r JOIN schools s ON s.id = r.school_id
                 WHERE r.province = ?1 AND r.track = ?2 ORDER BY r.school_id, r.year",
            )
            .map_err(fail)?;
        let mut schools: Vec<RankRow> = Vec::new();
        let mut years: Vec<u16> = Vec::new();
        let found = statement
            .query_map(params![province, track.code()], |r| {
                Ok((
                    r.get::<_, SchoolId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    YearLowest { year: r.get(3)?, score: r.get(4)?, rank: r.get(5)? },
                ))
            })
            .map_err(fail)?;
        for row in found {
            let (id, name, level, lowest) = row.map_err(fail)?;
            years.push(lowest.year);
            match schools.last_mut() {
                Some(last) if last.id == id => last.lowest.push(lowest),
                _ => schools.push(RankRow {
                    id,
                    name,
                    level: Level::from_code(&level).unwrap_or(Level::Other),
                    lowest: vec![lowest],
                }),
            }
        }
        years.sort_unstable();
        years.dedup();
        let table = match years.last() {
            None => None,
            Some(&year) => conn
                .query_row(
                    "SELECT top, ranks FROM score_tables WHERE province = ?1 AND track = ?2 AND year = ?3",
                    params![province, track.code(), year],
                    |r| Ok((r.get::<_, u16>(0)?, r.get::<_, String>(1)?)),
                )
                .optional()
                .map_err(fail)?
                .map(|(top, ranks)| {
                    serde_json::from_str(&ranks)
                        .map(|ranks| ScoreTable { year, top, ranks, source: None })
                        .map_err(fail)
                })
                .transpose()?,
        };
        Ok(RankIndex {
            province: province.to_string(),
            track,
            years,
            table,
            schools,
            sources: Vec::new(),
            derived_ranks: false,
        })
    }
}

/// The group rows of one province and track, by school and code.
const GROUP_ROWS: &str =
    "SELECT g.school_id, s.name, s.level, s.kind, s.nature, s.province, g.school_code, g.plan_year, g.body
     FROM admission_groups g JOIN schools s ON s.id = g.school_id
     WHERE g.province = ?1 AND g.track = ?2 ORDER BY g.school_id, g.code";

fn group_record(r: &Row) -> rusqlite::Result<GroupRecord> {
    let school = GroupSchool {
        id: r.get(0)?,
        name: r.get(1)?,
        level: Level::from_code(&r.get::<_, String>(2)?).unwrap_or(Level::Other),
        kind: Kind::from_code(&r.get::<_, String>(3)?).unwrap_or(Kind::Other),
        nature: Nature::from_code(&r.get::<_, String>(4)?).unwrap_or(Nature::Other),
        province: r.get(5)?,
        code: r.get(6)?,
    };
    Ok(GroupRecord { school, plan_year: r.get(7)?, body: r.get(8)? })
}

impl SqliteStore {
    /// Every 一分一段表 of a province and track.
    fn score_tables(conn: &Connection, province: &str, track: Track) -> StoreResult<Vec<ScoreTable>> {
        let mut statement = conn
            .prepare_cached("SELECT year, top, ranks FROM score_tables WHERE province = ?1 AND track = ?2")
            .map_err(fail)?;
        let found = statement
            .query_map(params![province, track.code()], |r| {
                Ok((r.get::<_, u16>(0)?, r.get::<_, u16>(1)?, r.get::<_, String>(2)?))
            })
            .map_err(fail)?;
        let mut tables = Vec::new();
        for row in found {
            let (year, top, ranks) = row.map_err(fail)?;
            tables.push(ScoreTable {
                year,
                top,
                ranks: serde_json::from_str(&ranks).map_err(fail)?,
                source: None,
            });
        }
        Ok(tables)
    }

    /// `EXPLAIN QUERY PLAN` of each admission query shape, as (query, plan): for tests and for
    /// anyone checking that a change of schema keeps the queries on their indexes.
    pub fn admission_query_plans(&self) -> StoreResult<Vec<(String, String)>> {
        let conn = self.conn()?;
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
            for (table, columns) in [("score_lines", "lowest"), ("major_lines", "major"), ("plans", "places")]
            {
                queries.push((
                    format!("SELECT {KEY}, {columns} FROM {table} {filter} ORDER BY seq"),
                    values.clone(),
                ));
                queries.push((format!("SELECT COUNT(*) FROM {table} {filter}"), values.clone()));
            }
        }
        let rank_values = vec![Value::Text("福建".into()), Value::Text("physics".into())];
        queries.push((
            "SELECT r.school_id, s.name, s.level, r.year, r.score, r.rank
             FROM rank_rows r JOIN schools s ON s.id = r.school_id
             WHERE r.province = ?1 AND r.track = ?2 ORDER BY r.school_id, r.year"
                .into(),
            rank_values.clone(),
        ));
        queries.push((
            "SELECT top, ranks FROM score_tables WHERE province = ?1 AND track = ?2 AND year = 2025".into(),
            rank_values,
        ));
        queries.push((
            "SELECT provinces FROM admission_schools WHERE school_id = ?1".into(),
            vec![Value::Integer(1)],
        ));
        let origin = vec![Value::Text("福建".into()), Value::Text("physics".into())];
        queries.push((GROUP_ROWS.into(), origin.clone()));
        queries.push((
            "SELECT year, top, ranks FROM score_tables WHERE province = ?1 AND track = ?2".into(),
            origin,
        ));
        let mut out = Vec::new();
        for (sql, values) in queries {
            let mut statement = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).map_err(fail)?;
            let details = statement
                .query_map(params_from_iter(values), |r| r.get::<_, String>(3))
                .map_err(fail)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(fail)?;
            out.push((sql, details.join("; ")));
        }
        Ok(out)
    }
}

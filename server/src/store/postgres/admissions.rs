//! The 招生数据 tables of the PostgreSQL store: the same rows, order (`seq`) and answers as
//! `store/sqlite/admissions.rs`, with `$n` parameters and `BIGINT` columns.

use super::{fail, get, num, opt_num, refs, Param, PgStore};
use crate::store::admissions::{assemble_group_index, group_body, GroupRecord};
use crate::store::{AdmissionStore, RankCache, StoreError, StoreResult};
use portal_dataset::Dataset;
use portal_model::admissions::*;
use portal_model::volunteer::groups::{GroupIndex, GroupSchool};
use portal_model::{Kind, Level, Nature, Page, SchoolId};
use postgres::{GenericClient, Row, Transaction};

/// Loads the admission data of a data set (inside the seeding transaction).
pub(super) fn seed(tx: &mut Transaction, data: &Dataset) -> StoreResult<()> {
    let a = &data.admissions;
    let school = tx
        .prepare(
            "INSERT INTO admission_schools (school_id, provinces, majors) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
        )
        .map_err(fail)?;
    let line = tx
        .prepare(
            "INSERT INTO score_lines (school_id, seq, province, track, year, batch, admission_type, grp,
             subjects, lowest, lowest_rank, average, highest, control_line)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING",
        )
        .map_err(fail)?;
    let major = tx
        .prepare(
            "INSERT INTO major_lines (school_id, seq, province, track, year, batch, admission_type, grp,
             major, major_class, subjects, lowest, lowest_rank, average, highest)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING",
        )
        .map_err(fail)?;
    let plan = tx
        .prepare(
            "INSERT INTO plans (school_id, seq, province, track, year, batch, admission_type, grp,
             major, major_class, places, duration, tuition, subjects, remarks)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING",
        )
        .map_err(fail)?;
    let rank = tx
        .prepare(
            "INSERT INTO rank_rows (province, track, school_id, year, score, rank)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .map_err(fail)?;
    let average = |v: Option<f32>| v.map(f64::from);
    let wide = |v: Option<u32>| v.map(i64::from);
    let short = |v: Option<u16>| v.map(i64::from);
    for s in &a.schools {
        let id = i64::from(s.school_id);
        tx.execute(
            &school,
            &[
                &id,
                &serde_json::to_string(&s.provinces).map_err(fail)?,
                &serde_json::to_string(&s.majors).map_err(fail)?,
            ],
        )
        .map_err(fail)?;
        for (seq, l) in s.lines.iter().enumerate() {
            tx.execute(
                &line,
                &[
                    &id,
                    &(seq as i64),
                    &l.province,
                    &l.track.code(),
                    &i64::from(l.year),
                    &l.batch.code(),
                    &l.admission_type.code(),
                    &l.group,
                    &l.subjects,
                    &i64::from(l.lowest),
                    &wide(l.lowest_rank),
                    &average(l.average),
                    &short(l.highest),
                    &short(l.control_line),
                ],
            )
            .map_err(fail)?;
        }
        for (seq, l) in s.major_lines.iter().enumerate() {
            tx.execute(
                &major,
                &[
                    &id,
                    &(seq as i64),
                    &l.province,
                    &l.track.code(),
                    &i64::from(l.year),
                    &l.batch.code(),
                    &l.admission_type.code(),
                    &l.group,
                    &l.major,
                    &l.major_class,
                    &l.subjects,
                    &i64::from(l.lowest),
                    &wide(l.lowest_rank),
                    &average(l.average),
                    &short(l.highest),
                ],
            )
            .map_err(fail)?;
        }
        for (seq, p) in s.plans.iter().enumerate() {
            tx.execute(
                &plan,
                &[
                    &id,
                    &(seq as i64),
                    &p.province,
                    &p.track.code(),
                    &i64::from(p.year),
                    &p.batch.code(),
                    &p.admission_type.code(),
                    &p.group,
                    &p.major,
                    &p.major_class,
                    &i64::from(p.places),
                    &p.duration.map(i64::from),
                    &wide(p.tuition),
                    &p.subjects,
                    &p.remarks,
                ],
            )
            .map_err(fail)?;
        }
        // The rank index rows, by the shared rule of which lines count.
        let mut keys: Vec<(&str, Track)> = s.lines.iter().map(|l| (l.province.as_str(), l.track)).collect();
        keys.sort();
        keys.dedup();
        for (province, track) in keys {
            let lines = s.lines.iter().filter(|l| l.province == province && l.track == track);
            for lowest in index_lowest(lines) {
                tx.execute(
                    &rank,
                    &[
                        &province,
                        &track.code(),
                        &id,
                        &i64::from(lowest.year),
                        &i64::from(lowest.score),
                        &wide(lowest.rank),
                    ],
                )
                .map_err(fail)?;
            }
        }
    }
    let table = tx
        .prepare(
            "INSERT INTO score_tables (province, track, year, top, ranks) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING",
        )
        .map_err(fail)?;
    for ((province, track, year), t) in &a.tables {
        tx.execute(
            &table,
            &[
                province,
                &track.code(),
                &i64::from(*year),
                &i64::from(t.top),
                &serde_json::to_string(&t.ranks).map_err(fail)?,
            ],
        )
        .map_err(fail)?;
    }
    let group = tx
        .prepare(
            "INSERT INTO admission_groups (province, track, school_id, code, school_code, plan_year, body)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .map_err(fail)?;
    for s in &a.schools {
        for mine in &s.groups {
            for g in &mine.groups {
                tx.execute(
                    &group,
                    &[
                        &mine.province,
                        &mine.track.code(),
                        &i64::from(s.school_id),
                        &g.code,
                        &mine.code,
                        &i64::from(mine.plan_year),
                        &group_body(g)?,
                    ],
                )
                .map_err(fail)?;
            }
        }
    }
    let provinces = serde_json::to_string(&a.province_meta()).map_err(fail)?;
    let featured = serde_json::to_string(&data.featured).map_err(fail)?;
    for (key, value) in [("provinces", provinces), ("featured", featured)] {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            &[&key, &value],
        )
        .map_err(fail)?;
    }
    Ok(())
}

fn track(row: &Row, i: usize) -> StoreResult<Track> {
    Ok(Track::from_code(get(row, i)?).unwrap_or(Track::Other))
}

fn batch(row: &Row, i: usize) -> StoreResult<Batch> {
    Ok(Batch::from_code(get(row, i)?).unwrap_or(Batch::Other))
}

fn admission_type(row: &Row, i: usize) -> StoreResult<AdmissionType> {
    Ok(AdmissionType::from_code(get(row, i)?).unwrap_or(AdmissionType::Other))
}

fn average(row: &Row, i: usize) -> StoreResult<Option<f32>> {
    Ok(get::<Option<f64>>(row, i)?.map(|v| v as f32))
}

/// The key columns every admission table shares, in this order.
const KEY: &str = "year, province, track, batch, admission_type, grp";

fn score_line(r: &Row) -> StoreResult<ScoreLine> {
    Ok(ScoreLine {
        year: num(r, 0)?,
        province: get(r, 1)?,
        track: track(r, 2)?,
        batch: batch(r, 3)?,
        admission_type: admission_type(r, 4)?,
        group: get(r, 5)?,
        subjects: get(r, 6)?,
        lowest: num(r, 7)?,
        lowest_rank: opt_num(r, 8)?,
        average: average(r, 9)?,
        highest: opt_num(r, 10)?,
        control_line: opt_num(r, 11)?,
        source: None,
        rank_source: None,
        control_source: None,
    })
}

fn major_line(r: &Row) -> StoreResult<MajorScoreLine> {
    Ok(MajorScoreLine {
        year: num(r, 0)?,
        province: get(r, 1)?,
        track: track(r, 2)?,
        batch: batch(r, 3)?,
        admission_type: admission_type(r, 4)?,
        group: get(r, 5)?,
        major: get(r, 6)?,
        major_class: get(r, 7)?,
        subjects: get(r, 8)?,
        lowest: num(r, 9)?,
        lowest_rank: opt_num(r, 10)?,
        average: average(r, 11)?,
        highest: opt_num(r, 12)?,
        source: None,
        rank_source: None,
    })
}

fn plan_row(r: &Row) -> StoreResult<PlanRow> {
    Ok(PlanRow {
        year: num(r, 0)?,
        province: get(r, 1)?,
        track: track(r, 2)?,
        batch: batch(r, 3)?,
        admission_type: admission_type(r, 4)?,
        group: get(r, 5)?,
        major: get(r, 6)?,
        major_class: get(r, 7)?,
        places: num(r, 8)?,
        duration: opt_num(r, 9)?,
        tuition: opt_num(r, 10)?,
        subjects: get(r, 11)?,
        remarks: get(r, 12)?,
        source: None,
    })
}

/// `WHERE school_id = $1 AND …` for a query's filters, with its values.
fn filter(id: SchoolId, q: &AdmissionQuery) -> (String, Vec<Param>) {
    let mut clauses = vec!["school_id = $1".to_string()];
    let mut values: Vec<Param> = vec![Box::new(i64::from(id))];
    let mut add = |column: &str, value: Param| {
        values.push(value);
        clauses.push(format!("{column} = ${}", values.len()));
    };
    if let Some(p) = &q.province {
        add("province", Box::new(p.clone()));
    }
    if let Some(t) = q.track {
        add("track", Box::new(t.code().to_string()));
    }
    if let Some(y) = q.year {
        add("year", Box::new(i64::from(y)));
    }
    if let Some(b) = q.batch {
        add("batch", Box::new(b.code().to_string()));
    }
    (format!("WHERE {}", clauses.join(" AND ")), values)
}

fn school_exists(conn: &mut impl GenericClient, id: SchoolId) -> StoreResult<bool> {
    conn.query_opt("SELECT 1 FROM schools WHERE id = $1", &[&i64::from(id)])
        .map(|r| r.is_some())
        .map_err(fail)
}

fn rows<T>(
    conn: &mut impl GenericClient,
    sql: &str,
    values: &[Param],
    map: fn(&Row) -> StoreResult<T>,
) -> StoreResult<Vec<T>> {
    conn.query(sql, &refs(values)).map_err(fail)?.iter().map(map).collect()
}

/// One page of a school's rows from `table`, like `portal_model::admissions::page_of`.
fn paged<T>(
    conn: &mut impl GenericClient,
    table: &str,
    columns: &str,
    id: SchoolId,
    q: &AdmissionQuery,
    page_size: u32,
    map: fn(&Row) -> StoreResult<T>,
) -> StoreResult<Page<T>> {
    let page = q.page.max(1);
    if q.matches_nothing {
        return Ok(Page { items: Vec::new(), page, page_size, total: 0 });
    }
    let (filter, values) = filter(id, q);
    let row =
        conn.query_one(&format!("SELECT COUNT(*) FROM {table} {filter}"), &refs(&values)).map_err(fail)?;
    let total: i64 = get(&row, 0)?;
    let offset = (i64::from(page) - 1) * i64::from(page_size);
    let items = if offset >= total {
        Vec::new()
    } else {
        rows(
            conn,
            &format!("SELECT {columns} FROM {table} {filter} ORDER BY seq LIMIT {page_size} OFFSET {offset}"),
            &values,
            map,
        )?
    };
    Ok(Page { items, page, page_size, total: u32::try_from(total).unwrap_or(u32::MAX) })
}

/// A JSON text column of one row, if the row exists.
fn json_column(conn: &mut impl GenericClient, sql: &str, id: SchoolId) -> StoreResult<Option<String>> {
    conn.query_opt(sql, &[&i64::from(id)]).map_err(fail)?.map(|r| get::<String>(&r, 0)).transpose()
}

impl AdmissionStore for PgStore {
    fn school_scores(&self, id: SchoolId, q: &AdmissionQuery) -> StoreResult<Option<SchoolScores>> {
        let mut conn = self.conn()?;
        let Some(school) = Self::card_by_id(&mut *conn, id)? else { return Ok(None) };
        let provinces: Vec<String> =
            json_column(&mut *conn, "SELECT provinces FROM admission_schools WHERE school_id = $1", id)?
                .map(|text| serde_json::from_str(&text).unwrap_or_default())
                .unwrap_or_default();
        let lines = if q.matches_nothing {
            Vec::new()
        } else {
            let (filter, values) = filter(id, q);
            rows(
                &mut *conn,
                &format!(
                    "SELECT {KEY}, subjects, lowest, lowest_rank, average, highest, control_line
                     FROM score_lines {filter} ORDER BY seq"
                ),
                &values,
                score_line,
            )?
        };
        Ok(Some(SchoolScores { school, provinces, lines }))
    }

    fn major_scores(&self, id: SchoolId, q: &AdmissionQuery) -> StoreResult<Option<Page<MajorScoreLine>>> {
        let mut conn = self.conn()?;
        if !school_exists(&mut *conn, id)? {
            return Ok(None);
        }
        let columns = format!("{KEY}, major, major_class, subjects, lowest, lowest_rank, average, highest");
        paged(&mut *conn, "major_lines", &columns, id, q, MAJOR_LINES_PER_PAGE, major_line).map(Some)
    }

    fn plans(&self, id: SchoolId, q: &AdmissionQuery) -> StoreResult<Option<Page<PlanRow>>> {
        let mut conn = self.conn()?;
        if !school_exists(&mut *conn, id)? {
            return Ok(None);
        }
        let columns = format!("{KEY}, major, major_class, places, duration, tuition, subjects, remarks");
        paged(&mut *conn, "plans", &columns, id, q, PLANS_PER_PAGE, plan_row).map(Some)
    }

    fn school_majors(&self, id: SchoolId) -> StoreResult<Option<SchoolMajors>> {
        let mut conn = self.conn()?;
        let Some(school) = Self::card_by_id(&mut *conn, id)? else { return Ok(None) };
        let categories =
            json_column(&mut *conn, "SELECT majors FROM admission_schools WHERE school_id = $1", id)?
                .map(|text| serde_json::from_str(&text).map_err(fail))
                .transpose()?
                .unwrap_or_default();
        Ok(Some(SchoolMajors { school, categories }))
    }

    fn province_meta(&self) -> StoreResult<Vec<ProvinceMeta>> {
        let text: Option<String> = self
            .conn()?
            .query_opt("SELECT value FROM meta WHERE key = 'provinces'", &[])
            .map_err(fail)?
            .map(|r| get(&r, 0))
            .transpose()?;
        text.map(|t| serde_json::from_str(&t).map_err(fail)).transpose().map(Option::unwrap_or_default)
    }

    fn rank_cache(&self) -> &RankCache {
        &self.rank_cache
    }

    fn load_group_index(&self, province: &str, track: Track) -> StoreResult<GroupIndex> {
        let mut conn = self.conn()?;
        let found = conn
            .query(
                "SELECT g.school_id, s.name, s.level, s.kind, s.nature, s.province, g.school_code, g.plan_year, g.body
                 FROM admission_groups g JOIN schools s ON s.id = g.school_id
                 WHERE g.province = $1 AND g.track = $2 ORDER BY g.school_id, g.code",
                &[&province, &track.code()],
            )
            .map_err(fail)?;
        if found.is_empty() {
            return Ok(GroupIndex::empty(province, track));
        }
        let mut records = Vec::with_capacity(found.len());
        for r in &found {
            let school = GroupSchool {
                id: num(r, 0)?,
                name: get(r, 1)?,
                level: Level::from_code(get(r, 2)?).unwrap_or(Level::Other),
                kind: Kind::from_code(get(r, 3)?).unwrap_or(Kind::Other),
                nature: Nature::from_code(get(r, 4)?).unwrap_or(Nature::Other),
                province: get(r, 5)?,
                code: get(r, 6)?,
            };
            records.push(GroupRecord { school, plan_year: num(r, 7)?, body: get(r, 8)? });
        }
        let mut tables = Vec::new();
        for r in &conn
            .query(
                "SELECT year, top, ranks FROM score_tables WHERE province = $1 AND track = $2",
                &[&province, &track.code()],
            )
            .map_err(fail)?
        {
            let ranks: String = get(r, 2)?;
            let ranks = serde_json::from_str(&ranks).map_err(|e| StoreError(e.to_string()))?;
            tables.push(ScoreTable { year: num(r, 0)?, top: num(r, 1)?, ranks, source: None });
        }
        assemble_group_index(province, track, records, tables)
    }

    fn load_rank_index(&self, province: &str, track: Track) -> StoreResult<RankIndex> {
        let mut conn = self.conn()?;
        let found = conn
            .query(
                "SELECT r.school_id, s.name, s.level, r.year, r.score, r.rank
                 FROM rank_rows r JOIN schools s ON s.id = r.school_id
                 WHERE r.province = $1 AND r.track = $2 ORDER BY r.school_id, r.year",
                &[&province, &track.code()],
            )
            .map_err(fail)?;
        let mut schools: Vec<RankRow> = Vec::new();
        let mut years: Vec<u16> = Vec::new();
        for r in &found {
            let id: SchoolId = num(r, 0)?;
            let lowest = YearLowest { year: num(r, 3)?, score: num(r, 4)?, rank: opt_num(r, 5)? };
            years.push(lowest.year);
            match schools.last_mut() {
                Some(last) if last.id == id => last.lowest.push(lowest),
                _ => schools.push(RankRow {
                    id,
                    name: get(r, 1)?,
                    level: Level::from_code(get(r, 2)?).unwrap_or(Level::Other),
                    lowest: vec![lowest],
                }),
            }
        }
        years.sort_unstable();
        years.dedup();
        let table = match years.last() {
            None => None,
            Some(&year) => conn
                .query_opt(
                    "SELECT top, ranks FROM score_tables WHERE province = $1 AND track = $2 AND year = $3",
                    &[&province, &track.code(), &i64::from(year)],
                )
                .map_err(fail)?
                .map(|r| -> StoreResult<ScoreTable> {
                    let ranks: String = get(&r, 1)?;
                    let ranks = serde_json::from_str(&ranks).map_err(|e| StoreError(e.to_string()))?;
                    Ok(ScoreTable { year, top: num(&r, 0)?, ranks, source: None })
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

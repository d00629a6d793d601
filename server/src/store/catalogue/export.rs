//! Reading the whole catalogue back as the data set it was loaded from (`portal-data export`,
//! which writes it as a source folder): the reverse of `load.rs`'s writer, table by table.
//! Accounts, sessions and follows are not read; a school's follower count is the count it
//! started from (`base_followers`), not the live one, so an exported and reloaded school keeps
//! its follows once.

use crate::store::db::{params, Conn, FromRow, Row};
use crate::store::rows::{from_json, Record, SUMMARY};
use crate::store::{Store, StoreResult};
use portal_dataset::{Admissions, ArticleRecord, Dataset, SchoolAdmissions, SchoolGroups, SchoolRecord};
use portal_model::admissions::{MajorScoreLine, PlanRow, ScoreLine, ScoreTable, Track};
use portal_model::sources::{DataSource, SourceId};
use portal_model::volunteer::groups::Group;
use portal_model::{ArticleSummary, SchoolCard, SchoolId};
use std::collections::BTreeMap;

/// A school row with its profile and the follower count it started from.
struct StoredSchool(SchoolRecord);

impl FromRow for StoredSchool {
    fn from_row(r: &mut Row) -> StoreResult<StoredSchool> {
        // The card's columns, with the follower count it started from in the count's place.
        let card = SchoolCard::from_row(r)?;
        let profile = from_json(&r.get::<String>()?)?;
        Ok(StoredSchool(SchoolRecord { card, profile }))
    }
}

/// Every row of one admission table, by school, in each school's order (`seq`).
fn records<T: Record>(c: &mut dyn Conn) -> StoreResult<BTreeMap<SchoolId, Vec<T>>> {
    let sql =
        format!("SELECT school_id, {} FROM {} ORDER BY school_id, seq", T::COLUMNS.join(", "), T::TABLE);
    let mut out: BTreeMap<SchoolId, Vec<T>> = BTreeMap::new();
    for row in c.query(&sql, &[])? {
        let mut row = row;
        let school: SchoolId = row.get()?;
        out.entry(school).or_default().push(T::from_row(&mut row)?);
    }
    Ok(out)
}

/// A `meta` row's JSON, or the type's default when the row is missing.
fn meta<T: serde::de::DeserializeOwned + Default>(c: &mut dyn Conn, key: &str) -> StoreResult<T> {
    let text: Option<String> = c.row("SELECT value FROM meta WHERE key = $1", params![key])?;
    text.map(|t| from_json(&t)).transpose().map(Option::unwrap_or_default)
}

impl Store {
    /// The catalogue as a data set, in one read transaction: schools, articles, 招生数据 with
    /// their 院校专业组, 一分一段表, featured schools and 数据来源.
    pub fn catalogue(&self) -> StoreResult<Dataset> {
        self.transaction(|c| {
            let schools: Vec<StoredSchool> = c.rows(
                "SELECT id, name, short_name, pinyin, level, kind, nature, province, city, tags,
                 base_followers, profile FROM schools ORDER BY id",
                &[],
            )?;
            let schools: Vec<SchoolRecord> = schools.into_iter().map(|s| s.0).collect();
            let summaries: Vec<(ArticleSummary, String)> = c
                .query(
                    &format!(
                        "SELECT {SUMMARY}, a.body_html FROM articles a JOIN schools s ON s.id = a.school_id
                         ORDER BY a.published, a.id"
                    ),
                    &[],
                )?
                .into_iter()
                .map(|mut row| Ok((ArticleSummary::from_row(&mut row)?, row.get::<String>()?)))
                .collect::<StoreResult<_>>()?;
            let articles =
                summaries.into_iter().map(|(info, body_html)| ArticleRecord { info, body_html }).collect();
            let mut lines = records::<ScoreLine>(c)?;
            let mut major_lines = records::<MajorScoreLine>(c)?;
            let mut plans = records::<PlanRow>(c)?;
            let mut groups: BTreeMap<SchoolId, Vec<SchoolGroups>> = BTreeMap::new();
            let group_rows: Vec<(SchoolId, String, Track, String, u16, String)> = c.rows(
                "SELECT school_id, province, track, school_code, plan_year, body FROM admission_groups
                 ORDER BY school_id, province, track, code",
                &[],
            )?;
            for (school, province, track, code, plan_year, body) in group_rows {
                let group: Group = from_json(&body)?;
                let mine = groups.entry(school).or_default();
                match mine.last_mut() {
                    Some(g) if g.province == province && g.track == track => g.groups.push(group),
                    _ => mine.push(SchoolGroups { province, track, code, plan_year, groups: vec![group] }),
                }
            }
            let summary: Vec<(SchoolId, String, String)> =
                c.rows("SELECT school_id, provinces, majors FROM admission_schools ORDER BY school_id", &[])?;
            let admissions = summary
                .into_iter()
                .map(|(school_id, provinces, majors)| {
                    Ok(SchoolAdmissions {
                        school_id,
                        provinces: from_json(&provinces)?,
                        majors: from_json(&majors)?,
                        lines: lines.remove(&school_id).unwrap_or_default(),
                        major_lines: major_lines.remove(&school_id).unwrap_or_default(),
                        plans: plans.remove(&school_id).unwrap_or_default(),
                        groups: groups.remove(&school_id).unwrap_or_default(),
                    })
                })
                .collect::<StoreResult<Vec<_>>>()?;
            let table_rows: Vec<(String, Track, u16, u16, String, Option<SourceId>)> = c.rows(
                "SELECT province, track, year, top, ranks, source FROM score_tables ORDER BY province, track, year",
                &[],
            )?;
            let mut tables = BTreeMap::new();
            for (province, track, year, top, ranks, source) in table_rows {
                tables.insert((province, track, year), ScoreTable { year, top, ranks: from_json(&ranks)?, source });
            }
            Ok(Dataset {
                schools,
                articles,
                admissions: Admissions { schools: admissions, tables },
                featured: meta::<Vec<SchoolId>>(c, "featured")?,
                sources: meta::<Vec<DataSource>>(c, "sources")?,
            })
        })
    }
}

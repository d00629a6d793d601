//! Writing the catalogue (schools, articles, 招生数据) from a data set: everything a data set
//! holds and nothing a visitor made (accounts, sessions, follows and counters stay). One
//! writer, [`write`], serves both ways in: seeding an empty database and `portal-data load`
//! bringing a live one up to a new source. It compares before it writes, so a load of the same
//! data changes nothing (not even the catalogue's version), and it tells what it found.
//!
//! - schools and articles are upserted by id; a school's `base_followers` is set when it is
//!   first added and kept after, so its live follower count never goes back;
//! - each school's admission rows (score lines, major lines, plans, majors, the rank and group
//!   index rows) are replaced whole when they differ;
//! - 一分一段表 are upserted by (province, track, year); the pages' metadata is rewritten;
//! - what the database holds and the data set does not is reported, and removed only when
//!   asked ([`LoadOptions::remove_missing`]), with the follows and rows that point at it;
//! - when anything changed, `meta.catalogue_version` goes up by one, in the same transaction:
//!   how every instance learns of the load and drops what it keeps in memory (`kept.rs`).

use crate::store::db::{params, values, Conn, Row, Value};
use crate::store::rows::{json, Record};
use crate::store::{Store, StoreResult};
use portal_dataset::{Admissions, ArticleRecord, Dataset, SchoolAdmissions, SchoolRecord};
use portal_model::admissions::{index_lowest, Track};
use portal_model::list::normalize;
use portal_model::{ArticleId, SchoolId};
use std::cmp::Ordering;
use std::collections::HashSet;

/// How a load treats what the database holds and the data set does not.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// Remove schools and articles missing from the data set (with their follows, articles
    /// and admission rows) instead of keeping them.
    pub remove_missing: bool,
}

/// What a load did to one kind of record (schools or articles).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// In the database and not in the data set, by id (kept, or removed: `removed`).
    pub missing: Vec<u32>,
    pub removed: usize,
}

impl Tally {
    fn count(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Added => self.added += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
    }

    fn changed(&self) -> bool {
        self.added + self.updated + self.removed > 0
    }
}

/// What a load found and did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub schools: Tally,
    pub articles: Tally,
    /// Follows removed with the schools they followed (only with `remove_missing`).
    pub follows_removed: u64,
    /// 一分一段表 added or changed.
    pub score_tables_written: usize,
    /// Rows of the pages' metadata (provinces with data, featured schools) rewritten.
    pub meta_written: usize,
    /// The catalogue's version after the load (`meta.catalogue_version`; 0 before any).
    pub version: i64,
}

impl LoadReport {
    /// Whether the load changed anything (when not, the version stayed where it was).
    pub fn changed(&self) -> bool {
        self.schools.changed() || self.articles.changed() || self.score_tables_written + self.meta_written > 0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Added,
    Updated,
    Unchanged,
}

impl Outcome {
    /// A record unchanged itself whose rows that hang on it (admissions, tags) changed.
    fn or_rows_changed(self, changed: bool) -> Outcome {
        if self == Outcome::Unchanged && changed {
            Outcome::Updated
        } else {
            self
        }
    }
}

/// The key in `meta` of the catalogue's version.
pub(super) const VERSION_KEY: &str = "catalogue_version";

/// The catalogue's version (0 before the first load that changed it).
pub(super) fn version(c: &mut dyn Conn) -> StoreResult<i64> {
    let text: Option<String> = c.row("SELECT value FROM meta WHERE key = $1", params![VERSION_KEY])?;
    Ok(text.and_then(|t| t.parse().ok()).unwrap_or(0))
}

impl Store {
    /// No schools yet (a database to seed).
    pub fn is_empty(&self) -> StoreResult<bool> {
        self.run(|c| Ok(c.one::<i64>("SELECT COUNT(*) FROM schools", &[])? == 0))
    }

    /// Loads a data set into an empty database, in one transaction under the setup lock.
    /// `false` when another server instance seeded it meanwhile.
    pub fn seed(&self, data: &Dataset) -> StoreResult<bool> {
        let report = self.setup(|tx| {
            if tx.one::<i64>("SELECT COUNT(*) FROM schools", &[])? > 0 {
                return Ok(None);
            }
            write(tx, data, LoadOptions::default()).map(Some)
        })?;
        if let Some(report) = &report {
            self.kept.reset(report.version, self.clock.now_ms());
        }
        Ok(report.is_some())
    }

    /// Brings the catalogue up to `data` in one transaction under the setup lock (so two
    /// loads, or a load and a seed, never interleave); accounts, sessions, follows and
    /// counters are left as they are. When it changed anything, what this process keeps of the
    /// catalogue is dropped at once; other instances drop theirs within a second (`kept.rs`).
    pub fn load(&self, data: &Dataset, options: LoadOptions) -> StoreResult<LoadReport> {
        let report = self.setup(|tx| write(tx, data, options))?;
        if report.changed() {
            self.kept.reset(report.version, self.clock.now_ms());
        }
        Ok(report)
    }

    /// A SHA-256 of every catalogue table's rows, in a fixed order: equal before and after a
    /// load that changed nothing. Accounts, follows and counters are not in it.
    pub fn catalogue_checksum(&self) -> StoreResult<String> {
        use sha2::{Digest, Sha256};
        const TABLES: [&str; 10] = [
            "schools",
            "articles",
            "article_tags",
            "admission_schools",
            "score_lines",
            "major_lines",
            "plans",
            "rank_rows",
            "admission_groups",
            "score_tables",
        ];
        self.run(|c| {
            let mut hash = Sha256::new();
            for table in TABLES {
                let mut rows = stored_rows(c, &format!("SELECT * FROM {table}"), &[])?;
                rows.sort_by(|a, b| compare_rows(a, b));
                hash.update(format!("{table}\n{rows:?}\n").as_bytes());
            }
            let mut meta: Vec<(String, String)> = c.rows("SELECT key, value FROM meta", &[])?;
            meta.retain(|(key, _)| key != "schema");
            meta.sort();
            hash.update(format!("meta\n{meta:?}\n").as_bytes());
            Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
        })
    }
}

/// The one writer of the catalogue: `data` into the database `tx` is a transaction on.
fn write(tx: &mut dyn Conn, data: &Dataset, options: LoadOptions) -> StoreResult<LoadReport> {
    let mut report = LoadReport::default();
    let schools: HashSet<SchoolId> = data.schools.iter().map(|s| s.card.id).collect();
    let articles: HashSet<ArticleId> = data.articles.iter().map(|a| a.info.id).collect();
    let stored_schools: Vec<SchoolId> = tx.rows("SELECT id FROM schools ORDER BY id", &[])?;
    let stored_articles: Vec<ArticleId> = tx.rows("SELECT id FROM articles ORDER BY id", &[])?;
    report.schools.missing = stored_schools.into_iter().filter(|id| !schools.contains(id)).collect();
    report.articles.missing = stored_articles.into_iter().filter(|id| !articles.contains(id)).collect();
    if options.remove_missing {
        for &id in &report.articles.missing {
            remove_article(tx, id)?;
        }
        report.articles.removed = report.articles.missing.len();
        for &id in &report.schools.missing {
            let (follows, articles) = remove_school(tx, id)?;
            report.follows_removed += follows;
            report.articles.removed += articles;
        }
        report.schools.removed = report.schools.missing.len();
    }
    for record in &data.schools {
        let outcome = write_school(tx, record)?;
        let admissions = write_admissions(tx, record.card.id, data.admissions.of(record.card.id))?;
        report.schools.count(outcome.or_rows_changed(admissions));
    }
    for record in &data.articles {
        report.articles.count(write_article(tx, record)?);
    }
    report.score_tables_written = write_score_tables(tx, &data.admissions)?;
    report.meta_written = write_meta(tx, data)?;
    report.version = version(tx)?;
    if report.changed() {
        report.version += 1;
        upsert(
            tx,
            "meta",
            &["key"],
            values![VERSION_KEY],
            &["value"],
            values![report.version.to_string()],
            None,
        )?;
    }
    Ok(report)
}

/// Every row of an answer as its values.
fn stored_rows(c: &mut dyn Conn, sql: &str, params: &[Value]) -> StoreResult<Vec<Vec<Value>>> {
    Ok(c.query(sql, params)?.into_iter().map(Row::into_values).collect())
}

/// A total order of rows (to compare sets of rows whatever order a database returns them in).
fn compare_rows(a: &[Value], b: &[Value]) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Int(_) => 1,
            Value::Real(_) => 2,
            Value::Text(_) => 3,
        }
    }
    for (x, y) in a.iter().zip(b) {
        let order = match (x, y) {
            (Value::Int(x), Value::Int(y)) => x.cmp(y),
            (Value::Real(x), Value::Real(y)) => x.total_cmp(y),
            (Value::Text(x), Value::Text(y)) => x.cmp(y),
            _ => rank(x).cmp(&rank(y)),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

/// Writes the row of `table` whose `keys` columns hold `key`, with `columns` set to `values`,
/// when it is missing or differs; `insert_only` columns are written only when it is added.
fn upsert(
    tx: &mut dyn Conn,
    table: &str,
    keys: &[&str],
    key: Vec<Value>,
    columns: &[&str],
    values: Vec<Value>,
    insert_only: Option<(&str, Value)>,
) -> StoreResult<Outcome> {
    let at: Vec<String> = keys.iter().enumerate().map(|(i, k)| format!("{k} = ${}", i + 1)).collect();
    let at = at.join(" AND ");
    let stored = stored_rows(tx, &format!("SELECT {} FROM {table} WHERE {at}", columns.join(", ")), &key)?;
    let outcome = match stored.first() {
        None => Outcome::Added,
        Some(row) if *row == values => return Ok(Outcome::Unchanged),
        Some(_) => Outcome::Updated,
    };
    let mut params = key;
    params.extend(values);
    if outcome == Outcome::Updated {
        let set: Vec<String> =
            columns.iter().enumerate().map(|(i, c)| format!("{c} = ${}", keys.len() + i + 1)).collect();
        tx.execute(&format!("UPDATE {table} SET {} WHERE {at}", set.join(", ")), &params)?;
        return Ok(outcome);
    }
    let mut names: Vec<&str> = [keys, columns].concat();
    if let Some((column, value)) = insert_only {
        names.push(column);
        params.push(value);
    }
    let placeholders: Vec<String> = (1..=names.len()).map(|n| format!("${n}")).collect();
    tx.execute(
        &format!("INSERT INTO {table} ({}) VALUES ({})", names.join(", "), placeholders.join(", ")),
        &params,
    )?;
    Ok(outcome)
}

/// Replaces the rows of `table` whose `owner` column is `id` with `rows` (each holding
/// `columns`, `owner` among them) when they differ as sets; whether they did.
fn replace_rows(
    tx: &mut dyn Conn,
    table: &str,
    columns: &str,
    owner: &str,
    id: u32,
    mut rows: Vec<Vec<Value>>,
) -> StoreResult<bool> {
    let mut stored =
        stored_rows(tx, &format!("SELECT {columns} FROM {table} WHERE {owner} = $1"), params![id])?;
    stored.sort_by(|a, b| compare_rows(a, b));
    rows.sort_by(|a, b| compare_rows(a, b));
    if stored == rows {
        return Ok(false);
    }
    tx.execute(&format!("DELETE FROM {table} WHERE {owner} = $1"), params![id])?;
    insert(tx, table, columns, &rows)?;
    Ok(true)
}

/// Inserts `rows` into `columns` of `table`; a row whose key is there already is left as it is.
fn insert(tx: &mut dyn Conn, table: &str, columns: &str, rows: &[Vec<Value>]) -> StoreResult<()> {
    let count = columns.split(',').count();
    let placeholders: Vec<String> = (1..=count).map(|n| format!("${n}")).collect();
    let sql = format!(
        "INSERT INTO {table} ({columns}) VALUES ({}) ON CONFLICT DO NOTHING",
        placeholders.join(", ")
    );
    tx.execute_each(&sql, rows)
}

/// The columns a load writes, after `id` (`base_followers` is written once, when added).
const SCHOOL_COLUMNS: [&str; 13] = [
    "name",
    "short_name",
    "pinyin",
    "level",
    "kind",
    "nature",
    "province",
    "city",
    "tags",
    "profile",
    "name_norm",
    "short_norm",
    "pinyin_norm",
];

fn write_school(tx: &mut dyn Conn, record: &SchoolRecord) -> StoreResult<Outcome> {
    let c = &record.card;
    let row = values![
        c.name,
        c.short_name,
        c.pinyin,
        c.level,
        c.kind,
        c.nature,
        c.province,
        c.city,
        json(&c.tags)?,
        json(&record.profile)?,
        normalize(&c.name),
        normalize(&c.short_name),
        normalize(&c.pinyin),
    ];
    let base = Some(("base_followers", Value::Int(i64::try_from(c.followers).unwrap_or(i64::MAX))));
    upsert(tx, "schools", &["id"], values![c.id], &SCHOOL_COLUMNS, row, base)
}

const ARTICLE_COLUMNS: [&str; 12] = [
    "school_id",
    "title",
    "author",
    "published",
    "views",
    "category",
    "summary",
    "tags",
    "body_html",
    "title_norm",
    "summary_norm",
    "school_norm",
];

fn write_article(tx: &mut dyn Conn, record: &ArticleRecord) -> StoreResult<Outcome> {
    let a = &record.info;
    let row = values![
        a.school_id,
        a.title,
        a.author,
        a.published,
        a.views,
        a.category,
        a.summary,
        json(&a.tags)?,
        record.body_html,
        normalize(&a.title),
        normalize(&a.summary),
        normalize(&a.school_name),
    ];
    let outcome = upsert(tx, "articles", &["id"], values![a.id], &ARTICLE_COLUMNS, row, None)?;
    // A tag given twice is one row (the key is (tag, article_id)).
    let tags: HashSet<&String> = a.tags.iter().collect();
    let tags = tags.into_iter().map(|t| values![t, a.id]).collect();
    let tags_changed = replace_rows(tx, "article_tags", "tag, article_id", "article_id", a.id, tags)?;
    Ok(outcome.or_rows_changed(tags_changed))
}

fn remove_article(tx: &mut dyn Conn, id: ArticleId) -> StoreResult<()> {
    tx.execute("DELETE FROM article_tags WHERE article_id = $1", params![id])?;
    tx.execute("DELETE FROM articles WHERE id = $1", params![id])?;
    Ok(())
}

/// Removes a school with everything that points at it; the follows and articles removed.
fn remove_school(tx: &mut dyn Conn, id: SchoolId) -> StoreResult<(u64, usize)> {
    let follows = tx.execute("DELETE FROM follows WHERE school_id = $1", params![id])?;
    let articles: Vec<ArticleId> = tx.rows("SELECT id FROM articles WHERE school_id = $1", params![id])?;
    for &article in &articles {
        remove_article(tx, article)?;
    }
    for table in ADMISSION_TABLES {
        tx.execute(&format!("DELETE FROM {table} WHERE school_id = $1"), params![id])?;
    }
    tx.execute("DELETE FROM schools WHERE id = $1", params![id])?;
    Ok((follows, articles.len()))
}

/// Every table of a school's 招生数据, by `school_id`.
const ADMISSION_TABLES: [&str; 6] =
    ["admission_schools", "score_lines", "major_lines", "plans", "rank_rows", "admission_groups"];

/// A school's rows of one admission table, numbered in their order (`seq`).
fn numbered<T: Record>(school_id: u32, records: &[T]) -> Vec<Vec<Value>> {
    records
        .iter()
        .enumerate()
        .map(|(seq, record)| {
            let mut row = values![school_id, seq];
            row.extend(record.values());
            row
        })
        .collect()
}

fn replace_records<T: Record>(tx: &mut dyn Conn, school_id: u32, records: &[T]) -> StoreResult<bool> {
    let columns = format!("school_id, seq, {}", T::COLUMNS.join(", "));
    replace_rows(tx, T::TABLE, &columns, "school_id", school_id, numbered(school_id, records))
}

/// Replaces a school's 招生数据 (`None`: it has none); whether it changed.
fn write_admissions(tx: &mut dyn Conn, id: SchoolId, s: Option<&SchoolAdmissions>) -> StoreResult<bool> {
    let empty = SchoolAdmissions { school_id: id, ..SchoolAdmissions::default() };
    let has_data = s.is_some();
    let s = s.unwrap_or(&empty);
    let summary =
        if has_data { vec![values![id, json(&s.provinces)?, json(&s.majors)?]] } else { Vec::new() };
    let mut changed =
        replace_rows(tx, "admission_schools", "school_id, provinces, majors", "school_id", id, summary)?;
    changed |= replace_records(tx, id, &s.lines)?;
    changed |= replace_records(tx, id, &s.major_lines)?;
    changed |= replace_records(tx, id, &s.plans)?;
    // The rank index rows, by the shared rule of which lines count.
    let mut keys: Vec<(&str, Track)> = s.lines.iter().map(|l| (l.province.as_str(), l.track)).collect();
    keys.sort();
    keys.dedup();
    let mut ranks = Vec::new();
    for (province, track) in keys {
        let lines = s.lines.iter().filter(|l| l.province == province && l.track == track);
        for lowest in index_lowest(lines) {
            ranks.push(values![province, track, id, lowest.year, lowest.score, lowest.rank]);
        }
    }
    let rank_columns = "province, track, school_id, year, score, rank";
    changed |= replace_rows(tx, "rank_rows", rank_columns, "school_id", id, ranks)?;
    let mut groups = Vec::new();
    for mine in &s.groups {
        for g in &mine.groups {
            groups.push(values![mine.province, mine.track, id, g.code, mine.code, mine.plan_year, json(g)?]);
        }
    }
    let group_columns = "province, track, school_id, code, school_code, plan_year, body";
    changed |= replace_rows(tx, "admission_groups", group_columns, "school_id", id, groups)?;
    Ok(changed)
}

/// Every 一分一段表 of the data set, added or rewritten; how many were written.
fn write_score_tables(tx: &mut dyn Conn, a: &Admissions) -> StoreResult<usize> {
    let mut written = 0;
    for ((province, track, year), t) in &a.tables {
        let outcome = upsert(
            tx,
            "score_tables",
            &["province", "track", "year"],
            values![province, track, year],
            &["top", "ranks", "source"],
            values![t.top, json(&t.ranks)?, t.source],
            None,
        )?;
        written += usize::from(outcome != Outcome::Unchanged);
    }
    Ok(written)
}

/// What the pages read whole: the provinces with data, the editors' featured schools and the
/// documents the figures came from (数据来源); how many of the three were rewritten.
fn write_meta(tx: &mut dyn Conn, data: &Dataset) -> StoreResult<usize> {
    let provinces = json(&data.admissions.province_meta())?;
    let mut written = 0;
    for (key, value) in
        [("provinces", provinces), ("featured", json(&data.featured)?), ("sources", json(&data.sources)?)]
    {
        let outcome = upsert(tx, "meta", &["key"], values![key], &["value"], vec![value], None)?;
        written += usize::from(outcome != Outcome::Unchanged);
    }
    Ok(written)
}

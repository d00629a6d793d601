//! Writing the catalogue (schools, articles, 招生数据) from a data set: everything a data set
//! holds and nothing a visitor made (accounts, sessions, follows and counters stay).

use crate::store::db::{params, values, Conn, Value};
use crate::store::rows::{json, Record};
use crate::store::{Store, StoreResult};
use portal_dataset::Admissions;
use portal_dataset::{ArticleRecord, Dataset, SchoolRecord};
use portal_model::admissions::{index_lowest, Track};
use portal_model::list::normalize;

impl Store {
    /// No schools yet (a database to seed).
    pub fn is_empty(&self) -> StoreResult<bool> {
        self.run(|c| Ok(c.one::<i64>("SELECT COUNT(*) FROM schools", &[])? == 0))
    }

    /// Loads a data set into an empty database, in one transaction under the setup lock.
    /// `false` when another server instance seeded it meanwhile.
    pub fn seed(&self, data: &Dataset) -> StoreResult<bool> {
        self.setup(|tx| {
            if tx.one::<i64>("SELECT COUNT(*) FROM schools", &[])? > 0 {
                return Ok(false);
            }
            insert_schools(tx, &data.schools)?;
            insert_articles(tx, &data.articles)?;
            insert_admissions(tx, &data.admissions)?;
            insert_meta(tx, data)?;
            Ok(true)
        })
    }
}

/// What the pages read whole: the provinces with data, and the editors' featured schools.
fn insert_meta(tx: &mut dyn Conn, data: &Dataset) -> StoreResult<()> {
    let provinces = json(&data.admissions.province_meta())?;
    for (key, value) in [("provinces", provinces), ("featured", json(&data.featured)?)] {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
    }
    Ok(())
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

fn insert_schools(tx: &mut dyn Conn, schools: &[SchoolRecord]) -> StoreResult<()> {
    let mut rows = Vec::with_capacity(schools.len());
    for record in schools {
        let c = &record.card;
        rows.push(values![
            c.id,
            c.name,
            c.short_name,
            c.pinyin,
            c.level,
            c.kind,
            c.nature,
            c.province,
            c.city,
            json(&c.tags)?,
            c.followers,
            json(&record.profile)?,
            normalize(&c.name),
            normalize(&c.short_name),
            normalize(&c.pinyin),
        ]);
    }
    insert(
        tx,
        "schools",
        "id, name, short_name, pinyin, level, kind, nature, province, city, tags, base_followers, profile,
         name_norm, short_norm, pinyin_norm",
        &rows,
    )
}

fn insert_articles(tx: &mut dyn Conn, articles: &[ArticleRecord]) -> StoreResult<()> {
    let (mut rows, mut tags) = (Vec::with_capacity(articles.len()), Vec::new());
    for record in articles {
        let a = &record.info;
        rows.push(values![
            a.id,
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
        ]);
        tags.extend(a.tags.iter().map(|t| values![t, a.id]));
    }
    insert(
        tx,
        "articles",
        "id, school_id, title, author, published, views, category, summary, tags, body_html,
         title_norm, summary_norm, school_norm",
        &rows,
    )?;
    insert(tx, "article_tags", "tag, article_id", &tags)
}

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

fn insert_records<T: Record>(tx: &mut dyn Conn, school_id: u32, records: &[T]) -> StoreResult<()> {
    insert(tx, T::TABLE, &format!("school_id, seq, {}", T::COLUMNS.join(", ")), &numbered(school_id, records))
}

fn insert_admissions(tx: &mut dyn Conn, a: &Admissions) -> StoreResult<()> {
    for s in &a.schools {
        let id = s.school_id;
        insert(
            tx,
            "admission_schools",
            "school_id, provinces, majors",
            &[values![id, json(&s.provinces)?, json(&s.majors)?]],
        )?;
        insert_records(tx, id, &s.lines)?;
        insert_records(tx, id, &s.major_lines)?;
        insert_records(tx, id, &s.plans)?;
        // The rank index rows, by the shared rule of which lines count.
        let mut keys: Vec<(&str, Track)> = s.lines.iter().map(|l| (l.province.as_str(), l.track)).collect();
        keys.sort();
        keys.dedup();
        let mut ranks = Vec::new();
        for (province, track) in keys {
            let lines = s.lines.iter().filter(|l| l.province == province && l.track == track);
            for lowest in index_lowest(lines) {
                ranks.push(values![province, track, id, lowest.year, lowest.score, lowest.rank,]);
            }
        }
        insert(tx, "rank_rows", "province, track, school_id, year, score, rank", &ranks)?;
        let mut groups = Vec::new();
        for mine in &s.groups {
            for g in &mine.groups {
                groups.push(values![
                    mine.province,
                    mine.track,
                    id,
                    g.code,
                    mine.code,
                    mine.plan_year,
                    json(g)?,
                ]);
            }
        }
        insert(
            tx,
            "admission_groups",
            "province, track, school_id, code, school_code, plan_year, body",
            &groups,
        )?;
    }
    let mut tables = Vec::new();
    for ((province, track, year), t) in &a.tables {
        tables.push(values![province, track, year, t.top, json(&t.ranks)?, t.source]);
    }
    insert(tx, "score_tables", "province, track, year, top, ranks, source", &tables)?;
    Ok(())
}

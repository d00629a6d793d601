//! The SQLite store: one file, created and migrated on start. Searchable text is kept
//! normalized beside the original (the same folding as `portal_model::list::normalize`), so
//! filters and search answer exactly as the fixtures source does in the browser.

mod admissions;

use super::{migrations, sql};
use super::{AdmissionStore, CodeCheck, Credentials, Store, StoreError, StoreResult, Taken};
use crate::auth::{Counter, Policy};
use portal_dataset::Dataset;
use portal_model::list::{self, normalize, ARTICLES_PER_PAGE, SCHOOLS_PER_PAGE, SEARCH_ARTICLE_LIMIT};
use portal_model::query::SchoolQuery;
use portal_model::*;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, TransactionBehavior};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// The columns of a school card, follower count included, from `schools s`.
const CARD: &str =
    "s.id, s.name, s.short_name, s.pinyin, s.level, s.kind, s.nature, s.province, s.city, s.tags,
    s.base_followers + (SELECT COUNT(*) FROM follows f WHERE f.school_id = s.id)";

/// The columns of an article summary, from `articles a JOIN schools s`.
const SUMMARY: &str =
    "a.id, a.title, a.school_id, s.name, a.published, a.author, a.views, a.category, a.summary, a.tags";

pub struct SqliteStore {
    conn: Mutex<Connection>,
    rank_cache: super::RankCache,
}

fn fail(e: impl std::fmt::Display) -> StoreError {
    StoreError(e.to_string())
}

fn json_list(text: String) -> Vec<String> {
    serde_json::from_str(&text).unwrap_or_default()
}

fn card(row: &Row) -> rusqlite::Result<SchoolCard> {
    Ok(SchoolCard {
        id: row.get(0)?,
        name: row.get(1)?,
        short_name: row.get(2)?,
        pinyin: row.get(3)?,
        level: Level::from_code(&row.get::<_, String>(4)?).unwrap_or(Level::Other),
        kind: Kind::from_code(&row.get::<_, String>(5)?).unwrap_or(Kind::Other),
        nature: Nature::from_code(&row.get::<_, String>(6)?).unwrap_or(Nature::Other),
        province: row.get(7)?,
        city: row.get(8)?,
        tags: json_list(row.get(9)?),
        followers: row.get::<_, i64>(10)?.max(0) as u64,
    })
}

fn summary(row: &Row) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: row.get(0)?,
        title: row.get(1)?,
        school_id: row.get(2)?,
        school_name: row.get(3)?,
        published: row.get(4)?,
        author: row.get(5)?,
        views: row.get::<_, i64>(6)?.max(0) as u64,
        category: row.get(7)?,
        summary: row.get(8)?,
        tags: json_list(row.get(9)?),
    })
}

/// `%needle%` for LIKE, with LIKE's own wildcards escaped.
impl SqliteStore {
    /// Opens (creating and migrating) the database file.
    pub fn open(path: &Path) -> StoreResult<SqliteStore> {
        Self::init(Connection::open(path).map_err(fail)?)
    }

    pub fn open_in_memory() -> StoreResult<SqliteStore> {
        Self::init(Connection::open_in_memory().map_err(fail)?)
    }

    fn init(conn: Connection) -> StoreResult<SqliteStore> {
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(fail)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
        )
        .map_err(fail)?;
        let mut conn = conn;
        Self::migrate(&mut conn)?;
        Ok(SqliteStore { conn: Mutex::new(conn), rank_cache: Default::default() })
    }

    /// Applies the migrations this database has not had yet (`store::migrations`), each in its
    /// own transaction, taken with the write lock so two processes opening one file at once
    /// apply each only once.
    fn migrate(conn: &mut Connection) -> StoreResult<()> {
        conn.execute_batch("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")
            .map_err(fail)?;
        loop {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(fail)?;
            let current: i64 = tx
                .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| r.get::<_, String>(0))
                .optional()
                .map_err(fail)?
                .map(|v| v.parse::<i64>().map_err(fail))
                .transpose()?
                .unwrap_or(0);
            if current > migrations::latest() {
                return Err(StoreError(format!(
                    "database schema {current} is newer than this server ({})",
                    migrations::latest()
                )));
            }
            let Some(next) = migrations::pending(current).next() else { return Ok(()) };
            tx.execute_batch(next.sqlite)
                .map_err(|e| StoreError(format!("migration {}: {e}", next.version)))?;
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?1)",
                [next.version.to_string()],
            )
            .map_err(fail)?;
            tx.commit().map_err(fail)?;
        }
    }

    fn conn(&self) -> StoreResult<std::sync::MutexGuard<'_, Connection>> {
        self.conn.lock().map_err(|_| StoreError("connection lock poisoned".into()))
    }

    fn card_by_id(conn: &Connection, id: SchoolId) -> StoreResult<Option<SchoolCard>> {
        conn.query_row(&format!("SELECT {CARD} FROM schools s WHERE s.id = ?1"), [id], card)
            .optional()
            .map_err(fail)
    }

    fn summaries(conn: &Connection, tail: &str, values: Vec<Value>) -> StoreResult<Vec<ArticleSummary>> {
        let sql = format!("SELECT {SUMMARY} FROM articles a JOIN schools s ON s.id = a.school_id {tail}");
        let mut statement = conn.prepare_cached(&sql).map_err(fail)?;
        let rows = statement.query_map(params_from_iter(values), summary).map_err(fail)?;
        rows.collect::<Result<_, _>>().map_err(fail)
    }

    /// The provinces the directory's filter offers, most followed first.
    fn directory_provinces(conn: &Connection) -> StoreResult<Vec<String>> {
        let mut statement = conn
            .prepare_cached(
                "SELECT province FROM schools WHERE province != '' GROUP BY province ORDER BY MAX(base_followers) DESC",
            )
            .map_err(fail)?;
        let provinces = statement.query_map([], |r| r.get(0)).map_err(fail)?;
        provinces.collect::<Result<_, _>>().map_err(fail)
    }

    fn cards(conn: &Connection, tail: &str, values: Vec<Value>) -> StoreResult<Vec<SchoolCard>> {
        let sql = format!("SELECT {CARD} FROM schools s {tail}");
        let mut statement = conn.prepare_cached(&sql).map_err(fail)?;
        let rows = statement.query_map(params_from_iter(values), card).map_err(fail)?;
        rows.collect::<Result<_, _>>().map_err(fail)
    }

    fn count(conn: &Connection, sql: &str, values: Vec<Value>) -> StoreResult<u32> {
        let n: i64 = conn.query_row(sql, params_from_iter(values), |r| r.get(0)).map_err(fail)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

impl Store for SqliteStore {
    fn is_empty(&self) -> StoreResult<bool> {
        let n: i64 =
            self.conn()?.query_row("SELECT COUNT(*) FROM schools", [], |r| r.get(0)).map_err(fail)?;
        Ok(n == 0)
    }

    fn seed(&self, data: &Dataset) -> StoreResult<bool> {
        let mut conn = self.conn()?;
        let tx = conn.transaction().map_err(fail)?;
        {
            let mut school = tx
                .prepare(
                    "INSERT OR REPLACE INTO schools (id, name, short_name, pinyin, level, kind, nature, province, city, tags,
                     base_followers, profile, name_norm, short_norm, pinyin_norm)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                )
                .map_err(fail)?;
            for record in &data.schools {
                let c = &record.card;
                school
                    .execute(params![
                        c.id,
                        c.name,
                        c.short_name,
                        c.pinyin,
                        c.level.code(),
                        c.kind.code(),
                        c.nature.code(),
                        c.province,
                        c.city,
                        serde_json::to_string(&c.tags).map_err(fail)?,
                        c.followers as i64,
                        serde_json::to_string(&record.profile).map_err(fail)?,
                        normalize(&c.name),
                        normalize(&c.short_name),
                        normalize(&c.pinyin),
                    ])
                    .map_err(fail)?;
            }
            let mut article = tx
                .prepare(
                    "INSERT OR REPLACE INTO articles (id, school_id, title, author, published, views, category, summary, tags,
                     body_html, title_norm, summary_norm, school_norm)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )
                .map_err(fail)?;
            let mut tag = tx
                .prepare("INSERT OR IGNORE INTO article_tags (tag, article_id) VALUES (?1, ?2)")
                .map_err(fail)?;
            for record in &data.articles {
                let a = &record.info;
                article
                    .execute(params![
                        a.id,
                        a.school_id,
                        a.title,
                        a.author,
                        a.published,
                        a.views as i64,
                        a.category,
                        a.summary,
                        serde_json::to_string(&a.tags).map_err(fail)?,
                        record.body_html,
                        normalize(&a.title),
                        normalize(&a.summary),
                        normalize(&a.school_name),
                    ])
                    .map_err(fail)?;
                for t in &a.tags {
                    tag.execute(params![t, a.id]).map_err(fail)?;
                }
            }
        }
        admissions::seed(&tx, data)?;
        tx.commit().map(|_| true).map_err(fail)
    }

    fn limit_reserve(&self, key: &str, policy: &Policy, now_ms: i64) -> StoreResult<Result<(), Duration>> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(fail)?;
        let counted = tx
            .query_row("SELECT attempts, last_ms FROM limits WHERE key = ?1", [key], |r| {
                Ok(Counter {
                    count: u32::try_from(r.get::<_, i64>(0)?).unwrap_or(u32::MAX),
                    last_ms: r.get(1)?,
                })
            })
            .optional()
            .map_err(fail)?;
        let counter = match policy.admit(counted, now_ms) {
            Ok(counter) => counter,
            Err(wait) => return Ok(Err(wait)),
        };
        tx.execute(
            "INSERT OR REPLACE INTO limits (key, attempts, last_ms, forget_ms) VALUES (?1, ?2, ?3, ?4)",
            params![key, i64::from(counter.count), counter.last_ms, policy.forget_at(counter.last_ms)],
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(Ok(()))
    }

    fn limit_failed(&self, key: &str, policy: &Policy, now_ms: i64) -> StoreResult<()> {
        // Time only moves forward: a failure known late never shortens a newer wait.
        self.conn()?
            .execute(
                "UPDATE limits SET last_ms = ?2, forget_ms = ?3 WHERE key = ?1 AND last_ms < ?2",
                params![key, now_ms, policy.forget_at(now_ms)],
            )
            .map(|_| ())
            .map_err(fail)
    }

    fn limit_release(&self, key: &str) -> StoreResult<()> {
        let conn = self.conn()?;
        conn.execute("UPDATE limits SET attempts = attempts - 1 WHERE key = ?1", [key]).map_err(fail)?;
        conn.execute("DELETE FROM limits WHERE key = ?1 AND attempts <= 0", [key]).map(|_| ()).map_err(fail)
    }

    fn limit_clear(&self, key: &str) -> StoreResult<()> {
        self.conn()?.execute("DELETE FROM limits WHERE key = ?1", [key]).map(|_| ()).map_err(fail)
    }

    fn save_sms_code(&self, phone: &str, code_hash: &str, expires_at: i64) -> StoreResult<()> {
        self.conn()?
            .execute(
                "INSERT OR REPLACE INTO sms_codes (phone, code_hash, tries, expires_at) VALUES (?1, ?2, 0, ?3)",
                params![phone, code_hash, expires_at],
            )
            .map(|_| ())
            .map_err(fail)
    }

    fn use_sms_code(
        &self,
        phone: &str,
        now: i64,
        max_tries: u32,
        matches: &dyn Fn(&str) -> bool,
    ) -> StoreResult<CodeCheck> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(fail)?;
        let found = tx
            .query_row("SELECT code_hash, tries, expires_at FROM sms_codes WHERE phone = ?1", [phone], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
            })
            .optional()
            .map_err(fail)?;
        let delete = |tx: &rusqlite::Transaction| {
            tx.execute("DELETE FROM sms_codes WHERE phone = ?1", [phone]).map(|_| ()).map_err(fail)
        };
        let check = match found {
            Some((_, tries, expires_at)) if expires_at <= now || tries >= i64::from(max_tries) => {
                delete(&tx)?;
                CodeCheck::Expired
            }
            None => CodeCheck::Expired,
            Some((hash, _, _)) if matches(&hash) => {
                delete(&tx)?;
                CodeCheck::Valid
            }
            Some((_, tries, _)) => {
                let left = u32::try_from(i64::from(max_tries) - tries - 1).unwrap_or(0);
                if left == 0 {
                    delete(&tx)?;
                } else {
                    tx.execute("UPDATE sms_codes SET tries = tries + 1 WHERE phone = ?1", [phone])
                        .map_err(fail)?;
                }
                CodeCheck::Wrong { left }
            }
        };
        tx.commit().map_err(fail)?;
        Ok(check)
    }

    fn delete_expired_sms_codes(&self, now: i64, limit: usize) -> StoreResult<usize> {
        self.conn()?
            .execute(
                "DELETE FROM sms_codes WHERE phone IN (SELECT phone FROM sms_codes WHERE expires_at <= ?1 LIMIT ?2)",
                params![now, limit as i64],
            )
            .map_err(fail)
    }

    fn delete_idle_limits(&self, now_ms: i64, limit: usize) -> StoreResult<usize> {
        self.conn()?
            .execute(
                "DELETE FROM limits WHERE key IN (SELECT key FROM limits WHERE forget_ms <= ?1 LIMIT ?2)",
                params![now_ms, limit as i64],
            )
            .map_err(fail)
    }

    fn limit_rows(&self) -> StoreResult<usize> {
        let rows: i64 =
            self.conn()?.query_row("SELECT COUNT(*) FROM limits", [], |r| r.get(0)).map_err(fail)?;
        Ok(usize::try_from(rows).unwrap_or(0))
    }

    fn delete_limits_beyond(&self, keep: usize) -> StoreResult<usize> {
        self.conn()?
            .execute(
                "DELETE FROM limits WHERE key IN
                 (SELECT key FROM limits ORDER BY attempts DESC, forget_ms DESC, key LIMIT -1 OFFSET ?1)",
                params![i64::try_from(keep).unwrap_or(i64::MAX)],
            )
            .map_err(fail)
    }

    fn home(&self) -> StoreResult<Home> {
        let conn = self.conn()?;
        let meta: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'featured'", [], |r| r.get(0))
            .optional()
            .map_err(fail)?;
        let (tail, order) = sql::featured_tail(meta.as_deref());
        let featured = sql::in_order(Self::cards(&conn, &tail, vec![])?, &order);
        let latest = Self::summaries(&conn, "ORDER BY a.id DESC LIMIT 10", vec![])?;
        let mut statement = conn
            .prepare_cached(
                "SELECT tag, COUNT(*) AS n FROM article_tags GROUP BY tag ORDER BY n DESC, tag LIMIT 12",
            )
            .map_err(fail)?;
        let hot_tags = statement
            .query_map([], |r| Ok(TagCount { name: r.get(0)?, count: r.get(1)? }))
            .map_err(fail)?
            .collect::<Result<_, _>>()
            .map_err(fail)?;
        Ok(Home { featured, latest, hot_tags })
    }

    fn schools(&self, query: &SchoolQuery) -> StoreResult<SchoolDirectory> {
        // Read before taking the connection, which rank_index takes too.
        let lines = match &query.origin {
            Some(origin) => Some(self.rank_index(&origin.province, origin.track)?),
            None => None,
        };
        let conn = self.conn()?;
        let (filter, values) = sql::school_filter(query, |n| format!("?{n}"));
        let values: Vec<Value> = values.into_iter().map(Value::Text).collect();
        let provinces = Self::directory_provinces(&conn)?;
        if let Some(lines) = lines {
            // Ordered and filtered by the origin's lines: every match, then the shared rules.
            let all = Self::cards(&conn, &filter, values)?;
            let (schools, lowest) = list::directory_page(&all, query, Some(lines.as_ref()));
            return Ok(SchoolDirectory { schools, provinces, lowest });
        }
        let total = Self::count(&conn, &format!("SELECT COUNT(*) FROM schools s {filter}"), values.clone())?;
        let (page, offset) = sql::clamp_page(query.page, total, SCHOOLS_PER_PAGE);
        let order = sql::school_order(query.sort);
        let items = Self::cards(
            &conn,
            &format!("{filter} {order} LIMIT {SCHOOLS_PER_PAGE} OFFSET {offset}"),
            values,
        )?;
        let schools = Page { items, page, page_size: SCHOOLS_PER_PAGE, total };
        Ok(SchoolDirectory { schools, provinces, lowest: Vec::new() })
    }

    fn school(&self, id: SchoolId) -> StoreResult<Option<SchoolPage>> {
        let conn = self.conn()?;
        let Some(school) = Self::card_by_id(&conn, id)? else { return Ok(None) };
        let profile: String =
            conn.query_row("SELECT profile FROM schools WHERE id = ?1", [id], |r| r.get(0)).map_err(fail)?;
        let latest_news = Self::summaries(
            &conn,
            "WHERE a.school_id = ?1 ORDER BY a.id DESC LIMIT 6",
            vec![Value::Integer(id.into())],
        )?;
        Ok(Some(SchoolPage {
            school,
            profile: serde_json::from_str(&profile).unwrap_or_default(),
            latest_news,
        }))
    }

    fn school_articles(&self, id: SchoolId, page: u32) -> StoreResult<Option<SchoolArticles>> {
        let conn = self.conn()?;
        let Some(school) = Self::card_by_id(&conn, id)? else { return Ok(None) };
        let by_school = vec![Value::Integer(id.into())];
        let total =
            Self::count(&conn, "SELECT COUNT(*) FROM articles WHERE school_id = ?1", by_school.clone())?;
        let (page, offset) = sql::clamp_page(page, total, ARTICLES_PER_PAGE);
        let items = Self::summaries(
            &conn,
            &format!("WHERE a.school_id = ?1 ORDER BY a.id DESC LIMIT {ARTICLES_PER_PAGE} OFFSET {offset}"),
            by_school,
        )?;
        Ok(Some(SchoolArticles {
            school,
            articles: Page { items, page, page_size: ARTICLES_PER_PAGE, total },
        }))
    }

    fn article(&self, id: ArticleId) -> StoreResult<Option<Article>> {
        let conn = self.conn()?;
        let Some(info) = Self::summaries(&conn, "WHERE a.id = ?1", vec![Value::Integer(id.into())])?.pop()
        else {
            return Ok(None);
        };
        let body_html: String = conn
            .query_row("SELECT body_html FROM articles WHERE id = ?1", [id], |r| r.get(0))
            .map_err(fail)?;
        let school = Self::card_by_id(&conn, info.school_id)?
            .ok_or_else(|| StoreError("article without school".into()))?;
        let link = |sql: &str| -> StoreResult<Option<ArticleLink>> {
            conn.query_row(sql, [id, info.school_id], |r| Ok(ArticleLink { id: r.get(0)?, title: r.get(1)? }))
                .optional()
                .map_err(fail)
        };
        let prev =
            link("SELECT id, title FROM articles WHERE id < ?1 AND school_id = ?2 ORDER BY id DESC LIMIT 1")?;
        let next =
            link("SELECT id, title FROM articles WHERE id > ?1 AND school_id = ?2 ORDER BY id ASC LIMIT 1")?;
        Ok(Some(Article { info, body_html, school, prev, next }))
    }

    fn tag_articles(&self, tag: &str, page: u32) -> StoreResult<Option<TagArticles>> {
        let conn = self.conn()?;
        let by_tag = vec![Value::Text(tag.to_string())];
        let total = Self::count(&conn, "SELECT COUNT(*) FROM article_tags WHERE tag = ?1", by_tag.clone())?;
        if total == 0 {
            return Ok(None);
        }
        let (page, offset) = sql::clamp_page(page, total, ARTICLES_PER_PAGE);
        let items = Self::summaries(
            &conn,
            &format!(
                "WHERE a.id IN (SELECT article_id FROM article_tags WHERE tag = ?1) ORDER BY a.id DESC LIMIT {ARTICLES_PER_PAGE} OFFSET {offset}"
            ),
            by_tag,
        )?;
        Ok(Some(TagArticles {
            tag: tag.to_string(),
            articles: Page { items, page, page_size: ARTICLES_PER_PAGE, total },
        }))
    }

    fn search(&self, query: &str) -> StoreResult<SearchResults> {
        let conn = self.conn()?;
        let terms: Vec<String> =
            query.split_whitespace().map(normalize).filter(|t| !t.is_empty()).take(8).collect();
        if terms.is_empty() {
            return Ok(SearchResults { query: query.to_string(), schools: vec![], articles: vec![] });
        }
        let values: Vec<Value> = terms.iter().map(|t| Value::Text(sql::like(t))).collect();
        let school_filter = (1..=terms.len())
            .map(|i| format!("(s.name_norm LIKE ?{i} ESCAPE '\\' OR s.short_norm LIKE ?{i} ESCAPE '\\' OR s.pinyin_norm LIKE ?{i} ESCAPE '\\')"))
            .collect::<Vec<_>>()
            .join(" AND ");
        let schools =
            Self::cards(&conn, &format!("WHERE {school_filter} ORDER BY 11 DESC, s.id"), values.clone())?;
        let article_filter = (1..=terms.len())
            .map(|i| format!("(a.title_norm LIKE ?{i} ESCAPE '\\' OR a.summary_norm LIKE ?{i} ESCAPE '\\' OR a.school_norm LIKE ?{i} ESCAPE '\\')"))
            .collect::<Vec<_>>()
            .join(" AND ");
        let articles = Self::summaries(
            &conn,
            &format!(
                "WHERE {article_filter} ORDER BY a.published DESC, a.id DESC LIMIT {SEARCH_ARTICLE_LIMIT}"
            ),
            values,
        )?;
        Ok(SearchResults { query: query.to_string(), schools, articles })
    }

    fn create_user(
        &self,
        username: &str,
        phone: &str,
        password_hash: &str,
    ) -> StoreResult<Result<User, Taken>> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(fail)?;
        let exists = |sql: &str, value: &str| -> StoreResult<bool> {
            tx.query_row(sql, [value], |_| Ok(())).optional().map(|r| r.is_some()).map_err(fail)
        };
        if exists("SELECT 1 FROM users WHERE username = ?1 COLLATE NOCASE", username)? {
            return Ok(Err(Taken::Username));
        }
        if exists("SELECT 1 FROM users WHERE phone = ?1", phone)? {
            return Ok(Err(Taken::Phone));
        }
        tx.execute(
            "INSERT INTO users (username, phone, password_hash) VALUES (?1, ?2, ?3)",
            params![username, phone, password_hash],
        )
        .map_err(fail)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(fail)?;
        Ok(Ok(User { id: id as u64, username: username.to_string() }))
    }

    fn credentials(&self, account: &str) -> StoreResult<Option<Credentials>> {
        self.conn()?
            .query_row(
                "SELECT id, username, password_hash FROM users WHERE username = ?1 COLLATE NOCASE OR phone = ?1 LIMIT 1",
                [account],
                |r| {
                    Ok(Credentials {
                        user: User { id: r.get::<_, i64>(0)? as u64, username: r.get(1)? },
                        password_hash: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(fail)
    }

    fn create_session(&self, token_hash: &str, user_id: u64, expires_at: i64) -> StoreResult<()> {
        self.conn()?
            .execute(
                "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
                params![token_hash, user_id as i64, expires_at],
            )
            .map(|_| ())
            .map_err(fail)
    }

    fn session_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<User>> {
        self.conn()?
            .query_row(
                "SELECT u.id, u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1 AND s.expires_at > ?2",
                params![token_hash, now],
                |r| Ok(User { id: r.get::<_, i64>(0)? as u64, username: r.get(1)? }),
            )
            .optional()
            .map_err(fail)
    }

    fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        self.conn()?
            .execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])
            .map(|_| ())
            .map_err(fail)
    }

    fn delete_expired_sessions(&self, now: i64, limit: usize) -> StoreResult<usize> {
        self.conn()?
            .execute(
                "DELETE FROM sessions WHERE token_hash IN \
                 (SELECT token_hash FROM sessions WHERE expires_at <= ?1 LIMIT ?2)",
                params![now, limit as i64],
            )
            .map_err(fail)
    }

    fn set_follow(&self, user_id: u64, school: SchoolId, follow: bool) -> StoreResult<Option<FollowState>> {
        let conn = self.conn()?;
        if Self::card_by_id(&conn, school)?.is_none() {
            return Ok(None);
        }
        if follow {
            conn.execute(
                "INSERT OR IGNORE INTO follows (user_id, school_id) VALUES (?1, ?2)",
                params![user_id as i64, school],
            )
        } else {
            conn.execute(
                "DELETE FROM follows WHERE user_id = ?1 AND school_id = ?2",
                params![user_id as i64, school],
            )
        }
        .map_err(fail)?;
        let followers = Self::card_by_id(&conn, school)?.map_or(0, |c| c.followers);
        Ok(Some(FollowState { school_id: school, following: follow, followers }))
    }

    fn follows(&self, user_id: u64) -> StoreResult<Vec<SchoolCard>> {
        let conn = self.conn()?;
        Self::cards(
            &conn,
            "JOIN follows fw ON fw.school_id = s.id WHERE fw.user_id = ?1 ORDER BY fw.followed_at DESC, fw.rowid DESC",
            vec![Value::Integer(user_id as i64)],
        )
    }
}

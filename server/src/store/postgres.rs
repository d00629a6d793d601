//! The PostgreSQL store: the same tables and answers as the SQLite store, on a database that
//! several server instances share. Connections come from an r2d2 pool of synchronous
//! `postgres` clients: the `Store` trait is synchronous and every handler already calls it on
//! the blocking pool (`spawn_blocking`), so an async driver would only be blocked on again.
//!
//! Integers are `BIGINT` and read back through checked conversions; text that answers are
//! ordered by is collated "C" (byte order, as in SQLite). The schema comes from
//! `store::migrations`, applied under an advisory lock so instances starting together migrate
//! (and seed) once.

mod admissions;

use super::{migrations, sql, AdmissionStore, CodeCheck, Credentials, Store, StoreError, StoreResult, Taken};
use crate::auth::{Counter, Policy};
use portal_dataset::Dataset;
use portal_model::list::{self, normalize, ARTICLES_PER_PAGE, SCHOOLS_PER_PAGE, SEARCH_ARTICLE_LIMIT};
use portal_model::query::SchoolQuery;
use portal_model::*;
use postgres::error::SqlState;
use postgres::types::{FromSql, ToSql};
use postgres::{GenericClient, NoTls, Row};
use r2d2_postgres::{r2d2, PostgresConnectionManager};
use std::time::Duration;

type Manager = PostgresConnectionManager<NoTls>;
type Connection = r2d2::PooledConnection<Manager>;
/// A query parameter of any type.
type Param = Box<dyn ToSql + Sync + Send>;

/// The advisory lock key held while migrating and seeding ("haixia" in ASCII, truncated).
const SETUP_LOCK: i64 = 0x6861_6978_6961;

/// The columns of a school card, follower count included, from `schools s`.
const CARD: &str =
    "s.id, s.name, s.short_name, s.pinyin, s.level, s.kind, s.nature, s.province, s.city, s.tags,
    s.base_followers + (SELECT COUNT(*) FROM follows f WHERE f.school_id = s.id)";

/// The columns of an article summary, from `articles a JOIN schools s`.
const SUMMARY: &str =
    "a.id, a.title, a.school_id, s.name, a.published, a.author, a.views, a.category, a.summary, a.tags";

pub struct PgStore {
    /// Always `Some` until dropped (see `Drop`).
    pool: Option<r2d2::Pool<Manager>>,
    rank_cache: super::RankCache,
}

/// The synchronous client runs its own small runtime and blocks on it, also when a connection
/// is closed; a pool dropped on an async worker thread would panic there. The pool is dropped
/// on a thread of its own instead.
impl Drop for PgStore {
    fn drop(&mut self) {
        if let Some(pool) = self.pool.take() {
            let _ = std::thread::spawn(move || drop(pool)).join();
        }
    }
}

pub(super) fn fail(e: impl std::fmt::Display) -> StoreError {
    StoreError(e.to_string())
}

pub(super) fn get<'a, T: FromSql<'a>>(row: &'a Row, i: usize) -> StoreResult<T> {
    row.try_get(i).map_err(fail)
}

/// A `BIGINT` column as the model's integer type; out of range is an error, not a wrap.
pub(super) fn num<T: TryFrom<i64>>(row: &Row, i: usize) -> StoreResult<T> {
    let v: i64 = get(row, i)?;
    T::try_from(v).map_err(|_| StoreError(format!("column {i}: {v} out of range")))
}

pub(super) fn opt_num<T: TryFrom<i64>>(row: &Row, i: usize) -> StoreResult<Option<T>> {
    let v: Option<i64> = get(row, i)?;
    v.map(|v| T::try_from(v).map_err(|_| StoreError(format!("column {i}: {v} out of range")))).transpose()
}

pub(super) fn refs(values: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v.as_ref() as &(dyn ToSql + Sync)).collect()
}

fn json_list(text: String) -> Vec<String> {
    serde_json::from_str(&text).unwrap_or_default()
}

fn card(row: &Row) -> StoreResult<SchoolCard> {
    Ok(SchoolCard {
        id: num(row, 0)?,
        name: get(row, 1)?,
        short_name: get(row, 2)?,
        pinyin: get(row, 3)?,
        level: Level::from_code(get(row, 4)?).unwrap_or(Level::Other),
        kind: Kind::from_code(get(row, 5)?).unwrap_or(Kind::Other),
        nature: Nature::from_code(get(row, 6)?).unwrap_or(Nature::Other),
        province: get(row, 7)?,
        city: get(row, 8)?,
        tags: json_list(get(row, 9)?),
        followers: get::<i64>(row, 10)?.max(0).unsigned_abs(),
    })
}

fn summary(row: &Row) -> StoreResult<ArticleSummary> {
    Ok(ArticleSummary {
        id: num(row, 0)?,
        title: get(row, 1)?,
        school_id: num(row, 2)?,
        school_name: get(row, 3)?,
        published: get(row, 4)?,
        author: get(row, 5)?,
        views: get::<i64>(row, 6)?.max(0).unsigned_abs(),
        category: get(row, 7)?,
        summary: get(row, 8)?,
        tags: json_list(get(row, 9)?),
    })
}

/// `%needle%` for LIKE, with LIKE's own wildcards escaped.
impl PgStore {
    /// Connects a pool of at most `pool_size` connections to `url` and applies the pending
    /// migrations. Blocking.
    pub fn connect(url: &str, pool_size: u32) -> StoreResult<PgStore> {
        let config: postgres::Config = url.parse().map_err(|e| StoreError(format!("database URL: {e}")))?;
        let pool = r2d2::Pool::builder()
            .max_size(pool_size.max(1))
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(5))
            .build(PostgresConnectionManager::new(config, NoTls))
            .map_err(|e| StoreError(format!("cannot connect to PostgreSQL: {e}")))?;
        let store = PgStore { pool: Some(pool), rank_cache: Default::default() };
        store.migrate()?;
        Ok(store)
    }

    fn conn(&self) -> StoreResult<Connection> {
        self.pool.as_ref().ok_or_else(|| StoreError("store closed".into()))?.get().map_err(fail)
    }

    fn migrate(&self) -> StoreResult<()> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction().map_err(fail)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SETUP_LOCK]).map_err(fail)?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")
            .map_err(fail)?;
        let current: i64 = tx
            .query_opt("SELECT value FROM meta WHERE key = 'schema'", &[])
            .map_err(fail)?
            .map(|r| get::<String>(&r, 0).and_then(|v| v.parse::<i64>().map_err(fail)))
            .transpose()?
            .unwrap_or(0);
        if current > migrations::latest() {
            return Err(StoreError(format!(
                "database schema {current} is newer than this server ({})",
                migrations::latest()
            )));
        }
        for m in migrations::pending(current) {
            tx.batch_execute(m.postgres).map_err(|e| StoreError(format!("migration {}: {e}", m.version)))?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('schema', $1)
                 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                &[&m.version.to_string()],
            )
            .map_err(fail)?;
        }
        tx.commit().map_err(fail)
    }

    fn card_by_id(conn: &mut impl GenericClient, id: SchoolId) -> StoreResult<Option<SchoolCard>> {
        conn.query_opt(&format!("SELECT {CARD} FROM schools s WHERE s.id = $1"), &[&i64::from(id)])
            .map_err(fail)?
            .map(|r| card(&r))
            .transpose()
    }

    fn summaries(
        conn: &mut impl GenericClient,
        tail: &str,
        values: &[Param],
    ) -> StoreResult<Vec<ArticleSummary>> {
        let sql = format!("SELECT {SUMMARY} FROM articles a JOIN schools s ON s.id = a.school_id {tail}");
        conn.query(&sql, &refs(values)).map_err(fail)?.iter().map(summary).collect()
    }

    fn cards(conn: &mut impl GenericClient, tail: &str, values: &[Param]) -> StoreResult<Vec<SchoolCard>> {
        let sql = format!("SELECT {CARD} FROM schools s {tail}");
        conn.query(&sql, &refs(values)).map_err(fail)?.iter().map(card).collect()
    }

    fn count(conn: &mut impl GenericClient, sql: &str, values: &[Param]) -> StoreResult<u32> {
        let row = conn.query_one(sql, &refs(values)).map_err(fail)?;
        let n: i64 = get(&row, 0)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

fn text(v: impl Into<String>) -> Param {
    Box::new(v.into())
}

fn int(v: impl Into<i64>) -> Param {
    Box::new(v.into())
}

impl Store for PgStore {
    fn is_empty(&self) -> StoreResult<bool> {
        let n = Self::count(&mut *self.conn()?, "SELECT COUNT(*) FROM schools", &[])?;
        Ok(n == 0)
    }

    fn seed(&self, data: &Dataset) -> StoreResult<bool> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction().map_err(fail)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SETUP_LOCK]).map_err(fail)?;
        // Another instance seeded while this one waited for the lock.
        if Self::count(&mut tx, "SELECT COUNT(*) FROM schools", &[])? > 0 {
            return tx.commit().map(|_| false).map_err(fail);
        }
        let school = tx
            .prepare(
                "INSERT INTO schools (id, name, short_name, pinyin, level, kind, nature, province, city, tags,
                 base_followers, profile, name_norm, short_norm, pinyin_norm)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                 ON CONFLICT (id) DO NOTHING",
            )
            .map_err(fail)?;
        for record in &data.schools {
            let c = &record.card;
            tx.execute(
                &school,
                &[
                    &i64::from(c.id),
                    &c.name,
                    &c.short_name,
                    &c.pinyin,
                    &c.level.code(),
                    &c.kind.code(),
                    &c.nature.code(),
                    &c.province,
                    &c.city,
                    &serde_json::to_string(&c.tags).map_err(fail)?,
                    &i64::try_from(c.followers).unwrap_or(i64::MAX),
                    &serde_json::to_string(&record.profile).map_err(fail)?,
                    &normalize(&c.name),
                    &normalize(&c.short_name),
                    &normalize(&c.pinyin),
                ],
            )
            .map_err(fail)?;
        }
        let article = tx
            .prepare(
                "INSERT INTO articles (id, school_id, title, author, published, views, category, summary, tags,
                 body_html, title_norm, summary_norm, school_norm)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                 ON CONFLICT (id) DO NOTHING",
            )
            .map_err(fail)?;
        let tag = tx
            .prepare("INSERT INTO article_tags (tag, article_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .map_err(fail)?;
        for record in &data.articles {
            let a = &record.info;
            tx.execute(
                &article,
                &[
                    &i64::from(a.id),
                    &i64::from(a.school_id),
                    &a.title,
                    &a.author,
                    &a.published,
                    &i64::try_from(a.views).unwrap_or(i64::MAX),
                    &a.category,
                    &a.summary,
                    &serde_json::to_string(&a.tags).map_err(fail)?,
                    &record.body_html,
                    &normalize(&a.title),
                    &normalize(&a.summary),
                    &normalize(&a.school_name),
                ],
            )
            .map_err(fail)?;
            for t in &a.tags {
                tx.execute(&tag, &[t, &i64::from(a.id)]).map_err(fail)?;
            }
        }
        admissions::seed(&mut tx, data)?;
        tx.commit().map(|_| true).map_err(fail)
    }

    fn home(&self) -> StoreResult<Home> {
        let mut conn = self.conn()?;
        let meta: Option<String> = conn
            .query_opt("SELECT value FROM meta WHERE key = 'featured'", &[])
            .map_err(fail)?
            .map(|r| get(&r, 0))
            .transpose()?;
        let (tail, order) = sql::featured_tail(meta.as_deref());
        let featured = sql::in_order(Self::cards(&mut *conn, &tail, &[])?, &order);
        let latest = Self::summaries(&mut *conn, "ORDER BY a.id DESC LIMIT 10", &[])?;
        let hot_tags = conn
            .query(
                "SELECT tag, COUNT(*) AS n FROM article_tags GROUP BY tag ORDER BY n DESC, tag LIMIT 12",
                &[],
            )
            .map_err(fail)?
            .iter()
            .map(|r| Ok(TagCount { name: get(r, 0)?, count: num(r, 1)? }))
            .collect::<StoreResult<_>>()?;
        Ok(Home { featured, latest, hot_tags })
    }

    fn schools(&self, query: &SchoolQuery) -> StoreResult<SchoolDirectory> {
        // Read before taking a connection: rank_index takes one of its own.
        let lines = match &query.origin {
            Some(origin) => Some(self.rank_index(&origin.province, origin.track)?),
            None => None,
        };
        let mut conn = self.conn()?;
        let (filter, values) = sql::school_filter(query, |n| format!("${n}"));
        let values: Vec<Param> = values.into_iter().map(text).collect();
        let provinces = conn
            .query(
                "SELECT province FROM schools WHERE province != '' GROUP BY province
                 ORDER BY MAX(base_followers) DESC, province",
                &[],
            )
            .map_err(fail)?
            .iter()
            .map(|r| get(r, 0))
            .collect::<StoreResult<_>>()?;
        if let Some(lines) = lines {
            // Ordered and filtered by the origin's lines: every match, then the shared rules.
            let all = Self::cards(&mut *conn, &filter, &values)?;
            let (schools, lowest) = list::directory_page(&all, query, Some(lines.as_ref()));
            return Ok(SchoolDirectory { schools, provinces, lowest });
        }
        let total = Self::count(&mut *conn, &format!("SELECT COUNT(*) FROM schools s {filter}"), &values)?;
        let (page, offset) = sql::clamp_page(query.page, total, SCHOOLS_PER_PAGE);
        let order = sql::school_order(query.sort);
        let items = Self::cards(
            &mut *conn,
            &format!("{filter} {order} LIMIT {SCHOOLS_PER_PAGE} OFFSET {offset}"),
            &values,
        )?;
        let schools = Page { items, page, page_size: SCHOOLS_PER_PAGE, total };
        Ok(SchoolDirectory { schools, provinces, lowest: Vec::new() })
    }

    fn school(&self, id: SchoolId) -> StoreResult<Option<SchoolPage>> {
        let mut conn = self.conn()?;
        let Some(school) = Self::card_by_id(&mut *conn, id)? else { return Ok(None) };
        let row =
            conn.query_one("SELECT profile FROM schools WHERE id = $1", &[&i64::from(id)]).map_err(fail)?;
        let profile: String = get(&row, 0)?;
        let latest_news =
            Self::summaries(&mut *conn, "WHERE a.school_id = $1 ORDER BY a.id DESC LIMIT 6", &[int(id)])?;
        Ok(Some(SchoolPage {
            school,
            profile: serde_json::from_str(&profile).unwrap_or_default(),
            latest_news,
        }))
    }

    fn school_articles(&self, id: SchoolId, page: u32) -> StoreResult<Option<SchoolArticles>> {
        let mut conn = self.conn()?;
        let Some(school) = Self::card_by_id(&mut *conn, id)? else { return Ok(None) };
        let total =
            Self::count(&mut *conn, "SELECT COUNT(*) FROM articles WHERE school_id = $1", &[int(id)])?;
        let (page, offset) = sql::clamp_page(page, total, ARTICLES_PER_PAGE);
        let items = Self::summaries(
            &mut *conn,
            &format!("WHERE a.school_id = $1 ORDER BY a.id DESC LIMIT {ARTICLES_PER_PAGE} OFFSET {offset}"),
            &[int(id)],
        )?;
        Ok(Some(SchoolArticles {
            school,
            articles: Page { items, page, page_size: ARTICLES_PER_PAGE, total },
        }))
    }

    fn article(&self, id: ArticleId) -> StoreResult<Option<Article>> {
        let mut conn = self.conn()?;
        let Some(info) = Self::summaries(&mut *conn, "WHERE a.id = $1", &[int(id)])?.pop() else {
            return Ok(None);
        };
        let row = conn
            .query_one("SELECT body_html FROM articles WHERE id = $1", &[&i64::from(id)])
            .map_err(fail)?;
        let body_html: String = get(&row, 0)?;
        let school = Self::card_by_id(&mut *conn, info.school_id)?
            .ok_or_else(|| StoreError("article without school".into()))?;
        let mut link = |sql: &str| -> StoreResult<Option<ArticleLink>> {
            conn.query_opt(sql, &[&i64::from(id), &i64::from(info.school_id)])
                .map_err(fail)?
                .map(|r| Ok(ArticleLink { id: num(&r, 0)?, title: get(&r, 1)? }))
                .transpose()
        };
        let prev =
            link("SELECT id, title FROM articles WHERE id < $1 AND school_id = $2 ORDER BY id DESC LIMIT 1")?;
        let next =
            link("SELECT id, title FROM articles WHERE id > $1 AND school_id = $2 ORDER BY id ASC LIMIT 1")?;
        Ok(Some(Article { info, body_html, school, prev, next }))
    }

    fn tag_articles(&self, tag: &str, page: u32) -> StoreResult<Option<TagArticles>> {
        let mut conn = self.conn()?;
        let total =
            Self::count(&mut *conn, "SELECT COUNT(*) FROM article_tags WHERE tag = $1", &[text(tag)])?;
        if total == 0 {
            return Ok(None);
        }
        let (page, offset) = sql::clamp_page(page, total, ARTICLES_PER_PAGE);
        let items = Self::summaries(
            &mut *conn,
            &format!(
                "WHERE a.id IN (SELECT article_id FROM article_tags WHERE tag = $1) ORDER BY a.id DESC LIMIT {ARTICLES_PER_PAGE} OFFSET {offset}"
            ),
            &[text(tag)],
        )?;
        Ok(Some(TagArticles {
            tag: tag.to_string(),
            articles: Page { items, page, page_size: ARTICLES_PER_PAGE, total },
        }))
    }

    fn search(&self, query: &str) -> StoreResult<SearchResults> {
        let mut conn = self.conn()?;
        let terms: Vec<String> =
            query.split_whitespace().map(normalize).filter(|t| !t.is_empty()).take(8).collect();
        if terms.is_empty() {
            return Ok(SearchResults { query: query.to_string(), schools: vec![], articles: vec![] });
        }
        let values: Vec<Param> = terms.iter().map(|t| text(sql::like(t))).collect();
        let school_filter = (1..=terms.len())
            .map(|i| format!("(s.name_norm LIKE ${i} ESCAPE '\\' OR s.short_norm LIKE ${i} ESCAPE '\\' OR s.pinyin_norm LIKE ${i} ESCAPE '\\')"))
            .collect::<Vec<_>>()
            .join(" AND ");
        let schools =
            Self::cards(&mut *conn, &format!("WHERE {school_filter} ORDER BY 11 DESC, s.id"), &values)?;
        let article_filter = (1..=terms.len())
            .map(|i| format!("(a.title_norm LIKE ${i} ESCAPE '\\' OR a.summary_norm LIKE ${i} ESCAPE '\\' OR a.school_norm LIKE ${i} ESCAPE '\\')"))
            .collect::<Vec<_>>()
            .join(" AND ");
        let articles = Self::summaries(
            &mut *conn,
            &format!(
                "WHERE {article_filter} ORDER BY a.published DESC, a.id DESC LIMIT {SEARCH_ARTICLE_LIMIT}"
            ),
            &values,
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
        let mut tx = conn.transaction().map_err(fail)?;
        let exists = |tx: &mut postgres::Transaction, sql: &str, value: &str| -> StoreResult<bool> {
            tx.query_opt(sql, &[&value]).map(|r| r.is_some()).map_err(fail)
        };
        if exists(&mut tx, "SELECT 1 FROM users WHERE lower(username) = lower($1)", username)? {
            return Ok(Err(Taken::Username));
        }
        if exists(&mut tx, "SELECT 1 FROM users WHERE phone = $1", phone)? {
            return Ok(Err(Taken::Phone));
        }
        let inserted = tx.query_one(
            "INSERT INTO users (username, phone, password_hash) VALUES ($1, $2, $3) RETURNING id",
            &[&username, &phone, &password_hash],
        );
        let row = match inserted {
            Ok(row) => row,
            // A registration of the same name or phone through another instance, between the
            // checks and the insert: the unique indexes decide.
            Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                let phone_taken =
                    e.as_db_error().and_then(|d| d.constraint()).is_some_and(|c| c.contains("phone"));
                return Ok(Err(if phone_taken { Taken::Phone } else { Taken::Username }));
            }
            Err(e) => return Err(fail(e)),
        };
        let id: u64 = num(&row, 0)?;
        tx.commit().map_err(fail)?;
        Ok(Ok(User { id, username: username.to_string() }))
    }

    fn credentials(&self, account: &str) -> StoreResult<Option<Credentials>> {
        self.conn()?
            .query_opt(
                "SELECT id, username, password_hash FROM users
                 WHERE lower(username) = lower($1) OR phone = $1 LIMIT 1",
                &[&account],
            )
            .map_err(fail)?
            .map(|r| {
                Ok(Credentials {
                    user: User { id: num(&r, 0)?, username: get(&r, 1)? },
                    password_hash: get(&r, 2)?,
                })
            })
            .transpose()
    }

    fn create_session(&self, token_hash: &str, user_id: u64, expires_at: i64) -> StoreResult<()> {
        let user_id = i64::try_from(user_id).map_err(fail)?;
        self.conn()?
            .execute(
                "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)",
                &[&token_hash, &user_id, &expires_at],
            )
            .map(|_| ())
            .map_err(fail)
    }

    fn session_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<User>> {
        self.conn()?
            .query_opt(
                "SELECT u.id, u.username FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = $1 AND s.expires_at > $2",
                &[&token_hash, &now],
            )
            .map_err(fail)?
            .map(|r| Ok(User { id: num(&r, 0)?, username: get(&r, 1)? }))
            .transpose()
    }

    fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        self.conn()?
            .execute("DELETE FROM sessions WHERE token_hash = $1", &[&token_hash])
            .map(|_| ())
            .map_err(fail)
    }

    fn delete_expired_sessions(&self, now: i64, limit: usize) -> StoreResult<usize> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.conn()?
            .execute(
                "DELETE FROM sessions WHERE token_hash IN
                 (SELECT token_hash FROM sessions WHERE expires_at <= $1 LIMIT $2)",
                &[&now, &limit],
            )
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
            .map_err(fail)
    }

    fn set_follow(&self, user_id: u64, school: SchoolId, follow: bool) -> StoreResult<Option<FollowState>> {
        let mut conn = self.conn()?;
        if Self::card_by_id(&mut *conn, school)?.is_none() {
            return Ok(None);
        }
        let user_id = i64::try_from(user_id).map_err(fail)?;
        let school_id = i64::from(school);
        let sql = if follow {
            "INSERT INTO follows (user_id, school_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        } else {
            "DELETE FROM follows WHERE user_id = $1 AND school_id = $2"
        };
        conn.execute(sql, &[&user_id, &school_id]).map_err(fail)?;
        let followers = Self::card_by_id(&mut *conn, school)?.map_or(0, |c| c.followers);
        Ok(Some(FollowState { school_id: school, following: follow, followers }))
    }

    fn follows(&self, user_id: u64) -> StoreResult<Vec<SchoolCard>> {
        let user_id = i64::try_from(user_id).map_err(fail)?;
        Self::cards(
            &mut *self.conn()?,
            "JOIN follows fw ON fw.school_id = s.id WHERE fw.user_id = $1 ORDER BY fw.followed_at DESC, fw.seq DESC",
            &[int(user_id)],
        )
    }

    fn limit_reserve(&self, key: &str, policy: &Policy, now_ms: i64) -> StoreResult<Result<(), Duration>> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction().map_err(fail)?;
        // The row exists before it is locked, so parallel first attempts queue on one lock.
        tx.execute(
            "INSERT INTO limits (key, attempts, last_ms, forget_ms) VALUES ($1, 0, 0, 0) ON CONFLICT (key) DO NOTHING",
            &[&key],
        )
        .map_err(fail)?;
        let row = tx
            .query_one("SELECT attempts, last_ms FROM limits WHERE key = $1 FOR UPDATE", &[&key])
            .map_err(fail)?;
        let counted = Counter { count: num(&row, 0).unwrap_or(u32::MAX), last_ms: get(&row, 1)? };
        let counter = match policy.admit(Some(counted).filter(|c| c.count > 0), now_ms) {
            Ok(counter) => counter,
            Err(wait) => return Ok(Err(wait)),
        };
        tx.execute(
            "UPDATE limits SET attempts = $2, last_ms = $3, forget_ms = $4 WHERE key = $1",
            &[&key, &i64::from(counter.count), &counter.last_ms, &policy.forget_at(counter.last_ms)],
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(Ok(()))
    }

    fn limit_failed(&self, key: &str, policy: &Policy, now_ms: i64) -> StoreResult<()> {
        // Time only moves forward: a failure known late never shortens a newer wait.
        self.conn()?
            .execute(
                "UPDATE limits SET last_ms = $2, forget_ms = $3 WHERE key = $1 AND last_ms < $2",
                &[&key, &now_ms, &policy.forget_at(now_ms)],
            )
            .map(|_| ())
            .map_err(fail)
    }

    fn limit_release(&self, key: &str) -> StoreResult<()> {
        let mut conn = self.conn()?;
        conn.execute("UPDATE limits SET attempts = attempts - 1 WHERE key = $1", &[&key]).map_err(fail)?;
        conn.execute("DELETE FROM limits WHERE key = $1 AND attempts <= 0", &[&key]).map(|_| ()).map_err(fail)
    }

    fn limit_clear(&self, key: &str) -> StoreResult<()> {
        self.conn()?.execute("DELETE FROM limits WHERE key = $1", &[&key]).map(|_| ()).map_err(fail)
    }

    fn save_sms_code(&self, phone: &str, code_hash: &str, expires_at: i64) -> StoreResult<()> {
        self.conn()?
            .execute(
                "INSERT INTO sms_codes (phone, code_hash, tries, expires_at) VALUES ($1, $2, 0, $3)
                 ON CONFLICT (phone) DO UPDATE SET code_hash = EXCLUDED.code_hash, tries = 0,
                 expires_at = EXCLUDED.expires_at",
                &[&phone, &code_hash, &expires_at],
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
        let mut tx = conn.transaction().map_err(fail)?;
        let found = tx
            .query_opt(
                "SELECT code_hash, tries, expires_at FROM sms_codes WHERE phone = $1 FOR UPDATE",
                &[&phone],
            )
            .map_err(fail)?
            .map(|r| Ok::<_, StoreError>((get::<String>(&r, 0)?, get::<i64>(&r, 1)?, get::<i64>(&r, 2)?)))
            .transpose()?;
        let delete = |tx: &mut postgres::Transaction| {
            tx.execute("DELETE FROM sms_codes WHERE phone = $1", &[&phone]).map(|_| ()).map_err(fail)
        };
        let check = match found {
            Some((_, tries, expires_at)) if expires_at <= now || tries >= i64::from(max_tries) => {
                delete(&mut tx)?;
                CodeCheck::Expired
            }
            None => CodeCheck::Expired,
            Some((hash, _, _)) if matches(&hash) => {
                delete(&mut tx)?;
                CodeCheck::Valid
            }
            Some((_, tries, _)) => {
                let left = u32::try_from(i64::from(max_tries) - tries - 1).unwrap_or(0);
                if left == 0 {
                    delete(&mut tx)?;
                } else {
                    tx.execute("UPDATE sms_codes SET tries = tries + 1 WHERE phone = $1", &[&phone])
                        .map_err(fail)?;
                }
                CodeCheck::Wrong { left }
            }
        };
        tx.commit().map_err(fail)?;
        Ok(check)
    }

    fn delete_expired_sms_codes(&self, now: i64, limit: usize) -> StoreResult<usize> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.conn()?
            .execute(
                "DELETE FROM sms_codes WHERE phone IN (SELECT phone FROM sms_codes WHERE expires_at <= $1 LIMIT $2)",
                &[&now, &limit],
            )
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
            .map_err(fail)
    }

    fn delete_idle_limits(&self, now_ms: i64, limit: usize) -> StoreResult<usize> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.conn()?
            .execute(
                "DELETE FROM limits WHERE key IN (SELECT key FROM limits WHERE forget_ms <= $1 LIMIT $2)",
                &[&now_ms, &limit],
            )
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
            .map_err(fail)
    }

    fn limit_rows(&self) -> StoreResult<usize> {
        let row = self.conn()?.query_one("SELECT COUNT(*) FROM limits", &[]).map_err(fail)?;
        Ok(usize::try_from(get::<i64>(&row, 0)?).unwrap_or(0))
    }

    fn delete_limits_beyond(&self, keep: usize) -> StoreResult<usize> {
        let keep = i64::try_from(keep).unwrap_or(i64::MAX);
        self.conn()?
            .execute(
                "DELETE FROM limits WHERE key IN
                 (SELECT key FROM limits ORDER BY attempts DESC, forget_ms DESC, key OFFSET $1)",
                &[&keep],
            )
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
            .map_err(fail)
    }
}

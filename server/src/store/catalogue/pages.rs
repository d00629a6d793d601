//! The catalogue as pages read it: the home page, the directory, a school, its articles, an
//! article, a tag's articles and search. Searchable text is kept normalized beside the
//! original (`portal_model::list::normalize`), so filters and search answer exactly as the
//! fixtures source does in the browser.

use crate::store::db::{params, Conn, Value};
use crate::store::rows::{lenient_json, CARD, SUMMARY};
use crate::store::{sql, Store, StoreError, StoreResult};
use portal_model::list::{self, ARTICLES_PER_PAGE, SCHOOLS_PER_PAGE, SEARCH_ARTICLE_LIMIT};
use portal_model::query::SchoolQuery;
use portal_model::*;

/// School cards from `schools s` and what follows (`tail`: joins, `WHERE`, order, limit).
pub(in crate::store) fn cards(
    c: &mut dyn Conn,
    tail: &str,
    params: &[Value],
) -> StoreResult<Vec<SchoolCard>> {
    c.rows(&format!("SELECT {CARD} FROM schools s {tail}"), params)
}

pub(in crate::store) fn card(c: &mut dyn Conn, id: SchoolId) -> StoreResult<Option<SchoolCard>> {
    c.row(&format!("SELECT {CARD} FROM schools s WHERE s.id = $1"), params![id])
}

/// Article summaries from `articles a JOIN schools s` and what follows.
fn summaries(c: &mut dyn Conn, tail: &str, params: &[Value]) -> StoreResult<Vec<ArticleSummary>> {
    c.rows(&format!("SELECT {SUMMARY} FROM articles a JOIN schools s ON s.id = a.school_id {tail}"), params)
}

fn count(c: &mut dyn Conn, sql: &str, params: &[Value]) -> StoreResult<u32> {
    Ok(u32::try_from(c.one::<i64>(sql, params)?).unwrap_or(u32::MAX))
}

impl Store {
    pub fn home(&self) -> StoreResult<Home> {
        self.run(|c| {
            // The editors' list the load keeps in `meta`, in its order (the most followed
            // when the data set has none).
            let meta: Option<String> = c.row("SELECT value FROM meta WHERE key = 'featured'", &[])?;
            let (tail, order) = sql::featured_tail(meta.as_deref());
            let featured = sql::in_order(cards(c, &tail, &[])?, &order);
            let latest = summaries(c, "ORDER BY a.id DESC LIMIT 10", &[])?;
            let hot_tags = c.rows(
                "SELECT tag, COUNT(*) AS n FROM article_tags GROUP BY tag ORDER BY n DESC, tag LIMIT 12",
                &[],
            )?;
            Ok(Home { featured, latest, hot_tags })
        })
    }

    pub fn schools(&self, query: &SchoolQuery) -> StoreResult<SchoolDirectory> {
        // Read before taking a connection: on SQLite the index takes the one connection too.
        let lines = match &query.origin {
            Some(origin) => Some(self.rank_index(&origin.province, origin.track)?),
            None => None,
        };
        self.run(|c| {
            let (filter, values) = sql::school_filter(query);
            // The provinces the directory's filter offers, most followed first.
            let provinces = c.rows(
                "SELECT province FROM schools WHERE province != '' GROUP BY province
                 ORDER BY MAX(base_followers) DESC, province",
                &[],
            )?;
            if let Some(lines) = lines {
                // Ordered and filtered by the origin's lines: every match, then the shared rules.
                let all = cards(c, &filter, &values)?;
                let (schools, lowest) = list::directory_page(&all, query, Some(lines.as_ref()));
                return Ok(SchoolDirectory { schools, provinces, lowest });
            }
            let total = count(c, &format!("SELECT COUNT(*) FROM schools s {filter}"), &values)?;
            let (page, offset) = sql::clamp_page(query.page, total, SCHOOLS_PER_PAGE);
            let order = sql::school_order(query.sort);
            let tail = format!("{filter} {order} LIMIT {SCHOOLS_PER_PAGE} OFFSET {offset}");
            let items = cards(c, &tail, &values)?;
            let schools = Page { items, page, page_size: SCHOOLS_PER_PAGE, total };
            Ok(SchoolDirectory { schools, provinces, lowest: Vec::new() })
        })
    }

    pub fn school(&self, id: SchoolId) -> StoreResult<Option<SchoolPage>> {
        self.run(|c| {
            let Some(school) = card(c, id)? else { return Ok(None) };
            let profile: String = c.one("SELECT profile FROM schools WHERE id = $1", params![id])?;
            let latest_news = summaries(c, "WHERE a.school_id = $1 ORDER BY a.id DESC LIMIT 6", params![id])?;
            Ok(Some(SchoolPage { school, profile: lenient_json(&profile), latest_news }))
        })
    }

    pub fn school_articles(&self, id: SchoolId, page: u32) -> StoreResult<Option<SchoolArticles>> {
        self.run(|c| {
            let Some(school) = card(c, id)? else { return Ok(None) };
            let total = count(c, "SELECT COUNT(*) FROM articles WHERE school_id = $1", params![id])?;
            let (page, offset) = sql::clamp_page(page, total, ARTICLES_PER_PAGE);
            let tail = format!(
                "WHERE a.school_id = $1 ORDER BY a.id DESC LIMIT {ARTICLES_PER_PAGE} OFFSET {offset}"
            );
            let items = summaries(c, &tail, params![id])?;
            Ok(Some(SchoolArticles {
                school,
                articles: Page { items, page, page_size: ARTICLES_PER_PAGE, total },
            }))
        })
    }

    pub fn article(&self, id: ArticleId) -> StoreResult<Option<Article>> {
        self.run(|c| {
            let Some(info) = summaries(c, "WHERE a.id = $1", params![id])?.pop() else { return Ok(None) };
            let body_html: String = c.one("SELECT body_html FROM articles WHERE id = $1", params![id])?;
            let school = card(c, info.school_id)?
                .ok_or_else(|| StoreError::Failed("article without school".into()))?;
            let around = params![id, info.school_id];
            let prev = c.row(
                "SELECT id, title FROM articles WHERE id < $1 AND school_id = $2 ORDER BY id DESC LIMIT 1",
                around,
            )?;
            let next = c.row(
                "SELECT id, title FROM articles WHERE id > $1 AND school_id = $2 ORDER BY id ASC LIMIT 1",
                around,
            )?;
            Ok(Some(Article { info, body_html, school, prev, next }))
        })
    }

    pub fn tag_articles(&self, tag: &str, page: u32) -> StoreResult<Option<TagArticles>> {
        self.run(|c| {
            let total = count(c, "SELECT COUNT(*) FROM article_tags WHERE tag = $1", params![tag])?;
            if total == 0 {
                return Ok(None);
            }
            let (page, offset) = sql::clamp_page(page, total, ARTICLES_PER_PAGE);
            let tail = format!(
                "WHERE a.id IN (SELECT article_id FROM article_tags WHERE tag = $1)
                 ORDER BY a.id DESC LIMIT {ARTICLES_PER_PAGE} OFFSET {offset}"
            );
            let items = summaries(c, &tail, params![tag])?;
            let articles = Page { items, page, page_size: ARTICLES_PER_PAGE, total };
            Ok(Some(TagArticles { tag: tag.to_string(), articles }))
        })
    }

    pub fn search(&self, query: &str) -> StoreResult<SearchResults> {
        let terms: Vec<String> = list::search_terms(query).into_iter().take(8).collect();
        if terms.is_empty() {
            return Ok(SearchResults { query: query.to_string(), ..Default::default() });
        }
        let values: Vec<Value> = terms.iter().map(|t| Value::Text(sql::like(t))).collect();
        let schools_match = sql::each_term(terms.len(), &["s.name_norm", "s.short_norm", "s.pinyin_norm"]);
        // An article is found by its tags too.
        let by_tag =
            "EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND lower(t.tag) LIKE {term})";
        let articles_match =
            sql::each_term(terms.len(), &["a.title_norm", "a.summary_norm", "a.school_norm", by_tag]);
        self.run(|c| {
            let schools = cards(c, &format!("WHERE {schools_match} ORDER BY 11 DESC, s.id"), &values)?;
            let tail = format!(
                "WHERE {articles_match} ORDER BY a.published DESC, a.id DESC LIMIT {SEARCH_ARTICLE_LIMIT}"
            );
            let articles = summaries(c, &tail, &values)?;
            // 你是不是要找: only when no school matched, over every school (model::list::suggest).
            let suggestion =
                if schools.is_empty() { list::suggest(query, &cards(c, "", &[])?) } else { None };
            Ok(SearchResults { query: query.to_string(), schools, articles, suggestion })
        })
    }
}

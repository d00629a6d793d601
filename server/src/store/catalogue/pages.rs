//! The catalogue as pages read it: the home page, the directory, a school, its articles, an
//! article, a tag's articles and search. Each answer is read once per catalogue version and
//! kept (`kept.rs`); what is kept carries the schools' base follower counts, and every answer
//! adds the live count of follows to its cards when it is given (`follow_counts.rs`: kept while
//! news of every follow arrives, else one small query), so a follow shows as soon as it is
//! known however long an answer has been kept. The directory and the home page's most
//! followed order every card by that live count, over all the cards kept, with the rules the
//! fixtures source runs in the browser (`portal_model::list`). Searchable text is kept
//! normalized beside the original (`portal_model::list::normalize`), so search answers
//! exactly as the fixtures source does.

use super::kept::{Cards, HomeParts, Kept};
use crate::store::db::{params, Conn, Value};
use crate::store::follow_counts::Counts;
use crate::store::rows::{lenient_json, CARD, CATALOGUE_CARD, SUMMARY};
use crate::store::{sql, Store, StoreError, StoreResult};
use portal_model::list::{self, ARTICLES_PER_PAGE, SEARCH_ARTICLE_LIMIT};
use portal_model::query::SchoolQuery;
use portal_model::*;
use std::hash::Hash;
use std::sync::Arc;

/// School cards with their live follower counts from `schools s` and what follows (`tail`:
/// joins, `WHERE`, order, limit): for what is never kept (a user's follows, the admission pages).
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

/// School cards as the catalogue holds them (base follower counts), to be kept.
fn catalogue_cards(c: &mut dyn Conn, tail: &str, params: &[Value]) -> StoreResult<Vec<SchoolCard>> {
    c.rows(&format!("SELECT {CATALOGUE_CARD} FROM schools s {tail}"), params)
}

fn catalogue_card(c: &mut dyn Conn, id: SchoolId) -> StoreResult<Option<SchoolCard>> {
    Ok(catalogue_cards(c, "WHERE s.id = $1", params![id])?.pop())
}

/// The follows of each school of `ids` (of every school: `None`) that has any: the live part
/// of a follower count, which no load sets.
fn follows(c: &mut dyn Conn, ids: Option<&[SchoolId]>) -> StoreResult<Counts> {
    let sql = match ids {
        Some([]) => return Ok(Counts::new()),
        // Ids are numbers, written as literals.
        Some(ids) => {
            let list: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
            format!(
                "SELECT school_id, COUNT(*) FROM follows WHERE school_id IN ({}) GROUP BY school_id",
                list.join(",")
            )
        }
        None => "SELECT school_id, COUNT(*) FROM follows GROUP BY school_id".to_string(),
    };
    let counts: Vec<(SchoolId, i64)> = c.rows(&sql, &[])?;
    Ok(counts.into_iter().map(|(id, n)| (id, n.max(0).unsigned_abs())).collect())
}

/// A kept card's follower count with `follows` (from [`follows`]) added.
fn live(card: &SchoolCard, follows: &Counts) -> u64 {
    card.followers + follows.get(&card.id).copied().unwrap_or(0)
}

/// The `n` most followed of `cards` by their live counts (then by id), counts included.
fn most_followed<'a>(
    cards: impl IntoIterator<Item = &'a SchoolCard>,
    follows: &Counts,
    n: usize,
) -> Vec<SchoolCard> {
    let mut ranked: Vec<(u64, &SchoolCard)> = cards.into_iter().map(|s| (live(s, follows), s)).collect();
    let order = |a: &(u64, &SchoolCard), b: &(u64, &SchoolCard)| b.0.cmp(&a.0).then(a.1.id.cmp(&b.1.id));
    // Only the first `n` are sorted (the home page shows 8 of thousands).
    if n < ranked.len() {
        ranked.select_nth_unstable_by(n, order);
        ranked.truncate(n);
    }
    ranked.sort_by(order);
    ranked.into_iter().map(|(followers, s)| SchoolCard { followers, ..s.clone() }).collect()
}

/// Article summaries from `articles a JOIN schools s` and what follows.
fn summaries(c: &mut dyn Conn, tail: &str, params: &[Value]) -> StoreResult<Vec<ArticleSummary>> {
    c.rows(&format!("SELECT {SUMMARY} FROM articles a JOIN schools s ON s.id = a.school_id {tail}"), params)
}

fn count(c: &mut dyn Conn, sql: &str, params: &[Value]) -> StoreResult<u32> {
    Ok(u32::try_from(c.one::<i64>(sql, params)?).unwrap_or(u32::MAX))
}

impl Store {
    /// The follows of the schools of `ids` (of every school: `None`), as kept or read
    /// (`follow_counts.rs`).
    fn follow_counts(&self, ids: Option<&[SchoolId]>) -> StoreResult<Arc<Counts>> {
        self.kept.follows.get(ids, |ids| self.run(|c| follows(c, ids)))
    }

    /// Drops what this process keeps of the catalogue when a load changed it since (`kept.rs`).
    pub(super) fn fresh_catalogue(&self) -> StoreResult<()> {
        self.kept.refresh(self.clock.now_ms(), || self.run(super::load::version))
    }

    /// Every school's card and the directory's provinces, kept.
    fn kept_cards(&self) -> StoreResult<Arc<Cards>> {
        self.kept.cards.get_or_load((), || {
            self.run(|c| {
                let all = catalogue_cards(c, "ORDER BY s.id", &[])?;
                let by_id = all.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
                // The provinces the directory's filter offers, most followed first.
                let provinces = c.rows(
                    "SELECT province FROM schools WHERE province != '' GROUP BY province
                     ORDER BY MAX(base_followers) DESC, province",
                    &[],
                )?;
                Ok(Cards { all, by_id, provinces })
            })
        })
    }

    /// The answer `kept` holds for `key` (`find` reads it when it holds none), with the live
    /// follower count on each card `cards` picks out of it.
    fn kept_answer<K: Hash + Eq + Clone, T: Clone>(
        &self,
        kept: &Kept<K, T>,
        key: K,
        find: impl FnOnce(&mut dyn Conn) -> StoreResult<Option<T>>,
        cards: impl FnOnce(&mut T) -> Vec<&mut SchoolCard>,
    ) -> StoreResult<Option<T>> {
        self.fresh_catalogue()?;
        let Some(kept) = kept.get_or_find(key, || self.run(find))? else { return Ok(None) };
        let mut answer = T::clone(&kept);
        let mut cards = cards(&mut answer);
        let ids: Vec<SchoolId> = cards.iter().map(|card| card.id).collect();
        let follows = self.follow_counts(Some(&ids))?;
        for card in cards.iter_mut() {
            card.followers = live(card, &follows);
        }
        Ok(Some(answer))
    }

    pub fn home(&self) -> StoreResult<Home> {
        self.fresh_catalogue()?;
        let parts = self.kept.home.get_or_load((), || {
            self.run(|c| {
                // The editors' list the load keeps in `meta`, in its order.
                let meta: Option<String> = c.row("SELECT value FROM meta WHERE key = 'featured'", &[])?;
                let featured = sql::featured(meta.as_deref());
                let latest = summaries(c, "ORDER BY a.id DESC LIMIT 10", &[])?;
                let hot_tags = c.rows(
                    "SELECT tag, COUNT(*) AS n FROM article_tags GROUP BY tag ORDER BY n DESC, tag LIMIT 12",
                    &[],
                )?;
                Ok(HomeParts { featured, latest, hot_tags })
            })
        })?;
        let cards = self.kept_cards()?;
        let featured = match &parts.featured {
            Some(ids) => {
                let follows = self.follow_counts(Some(ids))?;
                let listed = ids.iter().filter_map(|id| cards.by_id.get(id).map(|&i| &cards.all[i]));
                listed.map(|s| SchoolCard { followers: live(s, &follows), ..s.clone() }).collect()
            }
            // None listed: the most followed.
            None => {
                let follows = self.follow_counts(None)?;
                most_followed(&cards.all, &follows, portal_dataset::FEATURED_BY_DEFAULT)
            }
        };
        Ok(Home { featured, latest: parts.latest.clone(), hot_tags: parts.hot_tags.clone() })
    }

    /// The directory: every kept card through the shared rules, by live follower counts.
    pub fn schools(&self, query: &SchoolQuery) -> StoreResult<SchoolDirectory> {
        let lines = match &query.origin {
            Some(origin) => Some(self.rank_index(&origin.province, origin.track)?),
            None => None,
        };
        self.fresh_catalogue()?;
        let cards = self.kept_cards()?;
        let follows = self.follow_counts(None)?;
        let (schools, lowest) =
            list::directory_page_by(&cards.all, query, lines.as_deref(), |s| live(s, &follows));
        Ok(SchoolDirectory { schools, provinces: cards.provinces.clone(), lowest })
    }

    pub fn school(&self, id: SchoolId) -> StoreResult<Option<SchoolPage>> {
        let find = |c: &mut dyn Conn| {
            let Some(school) = catalogue_card(c, id)? else { return Ok(None) };
            let profile: String = c.one("SELECT profile FROM schools WHERE id = $1", params![id])?;
            let latest_news = summaries(c, "WHERE a.school_id = $1 ORDER BY a.id DESC LIMIT 6", params![id])?;
            Ok(Some(SchoolPage { school, profile: lenient_json(&profile), latest_news }))
        };
        self.kept_answer(&self.kept.schools, id, find, |p| vec![&mut p.school])
    }

    pub fn school_articles(&self, id: SchoolId, page: u32) -> StoreResult<Option<SchoolArticles>> {
        let find = |c: &mut dyn Conn| {
            let Some(school) = catalogue_card(c, id)? else { return Ok(None) };
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
        };
        self.kept_answer(&self.kept.school_articles, (id, page), find, |a| vec![&mut a.school])
    }

    pub fn article(&self, id: ArticleId) -> StoreResult<Option<Article>> {
        let find = |c: &mut dyn Conn| {
            let Some(info) = summaries(c, "WHERE a.id = $1", params![id])?.pop() else { return Ok(None) };
            let body_html: String = c.one("SELECT body_html FROM articles WHERE id = $1", params![id])?;
            let school = catalogue_card(c, info.school_id)?
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
        };
        self.kept_answer(&self.kept.articles, id, find, |a| vec![&mut a.school])
    }

    pub fn tag_articles(&self, tag: &str, page: u32) -> StoreResult<Option<TagArticles>> {
        let find = |c: &mut dyn Conn| {
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
        };
        self.kept_answer(&self.kept.tags, (tag.to_string(), page), find, |_| vec![])
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
        let find = |c: &mut dyn Conn| {
            let schools = catalogue_cards(c, &format!("WHERE {schools_match} ORDER BY s.id"), &values)?;
            let tail = format!(
                "WHERE {articles_match} ORDER BY a.published DESC, a.id DESC LIMIT {SEARCH_ARTICLE_LIMIT}"
            );
            let articles = summaries(c, &tail, &values)?;
            Ok(Some(SearchResults { query: query.to_string(), schools, articles, suggestion: None }))
        };
        let Some(mut found) = self
            .kept_answer(&self.kept.searches, query.to_string(), find, |r| r.schools.iter_mut().collect())?
        else {
            return Ok(SearchResults { query: query.to_string(), ..Default::default() });
        };
        // The most followed first, by the live counts.
        found.schools.sort_by(|a, b| b.followers.cmp(&a.followers).then(a.id.cmp(&b.id)));
        if found.schools.is_empty() {
            // 你是不是要找: only when no school matched, over every school (model::list::suggest).
            let cards = self.kept_cards()?;
            let follows = self.follow_counts(None)?;
            found.suggestion = list::suggest(query, &most_followed(&cards.all, &follows, usize::MAX));
        }
        Ok(found)
    }
}

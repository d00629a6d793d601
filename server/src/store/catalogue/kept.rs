//! The catalogue as this process keeps it: the rank and group indexes and the pages' answers,
//! read from the database once per catalogue version and answered from memory after.
//!
//! The catalogue changes only through a load or a seed (`load.rs`), which bumps its version in
//! `meta`. Every catalogue read first asks [`KeptCatalogue::refresh`], which reads that version
//! at most once a second of the store's clock ([`VERSION_CHECK_MS`]) and drops everything kept
//! when it moved: another instance's load (or a `portal-data load` run) is seen within a
//! second, for one small query a second; this process's own load drops it at once
//! ([`KeptCatalogue::reset`]).
//!
//! What is kept holds no follower count: cards are kept with the school's base count and the
//! pages add the live count of follows to each card they answer with (`pages.rs`), kept apart
//! by news of each follow (`follow_counts.rs`), so a follow shows on every instance as soon as
//! it hears of it. Nothing per user is kept here.

use crate::store::follow_counts::FollowCounts;
use crate::store::{StoreError, StoreResult};
use portal_model::admissions::{RankIndex, Track};
use portal_model::volunteer::groups::GroupIndex;
use portal_model::{
    Article, ArticleId, SchoolArticles, SchoolCard, SchoolId, SchoolPage, SearchResults, TagArticles,
};
use portal_model::{ArticleSummary, TagCount};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, OnceLock};

/// How often, at most, the catalogue's version is read.
pub(crate) const VERSION_CHECK_MS: i64 = 1000;

/// At most this many answers of one kind are kept; past it, that kind starts over. The keys
/// of searches, tag pages and page numbers come from visitors, so their number is not the
/// catalogue's; a school's or an article's page is kept only when it exists.
const ANSWERS_PER_KIND: usize = 20_000;

/// Every school card (base follower counts, by id) and the provinces the directory offers.
pub(super) struct Cards {
    pub all: Vec<SchoolCard>,
    pub by_id: HashMap<SchoolId, usize>,
    pub provinces: Vec<String>,
}

/// The home page without its featured cards: the editors' list (`None`: the most followed).
pub(super) struct HomeParts {
    pub featured: Option<Vec<SchoolId>>,
    pub latest: Vec<ArticleSummary>,
    pub hot_tags: Vec<TagCount>,
}

/// What this process keeps of the catalogue, each kind by its key, all of one version.
pub(crate) struct KeptCatalogue {
    pub(super) ranks: Kept<(String, Track), RankIndex>,
    pub(super) groups: Kept<(String, Track), GroupIndex>,
    pub(super) cards: Kept<(), Cards>,
    pub(super) home: Kept<(), HomeParts>,
    pub(super) schools: Kept<SchoolId, SchoolPage>,
    pub(super) school_articles: Kept<(SchoolId, u32), SchoolArticles>,
    pub(super) articles: Kept<ArticleId, Article>,
    pub(super) tags: Kept<(String, u32), TagArticles>,
    pub(super) searches: Kept<String, SearchResults>,
    /// Shared with the connection that hears the follows' news (`postgres.rs`).
    pub(crate) follows: Arc<FollowCounts>,
    seen: Mutex<Seen>,
}

impl Default for KeptCatalogue {
    fn default() -> Self {
        KeptCatalogue {
            // Bounded by the origins there are (31 provinces × their tracks; unknown ones
            // never reach the store).
            ranks: Kept::new(usize::MAX),
            groups: Kept::new(usize::MAX),
            cards: Kept::new(1),
            home: Kept::new(1),
            schools: Kept::new(ANSWERS_PER_KIND),
            school_articles: Kept::new(ANSWERS_PER_KIND),
            articles: Kept::new(ANSWERS_PER_KIND),
            tags: Kept::new(ANSWERS_PER_KIND),
            searches: Kept::new(ANSWERS_PER_KIND),
            follows: Arc::default(),
            seen: Mutex::new(Seen::default()),
        }
    }
}

/// The catalogue's version what is kept belongs to, and when it was read.
#[derive(Default)]
struct Seen {
    version: Option<i64>,
    read_at_ms: i64,
}

fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl KeptCatalogue {
    /// Drops everything kept when the catalogue's version (`read`) is not the one it was read
    /// at; reads it only when the last read is [`VERSION_CHECK_MS`] old at `now_ms`.
    pub(super) fn refresh(&self, now_ms: i64, read: impl FnOnce() -> StoreResult<i64>) -> StoreResult<()> {
        let mut seen = locked(&self.seen);
        let age = now_ms.saturating_sub(seen.read_at_ms);
        if seen.version.is_some() && (0..VERSION_CHECK_MS).contains(&age) {
            return Ok(());
        }
        let version = read()?;
        if seen.version != Some(version) {
            self.clear();
        }
        *seen = Seen { version: Some(version), read_at_ms: now_ms };
        Ok(())
    }

    /// After this process wrote the catalogue (now at `version`): drops everything at once.
    pub(super) fn reset(&self, version: i64, now_ms: i64) {
        let mut seen = locked(&self.seen);
        self.clear();
        *seen = Seen { version: Some(version), read_at_ms: now_ms };
    }

    fn clear(&self) {
        self.ranks.clear();
        self.groups.clear();
        self.cards.clear();
        self.home.clear();
        self.schools.clear();
        self.school_articles.clear();
        self.articles.clear();
        self.tags.clear();
        self.searches.clear();
        // A load may have removed schools with their follows.
        self.follows.heard();
    }
}

/// One kind of answer by key. The first request for a key reads it and the requests for that
/// key meanwhile wait for its answer instead of reading it too (64 searches at once each ran
/// the same query on SQLite's one connection, for seconds). [`Kept::clear`] takes every slot
/// out, so an answer still being read when it is called is given to its readers but not kept.
pub(super) struct Kept<K, T> {
    cap: usize,
    inner: Mutex<HashMap<K, Arc<Slot<T>>>>,
}

/// One key's answer, read once: an error or a page that does not exist is given to the
/// requests waiting for it and then forgotten.
type Slot<T> = OnceLock<StoreResult<Option<Arc<T>>>>;

impl<K: Hash + Eq + Clone, T> Kept<K, T> {
    fn new(cap: usize) -> Self {
        Kept { cap, inner: Mutex::new(HashMap::new()) }
    }

    /// The answer kept for `key`, or `load`'s, kept.
    pub(super) fn get_or_load(&self, key: K, load: impl FnOnce() -> StoreResult<T>) -> StoreResult<Arc<T>> {
        match self.get_or_find(key, || load().map(Some))? {
            Some(answer) => Ok(answer),
            None => Err(StoreError::Failed("a kept answer went missing".into())),
        }
    }

    /// The answer kept for `key`, or `find`'s, kept when there is one (what does not exist is
    /// not kept: its keys are the visitors', not the catalogue's).
    pub(super) fn get_or_find(
        &self,
        key: K,
        find: impl FnOnce() -> StoreResult<Option<T>>,
    ) -> StoreResult<Option<Arc<T>>> {
        let slot = {
            let mut kept = locked(&self.inner);
            match kept.get(&key) {
                Some(slot) => slot.clone(),
                None => {
                    if kept.len() >= self.cap {
                        kept.clear();
                    }
                    let slot = Arc::new(Slot::new());
                    kept.insert(key.clone(), slot.clone());
                    slot
                }
            }
        };
        // Outside the lock: other keys are answered meanwhile.
        let answer = slot.get_or_init(|| find().map(|found| found.map(Arc::new))).clone();
        if !matches!(answer, Ok(Some(_))) {
            let mut kept = locked(&self.inner);
            if kept.get(&key).is_some_and(|kept| Arc::ptr_eq(kept, &slot)) {
                kept.remove(&key);
            }
        }
        answer
    }

    fn clear(&self) {
        locked(&self.inner).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn an_answer_is_read_once_and_one_read_before_a_clear_is_not_kept() {
        let kept: Kept<u32, String> = Kept::new(10);
        let reads = Cell::new(0);
        let read = || {
            reads.set(reads.get() + 1);
            Ok(format!("read {}", reads.get()))
        };
        assert_eq!(*kept.get_or_load(1, read).unwrap(), "read 1");
        assert_eq!(*kept.get_or_load(1, read).unwrap(), "read 1", "kept");
        // Cleared while an answer was being read: that answer is given, not kept.
        let late = kept.get_or_load(2, || {
            kept.clear();
            Ok("before the clear".to_string())
        });
        assert_eq!(*late.unwrap(), "before the clear");
        assert_eq!(*kept.get_or_load(2, read).unwrap(), "read 2");
        assert_eq!(*kept.get_or_load(1, read).unwrap(), "read 3", "the clear dropped it");
    }

    #[test]
    fn what_does_not_exist_is_not_kept_and_past_the_cap_a_kind_starts_over() {
        let kept: Kept<u32, u32> = Kept::new(2);
        assert!(kept.get_or_find(9, || Ok(None)).unwrap().is_none());
        assert_eq!(*kept.get_or_find(9, || Ok(Some(9))).unwrap().unwrap(), 9, "read again");
        kept.get_or_load(1, || Ok(1)).unwrap();
        kept.get_or_load(2, || Ok(2)).unwrap();
        assert_eq!(locked(&kept.inner).len(), 1, "the third answer started the kind over");
    }

    #[test]
    fn the_version_is_read_at_most_once_a_second_and_a_new_one_drops_everything() {
        let catalogue = KeptCatalogue::default();
        let (reads, version) = (Cell::new(0), Cell::new(1));
        let read = || {
            reads.set(reads.get() + 1);
            Ok(version.get())
        };
        catalogue.refresh(0, read).unwrap();
        catalogue.home.get_or_load((), || Ok(home())).unwrap();
        version.set(2);
        catalogue.refresh(VERSION_CHECK_MS - 1, read).unwrap();
        assert_eq!(reads.get(), 1, "not read again within the second");
        assert_eq!(locked(&catalogue.home.inner).len(), 1);
        catalogue.refresh(VERSION_CHECK_MS, read).unwrap();
        assert_eq!(reads.get(), 2);
        assert!(locked(&catalogue.home.inner).is_empty(), "a new version drops it");
    }

    fn home() -> HomeParts {
        HomeParts { featured: None, latest: Vec::new(), hot_tags: Vec::new() }
    }
}

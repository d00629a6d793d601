//! Follower counts as this process keeps them: the live part of every school's count (its
//! follows), kept only while news of every follow reaches this process, so a count is never
//! older than the news of the follow that changed it.
//!
//! On PostgreSQL every follow and unfollow sends `NOTIFY portal_follows` in its own
//! transaction, and each instance listens on a connection of its own (`postgres.rs`,
//! [`FOLLOW_NEWS`]): while it listens, the counts are read once per piece of news (one
//! `GROUP BY` over `follows`) instead of once per answer, so a kept page is answered from
//! memory alone. A follow made through this process drops them at once; one made through
//! another instance, when its news arrives (milliseconds on one network). While the listening
//! connection is down nothing is kept and every answer reads the counts it needs, as it
//! always does on SQLite, which has no news to hear (its one file is one server's).

use super::StoreResult;
use portal_model::SchoolId;
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// The channel the follows' news goes by on PostgreSQL.
pub(crate) const FOLLOW_NEWS: &str = "portal_follows";

/// The follows of each school that has any.
pub(crate) type Counts = HashMap<SchoolId, u64>;

#[derive(Default)]
pub(crate) struct FollowCounts {
    state: Mutex<State>,
    /// Told of each piece of news (tests wait on it: [`FollowCounts::wait_for_news`]).
    news: Condvar,
}

#[derive(Default)]
struct State {
    /// Whether news of every follow reaches this process; without it nothing is kept.
    listening: bool,
    /// Moved by each piece of news, and whenever listening starts or stops.
    generation: u64,
    /// Every school's follows, read at `generation`.
    kept: Option<(u64, Arc<Counts>)>,
}

impl FollowCounts {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The follows of the schools of `ids` (of every school: `None`): those kept, or `read`'s.
    /// While listening, every school's are read and kept; otherwise only those asked for.
    pub(crate) fn get(
        &self,
        ids: Option<&[SchoolId]>,
        read: impl FnOnce(Option<&[SchoolId]>) -> StoreResult<Counts>,
    ) -> StoreResult<Arc<Counts>> {
        let generation = {
            let state = self.state();
            match &state.kept {
                Some((read_at, counts)) if *read_at == state.generation => return Ok(counts.clone()),
                _ => state.listening.then_some(state.generation),
            }
        };
        let Some(generation) = generation else { return read(ids).map(Arc::new) };
        let counts = Arc::new(read(None)?);
        let mut state = self.state();
        // Kept only if no news came while it was read: that news may be newer than the read.
        if state.listening && state.generation == generation {
            state.kept = Some((generation, counts.clone()));
        }
        Ok(counts)
    }

    /// A follow changed (this process's, or news of another's): what is kept is dropped.
    pub(crate) fn heard(&self) {
        let mut state = self.state();
        state.generation += 1;
        state.kept = None;
        self.news.notify_all();
    }

    /// Whether news of every follow reaches this process from now on. Either way what is kept
    /// is dropped: news may have been missed while the listening connection was down.
    pub(crate) fn listening(&self, listening: bool) {
        self.state().listening = listening;
        self.heard();
    }

    /// Waits, up to `timeout`, until news of every follow reaches this process; whether it does.
    pub(crate) fn wait_until_listening(&self, timeout: Duration) -> bool {
        let state = self.state();
        let (state, _) = self
            .news
            .wait_timeout_while(state, timeout, |s| !s.listening)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.listening
    }

    /// How much news this process has had (for [`FollowCounts::wait_for_news`]).
    pub(crate) fn news_seen(&self) -> u64 {
        self.state().generation
    }

    /// Waits, up to `timeout`, until this process answers follower counts as fresh as the
    /// database was when `seen` was taken or later: at once when it keeps none (not
    /// listening), else when news came after `seen`. Whether it came in time.
    pub(crate) fn wait_for_news(&self, seen: u64, timeout: Duration) -> bool {
        let state = self.state();
        let (state, _) = self
            .news
            .wait_timeout_while(state, timeout, |s| s.listening && s.generation <= seen)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        !state.listening || state.generation > seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn counts(n: u64) -> Counts {
        Counts::from([(1, n)])
    }

    #[test]
    fn without_news_nothing_is_kept_and_only_what_is_asked_for_is_read() {
        let follows = FollowCounts::default();
        let asked = Cell::new(None);
        for n in 1..=2 {
            let got = follows
                .get(Some(&[1]), |ids| {
                    asked.set(ids.map(<[_]>::to_vec));
                    Ok(counts(n))
                })
                .unwrap();
            assert_eq!(got[&1], n, "read each time");
        }
        assert_eq!(asked.take(), Some(vec![1]));
        assert!(follows.wait_for_news(follows.news_seen(), Duration::ZERO), "nothing to wait for");
    }

    #[test]
    fn while_listening_every_count_is_read_once_per_piece_of_news() {
        let follows = FollowCounts::default();
        follows.listening(true);
        let reads = Cell::new(0);
        let read = |ids: Option<&[SchoolId]>| {
            assert_eq!(ids, None, "every school's");
            reads.set(reads.get() + 1);
            Ok(counts(reads.get()))
        };
        assert_eq!(follows.get(Some(&[1]), read).unwrap()[&1], 1);
        assert_eq!(follows.get(None, read).unwrap()[&1], 1, "kept");
        let seen = follows.news_seen();
        assert!(!follows.wait_for_news(seen, Duration::ZERO), "no news yet");
        follows.heard();
        assert!(follows.wait_for_news(seen, Duration::ZERO));
        assert_eq!(follows.get(None, read).unwrap()[&1], 2, "read again after the news");
        // News while a read is under way: that read is given, not kept.
        follows.heard();
        let during = follows
            .get(None, |_| {
                follows.heard();
                Ok(counts(10))
            })
            .unwrap();
        assert_eq!(during[&1], 10);
        assert_eq!(follows.get(None, read).unwrap()[&1], 3);
        // The connection lost: nothing kept until listening again.
        follows.listening(false);
        assert_eq!(follows.get(None, read).unwrap()[&1], 4);
        assert_eq!(follows.get(None, read).unwrap()[&1], 5);
    }
}

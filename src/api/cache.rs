//! One keyed cache for every read, key = the request's URL:
//! - concurrent reads of one URL share one request;
//! - answers are kept as long as their kind allows ([`Keep`]), decoded once per type;
//! - a read ahead (下一篇) goes through the same path, so the click that wants it finds it kept
//!   or joins it on its way;
//! - a change (sign-in, follow…) drops what it may have made stale, an answer asked for before
//!   the change is not kept, and reads starting during a change wait until it is answered;
//! - a request is aborted once the last reader that wanted it is gone (see `fetch::Transport::read`).
//!
//! The cache lives in the data source (one per `Api`), not in a module global.

use super::ApiError;
use futures::channel::oneshot;
use futures::future::{LocalBoxFuture, Shared};
use send_wrapper::SendWrapper;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// How long an answer stays good enough to show without asking again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Account data: never kept (concurrent reads still share one request).
    Never,
    /// Page data: a minute, and only until the visitor changes something.
    Minute,
    /// Files that do not change during a visit (the fixtures' indexes, the sign-in methods).
    Visit,
}

const MINUTE_MS: f64 = 60_000.0;

/// An answer's JSON text, and whether it was an offline copy kept by the service worker.
#[derive(Clone, Debug)]
pub struct Answer {
    pub text: Rc<str>,
    pub offline_copy: bool,
}

pub type Pending = Shared<LocalBoxFuture<'static, Result<Answer, ApiError>>>;

/// A request on its way, shared by the reads that want its answer.
pub struct Request {
    /// Tells this request from a later one for the same URL.
    id: u64,
    pub answer: Pending,
    readers: Cell<usize>,
    abort: Option<web_sys::AbortController>,
}

enum Entry {
    InFlight(Rc<Request>),
    Kept { answer: Answer, at: f64, keep: Keep, decoded: Option<Rc<dyn Any>> },
}

#[derive(Default)]
struct Inner {
    entries: HashMap<String, Entry>,
    next_id: u64,
    /// Bumped when a change starts and when it is answered: an answer asked for before either
    /// moment may show what the change undid, so it is not kept.
    generation: u64,
    changes_in_flight: usize,
    /// Reads waiting for the changes in flight to be answered.
    waiting: Vec<oneshot::Sender<()>>,
}

/// Cheap to clone: every clone is the same cache.
#[derive(Clone)]
pub struct QueryCache(SendWrapper<Rc<RefCell<Inner>>>);

impl std::fmt::Debug for QueryCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "QueryCache({} entries)", self.0.borrow().entries.len())
    }
}

/// What a read finds for its URL.
pub enum Found {
    Kept(Answer),
    InFlight(Rc<Request>),
    Nothing,
}

impl Request {
    pub fn id(&self) -> u64 {
        self.id
    }
}

impl QueryCache {
    pub fn new() -> QueryCache {
        QueryCache(SendWrapper::new(Rc::default()))
    }

    /// A fresh kept answer, or the request on its way (now with one more reader if `reader`),
    /// or nothing.
    pub fn find(&self, url: &str, reader: bool) -> Found {
        let mut inner = self.0.borrow_mut();
        let now = js_sys::Date::now();
        match inner.entries.get(url) {
            Some(Entry::Kept { answer, at, keep, .. }) if fresh(*keep, *at, now) => {
                Found::Kept(answer.clone())
            }
            Some(Entry::InFlight(request)) => {
                request.readers.set(request.readers.get() + usize::from(reader));
                Found::InFlight(request.clone())
            }
            Some(Entry::Kept { .. }) => {
                inner.entries.remove(url);
                Found::Nothing
            }
            None => Found::Nothing,
        }
    }

    /// Records a request on its way for `url`, with one reader if `reader`.
    pub fn start(
        &self,
        url: &str,
        answer: Pending,
        abort: Option<web_sys::AbortController>,
        reader: bool,
    ) -> Rc<Request> {
        let mut inner = self.0.borrow_mut();
        inner.next_id += 1;
        let request =
            Rc::new(Request { id: inner.next_id, answer, readers: Cell::new(usize::from(reader)), abort });
        inner.entries.insert(url.to_string(), Entry::InFlight(request.clone()));
        request
    }

    pub fn generation(&self) -> u64 {
        self.0.borrow().generation
    }

    /// Request `id` for `url` (asked in generation `asked_in`) was answered: keep the answer
    /// if its kind allows and no change happened meanwhile; either way it is no longer on its way.
    pub fn finish(&self, url: &str, id: u64, asked_in: u64, keep: Keep, result: &Result<Answer, ApiError>) {
        let mut inner = self.0.borrow_mut();
        let unchanged = inner.generation == asked_in;
        let ours = matches!(inner.entries.get(url), Some(Entry::InFlight(r)) if r.id == id);
        match result {
            Ok(answer) if keep != Keep::Never && unchanged && !answer.offline_copy => {
                let at = js_sys::Date::now();
                inner
                    .entries
                    .insert(url.to_string(), Entry::Kept { answer: answer.clone(), at, keep, decoded: None });
            }
            _ if ours => {
                inner.entries.remove(url);
            }
            _ => {}
        }
    }

    /// A reader of `request` is gone (its page was left): the last one aborts it.
    pub fn leave(&self, url: &str, request: &Request) {
        request.readers.set(request.readers.get().saturating_sub(1));
        if request.readers.get() == 0 {
            if let Some(abort) = &request.abort {
                abort.abort();
            }
            let mut inner = self.0.borrow_mut();
            if matches!(inner.entries.get(url), Some(Entry::InFlight(r)) if r.id == request.id) {
                inner.entries.remove(url);
            }
        }
    }

    /// Forgets `url`'s kept answer (it did not decode, or the visitor just changed it: asking
    /// again brings a good one).
    pub fn forget(&self, url: &str) {
        let mut inner = self.0.borrow_mut();
        if matches!(inner.entries.get(url), Some(Entry::Kept { .. })) {
            inner.entries.remove(url);
        }
    }

    /// The decoded value kept with `url`'s answer, if it was decoded as `T` before.
    pub fn decoded<T: 'static>(&self, url: &str) -> Option<Rc<T>> {
        match self.0.borrow().entries.get(url) {
            Some(Entry::Kept { decoded: Some(value), .. }) => value.clone().downcast::<T>().ok(),
            _ => None,
        }
    }

    /// Keeps a decoded value beside `url`'s kept answer, so the next read skips decoding.
    pub fn keep_decoded<T: 'static>(&self, url: &str, value: Rc<T>) {
        if let Some(Entry::Kept { decoded, .. }) = self.0.borrow_mut().entries.get_mut(url) {
            *decoded = Some(value);
        }
    }

    /// A change is on its way until the returned guard is dropped.
    pub fn change(&self) -> ChangeInFlight {
        let mut inner = self.0.borrow_mut();
        inner.changes_in_flight += 1;
        inner.changed();
        ChangeInFlight(self.clone())
    }

    /// Waits until no change is on its way, so a page read after a follow shows it even when
    /// the read would have overtaken the follow. Each change gives up at the request timeout,
    /// so neither does this wait forever.
    pub async fn after_changes(&self) {
        let settled = {
            let mut inner = self.0.borrow_mut();
            if inner.changes_in_flight == 0 {
                return;
            }
            let (tell, settled) = oneshot::channel();
            inner.waiting.push(tell);
            settled
        };
        let _ = settled.await;
    }
}

impl Inner {
    /// Forgets page answers (a change may have made them stale) and requests on their way (they
    /// go on for the reads that wait for them, but a later read asks again).
    fn changed(&mut self) {
        self.generation += 1;
        self.entries.retain(|_, entry| matches!(entry, Entry::Kept { keep: Keep::Visit, .. }));
    }
}

fn fresh(keep: Keep, at: f64, now: f64) -> bool {
    match keep {
        Keep::Never => false,
        Keep::Minute => now - at < MINUTE_MS,
        Keep::Visit => true,
    }
}

/// A change on its way, for as long as it lives.
pub struct ChangeInFlight(QueryCache);

impl Drop for ChangeInFlight {
    fn drop(&mut self) {
        let waiting = {
            let mut inner = self.0 .0.borrow_mut();
            inner.changes_in_flight = inner.changes_in_flight.saturating_sub(1);
            inner.changed();
            if inner.changes_in_flight == 0 {
                std::mem::take(&mut inner.waiting)
            } else {
                Vec::new()
            }
        };
        for tell in waiting {
            let _ = tell.send(());
        }
    }
}

//! The one place that talks HTTP: sends a request, gives up after a timeout, cancels it when
//! the visitor has moved on to another page, and turns every failure into an [`ApiError`].

use super::ApiError;
use gloo_net::http::{Method, RequestBuilder};
use portal_model::ErrorBody;
use serde::de::DeserializeOwned;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, RequestCredentials};

/// How requests are made; the same for every call of one data source.
#[derive(Clone, Debug)]
pub struct Transport {
    pub timeout_ms: u32,
    /// Send cookies to another origin (the http data source's session cookie).
    pub with_credentials: bool,
}

/// A request body, already serialized.
pub struct Body(pub String);

impl Body {
    pub fn json<T: serde::Serialize>(value: &T) -> Result<Body, ApiError> {
        serde_json::to_string(value).map(Body).map_err(|e| ApiError::Decode(e.to_string()))
    }
}

/// Whom a request serves, which decides when it is abandoned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Data for the page at the current URL: aborted once the visitor is on another URL, so a
    /// slow answer for a page already left never holds the network (see [`abort_other_pages`]).
    Page,
    /// The visit as a whole (who is signed in, follows, sign-in itself): never abandoned.
    Visit,
}

type RouteReader = Box<dyn Fn() -> String>;
type PendingListener = Box<dyn Fn(usize)>;
type CopyListener = Box<dyn Fn(bool)>;

thread_local! {
    static PAGE_REQUESTS: RefCell<Vec<(u64, String, AbortController)>> = const { RefCell::new(Vec::new()) };
    static NEXT_REQUEST: Cell<u64> = const { Cell::new(0) };
    static ROUTE: RefCell<Option<RouteReader>> = const { RefCell::new(None) };
    static ON_PENDING: RefCell<Option<PendingListener>> = const { RefCell::new(None) };
}

thread_local! {
    static ON_COPY: RefCell<Option<CopyListener>> = const { RefCell::new(None) };
}

/// One answer fetched ahead of the click that will want it (下一篇).
struct Ahead {
    url: String,
    text: String,
    fetched_at: f64,
}

/// How long an answer fetched ahead stays good enough to show instead of asking again.
const AHEAD_FRESH_MS: f64 = 60_000.0;

thread_local! {
    static AHEAD: RefCell<Option<Ahead>> = const { RefCell::new(None) };
    /// Bumped when a change (a follow, say) is sent and again when it is answered: an answer
    /// fetched ahead across either moment may show what the change undid, so it is not kept.
    static CHANGES: Cell<u64> = const { Cell::new(0) };
    static CHANGES_IN_FLIGHT: Cell<usize> = const { Cell::new(0) };
    /// Reads waiting for the changes in flight to be answered (promise resolvers).
    static READS_WAITING: RefCell<Vec<js_sys::Function>> = const { RefCell::new(Vec::new()) };
}

/// Forgets what was fetched ahead: a change is on its way or has just landed.
fn changed() {
    CHANGES.with(|c| c.set(c.get() + 1));
    AHEAD.with(|slot| slot.borrow_mut().take());
}

/// A change on its way, for as long as it lives.
struct ChangeInFlight;

impl ChangeInFlight {
    fn start() -> ChangeInFlight {
        changed();
        CHANGES_IN_FLIGHT.with(|n| n.set(n.get() + 1));
        ChangeInFlight
    }
}

impl Drop for ChangeInFlight {
    fn drop(&mut self) {
        changed();
        let left = CHANGES_IN_FLIGHT.with(|n| {
            n.set(n.get().saturating_sub(1));
            n.get()
        });
        if left == 0 {
            for resolve in READS_WAITING.with(|w| w.take()) {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            }
        }
    }
}

/// Waits until no change is on its way, so a page read after a follow shows it even when the
/// read would have overtaken the follow (both sent over a slow network). Each change gives up
/// at the request timeout, so neither does this wait forever.
async fn after_changes() {
    if CHANGES_IN_FLIGHT.with(Cell::get) == 0 {
        return;
    }
    let settled =
        js_sys::Promise::new(&mut |resolve, _reject| READS_WAITING.with(|w| w.borrow_mut().push(resolve)));
    let _ = wasm_bindgen_futures::JsFuture::from(settled).await;
}

/// The answer fetched ahead for `url`, if there is a fresh one; it is used once.
fn take_ahead(url: &str) -> Option<String> {
    let ahead = AHEAD.with(|slot| slot.borrow_mut().take_if(|a| a.url == url))?;
    (js_sys::Date::now() - ahead.fetched_at < AHEAD_FRESH_MS).then_some(ahead.text)
}

/// Calls `listen` after each page answer with whether it was an offline copy kept by the
/// service worker (header `X-Offline-Copy`), so the page can say so.
pub fn on_offline_copy(listen: impl Fn(bool) + 'static) {
    ON_COPY.with(|l| *l.borrow_mut() = Some(Box::new(listen)));
}

fn report_copy(copy: bool) {
    ON_COPY.with(|l| {
        if let Some(listen) = l.borrow().as_ref() {
            listen(copy);
        }
    });
}

/// Calls `listen` with the number of page requests on their way whenever it changes (the top
/// progress bar).
pub fn on_pending_change(listen: impl Fn(usize) + 'static) {
    ON_PENDING.with(|l| *l.borrow_mut() = Some(Box::new(listen)));
}

fn pending_changed() {
    let count = PAGE_REQUESTS.with(|list| list.borrow().len());
    ON_PENDING.with(|l| {
        if let Some(listen) = l.borrow().as_ref() {
            listen(count);
        }
    });
}

/// Tells the transport how to read the router's current URL. The router changes its URL the
/// moment a link is followed, while the address bar waits until the new page is ready, so the
/// router's URL is the one that says which page a request is for.
pub fn follow_route(read: impl Fn() -> String + 'static) {
    ROUTE.with(|r| *r.borrow_mut() = Some(Box::new(read)));
}

fn current_url() -> String {
    let routed = ROUTE.with(|r| r.borrow().as_ref().map(|read| read()));
    routed.unwrap_or_else(|| {
        web_sys::window()
            .and_then(|w| Some(format!("{}{}", w.location().pathname().ok()?, w.location().search().ok()?)))
            .unwrap_or_default()
    })
}

/// Aborts page requests made for any URL but the current one. Called on every navigation.
pub fn abort_other_pages() {
    let here = current_url();
    PAGE_REQUESTS.with(|list| {
        list.borrow_mut().retain(|(_, page, controller)| {
            if *page == here {
                true
            } else {
                controller.abort();
                false
            }
        })
    });
    pending_changed();
}

/// A page request in the register; leaves it when the request ends.
struct Registered(u64);

impl Registered {
    fn new(controller: &AbortController) -> Registered {
        let id = NEXT_REQUEST.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        PAGE_REQUESTS.with(|list| list.borrow_mut().push((id, current_url(), controller.clone())));
        pending_changed();
        Registered(id)
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        PAGE_REQUESTS.with(|list| list.borrow_mut().retain(|(id, _, _)| *id != self.0));
        pending_changed();
    }
}

impl Transport {
    /// Data for the current page.
    pub async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<T, ApiError> {
        if let Some(text) = take_ahead(url) {
            // Fetched ahead online (never when offline), so not an offline copy.
            report_copy(false);
            return decode(&text);
        }
        after_changes().await;
        decode(&self.send_text(Method::GET, url, None, Scope::Page).await?)
    }

    /// Fetches what the visitor will probably open next, so the page shows without waiting
    /// when they do: [`Transport::get`] of the same URL within a minute uses it. Skipped when
    /// the browser asks to save data or is offline; a failure is simply forgotten.
    pub async fn fetch_ahead(&self, url: &str) {
        if saves_data() || is_offline() {
            return;
        }
        let changes = CHANGES.with(Cell::get);
        let answer = self.send_text(Method::GET, url, None, Scope::Visit).await;
        let unchanged = CHANGES.with(Cell::get) == changes;
        if let (Ok(text), true) = (answer, unchanged) {
            let ahead = Ahead { url: url.to_string(), text, fetched_at: js_sys::Date::now() };
            AHEAD.with(|slot| *slot.borrow_mut() = Some(ahead));
        }
    }

    /// Data the whole visit relies on, whichever page asked.
    pub async fn get_for_visit<T: DeserializeOwned>(&self, url: &str) -> Result<T, ApiError> {
        after_changes().await;
        decode(&self.send_text(Method::GET, url, None, Scope::Visit).await?)
    }

    /// A change (sign-in, follow…): part of the visit, never abandoned on navigation.
    pub async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        url: &str,
        body: Option<Body>,
    ) -> Result<T, ApiError> {
        let _in_flight = ChangeInFlight::start();
        decode(&self.send_text(method, url, body, Scope::Visit).await?)
    }

    /// Sends and returns the body text of a 2xx answer.
    pub async fn send_text(
        &self,
        method: Method,
        url: &str,
        body: Option<Body>,
        scope: Scope,
    ) -> Result<String, ApiError> {
        let controller = AbortController::new().map_err(|_| ApiError::Network)?;
        let signal = controller.signal();
        let timed_out = Rc::new(Cell::new(false));
        let _timer = start_timer(&controller, &timed_out, self.timeout_ms);
        let _registered = (scope == Scope::Page).then(|| Registered::new(&controller));

        let mut builder = RequestBuilder::new(url)
            .method(method)
            .abort_signal(Some(&signal))
            .header("Accept", "application/json");
        if self.with_credentials {
            builder = builder.credentials(RequestCredentials::Include);
        }
        let request = match body {
            Some(Body(json)) => builder.header("Content-Type", "application/json").body(json),
            None => builder.build(),
        }
        .map_err(|_| ApiError::Network)?;
        let outcome = request.send().await;
        let response = match outcome {
            Ok(response) => response,
            Err(_) if timed_out.get() => return Err(ApiError::Timeout),
            Err(_) if is_offline() => return Err(ApiError::Offline),
            Err(_) => return Err(ApiError::Network),
        };
        let text = response.text().await;
        let text = match text {
            Ok(text) => text,
            Err(_) if timed_out.get() => return Err(ApiError::Timeout),
            Err(_) => return Err(ApiError::Network),
        };
        if scope == Scope::Page {
            report_copy(response.headers().get("x-offline-copy").is_some());
        }
        if response.ok() {
            Ok(text)
        } else {
            Err(ApiError::from_status(response.status(), serde_json::from_str::<ErrorBody>(&text).ok()))
        }
    }
}

/// Decodes a JSON answer into the expected shape, or says what did not fit.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// `navigator.connection.saveData`: the visitor asked the browser to use less data.
fn saves_data() -> bool {
    let Some(window) = web_sys::window() else { return false };
    js_sys::Reflect::get(&window.navigator(), &"connection".into())
        .and_then(|connection| js_sys::Reflect::get(&connection, &"saveData".into()))
        .is_ok_and(|save| save.is_truthy())
}

fn is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

/// A pending timeout; dropping it cancels it (before its closure is freed).
struct Timer(i32, #[allow(dead_code)] Closure<dyn FnMut()>);

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.0);
        }
    }
}

fn start_timer(controller: &AbortController, timed_out: &Rc<Cell<bool>>, ms: u32) -> Option<Timer> {
    let window = web_sys::window()?;
    let (controller, timed_out) = (controller.clone(), timed_out.clone());
    let on_timeout = Closure::<dyn FnMut()>::new(move || {
        timed_out.set(true);
        controller.abort();
    });
    let id = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            i32::try_from(ms).unwrap_or(i32::MAX),
        )
        .ok()?;
    Some(Timer(id, on_timeout))
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_model::Home;

    #[test]
    fn decode_errors_say_what_did_not_fit() {
        assert!(
            matches!(decode::<Home>("{\"featured\": 3}"), Err(ApiError::Decode(m)) if m.contains("invalid type"))
        );
        assert!(matches!(decode::<Home>("{\"featured\": ["), Err(ApiError::Decode(_))));
        assert!(decode::<Home>("{}").is_ok());
    }
}

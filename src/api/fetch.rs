//! The one place that talks HTTP: sends a request, gives up after a timeout, cancels it when
//! the visitor has moved on to another page, and turns every failure into an [`ApiError`].

use super::cache::{Answer, Found, Keep, QueryCache, Request};
use super::network::NetworkState;
use super::ApiError;
use crate::browser::dom::is_online;
use crate::browser::json;
use futures::FutureExt;
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::{on_cleanup, Set};
use portal_model::ErrorBody;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, RequestCredentials};

/// How requests are made; the same for every call of one data source, and its clones share
/// one [`QueryCache`].
#[derive(Clone, Debug)]
pub struct Transport {
    pub timeout_ms: u32,
    /// Send cookies to another origin (the http data source's session cookie).
    pub with_credentials: bool,
    cache: QueryCache,
    /// Where page reads are reported (none for the start-up read of config.json).
    network: Option<NetworkState>,
}

/// A request body, already serialized.
pub struct Body(pub String);

impl Body {
    pub fn json<T: serde::Serialize>(value: &T) -> Result<Body, ApiError> {
        json::to_string(value).map(Body).map_err(ApiError::Decode)
    }
}

impl Transport {
    pub fn new(timeout_ms: u32, with_credentials: bool, network: Option<NetworkState>) -> Transport {
        Transport { timeout_ms, with_credentials, cache: QueryCache::new(), network }
    }

    /// Data for the page being shown: kept a minute, counted by the progress bar, and aborted
    /// when the page that asked is left.
    pub async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<T, ApiError> {
        self.decoded(url, &self.read(url, Keep::Minute, Reader::Page).await?)
    }

    /// Decodes a kept answer; one that does not decode is not kept (a retry asks again).
    fn decoded<T: DeserializeOwned>(&self, url: &str, answer: &Answer) -> Result<T, ApiError> {
        decode(&answer.text).inspect_err(|_| self.cache.forget(url))
    }

    /// A file that does not change during a visit (an index, the sign-in methods): fetched
    /// once, decoded once, shared by every page that asks; it belongs to the visit, so leaving
    /// the page that asked first does not abort it.
    pub async fn get_kept<T: DeserializeOwned + 'static>(&self, url: &str) -> Result<Rc<T>, ApiError> {
        if let Some(value) = self.cache.decoded::<T>(url) {
            return Ok(value);
        }
        let value = Rc::new(self.decoded::<T>(url, &self.read(url, Keep::Visit, Reader::Visit).await?)?);
        self.cache.keep_decoded(url, value.clone());
        Ok(value)
    }

    /// The text of a file the app itself decodes (config.json), never kept.
    pub async fn get_text(&self, url: &str) -> Result<String, ApiError> {
        Ok(self.read(url, Keep::Never, Reader::Background).await?.text.to_string())
    }

    /// Account data the whole visit relies on (who is signed in, their follows): never kept.
    pub async fn get_for_visit<T: DeserializeOwned>(&self, url: &str) -> Result<T, ApiError> {
        decode(&self.read(url, Keep::Never, Reader::Background).await?.text)
    }

    /// Starts the read a page is about to make of `url` (page data kept a minute, or, `for_visit`,
    /// a file kept for the visit) without decoding it: the page's own [`Transport::get`] or
    /// [`Transport::get_kept`] of the URL joins it on its way or finds the answer kept. A
    /// failure is left for that read to report.
    pub async fn start_read(&self, url: &str, for_visit: bool) {
        let (keep, reader) =
            if for_visit { (Keep::Visit, Reader::Visit) } else { (Keep::Minute, Reader::Page) };
        let _ = self.read(url, keep, reader).await;
    }

    /// Fetches what the visitor will probably open next, so the page shows without waiting
    /// when they do: a [`Transport::get`] of the same URL within a minute uses it (or joins it
    /// on its way). Skipped when the browser asks to save data or is offline; a failure is
    /// simply forgotten.
    pub async fn fetch_ahead(&self, url: &str) {
        if saves_data() || !is_online() {
            return;
        }
        if let Found::Nothing = self.cache.find(url, false) {
            let _ = self.start(url, Keep::Minute, false).answer.clone().await;
        }
    }

    /// A change (sign-in, follow…): part of the visit, never abandoned on navigation; page
    /// answers kept before it are forgotten.
    pub async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        url: &str,
        body: Option<Body>,
    ) -> Result<T, ApiError> {
        decode(&self.change(method, url, body).await?)
    }

    /// A change to the visitor's own data that no page shows (the 志愿表's drafts on the account):
    /// unlike [`Transport::send`], page answers are kept and page reads do not wait for it, so
    /// saving after each edit never holds up the next page on a slow network. Its own URL's
    /// kept answer is forgotten.
    pub async fn send_own<T: DeserializeOwned>(
        &self,
        method: Method,
        url: &str,
        body: Option<Body>,
    ) -> Result<T, ApiError> {
        self.cache.forget(url);
        let abort = AbortController::new().map_err(|_| ApiError::Network)?;
        decode(&self.send_text(method, url, body, &abort).await?.0)
    }

    /// A change whose answer has no body to decode (sign-out).
    pub async fn change(&self, method: Method, url: &str, body: Option<Body>) -> Result<String, ApiError> {
        let _in_flight = self.cache.change();
        let abort = AbortController::new().map_err(|_| ApiError::Network)?;
        Ok(self.send_text(method, url, body, &abort).await?.0)
    }

    /// A read through the cache: a kept answer, the request already on its way, or a new one.
    async fn read(&self, url: &str, keep: Keep, reader: Reader) -> Result<Answer, ApiError> {
        let page = reader == Reader::Page;
        let owned = page.then(|| PageReader::register(&self.cache, url));
        let mut found = self.cache.find(url, page);
        if let Found::Nothing = found {
            // A read starting while a change is on its way waits for it, so it shows it.
            self.cache.after_changes().await;
            if owned.as_ref().is_some_and(PageReader::left) {
                return Err(ApiError::Network);
            }
            found = self.cache.find(url, page);
        }
        let request = match found {
            Found::Kept(answer) => {
                self.report(page, &answer);
                return Ok(answer);
            }
            Found::InFlight(request) => request,
            Found::Nothing => self.start(url, keep, page),
        };
        if let Some(owned) = &owned {
            owned.wants(request.clone());
        }
        let counted = reader != Reader::Background;
        let _pending = self.network.filter(|_| counted).map(NetworkState::page_read);
        let result = request.answer.clone().await;
        if let Ok(answer) = &result {
            self.report(page, answer);
        }
        result
    }

    /// Sends a GET for `url` and records it in the cache as on its way.
    fn start(&self, url: &str, keep: Keep, reader: bool) -> Rc<Request> {
        let abort = AbortController::new().ok();
        let asked_in = self.cache.generation();
        let id = Rc::new(Cell::new(0));
        let (this, url_owned, id_inside, abort_inside) =
            (self.clone(), url.to_string(), id.clone(), abort.clone());
        let answer = async move {
            let result = match &abort_inside {
                Some(abort) => this
                    .send_text(Method::GET, &url_owned, None, abort)
                    .await
                    .map(|(text, offline_copy)| Answer { text: text.into(), offline_copy }),
                None => Err(ApiError::Network),
            };
            this.cache.finish(&url_owned, id_inside.get(), asked_in, keep, &result);
            result
        }
        .boxed_local()
        .shared();
        let request = self.cache.start(url, answer, abort, reader);
        id.set(request.id());
        request
    }

    /// Tells the page whether what it shows is an offline copy.
    fn report(&self, page: bool, answer: &Answer) {
        if let (true, Some(network)) = (page, self.network) {
            network.offline_copy.set(answer.offline_copy);
        }
    }

    /// Sends and returns the body text of a 2xx answer, and whether it is an offline copy.
    pub async fn send_text(
        &self,
        method: Method,
        url: &str,
        body: Option<Body>,
        abort: &AbortController,
    ) -> Result<(String, bool), ApiError> {
        let signal = abort.signal();
        let timed_out = Rc::new(Cell::new(false));
        let _timer = start_timer(abort, &timed_out, self.timeout_ms);

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
            Err(_) if !is_online() => return Err(ApiError::Offline),
            Err(_) => return Err(ApiError::Network),
        };
        let text = response.text().await;
        let text = match text {
            Ok(text) => text,
            Err(_) if timed_out.get() => return Err(ApiError::Timeout),
            Err(_) => return Err(ApiError::Network),
        };
        let offline_copy = response.headers().get("x-offline-copy").is_some();
        if response.ok() {
            Ok((text, offline_copy))
        } else {
            Err(ApiError::from_status(response.status(), json::from_str::<ErrorBody>(&text).ok()))
        }
    }
}

/// Whom a read serves, which decides whether the progress bar counts it and whether leaving
/// the page aborts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reader {
    /// The page being shown: counted, and aborted when the page is left.
    Page,
    /// A file a page waits for but the visit keeps (an index): counted, never aborted.
    Visit,
    /// Account data, reads ahead, config.json: neither.
    Background,
}

/// The reader-owned end of a page read. Registered with the reactive owner that asked (the
/// page's resource): when that owner is cleaned up (the page is left, or the resource asks
/// again), the read leaves its request, and the last reader to leave aborts it, the way the
/// leptos examples abort a fetch in `on_cleanup`.
struct PageReader(SendWrapper<Rc<ReaderState>>);

struct ReaderState {
    left: Cell<bool>,
    wanted: RefCell<Option<Rc<Request>>>,
}

impl PageReader {
    fn register(cache: &QueryCache, url: &str) -> PageReader {
        let state = Rc::new(ReaderState { left: Cell::new(false), wanted: RefCell::new(None) });
        let (inside, cache, url) = (SendWrapper::new(state.clone()), cache.clone(), url.to_string());
        on_cleanup(move || {
            inside.left.set(true);
            if let Some(request) = inside.wanted.take() {
                cache.leave(&url, &request);
            }
        });
        PageReader(SendWrapper::new(state))
    }

    fn left(&self) -> bool {
        self.0.left.get()
    }

    fn wants(&self, request: Rc<Request>) {
        *self.0.wanted.borrow_mut() = Some(request);
    }
}

/// Decodes a JSON answer into the expected shape, or says what did not fit.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    json::from_str(text).map_err(ApiError::Decode)
}

/// `navigator.connection.saveData`: the visitor asked the browser to use less data.
fn saves_data() -> bool {
    let Some(window) = web_sys::window() else { return false };
    js_sys::Reflect::get(&window.navigator(), &"connection".into())
        .and_then(|connection| js_sys::Reflect::get(&connection, &"saveData".into()))
        .is_ok_and(|save| save.is_truthy())
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

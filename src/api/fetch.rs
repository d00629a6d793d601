//! The one place that talks HTTP: sends a request, gives up after a timeout, cancels it when
//! the page that asked goes away, and turns every failure into an [`ApiError`].

use super::ApiError;
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::on_cleanup;
use portal_model::ErrorBody;
use serde::de::DeserializeOwned;
use std::cell::Cell;
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

impl Transport {
    pub async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<T, ApiError> {
        self.send(Method::GET, url, None).await
    }

    pub async fn send<T: DeserializeOwned>(&self, method: Method, url: &str, body: Option<Body>) -> Result<T, ApiError> {
        let text = self.send_text(method, url, body).await?;
        decode(&text)
    }

    /// Sends and returns the body text of a 2xx answer.
    pub async fn send_text(&self, method: Method, url: &str, body: Option<Body>) -> Result<String, ApiError> {
        let controller = AbortController::new().map_err(|_| ApiError::Network)?;
        let signal = controller.signal();
        let timed_out = Rc::new(Cell::new(false));
        let _timer = start_timer(&controller, &timed_out, self.timeout_ms);
        // Leaving the page aborts what it was waiting for, so slow answers never pile up.
        let on_leave = send_wrapper::SendWrapper::new(controller.clone());
        on_cleanup(move || on_leave.abort());

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
        assert!(matches!(decode::<Home>("{\"featured\": 3}"), Err(ApiError::Decode(m)) if m.contains("invalid type")));
        assert!(matches!(decode::<Home>("{\"featured\": ["), Err(ApiError::Decode(_))));
        assert!(decode::<Home>("{}").is_ok());
    }
}

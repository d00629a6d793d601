//! What a request must be before a handler sees it: addressed to one of our hosts (DNS
//! rebinding), from one of our origins when it changes state (CSRF), with a body of allowed
//! size that arrives in time; and the JSON shape for every error the server answers itself.

use crate::error::ApiError;
use crate::net;
use crate::state::{AppState, Shared};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portal_model::ErrorCode;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

/// Request bodies larger than this are refused (413), except where `routes::body_limit` says.
pub const BODY_LIMIT: usize = 16 * 1024;

/// The origins the site is published at (`--public-origin`), canonical; empty when none was
/// given.
#[derive(Clone, Debug, Default)]
pub struct Hosts {
    public: Vec<String>,
}

impl Hosts {
    pub fn new(public_origins: &[String]) -> Result<Hosts, String> {
        let public = public_origins
            .iter()
            .map(|o| {
                net::canonical_origin(o)
                    .ok_or_else(|| format!("--public-origin {o}: expected scheme://host[:port]"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Hosts { public })
    }

    /// Whether a request naming `host` (its `Host` header) is for this site. With public
    /// origins, only their hosts; without, only an IP address or `localhost`, the names a
    /// page of this machine or network reaches it by: a rebinding attack always carries the
    /// attacker's own domain name, which nothing here answers.
    pub fn serves(&self, host: Option<&str>) -> bool {
        let Some(host) = host.map(str::to_ascii_lowercase) else { return self.public.is_empty() };
        let Some((name, _port)) = net::split_host_port(&host) else { return false };
        if self.public.is_empty() {
            return name == "localhost" || name.parse::<std::net::IpAddr>().is_ok() || name.starts_with('[');
        }
        self.public.iter().any(|origin| {
            net::canonical_origin(&format!("{}://{host}", scheme(origin))).as_deref() == Some(origin)
        })
    }

    /// The origins a state change may come from besides `--allow-origin`: the public ones,
    /// or (without them) this request's own, `scheme` + its `Host`.
    fn own_origin(&self, origin: &str, scheme: &str, headers: &HeaderMap) -> bool {
        if !self.public.is_empty() {
            return self.public.iter().any(|o| o == origin);
        }
        let own = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .and_then(|host| net::canonical_origin(&format!("{scheme}://{host}")));
        own.is_some_and(|own| own == origin)
    }
}

fn scheme(origin: &str) -> &str {
    origin.split_once("://").map_or("http", |(s, _)| s)
}

/// Refuses a request for a host this server does not serve: 421, as the API's JSON.
pub async fn check_host(State(hosts): State<Arc<Hosts>>, request: Request, next: Next) -> Response {
    let named = request.headers().get(header::HOST).map(|h| h.to_str().unwrap_or("\u{0}"));
    // An absolute request target names its host too; both must be ours.
    let target = request.uri().authority().map(|a| a.as_str().to_string());
    if !hosts.serves(named) || target.is_some_and(|t| !hosts.serves(Some(&t))) {
        return ApiError::UnknownHost.into_response();
    }
    next.run(request).await
}

/// Refuses state changes that do not come from a page of this site or an allowed origin
/// (CSRF), on top of `SameSite` cookies and JSON-only bodies.
///
/// Every browser sends `Origin` on POST, PUT and DELETE, same-origin ones included (Fetch
/// standard), so a request without one is not a browser page's and is refused too: a missing
/// header is never read as "same origin". `Sec-Fetch-Site` is not a fallback: browsers that
/// send it also send `Origin`, and they do not send it to plain-http non-loopback hosts.
pub async fn check_origin(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !origin_allowed(&state, request.headers()) {
        return ApiError::ForbiddenOrigin.into_response();
    }
    next.run(request).await
}

fn origin_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    let mut origins = headers.get_all(header::ORIGIN).iter();
    let (Some(origin), None) = (origins.next(), origins.next()) else { return false };
    let Some(origin) = origin.to_str().ok().and_then(net::canonical_origin) else { return false };
    if state.allowed_origins.contains(&origin) {
        return true;
    }
    let scheme = if state.options.https { "https" } else { "http" };
    state.hosts.own_origin(&origin, scheme, headers)
}

/// A body that must end by a deadline set when its request arrived: one bound for the whole
/// body, however it is cut into chunks (a timer restarted per chunk lets a client trickle a
/// byte at a time for as long as it likes).
pub async fn limit_body(State(timeout): State<Duration>, request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    // Said to be too large: refused at once, nothing read.
    let (limit, too_large) = crate::routes::body_limit(request.uri().path());
    if declared.is_some_and(|length| length > limit as u64) {
        return too_large.into_response();
    }
    let deadline = tokio::time::Instant::now() + timeout;
    next.run(
        request.map(|body| Body::new(Deadline { body, timer: Box::pin(tokio::time::sleep_until(deadline)) })),
    )
    .await
}

/// The error a body past its deadline ends with.
#[derive(Debug)]
pub struct BodyTimeout;

impl std::fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body did not arrive in time")
    }
}

impl std::error::Error for BodyTimeout {}

struct Deadline {
    body: Body,
    timer: Pin<Box<tokio::time::Sleep>>,
}

impl http_body::Body for Deadline {
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.body).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        match self.timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTimeout)))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// Whether a body failed because it did not arrive by its deadline.
pub fn timed_out(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(e) = cause {
        if e.is::<BodyTimeout>() {
            return true;
        }
        cause = e.source();
    }
    false
}

/// Errors answered by a layer rather than a handler (the request timeout's 408, a static
/// file's 405 …) come without a body: every one gets the API's JSON error and headers.
pub async fn errors_as_json(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || response.headers().contains_key(header::CONTENT_TYPE)
    {
        return response;
    }
    let code = match status {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::REQUEST_TIMEOUT => ErrorCode::Timeout,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::TooLarge,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::TooManyAttempts,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Busy,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => ErrorCode::BadRequest,
    };
    let (mut parts, _) = response.into_parts();
    let mut json = ApiError::Status(status, code).into_response();
    // The layer's own headers (Allow on a 405 …) stay; the body and its type are ours.
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in json.headers() {
        parts.headers.insert(name.clone(), value.clone());
    }
    crate::headers::add_api_headers(&mut parts.headers);
    Response::from_parts(parts, std::mem::take(json.body_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body of `left` one-byte chunks, one every 100 ms (on tokio's clock).
    struct Trickle {
        next: Pin<Box<tokio::time::Sleep>>,
        left: usize,
    }

    impl http_body::Body for Trickle {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
            if self.left == 0 {
                return Poll::Ready(None);
            }
            match self.next.as_mut().poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(()) => {
                    self.left -= 1;
                    let later = tokio::time::Instant::now() + Duration::from_millis(100);
                    self.next.as_mut().reset(later);
                    Poll::Ready(Some(Ok(http_body::Frame::data(Bytes::from_static(b" ")))))
                }
            }
        }
    }

    /// The body's one deadline, on tokio's paused clock (no test waits for it): a byte every
    /// 100 ms, each well within the 1 s, is still cut off at the 1 s mark with a 408, not when
    /// the whole body would have come (100 s). A timer restarted per chunk never fires here.
    #[tokio::test(start_paused = true)]
    async fn a_trickled_body_is_cut_off_at_its_one_deadline() {
        use tower::ServiceExt;
        let app = axum::Router::new()
            .route(
                "/",
                axum::routing::post(|_: crate::extract::Body<serde_json::Value>| async { StatusCode::OK }),
            )
            .layer(axum::middleware::from_fn_with_state(Duration::from_secs(1), limit_body));
        let trickle = Trickle { next: Box::pin(tokio::time::sleep(Duration::ZERO)), left: 1000 };
        let request = Request::post("/")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_LENGTH, "1000")
            .body(Body::new(trickle))
            .expect("request");
        let started = tokio::time::Instant::now();
        let response = app.oneshot(request).await.expect("answered");
        assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
        assert_eq!(started.elapsed(), Duration::from_secs(1));
    }

    #[test]
    fn without_public_origins_only_addresses_and_localhost_are_served() {
        let hosts = Hosts::default();
        for ok in
            ["127.0.0.1:3000", "localhost", "LOCALHOST:8080", "[::1]:3000", "192.168.1.20", "10.0.0.5:80"]
        {
            assert!(hosts.serves(Some(ok)), "{ok}");
        }
        for bad in ["evil.com", "evil.com:3000", "127.0.0.1.evil.com", "localhost.evil.com", "x", "", "a b"] {
            assert!(!hosts.serves(Some(bad)), "{bad}");
        }
        assert!(hosts.serves(None), "HTTP/1.0 without Host: no rebinding there");
    }

    #[test]
    fn public_origins_name_the_hosts() {
        let hosts = Hosts::new(&["https://gaokao.example.cn".into(), "http://127.0.0.1:3000".into()])
            .expect("origins");
        assert!(hosts.serves(Some("gaokao.example.cn")));
        assert!(hosts.serves(Some("GAOKAO.example.cn:443")));
        assert!(hosts.serves(Some("127.0.0.1:3000")));
        assert!(!hosts.serves(Some("127.0.0.1:3001")));
        assert!(!hosts.serves(Some("evil.com")));
        assert!(!hosts.serves(Some("localhost:3000")));
        assert!(!hosts.serves(None));
        assert!(Hosts::new(&["gaokao.example.cn".into()]).is_err());
    }
}

//! What handlers take from a request, each failing as the API's own error: the signed-in
//! user ([`AuthUser`]), the session cookie, the client's address as limits count it, a JSON
//! body ([`Body`]), an id or a text from the path, and the query string's pairs.

use crate::error::ApiError;
use crate::state::{blocking, Shared};
use crate::{auth, guard, net};
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, OptionalFromRequestParts, Path, RawQuery};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use portal_model::User;
use std::convert::Infallible;
use std::net::SocketAddr;

/// The signed-in user. A handler that needs one says so by taking it: anyone else is answered
/// 401 `sign_in_required`. As `Option<AuthUser>`, a visitor who is not signed in is `None`.
pub struct AuthUser(pub User);

impl FromRequestParts<Shared> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &Shared) -> Result<Self, ApiError> {
        session_user(parts, s).await?.map(AuthUser).ok_or(ApiError::SignInRequired)
    }
}

impl OptionalFromRequestParts<Shared> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &Shared) -> Result<Option<Self>, ApiError> {
        Ok(session_user(parts, s).await?.map(AuthUser))
    }
}

async fn session_user(parts: &Parts, s: &Shared) -> Result<Option<User>, ApiError> {
    let Some(hash) = token_hash(parts, s) else { return Ok(None) };
    let now = s.clock.now_secs();
    blocking(s, move |store| store.session_user(&hash, now)).await
}

/// The hash of the session token the request's cookie carries, if any (signed in or not):
/// what sign-out deletes and a new sign-in replaces.
pub struct SessionCookie(pub Option<String>);

impl FromRequestParts<Shared> for SessionCookie {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, s: &Shared) -> Result<Self, Infallible> {
        Ok(SessionCookie(token_hash(parts, s)))
    }
}

fn token_hash(parts: &Parts, s: &Shared) -> Option<String> {
    let cookies = parts.headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok());
    auth::cookie_token(cookies, s.options.plain_http_cookies).map(auth::token_hash)
}

/// The client's address as rate limits count it ([`net::address_key`]: IPv6 by /64): the TCP
/// peer, or behind `--trust-proxy N` the N-th `X-Forwarded-For` entry from the right.
pub struct ClientAddress(pub String);

impl FromRequestParts<Shared> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &Shared) -> Result<Self, ApiError> {
        let ConnectInfo(peer) = ConnectInfo::<SocketAddr>::from_request_parts(parts, s)
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let ip = net::client_ip(&parts.headers, peer, s.options.trusted_proxies);
        Ok(ClientAddress(net::address_key(ip)))
    }
}

/// A JSON body of the expected shape: `application/json` (any case, parameters allowed) or
/// another JSON type (`+json`), within the size limit, arrived in time. What axum's `Json`
/// refuses is answered by [`ApiError`]'s mapping below.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Body<T>(pub T);

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType,
            JsonRejection::JsonDataError(_) | JsonRejection::JsonSyntaxError(_) => {
                ApiError::BadRequest("请求内容格式不正确")
            }
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
            other if guard::timed_out(&other) => ApiError::Timeout,
            _ => ApiError::BadRequest("请求内容无法读取"),
        }
    }
}

/// The one path parameter of a route as text; one that cannot be decoded (invalid UTF-8) is
/// a page that does not exist, answered as JSON like every other error.
pub struct PathText(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathText {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        <Path<String> as FromRequestParts<S>>::from_request_parts(parts, state)
            .await
            .map(|Path(text)| PathText(text))
            .map_err(|_| ApiError::NotFound)
    }
}

/// The id in the path: a plain positive number (digits only, no sign, no leading zero), so
/// every school and article has one URL; anything else does not exist (404).
pub struct PathId(pub u32);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let PathText(raw) = PathText::from_request_parts(parts, state).await?;
        portal_model::query::parse_id(&raw).map(PathId).ok_or(ApiError::NotFound)
    }
}

/// The query string as decoded pairs. Read by hand rather than by a typed extractor so that
/// malformed escapes and invalid UTF-8 degrade to replacement characters instead of an error.
pub struct QueryPairs(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Infallible> {
        let RawQuery(raw) = RawQuery::from_request_parts(parts, state).await?;
        Ok(QueryPairs(portal_model::url::parse_query(raw.as_deref().unwrap_or_default())))
    }
}

impl QueryPairs {
    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The `page` asked for (1 when missing or malformed, as the app's links never are).
    pub fn page(&self) -> u32 {
        portal_model::query::parse_page(self.get("page"))
    }
}

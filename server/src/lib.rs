//! The reference API server of 海峡高考门户: the contract of `docs/api.md` under `/api`, on a
//! [`store::Store`] (SQLite here), optionally serving the built site (`dist/`) beside it so the
//! app and the API share one origin and the session cookie just works.

pub mod admissions;
pub mod auth;
pub mod error;
pub mod seed;
pub mod store;

use auth::Limiter;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use error::ApiError;
use portal_model::query::{parse_page, SchoolQuery};
use portal_model::{validate, AuthMethod, LoginRequest, RegisterRequest, User};
use serde::de::DeserializeOwned;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use store::Store;

/// How the server behaves beyond its data.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Add `Secure` to the session cookie (behind https).
    pub secure_cookies: bool,
    /// Other origins (`https://portal.example.cn`) whose pages may call the API with cookies.
    pub allowed_origins: Vec<String>,
    /// Take the client address from `X-Forwarded-For` (behind a proxy you control).
    pub trust_proxy: bool,
    /// Serve this built site (`dist/`) beside the API, with a `config.json` pointing at it.
    pub static_dir: Option<PathBuf>,
    /// Answer `/config.json` with `{ "data_source": "http", "api_base": "/api" }`, for a site
    /// served from this origin (by `static_dir`, or by `trunk serve` proxying to this server).
    pub site_config: bool,
    /// New accounts one address may create per hour (0 means the default, 20).
    pub registrations_per_hour: usize,
}

pub struct AppState {
    store: Arc<dyn Store>,
    options: Options,
    login_per_account: Limiter,
    login_per_ip: Limiter,
    register_per_ip: Limiter,
}

type Shared = Arc<AppState>;

/// Requests bodies larger than this are refused (413).
const BODY_LIMIT: usize = 16 * 1024;

pub fn router(store: Arc<dyn Store>, options: Options) -> Router {
    let state = Arc::new(AppState {
        store,
        login_per_account: Limiter::new(5, Duration::from_secs(15 * 60)),
        login_per_ip: Limiter::new(30, Duration::from_secs(15 * 60)),
        register_per_ip: Limiter::new(
            if options.registrations_per_hour == 0 { 20 } else { options.registrations_per_hour },
            Duration::from_secs(60 * 60),
        ),
        options: options.clone(),
    });
    let api = Router::new()
        .route("/home", get(home))
        .route("/schools", get(schools))
        .route("/schools/{id}", get(school))
        .route("/schools/{id}/articles", get(school_articles))
        .route("/schools/{id}/follow", put(follow).delete(unfollow))
        .route("/articles/{id}", get(article))
        .route("/tags/{tag}/articles", get(tag_articles))
        .route("/search", get(search))
        .route("/auth/methods", get(auth_methods))
        .route("/session", get(current_session).post(login).delete(logout))
        .route("/users", axum::routing::post(register))
        .route("/me/follows", get(my_follows))
        .merge(admissions::routes())
        .fallback(|| async { ApiError::NotFound })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), check_origin))
        .layer(middleware::from_fn(no_store))
        .with_state(state);
    let mut app = Router::new().nest("/api", api);
    if !options.allowed_origins.is_empty() {
        app = app.layer(cors(&options.allowed_origins));
    }
    if options.site_config || options.static_dir.is_some() {
        app = app.route("/config.json", get(same_origin_config));
    }
    if let Some(dir) = &options.static_dir {
        app = app.fallback_service(
            tower_http::services::ServeDir::new(dir)
                .fallback(tower_http::services::ServeFile::new(dir.join("index.html"))),
        );
    }
    app
}

fn cors(origins: &[String]) -> tower_http::cors::CorsLayer {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| o.parse().ok()).collect();
    tower_http::cors::CorsLayer::new()
        .allow_origin(origins)
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT])
}

/// When the server also serves the site, the site talks to this API.
async fn same_origin_config() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Json(serde_json::json!({ "data_source": "http", "api_base": "/api" })),
    )
}

/// API answers depend on the session: never cache them in shared caches.
async fn no_store(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Refuses state changes from pages of other origins (CSRF), on top of SameSite cookies and
/// the JSON-only bodies, which a cross-site form cannot send.
async fn check_origin(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        if let Some(origin) = request.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
            let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
            let same =
                origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) == Some(host);
            if !same && !state.options.allowed_origins.iter().any(|o| o == origin) {
                return ApiError::ForbiddenOrigin.into_response();
            }
        }
    }
    next.run(request).await
}

/// Runs store work off the async threads.
async fn blocking<T, F>(state: &Shared, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Store) -> Result<T, store::StoreError> + Send + 'static,
{
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || work(store.as_ref()))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(ApiError::from)
}

/// An id from the path; anything that is not a plain positive number does not exist.
fn id(raw: &str) -> Result<u32, ApiError> {
    raw.parse::<u32>().ok().filter(|&n| n > 0).ok_or(ApiError::NotFound)
}

/// The one path parameter of a route; one that cannot be decoded (invalid UTF-8) is a page
/// that does not exist, answered as JSON like every other error.
struct Segment(String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Segment {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(s)| Segment(s))
            .map_err(|_| ApiError::NotFound)
    }
}

/// A JSON body: `application/json`, within the size limit, of the expected shape.
struct JsonBody<T>(T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge
            } else {
                ApiError::BadRequest("请求内容无法读取")
            }
        })?;
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|_| ApiError::BadRequest("请求内容格式不正确"))
    }
}

/// The query string as decoded pairs. Read by hand rather than by a typed extractor so that
/// malformed escapes and invalid UTF-8 degrade to replacement characters instead of an error.
fn pairs(raw: Option<String>) -> Vec<(String, String)> {
    portal_model::url::parse_query(raw.as_deref().unwrap_or_default())
}

fn param(raw: Option<String>, key: &str) -> Option<String> {
    pairs(raw).into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn page_of(raw: Option<String>) -> u32 {
    parse_page(param(raw, "page").as_deref())
}

// ---- reading ----

async fn home(State(s): State<Shared>) -> Result<Response, ApiError> {
    Ok(Json(blocking(&s, |store| store.home()).await?).into_response())
}

async fn schools(State(s): State<Shared>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let query = SchoolQuery::from_pairs(&pairs(raw));
    Ok(Json(blocking(&s, move |store| store.schools(&query)).await?).into_response())
}

async fn school(State(s): State<Shared>, Segment(raw): Segment) -> Result<Response, ApiError> {
    let id = id(&raw)?;
    let page = blocking(&s, move |store| store.school(id)).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(page).into_response())
}

async fn school_articles(
    State(s): State<Shared>,
    Segment(raw): Segment,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let (id, page) = (id(&raw)?, page_of(query));
    let news = blocking(&s, move |store| store.school_articles(id, page)).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(news).into_response())
}

async fn article(State(s): State<Shared>, Segment(raw): Segment) -> Result<Response, ApiError> {
    let id = id(&raw)?;
    let article = blocking(&s, move |store| store.article(id)).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(article).into_response())
}

async fn tag_articles(
    State(s): State<Shared>,
    Segment(tag): Segment,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let page = page_of(query);
    if tag.chars().count() > 50 {
        return Err(ApiError::NotFound);
    }
    let list = blocking(&s, move |store| store.tag_articles(&tag, page)).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(list).into_response())
}

async fn search(State(s): State<Shared>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let q: String = param(raw, "q").map(|q| q.trim().chars().take(50).collect()).unwrap_or_default();
    Ok(Json(blocking(&s, move |store| store.search(&q)).await?).into_response())
}

async fn auth_methods() -> Json<Vec<AuthMethod>> {
    let note = Some("即将开放，请先使用账号密码登录或注册".to_string());
    Json(
        [("wechat", "微信"), ("qq", "QQ"), ("weibo", "微博"), ("sms", "手机验证码")]
            .into_iter()
            .map(|(id, name)| AuthMethod {
                id: id.into(),
                name: name.into(),
                available: false,
                note: note.clone(),
            })
            .collect(),
    )
}

// ---- accounts ----

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

fn token_hash(headers: &HeaderMap) -> Option<String> {
    let cookie = headers.get(header::COOKIE)?.to_str().ok()?;
    auth::cookie_token(cookie).map(auth::token_hash)
}

async fn signed_in(s: &Shared, headers: &HeaderMap) -> Result<User, ApiError> {
    let hash = token_hash(headers).ok_or(ApiError::SignInRequired)?;
    blocking(s, move |store| store.session_user(&hash, now())).await?.ok_or(ApiError::SignInRequired)
}

fn client_ip(s: &Shared, headers: &HeaderMap, peer: SocketAddr) -> String {
    let forwarded = s.options.trust_proxy.then(|| {
        headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_string())
    });
    forwarded.flatten().unwrap_or_else(|| peer.ip().to_string())
}

/// Starts a fresh session (never reusing one the client brought: no session fixation).
async fn start_session(
    s: &Shared,
    headers: &HeaderMap,
    user: User,
    status: StatusCode,
) -> Result<Response, ApiError> {
    if let Some(old) = token_hash(headers) {
        blocking(s, move |store| store.delete_session(&old)).await?;
    }
    let (token, hash) = auth::new_token().map_err(ApiError::Internal)?;
    let user_id = user.id;
    blocking(s, move |store| store.create_session(&hash, user_id, now() + auth::SESSION_DAYS * 86_400))
        .await?;
    let cookie = auth::set_cookie(Some(&token), s.options.secure_cookies);
    Ok((status, [(header::SET_COOKIE, cookie)], Json(user)).into_response())
}

/// Who is signed in: the user, or `null` (a normal answer, not an error, so signed-out page
/// loads log nothing in the browser console).
async fn current_session(State(s): State<Shared>, headers: HeaderMap) -> Result<Response, ApiError> {
    match signed_in(&s, &headers).await {
        Ok(user) => Ok(Json(Some(user)).into_response()),
        Err(ApiError::SignInRequired) => Ok(Json(None::<User>).into_response()),
        Err(other) => Err(other),
    }
}

async fn login(
    State(s): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<LoginRequest>,
) -> Result<Response, ApiError> {
    validate::login_account(&request.account)
        .and(validate::login_password(&request.password))
        .map_err(|m| ApiError::Invalid(m.into()))?;
    let account_key = format!("account:{}", request.account.trim().to_lowercase());
    let ip_key = format!("ip:{}", client_ip(&s, &headers, peer));
    if !s.login_per_account.allows(&account_key) || !s.login_per_ip.allows(&ip_key) {
        return Err(ApiError::TooManyAttempts);
    }
    let account = request.account.trim().to_string();
    let found = blocking(&s, move |store| store.credentials(&account)).await?;
    let password = request.password;
    let verified = tokio::task::spawn_blocking(move || match found {
        Some(c) if auth::verify_password(&password, &c.password_hash) => Some(c.user),
        Some(_) => None,
        None => {
            // Same work for an unknown account as for a wrong password.
            let _ = auth::verify_password(&password, auth::decoy_hash());
            None
        }
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    match verified {
        Some(user) => {
            s.login_per_account.clear(&account_key);
            start_session(&s, &headers, user, StatusCode::OK).await
        }
        None => {
            s.login_per_account.record_failure(&account_key);
            s.login_per_ip.record_failure(&ip_key);
            Err(ApiError::BadCredentials)
        }
    }
}

async fn register(
    State(s): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<RegisterRequest>,
) -> Result<Response, ApiError> {
    validate::username(&request.username)
        .and(validate::phone(&request.phone))
        .and(validate::new_password(&request.password))
        .map_err(|m| ApiError::Invalid(m.into()))?;
    let ip_key = format!("ip:{}", client_ip(&s, &headers, peer));
    if !s.register_per_ip.allows(&ip_key) {
        return Err(ApiError::TooManyAttempts);
    }
    s.register_per_ip.record_failure(&ip_key);
    let password = request.password.clone();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(ApiError::Internal)?;
    let (username, phone) = (request.username.trim().to_string(), request.phone.trim().to_string());
    let user = blocking(&s, move |store| store.create_user(&username, &phone, &hash))
        .await?
        .map_err(ApiError::Taken)?;
    start_session(&s, &headers, user, StatusCode::CREATED).await
}

async fn logout(State(s): State<Shared>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(hash) = token_hash(&headers) {
        blocking(&s, move |store| store.delete_session(&hash)).await?;
    }
    let cookie = auth::set_cookie(None, s.options.secure_cookies);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

// ---- follows ----

async fn set_follow(s: Shared, headers: HeaderMap, raw: String, follow: bool) -> Result<Response, ApiError> {
    let user = signed_in(&s, &headers).await?;
    let school = id(&raw)?;
    let state = blocking(&s, move |store| store.set_follow(user.id, school, follow))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(state).into_response())
}

async fn follow(
    State(s): State<Shared>,
    headers: HeaderMap,
    Segment(raw): Segment,
) -> Result<Response, ApiError> {
    set_follow(s, headers, raw, true).await
}

async fn unfollow(
    State(s): State<Shared>,
    headers: HeaderMap,
    Segment(raw): Segment,
) -> Result<Response, ApiError> {
    set_follow(s, headers, raw, false).await
}

async fn my_follows(State(s): State<Shared>, headers: HeaderMap) -> Result<Response, ApiError> {
    let user = signed_in(&s, &headers).await?;
    Ok(Json(blocking(&s, move |store| store.follows(user.id)).await?).into_response())
}

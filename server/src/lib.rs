//! The reference API server of 海峡高考门户: the contract of `docs/api.md` under `/api`, on a
//! [`store::Store`] (SQLite or PostgreSQL), optionally serving the built site (`dist/`) beside it so the
//! app and the API share one origin and the session cookie just works.

pub mod admissions;
pub mod auth;
pub mod challenge;
pub mod clock;
pub mod error;
pub mod guard;
pub mod headers;
pub mod limits;
pub mod net;
pub mod seed;
mod signin;
pub mod sms;
pub mod store;

use auth::{HashRefused, Hasher, Policy};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use clock::Clock;
use error::ApiError;
use headers::HeaderRules;
use limits::{
    release, reserve, CODE_GUESSES_PER_ADDRESS, CODE_GUESSES_PER_PHONE, SMS_PER_ADDRESS,
    SMS_PER_ADDRESS_DAILY, SMS_PER_PHONE, SMS_PER_PHONE_DAILY,
};
pub use limits::{sweep_limits, LOGIN_PER_ACCOUNT_ADDRESS, LOGIN_PER_ADDRESS};
pub use net::Limits;
use portal_model::query::{parse_page, SchoolQuery};
use portal_model::{
    validate, AuthMethod, LoginRequest, RegisterRequest, SmsCodeRequest, SmsCodeSent, SmsLoginRequest, User,
};
use serde::de::DeserializeOwned;
use signin::SignInAttempt;
use sms::SmsSender;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use store::Store;

/// How the server behaves beyond its data.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Browsers reach the site over https (behind a TLS proxy): a page's `Origin` must then
    /// be `https://` + the Host. Without it, `http://` + the Host.
    pub https: bool,
    /// Name the session cookie `haixia_session` without `Secure` (and so without the `__Host-`
    /// prefix), for plain http on a non-loopback address in development. Never in production.
    pub plain_http_cookies: bool,
    /// Other origins (`https://portal.example.cn`) whose pages may call the API with cookies.
    pub allowed_origins: Vec<String>,
    /// The origins the site is published at (`https://gaokao.example.cn`): requests for any
    /// other `Host` are refused (421), and state changes must come from one of them (or an
    /// allowed origin). Without them, only IP addresses and `localhost` are served.
    pub public_origins: Vec<String>,
    /// Proxies of ours in front of the server, each appending to `X-Forwarded-For`; the client
    /// address is taken that many entries from the right. 0: the header is ignored.
    pub trusted_proxies: usize,
    /// Serve this built site (`dist/`) beside the API, with a `config.json` pointing at it.
    pub static_dir: Option<PathBuf>,
    /// Answer `/config.json` with `{ "data_source": "http", "api_base": "/api" }`, for a site
    /// served from this origin (by `static_dir`, or by `trunk serve` proxying to this server).
    pub site_config: bool,
    /// New accounts one address may create per hour (0 means the default, 20).
    pub registrations_per_hour: usize,
    /// Timeouts and caps on connections, requests and password hashing.
    pub limits: Limits,
    /// Where 手机验证码 go (`--sms-outbox` gives the development sender); `None`: the method
    /// is listed as unavailable and its endpoints answer 404.
    pub sms: Option<Arc<dyn SmsSender>>,
    /// Failed sign-ins per account from one address; `None` means
    /// [`LOGIN_PER_ACCOUNT_ADDRESS`]. Tests lengthen the waits so that no pause of a loaded
    /// machine outlasts one.
    pub login_per_account_address: Option<Policy>,
    /// When an account's failures call for the 安全验证; `None` means [`challenge::STEP_UP`].
    pub step_up: Option<challenge::StepUp>,
    /// Failed sign-ins per client address; `None` means [`LOGIN_PER_ADDRESS`].
    pub login_per_address: Option<Policy>,
    /// The time every policy reads (the system clock; tests pass a manual one).
    pub clock: Clock,
}

pub struct AppState {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) clock: Clock,
    pub(crate) options: Options,
    /// `allowed_origins` in canonical form.
    pub(crate) allowed_origins: Vec<String>,
    /// The hosts served, and the origins a state change may come from.
    pub(crate) hosts: Arc<guard::Hosts>,
    /// Registrations per address: `registrations_per_hour` back to back, then one an hour.
    register_per_ip: Policy,
    /// Failed sign-ins per account from an address and per address (from `options`, or the
    /// defaults), and the step-up.
    pub(crate) login_per_account_address: Policy,
    pub(crate) login_per_address: Policy,
    pub(crate) step_up: challenge::StepUp,
    /// The key of the step-up's tokens, read from the store on first use.
    challenge_key: tokio::sync::OnceCell<Vec<u8>>,
    /// Password hashing: one slot per core, each with its reused 19 MiB.
    hasher: Hasher,
}

pub(crate) type Shared = Arc<AppState>;

/// Serves the API (and the site, with `static_dir`) on `listener` until `shutdown`, with the
/// connection limits of `options.limits`, sweeping expired sessions meanwhile.
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Arc<dyn Store>,
    options: Options,
    shutdown: impl Future<Output = ()>,
) -> Result<(), String> {
    let limits = options.limits.clone();
    let clock = options.clock.clone();
    // Behind a proxy of ours every socket is the proxy's: no cap per address unless set.
    let per_address = limits.max_connections_per_address.unwrap_or(if options.trusted_proxies > 0 {
        0
    } else {
        net::MAX_CONNECTIONS_PER_ADDRESS
    });
    let app = router(store.clone(), options)?;
    let sweeper = tokio::spawn(sweep_sessions(store, clock));
    net::serve_connections(listener, app, &limits, per_address, shutdown).await;
    sweeper.abort();
    Ok(())
}

async fn sweep_sessions(store: Arc<dyn Store>, clock: Clock) {
    let mut every = tokio::time::interval(limits::SWEEP_INTERVAL);
    loop {
        every.tick().await;
        let store = store.clone();
        let now = clock.now_secs();
        let now_ms = clock.now_ms();
        let swept = tokio::task::spawn_blocking(move || {
            let mut total = 0;
            // In batches, so sign-ins are not held up behind one long delete.
            loop {
                match store.delete_expired_sessions(now, limits::SWEEP_BATCH) {
                    Ok(0) => break,
                    Ok(n) => total += n,
                    Err(e) => {
                        eprintln!("portal-server: session sweep: {e}");
                        break;
                    }
                }
            }
            if let Err(e) = store.delete_expired_sms_codes(now, limits::SWEEP_BATCH) {
                eprintln!("portal-server: sms code sweep: {e}");
            }
            if let Err(e) = sweep_limits(store.as_ref(), now_ms, auth::LIMIT_ROWS_CAP) {
                eprintln!("portal-server: attempt counter sweep: {e}");
            }
            total
        })
        .await;
        if let Ok(n @ 1..) = swept {
            eprintln!("portal-server: deleted {n} expired sessions");
        }
    }
}

pub fn router(store: Arc<dyn Store>, options: Options) -> Result<Router, String> {
    let mut allowed_origins = Vec::new();
    for origin in &options.allowed_origins {
        allowed_origins.push(
            net::canonical_origin(origin)
                .ok_or_else(|| format!("--allow-origin {origin}: expected scheme://host[:port]"))?,
        );
    }
    let hosts = Arc::new(guard::Hosts::new(&options.public_origins)?);
    let registrations = if options.registrations_per_hour == 0 { 20 } else { options.registrations_per_hour };
    let hour = Duration::from_secs(60 * 60);
    let state = Arc::new(AppState {
        hosts: hosts.clone(),
        store,
        clock: options.clock.clone(),
        allowed_origins,
        register_per_ip: Policy {
            free: u32::try_from(registrations).unwrap_or(u32::MAX),
            base: hour,
            cap: hour,
            forget_after: hour,
        },
        login_per_account_address: options.login_per_account_address.unwrap_or(LOGIN_PER_ACCOUNT_ADDRESS),
        login_per_address: options.login_per_address.unwrap_or(LOGIN_PER_ADDRESS),
        step_up: options.step_up.unwrap_or(challenge::STEP_UP),
        challenge_key: tokio::sync::OnceCell::new(),
        hasher: Hasher::new(options.limits.hash_slots(), options.limits.hash_wait),
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
        .route("/auth/sms/code", axum::routing::post(sms_code))
        .route("/auth/sms/session", axum::routing::post(sms_login))
        .route("/me/follows", get(my_follows))
        .merge(admissions::routes())
        .fallback(|| async { ApiError::NotFound })
        .layer(DefaultBodyLimit::max(guard::BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), guard::check_origin))
        .layer(middleware::from_fn(headers::api_headers))
        .with_state(state);
    let mut app = Router::new().nest("/api", api);
    let mut site = Router::new();
    if options.site_config || options.static_dir.is_some() {
        site = site.route("/config.json", get(same_origin_config));
    }
    if let Some(dir) = &options.static_dir {
        let rules = Arc::new(HeaderRules::load(dir)?);
        site = site
            .fallback_service(
                // A folder's name is a page of the app, not a redirect to the folder: a dist/
                // with pages rendered ahead of time has a schools/ folder beside /schools.
                tower_http::services::ServeDir::new(dir)
                    .append_index_html_on_directories(false)
                    .fallback(headers::app_page(dir.join("index.html"))),
            )
            .layer(middleware::from_fn_with_state(rules, headers::site_headers));
    }
    app = app.merge(site);
    if !options.allowed_origins.is_empty() {
        app = app.layer(cors(&options.allowed_origins));
    }
    // Slow clients: the body must arrive in time, and the whole request must be answered in
    // time (408), so a half-sent body holds neither a task nor a connection for long. Before
    // them, the host must be ours; around everything, errors answered by a layer get JSON.
    let limits = &options.limits;
    Ok(app
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(middleware::from_fn_with_state(limits.body_timeout, guard::limit_body))
        .layer(middleware::from_fn_with_state(hosts, guard::check_host))
        .layer(middleware::from_fn(guard::errors_as_json)))
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

/// The key of the step-up's tokens: one secret in the store for every instance, made by the
/// first that needs it.
pub(crate) async fn challenge_key(s: &Shared) -> Result<Vec<u8>, ApiError> {
    s.challenge_key
        .get_or_try_init(|| async {
            let mut fresh = [0u8; 32];
            getrandom::getrandom(&mut fresh).map_err(|e| ApiError::Internal(e.to_string()))?;
            let fresh = portal_model::hex::encode(&fresh);
            let kept = blocking(s, move |store| store.secret("challenge", &fresh)).await?;
            Ok(kept.into_bytes())
        })
        .await
        .cloned()
}

/// Runs store work off the async threads.
pub(crate) async fn blocking<T, F>(state: &Shared, work: F) -> Result<T, ApiError>
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

/// An id from the path; anything that is not a plain positive number (digits only, no sign,
/// no leading zero) does not exist, so every id has one URL.
fn id(raw: &str) -> Result<u32, ApiError> {
    portal_model::query::parse_id(raw).ok_or(ApiError::NotFound)
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
            // Media types are case-insensitive; parameters (`; charset=utf-8`) are allowed.
            .is_some_and(|v| {
                v.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
            });
        if !json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge
            } else if guard::timed_out(&e) {
                ApiError::Timeout
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
    // Control characters (`%00` …) are spaces: never part of a word, never echoed back.
    let q: String = param(raw, "q")
        .map(|q| q.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>())
        .map(|q| q.trim().chars().take(50).collect())
        .unwrap_or_default();
    Ok(Json(blocking(&s, move |store| store.search(&q)).await?).into_response())
}

async fn auth_methods(State(s): State<Shared>) -> Json<Vec<AuthMethod>> {
    let note = Some("即将开放，请先使用账号密码登录或注册".to_string());
    let sms = s.options.sms.is_some();
    Json(
        [("wechat", "微信"), ("qq", "QQ"), ("weibo", "微博"), ("sms", "手机验证码")]
            .into_iter()
            .map(|(id, name)| {
                let available = id == "sms" && sms;
                AuthMethod {
                    id: id.into(),
                    name: name.into(),
                    available,
                    note: if available { None } else { note.clone() },
                }
            })
            .collect(),
    )
}

// ---- accounts ----

fn token_hash(s: &Shared, headers: &HeaderMap) -> Option<String> {
    let cookies = headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok());
    auth::cookie_token(cookies, s.options.plain_http_cookies).map(auth::token_hash)
}

async fn signed_in(s: &Shared, headers: &HeaderMap) -> Result<User, ApiError> {
    let hash = token_hash(s, headers).ok_or(ApiError::SignInRequired)?;
    let now = s.clock.now_secs();
    blocking(s, move |store| store.session_user(&hash, now)).await?.ok_or(ApiError::SignInRequired)
}

/// The client's address as rate limits count it ([`net::address_key`]: IPv6 by /64).
fn client_ip(s: &Shared, headers: &HeaderMap, peer: SocketAddr) -> String {
    net::address_key(net::client_ip(headers, peer, s.options.trusted_proxies))
}

/// Runs password hashing (argon2: ~19 MiB and tens of milliseconds of a core each) through
/// the bounded [`Hasher`]; no free slot within the allowed wait is 503 (busy), not a queue
/// without end.
async fn hashing<T, F>(s: &Shared, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Vec<argon2::Block>) -> T + Send + 'static,
{
    s.hasher.run(work).await.map_err(|refused| match refused {
        HashRefused::Busy => ApiError::Busy,
        HashRefused::Failed(detail) => ApiError::Internal(detail),
    })
}

/// Starts a fresh session (never reusing one the client brought: no session fixation).
async fn start_session(
    s: &Shared,
    headers: &HeaderMap,
    user: User,
    status: StatusCode,
) -> Result<Response, ApiError> {
    if let Some(old) = token_hash(s, headers) {
        blocking(s, move |store| store.delete_session(&old)).await?;
    }
    let (token, hash) = auth::new_token().map_err(ApiError::Internal)?;
    let (user_id, now) = (user.id, s.clock.now_secs());
    blocking(s, move |store| {
        store.create_session(&hash, user_id, now + auth::SESSION_DAYS * 86_400)?;
        // A bounded share of the sweep, so expired sessions go even between sweeps.
        store.delete_expired_sessions(now, 100).map(|_| ())
    })
    .await?;
    let cookie = auth::set_cookie(Some(&token), s.options.plain_http_cookies);
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
    let account = request.account.trim().to_string();
    let found = blocking(&s, {
        let account = account.clone();
        move |store| store.credentials(&account)
    })
    .await?;
    // Counted per account, whether named by username or phone; a name that matches no
    // account is counted by itself, with the same delays, so answers do not tell them apart.
    let account = match &found {
        Some(c) => format!("user:{}", c.user.id),
        None => format!("name:{}", portal_model::username::key(&account)),
    };
    // Check and count in one step each, before the hash: parallel guesses cannot all pass,
    // on this instance or any other on the same database.
    let address = client_ip(&s, &headers, peer);
    let attempt = SignInAttempt::reserve(&s, account, &address, request.proof.as_ref()).await?;
    let password = request.password;
    let verified = hashing(&s, move |memory| match found {
        Some(c) if auth::verify_password_with(&password, &c.password_hash, memory) => Some(c.user),
        Some(_) => None,
        None => {
            // Same work for an unknown account as for a wrong password.
            let _ = auth::verify_password_with(&password, auth::decoy_hash(), memory);
            None
        }
    })
    .await;
    match verified {
        Ok(Some(user)) => {
            attempt.succeeded().await;
            start_session(&s, &headers, user, StatusCode::OK).await
        }
        Ok(None) => {
            attempt.failed().await;
            Err(ApiError::BadCredentials)
        }
        // Not tried (busy) or not finished: not a failure of the visitor's.
        Err(e) => {
            attempt.not_tried().await;
            Err(e)
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
    let ip_key = format!("register:ip:{}", client_ip(&s, &headers, peer));
    reserve(&s, &ip_key, s.register_per_ip).await?;
    let password = request.password.clone();
    let hash = match hashing(&s, move |memory| auth::hash_password_with(&password, memory)).await {
        Ok(hash) => hash.map_err(ApiError::Internal)?,
        Err(e) => {
            release(&s, &ip_key).await;
            return Err(e);
        }
    };
    let (username, phone) = (request.username.trim().to_string(), request.phone.trim().to_string());
    let user = blocking(&s, move |store| store.create_user(&username, &phone, &hash))
        .await?
        .map_err(ApiError::Taken)?;
    start_session(&s, &headers, user, StatusCode::CREATED).await
}

async fn logout(State(s): State<Shared>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(hash) = token_hash(&s, &headers) {
        blocking(&s, move |store| store.delete_session(&hash)).await?;
    }
    let cookie = auth::set_cookie(None, s.options.plain_http_cookies);
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

// ---- 手机验证码 ----

/// 获取验证码: sends a new code to the phone, limited per phone (one a minute, ten a day)
/// and per address (waits from ten on, thirty a day); nothing while the phone's 验证码登录 is
/// paused for wrong codes. Answers the same whether or not the phone has an account.
async fn sms_code(
    State(s): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<SmsCodeRequest>,
) -> Result<Response, ApiError> {
    let sender = s.options.sms.clone().ok_or(ApiError::NotFound)?;
    validate::phone(&request.phone).map_err(|m| ApiError::Invalid(m.into()))?;
    let phone = request.phone.trim().to_string();
    let address = client_ip(&s, &headers, peer);
    // A phone whose 验证码登录 is paused (too many wrong codes today) is sent nothing.
    limits::check(&s, &format!("code:phone:{phone}"), CODE_GUESSES_PER_PHONE).await?;
    let reserved = limits::reserve_all(
        &s,
        vec![
            (format!("sms:phone:{phone}"), SMS_PER_PHONE),
            (format!("sms:phone-day:{phone}"), SMS_PER_PHONE_DAILY),
            (format!("sms:ip:{address}"), SMS_PER_ADDRESS),
            (format!("sms:ip-day:{address}"), SMS_PER_ADDRESS_DAILY),
        ],
    )
    .await?;
    let now = s.clock.now_secs();
    let sent = blocking(&s, move |store| {
        let code = sms::new_code().map_err(store::StoreError)?;
        let hash = sms::hash_code(&phone, &code).map_err(store::StoreError)?;
        store.save_sms_code(&phone, &hash, now + i64::from(validate::SMS_CODE_VALID_SECONDS))?;
        sender.send_code(&phone, &code).map_err(store::StoreError)
    })
    .await;
    if let Err(e) = sent {
        // Not the visitor's doing: the waits are not theirs to serve.
        limits::release_all(&s, &reserved).await;
        return Err(e);
    }
    Ok(Json(SmsCodeSent {
        resend_after: validate::SMS_RESEND_SECONDS,
        valid_for: validate::SMS_CODE_VALID_SECONDS,
    })
    .into_response())
}

/// 手机验证码登录: a valid code signs the phone's account in, creating it on first use
/// (username 用户 + the last four digits, a suffix when taken; no password).
async fn sms_login(
    State(s): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<SmsLoginRequest>,
) -> Result<Response, ApiError> {
    if s.options.sms.is_none() {
        return Err(ApiError::NotFound);
    }
    validate::phone(&request.phone)
        .and(validate::sms_code(&request.code))
        .map_err(|m| ApiError::Invalid(m.into()))?;
    let phone = request.phone.trim().to_string();
    let code = request.code.trim().to_string();
    let address = client_ip(&s, &headers, peer);
    // Counted before the code is looked at, in one locked step each, so parallel guesses
    // cannot pass the daily caps together; only a wrong code stays counted.
    let reserved = limits::reserve_all(
        &s,
        vec![
            (format!("code:phone:{phone}"), CODE_GUESSES_PER_PHONE),
            (format!("code:ip:{address}"), CODE_GUESSES_PER_ADDRESS),
        ],
    )
    .await?;
    let now = s.clock.now_secs();
    let checked = blocking(&s, {
        let phone = phone.clone();
        move |store| {
            store.use_sms_code(&phone, now, validate::SMS_CODE_TRIES, &|stored| {
                sms::code_matches(stored, &phone, &code)
            })
        }
    })
    .await;
    if let Ok(store::CodeCheck::Wrong { left }) = checked {
        return Err(ApiError::CodeWrong(left));
    }
    limits::release_all(&s, &reserved).await;
    match checked? {
        store::CodeCheck::Valid => {}
        store::CodeCheck::Wrong { left } => return Err(ApiError::CodeWrong(left)),
        store::CodeCheck::Expired => return Err(ApiError::CodeExpired),
    }
    let user = blocking(&s, move |store| {
        for attempt in 0..20 {
            if let Some(found) = store.credentials(&phone)? {
                return Ok(found.user);
            }
            let name = validate::sms_username(&phone, attempt);
            // No password: `!` is no PHC string, so password sign-in never matches it.
            match store.create_user(&name, &phone, "!")? {
                Ok(user) => return Ok(user),
                // Taken::Phone: created meanwhile (a second instance); found next time round.
                Err(_) => continue,
            }
        }
        Err(store::StoreError("no free username for a new phone account".into()))
    })
    .await?;
    start_session(&s, &headers, user, StatusCode::OK).await
}

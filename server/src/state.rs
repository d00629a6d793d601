//! What every handler shares: the server's options, its store and clock, the policies read
//! from the options, and the two ways off the async threads (store work and password hashing).

use crate::auth::{HashRefused, Hasher, Policy};
use crate::error::ApiError;
use crate::limits::{LOGIN_PER_ACCOUNT_ADDRESS, LOGIN_PER_ADDRESS};
use crate::net::{self, Limits};
use crate::sms::SmsSender;
use crate::store::{Store, StoreError};
use crate::{challenge, clock::Clock, guard};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

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
    pub(crate) store: Arc<Store>,
    pub(crate) clock: Clock,
    pub(crate) options: Options,
    /// `allowed_origins` in canonical form.
    pub(crate) allowed_origins: Vec<String>,
    /// The hosts served, and the origins a state change may come from.
    pub(crate) hosts: Arc<guard::Hosts>,
    /// Registrations per address: `registrations_per_hour` back to back, then one an hour.
    pub(crate) register_per_ip: Policy,
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

/// The state as handlers and extractors hold it.
pub type Shared = Arc<AppState>;

impl AppState {
    /// The state for `options` on `store`; an origin that does not parse is an error.
    pub fn new(store: Arc<Store>, options: Options) -> Result<Shared, String> {
        let mut allowed_origins = Vec::new();
        for origin in &options.allowed_origins {
            allowed_origins.push(
                net::canonical_origin(origin)
                    .ok_or_else(|| format!("--allow-origin {origin}: expected scheme://host[:port]"))?,
            );
        }
        let registrations =
            if options.registrations_per_hour == 0 { 20 } else { options.registrations_per_hour };
        let hour = Duration::from_secs(60 * 60);
        Ok(Arc::new(AppState {
            hosts: Arc::new(guard::Hosts::new(&options.public_origins)?),
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
            options,
        }))
    }

    /// The key of the step-up's tokens: one secret in the store for every instance, made by
    /// the first that needs it.
    pub(crate) async fn challenge_key(self: &Arc<Self>) -> Result<Vec<u8>, ApiError> {
        self.challenge_key
            .get_or_try_init(|| async {
                let mut fresh = [0u8; 32];
                getrandom::getrandom(&mut fresh).map_err(|e| ApiError::Internal(e.to_string()))?;
                let fresh = portal_model::hex::encode(&fresh);
                let kept = blocking(self, move |store| store.secret("challenge", &fresh)).await?;
                Ok(kept.into_bytes())
            })
            .await
            .cloned()
    }

    /// Runs password hashing (argon2: ~19 MiB and tens of milliseconds of a core each) through
    /// the bounded [`Hasher`]; no free slot within the allowed wait is 503 (busy), not a queue
    /// without end.
    pub(crate) async fn hashing<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Vec<argon2::Block>) -> T + Send + 'static,
    {
        self.hasher.run(work).await.map_err(|refused| match refused {
            HashRefused::Busy => ApiError::Busy,
            HashRefused::Failed(detail) => ApiError::Internal(detail),
        })
    }
}

/// Runs store work off the async threads.
pub(crate) async fn blocking<T, F>(state: &Shared, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
{
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || work(store.as_ref()))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(ApiError::from)
}

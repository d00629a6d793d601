//! The reference API server of 海峡高考门户: the contract of `docs/api.md` under `/api`, on a
//! [`store::Store`] (SQLite or PostgreSQL), optionally serving the built site (`dist/`) beside
//! it so the app and the API share one origin and the session cookie just works.
//!
//! The map (ARCHITECTURE.md and docs/server.md say more): `app` puts the application
//! together; `routes` holds one module per resource; `extract` what handlers take from a
//! request; `state` what they share; `error` every answer that is not a success; `store` the
//! database; the policies in `auth`, `limits`, `signin`, `challenge`, `sms`, `guard`,
//! `headers`; `net` the connections; `clock` the time they all read; `seed` the first data.

pub mod app;
pub mod auth;
pub mod challenge;
pub mod clock;
pub mod error;
pub mod extract;
pub mod guard;
pub mod headers;
pub mod limits;
pub mod net;
mod routes;
pub mod seed;
mod signin;
pub mod sms;
pub mod state;
pub mod store;

pub use app::router;
pub use limits::{sweep_limits, LOGIN_PER_ACCOUNT_ADDRESS, LOGIN_PER_ADDRESS};
pub use net::Limits;
pub use state::Options;

use clock::Clock;
use std::future::Future;
use std::sync::Arc;
use store::Store;

/// Serves the API (and the site, with `static_dir`) on `listener` until `shutdown`, with the
/// connection limits of `options.limits`, sweeping expired sessions meanwhile.
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Arc<Store>,
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
    let sweeper = tokio::spawn(sweep(store, clock));
    net::serve_connections(listener, app, &limits, per_address, shutdown).await;
    sweeper.abort();
    Ok(())
}

/// Every `limits::SWEEP_INTERVAL`: expired sessions and 手机验证码, and attempt counters
/// past their memory or beyond the cap.
async fn sweep(store: Arc<Store>, clock: Clock) {
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

//! The whole application in one place: the API's routers (`routes`) under `/api` with the
//! guards every request passes, and beside them the site (`--static`, `config.json`).
//!
//! Layers, outermost first: errors answered by a layer become JSON; the `Host` must be one of
//! ours; the body must arrive in time; the whole request must be answered in time; then, for
//! the API, the `Origin` of a state change, the body size and the API's headers.

use crate::headers::{self, HeaderRules};
use crate::state::{AppState, Options};
use crate::store::Store;
use crate::{guard, routes};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use std::sync::Arc;

pub fn router(store: Arc<Store>, options: Options) -> Result<Router, String> {
    let state = AppState::new(store, options.clone())?;
    let api = routes::api()
        .layer(DefaultBodyLimit::max(guard::BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), guard::check_origin))
        .layer(middleware::from_fn(headers::api_headers))
        .with_state(state.clone());
    let mut app = Router::new().nest(routes::ROOT, api).merge(site(&options)?);
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
        .layer(middleware::from_fn_with_state(state.hosts.clone(), guard::check_host))
        .layer(middleware::from_fn(guard::errors_as_json)))
}

/// The built site beside the API (`--static`), with the headers of its `_headers` file, and
/// a `config.json` that points it at this API (`--site-config`, implied by `--static`).
fn site(options: &Options) -> Result<Router, String> {
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
                    .fallback(headers::app_page(dir.clone())),
            )
            .layer(middleware::from_fn_with_state(rules, headers::site_headers));
    }
    Ok(site)
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

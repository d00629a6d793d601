//! 海峡高考门户: school profiles, school news and articles for students and parents, as a Leptos
//! client-side app. See ARCHITECTURE.md for the map of modules.

pub mod admission;
pub mod api;
pub mod app;
pub mod browser;
pub mod chart;
pub mod chunks;
pub mod components;
pub mod config;
pub mod csv;
pub mod format;
pub mod pages;
pub mod paths;
pub mod preload;
pub mod routes;
pub mod sanitize;
pub mod share;
pub mod state;
pub mod volunteer;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests;

/// Starts the app: panic hook first, so even a bug at start-up is reported on the page.
pub fn start() {
    browser::panic::install();
    paths::set_base(&browser::dom::base_path());
    if browser::prerender::adopt() {
        // The page rendered ahead of time paints first (the wasm may come from the service
        // worker's cache before the first frame); the app starts building right after it.
        leptos::prelude::request_animation_frame(|| {
            leptos::prelude::set_timeout(mount, std::time::Duration::ZERO);
        });
    } else {
        mount();
    }
}

fn mount() {
    leptos::mount::mount_to_body(app::App);
    browser::dom::register_service_worker();
}

//! The app: reads the site config, provides the data source, and routes every path of
//! PRODUCT.md to its page inside the shared frame.

use crate::api::Api;
use crate::components::account::AccountDialog;
use crate::components::layout::{Footer, Header};
use crate::components::load::ErrorView;
use crate::components::toast::{ToastRegion, Toasts};
use crate::pages;
use crate::paths;
use crate::state::Session;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

pub const SITE_NAME: &str = "海峡高考门户";
pub const SITE_DESCRIPTION: &str =
    "海峡高考门户（福建高考网）：院校库、院校简介与新闻动态，帮助考生和家长了解高校。";

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let api = LocalResource::new(Api::from_site_config);
    view! {
        <Title formatter=|title: String| {
            if title.is_empty() { SITE_NAME.to_string() } else { format!("{title} - {SITE_NAME}") }
        } />
        <Suspense fallback=|| view! { <div class="boot" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match api.await {
                    Ok(api) => {
                        crate::browser::prerender::check_source(&api.source_label());
                        view! { <Site api /> }.into_any()
                    }
                    Err(error) => {
                        crate::browser::prerender::hand_over();
                        view! {
                            <main class="page" id="main">
                                <ErrorView error retry=move || api.refetch() />
                            </main>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Site(api: Api) -> impl IntoView {
    provide_context(api.clone());
    Toasts::provide();
    let session = Session::provide(api.clone());
    // Another tab signed in or out, or followed a school: catch up with it.
    let _ = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().is_none_or(|k| k.starts_with("haixia.")) {
            session.refresh(api.clone());
        }
    });
    view! {
        // No router-level transitions: a new page shows at once (with its skeleton), and a
        // slow page never holds up the next click.
        <Router base=paths::base()>
            <ProgressBar />
            <AbandonLeftPages />
            <Header />
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=pages::not_found::NotFoundPage>
                    <Route path=path!("/") view=pages::home::HomePage />
                    <Route path=path!("/schools") view=pages::schools::SchoolsPage />
                    <Route path=path!("/schools/:id") view=pages::school::SchoolPage />
                    <Route path=path!("/schools/:id/articles") view=pages::school_articles::SchoolArticlesPage />
                    <Route path=path!("/articles/:id") view=pages::article::ArticlePage />
                    <Route path=path!("/tags/:tag") view=pages::tag::TagPage />
                    <Route path=path!("/search") view=pages::search::SearchPage />
                    <Route path=path!("/me") view=pages::me::MePage />
                </Routes>
            </main>
            <Footer />
            <AccountDialog />
            <ToastRegion />
        </Router>
    }
}

/// On every navigation, stops the requests of pages the visitor has left.
#[component]
fn AbandonLeftPages() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    crate::api::follow_route(move || {
        let path = location.pathname.try_get_untracked().unwrap_or_default();
        let query = location.search.try_get_untracked().unwrap_or_default();
        if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        }
    });
    Effect::new(move |_| {
        location.pathname.track();
        location.search.track();
        crate::api::abort_other_pages();
    });
}

/// A thin bar along the top while the page's data is on its way.
#[component]
fn ProgressBar() -> impl IntoView {
    let pending = RwSignal::new(0usize);
    crate::api::on_pending_change(move |n| {
        pending.try_set(n);
    });
    view! { <div class="progress-bar" class:active=move || { pending.get() > 0 } aria-hidden="true"></div> }
}

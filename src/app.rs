//! The app: reads the site config, provides the data source, and routes every path of the
//! portal (the route manifest, src/routes.rs; README.md lists them with screenshots) to its
//! page inside the shared frame.

use crate::api::{Api, NetworkState};
use crate::components::account::AccountDialog;
use crate::components::compare::CompareTray;
use crate::components::layout::{Footer, Header};
use crate::components::load::ErrorView;
use crate::components::title::PageTitles;
use crate::components::toast::{ToastRegion, Toasts};
use crate::paths;
use crate::routes::PageRoutes;
use crate::state::{Compare, Plans, Session};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::Router;

pub const SITE_NAME: &str = "海峡高考门户";
pub const SITE_DESCRIPTION: &str =
    "海峡高考门户（福建高考网）：院校库、院校简介与新闻动态，帮助考生和家长了解高校。";

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let network = NetworkState::provide();
    let api = LocalResource::new(move || Api::from_site_config(network));
    // The one title element: the page's name (components::title), the site's name until a page
    // names itself (and while a page's data loads).
    let titles = PageTitles::provide();
    view! {
        <Title
            formatter=|title: String| {
                if title.is_empty() { SITE_NAME.to_string() } else { format!("{title} - {SITE_NAME}") }
            }
            text=move || titles.current()
        />
        <Suspense fallback=|| view! { <div class="boot" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                // The frame (or the error) is drawn in this task, where the shell was.
                let answer = api.await;
                crate::browser::prerender::drop_shell();
                match answer {
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
    let compare = Compare::provide();
    let plans = Plans::provide(api.clone());
    // The drafts follow the signed-in account (merged at sign-in, then saved on each change).
    Effect::new(move |_| plans.follow_account(session.user.with(|u| u.as_ref().map(|u| u.id))));
    // Another tab signed in or out, or followed a school: catch up with it.
    let _ = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().is_none_or(|k| k == crate::state::compare::STORAGE_KEY) {
            compare.reload();
        }
        if ev.key().is_none_or(|k| k == crate::state::plans::STORAGE_KEY) {
            plans.reload();
        }
        if ev.key().is_none_or(|k| k.starts_with("haixia.")) {
            session.refresh(api.clone());
        }
    });
    // Page reads on their way: drawn by the progress bar, spoken by the status region, and
    // `aria-busy` on <main> while they last.
    let network = expect_context::<NetworkState>();
    let loading = Memo::new(move |_| network.pending.get() > 0);
    // A tap kept on a page rendered ahead of time is replayed once that page has all its parts.
    crate::browser::prerender::replay_tap_when_settled(loading);
    // The page is built in a task after the frame's: two shorter tasks instead of one long one
    // while the app takes over (a tap in between is answered sooner).
    let frame_drawn = RwSignal::new(false);
    set_timeout(move || frame_drawn.set(true), std::time::Duration::ZERO);
    view! {
        // No router-level transitions: a new page shows at once (with its skeleton), and a
        // slow page never holds up the next click.
        <Router base=paths::base()>
            <ProgressBar loading />
            <LoadingStatus loading />
            <Header />
            <main id="main" class="page" tabindex="-1" aria-busy=move || loading.get().to_string()>
                <Show when=move || frame_drawn.get()>
                <PageRoutes />
                </Show>
            </main>
            <Footer />
            <CompareTray />
            <AccountDialog />
            <ToastRegion />
        </Router>
    }
}

/// A thin bar along the top while the page's data is on its way.
#[component]
fn ProgressBar(loading: Memo<bool>) -> impl IntoView {
    view! { <div class="progress-bar" class:active=move || loading.get() aria-hidden="true"></div> }
}

/// Says to a screen reader that the page is loading, and that it has loaded. A live region
/// present from the start (one inserted together with its text is often not read out).
#[component]
fn LoadingStatus(loading: Memo<bool>) -> impl IntoView {
    // Nothing is said before the first load starts; after it, the last state stays.
    let said = RwSignal::new("");
    Effect::new(move |was_loading: Option<bool>| {
        let now = loading.get();
        if now {
            said.set("页面加载中…");
        } else if was_loading == Some(true) {
            said.set("页面已加载");
        }
        now
    });
    view! { <p class="visually-hidden" role="status">{move || said.get()}</p> }
}

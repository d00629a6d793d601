//! A page whose code may still be on its way (`crate::chunks`).

use crate::api::{ApiError, NetworkState};
use crate::components::load::ErrorView;
use crate::components::skeleton::PageSkeleton;
use leptos::__reexports::send_wrapper::SendWrapper;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// A page's view, once its code is loaded.
pub type PageLoad = Pin<Box<dyn Future<Output = Result<AnyView, ApiError>>>>;

/// Loads a page's code, then shows the page. Meanwhile the page skeleton shows, and the
/// download counts as a page read (progress bar, status region, `aria-busy`); code already
/// loaded shows at once. A failed download shows the error view; 重试 downloads again.
#[component]
pub fn LazyPage(load: fn() -> PageLoad) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    let network = use_context::<NetworkState>();
    view! {
        // The wrapper's class tells the page's own loading state from this one (e2e a11y.spec).
        <Suspense fallback=|| view! { <div class="page-code-loading"><PageSkeleton heading=true /></div> }>
            {move || {
                attempt.track();
                let mut page = load();
                Suspend::new(SendWrapper::new(async move {
                    let mut pending = None;
                    let result = std::future::poll_fn(|cx| {
                        let poll = page.as_mut().poll(cx);
                        if poll.is_pending() && pending.is_none() {
                            pending = network.map(NetworkState::page_read);
                        }
                        poll
                    })
                    .await;
                    drop(pending);
                    result.unwrap_or_else(|error| {
                        crate::browser::prerender::hand_over();
                        view! { <ErrorView error retry=move || attempt.update(|n| *n += 1) /> }.into_any()
                    })
                }))
            }}
        </Suspense>
    }
}

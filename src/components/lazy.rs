//! A view whose code may still be on its way (`crate::chunks`): a page, the account dialog's
//! forms, a QR code.

use crate::api::{ApiError, NetworkState};
use crate::components::load::ErrorView;
use crate::components::skeleton::PageSkeleton;
use leptos::__reexports::send_wrapper::SendWrapper;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// A view, once its code is loaded.
pub type PageLoad = Pin<Box<dyn Future<Output = Result<AnyView, ApiError>>>>;

/// Loads a view's code, then shows the view. Meanwhile `fallback` shows (the page skeleton
/// unless told otherwise), and the download counts as a page read (progress bar, status
/// region, `aria-busy`); code already loaded shows at once. A failed download shows the error
/// view; 重试 downloads again.
#[component]
pub fn LazyView(
    #[prop(into)] load: Callback<(), PageLoad>,
    #[prop(optional, into)] fallback: Option<ViewFn>,
) -> impl IntoView {
    // The page skeleton's wrapper class tells the page's own loading state from this one
    // (e2e a11y.spec).
    let fallback = fallback.unwrap_or_else(|| {
        (|| view! { <div class="page-code-loading"><PageSkeleton heading=true /></div> }).into()
    });
    let attempt = RwSignal::new(0u32);
    let network = use_context::<NetworkState>();
    view! {
        <Suspense fallback=move || fallback.run()>
            {move || {
                attempt.track();
                let mut page = load.run(());
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

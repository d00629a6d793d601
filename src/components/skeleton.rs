//! Grey shapes in the layout of what is loading, so the page never flashes blank.
//! They are decoration: a screen reader hears "正在加载" from the app's status region
//! (`app::LoadingStatus`) and `<main>` is `aria-busy` meanwhile, so the shapes are hidden from it.

use leptos::prelude::*;

/// The page's heading while it loads, for pages whose only `<h1>` comes with their data: a
/// page is never without one (screen readers jump by headings).
fn loading_heading(heading: bool) -> impl IntoView {
    heading.then(|| view! { <h1 class="visually-hidden">"页面加载中"</h1> })
}

#[component]
pub fn ListSkeleton(
    #[prop(default = 5)] rows: usize,
    /// Give the page a heading while it loads (see `loading_heading`).
    #[prop(optional)]
    heading: bool,
) -> impl IntoView {
    view! {
        {loading_heading(heading)}
        <div class="skeleton-list" aria-hidden="true">
            {(0..rows)
                .map(|_| view! {
                    <div class="skeleton-row">
                        <span class="skeleton skeleton-line wide"></span>
                        <span class="skeleton skeleton-line narrow"></span>
                    </div>
                })
                .collect_view()}
        </div>
    }
}

#[component]
pub fn PageSkeleton(
    /// Give the page a heading while it loads (see `loading_heading`).
    #[prop(optional)]
    heading: bool,
) -> impl IntoView {
    view! {
        {loading_heading(heading)}
        <div class="page-skeleton" aria-hidden="true">
            <span class="skeleton skeleton-block"></span>
            <span class="skeleton skeleton-title"></span>
            <span class="skeleton skeleton-line"></span>
            <span class="skeleton skeleton-line"></span>
            <span class="skeleton skeleton-line half"></span>
        </div>
    }
}

//! Grey shapes in the layout of what is loading, so the page never flashes blank.
//! They are decoration: a screen reader hears "正在加载" from the app's status region
//! (`app::LoadingStatus`) and `<main>` is `aria-busy` meanwhile, so the shapes are hidden from it.

use leptos::prelude::*;

#[component]
pub fn ListSkeleton(#[prop(default = 5)] rows: usize) -> impl IntoView {
    view! {
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
pub fn PageSkeleton() -> impl IntoView {
    view! {
        <div class="page-skeleton" aria-hidden="true">
            <span class="skeleton skeleton-block"></span>
            <span class="skeleton skeleton-title"></span>
            <span class="skeleton skeleton-line"></span>
            <span class="skeleton skeleton-line"></span>
            <span class="skeleton skeleton-line half"></span>
        </div>
    }
}

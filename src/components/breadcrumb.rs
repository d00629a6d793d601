//! 当前位置: 首页 › … › the page itself. One component, so every trail looks and reads the same.

use crate::paths;
use leptos::prelude::*;

/// `trail`: the links between 首页 and the current page.
#[component]
pub fn Breadcrumb(
    #[prop(optional)] trail: Vec<(String, paths::Route)>,
    #[prop(into)] current: String,
) -> impl IntoView {
    let links = std::iter::once(("首页".to_string(), paths::home()))
        .chain(trail)
        .map(|(label, path)| {
            view! {
                <a href=path.href()>{label}</a>
                <span aria-hidden="true">"›"</span>
            }
        })
        .collect_view();
    view! {
        <nav class="breadcrumb" aria-label="当前位置">
            {links}
            <span aria-current="page">{current}</span>
        </nav>
    }
}

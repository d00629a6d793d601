//! 院校对比: the 加入对比 toggle on a school, and the tray of chosen schools along the bottom
//! of the screen with 开始对比.

use crate::paths;
use crate::state::compare::MAX;
use crate::state::Compare;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use portal_model::SchoolId;

/// 加入对比: pressed while the school is in the tray (it then reads 已加入对比); disabled,
/// saying why, when the tray is full of other schools.
#[component]
pub fn CompareButton(school_id: SchoolId, #[prop(into)] school_name: String) -> impl IntoView {
    let compare = expect_context::<Compare>();
    let chosen = Memo::new(move |_| compare.tray.with(|t| t.iter().any(|c| c.id == school_id)));
    let full = Memo::new(move |_| !chosen.get() && compare.tray.with(|t| t.len() >= MAX));
    let name = school_name.clone();
    view! {
        <button
            type="button"
            class="compare-toggle"
            aria-pressed=move || chosen.get().to_string()
            disabled=move || full.get()
            on:click=move |_| {
                let _ = compare.toggle(school_id, name.clone());
            }
        >
            {move || {
                if chosen.get() {
                    "已加入对比".to_string()
                } else if full.get() {
                    format!("加入对比（已满{MAX}所）")
                } else {
                    "加入对比".to_string()
                }
            }}
            <span class="visually-hidden">{school_name}</span>
        </button>
    }
}

/// The chosen schools, each with a remove button, and 开始对比. Shown while the tray has
/// schools, except on the compare page itself. It sits at the end of the page and sticks to
/// the bottom of the screen, so it never covers the page's last lines.
#[component]
pub fn CompareTray() -> impl IntoView {
    let compare = expect_context::<Compare>();
    let location = use_location();
    let on_compare = move || location.pathname.get().ends_with(paths::compare(&[]).path());
    let shown = move || !compare.tray.with(Vec::is_empty) && !on_compare();
    move || {
        shown().then(|| {
            let tray = compare.tray.get();
            let href = paths::compare(&tray.iter().map(|c| c.id).collect::<Vec<_>>()).href();
            view! {
                <section class="compare-tray" role="region" aria-label="院校对比">
                    <p class="compare-tray-count">{format!("对比 {}/{MAX}", tray.len())}</p>
                    <ul class="compare-tray-list">
                        {tray
                            .into_iter()
                            .map(|c| {
                                let id = c.id;
                                view! {
                                    <li>
                                        <span class="compare-tray-name">{c.name.clone()}</span>
                                        <button
                                            type="button"
                                            class="compare-tray-remove"
                                            aria-label=format!("移出对比：{}", c.name)
                                            on:click=move |_| compare.remove(id)
                                        >
                                            "×"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <a class="button button-small" href=href>"开始对比"</a>
                </section>
            }
        })
    }
}

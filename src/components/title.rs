//! The page's name in the browser's tab and history. A page names itself with `<Title text=…/>`
//! (a string or a closure); the app's one `leptos_meta` title (`app.rs`) shows the name said
//! last by a page still on screen, followed by the site's name.
//!
//! Why pages do not use `leptos_meta::Title` themselves: when a page's view is rebuilt in place
//! (new data in `Loaded`: another province on 分数线, 下一篇), leptos_meta 0.8.7 files the new
//! text under the new view's id and keeps the replaced view's text too, whose signals are
//! disposed with that view. Once the newer text is gone, the old one is read and the app aborts
//! (e2e admissions.spec: back to 分数线, then another province and track). Here each `Title`
//! owns its entry and removes it when its view goes.

use leptos::prelude::*;
use leptos::text_prop::TextProp;
use std::sync::atomic::{AtomicU64, Ordering};

/// The names the pages on screen give, in the order they were given.
#[derive(Clone, Copy)]
pub struct PageTitles(RwSignal<Vec<(u64, String)>>);

impl PageTitles {
    pub fn provide() -> PageTitles {
        let titles = PageTitles(RwSignal::new(Vec::new()));
        provide_context(titles);
        titles
    }

    /// The name said last ("" before any page names itself).
    pub fn current(self) -> String {
        self.0.with(|titles| titles.last().map(|(_, text)| text.clone()).unwrap_or_default())
    }
}

/// Names the page while this view is on screen.
#[component]
pub fn Title(#[prop(into)] text: TextProp) -> impl IntoView {
    static NEXT_ID: AtomicU64 = AtomicU64::new(0);
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let titles = expect_context::<PageTitles>();
    Effect::new(move |_| {
        let text = text.get().into_owned();
        titles.0.try_update(|list| match list.iter_mut().find(|(own, _)| *own == id) {
            Some(entry) => entry.1 = text,
            None => list.push((id, text)),
        });
    });
    on_cleanup(move || {
        titles.0.try_update(|list| list.retain(|(own, _)| *own != id));
    });
}

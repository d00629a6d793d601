use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ArticlePage() -> impl IntoView {
    view! {
        <Title text="文章" />
        <h1>"文章"</h1>
    }
}

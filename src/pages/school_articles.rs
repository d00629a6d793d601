use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SchoolArticlesPage() -> impl IntoView {
    view! {
        <Title text="院校新闻" />
        <h1>"院校新闻"</h1>
    }
}

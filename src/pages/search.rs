use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SearchPage() -> impl IntoView {
    view! {
        <Title text="搜索" />
        <h1>"搜索"</h1>
    }
}

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MePage() -> impl IntoView {
    view! {
        <Title text="我的关注" />
        <h1>"我的关注"</h1>
    }
}

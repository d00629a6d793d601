use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TagPage() -> impl IntoView {
    view! {
        <Title text="标签" />
        <h1>"标签"</h1>
    }
}

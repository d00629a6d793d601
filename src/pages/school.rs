use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SchoolPage() -> impl IntoView {
    view! {
        <Title text="院校" />
        <h1>"院校"</h1>
    }
}

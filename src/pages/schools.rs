use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SchoolsPage() -> impl IntoView {
    view! {
        <Title text="院校库" />
        <h1>"院校库"</h1>
    }
}

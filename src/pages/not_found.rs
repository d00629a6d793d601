use crate::components::load::NotFoundView;
use leptos::prelude::*;

/// Any path no route knows.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <NotFoundView /> }
}

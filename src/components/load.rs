//! The one way a page loads and shows data: a skeleton while waiting (the old content stays up
//! during a refresh), the data when it arrives, and on failure a message that says what failed
//! with a button to try again. A missing item shows the not-found view.

use crate::api::ApiError;
use crate::components::title::Title;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Meta;

/// Shows `view` over a resource's data, with the shared loading and error states.
#[component]
pub fn Loaded<T, V, F>(
    resource: LocalResource<Result<T, ApiError>>,
    /// What to show while the first answer is on its way (a skeleton of the page).
    #[prop(into)]
    skeleton: ViewFn,
    view: F,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    view! {
        <Transition fallback=move || skeleton.run()>
            {move || {
                let view = view.clone();
                Suspend::new(async move {
                    let result = resource.await;
                    // This page's own view replaces a snapshot rendered ahead of time.
                    crate::browser::prerender::hand_over();
                    match result {
                        Ok(data) => view(data).into_any(),
                        Err(ApiError::NotFound) => view! { <NotFoundView /> }.into_any(),
                        Err(error) => view! { <ErrorView error retry=move || resource.refetch() /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// What failed, and a way on: 重试 where trying again can help (network, timeout, server),
/// the home page where it cannot (the request itself was refused).
#[component]
pub fn ErrorView(error: ApiError, retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let way_on = if error.is_retryable() {
        view! { <button type="button" class="button" on:click=move |_| retry()>"重试"</button> }.into_any()
    } else {
        view! { <a class="button" href=paths::home().href()>"返回首页"</a> }.into_any()
    };
    view! {
        <section class="notice notice-error" role="alert">
            <h2>"加载失败"</h2>
            <p>{error.to_string()}</p>
            {way_on}
        </section>
    }
}

/// The 404 page body: used for unknown paths and for ids that do not exist.
#[component]
pub fn NotFoundView() -> impl IntoView {
    view! {
        <Title text="页面不存在" />
        <Meta name="description" content="您访问的页面不存在。" />
        <section class="notice not-found">
            <p class="not-found-code" aria-hidden="true">"404"</p>
            <h1>"页面不存在"</h1>
            <p>"您访问的页面不存在，可能已被删除或链接有误。"</p>
            <p class="notice-actions">
                <a class="button" href=paths::home().href()>"返回首页"</a>
                <a class="button button-secondary" href=paths::schools(&Default::default()).href()>"浏览院校库"</a>
            </p>
        </section>
    }
}

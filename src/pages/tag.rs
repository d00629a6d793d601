//! `/tags/:tag`: the articles under one tag.

use crate::api::{Api, ApiError};
use crate::components::article::ArticleList;
use crate::components::breadcrumb::Breadcrumb;
use crate::components::load::Loaded;
use crate::components::pagination::Pagination;
use crate::components::skeleton::ListSkeleton;
use crate::components::title::Title;
use crate::pages::page_query;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;
use portal_model::TagArticles;

#[component]
pub fn TagPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let params = use_params_map();
    let page = page_query();
    let tag = move || params.read().get("tag").filter(|t| !t.trim().is_empty()).ok_or(ApiError::NotFound);
    let articles = LocalResource::new(move || {
        let api = api.clone();
        let (tag, page) = (tag(), page());
        async move { api.tag_articles(&tag?, page).await }
    });
    view! { <Loaded resource=articles skeleton=|| view! { <ListSkeleton rows=8 heading=true /> } view=tag_view /> }
}

fn tag_view(data: TagArticles) -> impl IntoView {
    let TagArticles { tag, articles } = data;
    let link_tag = tag.clone();
    view! {
        <Title text=format!("{tag} 相关文章") />
        <Meta name="description" content=format!("“{tag}”相关的院校新闻，共{}篇。", articles.total) />
        <Breadcrumb current="标签" />
        <section class="panel">
            <div class="section-head">
                <h1>{format!("标签：{tag}")}</h1>
                <span class="muted">{format!("共{}篇", articles.total)}</span>
            </div>
            {if articles.items.is_empty() {
                view! { <p class="muted">"这个标签下还没有文章。"</p> }.into_any()
            } else {
                view! { <ArticleList articles=articles.items.clone() show_school=true with_summary=true /> }.into_any()
            }}
            <Pagination
                current=articles.page
                total_pages=articles.total_pages()
                href_for=move |p| paths::tag(&link_tag, p).href()
            />
        </section>
    }
}

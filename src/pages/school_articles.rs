//! `/schools/:id/articles?page=N`: a school's news, page by page.

use crate::api::Api;
use crate::components::admission::{SchoolTop, Section};
use crate::components::article::ArticleList;
use crate::components::load::Loaded;
use crate::components::pagination::Pagination;
use crate::components::skeleton::ListSkeleton;
use crate::components::title::Title;
use crate::pages::{id_param, page_query};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Meta;
use portal_model::SchoolArticles;

#[component]
pub fn SchoolArticlesPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let id = id_param();
    let page = page_query();
    let news = LocalResource::new(move || {
        let api = api.clone();
        let (id, page) = (id(), page());
        async move { api.school_articles(id?, page).await }
    });
    view! { <Loaded resource=news skeleton=|| view! { <ListSkeleton rows=8 heading=true /> } view=news_view /> }
}

fn news_view(data: SchoolArticles) -> impl IntoView {
    let SchoolArticles { school, articles } = data;
    let heading = format!("{}新闻", school.name);
    let title =
        if articles.page > 1 { format!("{heading}（第{}页）", articles.page) } else { heading.clone() };
    let id = school.id;
    view! {
        <Title text=title />
        <Meta name="description" content=format!("{}的最新新闻动态，共{}篇。", school.name, articles.total) />
        <SchoolTop school=school.clone() current=Section::News />
        <section class="panel">
            <div class="section-head">
                <h1>{heading}</h1>
                <span class="muted">{format!("共{}篇", articles.total)}</span>
            </div>
            {if articles.items.is_empty() {
                view! { <p class="muted">"暂无新闻。"</p> }.into_any()
            } else {
                view! { <ArticleList articles=articles.items.clone() with_summary=true /> }.into_any()
            }}
            <Pagination
                current=articles.page
                total_pages=articles.total_pages()
                href_for=move |p| paths::school_articles(id, p).href()
            />
        </section>
    }
}

//! `/search?q=`: schools and articles matching what the visitor typed.

use crate::api::Api;
use crate::components::article::ArticleList;
use crate::components::layout::SearchBox;
use crate::components::load::Loaded;
use crate::components::school::SchoolListItem;
use crate::components::skeleton::ListSkeleton;
use crate::components::title::Title;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;
use portal_model::SearchResults;

#[component]
pub fn SearchPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default().trim().chars().take(50).collect::<String>();
    let results = LocalResource::new(move || {
        let api = api.clone();
        let q = q();
        async move { api.search(&q).await }
    });
    view! {
        <Title text=move || {
            let q = q();
            if q.is_empty() { "搜索".to_string() } else { format!("搜索：{q}") }
        } />
        <Meta name="description" content="搜索海峡高考门户的院校和新闻。" />
        <section class="panel search-panel">
            <h1>"搜索"</h1>
            {move || view! { <SearchBox id="page-search" label="搜索院校和文章" initial=q() /> }}
        </section>
        {move || {
            if q().is_empty() {
                view! { <p class="notice">"输入院校名称或新闻关键词，例如“机电”“招生章程”。"</p> }.into_any()
            } else {
                view! { <Loaded resource=results skeleton=|| view! { <ListSkeleton /> } view=results_view /> }.into_any()
            }
        }}
    }
}

/// 你是不是要找：厦门大学 — a link to the search for the school the query nearly named.
fn suggestion_view(suggestion: Option<String>) -> impl IntoView {
    suggestion.map(|name| {
        let href = paths::search(&name).href();
        view! { <p class="search-suggestion">"你是不是要找：" <a href=href>{name}</a></p> }
    })
}

fn results_view(results: SearchResults) -> impl IntoView {
    let SearchResults { query, schools, articles, suggestion } = results;
    if schools.is_empty() && articles.is_empty() {
        return view! {
            <section class="notice" role="status">
                <h2>{format!("没有找到与“{query}”相关的院校或文章")}</h2>
                {suggestion_view(suggestion.clone())}
                {suggestion.is_none().then(|| view! {
                    <p>"换个关键词试试，或者缩短关键词，例如只输入学校名称中的两个字；也可以输入拼音首字母，如 xmdx。"</p>
                })}
            </section>
        }
        .into_any();
    }
    view! {
        {suggestion_view(suggestion)}
        <p class="search-summary" role="status">
            {format!("“{query}”：找到 {} 所院校、{} 篇文章", schools.len(), articles.len())}
        </p>
        {(!schools.is_empty()).then(|| view! {
            <section class="panel" aria-labelledby="school-results">
                <div class="section-head"><h2 id="school-results">{format!("院校（{}）", schools.len())}</h2></div>
                <ul class="school-list">
                    {schools.into_iter().map(|school| view! { <SchoolListItem school /> }).collect_view()}
                </ul>
            </section>
        })}
        {(!articles.is_empty()).then(|| view! {
            <section class="panel" aria-labelledby="article-results">
                <div class="section-head"><h2 id="article-results">{format!("文章（{}）", articles.len())}</h2></div>
                <ArticleList articles show_school=true with_summary=true />
            </section>
        })}
    }
    .into_any()
}

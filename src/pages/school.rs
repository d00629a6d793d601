//! `/schools/:id`: a school's profile, key facts and latest news.

use crate::api::Api;
use crate::components::admission::{SchoolTop, Section};
use crate::components::article::ArticleList;
use crate::components::load::Loaded;
use crate::components::school::OfficialAccounts;
use crate::components::skeleton::PageSkeleton;
use crate::components::title::Title;
use crate::pages::id_param;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Meta;
use portal_model::SchoolPage as Data;

#[component]
pub fn SchoolPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let id = id_param();
    let school = LocalResource::new(move || {
        let api = api.clone();
        let id = id();
        async move { api.school(id?).await }
    });
    view! { <Loaded resource=school skeleton=|| view! { <PageSkeleton heading=true /> } view=school_view /> }
}

fn school_view(data: Data) -> impl IntoView {
    let Data { school, profile, latest_news } = data;
    let description: String = profile.introduction.chars().take(100).collect();
    let news_href = paths::school_articles(school.id, 1).href();
    let name = school.name.clone();
    view! {
        <Title text=school.name.clone() />
        <Meta name="description" content=description />
        <SchoolTop school=school.clone() current=Section::Overview />
        <div class="school-grid">
            <section class="panel" aria-labelledby="intro-heading">
                <div class="section-head"><h2 id="intro-heading">"院校简介"</h2></div>
                <div class="prose">
                    {profile
                        .introduction
                        .split("\n\n")
                        .filter(|p| !p.trim().is_empty())
                        .map(|p| view! { <p>{p.to_string()}</p> })
                        .collect_view()}
                </div>
            </section>
            <section class="panel" aria-labelledby="facts-heading">
                <div class="section-head"><h2 id="facts-heading">"基本信息"</h2></div>
                <dl class="facts">
                    {profile
                        .facts
                        .into_iter()
                        .map(|f| view! { <div class="fact"><dt>{f.label}</dt><dd>{f.value}</dd></div> })
                        .collect_view()}
                </dl>
                {(!profile.accounts.is_empty()).then(|| view! {
                    <h3 class="accounts-heading">"官方账号"</h3>
                    <OfficialAccounts accounts=profile.accounts.clone() school_name=name.clone() />
                })}
            </section>
        </div>
        <section class="panel" aria-labelledby="news-heading">
            <div class="section-head">
                <h2 id="news-heading">{format!("{name}新闻")}</h2>
                <a href=news_href.clone()>"全部新闻 ›"</a>
            </div>
            {if latest_news.is_empty() {
                view! { <p class="muted">"暂无新闻。"</p> }.into_any()
            } else {
                view! { <ArticleList articles=latest_news /> }.into_any()
            }}
        </section>
    }
}

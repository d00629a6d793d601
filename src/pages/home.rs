//! `/`: the portal's front page.

use crate::api::Api;
use crate::app::SITE_DESCRIPTION;
use crate::components::article::{ArticleList, TagLinks};
use crate::components::layout::SearchBox;
use crate::components::load::Loaded;
use crate::components::school::SchoolListItem;
use crate::components::skeleton::{ListSkeleton, PageSkeleton};
use crate::components::title::Title;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Meta;
use portal_model::Home;

#[component]
pub fn HomePage() -> impl IntoView {
    let api = expect_context::<Api>();
    let home = LocalResource::new(move || {
        let api = api.clone();
        async move { api.home().await }
    });
    view! {
        <Title text="" />
        <Meta name="description" content=SITE_DESCRIPTION />
        <section class="hero">
            <h1>"了解高校，从这里开始"</h1>
            <p>"院校简介、招生动态和校园新闻，一站看全。"</p>
            <SearchBox id="home-search" label="搜索院校和文章" />
            <nav class="entry-links" aria-label="志愿工具">
                <a class="button button-secondary button-small" href=paths::rank_page().href()>"位次查询"</a>
                <a class="button button-secondary button-small" href=paths::compare(&[]).href()>"院校对比"</a>
            </nav>
        </section>
        <Loaded resource=home skeleton=|| view! { <PageSkeleton /><ListSkeleton /> } view=home_view />
    }
}

fn home_view(home: Home) -> impl IntoView {
    let Home { featured, latest, hot_tags } = home;
    view! {
        <div class="home-grid">
            <section class="panel" aria-labelledby="featured-heading">
                <div class="section-head">
                    <h2 id="featured-heading">"推荐院校"</h2>
                    <a href=paths::schools(&Default::default()).href()>"全部院校 ›"</a>
                </div>
                <ul class="school-list">
                    {featured.into_iter().map(|school| view! { <SchoolListItem school /> }).collect_view()}
                </ul>
            </section>
            <div class="home-side">
                <section class="panel" aria-labelledby="latest-heading">
                    <div class="section-head">
                        <h2 id="latest-heading">"最新资讯"</h2>
                    </div>
                    <ArticleList articles=latest show_school=true />
                </section>
                <section class="panel" aria-labelledby="tags-heading">
                    <div class="section-head">
                        <h2 id="tags-heading">"热门关注"</h2>
                    </div>
                    <TagLinks tags=hot_tags.into_iter().map(|t| t.name).collect() />
                </section>
            </div>
        </div>
    }
}

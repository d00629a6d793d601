//! `/articles/:id`: one news article with its school, body, links onward and sharing.

use crate::api::Api;
use crate::components::article::{ArticleBody, ArticleMeta, TagLinks};
use crate::components::breadcrumb::Breadcrumb;
use crate::components::compare::CompareButton;
use crate::components::load::Loaded;
use crate::components::school::SchoolHeader;
use crate::components::share::ShareBar;
use crate::components::skeleton::PageSkeleton;
use crate::components::title::Title;
use crate::pages::id_param;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Meta;
use portal_model::Article;

#[component]
pub fn ArticlePage() -> impl IntoView {
    let api = expect_context::<Api>();
    let id = id_param();
    let article = LocalResource::new(move || {
        let api = api.clone();
        let id = id();
        async move { api.article(id?).await }
    });
    view! { <Loaded resource=article skeleton=|| view! { <PageSkeleton heading=true /> } view=article_view /> }
}

fn article_view(article: Article) -> impl IntoView {
    let Article { info, body_html, school, prev, next } = article;
    // While the visitor reads, fetch 下一篇 so following it shows at once.
    if let Some(link) = &next {
        let id = link.id;
        super::fetch_ahead(move |api| async move { api.prefetch_article(id).await });
    }
    let news_label = format!("{}新闻", school.name);
    let news_href = paths::school_articles(school.id, 1).href();
    let scores_href = paths::school_scores(school.id, &Default::default()).href();
    view! {
        <Title text=info.title.clone() />
        <Meta name="description" content=info.summary.clone() />
        <Breadcrumb
            trail=vec![
                (school.name.clone(), paths::school(school.id)),
                ("新闻".into(), paths::school_articles(school.id, 1)),
            ]
            current="正文"
        />
        <SchoolHeader school=school.clone() compact=true />
        <article class="panel article">
            <h1 class="article-title">{info.title.clone()}</h1>
            <ArticleMeta article=info.clone() />
            <ArticleBody html=body_html />
            <section class="article-hot" aria-labelledby="hot-heading">
                <h2 id="hot-heading">"热门关注"</h2>
                <ul class="tag-links">
                    <li><a class="tag" href=paths::school(school.id).href()>{school.name.clone()}</a></li>
                    <li><a class="tag" href=news_href>{news_label}</a></li>
                    <li><a class="tag" href=scores_href>"查看分数线 ›"</a></li>
                </ul>
                <p class="article-compare"><CompareButton school_id=school.id school_name=school.name.clone() /></p>
            </section>
            {(!info.tags.is_empty()).then(|| view! {
                <section class="article-hot" aria-labelledby="tags-heading">
                    <h2 id="tags-heading">"本文标签"</h2>
                    <TagLinks tags=info.tags.clone() />
                </section>
            })}
            <nav class="prev-next" aria-label="上一篇和下一篇">
                <p>
                    <span class="prev-next-label">"上一篇："</span>
                    {match prev {
                        Some(link) => view! { <a href=paths::article(link.id).href() rel="prev">{link.title}</a> }.into_any(),
                        None => view! { <span class="muted">"没有了"</span> }.into_any(),
                    }}
                </p>
                <p>
                    <span class="prev-next-label">"下一篇："</span>
                    {match next {
                        Some(link) => view! { <a href=paths::article(link.id).href() rel="next">{link.title}</a> }.into_any(),
                        None => view! { <span class="muted">"没有了"</span> }.into_any(),
                    }}
                </p>
            </nav>
            <ShareBar title=info.title.clone() summary=info.summary.clone() />
        </article>
    }
}

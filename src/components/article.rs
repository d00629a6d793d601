//! How articles appear: rows in news lists, the meta line, the sanitized body, tag links.

use crate::format;
use crate::paths;
use leptos::html::Div;
use leptos::prelude::*;
use portal_model::ArticleSummary;

/// A list of articles; `show_school` adds the school's name (home, tags, search).
#[component]
pub fn ArticleList(
    articles: Vec<ArticleSummary>,
    #[prop(optional)] show_school: bool,
    #[prop(optional)] with_summary: bool,
) -> impl IntoView {
    view! {
        <ul class="article-list">
            {articles
                .into_iter()
                .map(|a| {
                    view! {
                        <li class="article-item">
                            <a class="article-item-title" href=paths::article(a.id).href()>{a.title.clone()}</a>
                            {with_summary.then(|| view! { <p class="article-item-summary">{a.summary.clone()}</p> })}
                            <p class="article-item-meta">
                                {show_school.then(|| view! {
                                    <a href=paths::school(a.school_id).href()>{a.school_name.clone()}</a>
                                })}
                                <time datetime=a.published.clone()>{a.published.clone()}</time>
                                <span>{format!("{}次浏览", format::count(a.views))}</span>
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// 作者 · 日期 · 浏览量.
#[component]
pub fn ArticleMeta(article: ArticleSummary) -> impl IntoView {
    view! {
        <p class="article-meta">
            {(!article.author.is_empty()).then(|| view! { <span>"作者："{article.author.clone()}</span> })}
            <span>"发布时间："<time datetime=article.published.clone()>{format::date_long(&article.published)}</time></span>
            <span>"浏览："{format::count(article.views)}"次"</span>
        </p>
    }
}

/// The article's HTML, after the allowlist sanitizer: never raw `innerHTML`. Its links are the
/// source's own (`data-verbatim`: scripts/rebase.mjs leaves them as they are when the site moves
/// to another base, as the app does).
#[component]
pub fn ArticleBody(html: String) -> impl IntoView {
    let container = NodeRef::<Div>::new();
    container.on_load(move |div| {
        // The body replaces what the element holds: on 下一篇 the new article's view is built
        // onto the previous one's elements, this one included, previous body and all.
        div.set_text_content(None);
        match crate::browser::sanitize::sanitize(&html) {
            Some(clean) => {
                let _ = div.append_child(&clean);
            }
            None => div.set_text_content(Some("正文暂时无法显示。")),
        }
    });
    view! { <div class="article-body" data-verbatim="" node_ref=container></div> }
}

/// Links to tag pages.
#[component]
pub fn TagLinks(tags: Vec<String>) -> impl IntoView {
    view! {
        <ul class="tag-links">
            {tags
                .into_iter()
                .map(|t| view! { <li><a class="tag" href=paths::tag(&t, 1).href()>{t.clone()}</a></li> })
                .collect_view()}
        </ul>
    }
}

//! `/schools`: the school directory. Every filter, the name search, the sort and the page live
//! in the URL, so a filtered list can be shared, reloaded and walked with back and forward.

use crate::api::Api;
use crate::components::load::Loaded;
use crate::components::pagination::Pagination;
use crate::components::school::SchoolListItem;
use crate::components::skeleton::ListSkeleton;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_model::query::{SchoolQuery, SchoolSort};
use portal_model::{Kind, Level, Nature, SchoolDirectory};

const QUERY_KEYS: [&str; 7] = ["level", "type", "province", "nature", "q", "sort", "page"];

/// Provinces offered before the directory has answered (the answer then brings the real list).
const KNOWN_PROVINCES: [&str; 2] = ["福建", "江西"];

#[component]
pub fn SchoolsPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let map = query_map.read();
        let pairs: Vec<(&str, String)> =
            QUERY_KEYS.iter().filter_map(|k| map.get(k).map(|v| (*k, v))).collect();
        SchoolQuery::from_pairs(&pairs)
    });
    let directory = LocalResource::new(move || {
        let api = api.clone();
        let query = query.get();
        async move { api.schools(&query).await }
    });
    // Set when an answer arrives, not read from the resource here: a read outside the page's
    // own <Transition> would hold the app's start-up <Suspense> (a blank page) until it answers.
    let provinces = RwSignal::new(KNOWN_PROVINCES.iter().map(|p| p.to_string()).collect::<Vec<_>>());
    view! {
        <Title text=move || {
            let page = query.get().page;
            if page > 1 { format!("院校库（第{page}页）") } else { "院校库".to_string() }
        } />
        <Meta name="description" content="按办学层次、院校类型、省份和办学性质筛选高校，按关注人数或名称排序。" />
        <section class="panel">
            <h1>"院校库"</h1>
            <p class="directory-tools">
                <a href=paths::rank_page().href()>"位次查询"</a>
                " · "
                <a href=paths::compare(&[]).href()>"院校对比"</a>
            </p>
            <Filters query provinces />
        </section>
        <Loaded resource=directory skeleton=|| view! { <ListSkeleton rows=8 /> } view=move |d: SchoolDirectory| {
            provinces.set(d.provinces.clone());
            results_view(d, query.get_untracked())
        } />
    }
}

/// The filter form: each choice navigates at once (back to page 1); the name search on submit.
#[component]
fn Filters(query: Memo<SchoolQuery>, provinces: RwSignal<Vec<String>>) -> impl IntoView {
    let navigate = use_navigate();
    let go = move |next: SchoolQuery| navigate(paths::schools(&next.with_page(1)).path(), Default::default());
    let name = RwSignal::new(query.get_untracked().name);
    Effect::new(move |_| name.set(query.get().name));

    let on_select = {
        let go = go.clone();
        move |key: &'static str, value: String| {
            let mut next = query.get_untracked();
            match key {
                "level" => next.level = Level::from_code(&value),
                "type" => next.kind = Kind::from_code(&value),
                "province" => next.province = Some(value).filter(|v| !v.is_empty()),
                "nature" => next.nature = Nature::from_code(&value),
                _ => next.sort = SchoolSort::from_code(&value).unwrap_or_default(),
            }
            go(next);
        }
    };
    let on_submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            go(SchoolQuery { name: name.get_untracked().trim().to_string(), ..query.get_untracked() });
        }
    };
    let select = move |key: &'static str,
                       label: &'static str,
                       any: &'static str,
                       options: Vec<(String, String)>,
                       current: Signal<String>| {
        let on_select = on_select.clone();
        let id = format!("filter-{key}");
        view! {
            <div class="filter">
                <label for=id.clone()>{label}</label>
                <select
                    id=id
                    prop:value=move || current.get()
                    on:change:target=move |ev| on_select(key, ev.target().value())
                >
                    <option value="">{any}</option>
                    {options
                        .into_iter()
                        .map(|(value, text)| {
                            let v = value.clone();
                            view! { <option value=value selected=move || current.get() == v>{text}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    let level_options = Level::ALL.iter().map(|l| (l.code().to_string(), l.label().to_string())).collect();
    let kind_options = Kind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect();
    let nature_options = Nature::ALL.iter().map(|n| (n.code().to_string(), n.label().to_string())).collect();
    let province_select = {
        let select = select.clone();
        move || {
            let mut options: Vec<(String, String)> =
                provinces.get().into_iter().map(|p| (p.clone(), p)).collect();
            if let Some(current) = query.get().province.filter(|c| !options.iter().any(|(v, _)| v == c)) {
                options.push((current.clone(), current));
            }
            select(
                "province",
                "省份",
                "全部省份",
                options,
                Signal::derive(move || query.get().province.unwrap_or_default()),
            )
        }
    };
    view! {
        <form class="filters" role="search" aria-label="筛选院校" on:submit=on_submit>
            <div class="filter filter-name">
                <label for="filter-name">"院校名称"</label>
                <div class="filter-name-row">
                    <input id="filter-name" type="search" placeholder="输入校名或拼音" maxlength="50" bind:value=name />
                    <button type="submit" class="button button-small">"筛选"</button>
                </div>
            </div>
            {select("level", "办学层次", "全部层次", level_options, Signal::derive(move || query.get().level.map(|l| l.code().to_string()).unwrap_or_default()))}
            {select("type", "院校类型", "全部类型", kind_options, Signal::derive(move || query.get().kind.map(|k| k.code().to_string()).unwrap_or_default()))}
            {province_select}
            {select("nature", "办学性质", "公办和民办", nature_options, Signal::derive(move || query.get().nature.map(|n| n.code().to_string()).unwrap_or_default()))}
            <div class="filter">
                <label for="filter-sort">"排序"</label>
                <select
                    id="filter-sort"
                    prop:value=move || query.get().sort.code()
                    on:change:target={
                        let go = go.clone();
                        move |ev| {
                            let sort = SchoolSort::from_code(&ev.target().value()).unwrap_or_default();
                            go(SchoolQuery { sort, ..query.get_untracked() });
                        }
                    }
                >
                    {SchoolSort::ALL
                        .iter()
                        .map(|s| view! { <option value=s.code() selected=move || query.get().sort == *s>{s.label()}</option> })
                        .collect_view()}
                </select>
            </div>
        </form>
    }
}

fn results_view(directory: SchoolDirectory, query: SchoolQuery) -> impl IntoView {
    // The first filter needs the whole index: fetch it while the visitor looks at this page.
    super::fetch_ahead(|api| async move { api.prefetch_directory_filters().await });
    let page = directory.schools;
    let filtered = query.is_filtered();
    let link_query = query.clone();
    view! {
        <section class="panel" aria-labelledby="results-heading">
            <div class="section-head">
                <h2 id="results-heading" aria-live="polite">{format!("共{}所院校", page.total)}</h2>
                {filtered.then(|| view! {
                    <a href=paths::schools(&SchoolQuery::default()).href()>"清除筛选"</a>
                })}
            </div>
            {if page.items.is_empty() {
                view! {
                    <div class="empty">
                        <p>"没有符合条件的院校。"</p>
                        <p class="muted">"试试放宽筛选条件，或检查校名是否输入正确。"</p>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <ul class="school-list">
                        {page.items.clone().into_iter().map(|school| view! { <SchoolListItem school /> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <Pagination
                current=page.page
                total_pages=page.total_pages()
                href_for=move |p| paths::schools(&link_query.with_page(p)).href()
            />
        </section>
    }
}

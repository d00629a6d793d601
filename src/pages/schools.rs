//! `/schools`: the school directory. Every filter, the name search, the sort and the page live
//! in the URL, so a filtered list can be shared, reloaded and walked with back and forward.

use crate::api::Api;
use crate::components::load::Loaded;
use crate::components::pagination::Pagination;
use crate::components::school::SchoolListItem;
use crate::components::skeleton::ListSkeleton;
use crate::paths;
use crate::state::choice::{self, Choice};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_model::admissions::{Province, Track, YEAR_MAX};
use portal_model::query::{Origin, SchoolQuery, SchoolSort};
use portal_model::{Kind, Level, Nature, SchoolDirectory};

const QUERY_KEYS: [&str; 10] =
    ["level", "type", "province", "nature", "q", "sort", "from", "track", "reach", "page"];

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
        <Meta name="description" content="按办学层次、院校类型、省份和办学性质筛选高校，按关注人数、名称或生源地去年最低位次排序。" />
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

    let reach = RwSignal::new(String::new());
    Effect::new(move |_| reach.set(query.get().reach.map(|r| r.to_string()).unwrap_or_default()));
    let reach_error = RwSignal::new(None::<&'static str>);

    let on_select = {
        let go = go.clone();
        move |key: &'static str, value: String| {
            let mut next = query.get_untracked();
            match key {
                "level" => next.level = Level::from_code(&value),
                "type" => next.kind = Kind::from_code(&value),
                "province" => next.province = Some(value).filter(|v| !v.is_empty()),
                "nature" => next.nature = Nature::from_code(&value),
                // A 生源地 comes with a 科类 of its current system (the remembered one if it fits).
                "from" => {
                    next.origin = Province::find(&value).map(|p| {
                        let tracks = p.tracks(YEAR_MAX);
                        let remembered = choice::load().track;
                        let track = if tracks.contains(&remembered) { remembered } else { tracks[0] };
                        Origin { province: p.name.to_string(), track }
                    });
                    if next.origin.is_none() {
                        next.reach = None;
                    }
                }
                "track" => {
                    if let (Some(origin), Some(track)) = (next.origin.as_mut(), Track::from_code(&value)) {
                        origin.track = track;
                    }
                }
                _ => {
                    next.sort = SchoolSort::from_code(&value).unwrap_or_default();
                    // Rank order needs an origin: the visitor's remembered one, or 福建 物理类.
                    if next.sort == SchoolSort::Rank && next.origin.is_none() {
                        let Choice { province, track } = choice::load();
                        next.origin = Some(Origin { province, track });
                    }
                }
            }
            if let Some(Origin { province, track }) = next.origin.clone() {
                choice::save(&Choice { province, track });
            }
            go(next);
        }
    };
    let on_submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let typed = reach.get_untracked();
            let reach = match choice::normalize_number(&typed).map(|n| n.parse::<u32>()) {
                _ if typed.trim().is_empty() => None,
                Some(Ok(r)) if (1..=portal_model::admissions::RANK_MAX).contains(&r) => Some(r),
                _ => {
                    reach_error.set(Some("位次应为 1–2000000 之间的整数"));
                    return;
                }
            };
            reach_error.set(None);
            go(SchoolQuery { name: name.get_untracked().trim().to_string(), reach, ..query.get_untracked() });
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
    let origin_select = {
        let select = select.clone();
        let options: Vec<(String, String)> = portal_model::admissions::PROVINCES
            .iter()
            .map(|p| (p.name.to_string(), p.name.to_string()))
            .collect();
        move || {
            select(
                "from",
                "生源地",
                "不限",
                options.clone(),
                Signal::derive(move || query.get().origin.map(|o| o.province).unwrap_or_default()),
            )
        }
    };
    let track_select = {
        let select = select.clone();
        move || {
            query.get().origin.map(|origin| {
                let options = Province::find(&origin.province)
                    .map(|p| p.tracks(YEAR_MAX))
                    .unwrap_or_default()
                    .iter()
                    .map(|t| (t.code().to_string(), t.label().to_string()))
                    .collect();
                select(
                    "track",
                    "科类",
                    "请选择",
                    options,
                    Signal::derive(move || {
                        query.get().origin.map(|o| o.track.code().to_string()).unwrap_or_default()
                    }),
                )
            })
        }
    };
    view! {
        <form class="filters" role="search" aria-label="筛选院校" on:submit=on_submit novalidate>
            <div class="filter filter-name">
                <label for="filter-name">"院校名称"</label>
                <div class="filter-name-row">
                    <input id="filter-name" type="search" placeholder="输入校名或拼音" maxlength="50" bind:value=name />
                    <button type="submit" class="button button-small" data-tap="filter-name">"筛选"</button>
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
            <fieldset class="filters-origin">
                <legend>"按录取位次"</legend>
                {origin_select}
                {track_select}
                {move || query.get().origin.is_some().then(|| view! {
                    <div class="filter">
                        <label for="filter-reach">"我的位次"</label>
                        <input
                            id="filter-reach"
                            type="text"
                            inputmode="numeric"
                            autocomplete="off"
                            maxlength="9"
                            placeholder="只看去年能录取的"
                            aria-invalid=move || reach_error.get().is_some().to_string()
                            aria-describedby="filter-reach-error"
                            bind:value=reach
                        />
                    </div>
                    <div class="filter filter-apply">
                        <button type="submit" class="button button-small" data-tap="filter-reach">"按位次筛选"</button>
                    </div>
                })}
                <p id="filter-reach-error" class="form-error" role="alert">{move || reach_error.get()}</p>
            </fieldset>
        </form>
    }
}

fn results_view(directory: SchoolDirectory, query: SchoolQuery) -> impl IntoView {
    // The first filter needs the whole index: fetch it while the visitor looks at this page.
    super::fetch_ahead(|api| async move { api.prefetch_directory_filters().await });
    let page = directory.schools;
    let filtered = query.is_filtered();
    let link_query = query.clone();
    // With an origin, each school says how it admitted there last year.
    let origin = query.origin.clone();
    let no_lines = directory.lowest.is_empty();
    let line_of = {
        let lowest = directory.lowest;
        let origin = origin.clone();
        move |id| {
            let found = lowest.iter().find(|l| l.id == id).map(|l| l.lowest);
            origin.as_ref().map(|o| admission_line(id, o, found))
        }
    };
    view! {
        <section class="panel" aria-labelledby="results-heading">
            <div class="section-head">
                <h2 id="results-heading" aria-live="polite">{format!("共{}所院校", page.total)}</h2>
                {filtered.then(|| view! {
                    <a href=paths::schools(&SchoolQuery::default()).href()>"清除筛选"</a>
                })}
            </div>
            {origin.clone().filter(|_| no_lines && !page.items.is_empty()).map(|o| view! {
                <p class="muted">{format!("这些院校暂无{}{}的录取数据。", o.province, o.track.label())}</p>
            })}
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
                        {page
                            .items
                            .clone()
                            .into_iter()
                            .map(|school| {
                                let line = line_of(school.id);
                                view! { <SchoolListItem school line /> }
                            })
                            .collect_view()}
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

/// "2025年福建物理类 最低586分 · 位次12000" (or 暂无录取数据), with the link to the school's
/// 分数线 there.
fn admission_line(
    id: portal_model::SchoolId,
    origin: &Origin,
    lowest: Option<portal_model::admissions::YearLowest>,
) -> (String, String) {
    let place = format!("{}{}", origin.province, origin.track.label());
    let scores = portal_model::admissions::AdmissionQuery {
        province: Some(origin.province.clone()),
        track: Some(origin.track),
        page: 1,
        ..Default::default()
    };
    let text = match lowest {
        Some(l) => {
            let rank = l.rank.map_or("位次暂无".to_string(), |r| format!("位次{r}"));
            format!("{}年{place} 最低{}分 · {rank}", l.year, l.score)
        }
        None => format!("去年{place} 暂无录取数据"),
    };
    (paths::school_scores(id, &scores).href(), text)
}

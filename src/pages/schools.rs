//! `/schools`: the school directory. Every filter, the name search, the sort and the page live
//! in the URL, so a filtered list can be shared, reloaded and walked with back and forward.

use crate::api::{Api, ApiError};
use crate::components::filter::FilterSelect;
use crate::components::load::Loaded;
use crate::components::pagination::Pagination;
use crate::components::school::SchoolListItem;
use crate::components::skeleton::ListSkeleton;
use crate::components::title::Title;
use crate::paths;
use crate::state::choice::{self, Choice};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use portal_model::admissions::{Province, ProvinceMeta, Track, YEAR_MAX};
use portal_model::query::{Origin, SchoolQuery, SchoolSort};
use portal_model::{Kind, Level, Nature, SchoolDirectory};
use std::rc::Rc;

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
    // Rank order needs a 生源地: a link that asks for it without one gets the visitor's
    // remembered one (or 福建 物理类), in place of the link, so the select and the list agree.
    let navigate = use_navigate();
    Effect::new(move |_| {
        let q = query.get();
        if q.sort == SchoolSort::Rank && q.origin.is_none() {
            let Choice { province, track } = choice::load();
            let next = SchoolQuery { origin: Some(Origin { province, track }), ..q };
            navigate(paths::schools(&next).path(), quiet(true));
        } else if let Some(Origin { province, track }) = q.origin {
            // A 生源地 chosen here, or arriving in a link, is the one 院校对比 and 分数线 show next.
            choice::save(&Choice { province, track });
        }
    });
    let directory = LocalResource::new(move || {
        let api = api.clone();
        let query = query.get();
        async move {
            let directory = api.schools(&query).await?;
            // 生源地 offers the provinces with admission data (kept for the visit); without
            // that list, the two the portal is about.
            let origins = api.provinces().await.ok();
            Ok::<_, ApiError>((directory, origins))
        }
    });
    // Set when an answer arrives, not read from the resource here: a read outside the page's
    // own <Transition> would hold the app's start-up <Suspense> (a blank page) until it answers.
    let provinces = RwSignal::new(KNOWN_PROVINCES.iter().map(|p| p.to_string()).collect::<Vec<_>>());
    let origins = RwSignal::new(KNOWN_PROVINCES.iter().map(|p| p.to_string()).collect::<Vec<_>>());
    // Set by 按位次筛选: the results are far below the form on a phone; bring them up once here.
    let show_results = StoredValue::new(false);
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
                <a href=paths::compare(&[]).href()>"院校对比"</a>
            </p>
            <Filters query provinces origins show_results />
        </section>
        <Loaded resource=directory skeleton=|| view! { <ListSkeleton rows=8 /> } view=move |(d, known): (SchoolDirectory, Option<Rc<Vec<ProvinceMeta>>>)| {
            provinces.set(d.provinces.clone());
            let query = query.get_untracked();
            // The year the origin's lines are of: its newest with data.
            let year = query.origin.as_ref().and_then(|o| {
                known.as_ref()?.iter().find(|m| m.name == o.province)?.years.first().map(|y| y.year)
            });
            if let Some(known) = known {
                origins.set(known.iter().map(|m| m.name.clone()).collect());
            }
            if show_results.get_value() {
                show_results.set_value(false);
                request_animation_frame(|| crate::browser::dom::scroll_into_view("results-heading"));
            }
            results_view(d, query, year)
        } />
    }
}

/// A filter changed: the page stays where the visitor is (the new list replaces the old one
/// below the form) and, for a correction of the link itself, no history entry is added.
fn quiet(replace: bool) -> NavigateOptions {
    NavigateOptions { scroll: false, replace, ..Default::default() }
}

/// The filter form: each choice navigates at once (back to page 1); the name search on submit.
#[component]
fn Filters(
    query: Memo<SchoolQuery>,
    provinces: RwSignal<Vec<String>>,
    origins: RwSignal<Vec<String>>,
    show_results: StoredValue<bool>,
) -> impl IntoView {
    let navigate = use_navigate();
    let go = move |next: SchoolQuery| navigate(paths::schools(&next.with_page(1)).path(), quiet(false));
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
            show_results.set_value(reach.is_some());
            go(SchoolQuery { name: name.get_untracked().trim().to_string(), reach, ..query.get_untracked() });
        }
    };
    // One filter select: `any` (no filter) first, then the options.
    let select = move |key: &'static str,
                       id: &'static str,
                       label: &'static str,
                       any: Option<&'static str>,
                       options: Vec<(String, String)>,
                       current: Signal<String>| {
        let on_select = on_select.clone();
        let options = any.map(|any| (String::new(), any.to_string())).into_iter().chain(options).collect();
        view! { <FilterSelect id label options selected=current on_pick=move |value| on_select(key, value) /> }
    };
    let level_options = Level::ALL.iter().map(|l| (l.code().to_string(), l.label().to_string())).collect();
    let kind_options = Kind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect();
    let nature_options = Nature::ALL.iter().map(|n| (n.code().to_string(), n.label().to_string())).collect();
    let sort_options =
        SchoolSort::ALL.iter().map(|s| (s.code().to_string(), s.label().to_string())).collect();
    // A value the list does not offer (a hand-made link) is offered too, so the select shows it.
    let with_current = |names: Vec<String>, current: Option<String>| {
        let mut options: Vec<(String, String)> = names.into_iter().map(|p| (p.clone(), p)).collect();
        if let Some(current) = current.filter(|c| !options.iter().any(|(v, _)| v == c)) {
            options.push((current.clone(), current));
        }
        options
    };
    let province_select = {
        let select = select.clone();
        move || {
            let options = with_current(provinces.get(), query.get().province);
            select(
                "province",
                "filter-province",
                "省份",
                Some("全部省份"),
                options,
                Signal::derive(move || query.get().province.unwrap_or_default()),
            )
        }
    };
    let origin_select = {
        let select = select.clone();
        move || {
            let options = with_current(origins.get(), query.get().origin.map(|o| o.province));
            select(
                "from",
                "filter-from",
                "生源地",
                Some("不限"),
                options,
                Signal::derive(move || query.get().origin.map(|o| o.province).unwrap_or_default()),
            )
        }
    };
    let track_select = {
        let select = select.clone();
        move || {
            query.get().origin.map(|origin| {
                // Today's tracks, and one a link asks for that the province no longer has.
                let mut tracks =
                    Province::find(&origin.province).map(|p| p.tracks(YEAR_MAX)).unwrap_or_default().to_vec();
                if !tracks.contains(&origin.track) {
                    tracks.push(origin.track);
                }
                let options = tracks.iter().map(|t| (t.code().to_string(), t.label().to_string())).collect();
                select(
                    "track",
                    "filter-track",
                    "科类",
                    None,
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
                    <button type="submit" class="button button-small">"筛选"</button>
                </div>
            </div>
            {select("level", "filter-level", "办学层次", Some("全部层次"), level_options, Signal::derive(move || query.get().level.map(|l| l.code().to_string()).unwrap_or_default()))}
            {select("type", "filter-type", "院校类型", Some("全部类型"), kind_options, Signal::derive(move || query.get().kind.map(|k| k.code().to_string()).unwrap_or_default()))}
            {province_select}
            {select("nature", "filter-nature", "办学性质", Some("公办和民办"), nature_options, Signal::derive(move || query.get().nature.map(|n| n.code().to_string()).unwrap_or_default()))}
            {select("sort", "filter-sort", "排序", None, sort_options, Signal::derive(move || query.get().sort.code().to_string()))}
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
                            maxlength="12"
                            placeholder="例如 12000"
                            aria-invalid=move || reach_error.get().is_some().to_string()
                            aria-describedby="filter-reach-hint filter-reach-error"
                            bind:value=reach
                        />
                    </div>
                    <div class="filter filter-apply">
                        <button type="submit" class="button button-small">"按位次筛选"</button>
                    </div>
                    <p id="filter-reach-hint" class="muted filter-hint">"选填：只看去年最低位次在你之后（你能录取）的院校。"</p>
                })}
                <p id="filter-reach-error" class="form-error" role="alert">{move || reach_error.get()}</p>
            </fieldset>
        </form>
    }
}

fn results_view(directory: SchoolDirectory, query: SchoolQuery, year: Option<u16>) -> impl IntoView {
    // The first filter needs the whole index: fetch it while the visitor looks at this page.
    super::fetch_ahead(|api| async move { api.prefetch_directory_filters().await });
    let page = directory.schools;
    let filtered = query.is_filtered();
    let link_query = query.clone();
    // With an origin, each school says how it admitted there last year.
    let origin = query.origin.clone();
    let no_lines = directory.lowest.is_empty();
    // Every line shown is of the index's latest year.
    let year = directory.lowest.iter().map(|l| l.lowest.year).max().or(year);
    let line_of = {
        let lowest = directory.lowest;
        let origin = origin.clone();
        move |id| {
            let found = lowest.iter().find(|l| l.id == id).map(|l| l.lowest);
            origin.as_ref().map(|o| admission_line(id, o, found, year))
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

/// "2025年福建物理类 最低586分 · 位次12000", with the link to the school's 分数线 there; or
/// "2025年福建历史类 暂无录取数据" (`year`: the year of the list's lines), unlinked.
fn admission_line(
    id: portal_model::SchoolId,
    origin: &Origin,
    lowest: Option<portal_model::admissions::YearLowest>,
    year: Option<u16>,
) -> (Option<String>, String) {
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
        None => format!("{}{place} 暂无录取数据", year.map(|y| format!("{y}年")).unwrap_or_default()),
    };
    // No line, no link: the 分数线 page there would be empty.
    (lowest.is_some().then(|| paths::school_scores(id, &scores).href()), text)
}

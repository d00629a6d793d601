//! `/schools/:id/plans?province=&track=&year=&batch=`: 招生计划. Places, 学制, tuition and
//! subject requirements per major for one province, year and track (and group where the
//! province has groups); downloadable as CSV; the school's 院校专业组 for the student's
//! profile, each with 加入志愿表.

use crate::admission::{self, or_missing};
use crate::api::{Api, ApiError};
use crate::components::admission::{CsvButton, DataSources, SchoolTop, Section, TableBox};
use crate::components::filter::FilterSelect;
use crate::components::load::Loaded;
use crate::components::skeleton::{ListSkeleton, PageSkeleton};
use crate::components::title::Title;
use crate::components::volunteer::SchoolGroups;
use crate::csv;
use crate::pages::{admission_query, chosen_province, id_param, remember_choice, remembered_choice};
use crate::paths;
use crate::state::choice::{self, Choice};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_navigate;
use portal_model::admissions::{AdmissionQuery, Batch, PlanRow, ProvinceMeta, SchoolScores, Track};
use portal_model::sources::Citations;
use portal_model::{Page, SchoolId};

#[derive(Clone)]
struct PlansFrame {
    scores: SchoolScores,
    meta: Option<ProvinceMeta>,
}

#[component]
pub fn SchoolPlansPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let id = id_param();
    let url = admission_query();
    let province = Memo::new(move |_| chosen_province(&url.get()));
    // The school (and where it recruits) and what the province's selectors offer.
    let frame = LocalResource::new(move || {
        let api = api.clone();
        let (id, province) = (id(), province.get());
        async move {
            let scores = api.school_scores(id?, &crate::preload::lines_query(province.clone())).await?;
            let meta = api.provinces().await?.iter().find(|m| m.name == province).cloned();
            Ok::<_, ApiError>(PlansFrame { scores, meta })
        }
    });
    view! {
        <Loaded
            resource=frame
            skeleton=|| view! { <PageSkeleton heading=true /> }
            view=move |data: PlansFrame| plans_view(data, province.get_untracked(), url)
        />
    }
}

fn plans_view(data: PlansFrame, province: String, url: Memo<AdmissionQuery>) -> impl IntoView {
    let PlansFrame { scores, meta } = data;
    let school = scores.school;
    let id = school.id;
    let name = school.name.clone();
    let mut provinces = scores.provinces;
    if !provinces.contains(&province) {
        provinces.push(province.clone());
    }
    let years: Vec<u16> = meta.as_ref().map(|m| m.years.iter().map(|y| y.year).collect()).unwrap_or_default();
    let batches: Vec<Batch> = meta.as_ref().map(|m| m.batches.clone()).unwrap_or_default();
    let meta = StoredValue::new(meta);
    let year = Memo::new({
        let newest = years.first().copied();
        move |_| url.get().year.or(newest)
    });
    let tracks = Memo::new(move |_| {
        let y = year.get();
        meta.with_value(|m| {
            m.as_ref()
                .and_then(|m| m.years.iter().find(|t| Some(t.year) == y).map(|t| t.tracks.clone()))
                .unwrap_or_default()
        })
    });
    let track =
        Memo::new(move |_| admission::pick_track(&tracks.get(), url.get().track, remembered_choice().1));
    let query = Memo::new({
        let province = province.clone();
        move |_| AdmissionQuery {
            province: Some(province.clone()),
            track: track.get(),
            year: year.get(),
            batch: url.get().batch,
            ..Default::default()
        }
    });

    let navigate = use_navigate();
    let go = move |q: AdmissionQuery| navigate(paths::school_plans(id, &q).path(), Default::default());
    let on_province = {
        let go = go.clone();
        move |p: String| {
            remember_choice(&p, track.get_untracked());
            go(AdmissionQuery { province: Some(p), ..Default::default() });
        }
    };
    let on_track = {
        let go = go.clone();
        move |code: String| {
            let q = query.get_untracked();
            let t = Track::from_code(&code);
            remember_choice(q.province.as_deref().unwrap_or_default(), t);
            go(AdmissionQuery { track: t, ..q });
        }
    };
    let on_year = {
        let go = go.clone();
        move |y: String| {
            let year: Option<u16> = y.parse().ok();
            let q = query.get_untracked();
            // Keep the track where the new year has it (江西 changes tracks in 2024).
            let kept = q.track.filter(|t| {
                meta.with_value(|m| {
                    m.as_ref()
                        .is_some_and(|m| m.years.iter().any(|y| Some(y.year) == year && y.tracks.contains(t)))
                })
            });
            go(AdmissionQuery { year, track: kept, ..q })
        }
    };
    let on_batch =
        move |b: String| go(AdmissionQuery { batch: Batch::from_code(&b), ..query.get_untracked() });

    let province_options: Vec<(String, String)> = provinces.iter().map(|p| (p.clone(), p.clone())).collect();
    let year_options: Vec<(String, String)> =
        years.iter().map(|y| (y.to_string(), format!("{y}年"))).collect();
    let batch_options: Vec<(String, String)> = std::iter::once((String::new(), "全部批次".to_string()))
        .chain(batches.iter().map(|b| (b.code().to_string(), b.label().to_string())))
        .collect();
    let title = {
        let (name, province) = (name.clone(), province.clone());
        move || {
            let q = query.get();
            let year = q.year.map(|y| format!("{y}年")).unwrap_or_default();
            let track = q.track.map(|t| format!("·{}", t.label())).unwrap_or_default();
            format!("{name}招生计划（{province}{track} {year}）")
        }
    };
    let has_years = !years.is_empty();
    view! {
        <Title text=title />
        <Meta name="description" content=format!("{name}在{province}的招生计划：各专业计划人数、学制、学费与选科要求，可下载 CSV。") />
        <SchoolTop school=school.clone() current=Section::Plans />
        <section class="panel" aria-labelledby="plans-heading">
            <div class="section-head"><h1 id="plans-heading">{format!("{name}招生计划")}</h1></div>
            <div class="filters admission-filters" role="group" aria-label="筛选招生计划">
                <FilterSelect id="plans-province" label="省份" options=province_options
                    selected=Signal::derive({ let p = province.clone(); move || p.clone() }) on_pick=on_province />
                {has_years.then(|| view! {
                    // The same order as 分数线's: 省份, 科类, 年份, 批次.
                    {move || {
                        let options: Vec<(String, String)> = tracks.get().iter().map(|t| (t.code().to_string(), t.label().to_string())).collect();
                        let on_track = on_track.clone();
                        view! {
                            <FilterSelect id="plans-track" label="科类" options
                                selected=Signal::derive(move || track.get().map(|t| t.code().to_string()).unwrap_or_default()) on_pick=on_track />
                        }
                    }}
                    <FilterSelect id="plans-year" label="年份" options=year_options
                        selected=Signal::derive(move || year.get().map(|y| y.to_string()).unwrap_or_default()) on_pick=on_year />
                    <FilterSelect id="plans-batch" label="批次" options=batch_options
                        selected=Signal::derive(move || url.get().batch.map(|b| b.code().to_string()).unwrap_or_default()) on_pick=on_batch />
                })}
            </div>
        </section>
        <PlanResults id school_name=name.clone() query />
        {move || track.get().map(|track| {
            let choice = Choice { province: province.clone(), track };
            view! { <SchoolGroups schools=vec![id] profile=choice::with_choice(choice::load_profile(), &choice) /> }
        })}
    }
}

#[component]
fn PlanResults(id: SchoolId, school_name: String, query: Memo<AdmissionQuery>) -> impl IntoView {
    let api = expect_context::<Api>();
    let plans = LocalResource::new(move || {
        let (api, query) = (api.clone(), query.get());
        async move { api.school_plans(id, &query).await }
    });
    view! {
        <section class="panel" aria-labelledby="plan-list-heading">
            <div class="section-head"><h2 id="plan-list-heading">"分专业招生计划"</h2></div>
            <Loaded
                resource=plans
                skeleton=|| view! { <ListSkeleton rows=6 /> }
                view={move |page: Page<PlanRow>| plan_table(page, &school_name, &query.get_untracked())}
            />
        </section>
    }
}

fn plan_table(page: Page<PlanRow>, school_name: &str, query: &AdmissionQuery) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="empty">"暂无数据"</p> }.into_any();
    }
    let province = query.province.clone().unwrap_or_default();
    let track = query.track.map(Track::label).unwrap_or_default();
    let year = query.year.map(|y| y.to_string()).unwrap_or_default();
    let file_name = csv::file_name(&[school_name, "招生计划", &province, track, &year]);
    let caption = format!("{province} {track} {year}年招生计划");
    let (total, shown) = (page.total, page.items.len());
    let places: u32 = page.items.iter().map(|p| p.places).sum();
    let groups = admission::unique_groups(&page.items);
    let cites = Citations::of_plans(&page.items);
    let group = RwSignal::new(String::new());
    let items = StoredValue::new(page.items);
    let visible = move || {
        let g = group.get();
        items
            .get_value()
            .into_iter()
            .filter(|p| g.is_empty() || p.group.as_deref() == Some(g.as_str()))
            .collect::<Vec<_>>()
    };
    let group_options: Vec<(String, String)> = std::iter::once((String::new(), "全部专业组".to_string()))
        .chain(groups.iter().map(|g| (g.clone(), g.clone())))
        .collect();
    view! {
        <div class="table-tools">
            <span class="muted">
                {if total as usize > shown { format!("共{total}条，显示前{shown}条") } else { format!("共{total}个专业，计划{places}人") }}
            </span>
            <CsvButton file_name header=&admission::PLAN_HEADER rows=move || admission::plan_rows(&visible()) />
        </div>
        {(!groups.is_empty()).then(|| view! {
            <div class="filters admission-filters">
                <FilterSelect id="plans-group" label="专业组" options=group_options
                    selected=Signal::derive(move || group.get()) on_pick=move |g| group.set(g) />
            </div>
        })}
        <TableBox label=caption.clone()>
            <table class="data-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"专业"</th>
                        <th scope="col">"专业组"</th>
                        <th scope="col">"计划人数"</th>
                        <th scope="col">"学制"</th>
                        <th scope="col">"学费（元/年）"</th>
                        <th scope="col">"选科要求"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || visible()
                        .into_iter()
                        .map(|p| view! {
                            <tr>
                                <th scope="row">
                                    {p.major.clone()}
                                    {(p.admission_type != Default::default()).then(|| view! { <span class="badge">{p.admission_type.label()}</span> })}
                                    {(!p.remarks.is_empty()).then(|| view! { <span class="cell-note">{p.remarks.clone()}</span> })}
                                </th>
                                <td>{p.group.clone().unwrap_or_else(|| "—".into())}</td>
                                <td>{p.places}</td>
                                <td>{or_missing(p.duration.map(|d| format!("{d}年")))}</td>
                                <td>{or_missing(p.tuition)}</td>
                                <td>{if p.subjects.is_empty() { "—".to_string() } else { p.subjects.clone() }}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </TableBox>
        <DataSources cites=cites />
    }
    .into_any()
}

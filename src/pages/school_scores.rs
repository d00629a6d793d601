//! `/schools/:id/scores?province=&track=&year=&batch=`: 分数线. The school's lowest score and
//! rank by year for one province and track (the URL's, else the visitor's last, else 福建),
//! as a trend chart with the control line and as a table; every line of the year below, then
//! the major lines, sortable; each table downloadable as CSV; the school's 院校专业组 for the
//! student's profile, each with 加入志愿表.

use crate::admission::{self, or_missing, Sort, SortKey};
use crate::api::Api;
use crate::components::admission::{
    rank_cell, CsvButton, DataSources, ReferenceNote, SchoolTop, Section, TableBox, TrendChart,
};
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
use portal_model::admissions::{AdmissionQuery, Batch, MajorScoreLine, SchoolScores, ScoreLine, Track};
use portal_model::sources::Citations;
use portal_model::{Page, SchoolId};

#[component]
pub fn SchoolScoresPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let id = id_param();
    let url = admission_query();
    let province = Memo::new(move |_| chosen_province(&url.get()));
    // The province's lines, every track and year: the filters below pick from them.
    let scores = LocalResource::new(move || {
        let api = api.clone();
        let (id, province) = (id(), province.get());
        async move { api.school_scores(id?, &crate::preload::lines_query(province)).await }
    });
    view! {
        <Loaded
            resource=scores
            skeleton=|| view! { <PageSkeleton heading=true /> }
            view=move |data: SchoolScores| scores_view(data, province.get_untracked(), url)
        />
    }
}

fn scores_view(data: SchoolScores, province: String, url: Memo<AdmissionQuery>) -> impl IntoView {
    let SchoolScores { school, mut provinces, lines } = data;
    let id = school.id;
    if !provinces.contains(&province) {
        provinces.push(province.clone());
    }
    let tracks = admission::tracks_of(lines.iter().map(|l| l.track));
    let track = Memo::new({
        let tracks = tracks.clone();
        move |_| admission::pick_track(&tracks, url.get().track, remembered_choice().1)
    });
    let lines = StoredValue::new(lines);
    let name = school.name.clone();
    let context = Memo::new({
        let province = province.clone();
        move |_| match track.get() {
            Some(t) => format!("{province}·{}", t.label()),
            None => province.clone(),
        }
    });
    let title = {
        let name = name.clone();
        move || format!("{name}分数线（{}）", context.get())
    };
    let description = format!(
        "{name}在{province}的历年录取最低分、最低位次与省控线，各专业分数线，可下载 CSV。历年数据仅供参考。"
    );
    view! {
        <Title text=title />
        <Meta name="description" content=description />
        <SchoolTop school=school.clone() current=Section::Scores />
        <section class="panel" aria-labelledby="scores-heading">
            <div class="section-head">
                <h1 id="scores-heading">{format!("{name}历年分数线")}</h1>
            </div>
            <ScoreFilters id provinces province=province.clone() tracks=tracks.clone() url track lines />
            {
                let (tracks, province) = (tracks.clone(), province.clone());
                move || admission::missing_track(&tracks, url.get().track).zip(track.get()).map(|(asked, shown)| view! {
                    <p class="notice notice-warn" role="note">
                        {format!("该校在{province}暂无{}分数线，下面是{}的。", asked.label(), shown.label())}
                    </p>
                })
            }
            <ReferenceNote />
        </section>
        {move || {
            let lines = lines.get_value();
            if track.get().is_none() {
                return view! {
                    <section class="panel">
                        <p class="empty">{format!("{}：暂无数据", province)}</p>
                        <p class="muted">"该校在此省份暂未公布分数线，请选择其他省份或查看招生计划。"</p>
                        <p><a href=paths::school_plans(id, &AdmissionQuery { province: Some(province.clone()), ..Default::default() }).href()>"查看招生计划 ›"</a></p>
                    </section>
                }
                .into_any();
            }
            let q = url.get();
            let t = track.get();
            let of_track: Vec<ScoreLine> = lines
                .into_iter()
                .filter(|l| Some(l.track) == t && q.batch.is_none_or(|b| b == l.batch))
                .collect();
            let newest = of_track.first().map(|l| l.year);
            let year = q.year.or(newest);
            view! {
                <ScoreResults school_name=name.clone() province=province.clone() track=t lines=of_track year=q.year context=context.get() />
                {t.map(|track| {
                    let choice = Choice { province: province.clone(), track };
                    view! { <SchoolGroups schools=vec![id] profile=choice::with_choice(choice::load_profile(), &choice) /> }
                })}
                <MajorLines id school_name=name.clone() province=province.clone() track=t year batch=q.batch />
            }
            .into_any()
        }}
    }
}

/// Province, track, year and batch: each choice goes into the URL; province and track are
/// remembered for the next school.
#[component]
fn ScoreFilters(
    id: SchoolId,
    provinces: Vec<String>,
    province: String,
    tracks: Vec<Track>,
    url: Memo<AdmissionQuery>,
    track: Memo<Option<Track>>,
    lines: StoredValue<Vec<ScoreLine>>,
) -> impl IntoView {
    let navigate = use_navigate();
    let go = move |q: AdmissionQuery| navigate(paths::school_scores(id, &q).path(), Default::default());
    let current = {
        let province = province.clone();
        move || AdmissionQuery {
            province: Some(province.clone()),
            track: track.get_untracked(),
            ..url.get_untracked()
        }
    };
    let years =
        admission::years_of(lines.with_value(|l| l.iter().map(|l| l.year).collect::<Vec<_>>()).into_iter());
    let batches = admission::batches_of(
        lines.with_value(|l| l.iter().map(|l| l.batch).collect::<Vec<_>>()).into_iter(),
    );
    let province_options = provinces.iter().map(|p| (p.clone(), p.clone())).collect();
    let track_options = tracks.iter().map(|t| (t.code().to_string(), t.label().to_string())).collect();
    let year_options = std::iter::once((String::new(), "全部年份".to_string()))
        .chain(years.iter().map(|y| (y.to_string(), format!("{y}年"))))
        .collect();
    let batch_options = std::iter::once((String::new(), "全部批次".to_string()))
        .chain(batches.iter().map(|b| (b.code().to_string(), b.label().to_string())))
        .collect();
    let on_province = {
        let go = go.clone();
        move |p: String| {
            remember_choice(&p, track.get_untracked());
            go(AdmissionQuery { province: Some(p), ..Default::default() });
        }
    };
    let on_track = {
        let (go, current) = (go.clone(), current.clone());
        move |code: String| {
            let q = current();
            let t = Track::from_code(&code);
            remember_choice(q.province.as_deref().unwrap_or_default(), t);
            go(AdmissionQuery { track: t, year: None, batch: None, ..q });
        }
    };
    let on_year = {
        let (go, current) = (go.clone(), current.clone());
        move |y: String| go(AdmissionQuery { year: y.parse().ok(), ..current() })
    };
    let on_batch = move |b: String| go(AdmissionQuery { batch: Batch::from_code(&b), ..current() });
    let selected_province = Signal::derive(move || province.clone());
    view! {
        <div class="filters admission-filters" role="group" aria-label="筛选分数线">
            <FilterSelect id="scores-province" label="省份" options=province_options selected=selected_province on_pick=on_province />
            {(!tracks.is_empty()).then(|| view! {
                <FilterSelect id="scores-track" label="科类" options=track_options
                    selected=Signal::derive(move || track.get().map(|t| t.code().to_string()).unwrap_or_default())
                    on_pick=on_track />
                <FilterSelect id="scores-year" label="年份" options=year_options
                    selected=Signal::derive(move || url.get().year.map(|y| y.to_string()).unwrap_or_default())
                    on_pick=on_year />
                <FilterSelect id="scores-batch" label="批次" options=batch_options
                    selected=Signal::derive(move || url.get().batch.map(|b| b.code().to_string()).unwrap_or_default())
                    on_pick=on_batch />
            })}
        </div>
    }
}

/// The trend (every year) and the lines of the chosen year (or all years).
#[component]
fn ScoreResults(
    school_name: String,
    province: String,
    track: Option<Track>,
    lines: Vec<ScoreLine>,
    year: Option<u16>,
    context: String,
) -> impl IntoView {
    let points = admission::trend(&lines);
    let shown: Vec<ScoreLine> = lines.into_iter().filter(|l| year.is_none_or(|y| y == l.year)).collect();
    let track_label = track.map(Track::label).unwrap_or_default();
    let file_name = csv::file_name(&[&school_name, "分数线", &province, track_label]);
    let rows = admission::score_rows(&shown);
    let cites = Citations::of_lines(&shown);
    let caption = match year {
        Some(y) => format!("{context} {y}年院校分数线"),
        None => format!("{context} 历年院校分数线"),
    };
    view! {
        <section class="panel" aria-labelledby="trend-heading">
            <div class="section-head"><h2 id="trend-heading">"历年走势"</h2></div>
            {if points.is_empty() {
                view! { <p class="empty">"暂无数据"</p> }.into_any()
            } else {
                view! { <TrendChart points context=context.clone() /> }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="lines-heading">
            <div class="section-head">
                <h2 id="lines-heading">"院校分数线"</h2>
                {(!shown.is_empty()).then(|| view! { <CsvButton file_name header=&admission::SCORE_HEADER rows=move || rows.clone() /> })}
            </div>
            {if shown.is_empty() {
                view! { <p class="empty">"暂无数据"</p> }.into_any()
            } else {
                view! {
                    <TableBox label=caption.clone()>
                        <table class="data-table">
                            <caption>{caption}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"年份"</th>
                                    <th scope="col">"批次"</th>
                                    <th scope="col">"专业组"</th>
                                    <th scope="col">"最低分"</th>
                                    <th scope="col">"最低位次"</th>
                                    <th scope="col">"平均分"</th>
                                    <th scope="col">"省控线"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {shown
                                    .into_iter()
                                    .map(|l| view! {
                                        <tr>
                                            <td>{l.year}</td>
                                            <td>
                                                {l.batch.label()}
                                                {(l.admission_type != Default::default()).then(|| view! { <span class="badge">{l.admission_type.label()}</span> })}
                                            </td>
                                            <td>
                                                {l.group.clone().unwrap_or_else(|| "—".into())}
                                                {(!l.subjects.is_empty()).then(|| view! { <span class="cell-note">{l.subjects.clone()}</span> })}
                                            </td>
                                            <td>{l.lowest}</td>
                                            <td>{rank_cell(l.lowest_rank, l.rank_source.is_some())}</td>
                                            <td>{or_missing(l.average.map(|a| crate::chart::num(f64::from(a))))}</td>
                                            <td>{or_missing(l.control_line)}</td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </TableBox>
                    <DataSources cites=cites of="分数线" />
                }
                .into_any()
            }}
        </section>
    }
}

/// 专业分数线 of one year, sortable by score, rank and name.
#[component]
fn MajorLines(
    id: SchoolId,
    school_name: String,
    province: String,
    track: Option<Track>,
    year: Option<u16>,
    batch: Option<Batch>,
) -> impl IntoView {
    let api = expect_context::<Api>();
    let query = AdmissionQuery { province: Some(province.clone()), track, year, batch, ..Default::default() };
    let majors = LocalResource::new(move || {
        let (api, query) = (api.clone(), query.clone());
        async move { api.school_major_scores(id, &query).await }
    });
    let heading = match year {
        Some(y) => format!("{y}年专业分数线"),
        None => "专业分数线".to_string(),
    };
    let file_name = csv::file_name(&[
        &school_name,
        "专业分数线",
        &province,
        track.map(Track::label).unwrap_or_default(),
        &year.map(|y| y.to_string()).unwrap_or_default(),
    ]);
    view! {
        <section class="panel" aria-labelledby="majors-heading">
            <div class="section-head"><h2 id="majors-heading">{heading.clone()}</h2></div>
            <Loaded
                resource=majors
                skeleton=|| view! { <ListSkeleton rows=6 /> }
                view={move |page: Page<MajorScoreLine>| major_table(page, file_name.clone(), heading.clone())}
            />
        </section>
    }
}

fn major_table(page: Page<MajorScoreLine>, file_name: String, caption: String) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="empty">"暂无数据"</p> }.into_any();
    }
    let total = page.total;
    let shown = page.items.len();
    let sort = RwSignal::new(Sort::first(SortKey::Score));
    let cites = Citations::of_major_lines(&page.items);
    let items = StoredValue::new(page.items);
    let sorted = move || {
        let mut lines = items.get_value();
        admission::sort_major_lines(&mut lines, sort.get());
        lines
    };
    let header = move |key: SortKey, label: &'static str| {
        view! {
            <th scope="col" aria-sort=move || sort.get().aria(key)>
                <button
                    type="button"
                    class="sort-button"
                    on:click=move |_| sort.update(|s| *s = s.toggle(key))
                >
                    {label}
                    <span class="sort-mark" aria-hidden="true">
                        {move || match sort.get().aria(key) {
                            "ascending" => "▲",
                            "descending" => "▼",
                            _ => "↕",
                        }}
                    </span>
                </button>
            </th>
        }
    };
    view! {
        <div class="table-tools">
            <span class="muted">
                {if total as usize > shown { format!("共{total}条，显示前{shown}条") } else { format!("共{total}条") }}
            </span>
            <CsvButton file_name header=&admission::MAJOR_HEADER rows=move || admission::major_rows(&sorted()) />
        </div>
        <TableBox label=caption.clone()>
            <table class="data-table">
                <caption>{caption} <span class="visually-hidden">"（点击表头按钮排序）"</span></caption>
                <thead>
                    <tr>
                        {header(SortKey::Name, "专业")}
                        <th scope="col">"专业组"</th>
                        {header(SortKey::Score, "最低分")}
                        {header(SortKey::Rank, "最低位次")}
                        <th scope="col">"平均分"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        sorted()
                            .into_iter()
                            .map(|l| view! {
                                <tr>
                                    <th scope="row">
                                        {l.major.clone()}
                                        {(!l.major_class.is_empty()).then(|| view! { <span class="cell-note">{l.major_class.clone()}</span> })}
                                    </th>
                                    <td>{l.group.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td>{l.lowest}</td>
                                    <td>{rank_cell(l.lowest_rank, l.rank_source.is_some())}</td>
                                    <td>{or_missing(l.average.map(|a| crate::chart::num(f64::from(a))))}</td>
                                </tr>
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </TableBox>
        <DataSources cites=cites of="专业分数线" />
    }
    .into_any()
}

//! The school's admission sections: the section nav under the school header, tables that
//! scroll in their own box, the trend chart and the CSV button.

use crate::admission::{or_missing, YearPoint, MISSING};
use crate::api::Api;
use crate::chart::{self, Frame, Scale};
use crate::components::breadcrumb::Breadcrumb;
use crate::components::school::SchoolHeader;
use crate::paths;
use crate::sanitize::{safe_url, UrlUse};
use leptos::prelude::*;
use portal_model::sources::{self, Citations, DataSource};
use portal_model::{SchoolCard, SchoolId};

/// The school's sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Overview,
    Scores,
    Plans,
    Majors,
    News,
}

impl Section {
    const ALL: [Section; 5] =
        [Section::Overview, Section::Scores, Section::Plans, Section::Majors, Section::News];

    pub fn label(self) -> &'static str {
        match self {
            Section::Overview => "概况",
            Section::Scores => "分数线",
            Section::Plans => "招生计划",
            Section::Majors => "专业",
            Section::News => "新闻",
        }
    }

    fn route(self, id: SchoolId) -> paths::Route {
        match self {
            Section::Overview => paths::school(id),
            Section::Scores => paths::school_scores(id, &Default::default()),
            Section::Plans => paths::school_plans(id, &Default::default()),
            Section::Majors => paths::school_majors(id),
            Section::News => paths::school_articles(id, 1),
        }
    }
}

thread_local! {
    /// Where on the screen the tab bar was when a tab was tapped (its top, in CSS pixels), so
    /// the next tab's bar is drawn at the same place instead of the page jumping to the top.
    static TAB_BAR_TOP: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

/// 概况 · 分数线 · 招生计划 · 专业 · 新闻: one row that fits a 360 px screen. Tapping a tab keeps
/// the bar where it is on the screen: the router does not scroll to the top (`data-noscroll`),
/// and the next tab, drawn below the same school header, puts its bar back at the same height.
#[component]
pub fn SectionNav(id: SchoolId, current: Section) -> impl IntoView {
    let nav = NodeRef::<leptos::html::Nav>::new();
    nav.on_load(|nav| {
        if let Some(top) = TAB_BAR_TOP.with(std::cell::Cell::take) {
            // After this frame's layout, when the page below has its height.
            request_animation_frame(move || crate::browser::dom::keep_on_screen_at(&nav, top));
        }
    });
    let remember = move |_| {
        if let Some(nav) = nav.get_untracked() {
            TAB_BAR_TOP.with(|cell| cell.set(Some(nav.get_bounding_client_rect().top())));
        }
    };
    view! {
        <nav class="section-nav" aria-label="院校栏目" node_ref=nav>
            <ul>
                {Section::ALL
                    .into_iter()
                    .map(|s| {
                        view! {
                            <li>
                                <a
                                    href=s.route(id).href()
                                    aria-current=(s == current).then_some("page")
                                    data-noscroll=""
                                    on:click=remember
                                >
                                    {s.label()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// The top of every tab of a school's pages, the same on each so that switching tabs moves
/// nothing: 当前位置 (首页 › 院校库 › the school › the tab), the school's header and the tabs.
#[component]
pub fn SchoolTop(school: SchoolCard, current: Section) -> impl IntoView {
    let id = school.id;
    let directory = ("院校库".to_string(), paths::schools(&Default::default()));
    let (trail, here) = if current == Section::Overview {
        (vec![directory], school.name.clone())
    } else {
        (vec![directory, (school.name.clone(), paths::school(id))], current.label().to_string())
    };
    view! {
        <Breadcrumb trail current=here />
        <SchoolHeader school title=current == Section::Overview />
        <SectionNav id current />
    }
}

/// A table's own scrolling box: the page never scrolls sideways, the table may. Its first
/// column stays in place while the rest scrolls (style/main.css), and while columns lie beyond
/// the right edge the box says so in words above the table and with a shadow at that edge,
/// so no number is hidden without a sign that it is there.
#[component]
pub fn TableBox(#[prop(into)] label: String, children: Children) -> impl IntoView {
    let boxed = NodeRef::<leptos::html::Div>::new();
    // Columns beyond the right edge, and whether the visitor has scrolled to them.
    let wider = RwSignal::new(false);
    let at_end = RwSignal::new(false);
    // The frame after the table is drawn may come after it is gone (a filter changed meanwhile
    // and its answer was at hand): `try_` then does nothing where a plain read would abort the app.
    let measure = move || {
        if let Some(Some(b)) = boxed.try_get_untracked() {
            let hidden = b.scroll_width() - b.client_width();
            wider.try_set(hidden > 1);
            at_end.try_set(hidden - b.scroll_left() <= 1);
        }
    };
    boxed.on_load(move |_| request_animation_frame(measure));
    let resized = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resized.remove());
    // Named apart from the section around it (often titled the same), so landmarks stay unique.
    view! {
        <div class="table-frame" class:wider=move || wider.get() class:at-end=move || at_end.get()>
            <p class="table-cue" aria-hidden="true" hidden=move || !wider.get()>"表格较宽，左右滑动查看更多 →"</p>
            <div
                class="table-box"
                tabindex="0"
                role="region"
                aria-label=format!("{label}（表格，可左右滑动）")
                node_ref=boxed
                on:scroll=move |_| measure()
            >
                {children()}
            </div>
        </div>
    }
}

/// Builds the CSV only when pressed, then offers it as a download.
#[component]
pub fn CsvButton(
    #[prop(into)] file_name: String,
    header: &'static [&'static str],
    rows: impl Fn() -> Vec<Vec<String>> + 'static,
) -> impl IntoView {
    let failed = RwSignal::new(false);
    let on_click = move |_| {
        let text = crate::csv::document(header, &rows());
        failed.set(crate::browser::download::save_text(&file_name, &text, "text/csv;charset=utf-8").is_err());
    };
    view! {
        <button type="button" class="button button-small button-secondary csv-button" on:click=on_click>
            "下载 CSV"
        </button>
        {move || failed.get().then(|| view! { <span class="muted" role="alert">"下载失败，请稍后重试"</span> })}
    }
}

/// Past lines are a reference, not a prediction.
#[component]
pub fn ReferenceNote() -> impl IntoView {
    view! { <p class="muted reference-note">"历年数据仅供参考，不代表当年录取结果。"</p> }
}

/// 数据来源 of the figures beside it: each document they cite (publisher, title, date, a link
/// to the original) and, when a rank among them was derived from a 一分一段表, what 推算 means.
/// Nothing for a data set that lists no documents. `of` names what it cites when a page has
/// two (分数线 and 专业分数线), so each landmark has a name of its own.
#[component]
pub fn DataSources(
    #[prop(into)] cites: Signal<Citations>,
    #[prop(optional)] of: Option<&'static str>,
) -> impl IntoView {
    let label = of.map_or_else(|| "数据来源".to_string(), |of| format!("{of}数据来源"));
    let api = expect_context::<Api>();
    let registry = LocalResource::new(move || {
        let api = api.clone();
        async move { api.sources().await }
    });
    // Its own Suspense, as the demo banner's: waiting for the list never sends the page's
    // table (inside the page's Transition) back to its skeleton.
    let cited = move || {
        let registry = match registry.get()? {
            Ok(registry) => registry,
            Err(e) => {
                return Some(
                    view! { <p class="muted data-sources">{format!("数据来源暂时无法显示：{e}")}</p> }
                        .into_any(),
                )
            }
        };
        let cites = cites.get();
        let documents: Vec<DataSource> =
            sources::cited(&registry, cites.ids.iter().copied()).into_iter().cloned().collect();
        if documents.is_empty() {
            return None;
        }
        Some(
            view! {
                <aside class="data-sources" aria-label=label.clone()>
                    <h3>"数据来源"</h3>
                    <ul>
                        {documents
                            .into_iter()
                            .map(|d| {
                                let link = d.url.as_deref().and_then(|u| safe_url(u, UrlUse::Link));
                                view! {
                                    <li>
                                        {format!("{}《{}》", d.publisher, d.title)}
                                        <span class="muted">{format!(" {}", d.date)}</span>
                                        {link.map(|href| view! {
                                            " "<a href=href target="_blank" rel="noopener noreferrer">"查看原文"</a>
                                        })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    {cites.derived.then(|| view! {
                        <p class="muted">"标“推算”的位次未经官方公布，由同年一分一段表按最低分推算。"</p>
                    })}
                </aside>
            }
            .into_any(),
        )
    };
    view! { <Suspense>{cited}</Suspense> }
}

/// A rank as a table shows it: marked 推算 when the data tools derived it.
pub fn rank_cell(rank: Option<u32>, derived: bool) -> impl IntoView {
    view! {
        {or_missing(rank)}
        {(derived && rank.is_some()).then(|| view! { <span class="cell-note" title="由一分一段表推算">"推算"</span> })}
    }
}

fn summary(points: &[YearPoint], what: &str, value: impl Fn(&YearPoint) -> String) -> String {
    let parts: Vec<String> = points.iter().map(|p| format!("{}年{}", p.year, value(p))).collect();
    format!("{what}：{}", parts.join("，"))
}

/// One small line chart: `series` (with gaps) over `years`, and an optional second, dashed
/// series (the control line).
fn line_chart(
    label: String,
    years: &[u16],
    series: &[Option<f64>],
    dashed: Option<&[Option<f64>]>,
    inverted: bool,
    class: &'static str,
) -> impl IntoView {
    let frame = Frame::SMALL;
    let all = series.iter().chain(dashed.unwrap_or(&[]).iter()).flatten().copied();
    let scale = Scale::covering(all, inverted).unwrap_or(Scale { min: 0.0, max: 1.0, inverted });
    let main = chart::polyline(&frame, &scale, series);
    let second = dashed.map(|d| chart::points_attr(&chart::polyline(&frame, &scale, d)));
    let ticks = chart::ticks(&scale);
    let n = years.len();
    view! {
        <svg class=format!("chart {class}") viewBox=frame.view_box() role="img" aria-label=label preserveAspectRatio="xMidYMid meet">
            {ticks
                .into_iter()
                .map(|t| {
                    let y = chart::y_of(&frame, &scale, t);
                    view! {
                        <line class="chart-grid" x1=chart::num(frame.left) x2=chart::num(frame.width - frame.right) y1=chart::num(y) y2=chart::num(y) />
                        <text class="chart-tick" x=chart::num(frame.left - 6.0) y=chart::num(y + 4.0) text-anchor="end">{chart::num(t)}</text>
                    }
                })
                .collect_view()}
            {years
                .iter()
                .enumerate()
                .map(|(i, y)| {
                    view! {
                        <text class="chart-tick" x=chart::num(chart::x_of(&frame, i, n)) y=chart::num(frame.height - 6.0) text-anchor="middle">
                            {y.to_string()}
                        </text>
                    }
                })
                .collect_view()}
            {second.map(|points| view! { <polyline class="chart-control" points=points /> })}
            <polyline class="chart-line" points=chart::points_attr(&main) />
            {main
                .iter()
                .map(|(x, y)| view! { <circle class="chart-dot" cx=chart::num(*x) cy=chart::num(*y) r="3" /> })
                .collect_view()}
        </svg>
    }
}

/// 最低分 (with 省控线) and 最低位次 over the years, as two small charts, and the same numbers
/// in a table right below. Fewer than two years: the table only, with a note.
#[component]
pub fn TrendChart(points: Vec<YearPoint>, #[prop(into)] context: String) -> impl IntoView {
    let years: Vec<u16> = points.iter().map(|p| p.year).collect();
    let scores: Vec<Option<f64>> = points.iter().map(|p| Some(f64::from(p.score))).collect();
    let controls: Vec<Option<f64>> = points.iter().map(|p| p.control.map(f64::from)).collect();
    let ranks: Vec<Option<f64>> = points.iter().map(|p| p.rank.map(|r| r as f64)).collect();
    let enough = points.len() >= 2;
    let ranked = ranks.iter().flatten().count() >= 2;
    let score_label = format!(
        "{context}历年最低分折线图。{}；{}",
        summary(&points, "最低分", |p| format!("{}分", p.score)),
        summary(&points, "省控线", |p| p.control.map_or(MISSING.to_string(), |c| format!("{c}分")))
    );
    let rank_label = format!(
        "{context}历年最低位次折线图（位次越小越靠前）。{}",
        summary(&points, "最低位次", |p| p.rank.map_or(MISSING.to_string(), |r| format!("第{r}名")))
    );
    let charts = if enough {
        view! {
            <div class="charts">
                <figure class="chart-figure">
                    <figcaption>
                        "最低分 "
                        <span class="legend legend-line" aria-hidden="true"></span>
                        " 与省控线 "
                        <span class="legend legend-control" aria-hidden="true"></span>
                    </figcaption>
                    {line_chart(score_label, &years, &scores, Some(&controls), false, "chart-score")}
                </figure>
                <figure class="chart-figure">
                    <figcaption>"最低位次（越靠上越好）"</figcaption>
                    {if ranked {
                        line_chart(rank_label, &years, &ranks, None, true, "chart-rank").into_any()
                    } else {
                        view! { <p class="muted chart-note">"位次暂无数据"</p> }.into_any()
                    }}
                </figure>
            </div>
        }
        .into_any()
    } else {
        view! { <p class="muted chart-note">"不足两年的数据，无法绘制趋势图，请看下表。"</p> }.into_any()
    };
    let mut newest_first = points.clone();
    newest_first.reverse();
    view! {
        {charts}
        <TableBox label=format!("{context}历年最低分与位次表")>
            <table class="data-table">
                <caption>{format!("{context}历年最低分与位次")}</caption>
                <thead>
                    <tr><th scope="col">"年份"</th><th scope="col">"最低分"</th><th scope="col">"最低位次"</th><th scope="col">"省控线"</th></tr>
                </thead>
                <tbody>
                    {newest_first
                        .into_iter()
                        .map(|p| view! {
                            <tr>
                                <th scope="row">{p.year}</th>
                                <td>{p.score}</td>
                                <td>{or_missing(p.rank)}</td>
                                <td>{or_missing(p.control)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </TableBox>
    }
}

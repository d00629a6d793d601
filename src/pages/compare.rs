//! `/compare?ids=1,2,3`: 院校对比. Up to four schools side by side: their facts, and their
//! lowest score and rank by year for one province and track (the visitor's remembered choice),
//! and their 院校专业组 for the student's profile, each with 加入志愿表.

use crate::api::{Api, ApiError};
use crate::components::admission::TableBox;
use crate::components::filter::FilterSelect;
use crate::components::load::Loaded;
use crate::components::skeleton::ListSkeleton;
use crate::components::title::Title;
use crate::components::volunteer::SchoolGroups;
use crate::paths;
use crate::state::choice::{self, Choice};
use crate::state::compare::parse_ids;
use crate::state::Compare;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use portal_model::admissions::{index_lowest, AdmissionQuery, ProvinceMeta, Track, YearLowest};
use portal_model::{SchoolCard, SchoolId};

/// One compared school: its card and its lowest line per year (newest first).
#[derive(Clone, Debug)]
struct Compared {
    school: SchoolCard,
    lowest: Vec<YearLowest>,
}

#[component]
pub fn ComparePage() -> impl IntoView {
    let api = expect_context::<Api>();
    let query_map = use_query_map();
    let tray = expect_context::<Compare>();
    // `/compare` alone (the header's link before the app, a bookmark) compares the tray's
    // schools, and says so in the address, so the page can be shared as it is.
    let asked = Memo::new(move |_| query_map.read().get("ids").map(|ids| parse_ids(&ids)));
    let ids = Memo::new(move |_| asked.get().unwrap_or_else(|| tray.ids()));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if asked.get().is_none() && !ids.get().is_empty() {
            let options = NavigateOptions { replace: true, scroll: false, ..Default::default() };
            navigate(paths::compare(&ids.get_untracked()).path(), options);
        }
    });
    let chosen = RwSignal::new(choice::load());
    let data = LocalResource::new(move || {
        let api = api.clone();
        let ids = ids.get();
        let chosen = chosen.get();
        async move {
            let provinces = api.provinces().await?.as_ref().clone();
            let query = AdmissionQuery {
                province: Some(chosen.province.clone()),
                track: Some(chosen.track),
                ..Default::default()
            };
            let answers =
                futures::future::join_all(ids.iter().map(|id| api.school_scores(*id, &query))).await;
            let mut schools = Vec::new();
            for answer in answers {
                match answer {
                    Ok(scores) => {
                        let mut lowest = index_lowest(&scores.lines);
                        lowest.reverse();
                        schools.push(Compared { school: scores.school, lowest });
                    }
                    // A school that is gone is left out, not the whole comparison.
                    Err(ApiError::NotFound) => {}
                    Err(other) => return Err(other),
                }
            }
            Ok((provinces, schools))
        }
    });
    view! {
        <Title text="院校对比" />
        <Meta name="description" content="最多四所院校并排对比：办学层次、类型、性质、所在地、关注人数和历年最低分数、位次。" />
        <section class="panel">
            <h1>"院校对比"</h1>
            <p class="muted">"最多同时对比4所院校。在院校库、院校主页或文章页点“加入对比”添加。"</p>
        </section>
        <Loaded
            resource=data
            skeleton=|| view! { <ListSkeleton rows=6 /> }
            view=move |(provinces, schools): (Vec<ProvinceMeta>, Vec<Compared>)| {
                compare_view(provinces, schools, chosen, ids)
            }
        />
    }
}

fn compare_view(
    provinces: Vec<ProvinceMeta>,
    schools: Vec<Compared>,
    chosen: RwSignal<Choice>,
    ids: Memo<Vec<SchoolId>>,
) -> impl IntoView {
    if schools.is_empty() {
        return view! {
            <section class="panel empty">
                <p>"还没有选择要对比的院校。"</p>
                <p><a class="button" href=paths::schools(&Default::default()).href()>"去院校库挑选"</a></p>
            </section>
        }
        .into_any();
    }
    let navigate = use_navigate();
    let tray = expect_context::<Compare>();
    let remove = move |id: SchoolId| {
        tray.remove(id);
        let rest: Vec<SchoolId> = ids.get_untracked().into_iter().filter(|i| *i != id).collect();
        navigate(paths::compare(&rest).path(), Default::default());
    };
    let mut years: Vec<u16> = schools.iter().flat_map(|s| s.lowest.iter().map(|l| l.year)).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let choice_now = chosen.get_untracked();
    // Their 院校专业组 for the student, each with 加入志愿表.
    let ids_shown: Vec<SchoolId> = schools.iter().map(|s| s.school.id).collect();
    let group_profile = choice::with_choice(choice::load_profile(), &choice_now);
    let heads = schools
        .iter()
        .map(|s| {
            let id = s.school.id;
            let remove = remove.clone();
            view! {
                <th scope="col">
                    <a href=paths::school(id).href()>{s.school.name.clone()}</a>
                    <button type="button" class="link-button compare-remove" on:click=move |_| remove(id)>
                        "移除" <span class="visually-hidden">{s.school.name.clone()}</span>
                    </button>
                </th>
            }
        })
        .collect_view();
    let fact_row = |label: &'static str, value: &dyn Fn(&SchoolCard) -> String| {
        view! {
            <tr>
                <th scope="row">{label}</th>
                {schools.iter().map(|s| view! { <td>{value(&s.school)}</td> }).collect_view()}
            </tr>
        }
    };
    let facts = view! {
        {fact_row("办学层次", &|c| c.level.label().to_string())}
        {fact_row("院校类型", &|c| c.kind.label().to_string())}
        {fact_row("办学性质", &|c| c.nature.label().to_string())}
        {fact_row("所在地", &|c| if c.city.is_empty() || c.city == c.province { c.province.clone() } else { format!("{} {}", c.province, c.city) })}
        {fact_row("关注人数", &|c| crate::format::count(c.followers))}
    };
    let score_heads =
        schools.iter().map(|s| view! { <th scope="col">{s.school.name.clone()}</th> }).collect_view();
    let score_rows = years
        .iter()
        .map(|year| {
            view! {
                <tr>
                    <th scope="row">{format!("{year}年")}</th>
                    {schools
                        .iter()
                        .map(|s| match s.lowest.iter().find(|l| l.year == *year) {
                            Some(l) => view! {
                                <td>
                                    <span class="compare-score">{format!("{}分", l.score)}</span>
                                    <span class="compare-rank">
                                        {l.rank.map(|r| format!("位次 {r}")).unwrap_or_else(|| "位次 暂无数据".into())}
                                    </span>
                                </td>
                            }
                            .into_any(),
                            None => view! { <td class="muted">"暂无数据"</td> }.into_any(),
                        })
                        .collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="compare-facts-heading">
            <div class="section-head"><h2 id="compare-facts-heading">{format!("基本信息（{}所）", schools.len())}</h2></div>
            <TableBox label="基本信息对比">
                <table class="compare-table">
                    <thead><tr><th scope="col">"院校"</th>{heads}</tr></thead>
                    <tbody>{facts}</tbody>
                </table>
            </TableBox>
        </section>
        <section class="panel" aria-labelledby="compare-scores-heading">
            <div class="section-head"><h2 id="compare-scores-heading">"历年最低分数和位次"</h2></div>
            <ChoiceSelectors provinces chosen />
            <p class="notice notice-warn" role="note">"历年分数线和位次仅供参考，不代表今年的录取结果。"</p>
            <TableBox label="历年分数线对比">
                <table class="compare-table">
                    <caption class="visually-hidden">
                        {format!("{}{}历年最低分数和位次", choice_now.province, choice_now.track.label())}
                    </caption>
                    <thead><tr><th scope="col">"年份"</th>{score_heads}</tr></thead>
                    <tbody>
                        {if years.is_empty() {
                            view! { <tr><td colspan=(schools.len() + 1).to_string() class="muted">"暂无数据"</td></tr> }.into_any()
                        } else {
                            score_rows.into_any()
                        }}
                    </tbody>
                </table>
            </TableBox>
            <p class="muted compare-note">"每年取普通类（不含提前批）各批次、专业组中的最低分及其位次。"</p>
        </section>
        <SchoolGroups schools=ids_shown profile=group_profile />
    }
    .into_any()
}

/// 省份 and 科类 for the score table: changing them reloads it and is remembered.
#[component]
fn ChoiceSelectors(provinces: Vec<ProvinceMeta>, chosen: RwSignal<Choice>) -> impl IntoView {
    let current = chosen.get_untracked();
    let tracks_of = {
        let provinces = provinces.clone();
        move |name: &str| -> Vec<Track> {
            provinces
                .iter()
                .find(|m| m.name == name)
                .and_then(|m| m.years.first())
                .map(|y| y.tracks.clone())
                .unwrap_or_default()
        }
    };
    let set = move |next: Choice| {
        choice::save(&next);
        chosen.set(next);
    };
    let tracks = tracks_of(&current.province);
    let on_province = {
        let tracks_of = tracks_of.clone();
        move |name: String| {
            let tracks = tracks_of(&name);
            let track = if tracks.contains(&chosen.get_untracked().track) {
                chosen.get_untracked().track
            } else {
                tracks.first().copied().unwrap_or(Track::Physics)
            };
            set(Choice { province: name, track });
        }
    };
    let province_options = provinces.iter().map(|m| (m.name.clone(), m.name.clone())).collect();
    let track_options = tracks.into_iter().map(|t| (t.code().to_string(), t.label().to_string())).collect();
    let on_track = move |code: String| {
        if let Some(track) = Track::from_code(&code) {
            set(Choice { province: chosen.get_untracked().province, track });
        }
    };
    view! {
        <div class="filters compare-choice">
            <FilterSelect id="compare-province" label="省份" options=province_options
                selected=Signal::derive(move || chosen.get().province) on_pick=on_province />
            <FilterSelect id="compare-track" label="科类" options=track_options
                selected=Signal::derive(move || chosen.get().track.code().to_string()) on_pick=on_track />
        </div>
    }
}

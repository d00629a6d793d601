//! The pieces of the 志愿表 shared by the pages that offer 院校专业组: the 冲/稳/保 badge, a
//! group's past lines, its majors, 加入志愿表 (or where it already is), and a school's groups
//! for the student (分数线, 招生计划, 院校对比).

use crate::api::Api;
use crate::components::load::Loaded;
use crate::components::skeleton::ListSkeleton;
use crate::components::toast::Toasts;
use crate::paths;
use crate::state::Plans;
use crate::volunteer::line_text;
use leptos::prelude::*;
use portal_model::admissions::{Track, YearLowest};
use portal_model::rank::Band;
use portal_model::volunteer::bands::{band_years, classify, reference_rank};
use portal_model::volunteer::groups::{Group, GroupIndex};
use portal_model::volunteer::placement::place;
use portal_model::volunteer::profile::Profile;
use portal_model::SchoolId;
use std::rc::Rc;

/// 冲, 稳 or 保 (nothing for a group without a band).
#[component]
pub fn BandBadge(band: Option<Band>) -> impl IntoView {
    band.map(|b| {
        let class = match b {
            Band::Reach => "band band-reach",
            Band::Match => "band band-match",
            _ => "band band-safe",
        };
        view! { <span class=class>{b.label()}</span> }
    })
}

/// A group's lowest score and rank per year, newest first, each year whole on its line.
#[component]
pub fn GroupLines(lines: Vec<YearLowest>) -> impl IntoView {
    (!lines.is_empty()).then(|| {
        view! {
            <p class="group-lines">
                <span class="group-lines-label">"最低分/位次："</span>
                {lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| view! { {(i > 0).then_some(" · ")}<span class="group-line">{line_text(l)}</span> })
                    .collect_view()}
            </p>
        }
    })
}

/// The group's majors this year with 计划数 and 学费, folded under their count.
#[component]
pub fn GroupMajors(group: Group) -> impl IntoView {
    let places = group.places();
    let count = group.majors.len();
    (count > 0).then(|| {
        view! {
            <details class="group-majors">
                <summary>{format!("{count}个专业 · 计划{places}人")}</summary>
                <ul>
                    {group
                        .majors
                        .into_iter()
                        .map(|m| {
                            let tuition = m.tuition.map(|t| format!(" · 学费{t}元/年")).unwrap_or_default();
                            view! {
                                <li>
                                    <span class="major-name">{m.name}</span>
                                    <span class="muted">{format!(" 代码{} · 计划{}人{tuition}", m.code, m.places)}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </details>
        }
    })
}

/// 加入志愿表, or — once the group is in the draft it would go to — where it is, linking to the
/// 志愿表. A refusal (the list is full, another batch) is said beside the button.
#[component]
pub fn AddToPlan(
    group: Group,
    #[prop(into)] school_name: String,
    #[prop(into)] province: String,
    track: Track,
    /// The plan year of the data: which year's volunteer rules apply.
    year: u16,
) -> impl IntoView {
    let plans = expect_context::<Plans>();
    let toasts = use_context::<Toasts>();
    let error = RwSignal::new(None::<String>);
    let (school, code, batch) = (group.school, group.code.clone(), group.batch);
    let label = format!("{school_name}{}", group.label());
    let listed = {
        let (province, code) = (province.clone(), code.clone());
        Memo::new(move |_| {
            plans.drafts.with(|d| {
                d.listed(&province, track, batch, school, &code).map(|(d, at)| (d.name.clone(), at))
            })
        })
    };
    let group = StoredValue::new(group);
    let add = {
        let label = label.clone();
        move |_| match group.with_value(|g| plans.add(g, &province, track, year)) {
            Ok(added) => {
                error.set(None);
                if let Some(t) = toasts {
                    t.show(format!("已把{label}加入{}，第{}个志愿", added.draft, added.position + 1));
                }
            }
            Err(message) => error.set(Some(message)),
        }
    };
    view! {
        <div class="add-to-plan">
            {move || match listed.get() {
                Some((draft, at)) => view! {
                    <a class="button button-small button-secondary in-plan" href=paths::plan(None).href()>
                        {format!("已在志愿表第{}位", at + 1)}
                        <span class="visually-hidden">{format!("（{draft}）")}</span>
                    </a>
                }
                .into_any(),
                None => view! {
                    <button type="button" class="button button-small" on:click=add.clone()>
                        "加入志愿表"
                        <span class="visually-hidden">{format!("：{label}")}</span>
                    </button>
                }
                .into_any(),
            }}
            <span class="form-error" role="alert">{move || error.get()}</span>
        </div>
    }
}

/// A school's 院校专业组 in the profile's province and track, each with its 选科要求, past lines,
/// its band for the student and 加入志愿表 — for pages about schools (分数线, 招生计划, 对比).
#[component]
pub fn SchoolGroups(schools: Vec<SchoolId>, profile: Profile) -> impl IntoView {
    let api = expect_context::<Api>();
    let (province, track) = (profile.province.clone(), profile.track);
    // A province or track without group data (no 院校专业组 there, or none published) is an
    // empty answer here, not the 404 page inside the school's page.
    let index = LocalResource::new(move || {
        let (api, province) = (api.clone(), province.clone());
        async move {
            match api.group_index(&province, track).await {
                Ok(index) => Ok(Some(index)),
                Err(crate::api::ApiError::NotFound) => Ok(None),
                Err(e) => Err(e),
            }
        }
    });
    let (province, label) = (profile.province.clone(), profile.track.label());
    let heading = format!("院校专业组（{}{}）", profile.province, profile.track.label());
    view! {
        <section class="panel school-groups" aria-labelledby="school-groups-heading">
            <div class="section-head"><h2 id="school-groups-heading">{heading}</h2></div>
            <Loaded
                resource=index
                skeleton=|| view! { <ListSkeleton rows=3 /> }
                view={move |index: Option<Rc<GroupIndex>>| match index {
                    Some(index) => groups_view(&index, &schools, &profile).into_any(),
                    None => view! { <p class="empty">{format!("暂无{province}{label}的院校专业组数据。")}</p> }.into_any(),
                }}
            />
        </section>
    }
}

fn groups_view(index: &GroupIndex, schools: &[SchoolId], profile: &Profile) -> impl IntoView {
    let placement = place(profile, index);
    let years = band_years(index, placement.year);
    let of_schools: Vec<&Group> = index.groups.iter().filter(|g| schools.contains(&g.school)).collect();
    if of_schools.is_empty() {
        return view! {
            <p class="empty">{format!("暂无{}{}的院校专业组数据。", index.province, index.track.label())}</p>
        }
        .into_any();
    }
    let note = match placement.rank {
        Some(r) => format!("按你的位次 {} 标出冲、稳、保；", portal_model::volunteer::digits(r)),
        None => "在位次查询中填写分数或位次后，这里会标出冲、稳、保；".into(),
    };
    let items = of_schools
        .into_iter()
        .map(|g| {
            let school = index.school(g.school).map(|s| s.name.clone()).unwrap_or_default();
            let band = reference_rank(g, &years).zip(placement.rank).and_then(|(m, v)| classify(v, m));
            let eligible = profile.eligible(&g.subjects);
            let lines: Vec<YearLowest> = g.lines.iter().rev().take(crate::volunteer::LINE_YEARS).copied().collect();
            let show_school = schools.len() > 1;
            view! {
                <li class="group-row" class:ineligible=!eligible>
                    <div class="group-row-head">
                        <span class="group-title">
                            {show_school.then(|| view! { <strong>{school.clone()}</strong>" " })}
                            {g.label()}
                            <span class="muted">{format!(" · {}", g.batch.label())}</span>
                        </span>
                        <BandBadge band />
                    </div>
                    <p class="group-subjects">
                        "选科要求：" {g.subjects.text.clone()}
                        {(!eligible).then(|| view! { <strong class="ineligible-mark">" 不符合你的选科要求"</strong> })}
                    </p>
                    <GroupLines lines />
                    {g.change.as_ref().map(|c| view! { <p class="group-change">{c.message(&g.code)}</p> })}
                    <GroupMajors group=g.clone() />
                    {eligible.then(|| view! {
                        <AddToPlan group=g.clone() school_name=school.clone() province=index.province.clone() track=index.track year=index.plan_year />
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="muted">{note}"历年数据仅供参考。"</p>
        <ul class="group-list">{items}</ul>
    }
    .into_any()
}

//! `/rank?province=&year=&track=&subjects=&score=` or `&rank=` (and the filters `batch`,
//! `level`, `type`, `nature`, `located`, `major`, `ineligible`): 位次查询 at 院校专业组 level.
//! The profile and the filters live in the URL (the form navigates, so results reload, go back
//! and forward and can be shared); the profile is remembered for the next visit and the other
//! pages. Results: the 等位分, the rule, and the groups the student's 选科 allows in 冲 / 稳 / 保
//! bands, each with its reason and 加入志愿表; an empty band says why.

use crate::api::{Api, ApiError};
use crate::components::admission::DataSources;
use crate::components::filter::FilterSelect;
use crate::components::load::Loaded;
use crate::components::profile::ProfileForm;
use crate::components::skeleton::{ListSkeleton, PageSkeleton};
use crate::components::title::Title;
use crate::components::volunteer::{AddToPlan, BandBadge, GroupLines, GroupMajors};
use crate::paths;
use crate::state::choice;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use portal_model::admissions::{AdmissionQuery, Batch, ProvinceMeta, PROVINCES};
use portal_model::rank::Band;
use portal_model::sources::Citations;
use portal_model::volunteer::bands::{BandRow, GroupBands, GroupFilter, FILTER_KEYS};
use portal_model::volunteer::digits;
use portal_model::volunteer::profile::{Profile, PROFILE_KEYS};
use portal_model::{Kind, Level, Nature};

/// What the URL asks: the profile (over the remembered one), the filters, and what did not read.
#[derive(Clone, Debug, PartialEq)]
struct Asked {
    profile: Profile,
    filter: GroupFilter,
    errors: Vec<&'static str>,
}

impl Asked {
    /// Whether there is a query to answer.
    fn ready(&self) -> bool {
        self.errors.is_empty() && self.profile.standing().is_some()
    }
}

fn read_url(pairs: &[(String, String)], remembered: &Profile) -> Asked {
    let (profile, errors) = Profile::read(pairs, remembered);
    Asked {
        profile,
        filter: GroupFilter::from_pairs(pairs),
        errors: errors.into_iter().map(|e| e.message()).collect(),
    }
}

#[component]
pub fn RankPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let query_map = use_query_map();
    let navigate = use_navigate();
    let pairs = Memo::new(move |_| {
        let map = query_map.read();
        PROFILE_KEYS
            .iter()
            .chain(FILTER_KEYS.iter())
            .filter_map(|k| map.get(k).map(|v| (k.to_string(), v)))
            .collect::<Vec<_>>()
    });
    let asked = Memo::new(move |_| read_url(&pairs.get(), &choice::load_profile()));
    // A bare /rank of a visitor who looked up their score before opens its results (replacing
    // the bare entry, so Back leaves the page).
    if pairs.with_untracked(Vec::is_empty) {
        let remembered = choice::load_profile();
        if remembered.standing().is_some() {
            let to = paths::rank(&remembered, &GroupFilter::default());
            let navigate = navigate.clone();
            request_animation_frame(move || {
                navigate(to.path(), NavigateOptions { replace: true, ..Default::default() })
            });
        }
    }
    // What the visitor looked up is remembered, for this page and the others.
    Effect::new(move |_| {
        let a = asked.get();
        if a.ready() && !pairs.with(Vec::is_empty) {
            choice::save_profile(&a.profile);
        }
    });
    let data = LocalResource::new(move || {
        let api = api.clone();
        let asked = asked.get();
        async move {
            let provinces = api.provinces().await?.as_ref().clone();
            let bands = if asked.ready() {
                Some(api.group_bands(&asked.profile, &asked.filter).await?)
            } else {
                None
            };
            Ok::<_, ApiError>((provinces, bands))
        }
    });
    let on_profile = {
        let go = go_to();
        Callback::new(move |profile: Profile| {
            choice::save_profile(&profile);
            go(&profile, &asked.get_untracked().filter);
        })
    };
    view! {
        <Title text="位次查询" />
        <Meta name="description" content="输入省份、选科和高考分数或位次，按历年最低位次查看冲、稳、保三档院校专业组，只列你的选科能报的专业组，每个都说明理由，可加入志愿表。" />
        <section class="panel">
            <h1>"位次查询"</h1>
            <p class="muted">"按你的省份、选科和分数（或位次），找出往年最低位次与你相近的院校专业组。新高考按院校专业组填报志愿，同一所学校的不同专业组分数线可能相差很多。"</p>
            <Loaded
                resource=data
                skeleton=|| view! { <PageSkeleton /> }
                view=move |(provinces, _): (Vec<ProvinceMeta>, Option<GroupBands>)| {
                    view! {
                        <ProfileForm
                            provinces
                            initial=asked.get_untracked().profile
                            on_submit=on_profile
                            needs_standing=true
                            submit_label="查询"
                            label="考生信息"
                        />
                    }
                }
            />
        </section>
        <Loaded
            resource=data
            skeleton=|| view! { <ListSkeleton rows=6 /> }
            view=move |(_, bands): (Vec<ProvinceMeta>, Option<GroupBands>)| {
                let a = asked.get_untracked();
                match bands {
                    _ if !a.errors.is_empty() => view! {
                        <section class="panel empty" role="alert">
                            {a.errors.iter().map(|e| view! { <p>{*e}</p> }).collect_view()}
                            <p class="muted">"请检查输入后重新查询。"</p>
                        </section>
                    }
                    .into_any(),
                    Some(bands) => results_view(bands, a).into_any(),
                    None => view! {
                        <section class="panel empty">
                            <p>"填好省份、选科和分数（或位次）后点“查询”。"</p>
                            <p class="muted">"只填分数时，按当年一分一段表换算成位次。"</p>
                        </section>
                    }
                    .into_any(),
                }
            }
        />
    }
}

/// Goes to the answer for a profile and filter.
fn go_to() -> impl Fn(&Profile, &GroupFilter) + Clone + 'static {
    let navigate = use_navigate();
    move |profile, filter| navigate(paths::rank(profile, filter).path(), Default::default())
}

/// 批次, 办学层次, 院校所在地, 院校类型, 办学性质 and a major's keyword: each choice navigates.
#[component]
fn GroupFilters(asked: Asked) -> impl IntoView {
    let go = go_to();
    let Asked { profile, filter, .. } = asked;
    let profile = StoredValue::new(profile);
    let current = StoredValue::new(filter.clone());
    let pick = move |change: &dyn Fn(&mut GroupFilter)| {
        let mut next = current.get_value();
        change(&mut next);
        go(&profile.get_value(), &next);
    };
    let all = |label: &str| (String::new(), label.to_string());
    let batch_options: Vec<(String, String)> = std::iter::once(all("全部批次"))
        .chain(
            [Batch::Undergraduate, Batch::Vocational].map(|b| (b.code().to_string(), b.label().to_string())),
        )
        .collect();
    let level_options: Vec<(String, String)> = std::iter::once(all("全部层次"))
        .chain(Level::ALL.iter().map(|l| (l.code().to_string(), l.label().to_string())))
        .collect();
    let kind_options: Vec<(String, String)> = std::iter::once(all("全部类型"))
        .chain(Kind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())))
        .collect();
    let nature_options: Vec<(String, String)> = std::iter::once(all("公办和民办"))
        .chain(Nature::ALL.iter().map(|n| (n.code().to_string(), n.label().to_string())))
        .collect();
    let located_options: Vec<(String, String)> = std::iter::once(all("全国"))
        .chain(PROVINCES.iter().map(|p| (p.name.to_string(), p.name.to_string())))
        .collect();
    let major = RwSignal::new(filter.major.clone());
    let code_of = |v: Option<&'static str>| Signal::stored(v.unwrap_or_default().to_string());
    let pick_batch = pick.clone();
    let pick_level = pick.clone();
    let pick_kind = pick.clone();
    let pick_nature = pick.clone();
    let pick_located = pick.clone();
    view! {
        <div class="filters group-filters" role="group" aria-label="筛选专业组">
            <FilterSelect id="rank-batch" label="批次" options=batch_options selected=code_of(filter.batch.map(|b| b.code()))
                on_pick=move |v| pick_batch(&|f| f.batch = Batch::from_code(&v)) />
            <FilterSelect id="rank-level" label="办学层次" options=level_options selected=code_of(filter.level.map(|l| l.code()))
                on_pick=move |v| pick_level(&|f| f.level = Level::from_code(&v)) />
            <FilterSelect id="rank-located" label="院校所在地" options=located_options
                selected=Signal::stored(filter.located.clone().unwrap_or_default())
                on_pick=move |v| pick_located(&|f| f.located = Some(v.clone()).filter(|v| !v.is_empty())) />
            <FilterSelect id="rank-type" label="院校类型" options=kind_options selected=code_of(filter.kind.map(|k| k.code()))
                on_pick=move |v| pick_kind(&|f| f.kind = Kind::from_code(&v)) />
            <FilterSelect id="rank-nature" label="办学性质" options=nature_options selected=code_of(filter.nature.map(|n| n.code()))
                on_pick=move |v| pick_nature(&|f| f.nature = Nature::from_code(&v)) />
            <form
                class="filter major-filter"
                role="search"
                aria-label="按专业筛选"
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let m = major.get_untracked().trim().chars().take(20).collect::<String>();
                    pick(&|f| f.major = m.clone());
                }
            >
                <label for="rank-major">"专业关键词"</label>
                <div class="filter-name-row">
                    <input id="rank-major" type="search" maxlength="20" placeholder="如 计算机、临床" bind:value=major />
                    <button type="submit" class="button button-small">"筛选"</button>
                </div>
            </form>
        </div>
    }
}

fn results_view(bands: GroupBands, asked: Asked) -> impl IntoView {
    let go = go_to();
    let placement = &bands.placement;
    let table_year = placement.year;
    let standing = match (placement.score, placement.rank) {
        (Some(score), Some(rank)) if asked.profile.rank.is_none() => format!(
            "{score}分约为第{}名（按{}{}{table_year}年一分一段表换算）",
            digits(rank),
            bands.province,
            bands.track.label()
        ),
        (_, Some(rank)) => {
            format!("{}{} {table_year}年 位次 {}", bands.province, bands.track.label(), digits(rank))
        }
        (Some(score), None) => {
            format!("{score}分：暂无{}{}的一分一段表，无法换算位次", bands.province, bands.track.label())
        }
        _ => String::new(),
    };
    let equivalents = placement.equivalents_text();
    let rank = placement.rank.unwrap_or(0);
    let year = bands.years.last().copied().unwrap_or(table_year);
    let ineligible = bands.ineligible_text();
    let show_ineligible = asked.filter.show_ineligible;
    let profile = asked.profile.clone();
    let filter = asked.filter.clone();
    let toggle_ineligible = {
        let (go, profile, filter) = (go.clone(), profile.clone(), filter.clone());
        move |_| go(&profile, &GroupFilter { show_ineligible: !show_ineligible, ..filter.clone() })
    };
    let total = bands.reach.len() + bands.matched.len() + bands.safe.len();
    let context = RowContext { province: bands.province.clone(), track: bands.track, year, rank };
    view! {
        <section class="panel" aria-labelledby="rank-results-heading">
            <div class="section-head">
                <h2 id="rank-results-heading">"查询结果"</h2>
            </div>
            <p class="rank-standing">{standing}</p>
            {(!equivalents.is_empty()).then(|| view! {
                <p class="rank-equivalents"><strong>"等位分："</strong>{equivalents}<span class="muted">"（往年与你位次相同的分数，用来对照往年分数线）"</span></p>
            })}
            {(!bands.subjects_known).then(|| view! {
                <p class="notice notice-warn" role="note">"还没有填再选科目：下面列出所有专业组，没有按选科要求筛选。"</p>
            })}
            <GroupFilters asked=asked.clone() />
            {(ineligible.is_some() || show_ineligible).then(|| view! {
                <p class="ineligible-switch">
                    <span>{ineligible.clone().unwrap_or_else(|| "不符合选科要求的专业组以灰色列出".into())}</span>
                    <label class="check">
                        <input type="checkbox" prop:checked=show_ineligible on:change=toggle_ineligible />
                        "显示不符合选科要求的专业组（灰色）"
                    </label>
                </p>
            })}
            <p class="muted rank-rule">{bands.rule_text()}</p>
            <p class="notice notice-warn rank-disclaimer" role="note">"历年分数线和位次仅供参考，不代表今年的录取结果。"</p>
            {(total > 0).then(|| view! {
                <p class="rank-plan-link">
                    <a href=paths::plan(Some(&profile)).href()>"查看我的志愿表 ›"</a>
                </p>
            })}
        </section>
        <div class="rank-bands">
            {band_view(Band::Reach, "rank-reach", &bands, &context)}
            {band_view(Band::Match, "rank-match", &bands, &context)}
            {band_view(Band::Safe, "rank-safe", &bands, &context)}
        </div>
        <DataSources cites=Citations::of_index(&bands.sources, bands.derived_ranks) />
    }
}

/// Rows a band shows before 再显示.
const SHOWN_FIRST: usize = 8;

/// What every row of the answer shares.
#[derive(Clone)]
struct RowContext {
    province: String,
    track: portal_model::admissions::Track,
    /// The plan year of the groups (the volunteer rules' year).
    year: u16,
    rank: u32,
}

fn band_view(band: Band, id: &'static str, bands: &GroupBands, context: &RowContext) -> impl IntoView {
    let rows = bands.band(band).to_vec();
    let heading = format!("{id}-heading");
    let labelled_by = heading.clone();
    let hint = match band {
        Band::Reach => "往年要比你靠前的位次才能进：可以冲一冲",
        Band::Match => "往年你的位次能进，余量不大：较稳妥",
        _ => "往年比你靠后不少的考生也能进：可作保底",
    };
    let why_empty = bands.why_empty(band);
    view! {
        <section class=format!("panel rank-band {id}") aria-labelledby=labelled_by>
            <div class="section-head">
                <h2 id=heading>{format!("{}（{}个专业组）", band.label(), rows.len())}</h2>
            </div>
            <p class="muted rank-band-hint">{hint}</p>
            {match why_empty {
                Some(why) => view! { <p class="empty band-empty">{why}</p> }.into_any(),
                None => {
                    // The nearest groups first; the rest on request, so a phone does not scroll
                    // through ninety rows to reach 保.
                    let mut rows = rows;
                    let rest = rows.split_off(rows.len().min(SHOWN_FIRST));
                    let more = RwSignal::new(false);
                    let hidden = rest.len();
                    let rest = StoredValue::new(rest);
                    let later = StoredValue::new(context.clone());
                    view! {
                        <ul class="group-list">
                            {rows.into_iter().map(|row| group_row(row, context)).collect_view()}
                            {move || more.get().then(|| {
                                later.with_value(|c| rest.get_value().into_iter().map(|row| group_row(row, c)).collect_view())
                            })}
                        </ul>
                        {move || (hidden > 0 && !more.get()).then(|| view! {
                            <button type="button" class="button button-secondary band-more" on:click=move |_| more.set(true)>
                                {format!("再显示{hidden}个{}的专业组", band.label())}
                            </button>
                        })}
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

fn group_row(row: BandRow, context: &RowContext) -> impl IntoView {
    let reason = row.reason(context.rank);
    let school_name = row.school.name.clone();
    let query = AdmissionQuery {
        province: Some(context.province.clone()),
        track: Some(context.track),
        ..Default::default()
    };
    let href = paths::school_scores(row.school.id, &query).href();
    let lines: Vec<_> = row.group.lines.iter().rev().take(crate::volunteer::LINE_YEARS).copied().collect();
    let change = row.group.change.as_ref().map(|c| c.message(&row.group.code));
    let eligible = row.eligible;
    view! {
        <li class="group-row" class:ineligible=!eligible>
            <div class="group-row-head">
                <span class="group-title">
                    <a class="group-school" href=href>{school_name.clone()}</a>
                    " "
                    <span class="group-code">{row.group.label()}</span>
                    <span class="muted">{format!(" · 院校代码 {}", row.school.code)}</span>
                </span>
                <BandBadge band=Some(row.band) />
            </div>
            <p class="group-subjects">
                "选科要求：" {row.group.subjects.text.clone()}
                {(!eligible).then(|| view! { <strong class="ineligible-mark">" 不符合选科要求"</strong> })}
            </p>
            <GroupLines lines />
            <p class="group-reason">{reason}</p>
            {change.map(|c| view! { <p class="group-change">{c}</p> })}
            <GroupMajors group=row.group.clone() />
            {eligible.then(|| view! {
                <AddToPlan group=row.group.clone() school_name province=context.province.clone() track=context.track year=context.year />
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_model::admissions::Track;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn reads_what_the_url_asks() {
        let remembered = Profile { province: "江西".into(), track: Track::History, ..Profile::default() };
        let bare = read_url(&[], &remembered);
        assert_eq!((bare.profile.province.as_str(), bare.ready()), ("江西", false));
        let asked = read_url(
            &pairs(&[
                ("province", "福建"),
                ("track", "physics"),
                ("subjects", "chemistry,biology"),
                ("score", "560"),
                ("major", "计算机"),
            ]),
            &remembered,
        );
        assert!(asked.ready());
        assert_eq!((asked.profile.score, asked.filter.major.as_str()), (Some(560), "计算机"));
        let bad =
            read_url(&pairs(&[("province", "福建"), ("track", "physics"), ("score", "abc")]), &remembered);
        assert_eq!((bad.ready(), bad.errors), (false, vec!["分数格式不正确"]));
    }
}

//! `/rank?province=&track=&score=` or `&rank=`: 位次查询. The form's values live in the URL
//! (submit navigates, so a result can be reloaded and shared); the province and track are
//! remembered for the next visit. Results: schools in 冲 / 稳 / 保 bands, each linking to its
//! 分数线.

use crate::api::Api;
use crate::components::load::Loaded;
use crate::components::skeleton::{ListSkeleton, PageSkeleton};
use crate::paths;
use crate::state::choice::{self, Choice};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_model::admissions::{AdmissionQuery, ProvinceMeta, Track};
use portal_model::rank::{BandEntry, RankBands, RankQuery, Standing};

/// What the URL asks: nothing yet (the bare form), a query, or input the visitor should fix.
#[derive(Clone, Debug, PartialEq)]
enum Asked {
    Nothing,
    Query(RankQuery),
    Invalid(&'static str),
}

fn read_query(pairs: &[(String, String)]) -> Asked {
    let has = |k: &str| pairs.iter().any(|(key, v)| key == k && !v.is_empty());
    if !has("score") && !has("rank") {
        return Asked::Nothing;
    }
    match RankQuery::from_pairs(pairs, true) {
        Ok(q) => Asked::Query(q),
        Err(e) => Asked::Invalid(e.message()),
    }
}

#[component]
pub fn RankPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let query_map = use_query_map();
    let asked = Memo::new(move |_| {
        let map = query_map.read();
        let pairs: Vec<(String, String)> = ["province", "track", "score", "rank"]
            .iter()
            .filter_map(|k| map.get(k).map(|v| (k.to_string(), v)))
            .collect();
        read_query(&pairs)
    });
    // The form starts from the URL's province and track, or the remembered ones.
    let initial = Memo::new(move |_| {
        let remembered = choice::load();
        match asked.get() {
            Asked::Query(q) => {
                Choice { province: q.province.clone(), track: q.track.unwrap_or(remembered.track) }
            }
            _ => {
                let map = query_map.read();
                Choice {
                    province: map.get("province").unwrap_or(remembered.province),
                    track: map.get("track").and_then(|t| Track::from_code(&t)).unwrap_or(remembered.track),
                }
            }
        }
    });
    let data = LocalResource::new(move || {
        let api = api.clone();
        let asked = asked.get();
        async move {
            let provinces = api.provinces().await?.as_ref().clone();
            let bands = match &asked {
                Asked::Query(q) => Some(api.rank_bands(q).await?),
                _ => None,
            };
            Ok((provinces, bands))
        }
    });
    view! {
        <Title text="位次查询" />
        <Meta name="description" content="输入高考分数或位次，按历年最低位次查看冲、稳、保三档院校，每所院校可查看历年分数线。" />
        <section class="panel">
            <h1>"位次查询"</h1>
            <p class="muted">"按省份、科类和你的分数或位次，找出历年最低位次与你相近的院校。"</p>
            <Loaded
                resource=data
                skeleton=|| view! { <PageSkeleton /> }
                view=move |(provinces, _): (Vec<ProvinceMeta>, Option<RankBands>)| {
                    view! { <RankForm provinces initial=initial.get_untracked() asked=asked.get_untracked() /> }
                }
            />
        </section>
        <Loaded
            resource=data
            skeleton=|| view! { <ListSkeleton rows=6 /> }
            view=move |(_, bands): (Vec<ProvinceMeta>, Option<RankBands>)| {
                match (asked.get_untracked(), bands) {
                    (Asked::Invalid(message), _) => view! {
                        <section class="panel empty" role="alert"><p>{message}</p><p class="muted">"请检查输入后重新查询。"</p></section>
                    }
                    .into_any(),
                    (_, Some(bands)) => results_view(bands).into_any(),
                    _ => view! {
                        <section class="panel empty">
                            <p>"输入分数或位次后点“查询”。"</p>
                            <p class="muted">"位次比分数更准确：各年试题难度不同，位次可以直接比较。"</p>
                        </section>
                    }
                    .into_any(),
                }
            }
        />
    }
}

/// Province, track, 分数 or 位次, 查询. Submitting checks the number, remembers the province
/// and track, and navigates to the query's URL.
#[component]
fn RankForm(provinces: Vec<ProvinceMeta>, initial: Choice, asked: Asked) -> impl IntoView {
    let navigate = use_navigate();
    let province = RwSignal::new(initial.province.clone());
    let track = RwSignal::new(initial.track);
    let (by_rank, number) = match &asked {
        Asked::Query(RankQuery { standing: Some(Standing::Score(s)), .. }) => (false, s.to_string()),
        Asked::Query(RankQuery { standing: Some(Standing::Rank(r)), .. }) => (true, r.to_string()),
        _ => (true, String::new()),
    };
    let by_rank = RwSignal::new(by_rank);
    let number = RwSignal::new(number);
    let error = RwSignal::new(None::<&'static str>);
    // A 位次 is no 分数 (30000 would be refused as one): switching empties the field.
    let switch_kind = move |rank: bool| {
        if by_rank.get_untracked() != rank {
            by_rank.set(rank);
            number.set(String::new());
            error.set(None);
        }
    };
    let provinces = StoredValue::new(provinces);
    // The tracks of the chosen province's latest year.
    let tracks = Memo::new(move |_| {
        let p = province.get();
        provinces.with_value(|all| {
            all.iter()
                .find(|m| m.name == p)
                .and_then(|m| m.years.first())
                .map(|y| y.tracks.clone())
                .unwrap_or_default()
        })
    });
    Effect::new(move |_| {
        let available = tracks.get();
        if !available.is_empty() && !available.contains(&track.get_untracked()) {
            track.set(available[0]);
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(value) = choice::normalize_number(&number.get_untracked()) else {
            error.set(Some(if number.get_untracked().trim().is_empty() {
                "请输入分数或位次"
            } else {
                "请输入整数，不要带小数点或其他符号"
            }));
            return;
        };
        let key = if by_rank.get_untracked() { "rank" } else { "score" };
        let pairs = [
            ("province", province.get_untracked()),
            ("track", track.get_untracked().code().to_string()),
            (key, value),
        ];
        match RankQuery::from_pairs(&pairs, true) {
            Ok(q) => {
                error.set(None);
                let chosen = Choice { province: q.province.clone(), track: track.get_untracked() };
                choice::save(&chosen);
                navigate(paths::rank(&chosen.province, chosen.track, q.standing).path(), Default::default());
            }
            Err(e) => error.set(Some(match e {
                portal_model::admissions::QueryError::Score => "分数应在 0–900 之间",
                portal_model::admissions::QueryError::Rank => "位次应在 1–2000000 之间",
                other => other.message(),
            })),
        }
    };
    view! {
        <form class="rank-form" aria-label="位次查询" on:submit=on_submit novalidate>
            <div class="filter">
                <label for="rank-province">"省份"</label>
                <select id="rank-province" on:change:target=move |ev| province.set(ev.target().value())>
                    {provinces
                        .get_value()
                        .into_iter()
                        .map(|m| {
                            let (name, value) = (m.name.clone(), m.name.clone());
                            view! { <option value=value selected=move || province.get() == name>{m.name}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="filter">
                <label for="rank-track">"科类"</label>
                <select
                    id="rank-track"
                    on:change:target=move |ev| {
                        if let Some(t) = Track::from_code(&ev.target().value()) {
                            track.set(t);
                        }
                    }
                >
                    {move || {
                        tracks
                            .get()
                            .into_iter()
                            .map(|t| view! { <option value=t.code() selected=move || track.get() == t>{t.label()}</option> })
                            .collect_view()
                    }}
                </select>
            </div>
            <fieldset class="rank-kind">
                <legend>"按什么查"</legend>
                <label><input type="radio" name="rank-kind" prop:checked=move || by_rank.get() on:change=move |_| switch_kind(true) />"位次"</label>
                <label><input type="radio" name="rank-kind" prop:checked=move || !by_rank.get() on:change=move |_| switch_kind(false) />"分数"</label>
            </fieldset>
            <div class="filter rank-number">
                <label for="rank-number">{move || if by_rank.get() { "你的位次" } else { "你的分数" }}</label>
                <div class="filter-name-row">
                    <input
                        id="rank-number"
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        maxlength="12"
                        placeholder=move || if by_rank.get() { "例如 12000" } else { "例如 560" }
                        aria-invalid=move || error.get().is_some().to_string()
                        aria-describedby="rank-error"
                        bind:value=number
                    />
                    <button type="submit" class="button button-small">"查询"</button>
                </div>
            </div>
            <p id="rank-error" class="form-error" role="alert">{move || error.get()}</p>
        </form>
    }
}

fn results_view(bands: RankBands) -> impl IntoView {
    let province = bands.province.clone();
    let track = bands.track;
    let table_year = bands.years.last().copied();
    let standing = match (bands.score, bands.rank) {
        (Some(score), Some(rank)) => format!(
            "{score}分约为第{rank}名（按{}{}{}年一分一段表换算）",
            province,
            track.label(),
            table_year.map(|y| y.to_string()).unwrap_or_default()
        ),
        (_, Some(rank)) => format!("{province}{} 位次 {rank}", track.label()),
        (Some(score), None) => {
            format!("{score}分：暂无{province}{}的一分一段表，无法换算位次", track.label())
        }
        _ => String::new(),
    };
    let years = match (bands.years.first(), bands.years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}年"),
        (Some(a), _) => format!("{a}年"),
        _ => String::new(),
    };
    let total = bands.reach.len() + bands.matched.len() + bands.safe.len();
    view! {
        <section class="panel" aria-labelledby="rank-results-heading">
            <div class="section-head">
                <h2 id="rank-results-heading">"查询结果"</h2>
            </div>
            <p class="rank-standing">{standing}</p>
            <p class="notice notice-warn rank-disclaimer" role="note">
                "历年分数线和位次仅供参考，不代表今年的录取结果。"
                {(!years.is_empty()).then(|| format!("参考位次取{years}最低位次的中位数。"))}
            </p>
            {(total == 0).then(|| view! {
                <div class="empty">
                    <p>"没有找到位次相近的院校。"</p>
                    <p class="muted">"可以换一个省份或科类，或检查输入的分数、位次。"</p>
                </div>
            })}
        </section>
        {(total > 0).then(|| view! {
            <div class="rank-bands">
                {band_view("rank-reach", "冲", "往年最低位次比你高 10%–30%，有一定风险", bands.reach, &province, track)}
                {band_view("rank-match", "稳", "往年最低位次与你相差 10% 以内", bands.matched, &province, track)}
                {band_view("rank-safe", "保", "往年最低位次比你低 10%–50%，把握较大", bands.safe, &province, track)}
            </div>
        })}
    }
}

fn band_view(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    entries: Vec<BandEntry>,
    province: &str,
    track: Track,
) -> impl IntoView {
    let heading = format!("{id}-heading");
    let labelled_by = heading.clone();
    let count = entries.len();
    view! {
        <section class=format!("panel rank-band {id}") aria-labelledby=labelled_by>
            <div class="section-head">
                <h2 id=heading>{format!("{label}（{count}所）")}</h2>
            </div>
            <p class="muted rank-band-hint">{hint}</p>
            {if entries.is_empty() {
                view! { <p class="muted">"暂无院校。"</p> }.into_any()
            } else {
                view! {
                    <ul class="rank-list">
                        {entries
                            .into_iter()
                            .map(|e| {
                                let query = AdmissionQuery {
                                    province: Some(province.to_string()),
                                    track: Some(track),
                                    ..Default::default()
                                };
                                let href = paths::school_scores(e.id, &query).href();
                                // Each year whole on its line: "2025年 586分 / 45222名" never breaks inside.
                                let years = e
                                    .lowest
                                    .iter()
                                    .enumerate()
                                    .map(|(i, l)| {
                                        let text = match l.rank {
                                            Some(r) => format!("{}年 {}分 / {}名", l.year, l.score, r),
                                            None => format!("{}年 {}分", l.year, l.score),
                                        };
                                        view! { {(i > 0).then_some(" · ")}<span class="rank-item-year">{text}</span> }
                                    })
                                    .collect_view();
                                view! {
                                    <li class="rank-item">
                                        <a class="rank-item-name" href=href>{e.name.clone()}</a>
                                        <span class="rank-item-level">{e.level.label()}</span>
                                        <p class="rank-item-ref">"参考位次 " <strong>{e.reference_rank}</strong></p>
                                        <p class="rank-item-years">{years}</p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn reads_what_the_url_asks() {
        assert_eq!(read_query(&pairs(&[("province", "福建"), ("track", "physics")])), Asked::Nothing);
        assert!(matches!(
            read_query(&pairs(&[("province", "福建"), ("track", "physics"), ("rank", "9000")])),
            Asked::Query(RankQuery { standing: Some(Standing::Rank(9000)), .. })
        ));
        assert_eq!(
            read_query(&pairs(&[("province", "福建"), ("track", "physics"), ("score", "abc")])),
            Asked::Invalid("分数格式不正确")
        );
        assert_eq!(read_query(&pairs(&[("track", "physics"), ("rank", "9")])), Asked::Invalid("请选择省份"));
    }
}

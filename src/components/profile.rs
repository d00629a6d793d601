//! The student's profile as a form: 省份, 高考年份, 首选 (科类), 再选, 分数 and/or 位次. Used by
//! 位次查询 and the 志愿表; submitting hands a checked profile to the page, which puts it in its
//! URL and remembers it (`state::choice`).

use crate::state::choice::normalize_number;
use leptos::prelude::*;
use portal_model::admissions::{ProvinceMeta, System, Track};
use portal_model::volunteer::profile::{Profile, ProfileIssue};
use portal_model::volunteer::subjects::Subject;

/// The subjects a student of `system` chooses from (再选 under 3+1+2; three of seven under 3+3).
fn choosable(system: System, province: &str) -> Vec<Subject> {
    match system {
        System::ThreeOneTwo => Subject::ELECTIVES.to_vec(),
        System::ThreeThree => {
            Subject::ALL.into_iter().filter(|s| *s != Subject::Technology || province == "浙江").collect()
        }
        _ => Vec::new(),
    }
}

/// The profile's problems that keep a query from running; a profile without 再选 is allowed
/// (every group is offered, the page says so).
fn blocking(issues: Vec<ProfileIssue>, needs_standing: bool) -> Vec<String> {
    issues
        .into_iter()
        .filter(|i| match i {
            ProfileIssue::SubjectCount { have, .. } => *have != 0,
            ProfileIssue::NoStanding => needs_standing,
            ProfileIssue::RankPastTable { .. } => false,
            _ => true,
        })
        .map(|i| i.message())
        .collect()
}

/// The form. `on_submit` gets a profile whose values all read (and, with `needs_standing`, a
/// score or a rank).
#[component]
pub fn ProfileForm(
    provinces: Vec<ProvinceMeta>,
    initial: Profile,
    #[prop(into)] on_submit: Callback<Profile>,
    /// Whether a score or a rank is required (位次查询) or optional (志愿表).
    #[prop(optional)]
    needs_standing: bool,
    #[prop(into)] submit_label: String,
    /// Names the form for assistive technology.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let provinces = StoredValue::new(provinces);
    let province = RwSignal::new(initial.province.clone());
    let year = RwSignal::new(initial.year);
    let track = RwSignal::new(initial.track);
    let subjects = RwSignal::new(initial.subjects);
    let score = RwSignal::new(initial.score.map(|s| s.to_string()).unwrap_or_default());
    let rank = RwSignal::new(initial.rank.map(|r| r.to_string()).unwrap_or_default());
    let errors = RwSignal::new(Vec::<String>::new());
    let meta = Memo::new(move |_| {
        let p = province.get();
        provinces.with_value(|all| all.iter().find(|m| m.name == p).cloned())
    });
    // The year the selectors describe: the chosen one, else the province's newest.
    let shown_year = Memo::new(move |_| {
        year.get().or_else(|| meta.with(|m| m.as_ref().and_then(|m| m.years.first().map(|y| y.year))))
    });
    let year_meta = Memo::new(move |_| {
        let y = shown_year.get();
        meta.with(|m| m.as_ref().and_then(|m| m.years.iter().find(|t| Some(t.year) == y).cloned()))
    });
    let tracks =
        Memo::new(move |_| year_meta.with(|y| y.as_ref().map(|y| y.tracks.clone()).unwrap_or_default()));
    let system = Memo::new(move |_| year_meta.with(|y| y.as_ref().map_or(System::Other, |y| y.system)));
    // A province or year without the chosen track takes its first.
    Effect::new(move |_| {
        let available = tracks.get();
        if !available.is_empty() && !available.contains(&track.get_untracked()) {
            track.set(available[0]);
        }
    });
    let on_submit_form = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut problems = Vec::new();
        let mut pairs = vec![
            ("province", province.get_untracked()),
            ("track", track.get_untracked().code().to_string()),
            ("subjects", subjects.get_untracked().codes()),
        ];
        if let Some(y) = year.get_untracked() {
            pairs.push(("year", y.to_string()));
        }
        for (key, typed, name) in
            [("score", score.get_untracked(), "分数"), ("rank", rank.get_untracked(), "位次")]
        {
            if typed.trim().is_empty() {
                continue;
            }
            match normalize_number(&typed) {
                Some(n) => pairs.push((key, n)),
                None => problems.push(format!("{name}请输入整数，不要带小数点或其他符号")),
            }
        }
        let base = Profile { province: province.get_untracked(), ..Profile::default() };
        let (profile, read_errors) = Profile::read(&pairs, &base);
        problems.extend(read_errors.iter().map(|e| match e {
            portal_model::admissions::QueryError::Score => "分数应在 0–900 之间".to_string(),
            portal_model::admissions::QueryError::Rank => "位次应在 1–2000000 之间".to_string(),
            other => other.message().to_string(),
        }));
        let checked_year = shown_year.get_untracked().unwrap_or(portal_model::admissions::YEAR_MAX);
        problems.extend(blocking(profile.issues(checked_year, None), needs_standing));
        if problems.is_empty() {
            errors.set(Vec::new());
            on_submit.run(profile);
        } else {
            errors.set(problems);
            crate::browser::dom::focus_by_id("profile-errors");
        }
    };
    let toggle = move |s: Subject| {
        subjects.update(|set| *set = if set.contains(s) { set.without(s) } else { set.with(s) });
    };
    view! {
        <form class="profile-form" aria-label=label on:submit=on_submit_form novalidate>
            <div class="profile-row">
                <div class="filter">
                    <label for="profile-province">"省份"</label>
                    <select
                        id="profile-province"
                        on:change:target=move |ev| {
                            province.set(ev.target().value());
                            year.set(None);
                        }
                    >
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
                    <label for="profile-year">"高考年份"</label>
                    <select
                        id="profile-year"
                        on:change:target=move |ev| year.set(ev.target().value().parse().ok())
                    >
                        <option value="" selected=move || year.get().is_none()>"最新"</option>
                        {move || {
                            meta.get()
                                .map(|m| m.years.iter().map(|y| y.year).collect::<Vec<_>>())
                                .unwrap_or_default()
                                .into_iter()
                                .map(|y| view! { <option value=y.to_string() selected=move || year.get() == Some(y)>{format!("{y}年")}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="filter">
                    <label for="profile-track">"首选科目（科类）"</label>
                    <select
                        id="profile-track"
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
            </div>
            {move || {
                let system = system.get();
                let list = choosable(system, &province.get());
                (!list.is_empty()).then(|| {
                    let legend = if system == System::ThreeOneTwo { "再选科目（选两门）" } else { "选考科目（选三门）" };
                    view! {
                        <fieldset class="profile-subjects">
                            <legend>{legend}</legend>
                            {list
                                .into_iter()
                                .map(|s| view! {
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            // By id, a tick made on a snapshot carries over (browser::prerender).
                                            id=format!("profile-subject-{}", s.code())
                                            value=s.code()
                                            prop:checked=move || subjects.get().contains(s)
                                            on:change=move |_| toggle(s)
                                        />
                                        {s.label()}
                                    </label>
                                })
                                .collect_view()}
                        </fieldset>
                    }
                })
            }}
            <div class="profile-row">
                <div class="filter">
                    <label for="profile-score">"高考分数"</label>
                    <input id="profile-score" type="text" inputmode="numeric" autocomplete="off" maxlength="12" placeholder="例如 560" bind:value=score />
                </div>
                <div class="filter">
                    <label for="profile-rank">"位次（可选）"</label>
                    <input id="profile-rank" type="text" inputmode="numeric" autocomplete="off" maxlength="12" placeholder="例如 18000" bind:value=rank />
                </div>
                <button type="submit" class="button profile-submit">{submit_label}</button>
            </div>
            <p class="muted profile-hint">"分数和位次填一项即可；都填时按位次计算。位次比分数更准确：各年试题难度不同，位次可以直接比较。"</p>
            <div id="profile-errors" class="form-error" role="alert" tabindex="-1">
                {move || errors.get().into_iter().map(|e| view! { <p>{e}</p> }).collect_view()}
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_model::volunteer::subjects::SubjectSet;

    #[test]
    fn offers_the_subjects_of_the_system() {
        assert_eq!(choosable(System::ThreeOneTwo, "福建"), Subject::ELECTIVES.to_vec());
        assert_eq!(choosable(System::ThreeThree, "北京").len(), 6);
        assert_eq!(choosable(System::ThreeThree, "浙江").len(), 7);
        assert!(choosable(System::Traditional, "新疆").is_empty());
    }

    #[test]
    fn only_what_stops_a_query_blocks_it() {
        let p = Profile { subjects: SubjectSet::of(&[Subject::Chemistry]), ..Profile::default() };
        assert_eq!(
            blocking(p.issues(2025, None), true),
            vec!["请从化学、生物、思想政治、地理中选两门再选科目（已选1门）", "请输入分数或位次"]
        );
        assert!(
            blocking(Profile::default().issues(2025, None), false).is_empty(),
            "再选 and a score may wait"
        );
    }
}

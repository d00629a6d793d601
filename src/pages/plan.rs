//! `/plan?province=&track=&subjects=&score=…`: 志愿表. The student's drafts (方案一, 方案二 …)
//! of 院校专业组 for the profile's province and track, kept on the device and, signed in, on the
//! account (`state::Plans`):
//! each row with its majors in order, 服从调剂, band and past lines; reordered by drag or by
//! 上移/下移 (a live region says where a row went and its band); removed with 撤销; checked
//! against the province's rules; replayed against a past year (投档回放); shared as a link
//! whose fragment holds the list (`/plan#…`, opened here read-only until saved), printed as a
//! 志愿草表 and downloaded as CSV.

use crate::api::{Api, ApiError};
use crate::browser::dom::focus_by_id;
use crate::components::admission::{CsvButton, DataSources};
use crate::components::filter::FilterSelect;
use crate::components::load::Loaded;
use crate::components::profile::ProfileForm;
use crate::components::qr::QrCodeImage;
use crate::components::skeleton::PageSkeleton;
use crate::components::title::Title;
use crate::components::volunteer::BandBadge;
use crate::csv;
use crate::paths;
use crate::state::choice::{self, Choice};
use crate::state::plans::AccountSync;
use crate::state::{Plans, Session};
use crate::volunteer::{
    csv_rows, print_date, profile_line, rows as volunteer_rows, VolunteerRow, CSV_HEADER,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use portal_model::admissions::{Province, ProvinceMeta};
use portal_model::rank::Band;
use portal_model::sources::Citations;
use portal_model::volunteer::checks::{check, for_row, Check, Severity};
use portal_model::volunteer::drafts::Draft;
use portal_model::volunteer::groups::{group_label, GroupIndex};
use portal_model::volunteer::list::{ListError, VolunteerList};
use portal_model::volunteer::placement::{place, Placement};
use portal_model::volunteer::profile::{Profile, PROFILE_KEYS};
use portal_model::volunteer::replay::{replay, Outcome, PARALLEL_EXPLAINED};
use portal_model::volunteer::rules::{rules, BatchRules, VolunteerRules};
use portal_model::volunteer::share::{decode, encode, Decoded};
use portal_model::SchoolId;
use std::rc::Rc;

/// The page's data: what the profile form offers, and the groups of the province and track.
type PlanData = (Vec<ProvinceMeta>, Rc<GroupIndex>);

/// An edit of the shown draft's list, answering a position.
type ListEdit<'a> = &'a dyn Fn(&mut VolunteerList) -> Result<usize, ListError>;

/// Runs an edit on the shown draft: its answer, or `None` (the page shows why).
type Editor = Box<dyn Fn(ListEdit) -> Option<usize>>;

#[component]
pub fn PlanPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let query_map = use_query_map();
    let location = use_location();
    let profile = Memo::new(move |_| {
        let map = query_map.read();
        let pairs: Vec<(&str, String)> =
            PROFILE_KEYS.iter().filter_map(|k| map.get(k).map(|v| (*k, v))).collect();
        Profile::read(&pairs, &choice::load_profile()).0
    });
    // A shared list travels in the fragment; no server ever sees it.
    let shared = Memo::new(move |_| {
        let hash = location.hash.get();
        let text = hash.trim_start_matches('#').to_string();
        (!text.is_empty()).then(|| decode(&text))
    });
    // Whose groups: the link's profile, else the student's.
    let origin = Memo::new(move |_| {
        let from_link = shared.with(|s| s.as_ref().and_then(|d| d.profile.clone()));
        let p = from_link.unwrap_or_else(|| profile.get());
        (p.province, p.track)
    });
    let data = LocalResource::new(move || {
        let api = api.clone();
        let (province, track) = origin.get();
        async move {
            let provinces = api.provinces().await?.as_ref().clone();
            let index = api.group_index(&province, track).await?;
            Ok::<PlanData, ApiError>((provinces, index))
        }
    });
    view! {
        <Title text="志愿表" />
        <Meta name="description" content="按院校专业组排好你的志愿：选专业、服从调剂，检查风险，按往年分数线投档回放，分享、打印志愿草表、下载 CSV。保存在你的设备上，登录后同步到账号。" />
        <Loaded
            resource=data
            skeleton=|| view! { <PageSkeleton heading=true /> }
            // Drawn again when the fragment or the profile changes without new data: a share
            // link pasted into this tab, 保存为我的方案, a new score in the same province.
            view=move |(provinces, index): PlanData| {
                let (provinces, index) = (StoredValue::new(provinces), StoredValue::new_local(index));
                move || match shared.get() {
                    Some(decoded) => view! { <SharedPlan decoded index=index.get_value() /> }.into_any(),
                    None => view! { <OwnPlan provinces=provinces.get_value() index=index.get_value() profile=profile.get() /> }.into_any(),
                }
            }
        />
    }
}

/// The volunteer rules of the index's province in its plan year.
fn rules_of(index: &GroupIndex) -> Option<VolunteerRules> {
    Province::find(&index.province).and_then(|p| rules(p, index.plan_year))
}

/// The student's own drafts.
#[component]
fn OwnPlan(provinces: Vec<ProvinceMeta>, index: Rc<GroupIndex>, profile: Profile) -> impl IntoView {
    let plans = expect_context::<Plans>();
    let navigate = use_navigate();
    let (province, track) = (profile.province.clone(), profile.track);
    let index = StoredValue::new_local(index);
    let volunteer_rules = index.with_value(|ix| rules_of(ix));
    let placement = index.with_value(|ix| place(&profile, ix));
    let profile = StoredValue::new(profile);
    let placement = StoredValue::new(placement);
    // The draft shown: the active one if it is for this province and track, else the latest.
    let shown = {
        let province = province.clone();
        Memo::new(move |_| plans.drafts.with(|d| d.shown(&province, track).cloned()))
    };
    let batch_rules = Memo::new(move |_| {
        let batch = shown.with(|d| d.as_ref().map(|d| d.list.batch));
        volunteer_rules.and_then(|r| batch.and_then(|b| r.batch(b)).or(r.batches.first())).copied()
    });
    let rows = Memo::new(move |_| {
        shown.with(|d| match d {
            Some(d) => index.with_value(|ix| {
                profile.with_value(|p| placement.with_value(|pl| volunteer_rows(&d.list, ix, p, pl)))
            }),
            None => Vec::new(),
        })
    });
    let checks = Memo::new(move |_| {
        shown.with(|d| match d {
            Some(d) => index.with_value(|ix| {
                profile.with_value(|p| {
                    placement.with_value(|pl| check(&d.list, ix, p, pl, batch_rules.get().as_ref()))
                })
            }),
            None => Vec::new(),
        })
    });
    let has_draft = Memo::new(move |_| shown.with(Option::is_some));
    let message = RwSignal::new(None::<String>);
    let announce = RwSignal::new(String::new());
    // Changes the shown draft's list; its answer, or the message why not (shown on the page).
    let edit = {
        let province = province.clone();
        move |f: ListEdit| -> Option<usize> {
            let result = plans.change(|d, stamp| {
                let id = d.shown(&province, track).map(|x| x.id.clone()).ok_or("还没有方案")?;
                d.activate(&id).map_err(|e| e.message())?;
                d.edit(&id, stamp.now(), f).map_err(|e| e.message())?.map_err(|e| e.message())
            });
            match result {
                Ok(v) => {
                    message.set(None);
                    Some(v)
                }
                Err(m) => {
                    message.set(Some(m));
                    None
                }
            }
        }
    };
    let edit: Editor = Box::new(edit);
    let edit = StoredValue::new_local(edit);
    let actions = RowActions { rows, checks, batch_rules, edit, announce, index };
    let on_profile = Callback::new(move |p: Profile| {
        choice::save_profile(&p);
        navigate(paths::plan(Some(&p)).path(), Default::default());
    });
    let title_line = profile.with_value(profile_line);
    let equivalents = placement.with_value(|pl| pl.equivalents_text());
    let standing = placement.with_value(standing_text);
    let rules_text = volunteer_rules.map(|r| {
        let summary = r.batches.iter().map(|b| r.summary(b)).collect::<Vec<_>>().join("");
        (summary, r.source_text())
    });
    let no_groups = index.with_value(|ix| ix.groups.is_empty());
    let cites = index.with_value(|ix| Citations::of_index(&ix.sources, ix.derived_ranks));
    view! {
        <section class="panel plan-head">
            <h1>"志愿表"</h1>
            <p class="muted">{move || if plans.account.with(|a| *a == AccountSync::DeviceOnly) {
                "按院校专业组排好你的志愿。只保存在这台设备的浏览器里，不会上传。"
            } else {
                "按院校专业组排好你的志愿。保存在这台设备上，并同步到你的账号。"
            }}</p>
            <p class="plan-profile"><strong>"考生信息："</strong>{title_line}</p>
            {(!standing.is_empty()).then(|| view! { <p class="plan-standing">{standing}</p> })}
            {(!equivalents.is_empty()).then(|| view! { <p class="rank-equivalents"><strong>"等位分："</strong>{equivalents}</p> })}
            <details class="plan-profile-edit">
                <summary>"修改考生信息"</summary>
                <ProfileForm provinces initial=profile.get_value() on_submit=on_profile submit_label="保存" label="修改考生信息" />
            </details>
            {match rules_text {
                Some((summary, source)) => view! {
                    <p class="plan-rules">{summary}</p>
                    <p class="muted plan-source">{source}</p>
                }
                .into_any(),
                None => view! {
                    <p class="notice notice-warn" role="note">
                        {format!("{}不按院校专业组填报志愿（或尚未实行），这里的志愿表只作整理之用。", province)}
                    </p>
                }
                .into_any(),
            }}
            {no_groups.then(|| view! {
                <p class="notice notice-warn" role="note">{format!("暂无{}{}的院校专业组数据。", province, track.label())}</p>
            })}
        </section>
        <StoredProblems />
        <AccountStatus />
        <DraftBar shown profile=profile.get_value() />
        <p class="form-error plan-message" role="alert">{move || message.get()}</p>
        // Drawn again only when the draft appears or goes: an edit redraws what it changed (the
        // rows are keyed), so focus, open major pickers and scroll stay where they were.
        {move || match has_draft.get() {
            false => view! {
                <section class="panel empty">
                    <p>{format!("还没有{}{}的志愿表。", province, track.label())}</p>
                    <p class="muted">"在位次查询、院校的分数线或招生计划页、院校对比里点“加入志愿表”，就会出现在这里。"</p>
                    <p><a class="button" href=paths::rank(&profile.get_value(), &Default::default()).href()>"去位次查询找专业组"</a></p>
                </section>
            }
            .into_any(),
            true => view! {
                <ChecksPanel rows checks batch_rules />
                <PlanList actions />
                <UndoBar shown actions />
                <ReplayPanel shown placement index />
                <ExportPanel shown rows profile />
            }
            .into_any(),
        }}
        <p class="visually-hidden" role="status" aria-live="polite">{move || announce.get()}</p>
        <SideBySide index />
        <DataSources cites />
        <PrintSheet shown rows profile volunteer_rules />
    }
}

/// 560分约为第18,312名（2025年）.
fn standing_text(p: &Placement) -> String {
    match (p.score, p.rank) {
        (Some(s), Some(r)) => format!("{}年：{s}分，位次约 {}", p.year, portal_model::volunteer::digits(r)),
        (None, Some(r)) => format!("{}年：位次 {}", p.year, portal_model::volunteer::digits(r)),
        (Some(s), None) => format!("{}年：{s}分（没有一分一段表，无法换算位次）", p.year),
        (None, None) => "填写分数或位次后，每个志愿会标出冲、稳、保，并可投档回放。".into(),
    }
}

/// What reading the stored drafts left out.
#[component]
fn StoredProblems() -> impl IntoView {
    let plans = expect_context::<Plans>();
    move || {
        let problems = plans.problems.get();
        (!problems.is_empty()).then(|| view! {
            <section class="notice notice-warn plan-problems" role="alert">
                {problems.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                <button type="button" class="button button-small button-secondary" on:click=move |_| plans.problems.set(Vec::new())>"知道了"</button>
            </section>
        })
    }
}

/// Where the drafts are kept: this device, and the account when signed in (http); after a
/// failed save, why, and 重试.
///
/// The account is saved after every edit, so the status region announces only where the
/// drafts settle (本机, then 已保存到账号 once), never each save: 正在保存 is shown beside it,
/// outside the region, while the settled text waits out of sight.
#[component]
fn AccountStatus() -> impl IntoView {
    let plans = expect_context::<Plans>();
    let session = expect_context::<Session>();
    let demo = expect_context::<Api>().is_demo();
    let saving = move || plans.account.get() == AccountSync::Saving;
    let settled = Memo::new(move |before: Option<&AccountSync>| match plans.account.get() {
        AccountSync::Saving => before.cloned().unwrap_or(AccountSync::DeviceOnly),
        state => state,
    });
    let settled_text = move || match settled.get() {
        AccountSync::Saved => "已保存到账号，在其他设备登录即可看到",
        _ if demo || session.is_signed_in() => "志愿表保存在本机",
        _ => "志愿表保存在本机；登录后同步到账号，换设备也能看到",
    };
    let failure = move || match plans.account.get() {
        AccountSync::Failed(message) => Some(message),
        _ => None,
    };
    view! {
        <p class="plan-sync muted" hidden=move || failure().is_some()>
            <span role="status" class:visually-hidden=saving>{settled_text}</span>
            <span aria-hidden="true" hidden=move || !saving()>"正在保存到账号…"</span>
        </p>
        {move || failure().map(|message| view! {
            <section class="notice notice-warn plan-problems" role="alert">
                <p>{format!("志愿表未能保存到账号：{message}。已保存在本机，可稍后重试。")}</p>
                <button type="button" class="button button-small button-secondary" on:click=move |_| plans.save()>"重试"</button>
            </section>
        })}
    }
}

/// 当前方案 and 新建 / 复制 / 重命名 / 删除.
#[component]
fn DraftBar(shown: Memo<Option<Draft>>, profile: Profile) -> impl IntoView {
    let plans = expect_context::<Plans>();
    let navigate = use_navigate();
    let renaming = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let profile = StoredValue::new(profile);
    let report = move |r: Result<(), String>| error.set(r.err());
    let shown_id = move || shown.with(|d| d.as_ref().map(|d| d.id.clone()));
    let on_pick = move |id: String| {
        let draft = plans.drafts.with_untracked(|d| d.get(&id).cloned());
        let Some(draft) = draft else { return };
        report(plans.change(|d, _| d.activate(&id).map_err(|e| e.message())));
        let p = profile.get_value();
        if (draft.province.as_str(), draft.track) != (p.province.as_str(), p.track) {
            // Another province's draft: the page follows it.
            let next = choice::with_choice(p, &Choice { province: draft.province, track: draft.track });
            choice::save_profile(&next);
            navigate(paths::plan(Some(&next)).path(), Default::default());
        }
    };
    let create = move |_| {
        let p = profile.get_value();
        report(plans.change(|d, stamp| {
            d.create(stamp.id(), &p.province, p.track, stamp.now()).map(|_| ()).map_err(|e| e.message())
        }));
    };
    let copy = move |_| {
        let Some(id) = shown_id() else { return };
        report(
            plans
                .change(|d, stamp| d.copy(&id, stamp.id(), stamp.now()).map(|_| ()).map_err(|e| e.message())),
        );
    };
    let start_rename = move |_| {
        name.set(shown.with_untracked(|d| d.as_ref().map(|d| d.name.clone()).unwrap_or_default()));
        renaming.set(true);
        request_animation_frame(|| focus_by_id("draft-name"));
    };
    let save_name = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = shown_id() else { return };
        let result = plans
            .change(|d, stamp| d.rename(&id, &name.get_untracked(), stamp.now()).map_err(|e| e.message()));
        if result.is_ok() {
            renaming.set(false);
            request_animation_frame(|| focus_by_id("draft-select"));
        }
        report(result);
    };
    let delete = move |_| {
        let Some(id) = shown_id() else { return };
        report(plans.change(|d, stamp| d.delete(&id, stamp.now()).map(|_| ()).map_err(|e| e.message())));
        deleting.set(false);
        request_animation_frame(|| focus_by_id("draft-new"));
    };
    view! {
        <section class="panel draft-bar" aria-labelledby="draft-heading">
            <h2 id="draft-heading" class="visually-hidden">"方案"</h2>
            {move || {
                let drafts = plans.drafts.get().drafts;
                let on_pick = on_pick.clone();
                (!drafts.is_empty()).then(|| {
                    let current = shown_id().unwrap_or_default();
                    // Stepping through the drafts with the keys switches once, on Enter or leaving.
                    let placeholder = (!drafts.iter().any(|d| d.id == current))
                        .then(|| (String::new(), "（选择方案）".to_string()));
                    let options: Vec<(String, String)> = placeholder
                        .into_iter()
                        .chain(drafts.into_iter().map(|d| {
                            let label = format!("{}（{}个，{}{}）", d.name, d.list.len(), d.province, d.track.label());
                            (d.id, label)
                        }))
                        .collect();
                    let selected = Signal::derive(move || shown_id().unwrap_or_default());
                    view! { <FilterSelect id="draft-select" label="当前方案" options selected on_pick=move |id| on_pick(id) /> }
                })
            }}
            <div class="draft-actions">
                <button id="draft-new" type="button" class="button button-small button-secondary" on:click=create>"新建方案"</button>
                <Show when=move || shown.with(Option::is_some)>
                    <button type="button" class="button button-small button-secondary" on:click=copy>"复制"</button>
                    <button type="button" class="button button-small button-secondary" on:click=start_rename>"重命名"</button>
                    <button type="button" class="button button-small button-secondary" on:click=move |_| deleting.set(true)>"删除"</button>
                </Show>
            </div>
            <Show when=move || renaming.get()>
                <form class="draft-rename" on:submit=save_name>
                    <label for="draft-name">"方案名称"</label>
                    <input id="draft-name" type="text" maxlength="20" bind:value=name />
                    <button type="submit" class="button button-small">"保存名称"</button>
                    <button type="button" class="button button-small button-secondary" on:click=move |_| renaming.set(false)>"取消"</button>
                </form>
            </Show>
            <Show when=move || deleting.get()>
                <div class="draft-delete" role="group" aria-label="确认删除">
                    <p>{move || format!("删除“{}”？删除后无法恢复。", shown.with(|d| d.as_ref().map(|d| d.name.clone()).unwrap_or_default()))}</p>
                    <button type="button" class="button button-small button-danger" on:click=delete>"确认删除"</button>
                    <button type="button" class="button button-small button-secondary" on:click=move |_| deleting.set(false)>"取消"</button>
                </div>
            </Show>
            <p class="form-error" role="alert">{move || error.get()}</p>
        </section>
    }
}

/// What every row's buttons need.
#[derive(Clone, Copy)]
struct RowActions {
    rows: Memo<Vec<VolunteerRow>>,
    checks: Memo<Vec<Check>>,
    batch_rules: Memo<Option<BatchRules>>,
    edit: StoredValue<Editor, LocalStorage>,
    announce: RwSignal<String>,
    index: StoredValue<Rc<GroupIndex>, LocalStorage>,
}

/// A row's key, and a prefix for its controls' ids.
type RowKey = (SchoolId, String);

fn dom_id(key: &RowKey, what: &str) -> String {
    format!("plan-{}-{}-{what}", key.0, portal_model::hex::encode(key.1.as_bytes()))
}

impl RowActions {
    fn position(self, key: &RowKey) -> Option<usize> {
        self.rows.with_untracked(|rows| rows.iter().position(|r| r.school == key.0 && r.group == key.1))
    }

    fn run(self, f: ListEdit) -> Option<usize> {
        self.edit.with_value(|edit| edit(f))
    }

    /// Moves a row to `to`, then says where it went (and its band) and keeps focus on `focus`.
    fn move_to(self, key: &RowKey, to: usize, focus: &str) {
        let Some(from) = self.position(key) else { return };
        if let Some(now) = self.run(&|l| l.move_to(from, to)) {
            let said = self.rows.with_untracked(|rows| rows.get(now).map(|r| r.announcement.clone()));
            let edge = if now == from {
                if to < from || to == 0 {
                    "已经是第一个志愿。"
                } else {
                    "已经是最后一个志愿。"
                }
            } else {
                ""
            };
            self.announce.set(format!("{edge}{}", said.unwrap_or_default()));
        }
        let id = dom_id(key, focus);
        request_animation_frame(move || focus_by_id(&id));
    }
}

/// The rows, keyed, so a move only moves them.
#[component]
fn PlanList(actions: RowActions) -> impl IntoView {
    let dragging = RwSignal::new(None::<RowKey>);
    let over = RwSignal::new(None::<RowKey>);
    view! {
        <section class="panel plan-list-panel" aria-labelledby="plan-list-heading">
            <div class="section-head">
                <h2 id="plan-list-heading">"我的志愿"</h2>
                <span class="muted">{move || {
                    let n = actions.rows.with(Vec::len);
                    match actions.batch_rules.get() {
                        Some(r) => format!("{}：已填 {n} / {} 个", r.batch.label(), r.groups),
                        None => format!("已填 {n} 个"),
                    }
                }}</span>
            </div>
            <p class="muted plan-list-hint">"平行志愿按顺序检索：冲的放前面，稳的放中间，保的放最后。电脑上可以拖动排序，也可以用每个志愿的“上移”“下移”。"</p>
            <Show when=move || actions.rows.with(Vec::is_empty)>
                <p class="empty">"这个方案还没有志愿。去位次查询、院校的分数线或招生计划页点“加入志愿表”。"</p>
            </Show>
            <ol class="plan-list">
                <For
                    each=move || actions.rows.get()
                    key=|r: &VolunteerRow| (r.school, r.group.clone())
                    children=move |r: VolunteerRow| view! { <PlanRow first=r actions dragging over /> }
                />
            </ol>
        </section>
    }
}

/// One volunteer: what does not change for its group is drawn once; its position, majors,
/// 调剂 and checks follow the list.
#[component]
fn PlanRow(
    first: VolunteerRow,
    actions: RowActions,
    dragging: RwSignal<Option<RowKey>>,
    over: RwSignal<Option<RowKey>>,
) -> impl IntoView {
    let key: RowKey = (first.school, first.group.clone());
    let row = {
        let key = key.clone();
        Memo::new(move |_| {
            actions.rows.with(|rows| rows.iter().find(|r| r.school == key.0 && r.group == key.1).cloned())
        })
    };
    let position = Memo::new(move |_| row.with(|r| r.as_ref().map_or(0, |r| r.position)));
    let title = first.title();
    let key = StoredValue::new(key);
    let id = move |what: &str| key.with_value(|k| dom_id(k, what));
    let total = move || actions.rows.with(Vec::len);
    let up =
        move |_| key.with_value(|k| actions.move_to(k, position.get_untracked().saturating_sub(1), "up"));
    let down = move |_| key.with_value(|k| actions.move_to(k, position.get_untracked() + 1, "down"));
    let remove = move |_| {
        let at = position.get_untracked();
        if actions.run(&|l| l.remove(at).map(|_| at)).is_some() {
            actions.announce.set(format!("已移除第{}个志愿", at + 1));
            request_animation_frame(|| focus_by_id("plan-undo"));
        }
    };
    let set_adjust = move |yes: bool| {
        let at = position.get_untracked();
        actions.run(&|l| l.set_adjust(at, yes).map(|_| at));
    };
    let row_checks = move || {
        let at = position.get();
        actions.checks.with(|all| for_row(all, at).map(|c| (c.severity(), c.message())).collect::<Vec<_>>())
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        let from = dragging.get_untracked();
        dragging.set(None);
        over.set(None);
        if let Some(from) = from {
            let to = position.get_untracked();
            actions.move_to(&from, to, "up");
        }
    };
    let is_over = move || over.with(|o| key.with_value(|k| o.as_ref() == Some(k)));
    let requirement = first.requirement.clone();
    let known = first.known;
    view! {
        <li
            class="plan-row"
            class:drag-over=is_over
            class:ineligible=move || row.with(|r| r.as_ref().is_some_and(|r| !r.eligible))
            on:dragover=move |ev: leptos::ev::DragEvent| {
                if dragging.with_untracked(Option::is_some) {
                    ev.prevent_default();
                    over.set(Some(key.get_value()));
                }
            }
            on:drop=on_drop
        >
            <div class="plan-row-head">
                <span
                    class="drag-handle"
                    draggable="true"
                    title="拖动排序"
                    aria-hidden="true"
                    on:dragstart=move |ev: leptos::ev::DragEvent| {
                        if let Some(t) = ev.data_transfer() {
                            let _ = t.set_data("text/plain", &title_for_drag(&key.get_value()));
                            t.set_effect_allowed("move");
                        }
                        dragging.set(Some(key.get_value()));
                    }
                    on:dragend=move |_| {
                        dragging.set(None);
                        over.set(None);
                    }
                >"⠿"</span>
                <span class="plan-number" aria-hidden="true">{move || position.get() + 1}</span>
                <h3 class="plan-row-title">
                    <span class="visually-hidden">{move || format!("第{}个志愿：", position.get() + 1)}</span>
                    {title.clone()}
                </h3>
                <span>{move || view! { <BandBadge band=row.with(|r| r.as_ref().and_then(|r| r.band)) /> }}</span>
            </div>
            {known.then(|| view! {
                <p class="group-subjects">
                    {format!("院校代码 {} · 专业组代码 {} · 选科要求：{requirement}", first.school_code, first.group)}
                    {move || row.with(|r| r.as_ref().is_some_and(|r| !r.eligible)).then(|| view! { <strong class="ineligible-mark">" 不符合你的选科要求"</strong> })}
                </p>
                <crate::components::volunteer::GroupLines lines=first.lines.clone() />
            })}
            {first.change.clone().map(|c| view! { <p class="group-change">{c}</p> })}
            {known.then(|| view! { <MajorPicker key=key.get_value() row actions /> })}
            <label class="check plan-adjust">
                <input
                    type="checkbox"
                    prop:checked=move || row.with(|r| r.as_ref().is_some_and(|r| r.adjust))
                    on:change:target=move |ev| set_adjust(ev.target().checked())
                />
                "服从专业调剂"
            </label>
            <ul class="check-list">
                {move || row_checks().into_iter().map(|(s, m)| view! { <li class=severity_class(s)><span class="check-label">{severity_label(s)}</span>{m}</li> }).collect_view()}
            </ul>
            <div class="plan-row-actions">
                <button
                    id=id("up")
                    type="button"
                    class="button button-small button-secondary"
                    aria-disabled=move || (position.get() == 0).to_string()
                    on:click=up
                >
                    "上移" <span class="visually-hidden">{title.clone()}</span>
                </button>
                <button
                    id=id("down")
                    type="button"
                    class="button button-small button-secondary"
                    aria-disabled=move || (position.get() + 1 >= total()).to_string()
                    on:click=down
                >
                    "下移" <span class="visually-hidden">{title.clone()}</span>
                </button>
                <button id=id("remove") type="button" class="button button-small button-secondary" on:click=remove>
                    "移除" <span class="visually-hidden">{title.clone()}</span>
                </button>
            </div>
        </li>
    }
}

fn title_for_drag(key: &RowKey) -> String {
    format!("{}-{}", key.0, key.1)
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "check-error",
        Severity::Warning => "check-warning",
        _ => "check-info",
    }
}

fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "注意",
        _ => "提示",
    }
}

/// The row's majors in order (up to the batch's number), chosen from the group's plan.
#[component]
fn MajorPicker(key: RowKey, row: Memo<Option<VolunteerRow>>, actions: RowActions) -> impl IntoView {
    let open = RwSignal::new(false);
    let key = StoredValue::new(key);
    let limit = move || actions.batch_rules.get().map_or(6, |r| r.majors);
    let chosen = move || row.with(|r| r.as_ref().map(|r| r.chosen.clone()).unwrap_or_default());
    let offered = move || row.with(|r| r.as_ref().map(|r| r.offered.clone()).unwrap_or_default());
    // Sets the chosen codes, then puts focus back on `focus` (the control that was pressed, or
    // the one now in its place).
    let set = move |codes: Vec<String>, focus: String| {
        let Some(at) = actions.position(&key.get_value()) else { return };
        let Some(rules) = actions.batch_rules.get_untracked() else { return };
        let (school, code) = key.get_value();
        let done = actions.index.with_value(|ix| match ix.group(school, &code) {
            Some(group) => {
                let group = group.clone();
                actions.run(&move |l| l.set_majors(at, &codes, &group, &rules).map(|_| at))
            }
            None => None,
        });
        if done.is_some() {
            request_animation_frame(move || focus_by_id(&focus));
        }
    };
    let summary = move || {
        let c = chosen();
        let names: Vec<String> = c
            .iter()
            .map(|m| if m.name.is_empty() { format!("代码{}", m.code) } else { m.name.clone() })
            .collect();
        if names.is_empty() {
            format!("专业志愿：还没有选（最多{}个）", limit())
        } else {
            format!("专业志愿（{}/{}）：{}", names.len(), limit(), names.join("、"))
        }
    };
    let base = key.with_value(|k| dom_id(k, "major"));
    view! {
        <details class="plan-majors" prop:open=move || open.get() on:toggle:target=move |ev| open.set(ev.target().open())>
            <summary>{summary}</summary>
            <ol class="chosen-majors">
                {let base = base.clone(); move || {
                    let c = chosen();
                    let n = c.len();
                    let codes: Vec<String> = c.iter().map(|m| m.code.clone()).collect();
                    c.into_iter()
                        .enumerate()
                        .map(|(i, m)| {
                            let name = if m.name.is_empty() { format!("代码{}（今年不招生）", m.code) } else { format!("{}（代码{}）", m.name, m.code) };
                            let (up_codes, down_codes, rest) = (codes.clone(), codes.clone(), codes.clone());
                            let base = base.clone();
                            let up_id = format!("{base}-{i}-up");
                            let down_id = format!("{base}-{i}-down");
                            view! {
                                <li>
                                    <span class="major-name">{name.clone()}</span>
                                    <span class="major-actions">
                                        <button id=up_id type="button" class="link-button" aria-disabled=(i == 0).to_string()
                                            on:click={ let base = base.clone(); move |_| if i > 0 {
                                                let mut c = up_codes.clone();
                                                c.swap(i, i - 1);
                                                set(c, format!("{base}-{}-up", i - 1));
                                            }}>
                                            "上移"<span class="visually-hidden">{name.clone()}</span>
                                        </button>
                                        <button id=down_id type="button" class="link-button" aria-disabled=(i + 1 >= n).to_string()
                                            on:click={ let base = base.clone(); move |_| if i + 1 < n {
                                                let mut c = down_codes.clone();
                                                c.swap(i, i + 1);
                                                set(c, format!("{base}-{}-down", i + 1));
                                            }}>
                                            "下移"<span class="visually-hidden">{name.clone()}</span>
                                        </button>
                                        <button type="button" class="link-button"
                                            on:click={ let base = base.clone(); move |_| {
                                                let mut c = rest.clone();
                                                c.remove(i);
                                                set(c, format!("{base}-add"));
                                            }}>
                                            "去掉"<span class="visually-hidden">{name.clone()}</span>
                                        </button>
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            <p class="muted" id=format!("{base}-add") tabindex="-1">"可选专业（按招生计划）："</p>
            <ul class="offered-majors">
                {let base = base.clone(); move || {
                    let chosen_codes: Vec<String> = chosen().into_iter().map(|m| m.code).collect();
                    let full = chosen_codes.len() >= limit();
                    offered()
                        .into_iter()
                        .filter(|m| !chosen_codes.contains(&m.code))
                        .map(|m| {
                            let tuition = m.tuition.map(|t| format!("，学费{t}元")).unwrap_or_default();
                            let text = format!("{}（代码{}，计划{}人{tuition}）", m.name, m.code, m.places);
                            let mut next = chosen_codes.clone();
                            next.push(m.code.clone());
                            let focus = format!("{}-add", base.clone());
                            view! {
                                <li>
                                    <span>{text}</span>
                                    <button type="button" class="link-button" aria-disabled=full.to_string()
                                        on:click=move |_| if !full { set(next.clone(), focus.clone()) }>
                                        "选择"<span class="visually-hidden">{m.name.clone()}</span>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </details>
    }
}

/// 撤销 the last removal.
#[component]
fn UndoBar(shown: Memo<Option<Draft>>, actions: RowActions) -> impl IntoView {
    let removed = Memo::new(move |_| {
        shown.with(|d| {
            d.as_ref().and_then(|d| d.list.last_removed()).map(|r| {
                actions.index.with_value(|ix| match ix.school(r.school) {
                    Some(s) => format!("{}{}", s.name, group_label(&r.group)),
                    None => group_label(&r.group),
                })
            })
        })
    });
    let undo = move |_| {
        if let Some(at) = actions.run(&|l| l.undo_remove()) {
            let said = actions.rows.with_untracked(|rows| {
                rows.get(at).map(|r| (r.announcement.clone(), (r.school, r.group.clone())))
            });
            if let Some((text, key)) = said {
                actions.announce.set(format!("已撤销移除。{text}"));
                let id = dom_id(&key, "remove");
                request_animation_frame(move || focus_by_id(&id));
            }
        }
    };
    view! {
        <Show when=move || removed.with(Option::is_some)>
            <div class="notice undo-bar">
                <span>{move || format!("已移除 {}", removed.get().unwrap_or_default())}</span>
                <button id="plan-undo" type="button" class="button button-small" on:click=undo>"撤销"</button>
            </div>
        </Show>
    }
}

/// What is wrong or risky, for the whole list.
#[component]
fn ChecksPanel(
    rows: Memo<Vec<VolunteerRow>>,
    checks: Memo<Vec<Check>>,
    batch_rules: Memo<Option<BatchRules>>,
) -> impl IntoView {
    let counts = move || {
        rows.with(|rs| {
            let n = |b: Band| rs.iter().filter(|r| r.band == Some(b)).count();
            format!("冲 {} · 稳 {} · 保 {}", n(Band::Reach), n(Band::Match), n(Band::Safe))
        })
    };
    // The list's own findings, and the errors and warnings of its rows (notes stay on the rows).
    let shown = move || {
        checks.with(|all| {
            all.iter()
                .filter(|c| c.row().is_none() || c.severity() != Severity::Info)
                .map(|c| (c.severity(), c.message()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="panel plan-checks" aria-labelledby="checks-heading">
            <div class="section-head">
                <h2 id="checks-heading">"检查结果"</h2>
                <span class="muted">{counts}</span>
            </div>
            {move || {
                let found = shown();
                if found.is_empty() {
                    view! { <p class="check-ok">{move || if rows.with(Vec::is_empty) { "还没有志愿。" } else { "没有发现问题。" }}</p> }.into_any()
                } else {
                    view! {
                        <ul class="check-list">
                            {found.into_iter().map(|(s, m)| view! { <li class=severity_class(s)><span class="check-label">{severity_label(s)}</span>{m}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
            {move || batch_rules.get().is_none().then(|| view! { <p class="muted">"没有找到该省份的志愿规则，未检查志愿数量。"</p> })}
        </section>
    }
}

/// 投档回放 against a chosen past year, with how 平行志愿 投档 works beside it.
#[component]
fn ReplayPanel(
    shown: Memo<Option<Draft>>,
    placement: StoredValue<Placement>,
    index: StoredValue<Rc<GroupIndex>, LocalStorage>,
) -> impl IntoView {
    let years: Vec<u16> = index.with_value(|ix| ix.years.iter().rev().copied().collect());
    let year = RwSignal::new(years.first().copied());
    let result = Memo::new(move |_| {
        let y = year.get()?;
        shown.with(|d| {
            let d = d.as_ref()?;
            Some(index.with_value(|ix| placement.with_value(|pl| replay(&d.list, ix, pl, y))))
        })
    });
    let names = Memo::new(move |_| {
        shown.with(|d| {
            d.as_ref()
                .map(|d| {
                    index.with_value(|ix| {
                        d.list
                            .rows
                            .iter()
                            .map(|r| match ix.school(r.school) {
                                Some(s) => format!("{}{}", s.name, group_label(&r.group)),
                                None => group_label(&r.group),
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .unwrap_or_default()
        })
    });
    view! {
        <section class="panel plan-replay" aria-labelledby="replay-heading">
            <div class="section-head"><h2 id="replay-heading">"投档回放"</h2></div>
            <div class="replay-layout">
                <div>
                    <div class="filter">
                        <label for="replay-year">"按哪一年的分数线回放"</label>
                        <select id="replay-year" on:change:target=move |ev| year.set(ev.target().value().parse().ok())>
                            {years.iter().map(|y| { let y = *y; view! { <option value=y.to_string() selected=move || year.get() == Some(y)>{format!("{y}年")}</option> } }).collect_view()}
                        </select>
                    </div>
                    {move || match result.get() {
                        None => view! { <p class="muted">"没有往年的分数线可以回放。"</p> }.into_any(),
                        Some(Err(e)) => view! { <p class="notice notice-warn">{e.message()}</p> }.into_any(),
                        Some(Ok(r)) => {
                            let names = names.get();
                            let taken = r.taken();
                            view! {
                                <p class="replay-summary" role="status">{r.summary()}</p>
                                <ol class="replay-rows">
                                    {(0..r.rows.len())
                                        .map(|i| {
                                            let class = match r.rows.get(i) {
                                                Some(Outcome::Taken { .. }) => "replay-taken",
                                                Some(Outcome::OutOfReach { .. }) => "replay-missed",
                                                _ => "replay-skipped",
                                            };
                                            view! {
                                                <li class=class aria-current=(taken == Some(i)).then_some("true")>
                                                    <strong>{names.get(i).cloned().unwrap_or_default()}</strong>
                                                    "：" {r.row_text(i).unwrap_or_default()}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                                <p class="muted">"回放只用往年的最低分和你的等位分比较，不代表今年的结果。"</p>
                            }
                            .into_any()
                        }
                    }}
                </div>
                <aside class="replay-explained" aria-labelledby="parallel-heading">
                    <h3 id="parallel-heading">"平行志愿怎么投档"</h3>
                    <p>{PARALLEL_EXPLAINED}</p>
                </aside>
            </div>
        </section>
    }
}

/// The share link (list and profile in its fragment), its QR code, print and CSV.
#[component]
fn ExportPanel(
    shown: Memo<Option<Draft>>,
    rows: Memo<Vec<VolunteerRow>>,
    profile: StoredValue<Profile>,
) -> impl IntoView {
    let link = Memo::new(move |_| {
        shown.with(|d| {
            d.as_ref()
                .map(|d| {
                    let text = profile.with_value(|p| encode(p, &d.list));
                    format!("{}{}", crate::browser::share::origin(), paths::plan_shared(&text).href())
                })
                .unwrap_or_default()
        })
    });
    let status = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let copy = move |_| {
        let url = link.get_untracked();
        leptos::task::spawn_local(async move {
            status.set(match crate::browser::share::copy_text(&url).await {
                Ok(()) => "链接已复制。打开链接就能看到这张志愿表，不需要登录。".into(),
                Err(()) => "无法自动复制，请长按下面的链接手动复制。".into(),
            });
            open.set(true);
        });
    };
    let file_name = move || {
        let (name, p) = (
            shown.with_untracked(|d| d.as_ref().map(|d| d.name.clone()).unwrap_or_default()),
            profile.get_value(),
        );
        csv::file_name(&["志愿表", &name, &p.province, p.track.label()])
    };
    view! {
        <section class="panel plan-export" aria-labelledby="export-heading">
            <div class="section-head"><h2 id="export-heading">"分享、打印、下载"</h2></div>
            <div class="plan-export-actions">
                <button type="button" class="button button-small" on:click=copy>"复制分享链接"</button>
                <button type="button" class="button button-small button-secondary" aria-expanded=move || open.get().to_string() aria-controls="plan-share-panel" on:click=move |_| open.update(|o| *o = !*o)>
                    "显示链接和二维码"
                </button>
                <button type="button" class="button button-small button-secondary" on:click=move |_| crate::browser::dom::print()>"打印志愿草表"</button>
                {move || {
                    let name = file_name();
                    view! { <CsvButton file_name=name header=&CSV_HEADER rows=move || csv_rows(&rows.get_untracked()) /> }
                }}
            </div>
            <p class="share-status" role="status">{move || status.get()}</p>
            <div id="plan-share-panel" class="plan-share" hidden=move || !open.get()>
                <label for="plan-share-link">"分享链接（志愿表就在链接里，不经过服务器）"</label>
                <input id="plan-share-link" type="text" readonly prop:value=move || link.get() on:focus:target=move |ev| ev.target().select() />
                {move || open.get().then(|| view! { <QrCodeImage text=link.get() label="志愿表分享链接的二维码" /> })}
                <p class="muted">"用手机扫码或发送链接，对方打开后可以查看，也可以保存为自己的方案。"</p>
            </div>
        </section>
    }
}

/// Two drafts side by side.
#[component]
fn SideBySide(index: StoredValue<Rc<GroupIndex>, LocalStorage>) -> impl IntoView {
    let plans = expect_context::<Plans>();
    let left = RwSignal::new(None::<String>);
    let right = RwSignal::new(None::<String>);
    let ids = Memo::new(move |_| {
        plans.drafts.with(|d| d.drafts.iter().map(|x| (x.id.clone(), x.name.clone())).collect::<Vec<_>>())
    });
    let pick = move |slot: RwSignal<Option<String>>, fallback: usize| {
        move || {
            slot.get()
                .filter(|id| ids.with(|all| all.iter().any(|(i, _)| i == id)))
                .or_else(|| ids.with(|all| all.get(fallback).map(|(i, _)| i.clone())))
        }
    };
    let column = move |slot: RwSignal<Option<String>>,
                       fallback: usize,
                       select_id: &'static str,
                       label: &'static str| {
        let chosen = pick(slot, fallback);
        let other = pick(if fallback == 0 { right } else { left }, 1 - fallback);
        view! {
            <div class="side-column">
                <div class="filter">
                    <label for=select_id>{label}</label>
                    <select id=select_id on:change:target=move |ev| slot.set(Some(ev.target().value()))>
                        {move || {
                            let current = chosen();
                            ids.get().into_iter().map(|(id, name)| { let selected = current.as_deref() == Some(id.as_str()); view! { <option value=id selected=selected>{name}</option> } }).collect_view()
                        }}
                    </select>
                </div>
                {move || {
                    let (Some(id), other_id) = (chosen(), other()) else { return None };
                    let draft = plans.drafts.with(|d| d.get(&id).cloned())?;
                    let others: Vec<(SchoolId, String)> = other_id
                        .and_then(|o| plans.drafts.with(|d| d.get(&o).map(|x| x.list.rows.iter().map(|r| (r.school, r.group.clone())).collect())))
                        .unwrap_or_default();
                    Some(view! {
                        <ol class="side-list">
                            {draft.list.rows.iter().map(|r| {
                                let name = index.with_value(|ix| ix.school(r.school).filter(|_| ix.province == draft.province && ix.track == draft.track).map(|s| s.name.clone()))
                                    .unwrap_or_else(|| format!("院校{}", r.school));
                                let only = !others.contains(&(r.school, r.group.clone()));
                                view! {
                                    <li class:only-here=only>
                                        {format!("{name}{}", group_label(&r.group))}
                                        {only.then(|| view! { <span class="badge">"仅此方案"</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    })
                }}
            </div>
        }
    };
    view! {
        <Show when=move || ids.with(|all| all.len() >= 2)>
            <section class="panel side-by-side" aria-labelledby="side-heading">
                <div class="section-head"><h2 id="side-heading">"两个方案并排"</h2></div>
                <div class="side-columns">
                    {column(left, 0, "side-left", "左边")}
                    {column(right, 1, "side-right", "右边")}
                </div>
            </section>
        </Show>
    }
}

/// The 志愿草表 as printed (A4, style/main.css `@media print`): the official codes, the
/// profile, the date and the note that it is a reference, not a promise. Not shown on screen.
#[component]
fn PrintSheet(
    shown: Memo<Option<Draft>>,
    rows: Memo<Vec<VolunteerRow>>,
    profile: StoredValue<Profile>,
    volunteer_rules: Option<VolunteerRules>,
) -> impl IntoView {
    let today = {
        let d = js_sys::Date::new_0();
        print_date(d.get_full_year(), d.get_month() + 1, d.get_date())
    };
    // The rule of the draft's own batch: the sheet is one batch's list.
    let rules_line = move || {
        shown.with(|d| {
            let (rules, draft) = (volunteer_rules.as_ref()?, d.as_ref()?);
            rules.batch(draft.list.batch).map(|b| rules.summary(b))
        })
    };
    view! {
        <section class="plan-print" aria-label="志愿草表（打印用）">
            <h2>{move || format!("志愿草表 · {}", shown.with(|d| d.as_ref().map(|d| d.name.clone()).unwrap_or_default()))}</h2>
            <p>{format!("考生信息：{}", profile.with_value(profile_line))}</p>
            <p>{move || format!("打印日期：{today}　　{}", rules_line().unwrap_or_default())}</p>
            <table class="print-table">
                <thead>
                    <tr>
                        <th scope="col">"序号"</th>
                        <th scope="col">"院校代码"</th>
                        <th scope="col">"院校名称"</th>
                        <th scope="col">"专业组代码"</th>
                        <th scope="col">"选科要求"</th>
                        <th scope="col">"专业志愿（专业代码 名称）"</th>
                        <th scope="col">"服从调剂"</th>
                        <th scope="col">"参考"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || rows.get().into_iter().map(|r| view! {
                        <tr>
                            <td>{r.position + 1}</td>
                            <td>{r.school_code.clone()}</td>
                            <td>{if r.known { r.school_name.clone() } else { r.title() }}</td>
                            <td>{r.group.clone()}</td>
                            <td>{r.requirement.clone()}</td>
                            <td>{r.chosen.iter().enumerate().map(|(i, m)| format!("{}. {} {}", i + 1, m.code, m.name)).collect::<Vec<_>>().join("；")}</td>
                            <td>{if r.adjust { "是" } else { "否" }}</td>
                            <td>{r.band.map(|b| b.label()).unwrap_or("—")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="print-note">"本表由海峡高考门户按往年数据生成，仅供参考，不是录取承诺。冲、稳、保和投档回放都基于往年分数线和位次，今年的录取以省教育考试院公布的结果为准。正式填报请在省教育考试院志愿填报系统中核对院校代码、专业组代码和专业代码。"</p>
        </section>
    }
}

/// A list opened from a share link: shown read-only, with what was left out, until saved.
#[component]
fn SharedPlan(decoded: Decoded, index: Rc<GroupIndex>) -> impl IntoView {
    let plans = expect_context::<Plans>();
    let navigate = use_navigate();
    let mut decoded = decoded;
    let volunteer_rules = rules_of(&index);
    let batch_rules = volunteer_rules.and_then(|r| r.batch(decoded.list.batch).copied());
    if decoded.profile.is_some() {
        decoded.keep_known(&index, batch_rules.as_ref());
    }
    let messages = decoded.messages();
    let Some(profile) = decoded.profile.clone() else {
        return view! {
            <section class="panel">
                <h1>"志愿表"</h1>
                <div class="notice notice-error" role="alert">
                    {messages.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
                </div>
                <p><a class="button" href=paths::plan(None).href()>"打开我的志愿表"</a></p>
            </section>
        }
        .into_any();
    };
    let placement = place(&profile, &index);
    let list = decoded.list.clone();
    let rows = volunteer_rows(&list, &index, &profile, &placement);
    let checks = check(&list, &index, &profile, &placement, batch_rules.as_ref());
    let replayed = index.years.last().and_then(|y| replay(&list, &index, &placement, *y).ok());
    let error = RwSignal::new(None::<String>);
    let save = {
        let (profile, list) = (profile.clone(), list.clone());
        move |_| {
            let result = plans.change(|d, stamp| {
                let id = d
                    .create(stamp.id(), &profile.province, profile.track, stamp.now())
                    .map_err(|e| e.message())?;
                d.edit(&id, stamp.now(), |l| *l = list.clone()).map_err(|e| e.message())?;
                Ok(id)
            });
            match result {
                Ok(_) => {
                    choice::save_profile(&profile);
                    navigate(paths::plan(Some(&profile)).path(), Default::default());
                }
                Err(m) => error.set(Some(m)),
            }
        }
    };
    let count = rows.len();
    view! {
        <section class="panel plan-head">
            <h1>"志愿表（分享）"</h1>
            <p class="notice" role="note">"这是通过链接分享的志愿表，只在这里查看，不会改动你自己的方案。保存后可以修改。"</p>
            <p class="plan-profile"><strong>"考生信息："</strong>{profile_line(&profile)}</p>
            {(!messages.is_empty()).then(|| view! {
                <div class="notice notice-warn" role="alert">
                    <p><strong>"链接中有些内容无法使用，已略过："</strong></p>
                    <ul>{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            })}
            <p class="plan-export-actions">
                <button type="button" class="button" on:click=save>"保存为我的方案"</button>
                <a class="button button-secondary" href=paths::plan(None).href()>"返回我的志愿表"</a>
            </p>
            <p class="form-error" role="alert">{move || error.get()}</p>
        </section>
        <section class="panel" aria-labelledby="shared-list-heading">
            <div class="section-head">
                <h2 id="shared-list-heading">{format!("分享的志愿（{count}个）")}</h2>
            </div>
            <ol class="plan-list">
                {rows.iter().map(|r| view! {
                    <li class="plan-row" class:ineligible=!r.eligible>
                        <div class="plan-row-head">
                            <span class="plan-number" aria-hidden="true">{r.position + 1}</span>
                            <h3 class="plan-row-title">{r.title()}</h3>
                            <BandBadge band=r.band />
                        </div>
                        <p class="group-subjects">{format!("选科要求：{}", r.requirement)}</p>
                        <p>{if r.chosen.is_empty() { "专业志愿：未选".to_string() } else { format!("专业志愿：{}", r.chosen.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join("、")) }}</p>
                        <p>{if r.adjust { "服从专业调剂" } else { "不服从专业调剂" }}</p>
                        <ul class="check-list">
                            {for_row(&checks, r.position).map(|c| view! { <li class=severity_class(c.severity())><span class="check-label">{severity_label(c.severity())}</span>{c.message()}</li> }).collect_view()}
                        </ul>
                    </li>
                }).collect_view()}
            </ol>
            {replayed.map(|r| view! { <p class="replay-summary">{r.summary()}</p> })}
        </section>
    }
    .into_any()
}

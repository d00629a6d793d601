//! How a school appears: its badge, its row in lists, and its header on its own pages.

use super::compare::CompareButton;
use super::follow::FollowButton;
use super::qr::QrCodeImage;
use crate::paths;
use leptos::prelude::*;
use portal_model::{OfficialAccount, SchoolCard, SchoolId};

/// Dark colours (white text stays readable on each) for school badges.
const BADGE_COLOURS: [&str; 8] =
    ["#1d4e89", "#9a3412", "#166534", "#6b21a8", "#0f766e", "#9f1239", "#3730a3", "#854d0e"];

/// A generated badge: the school's short name on a colour picked from its id. Decorative (the
/// name is always written beside it).
#[component]
pub fn SchoolLogo(
    id: SchoolId,
    #[prop(into)] short_name: String,
    #[prop(optional)] large: bool,
) -> impl IntoView {
    let colour = BADGE_COLOURS[id as usize % BADGE_COLOURS.len()];
    let chars: Vec<char> = short_name.chars().take(4).collect();
    let size = if large { 72 } else { 48 };
    // Four characters (江西机电) sit in two rows, as on a seal; fewer on one line.
    let lines: Vec<(String, &str, &str)> = match chars.len() {
        4 => vec![(chars[..2].iter().collect(), "22", "12.5"), (chars[2..].iter().collect(), "36", "12.5")],
        3 => vec![(chars.iter().collect(), "29", "12")],
        _ => vec![(chars.iter().collect(), "29.5", "15")],
    };
    view! {
        <svg class="school-logo" width=size height=size viewBox="0 0 48 48" aria-hidden="true" focusable="false">
            <rect width="48" height="48" rx="12" fill=colour />
            <circle cx="24" cy="24" r="20" fill="none" stroke="#fff" stroke-opacity="0.35" stroke-width="1.5" />
            {lines
                .into_iter()
                .map(|(text, y, size)| view! {
                    <text x="24" y=y text-anchor="middle" font-size=size font-weight="700" fill="#fff">{text}</text>
                })
                .collect_view()}
        </svg>
    }
}

/// 高职专科 · 理工类 · 公办 · 江西 南昌: the one way a school's facts read, wherever it is listed.
pub fn school_facts(school: &SchoolCard) -> String {
    let mut parts = vec![
        school.level.label().to_string(),
        school.kind.label().to_string(),
        school.nature.label().to_string(),
    ];
    let place = if school.province == school.city || school.city.is_empty() {
        school.province.clone()
    } else {
        format!("{} {}", school.province, school.city)
    };
    if !place.trim().is_empty() {
        parts.push(place);
    }
    parts.join(" · ")
}

#[component]
fn SchoolTags(tags: Vec<String>) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <ul class="chips" aria-label="院校标签">
                {tags.into_iter().map(|t| view! { <li class="chip">{t}</li> }).collect_view()}
            </ul>
        }
    })
}

/// A school in a list: badge, linked name, facts, tags, followers.
#[component]
pub fn SchoolListItem(
    school: SchoolCard,
    /// A line of admission data (its link, if there is anything to see, and its text), when
    /// the list has an origin.
    #[prop(default = None)]
    line: Option<(Option<String>, String)>,
) -> impl IntoView {
    let facts = school_facts(&school);
    view! {
        <li class="school-item">
            <SchoolLogo id=school.id short_name=school.short_name.clone() />
            <div class="school-item-text">
                <h3 class="school-item-name">
                    <a href=paths::school(school.id).href()>{school.name.clone()}</a>
                </h3>
                <p class="school-item-facts">{facts}</p>
                {line.map(|(href, text)| view! {
                    <p class="school-item-line">
                        {match href {
                            Some(href) => view! { <a href=href>{text}</a> }.into_any(),
                            None => view! { <span class="muted">{text}</span> }.into_any(),
                        }}
                    </p>
                })}
                <SchoolTags tags=school.tags.clone() />
            </div>
            <div class="school-item-side">
                <p class="school-item-followers">
                    <strong>{crate::format::count(school.followers)}</strong>
                    <span>"人关注"</span>
                </p>
                <CompareButton school_id=school.id school_name=school.name.clone() />
            </div>
        </li>
    }
}

/// The head of a school's pages: badge, name, facts, tags, follower count with 关注 and
/// 加入对比. The same on every tab of the school (`title`: the name is the page's heading, on
/// 概况), so switching tabs moves nothing. `compact` on articles: one slim row (badge, name,
/// 关注) over the facts and the follower count, so the article's title is on a phone's first
/// screen; the article offers 加入对比 and 分数线 after its text.
#[component]
pub fn SchoolHeader(
    school: SchoolCard,
    #[prop(optional)] compact: bool,
    #[prop(optional)] title: bool,
) -> impl IntoView {
    let facts = school_facts(&school);
    let name_link = paths::school(school.id).href();
    let name = school.name.clone();
    view! {
        <section class="panel school-header" class:compact=compact aria-label=format!("{name} 院校信息")>
            <SchoolLogo id=school.id short_name=school.short_name.clone() large=!compact />
            <div class="school-header-text">
                {if title {
                    view! { <h1 class="school-header-name">{name.clone()}</h1> }.into_any()
                } else {
                    view! { <p class="school-header-name"><a href=name_link>{name.clone()}</a></p> }.into_any()
                }}
                <p class="school-header-facts">{facts}</p>
                {(!compact).then(|| view! { <SchoolTags tags=school.tags.clone() /> })}
            </div>
            <div class="school-header-follow">
                <FollowButton school_id=school.id school_name=school.name.clone() followers=school.followers />
                {(!compact).then(|| view! { <CompareButton school_id=school.id school_name=school.name.clone() /> })}
            </div>
        </section>
    }
}

/// 官方微信 / 公众号 / 官方企业微信: each reveals its QR code; one open at a time.
#[component]
pub fn OfficialAccounts(accounts: Vec<OfficialAccount>, school_name: String) -> impl IntoView {
    let open = RwSignal::new(None::<usize>);
    let buttons = accounts
        .iter()
        .enumerate()
        .map(|(i, account)| {
            let label = account.kind.label();
            view! {
                <button
                    type="button"
                    class="account-entry"
                    aria-expanded=move || (open.get() == Some(i)).to_string()
                    aria-controls=format!("account-panel-{i}")
                    on:click=move |_| open.update(|o| *o = if *o == Some(i) { None } else { Some(i) })
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    let panels = accounts
        .into_iter()
        .enumerate()
        .map(|(i, account)| {
            let label = account.kind.label();
            let title = if account.name.is_empty() { school_name.clone() } else { account.name.clone() };
            view! {
                <div class="account-panel" id=format!("account-panel-{i}") hidden=move || open.get() != Some(i)>
                    // Drawn when first shown: most visitors never open it.
                    {
                        let (url, qr_label) = (account.url.clone(), format!("{label}二维码：{title}"));
                        move || (open.get() == Some(i)).then(|| view! { <QrCodeImage text=url.clone() label=qr_label.clone() /> })
                    }
                    <div>
                        <p class="account-panel-title">{format!("{label}：{title}")}</p>
                        <p class="muted">"打开微信“扫一扫”，扫描二维码关注。"</p>
                        <button type="button" class="link-button" on:click=move |_| open.set(None)>"收起"</button>
                    </div>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="accounts">
            <div class="account-entries" role="group" aria-label="官方账号">{buttons}</div>
            {panels}
        </div>
    }
}

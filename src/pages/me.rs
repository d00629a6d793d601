//! `/me`: the schools the signed-in visitor follows, each with its 关注 button to unfollow
//! (and follow again, until the page is left).

use crate::api::Api;
use crate::components::follow::FollowButton;
use crate::components::load::Loaded;
use crate::components::school::{school_facts, SchoolLogo};
use crate::components::skeleton::ListSkeleton;
use crate::components::title::Title;
use crate::paths;
use crate::state::{AccountTab, Session};
use leptos::prelude::*;
use leptos_meta::Meta;
use portal_model::SchoolCard;

#[component]
pub fn MePage() -> impl IntoView {
    let session = expect_context::<Session>();
    let signed_in_as = Memo::new(move |_| session.user.with(|u| u.as_ref().map(|u| u.id)));
    view! {
        <Title text="我的关注" />
        <Meta name="description" content="我关注的院校。" />
        <section class="panel">
            <h1>"我关注的院校"</h1>
            {move || {
                if !session.checked.get() {
                    view! { <ListSkeleton rows=3 /> }.into_any()
                } else if signed_in_as.get().is_some() {
                    // Built again for another account: its own list.
                    view! { <FollowedSchools /> }.into_any()
                } else {
                    view! {
                        <div class="empty">
                            <p>"登录后可以查看和管理关注的院校。"</p>
                            <button type="button" class="button" on:click=move |_| session.ask_to_sign_in(AccountTab::Login, None)>
                                "登录 / 注册"
                            </button>
                        </div>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn FollowedSchools() -> impl IntoView {
    let api = expect_context::<Api>();
    let follows = LocalResource::new(move || {
        let api = api.clone();
        async move { api.my_follows().await }
    });
    view! { <Loaded resource=follows skeleton=|| view! { <ListSkeleton rows=3 /> } view=followed_view /> }
}

fn followed_view(schools: Vec<SchoolCard>) -> impl IntoView {
    if schools.is_empty() {
        return view! {
            <div class="empty">
                <p>"还没有关注任何院校。"</p>
                <a class="button" href=paths::schools(&Default::default()).href()>"去院校库看看"</a>
            </div>
        }
        .into_any();
    }
    view! {
        <p class="muted">{format!("共关注 {} 所院校", schools.len())}</p>
        <ul class="school-list followed-list">
            {schools
                .into_iter()
                .map(|school| view! {
                    <li class="followed-item">
                        <SchoolLogo id=school.id short_name=school.short_name.clone() />
                        <div class="school-item-text">
                            <h2 class="school-item-name"><a href=paths::school(school.id).href()>{school.name.clone()}</a></h2>
                            <p class="school-item-facts">{school_facts(&school)}</p>
                        </div>
                        <div class="followed-actions">
                            <FollowButton school_id=school.id school_name=school.name.clone() followers=school.followers />
                        </div>
                    </li>
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

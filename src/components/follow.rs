//! 关注: the follower count and the button that toggles it. The change shows at once
//! (optimistic); the data source is then told the visitor's latest wish until it agrees, so
//! rapid clicks end in one state on both sides; a refusal rolls back and says why. Signed out,
//! the button opens the sign-in dialog and the follow completes after signing in.

use crate::api::{Api, ApiError};
use crate::format;
use crate::state::{AccountTab, Session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::SchoolId;

#[component]
pub fn FollowButton(school_id: SchoolId, school_name: String, followers: u64) -> impl IntoView {
    let api = StoredValue::new(expect_context::<Api>());
    let session = expect_context::<Session>();
    let count = RwSignal::new(followers);
    let error = RwSignal::new(None::<String>);
    let following = move || session.follows.with(|f| f.contains(&school_id));
    let set_following = move |on: bool| {
        session.follows.update(|f| {
            if on {
                f.insert(school_id);
            } else {
                f.remove(&school_id);
            }
        })
    };
    // The last state the data source confirmed, and whether a request is on its way.
    let confirmed = StoredValue::new((false, followers));
    // A change is being saved: shown as aria-busy on the button, so assistive tech (and a test)
    // can tell a confirmed state from one still on its way.
    let busy = RwSignal::new(false);

    let sync = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let api = api.get_value();
        spawn_local(async move {
            loop {
                let want = session.follows.with_untracked(|f| f.contains(&school_id));
                match api.set_follow(school_id, want).await {
                    Ok(state) => {
                        let _ = confirmed.try_set_value((state.following, state.followers));
                        let now = session.follows.with_untracked(|f| f.contains(&school_id));
                        let shown = match (now, state.following) {
                            (true, false) => state.followers + 1,
                            (false, true) => state.followers.saturating_sub(1),
                            _ => state.followers,
                        };
                        count.try_set(shown);
                        if now == state.following {
                            break;
                        }
                    }
                    Err(failure) => {
                        let (was, was_count) = confirmed.try_get_value().unwrap_or((!want, followers));
                        set_following(was);
                        count.try_set(was_count);
                        if let ApiError::Unauthorized(_) = failure {
                            // The session ended elsewhere: sign in again, then finish the follow.
                            session.user.set(None);
                            session.ask_to_sign_in(AccountTab::Login, want.then_some(school_id));
                        } else {
                            let action = if want { "关注" } else { "取消关注" };
                            error.try_set(Some(format!("{action}失败：{failure}")));
                        }
                        break;
                    }
                }
            }
            busy.try_set(false);
        });
    };
    let toggle = move || {
        error.set(None);
        let now = following();
        if !busy.get_untracked() {
            confirmed.set_value((now, count.get_untracked()));
        }
        set_following(!now);
        count.update(|c| *c = if now { c.saturating_sub(1) } else { *c + 1 });
        sync();
    };
    let on_click = move |_| {
        if session.is_signed_in() {
            toggle();
        } else {
            session.ask_to_sign_in(AccountTab::Login, Some(school_id));
        }
    };
    // A follow asked for while signed out completes once the visitor has signed in.
    Effect::new(move |_| {
        if session.user.with(Option::is_some) && session.pending_follow.get() == Some(school_id) {
            session.pending_follow.set(None);
            if !session.follows.with_untracked(|f| f.contains(&school_id)) {
                toggle();
            }
        }
    });

    view! {
        <p class="followers">
            // The exact number rides along for machines; people read 14.9万.
            <data class="follower-count" value=move || count.get().to_string()>
                <strong>{move || format::count(count.get())}</strong>
            </data>
            "人关注"
        </p>
        <button
            type="button"
            class="button follow-button"
            aria-pressed=move || following().to_string()
            aria-busy=move || busy.get().to_string()
            aria-label=format!("关注{school_name}")
            on:click=on_click
        >
            {move || if following() { "已关注" } else { "+ 关注" }}
        </button>
        {move || error.get().map(|message| view! { <p class="follow-error" role="alert">{message}</p> })}
    }
}

//! 关注: the follower count and the button that toggles it. The change shows at once
//! (optimistic); the data source is then told the visitor's latest wish until it agrees, so
//! rapid clicks end in one state on both sides; a refusal rolls back and says why. Signed out,
//! the button opens the sign-in dialog and the follow completes after signing in.

use crate::api::{Api, ApiError};
use crate::format;
use crate::state::follow::Follow;
use crate::state::session::Change;
use crate::state::{AccountTab, Session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::SchoolId;

#[component]
pub fn FollowButton(school_id: SchoolId, school_name: String, followers: u64) -> impl IntoView {
    let api = StoredValue::new(expect_context::<Api>());
    let session = expect_context::<Session>();
    let following = move || session.follows.with(|f| f.contains(&school_id));
    let machine = RwSignal::new(Follow::new(untrack(following), followers));
    let error = RwSignal::new(None::<String>);
    let set_following = move |on: bool| session.apply(Change::Following { school: school_id, on });

    // Tells the data source the visitor's wish until it agrees (the machine says what to send).
    let send = move |mut want: bool| {
        let api = api.get_value();
        spawn_local(async move {
            loop {
                match api.set_follow(school_id, want).await {
                    Ok(answer) => {
                        let now = session.follows.with_untracked(|f| f.contains(&school_id));
                        let mut next = None;
                        machine.try_update(|m| next = m.answered(now, answer.following, answer.followers));
                        match next {
                            Some(again) => want = again,
                            None => break,
                        }
                    }
                    Err(failure) => {
                        let mut was = !want;
                        machine.try_update(|m| was = m.failed());
                        set_following(was);
                        if let ApiError::Unauthorized(_) = failure {
                            session.apply(Change::Expired { then_follow: want.then_some(school_id) });
                        } else {
                            let action = if want { "关注" } else { "取消关注" };
                            error.try_set(Some(format!("{action}失败：{failure}")));
                        }
                        break;
                    }
                }
            }
        });
    };
    let toggle = move || {
        error.set(None);
        let mut outcome = (following(), None);
        machine.update(|m| outcome = m.tap(following()));
        let (shown, to_send) = outcome;
        set_following(shown);
        if let Some(want) = to_send {
            send(want);
        }
    };
    let on_click = move |_| {
        if session.is_signed_in() {
            toggle();
        } else {
            session.ask_to_sign_in(AccountTab::Login, Some(school_id));
        }
    };
    Effect::new(move |_| {
        // Tracks the user and the waiting follow; the rule itself is in state::session.
        session.user.track();
        session.pending_follow.track();
        if session.take_pending_follow(school_id)
            && !session.follows.with_untracked(|f| f.contains(&school_id))
        {
            toggle();
        }
    });
    let count = move || machine.with(|m| m.count);
    let busy = move || machine.with(|m| m.busy);

    view! {
        <p class="followers">
            // The exact number rides along for machines; people read 14.9万.
            <data class="follower-count" value=move || count().to_string()>
                <strong>{move || format::count(count())}</strong>
            </data>
            "人关注"
        </p>
        <button
            type="button"
            class="button follow-button"
            aria-pressed=move || following().to_string()
            aria-busy=move || busy().to_string()
            aria-label=format!("关注{school_name}")
            on:click=on_click
        >
            {move || if following() { "已关注" } else { "+ 关注" }}
        </button>
        {move || error.get().map(|message| view! { <p class="follow-error" role="alert">{message}</p> })}
    }
}

//! 关注: the follower count and the button that toggles it.

use crate::format;
use leptos::prelude::*;
use portal_model::SchoolId;

#[component]
pub fn FollowButton(school_id: SchoolId, school_name: String, followers: u64) -> impl IntoView {
    let _ = (school_id, school_name);
    view! {
        <p class="followers"><strong>{format::count(followers)}</strong>"人关注"</p>
        <button type="button" class="button follow-button" aria-pressed="false">"+ 关注"</button>
    }
}

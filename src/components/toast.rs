//! Short confirmations ("登录成功", "已退出登录") in one polite live region at the foot of the
//! screen; each disappears after a few seconds.

use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Copy)]
pub struct Toasts {
    message: RwSignal<Option<(u32, String)>>,
}

impl Toasts {
    pub fn provide() -> Toasts {
        let toasts = Toasts { message: RwSignal::new(None) };
        provide_context(toasts);
        toasts
    }

    pub fn show(self, text: impl Into<String>) {
        let serial = self.message.with_untracked(|m| m.as_ref().map_or(0, |(n, _)| n + 1));
        self.message.set(Some((serial, text.into())));
        let message = self.message;
        set_timeout(
            move || {
                if message.try_with_untracked(|m| m.as_ref().map(|(n, _)| *n)) == Some(Some(serial)) {
                    message.try_set(None);
                }
            },
            Duration::from_secs(4),
        );
    }
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || toasts.message.get().map(|(_, text)| view! { <p class="toast">{text}</p> })}
        </div>
    }
}

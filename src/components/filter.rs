//! A labelled filter select whose choice takes effect once per decision, not per keystroke.
//!
//! A closed `<select>` stepped with ↓/↑ (or by typing a letter) fires `change` on every step in
//! Chromium and Firefox. A filter that navigates on `change` would then make one history entry
//! and one request per option passed on the way (福建 is 13 steps below 不限 in 生源地), and Back
//! would land on one of them. So a choice made by keys is held until the visitor confirms it
//! (Enter) or leaves the select (Tab, a tap elsewhere); a choice picked from the open list (a
//! tap, a click, the phone's picker) takes effect at once.

use leptos::prelude::*;

/// Keys that move a closed select's choice without confirming it.
fn steps_the_choice(event: &leptos::ev::KeyboardEvent) -> bool {
    if event.alt_key() || event.ctrl_key() || event.meta_key() {
        return false;
    }
    let key = event.key();
    matches!(
        key.as_str(),
        "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "Home" | "End" | "PageUp" | "PageDown"
    ) || key.chars().count() == 1
}

/// A labelled native select. `options` are (value, text); `on_pick` gets the chosen value,
/// once per decision (see the module's note).
#[component]
pub fn FilterSelect(
    id: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    #[prop(into)] selected: Signal<String>,
    on_pick: impl Fn(String) + 'static,
) -> impl IntoView {
    // Whether the last change came from a key that only steps, and the choice it left.
    let stepping = StoredValue::new(false);
    let held = StoredValue::new(None::<String>);
    let on_pick = StoredValue::new_local(on_pick);
    let commit = move || {
        stepping.set_value(false);
        if let Some(value) = held.try_update_value(Option::take).flatten() {
            if value != selected.get_untracked() {
                on_pick.with_value(|pick| pick(value));
            }
        }
    };
    view! {
        <div class="filter">
            <label for=id>{label}</label>
            <select
                id=id
                prop:value=move || selected.get()
                on:keydown=move |ev| {
                    if ev.key() == "Enter" {
                        commit();
                    } else if steps_the_choice(&ev) {
                        stepping.set_value(true);
                    }
                }
                on:pointerdown=move |_| stepping.set_value(false)
                on:blur=move |_| commit()
                on:change:target=move |ev| {
                    let value = ev.target().value();
                    if stepping.get_value() {
                        held.set_value(Some(value));
                    } else {
                        on_pick.with_value(|pick| pick(value));
                    }
                }
            >
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let v = value.clone();
                        view! { <option value=value selected=move || selected.get() == v>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

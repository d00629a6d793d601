//! What every form of the site shares: a text field with its problem shown under it, checking
//! the fields by the shared rules (`portal_model::validate`) with the first bad one focused, the
//! form's own error line, and a submit button that says it is busy and sends once.

use crate::browser::dom;
use leptos::prelude::*;

/// One text input: its element id, what was typed, and the problem shown under it.
#[derive(Clone, Copy)]
pub struct Input {
    pub id: &'static str,
    pub value: RwSignal<String>,
    pub problem: RwSignal<Option<String>>,
}

impl Input {
    pub fn new(id: &'static str) -> Input {
        Input { id, value: RwSignal::new(String::new()), problem: RwSignal::new(None) }
    }
    /// What was typed, as typed (a password).
    pub fn text(&self) -> String {
        self.value.get_untracked()
    }
    /// What was typed without the spaces around it (a name, a phone number, a code).
    pub fn trimmed(&self) -> String {
        self.value.with_untracked(|v| v.trim().to_string())
    }
    pub fn clear(&self) {
        self.value.set(String::new());
    }
    /// Shows `message` under the field (a problem the server found).
    pub fn reject(&self, message: String) {
        self.problem.try_set(Some(message));
    }
}

/// A rule's answer for one field: where to show it and focus.
pub struct Check {
    pub id: &'static str,
    pub problem: RwSignal<Option<String>>,
    pub outcome: Result<(), &'static str>,
}

/// A check of an [`Input`] by `rule`.
pub fn check(input: Input, rule: impl FnOnce(&str) -> Result<(), &'static str>) -> Check {
    Check { id: input.id, problem: input.problem, outcome: input.value.with_untracked(|v| rule(v)) }
}

/// Shows each check's outcome under its field, focuses the first field with a problem, and
/// answers whether every check passed.
pub fn check_all(checks: &[Check]) -> bool {
    for c in checks {
        c.problem.set(c.outcome.err().map(str::to_string));
    }
    let slots: Vec<(&str, RwSignal<Option<String>>)> = checks.iter().map(|c| (c.id, c.problem)).collect();
    dom::focus_first_of(&slots);
    checks.iter().all(|c| c.outcome.is_ok())
}

/// Sends `request` unless the action is still busy with one: a second click or Enter while a
/// request is on its way does nothing.
pub fn dispatch_once<T: Send + Sync + 'static>(action: &Action<T, ()>, request: T) {
    if !action.pending().get_untracked() {
        action.dispatch(request);
    }
}

#[component]
pub fn Field(
    input: Input,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] placeholder: &'static str,
    #[prop(optional)] inputmode: &'static str,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional, into)] reveal: Option<Signal<bool>>,
) -> impl IntoView {
    let Input { id, value, problem } = input;
    let error_id = format!("{id}-error");
    let kind = move || match reveal {
        Some(shown) if shown.get() => "text",
        _ => kind,
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                type=kind
                autocomplete=autocomplete
                placeholder=placeholder
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                maxlength=maxlength.map(|m| m.to_string())
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=move || problem.get().map(|_| error_id.clone())
                prop:value=move || value.get()
                on:input:target=move |ev| {
                    value.set(ev.target().value());
                    problem.set(None);
                }
            />
            <p class="field-error" id=format!("{id}-error") hidden=move || problem.get().is_none()>
                {move || problem.get().unwrap_or_default()}
            </p>
        </div>
    }
}

/// The form's own error (what no one field is to blame for), read out when it appears.
#[component]
pub fn FormError(failure: RwSignal<Option<String>>) -> impl IntoView {
    view! { <p class="form-error" role="alert">{move || failure.get()}</p> }
}

/// The submit button: disabled and marked busy while `pending`; its label is the children.
#[component]
pub fn SubmitButton(#[prop(into)] pending: Signal<bool>, children: Children) -> impl IntoView {
    view! {
        <button type="submit" class="button submit" disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
            {children()}
        </button>
    }
}

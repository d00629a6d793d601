//! Pages rendered ahead of time (scripts/prerender.mjs writes `articles/93.html`, `schools/12.html`,
//! `schools.html` and the home page into `index.html`): the visitor reads the page while the app
//! downloads, and the app takes over once it has drawn the same page itself.
//!
//! Such a page holds a snapshot of the app's own DOM in `<div id="prerendered">`, tagged with the
//! path it belongs to and the data source it was rendered from. While the app builds its page
//! (hidden by `html[data-prerendered]` in the stylesheet) the snapshot stays up; the first page
//! data to arrive, or an error, hands over. A snapshot of another address (a host that answers
//! unknown paths with some other file, such as index.html: the home page's snapshot) or of
//! other data (config.json changed since) is dropped at once instead.
//!
//! The hand-over is one feature with two sides: this module, and the page's script
//! (src/browser/prerender.js, inlined in index.html's head) which explains it step by step. The
//! script decides which address a snapshot stands for, and keeps a button tapped on it before
//! the hand-over; here, a choice made, a box ticked or text typed in the snapshot's own
//! controls (a filter picked on the directory, 再选 ticked on 位次查询, words in a search box) is
//! given to the app's control of the same id, as if it had been done there, and once the page
//! has all its parts the script is told to replay its tap ([`replay_tap_when_settled`]).
//!
//! Every page load starts from the shell (`<div id="shell">` in index.html: the header and a
//! skeleton in plain HTML), which shows until the app draws its own frame; [`drop_shell`]
//! removes it then, carrying over what was typed in its search box the same way.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

const WRAPPER_ID: &str = "prerendered";
const SHELL_ID: &str = "shell";
/// On `<html>` while a snapshot is showing and the app is hidden behind it.
const SHOWING: &str = "data-prerendered";
/// On `<html>`, from prerender.js: the snapshot is not this address's.
const ELSEWHERE: &str = "data-snapshot-elsewhere";
/// On head elements (title, description, canonical…) that came with the snapshot.
const HEAD_MARK: &str = "[data-prerendered-head]";
/// Fired on the document once the handed-over page has all its parts: prerender.js replays the
/// tap it kept, if any.
const SETTLED: &str = "portal:settled";

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn wrapper() -> Option<web_sys::Element> {
    document()?.get_element_by_id(WRAPPER_ID)
}

/// At start-up, before the app mounts: keep a snapshot of this very address (the app stays
/// hidden behind it), drop any other. Which address a snapshot stands for is prerender.js's
/// rule, the one place it is written: it runs before the first paint and marks
/// `<html data-snapshot-elsewhere>` for a snapshot of another path, or of the directory under a
/// query (its filters are the query; other pages keep theirs under WeChat's
/// `?from=singlemessage`). Whether a snapshot is showing.
pub fn adopt() -> bool {
    if wrapper().is_none() {
        return false;
    }
    match document().and_then(|d| d.document_element()) {
        Some(root) if !root.has_attribute(ELSEWHERE) => {
            let _ = root.set_attribute(SHOWING, "");
            true
        }
        _ => {
            hand_over();
            false
        }
    }
}

/// Once the data source is known: a snapshot of other data is dropped. Also records the source
/// on `<html data-source>`, which scripts/prerender.mjs copies onto the snapshots it writes.
pub fn check_source(label: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-source", label);
    }
    if wrapper().is_some_and(|snapshot| snapshot.get_attribute("data-source").as_deref() != Some(label)) {
        hand_over();
    }
}

/// The app has drawn its page (or an error in its place): remove the snapshot and show the app,
/// in the same task, so no frame shows neither or both. Also marks `<html data-ready>`, which
/// tells scripts/prerender.mjs the page is complete. Safe to call more than once.
pub fn hand_over() {
    let Some(document) = document() else { return };
    if let Some(snapshot) = document.get_element_by_id(WRAPPER_ID) {
        // Only a snapshot the visitor saw: one dropped at start-up was never shown.
        let shown = document.document_element().is_some_and(|root| root.has_attribute(SHOWING));
        let entered = if shown { entered(&snapshot) } else { Vec::new() };
        snapshot.remove();
        // The app's page is built in this same task, after the hand-over. Its owner (a page's
        // Suspend) holds the context of the frame that waits for the page to settle.
        let settle = use_context::<Settle>();
        replay(entered.into(), settle);
    }
    if let Ok(marked) = document.query_selector_all(HEAD_MARK) {
        for i in 0..marked.length() {
            if let Some(element) = marked.item(i).and_then(|node| node.dyn_into::<web_sys::Element>().ok()) {
                element.remove();
            }
        }
    }
    if let Some(root) = document.document_element() {
        let _ = root.remove_attribute(SHOWING);
        let _ = root.set_attribute("data-ready", "");
    }
}

/// The app is about to draw its frame (or its start-up error) in this same task: remove the
/// shell that stood in for it, and give what was typed in its fields to the app's fields of
/// the same id once they exist. Safe to call more than once.
pub fn drop_shell() {
    let Some(shell) = document().and_then(|d| d.get_element_by_id(SHELL_ID)) else { return };
    let typed = entered(&shell);
    shell.remove();
    if !typed.is_empty() {
        replay(typed.into(), None);
    }
}

/// Whether the page the snapshot handed over to still waits to settle (see
/// [`replay_tap_when_settled`]).
#[derive(Clone, Copy)]
struct Settle(RwSignal<bool>);

/// In the app's frame: once a hand-over's fields are given to the app and the page has all its
/// parts (`loading`: a page read on its way), tells prerender.js, which replays the tap it kept.
/// A page's part may come after the hand-over (分数线's 院校专业组 have an index of their own).
pub fn replay_tap_when_settled(loading: Memo<bool>) {
    let due = RwSignal::new(false);
    provide_context(Settle(due));
    Effect::new(move |_| {
        if !due.get() || loading.get() {
            return;
        }
        // A task later: a part drawn from the last answer has started its own read by then.
        set_timeout(
            move || {
                if due.get_untracked() && !loading.get_untracked() {
                    due.set(false);
                    dispatch_settled();
                }
            },
            std::time::Duration::ZERO,
        );
    });
}

fn dispatch_settled() {
    if let (Some(document), Ok(event)) = (document(), web_sys::Event::new(SETTLED)) {
        let _ = document.dispatch_event(&event);
    }
}

/// Does what the visitor did on the snapshot, one step per task: a choice navigates, and the
/// router's query catches up only after the task, so the next choice must wait to build on it.
/// Choices first, then typed text (a new query resets the fields to it), then, once the page
/// has settled, the tap (not after the shell's, which holds none).
fn replay(mut entered: std::collections::VecDeque<Entered>, settle: Option<Settle>) {
    set_timeout(
        move || match entered.pop_front() {
            Some(step) => {
                step.restore();
                replay(entered, settle);
            }
            None => {
                if let Some(Settle(due)) = settle {
                    due.set(true);
                }
            }
        },
        std::time::Duration::ZERO,
    );
}

/// What the visitor chose, ticked or typed in one of the snapshot's controls.
struct Entered {
    id: String,
    entry: Entry,
}

/// A control's new state. Choices replay before ticks and text (a new query resets the fields
/// to it): see [`Entry::rank`].
enum Entry {
    /// A `<select>`'s new value.
    Choice(String),
    /// A checkbox ticked (`true`) or cleared.
    Tick(bool),
    /// A text field's new value.
    Text(String),
}

impl Entry {
    /// A `<select>` or a checkbox answers `change`; a text field, `input` (what Leptos'
    /// `bind:value` reads).
    fn event(&self) -> &'static str {
        match self {
            Entry::Choice(_) | Entry::Tick(_) => "change",
            Entry::Text(_) => "input",
        }
    }

    /// Choices first, then ticks, then text.
    fn rank(&self) -> u8 {
        match self {
            Entry::Choice(_) => 0,
            Entry::Tick(_) => 1,
            Entry::Text(_) => 2,
        }
    }
}

/// The controls in a snapshot or the shell whose value is no longer the one they were
/// rendered with.
fn entered(snapshot: &web_sys::Element) -> Vec<Entered> {
    let Ok(controls) = snapshot.query_selector_all("select[id], input[id]") else { return Vec::new() };
    let mut entered: Vec<Entered> = (0..controls.length())
        .filter_map(|i| controls.item(i))
        .filter_map(|node| {
            if let Some(select) = node.dyn_ref::<web_sys::HtmlSelectElement>() {
                // Rendered with the option marked `selected`, or else the first.
                let rendered = (0..select.length())
                    .filter_map(|i| select.item(i))
                    .filter_map(|option| option.dyn_into::<web_sys::HtmlOptionElement>().ok())
                    .position(|option| option.default_selected())
                    .unwrap_or(0);
                (usize::try_from(select.selected_index()).ok() != Some(rendered))
                    .then(|| Entered { id: select.id(), entry: Entry::Choice(select.value()) })
            } else {
                let input = node.dyn_ref::<web_sys::HtmlInputElement>()?;
                match input.type_().as_str() {
                    "checkbox" => (input.checked() != input.default_checked())
                        .then(|| Entered { id: input.id(), entry: Entry::Tick(input.checked()) }),
                    "radio" | "hidden" | "submit" | "button" => None,
                    _ => (input.value() != input.default_value())
                        .then(|| Entered { id: input.id(), entry: Entry::Text(input.value()) }),
                }
            }
        })
        .collect();
    // Stable: each kind in the page's order.
    entered.sort_by_key(|step| step.entry.rank());
    entered
}

impl Entered {
    /// Gives the state to the app's control of the same id, unless it already shows it.
    fn restore(self) {
        let Some(control) = document().and_then(|d| d.get_element_by_id(&self.id)) else { return };
        let changed = match (
            &self.entry,
            control.dyn_ref::<web_sys::HtmlSelectElement>(),
            control.dyn_ref::<web_sys::HtmlInputElement>(),
        ) {
            (Entry::Choice(value), Some(select), _) => {
                select.value() != *value && {
                    select.set_value(value);
                    true
                }
            }
            (Entry::Tick(ticked), _, Some(input)) => {
                input.checked() != *ticked && {
                    input.set_checked(*ticked);
                    true
                }
            }
            (Entry::Text(value), _, Some(input)) => {
                input.value() != *value && {
                    input.set_value(value);
                    true
                }
            }
            _ => false,
        };
        if !changed {
            return;
        }
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let Ok(event) = web_sys::Event::new_with_event_init_dict(self.entry.event(), &init) {
            let _ = control.dispatch_event(&event);
        }
    }
}

//! Pages rendered ahead of time (scripts/prerender.mjs writes `articles/93.html`, `schools/12.html`,
//! `schools.html` and the home page into `index.html`): the visitor reads the page while the app
//! downloads, and the app takes over once it has drawn the same page itself.
//!
//! Such a page holds a snapshot of the app's own DOM in `<div id="prerendered">`, tagged with the
//! path it belongs to and the data source it was rendered from. While the app builds its page
//! (hidden by `html[data-prerendered]` in the stylesheet) the snapshot stays up; the first page
//! data to arrive, or an error, hands over. A snapshot of another address (a host that answers
//! unknown paths with some other file, such as index.html: the home page's snapshot) or of
//! other data (config.json changed since) is dropped at once instead. index.html's head script
//! decides the address and hides such a snapshot before the first paint
//! (`data-snapshot-elsewhere`); this drops it from the DOM.
//!
//! A button tapped on the snapshot before the hand-over (the app is still downloading) is not
//! lost: a small script in index.html marks it as waiting and records, on `<html>`, the
//! selector of its stable `data-tap` name and its `aria-pressed`; the hand-over taps the app's
//! button that selector finds, unless it shows another state (say the school is already
//! followed). The script is the one place that knows how a tapped button is named.
//!
//! Nor is a choice made, a box ticked or text typed in the snapshot's own controls (a filter
//! picked on the directory, 再选 ticked on 位次查询, words in a search box): the hand-over reads what differs from the snapshot's
//! defaults and gives it to the app's control of the same id, as if it had been done there,
//! before it replays a tap (say the 筛选 button, pressed after typing a name).

//!
//! Every page load starts from the shell (`<div id="shell">` in index.html: the header and a
//! skeleton in plain HTML), which shows until the app draws its own frame; [`drop_shell`]
//! removes it then, carrying over what was typed in its search box the same way.

use wasm_bindgen::JsCast;

const WRAPPER_ID: &str = "prerendered";
const SHELL_ID: &str = "shell";
/// On `<html>` while a snapshot is showing and the app is hidden behind it.
const SHOWING: &str = "data-prerendered";
/// On `<html>`, from index.html's head script: the snapshot is not this address's.
const ELSEWHERE: &str = "data-snapshot-elsewhere";
/// On head elements (title, description, canonical…) that came with the snapshot.
const HEAD_MARK: &str = "[data-prerendered-head]";
/// Set by index.html's script: the selector of the tapped button, and its `aria-pressed`.
const PENDING_TAP: &str = "data-pending-tap";
const PENDING_PRESSED: &str = "data-pending-pressed";

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn wrapper() -> Option<web_sys::Element> {
    document()?.get_element_by_id(WRAPPER_ID)
}

/// At start-up, before the app mounts: keep a snapshot of this very address (the app stays
/// hidden behind it), drop any other. Which address a snapshot stands for is index.html's head
/// script's rule, the one place it is written: it runs before the first paint and marks
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
        let tapped = pending_tap(&document);
        snapshot.remove();
        // The app's page is built in this same task, after the hand-over.
        replay(entered.into(), tapped);
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
    replay(typed.into(), None);
}

/// The button tapped on the snapshot: how to find the app's own, and the state it showed.
struct TappedButton {
    selector: String,
    pressed: String,
}

/// How often, and how many times, a tap looks for its button: part of a page can arrive after
/// the hand-over (分数线's 院校专业组 come from an index of their own), so its button may not
/// be drawn yet. Twenty seconds, then the tap is dropped.
const TAP_RETRY: std::time::Duration = std::time::Duration::from_millis(100);
const TAP_TRIES: u32 = 200;

impl TappedButton {
    /// Taps the app's button the selector finds, if it shows the state the visitor saw; another
    /// state (the school is already followed) means the tap is dropped, and so does none found
    /// within [`TAP_TRIES`] looks or once the visitor has gone to another page.
    fn replay(self) {
        let Some(path) = web_sys::window().and_then(|w| w.location().pathname().ok()) else { return };
        self.look(path, TAP_TRIES);
    }

    fn look(self, path: String, tries: u32) {
        let Some(window) = web_sys::window() else { return };
        if window.location().pathname().ok().as_deref() != Some(path.as_str()) {
            return;
        }
        let found = document().and_then(|d| d.query_selector(&self.selector).ok().flatten());
        let Some(button) = found else {
            if tries > 1 {
                leptos::prelude::set_timeout(move || self.look(path, tries - 1), TAP_RETRY);
            }
            return;
        };
        if button.get_attribute("aria-pressed").unwrap_or_default() != self.pressed {
            return;
        }
        if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
            button.click();
        }
    }
}

/// Does what the visitor did on the snapshot, one step per task: a choice navigates, and the
/// router's query catches up only after the task, so the next choice must wait to build on it.
/// Choices first, then typed text (a new query resets the fields to it), then the tap.
fn replay(mut entered: std::collections::VecDeque<Entered>, tapped: Option<TappedButton>) {
    if entered.is_empty() && tapped.is_none() {
        return;
    }
    leptos::prelude::set_timeout(
        move || match entered.pop_front() {
            Some(step) => {
                step.restore();
                replay(entered, tapped);
            }
            None => {
                if let Some(tapped) = tapped {
                    tapped.replay();
                }
            }
        },
        std::time::Duration::ZERO,
    );
}

/// What the visitor chose or typed in one of the snapshot's controls.
struct Entered {
    id: String,
    value: String,
    kind: Entry,
}

/// Choices replay before ticks and text (a new query resets the fields to it).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Entry {
    Choice,
    /// A checkbox ticked or cleared: `value` is [`TICKED`] or empty.
    Tick,
    Text,
}

/// An [`Entry::Tick`]'s value for a ticked box.
const TICKED: &str = "ticked";

impl Entry {
    /// A `<select>` or a checkbox answers `change`; a text field, `input` (what Leptos'
    /// `bind:value` reads).
    fn event(self) -> &'static str {
        match self {
            Entry::Choice | Entry::Tick => "change",
            Entry::Text => "input",
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
                (usize::try_from(select.selected_index()).ok() != Some(rendered)).then(|| Entered {
                    id: select.id(),
                    value: select.value(),
                    kind: Entry::Choice,
                })
            } else {
                let input = node.dyn_ref::<web_sys::HtmlInputElement>()?;
                match input.type_().as_str() {
                    "checkbox" => (input.checked() != input.default_checked()).then(|| Entered {
                        id: input.id(),
                        value: if input.checked() { TICKED.into() } else { String::new() },
                        kind: Entry::Tick,
                    }),
                    "radio" | "hidden" | "submit" | "button" => None,
                    _ => (input.value() != input.default_value()).then(|| Entered {
                        id: input.id(),
                        value: input.value(),
                        kind: Entry::Text,
                    }),
                }
            }
        })
        .collect();
    // Stable: choices, then text, each in the page's order.
    entered.sort_by_key(|step| step.kind);
    entered
}

impl Entered {
    /// Gives the value to the app's control of the same id, unless it already shows it.
    fn restore(self) {
        let Some(control) = document().and_then(|d| d.get_element_by_id(&self.id)) else { return };
        if let Some(select) = control.dyn_ref::<web_sys::HtmlSelectElement>() {
            if select.value() == self.value {
                return;
            }
            select.set_value(&self.value);
        } else if let Some(input) = control.dyn_ref::<web_sys::HtmlInputElement>() {
            if self.kind == Entry::Tick {
                let ticked = self.value == TICKED;
                if input.checked() == ticked {
                    return;
                }
                input.set_checked(ticked);
            } else {
                if input.value() == self.value {
                    return;
                }
                input.set_value(&self.value);
            }
        } else {
            return;
        }
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let Ok(event) = web_sys::Event::new_with_event_init_dict(self.kind.event(), &init) {
            let _ = control.dispatch_event(&event);
        }
    }
}

/// The tap index.html's script recorded, if any (cleared).
fn pending_tap(document: &web_sys::Document) -> Option<TappedButton> {
    let root = document.document_element()?;
    let selector = root.get_attribute(PENDING_TAP)?;
    let pressed = root.get_attribute(PENDING_PRESSED).unwrap_or_default();
    let _ = root.remove_attribute(PENDING_TAP);
    let _ = root.remove_attribute(PENDING_PRESSED);
    Some(TappedButton { selector, pressed })
}

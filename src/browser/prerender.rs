//! Pages rendered ahead of time (scripts/prerender.mjs writes `articles/93.html`, `schools/12.html`,
//! `schools.html` and the home page into `index.html`): the visitor reads the page while the app
//! downloads, and the app takes over once it has drawn the same page itself.
//!
//! Such a page holds a snapshot of the app's own DOM in `<div id="prerendered">`, tagged with the
//! path it belongs to and the data source it was rendered from. While the app builds its page
//! (hidden by `html[data-prerendered]` in the stylesheet) the snapshot stays up; the first page
//! data to arrive, or an error, hands over. A snapshot of another path (a host that answers
//! unknown paths with some other file, such as index.html: the home page's snapshot) or of
//! other data (config.json changed since) is dropped at once instead. index.html's head script
//! already hides a snapshot of another path before the first paint (`data-snapshot-elsewhere`);
//! this drops it from the DOM.
//!
//! A button tapped on the snapshot before the hand-over (the app is still downloading) is not
//! lost: a small script in index.html marks it as waiting and records, on `<html>`, the
//! selector of its stable `data-tap` name and its `aria-pressed`; the hand-over taps the app's
//! button that selector finds, unless it shows another state (say the school is already
//! followed). The script is the one place that knows how a tapped button is named.

use wasm_bindgen::JsCast;

const WRAPPER_ID: &str = "prerendered";
/// On `<html>` while a snapshot is showing and the app is hidden behind it.
const SHOWING: &str = "data-prerendered";
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

/// At start-up, before the app mounts: keep a snapshot of this very path (the app stays hidden
/// behind it), drop any other. A snapshot with `data-query` (the directory, whose filters are
/// the query) stands only for that query: `/schools?from=福建` is a filtered directory. Other
/// pages read no query, so theirs stays under any (WeChat adds `?from=singlemessage` to shared
/// links). Whether a snapshot is showing.
pub fn adopt() -> bool {
    let Some(snapshot) = wrapper() else { return false };
    let location = web_sys::window().map(|w| w.location());
    let here = location.as_ref().and_then(|l| l.pathname().ok());
    let search = location.and_then(|l| l.search().ok());
    let query_fits = snapshot.get_attribute("data-query").is_none_or(|query| Some(query) == search);
    let root = document().and_then(|d| d.document_element());
    match root {
        Some(root) if query_fits && here.is_some() && snapshot.get_attribute("data-path") == here => {
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
        let tapped = pending_tap(&document);
        snapshot.remove();
        if let Some(tapped) = tapped {
            // The app's page is built in this same task, after the hand-over.
            leptos::prelude::set_timeout(move || tapped.replay(), std::time::Duration::ZERO);
        }
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

/// The button tapped on the snapshot: how to find the app's own, and the state it showed.
struct TappedButton {
    selector: String,
    pressed: String,
}

impl TappedButton {
    /// Taps the app's button the selector finds, if it shows the state the visitor saw; none,
    /// or another state (the school is already followed), means the tap is dropped.
    fn replay(self) {
        let Some(document) = document() else { return };
        let Ok(Some(button)) = document.query_selector(&self.selector) else { return };
        if button.get_attribute("aria-pressed").unwrap_or_default() != self.pressed {
            return;
        }
        if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
            button.click();
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

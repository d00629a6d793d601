//! Pages rendered ahead of time (scripts/prerender.mjs writes `articles/93.html` and the like):
//! the visitor reads the article while the app downloads, and the app takes over once it has
//! drawn the same page itself.
//!
//! Such a page holds a snapshot of the app's own DOM in `<div id="prerendered">`, tagged with the
//! path it belongs to and the data source it was rendered from. While the app builds its page
//! (hidden by `html[data-prerendered]` in the stylesheet) the snapshot stays up; the first page
//! data to arrive, or an error, hands over. A snapshot of another path (a host that answers
//! unknown paths with some other file) or of other data (config.json changed since) is dropped
//! at once instead.

use wasm_bindgen::JsCast;

const WRAPPER_ID: &str = "prerendered";
/// On `<html>` while a snapshot is showing and the app is hidden behind it.
const SHOWING: &str = "data-prerendered";
/// On head elements (title, description, canonical…) that came with the snapshot.
const HEAD_MARK: &str = "[data-prerendered-head]";

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn wrapper() -> Option<web_sys::Element> {
    document()?.get_element_by_id(WRAPPER_ID)
}

/// At start-up, before the app mounts: keep a snapshot of this very path (the app stays hidden
/// behind it), drop any other.
pub fn adopt() {
    let Some(snapshot) = wrapper() else { return };
    let here = web_sys::window().and_then(|w| w.location().pathname().ok());
    if here.is_some() && snapshot.get_attribute("data-path") == here {
        if let Some(root) = document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute(SHOWING, "");
        }
    } else {
        hand_over();
    }
}

/// Once the data source is known: a snapshot of other data is dropped. Also records the source
/// on `<html data-source>`, which scripts/prerender.mjs copies onto the snapshots it writes.
pub fn check_source(label: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-source", label);
    }
    if wrapper()
        .is_some_and(|snapshot| snapshot.get_attribute("data-source").as_deref() != Some(label))
    {
        hand_over();
    }
}

/// The app has drawn its page (or an error in its place): remove the snapshot and show the app,
/// in the same task, so no frame shows neither or both. Also marks `<html data-ready>`, which
/// tells scripts/prerender.mjs the page is complete. Safe to call more than once.
pub fn hand_over() {
    let Some(document) = document() else { return };
    if let Some(snapshot) = document.get_element_by_id(WRAPPER_ID) {
        snapshot.remove();
    }
    if let Ok(marked) = document.query_selector_all(HEAD_MARK) {
        for i in 0..marked.length() {
            if let Some(element) = marked
                .item(i)
                .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
            {
                element.remove();
            }
        }
    }
    if let Some(root) = document.document_element() {
        let _ = root.remove_attribute(SHOWING);
        let _ = root.set_attribute("data-ready", "");
    }
}

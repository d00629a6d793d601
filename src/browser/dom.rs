//! Small reads of the page itself.

/// The path of the page's `<base href>` (trunk writes the public URL there), e.g. `/` or `/sub/`.
pub fn base_path() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|url| url.pathname())
        .unwrap_or_else(|| "/".into())
}

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The element that has focus now (to give focus back to it later).
pub fn active_element() -> Option<HtmlElement> {
    document()?.active_element()?.dyn_into().ok()
}

/// Opens the browser's print dialog (the print stylesheet decides what is printed).
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

pub fn focus_by_id(id: &str) {
    if let Some(element) =
        document().and_then(|d| d.get_element_by_id(id)).and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// Scrolls the element with this id to the top of the screen (below nothing: the header is
/// not sticky), for a result the visitor asked for that lies far below.
pub fn scroll_into_view(id: &str) {
    if let Some(element) = document().and_then(|d| d.get_element_by_id(id)) {
        element.scroll_into_view();
    }
}

/// Scrolls the window so that `element` is `top` pixels below the top of the screen (as far
/// as the page's height allows).
pub fn keep_on_screen_at(element: &Element, top: f64) {
    let Some(window) = web_sys::window() else { return };
    let now = element.get_bounding_client_rect().top();
    let y = window.scroll_y().unwrap_or(0.0) + now - top;
    window.scroll_to_with_x_and_y(window.scroll_x().unwrap_or(0.0), y.max(0.0));
}

/// The focusable elements inside `root` that are visible now.
fn focusables(root: &Element) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|e| e.offset_parent().is_some() || e.get_client_rects().length() > 0)
        .collect()
}

/// Focuses the first text field inside `root` (a dialog that just opened).
pub fn focus_first_field(root: &Element) {
    let first = focusables(root).into_iter().find(|e| e.tag_name() == "INPUT");
    if let Some(element) = first {
        let _ = element.focus();
    }
}

/// Focuses the first element whose problem signal holds a message (the first invalid field).
pub fn focus_first_of<T: Clone + Send + Sync + 'static>(
    fields: &[(&str, leptos::prelude::RwSignal<Option<T>>)],
) {
    use leptos::prelude::WithUntracked;
    if let Some((id, _)) = fields.iter().find(|(_, problem)| problem.with_untracked(Option::is_some)) {
        focus_by_id(id);
    }
}

/// Keeps Tab and Shift+Tab cycling inside `root` (a modal dialog).
pub fn keep_tab_inside(root: &Element, event: &web_sys::KeyboardEvent) {
    if event.key() != "Tab" {
        return;
    }
    let items = focusables(root);
    let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
    let active = document().and_then(|d| d.active_element());
    let at = |e: &HtmlElement| active.as_ref().is_some_and(|a| a == e.unchecked_ref::<Element>());
    let outside = active.as_ref().is_none_or(|a| !root.contains(Some(a)));
    if event.shift_key() && (at(first) || outside) {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && (at(last) || outside) {
        event.prevent_default();
        let _ = first.focus();
    }
}

/// What the browser believes about the network right now.
pub fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Registers the service worker (`sw.js`, written by the release build) that keeps the app and
/// the pages a visitor opened readable offline. Debug builds (`trunk serve`) skip it, so
/// developers always see fresh code.
pub fn register_service_worker() {
    if cfg!(debug_assertions) {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let navigator = window.navigator();
    // Missing on plain-http origins other than localhost, and in some in-app browsers.
    if js_sys::Reflect::get(&navigator, &"serviceWorker".into()).map_or(true, |v| v.is_undefined()) {
        return;
    }
    let workers = navigator.service_worker();
    // The first page of a visit loads its data before the worker controls it, so the worker
    // never sees those answers: once it is active, hand it the URLs this page has loaded, and
    // those it loads from then on (a read still on its way when the worker took over went
    // around it too). The worker keeps the data among them by its own rules and skips what it
    // already has.
    let first_visit = workers.controller().is_none();
    let _ = workers.register("sw.js");
    if first_visit {
        let Ok(ready) = workers.ready() else { return };
        leptos::task::spawn_local(async move {
            let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else { return };
            let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
            let Some(worker) = registration.active() else { return };
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                hand_to_worker(&worker, performance.get_entries_by_type("resource"));
            }
            let on_entries = Closure::<dyn Fn(web_sys::PerformanceObserverEntryList)>::new(
                move |list: web_sys::PerformanceObserverEntryList| {
                    hand_to_worker(&worker, list.get_entries())
                },
            );
            if let Ok(observer) = web_sys::PerformanceObserver::new(on_entries.as_ref().unchecked_ref()) {
                let types = js_sys::Array::of1(&"resource".into());
                observer.observe(&web_sys::PerformanceObserverInit::new(&types));
                // Lives as long as the page: the observer calls it for every later load.
                on_entries.forget();
            }
        });
    }
}

/// Posts `{ loaded: [url…] }` for these performance entries to the service worker.
fn hand_to_worker(worker: &web_sys::ServiceWorker, entries: js_sys::Array) {
    let loaded = js_sys::Array::new();
    for entry in entries {
        if let Ok(entry) = entry.dyn_into::<web_sys::PerformanceEntry>() {
            loaded.push(&entry.name().into());
        }
    }
    if loaded.length() == 0 {
        return;
    }
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"loaded".into(), &loaded);
    let _ = worker.post_message(&message);
}

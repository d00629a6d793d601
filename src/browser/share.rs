//! The browser side of sharing: the page's URL, WeChat detection, the native share sheet and
//! the clipboard (with the old `execCommand` way where the Clipboard API is missing, as in
//! pages served over plain http and some in-app browsers).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `https://host:port` of the page, for links that carry more than its path (a shared 志愿表).
pub fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

pub fn page_url() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    crate::share::canonical(&href)
}

fn navigator() -> Option<web_sys::Navigator> {
    web_sys::window().map(|w| w.navigator())
}

pub fn in_wechat() -> bool {
    navigator().and_then(|n| n.user_agent().ok()).is_some_and(|ua| crate::share::is_wechat(&ua))
}

/// A phone or tablet (a finger, not a mouse): the page can't be scanned from its own screen.
pub fn on_touch_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(pointer: coarse)").ok().flatten())
        .is_some_and(|query| query.matches())
}

fn has(object: &JsValue, name: &str) -> bool {
    js_sys::Reflect::get(object, &name.into()).is_ok_and(|v| !v.is_undefined() && !v.is_null())
}

/// Whether the browser offers a native share sheet (`navigator.share`, mostly phones).
pub fn can_share_natively() -> bool {
    navigator().is_some_and(|n| has(&n, "share"))
}

/// Opens the native share sheet. `Ok(false)` when the visitor dismissed it.
pub async fn share_natively(title: &str, text: &str, url: &str) -> Result<bool, ()> {
    let navigator = navigator().ok_or(())?;
    let data = web_sys::ShareData::new();
    data.set_title(title);
    data.set_text(text);
    data.set_url(url);
    match JsFuture::from(navigator.share_with_data(&data)).await {
        Ok(_) => Ok(true),
        Err(e)
            if js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).as_deref()
                == Some("AbortError") =>
        {
            Ok(false)
        }
        Err(_) => Err(()),
    }
}

/// Copies text; tries the Clipboard API, then a hidden text area with `execCommand("copy")`.
pub async fn copy_text(text: &str) -> Result<(), ()> {
    if let Some(navigator) = navigator().filter(|n| has(n, "clipboard")) {
        if JsFuture::from(navigator.clipboard().write_text(text)).await.is_ok() {
            return Ok(());
        }
    }
    copy_with_exec_command(text).ok_or(())
}

fn copy_with_exec_command(text: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let area: web_sys::HtmlTextAreaElement = document.create_element("textarea").ok()?.dyn_into().ok()?;
    area.set_value(text);
    area.set_attribute("readonly", "").ok()?;
    // A class, not a style attribute: the Content-Security-Policy allows no inline styles.
    area.set_class_name("offscreen-copy");
    let body = document.body()?;
    body.append_child(&area).ok()?;
    area.select();
    let copied = document.dyn_ref::<web_sys::HtmlDocument>()?.exec_command("copy").unwrap_or(false);
    let _ = body.remove_child(&area);
    copied.then_some(())
}

//! A bug must never leave a dead page. The hook logs the panic to the console and draws a
//! notice with a reload link using plain DOM calls: after a panic the wasm instance is gone
//! (panic = "abort"), so nothing on the notice may call back into Rust.

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("海峡高考门户 出错：{info}").into());
        show_notice();
    }));
}

/// Draws the notice (idempotent). Public so the browser tests can check it.
pub fn show_notice() -> Option<()> {
    let document = web_sys::window()?.document()?;
    let body = document.body()?;
    if document.get_element_by_id("crash-notice").is_some() {
        return Some(());
    }
    let notice = document.create_element("div").ok()?;
    notice.set_id("crash-notice");
    notice.set_class_name("crash-notice");
    notice.set_attribute("role", "alert").ok()?;
    let message = document.create_element("p").ok()?;
    message.set_text_content(Some("页面出现了意外错误，我们已记录下来。请重新加载页面后再试。"));
    let reload = document.create_element("a").ok()?;
    // A plain link reloads the page without calling into the (stopped) wasm instance.
    reload.set_attribute("href", &web_sys::window()?.location().href().ok()?).ok()?;
    reload.set_class_name("button");
    reload.set_text_content(Some("重新加载"));
    notice.append_child(&message).ok()?;
    notice.append_child(&reload).ok()?;
    body.append_child(&notice).ok()?;
    Some(())
}

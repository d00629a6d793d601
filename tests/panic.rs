//! A real panic, in its own test binary (its own wasm instance): wasm32 aborts on panic, so the
//! panic happens in a timer callback and the test looks at the page afterwards.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn a_bug() {
    panic!("a bug");
}

#[wasm_bindgen_test]
async fn a_panic_leaves_a_notice_with_a_reload_link() {
    haixia_portal::browser::panic::install();
    let window = web_sys::window().unwrap();
    let bug = Closure::once_into_js(a_bug);
    window.set_timeout_with_callback_and_timeout_and_arguments_0(bug.unchecked_ref(), 0).unwrap();
    let later = js_sys::Promise::new(&mut |resolve, _| {
        window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100).unwrap();
    });
    JsFuture::from(later).await.unwrap();

    let document = window.document().unwrap();
    let notice = document.get_element_by_id("crash-notice").expect("the hook drew the notice");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    assert!(notice.text_content().unwrap_or_default().contains("页面出现了意外错误"));
    let link = notice.query_selector("a").unwrap().expect("reload link");
    assert_eq!(link.text_content().as_deref(), Some("重新加载"));
    assert_eq!(link.get_attribute("href"), window.location().href().ok());
}

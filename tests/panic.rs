//! A real panic, in its own test binary (its own wasm instance): wasm32 aborts on panic, so the
//! panic happens in a timer callback and the test looks at what reached the page afterwards.
//! src/browser/crash.js draws the crash notice from exactly this: a WebAssembly.RuntimeError
//! reported to the window (e2e/tests/crash.spec.ts checks the notice in the release build).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn a_bug() {
    panic!("a bug");
}

#[wasm_bindgen_test]
async fn a_panic_reaches_the_page_as_a_wasm_trap() {
    haixia_portal::browser::panic::install();
    let window = web_sys::window().unwrap();
    let seen: Rc<RefCell<Option<JsValue>>> = Rc::default();
    let record = {
        let seen = seen.clone();
        Closure::<dyn Fn(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
            *seen.borrow_mut() = Some(event.error());
        })
    };
    window.add_event_listener_with_callback("error", record.as_ref().unchecked_ref()).unwrap();
    let bug = Closure::once_into_js(a_bug);
    window.set_timeout_with_callback_and_timeout_and_arguments_0(bug.unchecked_ref(), 0).unwrap();
    // Waits for the report (capped, so a missing one fails instead of hanging).
    for _ in 0..500 {
        if seen.borrow().is_some() {
            break;
        }
        let tick = js_sys::Promise::new(&mut |resolve, _| {
            window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10).unwrap();
        });
        JsFuture::from(tick).await.unwrap();
    }

    let error = seen.borrow().clone().expect("the panic reached the window's error event");
    assert!(error.is_instance_of::<js_sys::WebAssembly::RuntimeError>(), "{error:?}");
    window.remove_event_listener_with_callback("error", record.as_ref().unchecked_ref()).unwrap();
}

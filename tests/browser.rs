//! Browser glue and components, in headless Chromium (wasm-bindgen-test). Run by `make test`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn reads_the_page_base_path() {
    assert!(haixia_portal::browser::dom::base_path().starts_with('/'));
}

//! Browser glue and components in headless Chromium (wasm-bindgen-test), run by `make test`.
#![cfg(target_arch = "wasm32")]

use haixia_portal::browser::sanitize::sanitize;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Sanitizes into a detached div and returns its markup.
fn clean(html: &str) -> String {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    div.append_child(&sanitize(html).expect("a DOM")).unwrap();
    div.inner_html()
}

#[wasm_bindgen_test]
fn reads_the_page_base_path() {
    assert!(haixia_portal::browser::dom::base_path().starts_with('/'));
}

#[wasm_bindgen_test]
fn keeps_article_markup() {
    assert_eq!(
        clean(
            r#"<h2>标题</h2><p>正文<strong>加粗</strong></p><ul><li>一</li></ul><blockquote>引用</blockquote>"#
        ),
        "<h2>标题</h2><p>正文<strong>加粗</strong></p><ul><li>一</li></ul><blockquote>引用</blockquote>"
    );
    assert_eq!(
        clean(
            r#"<p style="text-indent:2em" class="x"><span style="font-family:宋体">文字</span><font color=red>红</font></p>"#
        ),
        "<p>文字红</p>"
    );
    assert_eq!(clean("<h1>大标题</h1>"), "<h2>大标题</h2>");
}

#[wasm_bindgen_test]
fn images_keep_size_and_get_lazy_loading() {
    assert_eq!(
        clean(r#"<img src="images/campus.svg" alt="校园" width="800" height="450" onerror="alert(1)">"#),
        r#"<img src="images/campus.svg" alt="校园" width="800" height="450" loading="lazy" decoding="async">"#
    );
}

#[wasm_bindgen_test]
fn external_links_open_safely() {
    assert_eq!(
        clean(r#"<a href="https://www.example.edu.cn/" target="_self" onclick="x()">官网</a>"#),
        r#"<a href="https://www.example.edu.cn/" target="_blank" rel="noopener noreferrer nofollow">官网</a>"#
    );
}

#[wasm_bindgen_test]
fn removes_scripts_handlers_and_script_urls() {
    let payloads = [
        r#"<script>alert(1)</script>"#,
        r#"<img src=x onerror=alert(1)>"#,
        r#"<svg onload=alert(1)><a href="javascript:alert(1)">x</a></svg>"#,
        r#"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>"#,
        r#"<a href="jav&#x09;ascript:alert(1)">x</a>"#,
        r#"<a href="&#106;avascript:alert(1)">x</a>"#,
        r#"<iframe src="javascript:alert(1)"></iframe>"#,
        r#"<p><a href=" javascript:alert(1)">x</a></p>"#,
        r#"<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">"#,
        r#"<form action="javascript:alert(1)"><button>x</button></form>"#,
        r#"<noscript><p title="</noscript><img src=x onerror=alert(1)>">"#,
        r#"<template><script>alert(1)</script></template>"#,
        r#"<object data="javascript:alert(1)"></object>"#,
        r#"<a href="vbscript:msgbox(1)">x</a>"#,
    ];
    for payload in payloads {
        assert_inert(payload);
    }
}

/// Checks the sanitized DOM itself (not its serialization): no active elements, no handler
/// attributes, no script URLs. Text that merely looks like markup inside an attribute is inert.
fn assert_inert(payload: &str) {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    div.append_child(&sanitize(payload).expect("a DOM")).unwrap();
    let all = div.query_selector_all("*").unwrap();
    for i in 0..all.length() {
        let element: web_sys::Element = all.item(i).unwrap().dyn_into().unwrap();
        let tag = element.local_name();
        assert!(
            ![
                "script", "iframe", "svg", "math", "object", "embed", "form", "style", "noscript",
                "template", "base", "meta", "link"
            ]
            .contains(&tag.as_str()),
            "{payload}: <{tag}> survived"
        );
        for name in element.get_attribute_names().iter().filter_map(|n| n.as_string()) {
            let value = element.get_attribute(&name).unwrap_or_default().to_ascii_lowercase();
            assert!(!name.starts_with("on"), "{payload}: {name} survived");
            if name == "href" || name == "src" {
                assert!(value.starts_with("http") || !value.contains(':'), "{payload}: {name}={value}");
            }
        }
    }
}

#[wasm_bindgen_test]
fn survives_deep_nesting() {
    let html = "<div>".repeat(5000) + "深" + &"</div>".repeat(5000);
    assert_eq!(clean(&html), "深");
    let html = "<blockquote>".repeat(200) + "深" + &"</blockquote>".repeat(200);
    let out = clean(&html);
    assert!(out.contains('深') && out.matches("<blockquote>").count() <= 48);
}

#[wasm_bindgen_test]
fn document_stays_untouched_by_parsing() {
    // Parsing must not run or load anything in the live page.
    let before = web_sys::window().unwrap().document().unwrap().body().unwrap().child_element_count();
    let _ = clean(r#"<img src=x onerror="document.body.appendChild(document.createElement('hr'))">"#);
    let body = web_sys::window().unwrap().document().unwrap().body().unwrap();
    assert_eq!(body.child_element_count(), before);
    assert!(body.dyn_ref::<web_sys::HtmlElement>().is_some());
}

/// The crash notice is drawn once however often it is asked for (a real panic: tests/panic.rs).
#[wasm_bindgen_test]
fn the_crash_notice_is_drawn_once() {
    let document = web_sys::window().unwrap().document().unwrap();
    haixia_portal::browser::panic::show_notice();
    haixia_portal::browser::panic::show_notice();
    assert_eq!(document.query_selector_all("#crash-notice").unwrap().length(), 1);
}

/// A page rendered ahead of time: kept (with the app hidden) for its own path and data source
/// until the hand-over, dropped at once for another data source or another path.
#[wasm_bindgen_test]
fn a_prerendered_snapshot_is_kept_handed_over_or_dropped() {
    use haixia_portal::browser::prerender;
    let window = web_sys::window().unwrap();
    let document = window.document().unwrap();
    let root = document.document_element().unwrap();
    let here = window.location().pathname().unwrap();
    let add = |path: &str| {
        let snapshot = document.create_element("div").unwrap();
        snapshot.set_id("prerendered");
        snapshot.set_attribute("data-path", path).unwrap();
        snapshot.set_attribute("data-source", "fixtures").unwrap();
        document.body().unwrap().append_child(&snapshot).unwrap();
        let meta = document.create_element("meta").unwrap();
        meta.set_attribute("data-prerendered-head", "").unwrap();
        document.head().unwrap().append_child(&meta).unwrap();
    };
    let showing = || document.get_element_by_id("prerendered").is_some();
    let head_marks = || document.query_selector("[data-prerendered-head]").unwrap().is_some();

    add(&here);
    assert!(prerender::adopt());
    assert!(
        showing() && root.has_attribute("data-prerendered"),
        "its own path: kept, the app hidden behind it"
    );
    prerender::check_source("fixtures");
    assert!(showing(), "same data source: kept");
    prerender::hand_over();
    assert!(!showing() && !head_marks(), "handed over: the snapshot and its head elements are gone");
    assert!(!root.has_attribute("data-prerendered") && root.has_attribute("data-ready"));

    add(&here);
    assert!(prerender::adopt());
    prerender::check_source("https://api.example.cn/v1");
    assert!(!showing() && !root.has_attribute("data-prerendered"), "other data: dropped");

    add("/somewhere-else");
    assert!(!prerender::adopt(), "no snapshot for the app to wait for");
    assert!(
        !showing() && !head_marks() && !root.has_attribute("data-prerendered"),
        "other path: dropped at start"
    );
}

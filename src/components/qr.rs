//! QR codes drawn as SVG in the app (no image service): for 微信 sharing and official accounts.

use crate::components::lazy::LazyView;
use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

/// The modules of a QR code as one SVG path (`M x y h1 v1 h-1 z` per dark run), and its size.
pub fn svg_path(text: &str) -> Option<(i32, String)> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let mut path = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if code.get_module(x, y) {
                let start = x;
                while x < size && code.get_module(x, y) {
                    x += 1;
                }
                path.push_str(&format!("M{start} {y}h{}v1h-{}z", x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    Some((size, path))
}

/// The drawn code, labelled for screen readers. In the release build this view (and the
/// encoder with it) is its own module: `crate::chunks::qr_code`.
#[component]
pub fn QrSvg(text: String, label: String) -> impl IntoView {
    match svg_path(&text) {
        Some((size, path)) => view! {
            <svg
                class="qr"
                viewBox=format!("-4 -4 {} {}", size + 8, size + 8)
                role="img"
                aria-label=label
                shape-rendering="crispEdges"
            >
                <rect x="-4" y="-4" width=size + 8 height=size + 8 fill="#fff" />
                <path d=path fill="#000" />
            </svg>
        }
        .into_any(),
        None => view! { <p class="muted">"链接过长，无法生成二维码"</p> }.into_any(),
    }
}

/// A scannable QR code of `text`. While its code downloads, an empty box of the same size
/// holds the place; a failed download shows the error view, with 重试.
#[component]
pub fn QrCodeImage(#[prop(into)] text: String, #[prop(into)] label: String) -> impl IntoView {
    let load = move || crate::chunks::qr_code(text.clone(), label.clone());
    view! { <LazyView load fallback=|| view! { <div class="qr qr-pending" aria-hidden="true"></div> } /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_page_url() {
        let Some((size, path)) = svg_path("https://gaokao.example.cn/articles/91") else {
            panic!("a page URL fits")
        };
        assert!(size >= 21 && (size - 17) % 4 == 0, "a valid QR version size: {size}");
        assert!(path.starts_with("M0 0h7v1h-7z"), "finder pattern top-left: {}", &path[..20]);
    }

    #[test]
    fn refuses_what_cannot_fit() {
        assert!(svg_path(&"x".repeat(5000)).is_none());
    }
}

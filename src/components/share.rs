//! 分享: 微信 (a QR code of this page), 微博, QQ空间, 复制链接, and the phone's own share sheet.

use super::qr::QrCodeImage;
use crate::browser::share as glue;
use crate::share::{qzone, weibo, Shared};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ShareBar(title: String, summary: String) -> impl IntoView {
    let shared = Shared { url: glue::page_url(), title, summary, picture: None };
    let wechat_open = RwSignal::new(false);
    let status = RwSignal::new(String::new());
    let in_wechat = glue::in_wechat();
    let native = glue::can_share_natively();
    // On a phone the QR code of the page can't be scanned from the phone showing it: the link
    // to paste into WeChat comes first, the code for another phone after.
    let on_phone = glue::on_touch_screen();

    let copy = {
        let url = shared.url.clone();
        move |_: leptos::ev::MouseEvent| {
            let url = url.clone();
            spawn_local(async move {
                let message = match glue::copy_text(&url).await {
                    Ok(()) => "链接已复制，可以粘贴给好友了".to_string(),
                    Err(()) => format!("无法自动复制，请手动复制：{url}"),
                };
                status.set(message);
            });
        }
    };
    let share_natively = {
        let shared = shared.clone();
        move |_| {
            let shared = shared.clone();
            spawn_local(async move {
                if glue::share_natively(&shared.title, &shared.summary, &shared.url).await.is_err() {
                    status.set("系统分享不可用，请使用下方的分享方式".into());
                }
            });
        }
    };
    let qr_url = shared.url.clone();
    view! {
        <section class="share" aria-labelledby="share-heading">
            <h2 id="share-heading" class="share-label">"分享："</h2>
            <div class="share-buttons">
                {if in_wechat {
                    view! { <p class="share-hint">"点击右上角“···”即可分享给微信好友或朋友圈"</p> }.into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            class="share-button share-wechat"
                            aria-expanded=move || wechat_open.get().to_string()
                            aria-controls="share-wechat-panel"
                            on:click=move |_| wechat_open.update(|open| *open = !*open)
                        >
                            "微信"
                        </button>
                    }
                    .into_any()
                }}
                <a class="share-button share-weibo" href=weibo(&shared) target="_blank" rel="noopener noreferrer">"微博"</a>
                <a class="share-button share-qzone" href=qzone(&shared) target="_blank" rel="noopener noreferrer">"QQ空间"</a>
                <button type="button" class="share-button" on:click=copy.clone()>"复制链接"</button>
                {native.then(|| view! { <button type="button" class="share-button" on:click=share_natively>"更多分享…"</button> })}
            </div>
            <div class="share-wechat-panel" class:on-phone=on_phone id="share-wechat-panel" hidden=move || !wechat_open.get()>
                {on_phone.then(|| view! {
                    <div class="share-wechat-steps">
                        <p><strong>"发给微信好友"</strong></p>
                        <p class="muted">"复制本页链接，打开微信，在聊天或朋友圈里粘贴发送。"</p>
                        <button type="button" class="button" on:click=copy.clone()>"复制链接"</button>
                    </div>
                })}
                {move || wechat_open.get().then(|| view! { <QrCodeImage text=qr_url.clone() label="本页二维码" /> })}
                <div>
                    {if on_phone {
                        view! { <p class="muted">"或请身边的人用微信“扫一扫”扫描这个二维码。"</p> }.into_any()
                    } else {
                        view! {
                            <p><strong>"用微信扫一扫"</strong></p>
                            <p class="muted">"打开微信“扫一扫”，扫描二维码后即可分享给好友或朋友圈。"</p>
                        }
                        .into_any()
                    }}
                    <button type="button" class="link-button" on:click=move |_| wechat_open.set(false)>"收起"</button>
                </div>
            </div>
            <p class="share-status" role="status">{move || status.get()}</p>
        </section>
    }
}

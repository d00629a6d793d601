//! Password hashing for the demo account store: PBKDF2-SHA256 from the browser's Web Crypto,
//! with a random salt, so no password is ever stored in clear. And the 安全验证 a server may
//! ask a sign-in for: its proof of work, searched in slices so the page stays responsive.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Iterations of PBKDF2; slow enough to make guessing expensive, quick enough for a phone.
pub const PBKDF2_ITERATIONS: u32 = 100_000;

fn subtle() -> Result<web_sys::SubtleCrypto, String> {
    let crypto = web_sys::window().ok_or("没有 window")?.crypto().map_err(|_| "浏览器不支持加密接口")?;
    Ok(crypto.subtle())
}

pub fn random_bytes(len: usize) -> Result<Vec<u8>, String> {
    let crypto = web_sys::window().ok_or("没有 window")?.crypto().map_err(|_| "浏览器不支持加密接口")?;
    let mut bytes = vec![0u8; len];
    crypto.get_random_values_with_u8_array(&mut bytes).map_err(|_| "无法生成随机数")?;
    Ok(bytes)
}

/// 32 bytes of PBKDF2-SHA256(password, salt).
pub async fn pbkdf2(password: &str, salt: &[u8]) -> Result<Vec<u8>, String> {
    let subtle = subtle()?;
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveBits"));
    let raw = Uint8Array::from(password.as_bytes());
    let key = JsFuture::from(
        subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages).map_err(|_| "无法使用加密接口")?,
    )
    .await
    .map_err(|_| "无法使用加密接口")?;
    let params = Object::new();
    let set = |k: &str, v: JsValue| Reflect::set(&params, &k.into(), &v).map(|_| ());
    set("name", "PBKDF2".into())
        .and(set("hash", "SHA-256".into()))
        .and(set("salt", Uint8Array::from(salt).into()))
        .and(set("iterations", PBKDF2_ITERATIONS.into()))
        .map_err(|_| "无法使用加密接口")?;
    let bits = JsFuture::from(
        subtle.derive_bits_with_object(&params, &key.into(), 256).map_err(|_| "无法使用加密接口")?,
    )
    .await
    .map_err(|_| "密码计算失败")?;
    Ok(Uint8Array::new(&bits).to_vec())
}

/// Hashes searched between two turns of the page: a few milliseconds of a phone's CPU.
const CHALLENGE_SLICE: u64 = 1 << 14;

/// Solves the server's 安全验证 (`portal_model::challenge`): about 2^bits SHA-256 hashes, in
/// slices with a task of the page's own between them, so typing, the spinner and a tap on 关闭
/// are not held up. Runs until found (the answer exists; each slice tries new nonces).
pub async fn solve_challenge(asked: &portal_model::challenge::Challenge) -> portal_model::challenge::Proof {
    let mut from = 0u64;
    loop {
        if let Some(nonce) = portal_model::challenge::search(&asked.token, asked.bits, from, CHALLENGE_SLICE)
        {
            return portal_model::challenge::Proof { token: asked.token.clone(), nonce };
        }
        from = from.wrapping_add(CHALLENGE_SLICE);
        next_task().await;
    }
}

/// Resolves in a later task of the page (after whatever input and drawing is waiting).
async fn next_task() {
    let (done, wait) = futures::channel::oneshot::channel::<()>();
    leptos::prelude::set_timeout(
        move || {
            let _ = done.send(());
        },
        std::time::Duration::ZERO,
    );
    let _ = wait.await;
}

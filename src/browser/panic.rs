//! A panic in a development build (stable, `trunk serve`, tests) is logged with its message
//! and location. The notice the visitor sees is drawn by src/browser/crash.js (inlined in index.html) from the trap
//! that follows (wasm32 aborts on panic): the release wasm aborts at once, without this hook
//! (scripts/build-release.sh), and both must show the same notice.

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("海峡高考门户 出错：{info}").into());
    }));
}

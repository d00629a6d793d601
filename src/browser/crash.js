// A bug in the app (a Rust panic, or any trap of the wasm) must never leave a dead page.
// The release wasm aborts at once on a panic, with no hook of its own (scripts/
// build-release.sh; src/browser/panic.rs logs one in development), so the notice is drawn
// here, from the trap the browser reports: a WebAssembly.RuntimeError thrown from a callback
// (error) or a promise (rejection). Plain DOM: nothing here may call back into the stopped app.
// Inlined in index.html's head (trunk, rel="inline"); its hash is in the Content-Security-
// Policy (scripts/post-build.mjs).
(function () {
  function crashed(error) {
    if (!(error instanceof WebAssembly.RuntimeError) || document.getElementById("crash-notice")) return;
    var notice = document.createElement("div");
    notice.id = "crash-notice";
    notice.className = "crash-notice";
    notice.setAttribute("role", "alert");
    var message = document.createElement("p");
    message.textContent = "页面出现了意外错误，我们已记录下来。请重新加载页面后再试。";
    // A button, not a link: the app's router would take a click on a link to this page.
    var reload = document.createElement("button");
    reload.type = "button";
    reload.className = "button";
    reload.textContent = "重新加载";
    reload.addEventListener("click", function () { location.reload(); });
    notice.append(message, reload);
    document.body.append(notice);
  }
  addEventListener("error", function (event) { crashed(event.error); });
  addEventListener("unhandledrejection", function (event) { crashed(event.reason); });
})();

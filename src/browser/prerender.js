// The hand-over of a page rendered ahead of time: the page's side. src/browser/prerender.rs is
// the app's side; together they are the whole feature.
//
// 1. scripts/prerender.mjs saves the app's own DOM of a page in <div id="prerendered">, marks
//    <html data-snapshot-path> (and data-snapshot-query on a page whose query is its content),
//    and keeps this script, which index.html inlines in its head (trunk, rel="inline"), before
//    the stylesheet so it never waits for it. Its hash is in the Content-Security-Policy
//    (scripts/post-build.mjs).
// 2. Before the first paint, a snapshot of another address (a host that answers every path
//    with index.html; the service worker offline) is marked data-snapshot-elsewhere: the
//    stylesheet hides it and prerender.rs drops it when the app starts.
// 3. While the app downloads, the visitor reads the snapshot and may use it:
//    - what is typed, picked or ticked in its fields simply stays there; at the hand-over
//      prerender.rs gives what differs from the snapshot's defaults to the app's control of
//      the same id;
//    - a tapped button is kept here: shown as waiting, and recorded on <html> by its name (its
//      aria-label, or else its text) and its place among the buttons of that name. Every button
//      is kept, so no component has to mark its own; a form's submit with an action is left to
//      the browser, which sends it without the app;
//    - a link is the browser's to follow;
//    - a link or button pressed with a mouse as the snapshot goes, and let go on the app's
//      link to the same address or button of the same name, is clicked there.
// 4. The app draws the same page behind the snapshot; its first data, or an error, hands over
//    (prerender.rs): the snapshot goes, the fields' values go to the app's, the app shows.
// 5. Once the page has all its parts (no page read on its way), the app fires "portal:settled"
//    on the document, and here the app's button of the same name and place is tapped, if the
//    visitor is still on that page and it shows the state they saw (aria-pressed): a school
//    already followed is not unfollowed.
// If the app's code fails to download, a tap says to reload instead, and so does the shell.
(function (root) {
  var path = root.getAttribute("data-snapshot-path");
  var query = root.getAttribute("data-snapshot-query");
  if (path !== null && (path !== location.pathname || (query !== null && query !== location.search)))
    root.setAttribute("data-snapshot-elsewhere", "");

  var TAP = "data-pending-tap";
  var PLACE = "data-pending-tap-place";
  var PRESSED = "data-pending-pressed";
  var LOADING = "正在加载，马上就好…";
  var FAILED = "加载失败，请检查网络后刷新页面";

  function snapshot() {
    return document.getElementById("prerendered");
  }
  /** What a button is called: its aria-label, or else its text, spaces collapsed. */
  function nameOf(button) {
    return (button.getAttribute("aria-label") || button.textContent || "").replace(/\s+/g, " ").trim();
  }
  /** The buttons of `scope` called `name`, in the page's order (not those of a dialog or a
   *  toast, which a snapshot never holds). */
  function named(scope, name) {
    return Array.prototype.filter.call(scope.querySelectorAll("button"), function (button) {
      return !button.closest("dialog, .toast-region") && nameOf(button) === name;
    });
  }
  function forget() {
    root.removeAttribute(TAP);
    root.removeAttribute(PLACE);
    root.removeAttribute(PRESSED);
  }

  // Says so, seen and spoken. A live region must exist before its text changes: made as soon
  // as the snapshot has been parsed.
  var region = null;
  function makeRegion() {
    var shown = snapshot();
    if (region || !shown) return;
    region = document.createElement("div");
    region.className = "toast-region";
    region.setAttribute("role", "status");
    shown.append(region);
  }
  document.addEventListener("DOMContentLoaded", makeRegion);
  function say(text) {
    makeRegion();
    if (!region) return;
    var note = document.createElement("p");
    note.className = "toast";
    note.textContent = text;
    region.replaceChildren(note);
  }

  // The app could not load (a dropped connection): a tap will never be done, so say what helps.
  var failed = false;
  addEventListener("error", function (event) {
    var target = event.target;
    var ours = target instanceof HTMLScriptElement
      || (target instanceof HTMLLinkElement && target.rel === "modulepreload")
      || (target === window && /^[^?#]*\.js$/.test(event.filename || "") && event.filename.indexOf(location.origin + "/") === 0);
    if (!ours) return;
    failed = true;
    // The shell's skeleton, where it shows, would wait for ever: say what helps instead.
    var skeleton = document.querySelector("#shell main");
    if (skeleton && skeleton.offsetParent !== null) {
      var message = document.createElement("p");
      message.className = "notice notice-error";
      message.setAttribute("role", "alert");
      message.textContent = FAILED;
      skeleton.replaceChildren(message);
    }
    var shown = snapshot();
    var busy = shown && shown.querySelector("[aria-busy]");
    if (!busy) return;
    busy.removeAttribute("aria-busy");
    forget();
    say(FAILED);
  }, true);

  addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("#prerendered button");
    if (!button || (button.type === "submit" && button.closest("form[action]"))) return;
    event.preventDefault();
    if (failed) return say(FAILED);
    var previous = snapshot().querySelector("[aria-busy]");
    if (previous) previous.removeAttribute("aria-busy");
    button.setAttribute("aria-busy", "true");
    var name = nameOf(button);
    root.setAttribute(TAP, name);
    root.setAttribute(PLACE, String(named(snapshot(), name).indexOf(button)));
    root.setAttribute(PRESSED, button.getAttribute("aria-pressed") || "");
    say(LOADING);
  }, true);

  // A link or button pressed with a mouse on the snapshot as the app takes over: the press
  // begins on the snapshot and ends on the app's page drawn in its place, and the browser clicks
  // neither (a mouse's click needs both ends on one element). When it ends on the app's link to
  // the same address, or its button of the same name, that is clicked here. A finger's tap
  // needs nothing: its click goes to what is under it when it lifts.
  var pressed = null;
  function sameTarget(a, b) {
    return a.tagName === "A" ? b.tagName === "A" && a.getAttribute("href") === b.getAttribute("href")
      : b.tagName === "BUTTON" && nameOf(a) === nameOf(b);
  }
  addEventListener("pointerdown", function (event) {
    var mouse = event.pointerType === "mouse" && event.button === 0;
    pressed = mouse && event.target instanceof Element ? event.target.closest("#prerendered a[href], #prerendered button") : null;
  }, true);
  addEventListener("pointerup", function (event) {
    var target = pressed;
    pressed = null;
    if (!target || target.isConnected) return;
    var under = document.elementFromPoint(event.clientX, event.clientY);
    var same = under && under.closest("a[href], button");
    if (same && sameTarget(target, same)) same.click();
  }, true);

  // A field changed on the snapshot is given to the app at the hand-over (prerender.rs).
  addEventListener("change", function (event) {
    if (event.target instanceof Element && event.target.closest("#prerendered")) say(failed ? FAILED : LOADING);
  }, true);

  document.addEventListener("portal:settled", function () {
    var name = root.getAttribute(TAP);
    if (name === null) return;
    var button = named(document.body, name)[Number(root.getAttribute(PLACE))];
    var pressed = root.getAttribute(PRESSED) || "";
    forget();
    if (location.pathname !== path || !button) return;
    if ((button.getAttribute("aria-pressed") || "") === pressed) button.click();
  });
})(document.documentElement);

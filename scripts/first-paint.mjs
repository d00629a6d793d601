// On a page rendered ahead of time (scripts/prerender.mjs) the visitor reads the snapshot while
// the app downloads; the app's downloads (its JS glue's wasm, the page's split modules) start
// after the snapshot's first paint, so on a slow phone link the text is not sharing it with
// 300 KB of code. Elsewhere (the shell, a snapshot of another address) they start at once.
// The one rule, as inline JavaScript, for the scripts that start those downloads:
// post-build.mjs (trunk's start-up module) and split-wasm.mjs (the page's module preloads);
// prerender.mjs leaves the build's static preload links out of the pages it writes.

/** A JS function expression: calls its argument after the first paint when this page shows
 *  its own snapshot (src/browser/prerender.js marks the others), at once otherwise. A hidden
 *  tab paints no frame, so there it does not wait. */
export const AFTER_SNAPSHOT_PAINT =
  'function(f){var h=document.documentElement;' +
  'if(!h.hasAttribute("data-snapshot-path")||h.hasAttribute("data-snapshot-elsewhere")||document.visibilityState==="hidden")return f();' +
  "requestAnimationFrame(function(){setTimeout(f)})}";

/** The build's preload links for the app's code in a page's head (`rel=modulepreload` for
 *  JS, `rel=preload` of `type=application/wasm`), which prerender.mjs drops from snapshots. */
export const APP_CODE_PRELOAD = /<link\b[^>]*\b(?:modulepreload|application\/wasm)\b[^>]*>/g;

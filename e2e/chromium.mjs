// The one place that knows how this project runs Chromium: Debian's, never a downloaded
// browser, with flags that keep it from reaching for Google hosts (this network refuses them).
// Used by the Playwright suite, the pre-renderer, the icon maker and the benchmarks.
//
// Headless work runs in Debian's chromium-headless-shell: Chromium's engine without the full
// browser around it (what Playwright itself runs headless tests in). The e2e suite took 192 s
// in it against 400 s in the full browser on the same machine, with the same results (#24).
export const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium-headless-shell";
/** The full browser, where what is measured is a visitor's Chrome (Lighthouse). */
export const browserPath = process.env.CHROMIUM_BROWSER_PATH ?? "/usr/bin/chromium";
export const args = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** Launch options for Playwright's chromium.launch() and projects. */
export const launchOptions = { executablePath, args };

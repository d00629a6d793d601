// The one place that knows how this project runs Chromium: Debian's, never a downloaded
// browser, with flags that keep it from reaching for Google hosts (this network refuses them).
// Used by the Playwright suite, the pre-renderer, the icon maker and the benchmarks.
export const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
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

// 海峡高考门户 service worker, written into dist/ by scripts/post-build.mjs for each build.
// - The app shell (index.html and the hashed JS, wasm, CSS and icons of this build) is cached
//   on install under a versioned name, so a page never pairs new JS with old wasm; older
//   shells are deleted when this one activates.
// - Pages are network-first with the cached shell as the offline fallback.
// - Read data (fixture files, config.json, the API's public GET endpoints) is network-first and
//   kept, so pages opened before can be read again with no network. Answers served from that
//   store carry `X-Offline-Copy: 1`. Account data (/session, /me/…) is never stored.
const VERSION = "__VERSION__";
const SHELL = __SHELL__;
const SHELL_CACHE = `shell-${VERSION}`;
const DATA_CACHE = "data-v1";
const scope = new URL(self.registration.scope);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL.map((path) => new URL(path, scope).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("shell-") && k !== SHELL_CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

const inScope = (url) => url.origin === scope.origin && url.pathname.startsWith(scope.pathname);
const rel = (url) => url.pathname.slice(scope.pathname.length);
const isShellAsset = (url) => SHELL.includes(rel(url));
const isPrivate = (url) => /\/(session|users|me)(\/|$)/.test(url.pathname);
const isData = (url) => rel(url).startsWith("data/") || rel(url) === "config.json" || (url.pathname.includes("/api/") && !isPrivate(url));

async function networkFirst(request, fallback) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(DATA_CACHE)).put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await caches.match(request, { ignoreVary: true });
    if (kept) {
      const headers = new Headers(kept.headers);
      headers.set("X-Offline-Copy", "1");
      return new Response(await kept.blob(), { status: kept.status, statusText: kept.statusText, headers });
    }
    if (fallback) {
      const shell = await caches.match(new URL(fallback, scope).href);
      if (shell) return shell;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!inScope(url)) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(async () => (await caches.match(new URL("index.html", scope).href)) ?? Response.error()));
  } else if (isShellAsset(url)) {
    event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
  } else if (isData(url)) {
    event.respondWith(networkFirst(request));
  }
});

// 海峡高考门户 service worker, written into dist/ by scripts/post-build.mjs for each build.
// - The app shell (index.html and the hashed JS, wasm, CSS and icons of this build) is cached
//   on install under a versioned name, so a page never pairs new JS with old wasm; older
//   shells are deleted when this one activates.
// - Pages are network-first with the cached shell as the offline fallback.
// - Read data (fixture files, config.json, the API's public GET endpoints) is network-first and
//   kept, so pages opened before can be read again with no network. Answers served from that
//   store carry `X-Offline-Copy: 1`. Account data (/session, /me/…) and answers marked
//   `Cache-Control: no-store` are never stored, and the store keeps at most DATA_LIMIT answers
//   (the least recently fetched go first).
// - The first page of a visit fetched its data before this worker controlled it: the page hands
//   the worker the URLs it loaded (messages `{ loaded: [url…] }`), and the data among them that
//   is not kept yet is fetched again and kept, so that page too can be reread offline.
const VERSION = "__VERSION__";
const SHELL = __SHELL__;
const SHELL_CACHE = `shell-${VERSION}`;
const DATA_CACHE = "data-v1";
const DATA_LIMIT = 300;
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

/** Stores a data answer unless it asks not to be, then drops the oldest beyond DATA_LIMIT
 *  (a put moves an answer to the end of the cache's order). */
async function keep(request, response) {
  if (!response.ok || /no-store/i.test(response.headers.get("Cache-Control") ?? "")) return;
  const cache = await caches.open(DATA_CACHE);
  await cache.put(request, response);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - DATA_LIMIT)).map((key) => cache.delete(key)));
}

async function networkFirst(request, waitUntil) {
  try {
    const response = await fetch(request);
    waitUntil(keep(request, response.clone()));
    return response;
  } catch (error) {
    const kept = await caches.match(request, { ignoreVary: true });
    if (kept) {
      const headers = new Headers(kept.headers);
      headers.set("X-Offline-Copy", "1");
      return new Response(await kept.blob(), { status: kept.status, statusText: kept.statusText, headers });
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
    event.respondWith(networkFirst(request, (p) => event.waitUntil(p.catch(() => {}))));
  }
});

self.addEventListener("message", (event) => {
  const loaded = Array.isArray(event.data?.loaded) ? event.data.loaded : [];
  const wanted = loaded
    .map((href) => {
      try {
        return new URL(String(href));
      } catch {
        return null;
      }
    })
    .filter((url) => url && inScope(url) && isData(url) && !isShellAsset(url));
  event.waitUntil(
    caches.open(DATA_CACHE).then((cache) =>
      Promise.all(
        wanted.map(async (url) => {
          if (await cache.match(url.href)) return; // came through the worker
          await keep(new Request(url.href), await fetch(url.href));
        }),
      ).catch(() => {}),
    ),
  );
});

// 海峡高考门户 service worker, written into dist/ by scripts/post-build.mjs for each build.
// - The app shell (index.html and the hashed JS, main wasm, CSS and icons of this build) is
//   cached on install under a versioned name, so a page never pairs new JS with old wasm; older
//   shells are deleted when this one activates.
// - The page modules of the split release build (MODULES) join that cache when first used, not
//   on install: a visitor on a metered phone who reads one article should not pay for every
//   page's code (about 230 KB), and a page never opened has no data kept offline anyway.
// - Pages are network-first with the cached shell as the offline fallback.
// - Read data (fixture files, config.json, the API's public GET endpoints) is network-first and
//   kept, so pages opened before can be read again with no network. Answers served from that
//   store carry `X-Offline-Copy: 1`. Account data (/session, /me/…) and answers marked
//   `Cache-Control: no-store` are never stored, and the store keeps at most DATA_LIMIT answers
//   (the least recently fetched go first).
// - The first page of a visit fetched its data before this worker controlled it: the page hands
//   the worker the URLs it loaded (messages `{ loaded: [url…] }`), and the data and page modules
//   among them that are not kept yet are fetched again (the modules from the HTTP cache) and
//   kept, so that page too can be reread offline.
const VERSION = "__VERSION__";
const SHELL = __SHELL__;
const MODULES = __MODULES__;
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
const isModule = (url) => MODULES.includes(rel(url));
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

/** Adds a page module to this version's shell, fetched (from the HTTP cache, usually) unless
 *  given. */
async function keepModule(request, response) {
  const cache = await caches.open(SHELL_CACHE);
  if (await cache.match(request)) return;
  const answer = response ?? (await fetch(request));
  if (answer.ok) await cache.put(request, answer);
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
  } else if (isModule(url)) {
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ??
          fetch(request).then((response) => {
            event.waitUntil(keepModule(request, response.clone()).catch(() => {}));
            return response;
          }),
      ),
    );
  } else if (isData(url)) {
    event.respondWith(networkFirst(request, (p) => event.waitUntil(p.catch(() => {}))));
  }
});

self.addEventListener("message", (event) => {
  const loaded = (Array.isArray(event.data?.loaded) ? event.data.loaded : [])
    .map((href) => {
      try {
        return new URL(String(href));
      } catch {
        return null;
      }
    })
    .filter((url) => url && inScope(url));
  const data = loaded.filter((url) => isData(url) && !isShellAsset(url));
  const modules = loaded.filter(isModule);
  event.waitUntil(
    Promise.all([
      caches.open(DATA_CACHE).then((cache) =>
        Promise.all(
          data.map(async (url) => {
            if (await cache.match(url.href)) return; // came through the worker
            await keep(new Request(url.href), await fetch(url.href));
          }),
        ),
      ),
      ...modules.map((url) => keepModule(new Request(url.href))),
    ]).catch(() => {}),
  );
});

//! Response headers: the build's `_headers` file for the static site (so `--static` sends the
//! very Content-Security-Policy the build computed, with its inline script's hash), and a fixed
//! set for API answers.

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the site answers for a path that is no file, by the rule every static host of the site
/// follows (docs/deploy.md; e2e/serve.mjs too, and e2e/static-files.json tests both): a page
/// rendered ahead of time, `/schools/12` from `schools/12.html` (as GitHub Pages, Netlify or
/// nginx's `try_files $uri $uri.html` serve it); else the app (index.html), whose router shows
/// the page or its own 404; but a missing *file* (`/x.js`, `/assets/old-1a2b.wasm`: a last
/// segment with an extension, on a path no page of the app has) is 404, so a stale script or a
/// typo is not answered with HTML, while a tag such as `/tags/v1.0` still opens its page.
pub fn app_page(
    dir: PathBuf,
) -> impl tower::Service<
    Request,
    Response = Response,
    Error = std::convert::Infallible,
    Future = impl std::future::Future<Output = Result<Response, std::convert::Infallible>> + Send,
> + Clone
       + Send {
    let index = tower_http::services::ServeFile::new(dir.join("index.html"));
    tower::service_fn(move |request: Request| {
        let (index, dir) = (index.clone(), dir.clone());
        async move {
            use axum::response::IntoResponse;
            use tower::ServiceExt;
            let path = request.uri().path();
            if names_a_file(path) {
                return Ok(crate::error::ApiError::NotFound.into_response());
            }
            let page = match rendered_page(&dir, path) {
                Some(file) if tokio::fs::metadata(&file).await.is_ok_and(|m| m.is_file()) => file,
                _ => {
                    return Ok(index
                        .oneshot(request)
                        .await
                        .map(IntoResponse::into_response)
                        .unwrap_or_else(|e| match e {}))
                }
            };
            let page = tower_http::services::ServeFile::new(page);
            Ok(page.oneshot(request).await.map(IntoResponse::into_response).unwrap_or_else(|e| match e {}))
        }
    })
}

/// Where a page rendered ahead of time for `path` would be: `DIR/schools/12.html` for
/// `/schools/12`. None for a folder's path (`/schools/`), the root, or a path that would leave
/// `dir`.
fn rendered_page(dir: &Path, path: &str) -> Option<PathBuf> {
    if path.ends_with('/') {
        return None;
    }
    let decoded = portal_model::url::decode_component(path, false);
    let mut file = dir.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains(['\\', '\0']) {
            return None;
        }
        file.push(segment);
    }
    let mut name = file.file_name()?.to_os_string();
    name.push(".html");
    file.set_file_name(name);
    Some(file)
}

/// Whether a path's last segment ends in an extension (`.js`, `.wasm`, `.png`…) and no page of
/// the app matches it (`/tags/v1.0` is a tag's page).
fn names_a_file(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    let extension = last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && (1..=8).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    extension && !APP_PAGES.iter().any(|pattern| matches_route(pattern, path))
}

/// The app's page patterns (`/schools/:id`), from the route manifest the app's `src/routes.rs`
/// writes (`src/routes.json`, kept current by a host test there).
static APP_PAGES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    #[derive(serde::Deserialize)]
    struct Manifest {
        routes: Vec<Route>,
    }
    #[derive(serde::Deserialize)]
    struct Route {
        path: String,
    }
    // Compiled in; `app_pages_are_read` fails the build's tests if it ever stops parsing.
    serde_json::from_str::<Manifest>(include_str!("../../src/routes.json"))
        .map(|m| m.routes.into_iter().map(|r| r.path).collect())
        .unwrap_or_default()
});

/// Whether `path` is a page of `pattern`: the same segments, a `:name` standing for any one.
fn matches_route(pattern: &str, path: &str) -> bool {
    let (mut pattern, mut path) = (pattern.split('/'), path.split('/'));
    loop {
        match (pattern.next(), path.next()) {
            (None, None) => return true,
            (Some(p), Some(s)) if (p.starts_with(':') && !s.is_empty()) || p == s => {}
            _ => return false,
        }
    }
}

/// Headers for every API answer: JSON only, never framed, never sniffed, no referrer.
pub const API_HEADERS: [(&str, &str); 4] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("content-security-policy", "default-src 'none'; frame-ancestors 'none'"),
    ("referrer-policy", "no-referrer"),
];

/// The rules of a Netlify / Cloudflare Pages `_headers` file: a path pattern on its own line
/// (`/*`, `/assets/*`, `/schools/:id`), then indented `Name: value` lines for it.
#[derive(Clone, Debug, Default)]
pub struct HeaderRules(Vec<(String, Vec<(HeaderName, HeaderValue)>)>);

impl HeaderRules {
    pub fn parse(text: &str) -> Result<HeaderRules, String> {
        let mut rules: Vec<(String, Vec<(HeaderName, HeaderValue)>)> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if !line.starts_with([' ', '\t']) {
                if !trimmed.starts_with('/') {
                    return Err(format!("line {}: a path pattern must start with /", n + 1));
                }
                rules.push((trimmed.to_string(), Vec::new()));
                continue;
            }
            let Some((_, headers)) = rules.last_mut() else {
                return Err(format!("line {}: a header before any path pattern", n + 1));
            };
            let (name, value) =
                trimmed.split_once(':').ok_or_else(|| format!("line {}: expected `Name: value`", n + 1))?;
            let name = HeaderName::try_from(name.trim()).map_err(|e| format!("line {}: {e}", n + 1))?;
            let value = HeaderValue::try_from(value.trim()).map_err(|e| format!("line {}: {e}", n + 1))?;
            headers.push((name, value));
        }
        Ok(HeaderRules(rules))
    }

    /// `DIR/_headers`. Without one (a dev build, or `dist/` copied without it), a fallback of
    /// the headers that need no knowledge of the build; the CSP needs the build's hash, so it
    /// is left out and a warning says so.
    pub fn load(dir: &Path) -> Result<HeaderRules, String> {
        let file = dir.join("_headers");
        match std::fs::read_to_string(&file) {
            Ok(text) => HeaderRules::parse(&text).map_err(|e| format!("{}: {e}", file.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                eprintln!(
                    "portal-server: warning: {} is missing; serving the site without a Content-Security-Policy",
                    file.display()
                );
                HeaderRules::parse(
                    "/*\n  X-Content-Type-Options: nosniff\n  X-Frame-Options: DENY\n  Referrer-Policy: strict-origin-when-cross-origin\n",
                )
            }
            Err(e) => Err(format!("{}: {e}", file.display())),
        }
    }

    /// The headers for `path`: those of every matching rule, a later rule's value replacing
    /// an earlier one's.
    pub fn for_path(&self, path: &str) -> Vec<(HeaderName, HeaderValue)> {
        let mut out: Vec<(HeaderName, HeaderValue)> = Vec::new();
        for (pattern, headers) in &self.0 {
            if matches(pattern, path) {
                for (name, value) in headers {
                    out.retain(|(n, _)| n != name);
                    out.push((name.clone(), value.clone()));
                }
            }
        }
        out
    }
}

/// Netlify's patterns: a segment `*` (or ending in `*`) matches the rest of the path,
/// `:name` matches one segment, anything else matches itself.
fn matches(pattern: &str, path: &str) -> bool {
    let mut path_segments = path.split('/');
    for want in pattern.split('/') {
        if let Some(prefix) = want.strip_suffix('*') {
            return prefix.is_empty() || path_segments.next().is_some_and(|first| first.starts_with(prefix));
        }
        match path_segments.next() {
            Some(got) if want.starts_with(':') && !got.is_empty() => {}
            Some(got) if got == want => {}
            _ => return false,
        }
    }
    path_segments.next().is_none()
}

/// Middleware: the `_headers` rules on every answer of the static site.
pub async fn site_headers(State(rules): State<Arc<HeaderRules>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    for (name, value) in rules.for_path(&path) {
        response.headers_mut().insert(name, value);
    }
    response
}

/// `Cache-Control` of answers that concern one visitor (the session, the account, follows,
/// sign-in) and of errors: kept nowhere, not even by the app's service worker.
pub const PRIVATE_ANSWER: &str = "no-store";
/// `Cache-Control` of public reads (the directory, pages, articles, search, admission data):
/// the browser (and so the service worker, for reading offline) may keep a copy, but asks
/// again every time it is online; `private` keeps shared caches out all the same, since the
/// requests carry the session cookie.
pub const PUBLIC_READ: &str = "private, no-cache";

/// The API's public reads, by first path segment: answers that are the same for every
/// visitor (no handler under these reads the session).
const PUBLIC_READ_ROOTS: [&str; 7] = ["home", "schools", "articles", "tags", "search", "provinces", "rank"];

/// Middleware: the `Cache-Control` an answer may be kept under, and the fixed security
/// headers.
pub async fn api_headers(request: Request, next: Next) -> Response {
    let readable = is_public_read(request.method(), request.uri().path());
    let mut response = next.run(request).await;
    add_api_headers(response.headers_mut());
    if readable && response.status().is_success() && !response.headers().contains_key(header::SET_COOKIE) {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(PUBLIC_READ));
    }
    response
}

/// Whether a request is a public read: a GET (or HEAD) of a path under one of
/// [`PUBLIC_READ_ROOTS`], `/api/` prefix or not (a nested router sees the path without it).
pub fn is_public_read(method: &Method, path: &str) -> bool {
    if method != Method::GET && method != Method::HEAD {
        return false;
    }
    let path = path.strip_prefix("/api").filter(|rest| rest.starts_with('/')).unwrap_or(path);
    let root = path.trim_start_matches('/').split('/').next().unwrap_or_default();
    PUBLIC_READ_ROOTS.contains(&root)
}

/// The security headers, and `Cache-Control` for a private answer (what every answer gets
/// unless [`api_headers`] finds it a public read).
pub fn add_api_headers(headers: &mut axum::http::HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(PRIVATE_ANSWER));
    for (name, value) in API_HEADERS {
        headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_build_format_and_matches_patterns() {
        let rules = HeaderRules::parse(
            "# comment\n/*\n  Content-Security-Policy: default-src 'self'\n  X-Frame-Options: DENY\n/assets/*\n  Cache-Control: immutable\n/schools/:id\n  X-Test: school\n",
        )
        .expect("parses");
        let names = |path: &str| -> Vec<String> {
            rules.for_path(path).iter().map(|(n, v)| format!("{n}={}", v.to_str().unwrap_or("?"))).collect()
        };
        assert_eq!(names("/"), ["content-security-policy=default-src 'self'", "x-frame-options=DENY"]);
        assert!(names("/assets/app.js").contains(&"cache-control=immutable".to_string()));
        assert!(!names("/other/app.js").contains(&"cache-control=immutable".to_string()));
        assert!(names("/schools/12").contains(&"x-test=school".to_string()));
        assert!(!names("/schools/12/articles").contains(&"x-test=school".to_string()));
        assert!(HeaderRules::parse("  X: y\n").is_err());
        assert!(HeaderRules::parse("/*\n  no colon\n").is_err());
    }

    #[test]
    fn paths_with_an_extension_name_files() {
        for file in ["/x.js", "/assets/app-1a2b.wasm", "/favicon.ico", "/articles/9/x.png"] {
            assert!(names_a_file(file), "{file}");
        }
        for page in ["/", "/schools/2", "/articles/17", "/tags/%E9%AB%98%E8%80%83", "/.well-known", "/search"]
        {
            assert!(!names_a_file(page), "{page}");
        }
        // A page of the app whose last segment looks like a file name.
        for page in ["/tags/v1.0", "/tags/node.js"] {
            assert!(!names_a_file(page), "{page}");
        }
        assert!(names_a_file("/tags/v1.0/x.js"), "no page has that many segments");
    }

    #[test]
    fn app_pages_are_read() {
        assert!(APP_PAGES.iter().any(|p| p == "/tags/:tag"), "{:?}", *APP_PAGES);
        assert!(matches_route("/schools/:id/scores", "/schools/2/scores"));
        assert!(!matches_route("/schools/:id", "/schools/"));
        assert!(!matches_route("/schools/:id", "/schools/2/scores"));
    }

    #[test]
    fn only_gets_of_public_paths_are_public_reads() {
        for path in ["/api/home", "/schools", "/api/schools/3/articles", "/api/search", "/api/rank/index"] {
            assert!(is_public_read(&Method::GET, path), "{path}");
        }
        assert!(is_public_read(&Method::HEAD, "/api/articles/1"));
        for path in
            ["/api/session", "/api/users", "/api/me/follows", "/api/auth/methods", "/api/homes", "/apihome"]
        {
            assert!(!is_public_read(&Method::GET, path), "{path}");
        }
        assert!(!is_public_read(&Method::PUT, "/api/schools/3/follow"));
    }
}

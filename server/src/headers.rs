//! Response headers: the build's `_headers` file for the static site (so `--static` sends the
//! very Content-Security-Policy the build computed, with its inline script's hash), and a fixed
//! set for API answers.

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::path::Path;
use std::sync::Arc;

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

/// Middleware: API answers depend on the session, so never cache them in shared caches; and
/// the fixed security headers.
pub async fn api_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    add_api_headers(response.headers_mut());
    response
}

pub fn add_api_headers(headers: &mut axum::http::HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
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
}

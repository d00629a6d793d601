//! The allowlist for article HTML from the CMS. This module holds the rules (pure, tested on the
//! host); `browser::sanitize` applies them to a tree parsed by the browser's inert DOMParser and
//! rebuilds only what the rules allow. Nothing from an article is ever given to `innerHTML`.

/// What happens to an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagRule {
    /// Kept, with its allowed attributes.
    Keep,
    /// Removed, its children kept (CMS wrappers such as `span`, `font`, `div`).
    Unwrap,
    /// Removed with everything inside (scripts, styles, frames, forms, SVG, MathML…).
    Drop,
}

/// Deeper nesting than this is flattened to its text: hostile input cannot exhaust the stack.
pub const MAX_DEPTH: usize = 48;

pub fn tag_rule(name: &str) -> TagRule {
    match name {
        "p" | "h2" | "h3" | "h4" | "ul" | "ol" | "li" | "strong" | "em" | "b" | "i" | "a" | "img"
        | "blockquote" | "br" | "table" | "thead" | "tbody" | "tfoot" | "tr" | "th" | "td" | "caption" => {
            TagRule::Keep
        }
        // Content a reader should still see, without the wrapper.
        "span" | "font" | "div" | "section" | "article" | "center" | "u" | "small" | "sub" | "sup" | "h1"
        | "h5" | "h6" | "figure" | "figcaption" | "main" | "header" | "footer" | "abbr" | "cite" | "code"
        | "pre" | "mark" | "dl" | "dt" | "dd" | "s" | "del" | "ins" | "big" | "label" | "nobr" => {
            TagRule::Unwrap
        }
        _ => TagRule::Drop,
    }
}

/// Headings the page itself does not use inside an article (its title is the only `h1`) are
/// shown as the nearest allowed level.
pub fn renamed(name: &str) -> Option<&'static str> {
    match name {
        "h1" => Some("h2"),
        "h5" | "h6" => Some("h4"),
        _ => None,
    }
}

/// A kept attribute and its cleaned value, or `None` to drop it.
pub fn attribute(tag: &str, name: &str, value: &str) -> Option<String> {
    match (tag, name) {
        ("a", "href") => safe_url(value, UrlUse::Link),
        ("img", "src") => safe_url(value, UrlUse::Image),
        ("img", "alt") | (_, "title") => Some(value.chars().take(300).collect()),
        ("img", "width" | "height") | ("td" | "th", "colspan" | "rowspan") => small_number(value),
        _ => None,
    }
}

fn small_number(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty() && v.len() <= 4 && v.bytes().all(|b| b.is_ascii_digit())).then(|| v.to_string())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlUse {
    Link,
    Image,
}

/// Allows `http(s)` and relative URLs (and, for images only, raster `data:` URLs). Browsers
/// ignore tabs, newlines and leading control characters inside a scheme (`java\tscript:`), so
/// the scheme is read the way they read it.
pub fn safe_url(value: &str, usage: UrlUse) -> Option<String> {
    let trimmed = value.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_control());
    let squeezed: String =
        trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r') && !c.is_control()).collect();
    if squeezed.is_empty() {
        return None;
    }
    let scheme_end = squeezed.find(':');
    let before_path = squeezed.find(['/', '?', '#']).unwrap_or(usize::MAX);
    match scheme_end {
        Some(end) if end < before_path => {
            let scheme = squeezed[..end].to_ascii_lowercase();
            let allowed = match scheme.as_str() {
                "http" | "https" => true,
                "data" => usage == UrlUse::Image && is_raster_data_url(&squeezed),
                _ => false,
            };
            allowed.then_some(squeezed)
        }
        // No scheme: relative (`images/a.png`, `/x`, `#top`, `//host/x` keeps the page's scheme).
        _ => Some(squeezed),
    }
}

fn is_raster_data_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Links that leave the site open in a new tab and carry no referrer or opener.
pub fn is_external(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_reading_tags_and_drops_active_content() {
        for tag in ["p", "h2", "ul", "li", "a", "img", "blockquote", "table", "td", "strong"] {
            assert_eq!(tag_rule(tag), TagRule::Keep, "{tag}");
        }
        for tag in ["span", "font", "div", "h1", "center"] {
            assert_eq!(tag_rule(tag), TagRule::Unwrap, "{tag}");
        }
        for tag in [
            "script",
            "style",
            "iframe",
            "object",
            "embed",
            "svg",
            "math",
            "form",
            "input",
            "template",
            "base",
            "meta",
            "link",
            "video",
            "audio",
            "frameset",
            "noscript",
            "xmp",
            "textarea",
            "select",
            "button",
            "unknown-x",
        ] {
            assert_eq!(tag_rule(tag), TagRule::Drop, "{tag}");
        }
        assert_eq!(renamed("h1"), Some("h2"));
    }

    #[test]
    fn drops_handlers_styles_and_unknown_attributes() {
        for (tag, name) in [
            ("img", "onerror"),
            ("a", "onclick"),
            ("p", "style"),
            ("p", "class"),
            ("a", "target"),
            ("img", "srcset"),
            ("a", "formaction"),
            ("p", "id"),
        ] {
            assert_eq!(attribute(tag, name, "x"), None, "{tag} {name}");
        }
        assert_eq!(attribute("img", "alt", "校园"), Some("校园".into()));
        assert_eq!(attribute("img", "width", "800"), Some("800".into()));
        assert_eq!(attribute("img", "width", "100%;x"), None);
        assert_eq!(attribute("td", "colspan", "2"), Some("2".into()));
    }

    #[test]
    fn allows_web_and_relative_urls() {
        for url in [
            "https://www.jxjdxy.edu.cn/a.html",
            "http://x.cn",
            "/articles/3",
            "images/campus.svg",
            "#top",
            "?page=2",
            "//cdn.example/a.png",
        ] {
            assert_eq!(safe_url(url, UrlUse::Link).as_deref(), Some(url), "{url}");
        }
        assert_eq!(safe_url(" https://x.cn ", UrlUse::Link).as_deref(), Some("https://x.cn"));
    }

    #[test]
    fn refuses_script_urls_however_they_are_disguised() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "livescript:x",
            "mhtml:x",
            "file:///etc/passwd",
            "",
            "   ",
        ] {
            assert_eq!(safe_url(url, UrlUse::Link), None, "{url:?}");
            if !url.starts_with("data:image") {
                assert_eq!(safe_url(url, UrlUse::Image), None, "{url:?}");
            }
        }
        assert_eq!(safe_url("data:image/svg+xml,<svg onload=alert(1)>", UrlUse::Image), None);
    }

    #[test]
    fn images_may_use_raster_data_urls_but_links_may_not() {
        let png = "data:image/png;base64,iVBORw0KGgo=";
        assert_eq!(safe_url(png, UrlUse::Image).as_deref(), Some(png));
        assert_eq!(safe_url(png, UrlUse::Link), None);
    }

    #[test]
    fn marks_external_links() {
        assert!(is_external("https://weibo.com"));
        assert!(!is_external("/articles/1"));
    }
}

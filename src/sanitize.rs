//! The allowlist for article HTML from the CMS. This module holds every rule (pure, tested on the
//! host); `browser::sanitize` applies them to a tree parsed by the browser's inert DOMParser and
//! rebuilds only what the rules allow. Nothing from an article is ever given to `innerHTML`.
//!
//! The output is built from fresh elements and text nodes, so text can never become markup; the
//! rules decide which elements are rebuilt (`Keep`), which are left out while what they hold is
//! still read (`Unwrap`, the default for anything unknown), which are flattened to their text
//! (`Text`: SVG and MathML) and which go with everything inside (`Drop`: code, frames, metadata,
//! form controls, fallbacks for plugins).

/// What happens to an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagRule {
    /// Rebuilt, with its allowed attributes ([`output_name`] may rename it).
    Keep,
    /// Left out, its children read as if they stood in its place (CMS wrappers such as `span`,
    /// `font`, `div`, unknown and custom elements, `form`, `button`, the fallback content of
    /// `video`/`audio`/`canvas`).
    Unwrap,
    /// Left out with every element inside; only the text inside is kept, minus what `Drop` says
    /// (SVG and MathML: their text is readable, their elements are not rebuilt).
    Text,
    /// Left out with everything inside: content that is code or would be interpreted, loaded or
    /// never shown as prose (scripts, styles, templates, frames, plugins, metadata, controls).
    Drop,
}

pub const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// Deeper nesting of rebuilt elements than this is flattened to its text: hostile input cannot
/// build a tree deep enough to hurt layout or the stack.
pub const MAX_DEPTH: usize = 48;

/// The rule for an element, by namespace and local name (case does not matter).
///
/// Rebuilt elements are never raw-text or RCDATA elements (`script`, `style`, `xmp`, `textarea`,
/// `title`, `noscript`, `iframe`…): text inside them would not be escaped when a pre-rendered
/// page is saved and parsed again.
pub fn tag_rule(namespace: Option<&str>, name: &str) -> TagRule {
    let name = name.to_ascii_lowercase();
    if namespace != Some(XHTML) {
        // SVG, MathML (and anything else not HTML): text only; their code is not text to read
        // (`handler`: SVG Tiny's script element).
        return match name.as_str() {
            "script" | "style" | "handler" => TagRule::Drop,
            _ => TagRule::Text,
        };
    }
    match name.as_str() {
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "li" | "strong" | "em" | "b" | "i"
        | "a" | "img" | "blockquote" | "br" | "hr" | "table" | "thead" | "tbody" | "tfoot" | "tr" | "th"
        | "td" | "caption" | "q" | "time" | "ruby" | "rt" | "rp" | "address" | "abbr" | "cite" | "dfn"
        | "kbd" | "samp" | "var" | "mark" | "small" | "sub" | "sup" | "s" | "u" | "del" | "ins" | "bdi"
        | "bdo" | "wbr" | "code" | "pre" | "dl" | "dt" | "dd" | "figure" | "figcaption" | "details"
        | "summary" => TagRule::Keep,
        // Code, content the browser would interpret rather than show, or raw markup it would
        // print as text (`xmp`, `plaintext`: source, not prose).
        "script" | "style" | "template" | "noscript" | "noembed" | "noframes" | "xmp" | "plaintext"
        // Other documents, plugins and what they load (`object`'s fallback holds `param`s).
        | "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "param" | "portal"
        | "fencedframe"
        // Metadata: never part of the text.
        | "head" | "title" | "base" | "link" | "meta"
        // Form controls: their content is a value or a list of choices, not prose.
        | "input" | "textarea" | "select" | "option" | "optgroup" | "datalist" | "keygen"
        | "selectedcontent"
        // Media sources and image-map areas: URLs to load or follow, no text.
        | "source" | "track" | "area" => TagRule::Drop,
        // The rest (`span`, `div`, `font`, `form`, `button`, `label`, `video`, `audio`, `canvas`,
        // `picture`, `marquee`, custom elements, misspellings…): the reader still sees the
        // content, without the wrapper. An unclosed `<video>` thus keeps the rest of the article.
        _ => TagRule::Unwrap,
    }
}

/// The element a kept one is rebuilt as: headings the page itself does not use inside an article
/// (its title is the only `h1`) become the nearest allowed level.
pub fn output_name(name: &str) -> &str {
    match name {
        "h1" => "h2",
        "h5" | "h6" => "h4",
        _ => name,
    }
}

/// A kept attribute and its cleaned value, or `None` to drop it. Never `id` or `name`: the
/// output lands in the live page, where those would shadow `document` properties.
pub fn attribute(tag: &str, name: &str, value: &str) -> Option<String> {
    match (tag, name) {
        ("a", "href") => safe_url(value, UrlUse::Link),
        ("img", "src") => safe_url(value, UrlUse::Image),
        ("img", "alt") | (_, "title") => Some(value.chars().take(300).collect()),
        ("img", "width" | "height") | ("td" | "th", "colspan" | "rowspan") | ("ol", "start") => {
            small_number(value)
        }
        ("time" | "del" | "ins", "datetime") => datetime(value),
        ("q" | "blockquote" | "del" | "ins", "cite") => safe_url(value, UrlUse::Link),
        ("details", "open") => Some(String::new()),
        (_, "dir") => {
            let v = value.trim().to_ascii_lowercase();
            matches!(v.as_str(), "ltr" | "rtl" | "auto").then_some(v)
        }
        (_, "lang") => {
            let v = value.trim();
            (!v.is_empty() && v.len() <= 35 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
                .then(|| v.to_string())
        }
        _ => None,
    }
}

fn small_number(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty() && v.len() <= 4 && v.bytes().all(|b| b.is_ascii_digit())).then(|| v.to_string())
}

/// `2024`, `2024-06-07`, `2024-06-07T08:00+08:00`, `PT2H`: digits and the few signs of a date.
fn datetime(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()
        && v.len() <= 40
        && v.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'.' | b'+' | b' ')))
    .then(|| v.to_string())
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

/// Whether a kept link leaves the site, so it opens in a new tab with no referrer or opener.
///
/// Decided by where the link really goes, not by how it starts: `resolved_origin` is the origin
/// of `href` resolved against the page the way a click resolves it (`web_sys::Url`), so
/// `\\evil.example/x`, `/\evil.example`, `http:\\evil.example` and `//evil.example` all leave.
/// Without a resolution (`None`) only a link whose shape cannot leave stays: a fragment, a
/// query, an absolute path or a relative path, with no scheme and no backslash.
pub fn is_external(href: &str, resolved_origin: Option<&str>, page_origin: &str) -> bool {
    match resolved_origin {
        Some(origin) => origin == "null" || !origin.eq_ignore_ascii_case(page_origin),
        None => !stays_by_shape(href),
    }
}

fn stays_by_shape(href: &str) -> bool {
    // Browsers drop tabs and newlines anywhere in a URL and control characters and spaces at
    // its start; a backslash counts as a slash in web URLs.
    let squeezed: String = href.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let h = squeezed.trim_start_matches(|c: char| c.is_ascii_whitespace() || c.is_control());
    if h.contains('\\') {
        return false;
    }
    if let Some(path) = h.strip_prefix('/') {
        return !path.starts_with('/');
    }
    match h.find(':') {
        Some(colon) => h.find(['/', '?', '#']).is_some_and(|p| p < colon),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: Option<&str> = Some("http://www.w3.org/2000/svg");
    const MATHML: Option<&str> = Some("http://www.w3.org/1998/Math/MathML");
    const HTML: Option<&str> = Some(XHTML);

    #[test]
    fn keeps_reading_tags_and_drops_active_content() {
        for tag in ["p", "h2", "ul", "li", "a", "img", "blockquote", "table", "td", "strong", "H2"] {
            assert_eq!(tag_rule(HTML, tag), TagRule::Keep, "{tag}");
        }
        for tag in ["span", "font", "div", "center", "section"] {
            assert_eq!(tag_rule(HTML, tag), TagRule::Unwrap, "{tag}");
        }
        for tag in [
            "script",
            "style",
            "iframe",
            "object",
            "embed",
            "input",
            "template",
            "base",
            "meta",
            "link",
            "title",
            "frameset",
            "noscript",
            "noembed",
            "noframes",
            "xmp",
            "plaintext",
            "textarea",
            "select",
            "option",
            "source",
            "track",
            "applet",
            "param",
        ] {
            assert_eq!(tag_rule(HTML, tag), TagRule::Drop, "{tag}");
        }
        assert_eq!(output_name("h1"), "h2");
        assert_eq!(output_name("h6"), "h4");
        assert_eq!(output_name("p"), "p");
    }

    /// Issue 9: unlisted but harmless elements no longer take their content with them.
    #[test]
    fn harmless_elements_are_kept_or_unwrapped_not_dropped() {
        for tag in [
            "q",
            "time",
            "ruby",
            "rt",
            "rp",
            "address",
            "abbr",
            "cite",
            "dfn",
            "kbd",
            "mark",
            "small",
            "sub",
            "sup",
            "s",
            "u",
            "bdi",
            "bdo",
            "wbr",
            "figure",
            "figcaption",
            "details",
            "summary",
            "code",
            "pre",
        ] {
            assert_eq!(tag_rule(HTML, tag), TagRule::Keep, "{tag}");
        }
        // Wrappers and fallbacks: the reader keeps the text (an unclosed <video> used to take
        // the rest of the article with it).
        for tag in [
            "video",
            "audio",
            "canvas",
            "picture",
            "form",
            "button",
            "label",
            "fieldset",
            "legend",
            "marquee",
            "unknown-x",
            "o:p",
            "listing",
            "dialog",
            "slot",
            "map",
        ] {
            assert_eq!(tag_rule(HTML, tag), TagRule::Unwrap, "{tag}");
        }
    }

    #[test]
    fn svg_and_mathml_are_flattened_to_text_without_their_code() {
        for (ns, tag) in
            [(SVG, "svg"), (SVG, "text"), (SVG, "foreignObject"), (MATHML, "math"), (MATHML, "mi")]
        {
            assert_eq!(tag_rule(ns, tag), TagRule::Text, "{tag}");
        }
        for (ns, tag) in [(SVG, "script"), (SVG, "style"), (SVG, "handler"), (MATHML, "style")] {
            assert_eq!(tag_rule(ns, tag), TagRule::Drop, "{tag}");
        }
        // An element with no namespace (or one we do not know) is never rebuilt.
        assert_eq!(tag_rule(None, "p"), TagRule::Text);
        assert_eq!(tag_rule(Some("urn:x"), "a"), TagRule::Text);
    }

    /// Text inside these would not be escaped when the output is serialized and parsed again
    /// (pre-rendered pages), so none of them may ever be rebuilt.
    #[test]
    fn raw_text_elements_are_never_rebuilt() {
        for tag in [
            "script",
            "style",
            "xmp",
            "iframe",
            "noembed",
            "noframes",
            "noscript",
            "plaintext",
            "textarea",
            "title",
            "template",
            "svg",
            "math",
        ] {
            assert_ne!(tag_rule(HTML, tag), TagRule::Keep, "{tag}");
        }
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
            ("img", "name"),
            ("a", "id"),
            ("a", "name"),
            ("time", "onfocus"),
        ] {
            assert_eq!(attribute(tag, name, "x"), None, "{tag} {name}");
        }
        assert_eq!(attribute("img", "alt", "校园"), Some("校园".into()));
        assert_eq!(attribute("img", "width", "800"), Some("800".into()));
        assert_eq!(attribute("img", "width", "100%;x"), None);
        assert_eq!(attribute("td", "colspan", "2"), Some("2".into()));
    }

    #[test]
    fn keeps_the_safe_attributes_of_the_newly_kept_elements() {
        assert_eq!(
            attribute("time", "datetime", "2024-06-07T08:00+08:00").as_deref(),
            Some("2024-06-07T08:00+08:00")
        );
        assert_eq!(attribute("time", "datetime", "x\"onclick=\"y"), None);
        assert_eq!(attribute("bdo", "dir", "RTL").as_deref(), Some("rtl"));
        assert_eq!(attribute("bdo", "dir", "up"), None);
        assert_eq!(attribute("q", "cite", "https://x.cn/a").as_deref(), Some("https://x.cn/a"));
        assert_eq!(attribute("q", "cite", "javascript:alert(1)"), None);
        assert_eq!(attribute("details", "open", "anything").as_deref(), Some(""));
        assert_eq!(attribute("span", "lang", "zh-Hans").as_deref(), Some("zh-Hans"));
        assert_eq!(attribute("span", "lang", "zh\" x"), None);
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
    fn marks_external_links_by_resolved_origin() {
        let page = "https://gaokao.example.cn";
        assert!(is_external("https://weibo.com", Some("https://weibo.com"), page));
        assert!(!is_external("/articles/1", Some(page), page));
        assert!(!is_external("https://gaokao.example.cn/a", Some("https://GAOKAO.example.cn"), page));
        assert!(is_external("http://gaokao.example.cn/a", Some("http://gaokao.example.cn"), page), "scheme");
        assert!(is_external("https://gaokao.example.cn:8443/", Some("https://gaokao.example.cn:8443"), page));
        // Issue 10: what a browser resolves to another host is external whatever it looks like.
        assert!(is_external("/\\evil.example", Some("https://evil.example"), page));
        assert!(is_external("x", Some("null"), page), "opaque origins");
    }

    /// When the browser cannot resolve a link, only the shapes that cannot leave stay inside.
    #[test]
    fn unresolved_links_are_external_unless_their_shape_stays() {
        let page = "https://gaokao.example.cn";
        for href in [
            "\\\\evil.example/x",
            "/\\evil.example",
            "\\/evil.example",
            "http:\\\\evil.example",
            "https:evil.example",
            "//evil.example",
            " //evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "\u{1}//evil.example",
            "ht\ttp://evil.example",
            "HTTPS://evil.example",
            "mailto:a@b.cn",
        ] {
            assert!(is_external(href, None, page), "{href:?}");
        }
        for href in ["/articles/1", "articles/1", "#top", "?page=2", "./a", "../a", "a/b:c", ""] {
            assert!(!is_external(href, None, page), "{href:?}");
        }
    }
}

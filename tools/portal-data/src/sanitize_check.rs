//! What the site's sanitizer would change in an article body, found before the article is
//! published. The rules are the app's own (`src/sanitize.rs`, compiled into this crate as they
//! are: one rule table, no copy); the walk mirrors `src/browser/sanitize.rs` over the tree a
//! browser's parser builds, here html5ever's (through scraper), which follows the same HTML
//! parsing standard as the `DOMParser` the app uses.

#[path = "../../../src/sanitize.rs"]
#[allow(dead_code)] // The link rules (`is_external`) are the browser's business, not ours.
mod rules;

use crate::problem::{ProblemKind, Tally};
use ego_tree::NodeRef;
use rules::{attribute, output_name, tag_rule, TagRule, MAX_DEPTH, XHTML};
use scraper::{Html, Node};
use std::collections::BTreeMap;

/// What the sanitizer would do to a body, counted by element or attribute name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Elements removed with everything inside (`<script>`, `<iframe>`…).
    pub removed: BTreeMap<String, usize>,
    /// Event handlers and links or images whose address is refused.
    pub unsafe_attributes: BTreeMap<String, usize>,
    /// Wrappers left out, their content kept (`<span>`, `<div>`…).
    pub unwrapped: BTreeMap<String, usize>,
    /// Other attributes removed (`style`, `class`…).
    pub dropped_attributes: BTreeMap<String, usize>,
    /// SVG and MathML reduced to their text.
    pub flattened: BTreeMap<String, usize>,
    /// Elements nested deeper than the sanitizer rebuilds.
    pub too_deep: usize,
    /// What a full page holds in `<head>` (never shown).
    pub head: BTreeMap<String, usize>,
}

impl Changes {
    /// The problems to report, errors first.
    pub fn problems(&self) -> Vec<ProblemKind> {
        let tally =
            |m: &BTreeMap<String, usize>| -> Tally { m.iter().map(|(k, v)| (k.clone(), *v)).collect() };
        let mut out = Vec::new();
        if !self.removed.is_empty() {
            out.push(ProblemKind::SanitizerRemoves(tally(&self.removed)));
        }
        if !self.unsafe_attributes.is_empty() {
            out.push(ProblemKind::SanitizerUnsafeAttributes(tally(&self.unsafe_attributes)));
        }
        if !self.unwrapped.is_empty() {
            out.push(ProblemKind::SanitizerUnwraps(tally(&self.unwrapped)));
        }
        if !self.dropped_attributes.is_empty() {
            out.push(ProblemKind::SanitizerDropsAttributes(tally(&self.dropped_attributes)));
        }
        if !self.flattened.is_empty() {
            out.push(ProblemKind::SanitizerFlattens(tally(&self.flattened)));
        }
        if self.too_deep > 0 {
            out.push(ProblemKind::SanitizerTooDeep(self.too_deep));
        }
        if !self.head.is_empty() {
            out.push(ProblemKind::HeadIgnored(tally(&self.head)));
        }
        out
    }
}

/// The changes the sanitizer would make to `html`.
pub fn changes(html: &str) -> Changes {
    let document = Html::parse_document(html);
    let mut changes = Changes::default();
    // A full page (with its own <html>/<body>) is read from its body, as the site does; in a
    // fragment, what the parser moved into <head> (a leading <style>, <script>, <meta>…) is
    // lost like anything else the sanitizer drops.
    let lower = html.to_ascii_lowercase();
    let full_page = lower.contains("<body") || lower.contains("<html");
    let root = document.root_element();
    for part in root.children() {
        let Some(element) = part.value().as_element() else { continue };
        match element.name() {
            "head" => {
                for child in part.children() {
                    if let Some(e) = child.value().as_element() {
                        let name = format!("<{}>", e.name());
                        let into = if full_page { &mut changes.head } else { &mut changes.removed };
                        *into.entry(name).or_default() += 1;
                    }
                }
            }
            _ => walk(part, &mut changes),
        }
    }
    changes
}

/// The app's walk (`browser::sanitize::rebuild`), counting instead of rebuilding.
fn walk(body: NodeRef<'_, Node>, changes: &mut Changes) {
    let mut stack: Vec<(NodeRef<'_, Node>, usize, bool)> =
        body.children().rev().map(|n| (n, 0, false)).collect();
    while let Some((node, depth, text_only)) = stack.pop() {
        let Some(element) = node.value().as_element() else { continue };
        let name = element.name().to_ascii_lowercase();
        let namespace: &str = &element.name.ns;
        let rule = tag_rule(Some(namespace), &name);
        let inner_text_only = text_only || rule == TagRule::Text || depth >= MAX_DEPTH;
        let shown = format!("<{name}>");
        let mut children_depth = depth;
        match rule {
            TagRule::Drop => {
                *changes.removed.entry(shown).or_default() += 1;
                continue;
            }
            TagRule::Keep if !inner_text_only => {
                check_attributes(output_name(&name), element, changes);
                children_depth = depth + 1;
            }
            TagRule::Keep if !text_only => changes.too_deep += 1,
            TagRule::Unwrap if !text_only && namespace == XHTML => {
                *changes.unwrapped.entry(shown).or_default() += 1;
            }
            TagRule::Text if !text_only => *changes.flattened.entry(shown).or_default() += 1,
            _ => {}
        }
        stack.extend(node.children().rev().map(|n| (n, children_depth, inner_text_only)));
    }
}

fn check_attributes(tag: &str, element: &scraper::node::Element, changes: &mut Changes) {
    for (name, value) in element.attrs() {
        let lower = name.to_ascii_lowercase();
        if attribute(tag, &lower, value).is_some() {
            continue;
        }
        if lower.starts_with("on") {
            *changes.unsafe_attributes.entry(lower).or_default() += 1;
        } else if matches!(lower.as_str(), "href" | "src" | "cite") && !value.trim().is_empty() {
            let shown: String = value.trim().chars().take(24).collect();
            *changes.unsafe_attributes.entry(format!("{lower}=\"{shown}\"")).or_default() += 1;
        } else {
            *changes.dropped_attributes.entry(lower).or_default() += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(map: &BTreeMap<String, usize>, key: &str) -> usize {
        map.get(key).copied().unwrap_or(0)
    }

    #[test]
    fn clean_html_changes_nothing() {
        let html = r#"<h2>招生章程</h2><p>欢迎<strong>报考</strong>，详见<a href="https://www.xmu.edu.cn/zs">官网</a>。</p>
            <table><tr><td colspan="2">学费</td></tr></table><img src="images/a.png" alt="校园" width="800">"#;
        assert_eq!(changes(html), Changes::default());
    }

    #[test]
    fn finds_scripts_frames_handlers_and_script_links() {
        let html = r#"<script>alert(1)</script><p onclick="x()">a<iframe src="https://evil.example"></iframe></p>
            <a href="javascript:alert(1)">b</a><img src=x onerror=alert(1)>"#;
        let c = changes(html);
        assert_eq!(count(&c.removed, "<script>"), 1, "{c:?}");
        assert_eq!(count(&c.removed, "<iframe>"), 1);
        assert_eq!(count(&c.unsafe_attributes, "onclick"), 1);
        assert_eq!(count(&c.unsafe_attributes, "onerror"), 1);
        assert_eq!(count(&c.unsafe_attributes, "href=\"javascript:alert(1)\""), 1);
        let codes: Vec<&str> = c.problems().iter().map(ProblemKind::code).collect();
        assert_eq!(codes, vec!["sanitizer_removes", "sanitizer_unsafe_attributes"]);
    }

    #[test]
    fn cms_wrappers_and_styles_are_warnings() {
        let c = changes(
            r#"<div class="x"><span style="color:red">红</span><font>字</font></div><p style="a">p</p>"#,
        );
        assert_eq!(
            (count(&c.unwrapped, "<div>"), count(&c.unwrapped, "<span>"), count(&c.unwrapped, "<font>")),
            (1, 1, 1)
        );
        assert_eq!(count(&c.dropped_attributes, "style"), 1, "only the kept <p>'s attribute is counted");
        assert!(c.removed.is_empty() && c.unsafe_attributes.is_empty());
        assert!(c.problems().iter().all(|p| p.severity() != crate::problem::Severity::Error));
    }

    #[test]
    fn svg_is_flattened_and_its_script_removed() {
        let c = changes("<p>图</p><svg><text>文字</text><script>x</script></svg>");
        assert_eq!(count(&c.flattened, "<svg>"), 1);
        assert_eq!(count(&c.removed, "<script>"), 1);
    }

    #[test]
    fn a_full_page_is_read_from_its_body() {
        let c =
            changes("<html><head><title>t</title><meta charset=utf-8></head><body><p>x</p></body></html>");
        assert_eq!((count(&c.head, "<title>"), count(&c.head, "<meta>")), (1, 1));
        assert!(c.removed.is_empty());
        // In a fragment the same <style> is lost: the parser puts it in <head>.
        assert_eq!(count(&changes("<style>p{}</style><p>x</p>").removed, "<style>"), 1);
    }

    #[test]
    fn deep_nesting_is_flattened_like_the_app_does() {
        let html = "<blockquote>".repeat(MAX_DEPTH + 3) + "x";
        assert_eq!(changes(&html).too_deep, 1);
    }
}

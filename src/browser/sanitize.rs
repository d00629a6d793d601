//! Applies the rules of [`crate::sanitize`] in the browser: the untrusted HTML is parsed by an
//! inert `DOMParser` document (no scripts run, nothing loads), and a fresh fragment is built in
//! the live page from the allowed elements, attributes and text only.

use crate::sanitize::{attribute, is_external, renamed, tag_rule, TagRule, MAX_DEPTH};
use wasm_bindgen::JsCast;
use web_sys::{Document, DocumentFragment, DomParser, Element, Node, SupportedType};

const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// A clean fragment of `html`, ready to append. `None` only when the browser lacks a DOM.
pub fn sanitize(html: &str) -> Option<DocumentFragment> {
    let live = web_sys::window()?.document()?;
    let parsed = DomParser::new().ok()?.parse_from_string(html, SupportedType::TextHtml).ok()?;
    let out = live.create_document_fragment();
    if let Some(body) = parsed.body() {
        copy_children(&live, &body, &out, 0);
    }
    Some(out)
}

fn copy_children(live: &Document, from: &Node, to: &Node, depth: usize) {
    let mut child = from.first_child();
    while let Some(node) = child {
        copy_node(live, &node, to, depth);
        child = node.next_sibling();
    }
}

fn copy_node(live: &Document, node: &Node, to: &Node, depth: usize) {
    match node.node_type() {
        Node::TEXT_NODE => {
            let text = live.create_text_node(&node.text_content().unwrap_or_default());
            let _ = to.append_child(&text);
        }
        Node::ELEMENT_NODE => {
            let Some(element) = node.dyn_ref::<Element>() else { return };
            // Only plain HTML elements; SVG and MathML (and anything inside them) are dropped.
            if element.namespace_uri().as_deref() != Some(XHTML) {
                return;
            }
            let name = element.local_name();
            match tag_rule(&name) {
                TagRule::Drop => {}
                _ if depth >= MAX_DEPTH => {
                    let text = live.create_text_node(&node.text_content().unwrap_or_default());
                    let _ = to.append_child(&text);
                }
                TagRule::Unwrap if renamed(&name).is_none() => copy_children(live, node, to, depth + 1),
                TagRule::Unwrap | TagRule::Keep => {
                    let Ok(copy) = live.create_element(renamed(&name).unwrap_or(&name)) else { return };
                    copy_attributes(element, &copy, &name);
                    copy_children(live, node, &copy, depth + 1);
                    let _ = to.append_child(&copy);
                }
            }
        }
        // Comments, processing instructions, doctypes: nothing a reader needs.
        _ => {}
    }
}

fn copy_attributes(from: &Element, to: &Element, tag: &str) {
    for name in from.get_attribute_names().iter().filter_map(|n| n.as_string()) {
        let value = from.get_attribute(&name).unwrap_or_default();
        if let Some(clean) = attribute(tag, &name.to_ascii_lowercase(), &value) {
            let _ = to.set_attribute(&name.to_ascii_lowercase(), &clean);
        }
    }
    match tag {
        "a" if to.get_attribute("href").is_some_and(|h| is_external(&h)) => {
            let _ = to.set_attribute("target", "_blank");
            let _ = to.set_attribute("rel", "noopener noreferrer nofollow");
        }
        "img" => {
            let _ = to.set_attribute("loading", "lazy");
            let _ = to.set_attribute("decoding", "async");
            if !to.has_attribute("alt") {
                let _ = to.set_attribute("alt", "");
            }
        }
        _ => {}
    }
}

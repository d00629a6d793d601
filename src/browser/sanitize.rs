//! Applies the rules of [`crate::sanitize`] in the browser: the untrusted HTML is parsed by an
//! inert `DOMParser` document (no scripts run, nothing loads), and a fresh fragment is built in
//! the live page from the allowed elements, attributes and text only.
//!
//! Parsed nodes are never read through their own properties. A parsed `<form>` answers
//! `form.nodeName`, `form.firstChild`, `form.attributes`… with its named controls
//! (`<input name=nodeName>`: DOM clobbering), and web-sys bindings would take that element for
//! a string or a node without checking: a memory fault in the wasm. So, as DOMPurify does, every
//! read goes through the getters and methods of the DOM prototypes (`Node.prototype`,
//! `Element.prototype`…), captured when a sanitize starts, and every value read is type-checked;
//! a node that answers anything unexpected is left out. The walk keeps its own stack, so depth
//! costs no recursion.

use crate::sanitize::{attribute, is_external, output_name, tag_rule, TagRule, MAX_DEPTH};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, DocumentFragment, DomParser, Element, Node, SupportedType, Url, Window};

/// A clean fragment of `html`, ready to append. `None` only when the browser lacks a DOM.
pub fn sanitize(html: &str) -> Option<DocumentFragment> {
    let window = web_sys::window()?;
    let live = window.document()?;
    let dom = Dom::capture(&window)?;
    let page = Page::of(&window);
    let parsed = DomParser::new().ok()?.parse_from_string(html, SupportedType::TextHtml).ok()?;
    let out = live.create_document_fragment();
    if let Some(body) = dom.body(&parsed) {
        rebuild(&dom, &live, &page, &body, &out);
    }
    // Joins the text nodes that unwrapping left side by side.
    out.normalize();
    Some(out)
}

/// One node still to read, and where what it yields goes.
struct Pending {
    node: JsValue,
    parent: Node,
    /// Rebuilt elements above it.
    depth: usize,
    /// Inside SVG/MathML or past [`MAX_DEPTH`]: text only.
    text_only: bool,
}

fn rebuild(dom: &Dom, live: &Document, page: &Page, from: &JsValue, to: &Node) {
    let mut stack = Vec::new();
    push_children(dom, &mut stack, from, to, 0, false);
    while let Some(Pending { node, parent, depth, text_only }) = stack.pop() {
        match dom.node_type(&node) {
            Some(Node::TEXT_NODE) => {
                if let Some(text) = dom.text(&node) {
                    let _ = parent.append_child(&live.create_text_node(&text));
                }
            }
            Some(Node::ELEMENT_NODE) => {
                let Some(name) = dom.local_name(&node).map(|n| n.to_ascii_lowercase()) else { continue };
                let rule = tag_rule(dom.namespace(&node).as_deref(), &name);
                let text_only = text_only || rule == TagRule::Text || depth >= MAX_DEPTH;
                match rule {
                    TagRule::Drop => {}
                    TagRule::Keep if !text_only => {
                        let tag = output_name(&name);
                        let Ok(copy) = live.create_element(tag) else { continue };
                        copy_attributes(dom, page, &node, &copy, tag);
                        let _ = parent.append_child(&copy);
                        push_children(dom, &mut stack, &node, &copy, depth + 1, false);
                    }
                    _ => push_children(dom, &mut stack, &node, &parent, depth, text_only),
                }
            }
            // Comments, processing instructions, doctypes: nothing a reader needs.
            _ => {}
        }
    }
}

/// Queues the children of `node` so that they are read in document order.
fn push_children(
    dom: &Dom,
    stack: &mut Vec<Pending>,
    node: &JsValue,
    parent: &Node,
    depth: usize,
    text_only: bool,
) {
    let start = stack.len();
    let mut child = dom.first_child(node);
    while let Some(node) = child {
        child = dom.next_sibling(&node);
        stack.push(Pending { node, parent: parent.clone(), depth, text_only });
    }
    stack[start..].reverse();
}

fn copy_attributes(dom: &Dom, page: &Page, from: &JsValue, to: &Element, tag: &str) {
    for name in dom.attribute_names(from) {
        let lower = name.to_ascii_lowercase();
        let Some(value) = dom.attribute(from, &name) else { continue };
        if let Some(clean) = attribute(tag, &lower, &value) {
            let _ = to.set_attribute(&lower, &clean);
        }
    }
    match tag {
        "a" if to.get_attribute("href").is_some_and(|h| page.is_external(&h)) => {
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

/// Where the article is shown: links are resolved against it to see where they really go.
struct Page {
    href: String,
    origin: String,
}

impl Page {
    fn of(window: &Window) -> Self {
        let location = window.location();
        Page { href: location.href().unwrap_or_default(), origin: location.origin().unwrap_or_default() }
    }

    fn is_external(&self, href: &str) -> bool {
        let resolved = Url::new_with_base(href, &self.href).ok().map(|url| url.origin());
        is_external(href, resolved.as_deref(), &self.origin)
    }
}

/// The DOM getters and methods, taken from the prototypes rather than from parsed nodes (which
/// may shadow them). The page's own prototypes cannot be changed by the parsed HTML: it runs no
/// script.
struct Dom {
    node_type: Function,
    first_child: Function,
    next_sibling: Function,
    local_name: Function,
    namespace_uri: Function,
    data: Function,
    get_attribute_names: Function,
    get_attribute: Function,
    body: Function,
}

impl Dom {
    fn capture(window: &Window) -> Option<Self> {
        let node = prototype(window, "Node")?;
        let element = prototype(window, "Element")?;
        Some(Dom {
            node_type: getter(&node, "nodeType")?,
            first_child: getter(&node, "firstChild")?,
            next_sibling: getter(&node, "nextSibling")?,
            local_name: getter(&element, "localName")?,
            namespace_uri: getter(&element, "namespaceURI")?,
            data: getter(&prototype(window, "CharacterData")?, "data")?,
            get_attribute_names: method(&element, "getAttributeNames")?,
            get_attribute: method(&element, "getAttribute")?,
            body: getter(&prototype(window, "Document")?, "body")?,
        })
    }

    /// `document.body` (a `<form name=body>` or `<img name=body>` would shadow it).
    fn body(&self, document: &Document) -> Option<JsValue> {
        as_node(self.body.call0(document).ok()?)
    }

    fn node_type(&self, node: &JsValue) -> Option<u16> {
        let n = self.node_type.call0(node).ok()?.as_f64()?;
        (n >= 0.0 && n <= f64::from(u16::MAX) && n.fract() == 0.0).then_some(n as u16)
    }

    fn first_child(&self, node: &JsValue) -> Option<JsValue> {
        as_node(self.first_child.call0(node).ok()?)
    }

    fn next_sibling(&self, node: &JsValue) -> Option<JsValue> {
        as_node(self.next_sibling.call0(node).ok()?)
    }

    fn local_name(&self, element: &JsValue) -> Option<String> {
        self.local_name.call0(element).ok()?.as_string()
    }

    fn namespace(&self, element: &JsValue) -> Option<String> {
        self.namespace_uri.call0(element).ok()?.as_string()
    }

    fn text(&self, node: &JsValue) -> Option<String> {
        self.data.call0(node).ok()?.as_string()
    }

    fn attribute_names(&self, element: &JsValue) -> Vec<String> {
        match self.get_attribute_names.call0(element).ok().and_then(|a| a.dyn_into::<Array>().ok()) {
            Some(names) => names.iter().filter_map(|n| n.as_string()).collect(),
            None => Vec::new(),
        }
    }

    fn attribute(&self, element: &JsValue, name: &str) -> Option<String> {
        self.get_attribute.call1(element, &JsValue::from_str(name)).ok()?.as_string()
    }
}

/// Only a real node goes on; anything else (null, a collection) ends the read.
fn as_node(value: JsValue) -> Option<JsValue> {
    value.is_instance_of::<Node>().then_some(value)
}

fn prototype(window: &Window, interface: &str) -> Option<Object> {
    let constructor = Reflect::get(window, &JsValue::from_str(interface)).ok()?;
    Reflect::get(&constructor, &JsValue::from_str("prototype")).ok()?.dyn_into().ok()
}

/// The getter of `name` on `proto` or the nearest prototype above it that defines it.
fn getter(proto: &Object, name: &str) -> Option<Function> {
    let key = JsValue::from_str(name);
    let mut current = proto.clone();
    loop {
        let descriptor = Object::get_own_property_descriptor(&current, &key);
        if descriptor.is_object() {
            return Reflect::get(&descriptor, &JsValue::from_str("get")).ok()?.dyn_into().ok();
        }
        let up = Object::get_prototype_of(&current);
        if up.is_null() || up.is_undefined() {
            return None;
        }
        current = up;
    }
}

fn method(proto: &Object, name: &str) -> Option<Function> {
    Reflect::get(proto, &JsValue::from_str(name)).ok()?.dyn_into().ok()
}

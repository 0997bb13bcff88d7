//! Marking passages of stored article HTML, for exports that show highlights
//! in the article itself (the standalone HTML page).
//!
//! Passages are code-point ranges over the fragment's text content (the same
//! numbers as [`crate::anchor_text`]), so the HTML is parsed with the same
//! HTML5 parser and re-serialised node by node, with `<mark>` elements
//! wrapped around the covered parts of text nodes. Nothing else changes: the
//! input is already sanitised, and the only markup added is built here.

use dom_query::{Document, NodeRef};

use crate::html_scan::is_void_element;
use crate::sanitize::escape_into;

/// A passage to mark: `start..end` in code points, the `class` of its `<mark>`
/// (ASCII letters, digits, `-` and spaces only; anything else is dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub start: usize,
    pub end: usize,
    pub class: String,
}

/// `html` with each passage wrapped in `<mark class="…">` (split at element
/// boundaries, nested where passages overlap).
pub fn mark_passages(html: &str, passages: &[Passage]) -> String {
    let doc = Document::fragment(html);
    let mut out = String::with_capacity(html.len() + passages.len() * 40);
    let mut offset = 0;
    let root = doc.root();
    let start = root.first_child();
    // A fragment's parse puts its nodes under an `html` element.
    let nodes = match start {
        Some(n) if n.node_name().as_deref() == Some("html") => n.children(),
        _ => root.children(),
    };
    for node in nodes {
        write_node(&node, passages, &mut offset, &mut out);
    }
    out
}

fn write_node(node: &NodeRef<'_>, passages: &[Passage], offset: &mut usize, out: &mut String) {
    if node.is_text() {
        let text: Vec<char> = node.text().chars().collect();
        write_text(&text, *offset, passages, out);
        *offset += text.len();
    } else if node.is_element() {
        let name = node.node_name().map(|n| n.to_string()).unwrap_or_default();
        out.push('<');
        out.push_str(&name);
        for a in node.attrs() {
            out.push(' ');
            out.push_str(&a.name.local);
            out.push_str("=\"");
            escape_into(out, &a.value, true);
            out.push('"');
        }
        out.push('>');
        if is_void_element(&name) {
            return;
        }
        for child in node.children() {
            write_node(&child, passages, offset, out);
        }
        out.push_str("</");
        out.push_str(&name);
        out.push('>');
    }
}

/// Writes a text node that starts at `offset`, split where passages begin and end.
fn write_text(text: &[char], offset: usize, passages: &[Passage], out: &mut String) {
    let end = offset + text.len();
    let mut cuts: Vec<usize> = vec![offset, end];
    for p in passages {
        for at in [p.start, p.end] {
            if at > offset && at < end {
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let covering: Vec<&Passage> =
            passages.iter().filter(|p| p.start <= a && p.end >= b && p.start < p.end).collect();
        for p in &covering {
            out.push_str("<mark class=\"");
            out.extend(p.class.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ' '));
            out.push_str("\">");
        }
        let segment: String = text[a - offset..b - offset].iter().collect();
        escape_into(out, &segment, false);
        for _ in &covering {
            out.push_str("</mark>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor_text;

    fn passage(start: usize, end: usize) -> Passage {
        Passage { start, end, class: "hl yellow\"><script>".into() }
    }

    #[test]
    fn marks_across_elements_and_keeps_the_text() {
        let html = r#"<p>One &amp; <b>two</b> three</p><p><img src="x.jpg" alt="a &quot;b&quot;">four</p>"#;
        let marked = mark_passages(html, &[passage(4, 11)]);
        assert_eq!(
            marked,
            r#"<p>One <mark class="hl yellowscript">&amp; </mark><b><mark class="hl yellowscript">two</mark></b><mark class="hl yellowscript"> t</mark>hree</p><p><img src="x.jpg" alt="a &quot;b&quot;">four</p>"#
        );
        assert_eq!(anchor_text(&marked), anchor_text(html), "marking adds no text");
    }
}

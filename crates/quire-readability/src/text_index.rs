//! Character counts and link densities from one walk over a subtree (Quire).
//!
//! Upstream counted with `dom_query`'s `normalized_char_count`, which walks a
//! node's whole subtree on every call, and found links with
//! `find_descendants("a")`, which parses a selector on every call. Scoring
//! asks for the counts of every candidate and of every link inside it, so
//! the same text was walked many times over. Here one walk records the
//! subtree's text nodes in document order, with prefix sums, and the links
//! with the text nodes each one spans: any node's count is then a few
//! subtractions, with exactly the numbers upstream computed.
//!
//! The counting rule (`dom_query`'s): a run of whitespace counts as one
//! character, whitespace at the start and at the end of the subtree not at
//! all, runs carry across text-node boundaries, and an empty text node ends
//! a run. Whitespace is `char::is_whitespace` (Unicode, so U+00A0 is one).

use std::ops::Range;

use dom_query::{NodeData, NodeId, NodeRef, TreeNode};

use crate::tree_walk::{walk, Step};
use foldhash::HashMap;

use crate::byte_text::{count_chars, is_ascii_space, is_wide_space, wide_spaces};

/// What counting needs from one text node.
#[derive(Clone, Copy)]
struct Run {
    /// Characters counted when no whitespace comes before the text.
    chars: usize,
    /// Whether the text starts with whitespace (which a preceding
    /// whitespace run swallows).
    lead_ws: bool,
    /// Whether the text ends with whitespace.
    trail_ws: bool,
}

impl Run {
    /// ASCII stretches are counted a block at a time (vectorised); other
    /// characters are told apart on their UTF-8 bytes, without decoding.
    /// Text whose whitespace is all ASCII (most text outside ASCII: curly
    /// quotes, dashes, accents) is counted as ASCII is, its characters being
    /// the bytes that start one.
    fn of(text: &str) -> Self {
        let bytes = text.as_bytes();
        let ascii = bytes.is_ascii();
        if ascii || wide_spaces(bytes).next().is_none() {
            let chars = if ascii {
                bytes.len()
            } else {
                count_chars(bytes)
            };
            return Self {
                chars: chars - swallowed_ascii_ws(bytes),
                lead_ws: bytes.first().is_some_and(|&b| is_ascii_space(b)),
                trail_ws: bytes.last().is_some_and(|&b| is_ascii_space(b)),
            };
        }
        let mut chars = 0;
        let mut prev_ws = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b >= 0x80)
                    .map_or(bytes.len(), |n| i + n);
                let ascii = &bytes[i..end];
                chars += ascii.len()
                    - swallowed_ascii_ws(ascii)
                    - usize::from(prev_ws && is_ascii_space(b));
                prev_ws = is_ascii_space(bytes[end - 1]);
                i = end;
            } else {
                let len = match b {
                    0xC0..0xE0 => 2,
                    0xE0..0xF0 => 3,
                    _ => 4,
                };
                let ws = len < 4 && is_wide_space(&bytes[i..i + len]);
                chars += usize::from(!(prev_ws && ws));
                prev_ws = ws;
                i += len;
            }
        }
        Self {
            chars,
            lead_ws: text.starts_with(char::is_whitespace),
            trail_ws: prev_ws,
        }
    }
}

/// How many whitespace bytes follow another one (these are not counted):
/// branch-free over byte pairs, in blocks small enough for `u8` sums, so
/// that it vectorises.
fn swallowed_ascii_ws(bytes: &[u8]) -> usize {
    let Some(last) = bytes.len().checked_sub(1) else {
        return 0;
    };
    bytes[..last]
        .chunks(255)
        .zip(bytes[1..].chunks(255))
        .map(|(a, b)| {
            let pairs = a
                .iter()
                .zip(b)
                .map(|(&x, &y)| u8::from(is_ascii_space(x) & is_ascii_space(y)));
            usize::from(pairs.fold(0u8, u8::wrapping_add))
        })
        .sum()
}

/// A subtree's text nodes in document order, counted by ranges in O(1).
struct Runs {
    /// `entries[i]`: the sums over the first `i` runs, and run `i`'s own
    /// whitespace ends; one entry past the last run holds the totals. One
    /// vector, so that a run is one push.
    entries: Vec<Entry>,
}

#[derive(Clone, Copy, Default)]
struct Entry {
    /// The sum of `Run::chars` over the runs before this one.
    chars: usize,
    /// How many of the runs before this one are swallowed by the one
    /// before them (it ends with whitespace and they start with it).
    joins: usize,
    lead_ws: bool,
    trail_ws: bool,
}

impl Runs {
    fn new() -> Self {
        Self {
            entries: vec![Entry::default()],
        }
    }

    fn len(&self) -> usize {
        self.entries.len() - 1
    }

    fn push(&mut self, run: Run) {
        let len = self.len();
        let joined = len > 0 && self.entries[len - 1].trail_ws && run.lead_ws;
        let totals = &mut self.entries[len];
        totals.lead_ws = run.lead_ws;
        totals.trail_ws = run.trail_ws;
        let next = Entry {
            chars: totals.chars + run.chars,
            joins: totals.joins + usize::from(joined),
            ..Entry::default()
        };
        self.entries.push(next);
    }

    /// The normalized character count of the runs in `range`, as if they
    /// were a subtree of their own.
    fn count(&self, range: Range<usize>) -> usize {
        let Range { start, end } = range;
        if start == end {
            return 0;
        }
        let e = &self.entries;
        // Joins inside the range: runs start + 1 .. end swallowed by their predecessor.
        let mut c = e[end].chars - e[start].chars - (e[end].joins - e[start + 1].joins);
        if e[start].lead_ws {
            c -= 1;
        }
        if e[end - 1].trail_ws && c > 0 {
            c -= 1;
        }
        c
    }
}

/// The text runs and links a node's subtree spans.
#[derive(Clone)]
struct Span {
    runs: Range<usize>,
    /// Links strictly inside the node (not the node itself).
    links: Range<usize>,
}

/// A link: the runs it spans and its weight (`href="#..."` counts 0.3).
struct Link {
    runs: Range<usize>,
    weight: f32,
}

/// What the walk needs to know about a node.
#[derive(Default)]
enum Kind {
    Text(Run),
    /// An `<a>` element.
    Link,
    Element,
    #[default]
    Other,
}

impl Kind {
    fn of(node: &TreeNode) -> Self {
        match &node.data {
            NodeData::Text { contents } => Kind::Text(Run::of(contents)),
            NodeData::Element(el) if &el.name.local == "a" => Kind::Link,
            NodeData::Element(_) => Kind::Element,
            _ => Kind::Other,
        }
    }
}

/// `dom_query`'s `normalized_char_count` of `node`, in one walk without
/// allocating.
pub fn char_count(node: &NodeRef) -> usize {
    let mut count = 0;
    let mut last_ws = true;
    walk(node, Kind::of, |step| {
        if let Step::Enter(_, Kind::Text(run)) = step {
            count += run.chars - usize::from(last_ws && run.lead_ws);
            last_ws = run.trail_ws;
        }
    });
    if last_ws && count > 0 {
        count -= 1;
    }
    count
}

/// Counts for a subtree, from one walk over it.
pub(crate) struct TextIndex {
    runs: Runs,
    links: Vec<Link>,
    root: (NodeId, Span),
    /// Spans of the elements below the root, when indexed.
    elements: HashMap<NodeId, Span>,
}

impl TextIndex {
    /// Indexes `root`'s subtree for questions about `root` only.
    pub(crate) fn of(root: &NodeRef) -> Self {
        Self::build(root, false)
    }

    /// Indexes `root`'s subtree for questions about any element in it.
    pub(crate) fn with_elements(root: &NodeRef) -> Self {
        Self::build(root, true)
    }

    fn build(root: &NodeRef, per_element: bool) -> Self {
        /// A node whose subtree is being walked.
        struct Open {
            first_run: usize,
            first_link: usize,
            /// The node's own entry in `links`, if it is one.
            link: Option<usize>,
            element: bool,
        }
        let tree = root.tree;
        let mut runs = Runs::new();
        let mut links: Vec<Link> = Vec::new();
        // Sized for the whole tree up front (an index of elements is built of
        // the whole document): growing the map rehashed every entry each time.
        let mut elements = if per_element {
            HashMap::with_capacity_and_hasher(tree.len(), foldhash::fast::RandomState::default())
        } else {
            HashMap::default()
        };
        let mut open: Vec<Open> = Vec::new();
        let mut root_span = Span {
            runs: 0..0,
            links: 0..0,
        };
        walk(root, Kind::of, |step| match step {
            Step::Enter(id, kind) => {
                let first_run = runs.len();
                let mut link = None;
                let element = matches!(kind, Kind::Link | Kind::Element);
                match kind {
                    Kind::Text(run) => runs.push(run),
                    Kind::Link => {
                        let href = NodeRef::new(id, tree).attr_or("href", "");
                        let weight = if href.len() > 1 && href.starts_with('#') {
                            0.3
                        } else {
                            1.0
                        };
                        links.push(Link {
                            runs: first_run..first_run,
                            weight,
                        });
                        link = Some(links.len() - 1);
                    }
                    Kind::Element | Kind::Other => {}
                }
                open.push(Open {
                    first_run,
                    first_link: links.len(),
                    link,
                    element,
                });
            }
            Step::Leave(id) => {
                let Some(node) = open.pop() else { return };
                let span = Span {
                    runs: node.first_run..runs.len(),
                    links: node.first_link..links.len(),
                };
                if let Some(slot) = node.link {
                    links[slot].runs = span.runs.clone();
                }
                if id == root.id {
                    root_span = span;
                } else if per_element && node.element {
                    elements.insert(id, span);
                }
            }
        });
        Self {
            runs,
            links,
            root: (root.id, root_span),
            elements,
        }
    }

    fn span(&self, node: &NodeRef) -> Option<&Span> {
        if node.id == self.root.0 {
            Some(&self.root.1)
        } else {
            self.elements.get(&node.id)
        }
    }

    /// `node`'s normalized character count; `node` outside the index is
    /// counted afresh.
    pub(crate) fn char_count(&self, node: &NodeRef) -> usize {
        self.span(node).map_or_else(
            || char_count(node),
            |span| self.runs.count(span.runs.clone()),
        )
    }

    /// Upstream's `link_density`: characters inside links (weighted) over
    /// the node's characters (`char_count` when the caller has it), adding
    /// the links up in document order as upstream did, for the same `f32`.
    pub(crate) fn link_density(&self, node: &NodeRef, char_count: Option<usize>) -> f32 {
        let Some(span) = self.span(node) else {
            return TextIndex::of(node).link_density(node, char_count);
        };
        let mut link_length = 0f32;
        for link in &self.links[span.links.clone()] {
            link_length += self.runs.count(link.runs.clone()) as f32 * link.weight;
        }
        if link_length == 0.0 {
            return 0.0;
        }
        let text_length = char_count.unwrap_or_else(|| self.runs.count(span.runs.clone())) as f32;
        if text_length == 0.0 {
            return 0.0;
        }
        link_length / text_length
    }
}

#[cfg(test)]
mod tests {
    use dom_query::Document;

    use super::*;

    /// Upstream's link density: `find_descendants("a")` and `dom_query`'s counts.
    fn upstream_link_density(node: &NodeRef) -> f32 {
        let mut link_length = 0f32;
        for a in node.find_descendants("a") {
            let href = a.attr_or("href", "");
            let coeff = if href.len() > 1 && href.starts_with('#') {
                0.3
            } else {
                1.0
            };
            link_length += a.normalized_char_count() as f32 * coeff;
        }
        if link_length == 0.0 {
            return 0.0;
        }
        let text_length = node.normalized_char_count() as f32;
        if text_length == 0.0 {
            return 0.0;
        }
        link_length / text_length
    }

    /// Every node of `doc` counts as upstream counted it, alone and indexed.
    fn assert_same_counts(doc: &Document) {
        let root = doc.root();
        let index = TextIndex::with_elements(&root);
        for node in std::iter::once(root).chain(root.descendants_it()) {
            let want = node.normalized_char_count();
            assert_eq!(char_count(&node), want, "{}", node.html());
            assert_eq!(index.char_count(&node), want, "{}", node.html());
            if node.is_element() {
                let want = upstream_link_density(&node).to_bits();
                assert_eq!(
                    index.link_density(&node, None).to_bits(),
                    want,
                    "{}",
                    node.html()
                );
                assert_eq!(
                    TextIndex::of(&node).link_density(&node, None).to_bits(),
                    want
                );
            }
        }
    }

    #[test]
    fn counts_whitespace_as_dom_query_does() {
        let doc = Document::from(
            "<body><div> a  <b> b\u{a0}\u{a0}</b>\u{b}\u{b}c<i></i> </div>\
             <p>\t\n<a href='#x'>  link </a> <a href='#'>x</a><a href=/y> 世界\u{3000}\u{3000}</a>\r</p>\
             <section><a><span> nested </span><a href=#z>inner</a></a>  </section>\
             <div>\u{85}x\u{2028}</div><div>   </div><div></div></body>",
        );
        assert_same_counts(&doc);
    }

    /// Text of ASCII, curly quotes, accents and whitespace of every width,
    /// in and out of links: counted as `dom_query` counts it.
    #[test]
    fn generated_text_counts_as_upstream() {
        const PIECES: [&str; 14] = [
            "a",
            "word",
            " ",
            "  ",
            "\n\t",
            "\u{2019}",
            "\u{e9}t\u{e9}",
            "\u{a0}",
            "\u{2003}",
            "\u{3000}",
            "\u{85}",
            "<a href=/x>",
            "</a>",
            "<p>",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..300 {
            let mut html = String::from("<div>");
            for _ in 0..12 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                html.push_str(PIECES[usize::try_from(state % 14).unwrap_or_default()]);
            }
            assert_same_counts(&Document::from(html.as_str()));
        }
    }

    #[test]
    fn byte_whitespace_tests_agree_with_char_is_whitespace() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let encoded = c.encode_utf8(&mut buf).as_bytes();
            let ws = match encoded {
                [b] => is_ascii_space(*b),
                [_, _] | [_, _, _] => is_wide_space(encoded),
                _ => false,
            };
            assert_eq!(ws, c.is_whitespace(), "{c:?}");
        }
    }

    #[test]
    fn an_empty_text_node_ends_a_whitespace_run() {
        let doc = Document::from("<body><div id=d> a </div><p id=p></p></body>");
        for id in ["#d", "#p"] {
            let node = doc.select(id).nodes()[0];
            node.prepend_child(&doc.tree.new_text(""));
            node.append_child(&doc.tree.new_text(""));
            node.append_child(&doc.tree.new_text(" b "));
            node.append_child(&doc.tree.new_text(""));
        }
        assert_same_counts(&doc);
    }

    #[test]
    fn counts_the_fixture_pages_as_upstream() {
        for (_, html) in crate::fixture_pages() {
            assert_same_counts(&Document::from(html));
        }
    }
}

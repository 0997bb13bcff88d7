//! The article's plain text, laid out as `dom_query`'s `formatted_text`
//! lays it out (blank lines between blocks, a line a list item, words of a
//! text node joined by single spaces), written in one pass straight into the
//! result. `formatted_text` built a new string for every text node and split
//! it into words with the Unicode whitespace test: two thirds of its time on
//! the 130 test pages, and 3.6% of an extraction. Here ASCII text (most
//! text) is split byte by byte. A test holds the two equal on every fixture
//! page and on generated markup.

use dom_query::{LocalName, NodeData, NodeRef, local_name};

/// `formatted_text` of `roots` and their subtrees, one after another,
/// trimmed at both ends.
pub fn formatted_text(roots: &[NodeRef<'_>]) -> String {
    let mut text = String::new();
    for root in roots {
        write_formatted(&mut text, root);
    }
    let end = text.trim_end().len();
    text.truncate(end);
    let start = text.len() - text.trim_start().len();
    text.drain(..start);
    text
}

/// Appends `root`'s text to `text`, as `dom_query`'s `format_text` writes
/// it for one node.
fn write_formatted(out: &mut String, root: &NodeRef<'_>) {
    // `format_text` starts each node's text afresh: its tests of what the
    // text ends with never look at an earlier node's.
    let mut text = String::new();
    let mut ops = vec![Op::Open(*root)];
    while let Some(op) = ops.pop() {
        match op {
            Op::Open(node) => {
                let name = node.query_or(None, |t| match &t.data {
                    NodeData::Text { contents } => {
                        push_normalized_text(&mut text, contents);
                        None
                    }
                    NodeData::Element(el) => Some(el.name.local.clone()),
                    _ => None,
                });
                let Some(name) = name else { continue };
                let layout = Layout::of(&name);
                if layout == Layout::Block && !(text.is_empty() || text.ends_with("\n\n")) {
                    text.push('\n');
                }
                ops.push(Op::Close(layout));
                if name == local_name!("pre") {
                    text.push_str(&node.text());
                    continue;
                }
                ops.extend(node.children_it(true).map(Op::Open));
            }
            Op::Close(layout) => close(&mut text, layout),
        }
    }
    if out.is_empty() {
        *out = text;
    } else {
        out.push_str(&text);
    }
}

enum Op<'a> {
    Open(NodeRef<'a>),
    Close(Layout),
}

/// What an element's end does to the text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// A blank line after (and a line break before) the element.
    Block,
    /// A line break after it: `br`, `hr`, `li`, `tr`.
    Line,
    /// A space after it, unless one is there: `td`, `th`.
    Cell,
    Inline,
}

impl Layout {
    fn of(name: &LocalName) -> Self {
        match *name {
            local_name!("article")
            | local_name!("blockquote")
            | local_name!("section")
            | local_name!("div")
            | local_name!("p")
            | local_name!("pre")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("ul")
            | local_name!("ol")
            | local_name!("dl")
            | local_name!("table") => Layout::Block,
            local_name!("br") | local_name!("hr") | local_name!("li") | local_name!("tr") => Layout::Line,
            local_name!("td") | local_name!("th") => Layout::Cell,
            _ => Layout::Inline,
        }
    }
}

/// `dom_query`'s `adjust_element_offset`.
fn close(text: &mut String, layout: Layout) {
    if text.is_empty() || text.ends_with("\n\n") {
        return;
    }
    match layout {
        Layout::Block => {
            trim_trailing_spaces(text);
            text.push_str("\n\n");
        }
        Layout::Line => {
            trim_trailing_spaces(text);
            text.push('\n');
        }
        Layout::Cell if !text.ends_with(['\n', ' ']) => text.push(' '),
        Layout::Cell | Layout::Inline => {}
    }
}

fn trim_trailing_spaces(text: &mut String) {
    let end = text.trim_end_matches(' ').len();
    text.truncate(end);
}

/// `dom_query`'s `push_normalized_text`: the words of `new_text` joined by
/// single spaces, a space before them when `new_text` starts with
/// whitespace and `text` does not end a line or a word already, and a space
/// after when `new_text` ends with whitespace.
fn push_normalized_text(text: &mut String, new_text: &str) {
    let follows_break = text.is_empty() || text.ends_with(['\n', ' ']);
    let space_before = !follows_break && new_text.starts_with(char::is_whitespace);
    let space_after = new_text.ends_with(char::is_whitespace);
    let before = text.len();
    // Text whose whitespace is all ASCII (curly quotes and all) is split
    // on the bytes; the rest by the Unicode rule.
    if new_text.is_ascii() || quire_readability::wide_spaces(new_text.as_bytes()).next().is_none() {
        push_words(text, new_text, space_before);
    } else {
        for (i, word) in new_text.split_whitespace().enumerate() {
            if i > 0 || space_before {
                text.push(' ');
            }
            text.push_str(word);
        }
    }
    if text.len() == before && follows_break {
        return;
    }
    if space_after && !text.ends_with(char::is_whitespace) {
        text.push(' ');
    }
}

/// The words of `new_text`, whose whitespace is all ASCII (split on what
/// `char::is_whitespace` holds for ASCII: space, tab, line feed, vertical
/// tab, form feed, carriage return), joined by single spaces, after a space
/// when `space_before`. Stretches already so written (most of a paragraph)
/// are copied whole. Other characters are bytes of 0x80 and over, so they
/// read as parts of words, and the cuts fall between characters.
fn push_words(text: &mut String, new_text: &str, space_before: bool) {
    let is_space = quire_readability::is_ascii_space;
    let bytes = new_text.as_bytes();
    let Some(first) = bytes.iter().position(|&b| !is_space(b)) else { return };
    let last = bytes.iter().rposition(|&b| !is_space(b)).unwrap_or(first);
    if space_before {
        text.push(' ');
    }
    // Starts and ends with a word, so every whitespace run is followed by one.
    let body = &new_text[first..=last];
    let b = body.as_bytes();
    let (mut copied, mut at) = (0, 0);
    while at < b.len() {
        // Eight bytes at a time up to the next byte at or below a space:
        // adding 0x5F to each byte's low seven bits carries into no
        // neighbour and leaves the high bit clear exactly for those up to
        // 0x20, of the bytes whose own high bit is clear.
        if let Some(eight) = b.get(at..at + 8) {
            let word = u64::from_le_bytes(eight.try_into().unwrap_or_default());
            let low = !((word & 0x7F7F_7F7F_7F7F_7F7F) + 0x5F5F_5F5F_5F5F_5F5F) & !word & 0x8080_8080_8080_8080;
            if low == 0 {
                at += 8;
                continue;
            }
            at += (low.trailing_zeros() / 8) as usize;
        }
        let c = b[at];
        // Letters, and a single space between words, stay as they are.
        if c > b' ' || (c == b' ' && b[at + 1] > b' ') || !is_space(c) {
            at += 1;
            continue;
        }
        text.push_str(&body[copied..at]);
        text.push(' ');
        while is_space(b[at]) {
            at += 1;
        }
        copied = at;
    }
    text.push_str(&body[copied..]);
}

#[cfg(test)]
mod tests {
    use dom_query::{Document, Selection};
    use proptest::prelude::*;

    use super::formatted_text;

    /// Ours against `dom_query`'s for every element of `html` that holds text.
    fn check(html: &str) -> usize {
        let doc = Document::from(html);
        let mut checked = 0;
        for node in doc.select("body, article, div, section, p, td, ul").nodes().iter().take(200) {
            let theirs = Selection::from(*node).formatted_text().trim().to_string();
            assert_eq!(formatted_text(&[*node]), theirs, "{}", Selection::from(*node).html());
            checked += 1;
        }
        checked
    }

    #[test]
    fn lays_out_as_dom_query_on_the_fixture_pages() {
        let pages = crate::fixture_pages();
        let mut checked = 0;
        for (_, html) in &pages {
            checked += check(html);
        }
        assert!(pages.is_empty() || checked > 10_000, "the pages exercise it ({checked} elements)");
    }

    #[test]
    fn edge_cases() {
        for html in [
            "<div> a  b\t\nc <b> d </b>e<br>f<br><br> <p>g</p>  <pre> x\n  y </pre> h</div>",
            "<div><table><tr><td>a</td><td> b </td></tr><tr><th>c</th></tr></table>\u{a0}d\u{3000}e \u{a0}</div>",
            "<div><ul><li>one</li><li> two <li>three</ul>  <h2> Head </h2><hr>tail\u{b}</div>",
            "<div>\u{c}\u{b}<span> </span><span>x</span> <!-- c --> y</div>",
            "<div></div>",
        ] {
            check(html);
        }
    }

    fn fragment() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[a-z]{1,5}",
            "[ \t\n\u{b}\u{c}\r\u{a0}\u{2003}]{1,3}",
            Just("é".to_string()),
            prop::sample::select(vec![
                "<div>", "</div>", "<p>", "</p>", "<br>", "<li>", "</li>", "<td>", "<tr>", "<table>", "</table>",
                "<pre>", "</pre>", "<b>", "</b>", "<h3>", "</h3>", "<hr>", "<span>", "</span>",
            ])
            .prop_map(str::to_string),
        ];
        prop::collection::vec(piece, 0..30).prop_map(|pieces| format!("<div>{}</div>", pieces.concat()))
    }

    proptest! {
        #[test]
        fn lays_out_generated_markup_as_dom_query(html in fragment()) {
            check(&html);
        }
    }
}

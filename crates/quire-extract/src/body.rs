//! The extracted body, finished: residual furniture out, photos described.
//!
//! The scorer picks the right container but takes it whole, so prompts that
//! live inside the article markup ("Sponsored Content", unfilled
//! `{{numberArticlesLeft}}` templates, "Read more:" teasers) come along. They
//! are recognised here by their text. Figures are read for their caption and
//! photo credit, which Quire stores separately from the image address.

use std::sync::LazyLock;

use dom_query::{Matcher, NodeData, NodeRef, Selection};
use url::Url;

use crate::furniture::is_prompt_text;
use crate::images::is_tracking_pixel;

/// Class given to photo-credit elements inside figures before scoring, and which
/// the extractor is told to preserve.
pub const CREDIT_CLASS: &str = "quire-credit";

/// A photo in reading order, before the final URL clean-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub url: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// The finished body.
#[derive(Debug, Default)]
pub struct Body {
    pub text: String,
    pub photos: Vec<Photo>,
    /// Share of the text that sits inside links; lists of links are not articles.
    pub link_density: f32,
}

/// Removes residual prompts and tracking pixels and reads figures, in place
/// on the scorer's own tree (`root` is the extracted container), which the
/// sanitiser then writes out: the body is never serialised and parsed again.
pub fn finish(root: &Selection<'_>, base: Option<&Url>) -> Body {
    remove_prompts(root);
    drop_pixels(root);
    let photos = read_photos(root, base);
    let (text_len, link_len) = root.nodes().iter().map(visible_chars).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    Body {
        text: crate::plain_text::formatted_text(root.nodes()),
        photos,
        link_density: link_len as f32 / text_len.max(1) as f32,
    }
}

static PROMPT_BLOCKS: LazyLock<Matcher> =
    LazyLock::new(|| Matcher::new("p, li, h2, h3, h4, h5, h6, div, section").expect("valid selector"));
static SIZED_IMAGES: LazyLock<Matcher> = LazyLock::new(|| Matcher::new("img[width][height]").expect("valid selector"));
static IMAGES: LazyLock<Matcher> = LazyLock::new(|| Matcher::new("img").expect("valid selector"));
static MEDIA: LazyLock<Matcher> =
    LazyLock::new(|| Matcher::new("img, picture, video, table, iframe").expect("valid selector"));
static FIGURE: LazyLock<Matcher> = LazyLock::new(|| Matcher::new("figure").expect("valid selector"));
static FIGCAPTION: LazyLock<Matcher> = LazyLock::new(|| Matcher::new("figcaption").expect("valid selector"));
static CREDIT: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(&format!(".{CREDIT_CLASS}")).expect("valid selector"));

/// Non-whitespace characters of text under `root`, and how many of them
/// sit inside links: one walk for both.
fn visible_chars(root: &NodeRef<'_>) -> (usize, usize) {
    let (mut total, mut linked) = (0, 0);
    let mut stack = vec![(*root, root.has_name("a"))];
    while let Some((node, in_link)) = stack.pop() {
        let mut child = node.first_child();
        while let Some(c) = child {
            if c.is_text() {
                let n = c.query_or(0, |t| match &t.data {
                    NodeData::Text { contents } => non_whitespace_chars(contents),
                    _ => 0,
                });
                total += n;
                linked += if in_link { n } else { 0 };
            } else if c.is_element() {
                stack.push((c, in_link || c.has_name("a")));
            }
            child = c.next_sibling();
        }
    }
    (total, linked)
}

/// Characters that are not whitespace (`char::is_whitespace`), counted
/// without decoding: characters are the bytes that start one, ASCII
/// whitespace is counted byte by byte, both in blocks small enough for `u8`
/// counters, branch-free, so that it vectorises; other whitespace (U+00A0,
/// U+2009, U+3000...) is found at the few lead bytes its encodings start
/// with. Most text outside ASCII is ASCII with curly quotes and dashes.
fn non_whitespace_chars(text: &str) -> usize {
    let bytes = text.as_bytes();
    let spaces = quire_readability::count_bytes(bytes, quire_readability::is_ascii_space);
    if text.is_ascii() {
        return bytes.len() - spaces;
    }
    quire_readability::count_chars(bytes) - spaces - quire_readability::wide_spaces(bytes).count()
}

/// Images declared at most 1×1 are beacons, not pictures.
pub(crate) fn drop_pixels(root: &Selection<'_>) {
    for img in root.select_matcher(&SIZED_IMAGES).iter() {
        if is_tracking_pixel(img.attr("width").as_deref(), img.attr("height").as_deref()) {
            img.remove();
        }
    }
}

/// Blocks whose whole text is a prompt or an unfilled template. Only blocks
/// without block children are judged, so each text is read once and a
/// container goes only when its children went and left it empty.
fn remove_prompts(root: &Selection<'_>) {
    const BLOCKS: &[&str] =
        &["p", "li", "h2", "h3", "h4", "h5", "h6", "div", "section", "ul", "ol", "table", "figure", "blockquote"];
    let mut emptied = Vec::new();
    // Every paragraph of the article is read: into one buffer, not a new string each.
    let mut text = String::new();
    for block in root.select_matcher(&PROMPT_BLOCKS).iter() {
        let Some(node) = block.nodes().first() else { continue };
        let has_block_children =
            node.children_it(false).any(|c| c.qual_name_ref().is_some_and(|n| BLOCKS.contains(&n.local.as_ref())));
        if has_block_children {
            continue;
        }
        text.clear();
        for d in node.descendants_it() {
            d.query_or((), |t| {
                if let NodeData::Text { contents } = &t.data {
                    text.push_str(contents);
                }
            });
        }
        if is_prompt_text(&text) {
            emptied.push(block.parent());
            block.remove();
        }
    }
    // Containers left holding nothing: the list whose items were all prompts.
    for mut parent in emptied {
        for _ in 0..4 {
            let Some(name) = parent.nodes().first().and_then(|n| n.node_name()) else { break };
            if !BLOCKS.contains(&name.as_ref())
                || !parent.text().trim().is_empty()
                || parent.select_matcher(&MEDIA).exists()
            {
                break;
            }
            let up = parent.parent();
            parent.remove();
            parent = up;
        }
    }
}

fn read_photos(root: &Selection<'_>, base: Option<&Url>) -> Vec<Photo> {
    let mut photos = Vec::new();
    for img in root.select_matcher(&IMAGES).iter() {
        let Some(src) = img.attr("src") else { continue };
        let src = src.trim();
        if src.is_empty() || crate::images::is_placeholder(src) {
            continue;
        }
        let url = absolute(src, base);
        if photos.iter().any(|p: &Photo| p.url == url) {
            continue;
        }
        let (caption, credit) = describe(&img);
        photos.push(Photo { url, caption, credit });
    }
    photos
}

/// Caption and credit of the figure an image sits in, if any.
fn describe(img: &Selection<'_>) -> (Option<String>, Option<String>) {
    let figure = img.ancestors(Some(4)).filter_matcher(&FIGURE);
    if !figure.exists() {
        return (None, None);
    }
    let figure = figure.first();
    let caption_el = figure.select_matcher(&FIGCAPTION);
    if !caption_el.exists() {
        return (None, None);
    }
    let full = squash(&caption_el.text());
    let credit_el = caption_el.select_matcher(&CREDIT);
    if credit_el.exists() {
        let credit = squash(&credit_el.text());
        let caption = squash(&full.replacen(&credit, "", 1));
        return (non_empty(caption), non_empty(credit));
    }
    let (caption, credit) = split_credit(&full);
    (non_empty(caption), credit)
}

/// Splits a trailing credit off caption text: "… on Monday. © AP",
/// "… (Photo: Reuters)", "… Credit: Jane Doe".
pub fn split_credit(caption: &str) -> (String, Option<String>) {
    let caption = caption.trim();
    for marker in ["©", "(c)", "Photo:", "Photograph:", "Credit:", "Image:", "Picture:", "Photo by", "Photo credit:"] {
        if let Some(at) = caption.rfind(marker) {
            let credit = caption[at..].trim().trim_end_matches(')').trim();
            if credit.chars().count() <= 80 {
                let head = caption[..at].trim().trim_end_matches('(').trim();
                return (head.to_string(), Some(credit.to_string()));
            }
        }
    }
    (caption.to_string(), None)
}

fn absolute(src: &str, base: Option<&Url>) -> String {
    match base.and_then(|b| b.join(src).ok()) {
        Some(u) => u.to_string(),
        None => src.to_string(),
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(s: String) -> Option<String> {
    if s.is_empty() { None } else { Some(s) }
}

#[cfg(test)]
mod tests {
    use super::{non_whitespace_chars, split_credit, visible_chars};

    #[test]
    fn visible_characters_in_and_out_of_links() {
        let doc = dom_query::Document::from("<div id=r>a b\u{a0}c <a href=/x>li<b>nk</b></a>\u{b}<p>é\t</p></div>");
        let root = doc.select("#r");
        assert_eq!(visible_chars(&root.nodes()[0]), (8, 4));
        assert_eq!(non_whitespace_chars(" a\u{b}\x0c\r\n "), 1);
    }

    proptest::proptest! {
        #[test]
        fn non_whitespace_counts_as_is_whitespace_does(text in "[ -~\t\n\r\u{b}\u{c}\u{1c}\u{85}\u{a0}\u{3000}é\u{2003}\u{2019}\u{1680}\u{202f}\u{205f}\u{2028}\u{200b}\u{3001}\u{e100}]{0,600}") {
            let expected = text.chars().filter(|c| !c.is_whitespace()).count();
            proptest::prop_assert_eq!(non_whitespace_chars(&text), expected);
            let ascii: String = text.chars().filter(char::is_ascii).collect();
            proptest::prop_assert_eq!(non_whitespace_chars(&ascii), ascii.chars().filter(|c| !c.is_whitespace()).count());
        }
    }

    #[test]
    fn credits() {
        assert_eq!(
            split_credit("Lavrov meets Wang on Monday.   © AP"),
            ("Lavrov meets Wang on Monday.".into(), Some("© AP".into()))
        );
        assert_eq!(split_credit("A street (Photo: Reuters)"), ("A street".into(), Some("Photo: Reuters".into())));
        assert_eq!(split_credit("No credit here"), ("No credit here".into(), None));
    }
}

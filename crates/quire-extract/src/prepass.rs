//! A streaming clean-up before any tree is built.
//!
//! Building the DOM is most of the cost of extraction, and most of a modern
//! page is scripts, styles, inline SVG icon sprites and furniture. Dropping
//! them while streaming (tokens from [`crate::html_scan`], an open-element
//! stack to know where a dropped element ends) makes the tree smaller and
//! faster to build, and removes text that must never reach the article: SVG `<title>`s of icon
//! sprites ("ArrowArtboardCreated with Sketch.") and subscription modals are
//! invisible in a browser but are plain text to a DOM-based extractor.
//!
//! Hidden elements go too (as Readability.js skips them), and so do the
//! page's own menus and footer when they sit outside any
//! `<article>`/`<main>`, and attributes no later stage reads: what is left for
//! the tree is about a third of the page, less the indentation between
//! block tags. The same pass resolves lazy-loaded
//! images, so the scorer sees real images, drops tracking pixels, and bounds
//! nesting depth so that later recursive passes cannot overflow the stack on
//! hostile input.

use std::borrow::Cow;

use crate::html_scan::{Scanner, StartTag, Token, is_void_element};
use crate::images::resolve_lazy_image;

/// Elements nested deeper than this are unwrapped (their text kept). Browsers
/// stop nesting at 512; real articles stay well under 100.
pub const MAX_DEPTH: usize = 256;

/// Open elements tracked at most; past this (only on hostile input: unclosed
/// elements whose end tags are optional), new ones are unwrapped, so that
/// matching an end tag against the stack stays cheap.
const MAX_OPEN: usize = 4 * MAX_DEPTH;

/// Where the pre-pass writes what it keeps: the tree builder when
/// extracting ([`crate::tree::TreeOutput`]), a string in tests.
pub trait Output {
    /// Bytes of markup kept so far, which the size bound counts.
    fn written(&self) -> usize;
    /// Text between tags, raw (character references undecoded); may hold a `<` that starts no tag.
    fn text(&mut self, text: &str);
    /// The content of a raw-text element, raw.
    fn raw_text(&mut self, text: &str);
    /// `<!DOCTYPE ...>` as written.
    fn doctype(&mut self, raw: &str);
    /// A kept start tag with its kept attributes; `written` is how many
    /// attributes the tag had as written.
    fn start_tag(&mut self, tag: &StartTag<'_>, attrs: &Attrs<'_>, written: usize);
    /// An end tag: its name and the tag as written.
    fn end_tag(&mut self, name: &str, raw: &str);
}

/// What the pre-pass kept, and what it did that the caller may want to report.
#[derive(Debug, Default)]
pub struct Prepassed<O> {
    pub out: O,
    /// Elements unwrapped because they nested past [`MAX_DEPTH`].
    pub flattened: usize,
    /// The input was not read to its end because the output reached the limit.
    pub truncated: bool,
}

/// Tags whose whole subtree is never article content.
fn is_dropped(name: &str) -> bool {
    matches!(
        name,
        "style"
            | "template"
            | "svg"
            | "canvas"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "embed"
            | "applet"
            | "button"
            | "input"
            | "select"
            | "textarea"
            | "dialog"
            | "audio"
            | "video"
            | "map"
    )
}

/// Elements whose end tag is optional: often left open, so they do not count
/// towards nesting depth (the tree builder closes them implicitly).
fn is_optional_end(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "option"
            | "optgroup"
            | "rb"
            | "rt"
            | "rp"
            | "colgroup"
            | "caption"
            | "html"
            | "head"
            | "body"
    )
}

/// A tag name lower-cased, for the `matches!` lists above: borrowed when
/// it already is, as in most pages.
fn lower(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// A start tag's attributes, editable; values stay raw (character references
/// undecoded) and borrow from the input until changed.
#[derive(Debug, Default)]
pub struct Attrs<'a>(Vec<(&'a str, Cow<'a, str>)>);

impl<'a> Attrs<'a> {
    /// The first value of `name` (ASCII case-insensitive), as the tree builder would keep it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }

    pub fn set(&mut self, name: &'a str, value: String) {
        match self.0.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some((_, v)) => *v = Cow::Owned(value),
            None => self.0.push((name, Cow::Owned(value))),
        }
    }

    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Names and raw values in source order, duplicates included.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (*n, v.as_ref()))
    }
}

/// An element the pre-pass has seen open and not yet closed.
struct Open<'a> {
    name: &'a str,
    /// Counts towards [`MAX_DEPTH`].
    counted: bool,
    /// An `<article>`, `<main>` or `role=main`.
    article: bool,
    /// Whitespace inside is kept as written: a `<pre>` (or `<listing>`),
    /// where it is content, or a byline candidate (see [`is_byline_candidate`]).
    verbatim: bool,
}

/// The stack of open elements, with the counts the pre-pass decides by.
#[derive(Default)]
struct OpenElements<'a> {
    stack: Vec<Open<'a>>,
    depth: usize,
    in_article: usize,
    verbatim: usize,
}

impl<'a> OpenElements<'a> {
    fn push(&mut self, open: Open<'a>) {
        self.depth += usize::from(open.counted);
        self.in_article += usize::from(open.article);
        self.verbatim += usize::from(open.verbatim);
        self.stack.push(open);
    }

    /// The position of the innermost open element called `name`, if it is
    /// in scope: as in the tree builder, an end tag does not reach past a
    /// table cell, caption, table or template it is not for, and is ignored.
    fn find(&self, name: &str) -> Option<usize> {
        for (i, open) in self.stack.iter().enumerate().rev() {
            if open.name.eq_ignore_ascii_case(name) {
                return Some(i);
            }
            if is_scope_boundary(open.name) {
                return None;
            }
        }
        None
    }

    /// Closes the element at `index` and everything opened inside it.
    fn close(&mut self, index: usize) {
        for open in self.stack.drain(index..) {
            self.depth -= usize::from(open.counted);
            self.in_article -= usize::from(open.article);
            self.verbatim -= usize::from(open.verbatim);
        }
    }
}

/// Elements an end tag for something outside them cannot close ("has an
/// element in scope" in the HTML parsing rules).
fn is_scope_boundary(name: &str) -> bool {
    ["table", "td", "th", "caption", "template", "html", "applet", "marquee", "object"]
        .iter()
        .any(|b| b.eq_ignore_ascii_case(name))
}

/// Cleans `html` into `out`, stopping before `max_output` bytes have been
/// written: what a tree is built from is bounded whatever the input's size.
pub fn prepass<O: Output>(html: &str, max_output: usize, mut out: O) -> Prepassed<O> {
    let mut scanner = Scanner::new(html);
    let mut open = OpenElements::default();
    // While set, the element at this stack index is being dropped with its content.
    let mut dropping: Option<usize> = None;
    // Elements opened inside a dropped one while the stack was full: their
    // end tags must not end the drop early.
    let mut unpushed = 0usize;
    let mut flattened = 0;
    let mut truncated = false;
    let mut attrs = Attrs::default();
    let mut spacing = Spacing::default();
    while let Some(token) = scanner.next_token() {
        let kept_len = if dropping.is_some() { 0 } else { token_len(&token) };
        if out.written() + kept_len > max_output {
            // Text is cut to fit (at a character boundary); a tag that does not fit is left out.
            if let Token::Text(text) = token {
                spacing.flush(&mut out, false);
                let room = max_output.saturating_sub(out.written());
                out.text(&text[..floor_char_boundary(text, room)]);
            }
            truncated = true;
            break;
        }
        match token {
            Token::Text(text) if dropping.is_none() => {
                if open.verbatim == 0 && spacing.hold(text) {
                    continue;
                }
                spacing.flush(&mut out, false);
                out.text(text);
            }
            Token::RawText(text) if dropping.is_none() => {
                spacing.flush(&mut out, false);
                out.raw_text(text);
            }
            Token::Doctype(text) if dropping.is_none() => {
                spacing.flush(&mut out, false);
                out.doctype(text);
            }
            Token::Text(_) | Token::RawText(_) | Token::Doctype(_) | Token::Comment(_) => {}
            Token::EndTag { name, raw } => {
                if dropping.is_some() && unpushed > 0 {
                    // Ends one of the elements opened past MAX_OPEN: still inside what is dropped.
                    unpushed -= 1;
                    continue;
                }
                let Some(index) = open.find(name) else {
                    if dropping.is_none() {
                        spacing.flush(&mut out, is_block(&lower(name)));
                        out.end_tag(name, raw);
                    }
                    continue;
                };
                open.close(index);
                match dropping {
                    Some(d) if index > d => {}
                    Some(d) if index == d => dropping = None,
                    _ => {
                        dropping = None;
                        spacing.flush(&mut out, is_block(&lower(name)));
                        out.end_tag(name, raw);
                    }
                }
            }
            Token::StartTag(tag) => {
                let lower = lower(tag.name);
                let lower = lower.as_ref();
                let void = is_void_element(lower);
                let optional_end = is_optional_end(lower);
                // A `<p>` or `<li>` opened inside an open one closes it first.
                if optional_end && open.stack.last().is_some_and(|o| o.name.eq_ignore_ascii_case(tag.name)) {
                    open.close(open.stack.len() - 1);
                    // A dropped `<p hidden>` closed by the next `<p>`: that one is its sibling, not its content.
                    if dropping.is_some_and(|d| d >= open.stack.len()) {
                        dropping = None;
                        unpushed = 0;
                    }
                }
                if dropping.is_some() {
                    // Inside a dropped element only the nesting matters.
                    if !void {
                        if open.stack.len() < MAX_OPEN {
                            open.push(Open { name: tag.name, counted: !optional_end, article: false, verbatim: false });
                        } else {
                            unpushed += 1;
                        }
                    }
                    continue;
                }
                // Whether a byline candidate keeps its whitespace matters only
                // once the element is kept and open: asked below.
                let mut entry = Open {
                    name: tag.name,
                    counted: !optional_end && !void,
                    article: is_article(lower, &scanner),
                    verbatim: matches!(lower, "pre" | "listing"),
                };
                attrs.0.clear();
                attrs.0.extend(scanner.attrs().iter().map(|a| (a.name, Cow::Borrowed(a.value))));
                let in_article = open.in_article > 0 || entry.article;
                if drops(lower, &mut attrs, in_article) {
                    if !void {
                        dropping = Some(open.stack.len());
                        open.push(entry);
                    }
                    continue;
                }
                if open.depth >= MAX_DEPTH || open.stack.len() >= MAX_OPEN {
                    flattened += 1;
                    continue;
                }
                spacing.flush(&mut out, is_block(lower));
                out.start_tag(&tag, &attrs, scanner.attrs().len());
                if !void {
                    entry.verbatim = entry.verbatim || is_byline_candidate(&scanner);
                    open.push(entry);
                }
            }
        }
    }
    Prepassed { out, flattened, truncated }
}

/// The bytes a token adds to the output when kept, as [`Output::written`]
/// counts them (comments are never kept).
fn token_len(token: &Token<'_>) -> usize {
    match token {
        Token::Comment(_) => 0,
        Token::Text(t) | Token::RawText(t) | Token::Doctype(t) => t.len(),
        Token::StartTag(tag) => tag.raw.len(),
        Token::EndTag { raw, .. } => raw.len(),
    }
}

/// Elements whose tags no layout puts text beside: whitespace between two
/// of their tags (`</p>\n  <p>`) is never shown.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "head"
            | "body"
            | "meta"
            | "link"
            | "title"
            | "base"
            | "script"
            | "noscript"
            | "div"
            | "p"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "main"
            | "table"
            | "caption"
            | "colgroup"
            | "col"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "figure"
            | "figcaption"
            | "blockquote"
            | "form"
            | "fieldset"
            | "legend"
            | "hr"
            | "address"
            | "details"
            | "summary"
            | "picture"
            | "source"
    )
}

/// Whitespace between block tags, held back until the next tag shows
/// whether it can be seen. Such runs are a third of a cleaned page's text
/// nodes (indentation), and each is a node the tree builder allocates and
/// the scorer walks past.
struct Spacing {
    /// The last thing written was a block element's tag (or nothing yet).
    after_block: bool,
    held: String,
}

impl Default for Spacing {
    fn default() -> Self {
        Spacing { after_block: true, held: String::new() }
    }
}

/// Whether `bytes` is all HTML whitespace (space, tab, line feed, carriage
/// return, form feed; true when empty). Indentation between block tags can
/// run to hundreds of bytes, so after the first byte (which settles most
/// text) the bytes are counted in blocks, branch-free, which vectorises.
fn is_html_whitespace(bytes: &[u8]) -> bool {
    let space = |b: u8| (b == b' ') | (b == b'\t') | (b == b'\n') | (b == b'\r') | (b == b'\x0c');
    match bytes.first() {
        None => true,
        Some(&first) if !space(first) => false,
        Some(_) => quire_readability::count_bytes(bytes, space) == bytes.len(),
    }
}

impl Spacing {
    /// Holds `text` back if it is whitespace after a block tag.
    fn hold(&mut self, text: &str) -> bool {
        let held = self.after_block && is_html_whitespace(text.as_bytes());
        if held {
            self.held.push_str(text);
        }
        held
    }

    /// Before writing a token: whitespace held since the last block tag is
    /// dropped when `block` (another block tag) follows, written otherwise.
    fn flush(&mut self, out: &mut impl Output, block: bool) {
        if !block && !self.held.is_empty() {
            out.text(&self.held);
        }
        self.held.clear();
        self.after_block = block;
    }
}

/// An element the scorer may take for the byline: it keeps one only while
/// its raw text, whitespace included, is under 100 characters, so dropping
/// indentation inside would change which boxes it removes from the body.
/// Asked with the scorer's own attribute test, so the two cannot disagree.
fn is_byline_candidate(scanner: &Scanner<'_>) -> bool {
    // Every element the pre-pass keeps is an HTML element (SVG is dropped).
    // Only `rel`, `id`, `class` and `itemprop` can say so: other names are
    // passed over on their length, without lower-casing them.
    scanner.attrs().iter().any(|a| {
        matches!(a.name.len(), 2 | 3 | 5 | 8) && quire_readability::is_byline_attribute(&lower(a.name), a.value, true)
    })
}

fn is_article(name: &str, scanner: &Scanner<'_>) -> bool {
    matches!(name, "article" | "main") || scanner.attr("role") == Some("main")
}

/// The cleaned page as HTML: what the tests read, and what the tree built
/// from the tokens is held to (html5ever parsing this string gives the same tree).
#[cfg(test)]
impl Output for String {
    fn written(&self) -> usize {
        self.len()
    }

    /// A `<` that starts no tag is escaped, so that nothing the scanner read
    /// as text can become a tag once the string is parsed.
    fn text(&mut self, text: &str) {
        let mut rest = text;
        while let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) {
            self.push_str(&rest[..lt]);
            self.push_str("&lt;");
            rest = &rest[lt + 1..];
        }
        self.push_str(rest);
    }

    fn raw_text(&mut self, text: &str) {
        self.push_str(text);
    }

    fn doctype(&mut self, raw: &str) {
        self.push_str(raw);
    }

    /// As written when no attribute changed (a copy), else rebuilt from `attrs`.
    fn start_tag(&mut self, tag: &StartTag<'_>, attrs: &Attrs<'_>, written: usize) {
        let unchanged = attrs.0.len() == written && attrs.0.iter().all(|(_, v)| matches!(v, Cow::Borrowed(_)));
        if unchanged {
            self.push_str(tag.raw);
            return;
        }
        self.push('<');
        self.push_str(tag.name);
        for (name, value) in &attrs.0 {
            self.push(' ');
            self.push_str(name);
            self.push_str("=\"");
            let mut rest = value.as_ref();
            while let Some(q) = memchr::memchr(b'"', rest.as_bytes()) {
                self.push_str(&rest[..q]);
                self.push_str("&quot;");
                rest = &rest[q + 1..];
            }
            self.push_str(rest);
            self.push('"');
        }
        if tag.self_closing {
            self.push('/');
        }
        self.push('>');
    }

    fn end_tag(&mut self, _name: &str, raw: &str) {
        self.push_str(raw);
    }
}

fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// What the pre-pass does to one element: `true` to drop it with its
/// content when it is never article content (scripts but JSON-LD, styles,
/// SVG, embeds, form controls, stylesheet links, hidden elements); otherwise
/// resolves lazy images and strips attributes nothing later reads. `name`
/// is lower-cased.
fn drops(name: &str, attrs: &mut Attrs<'_>, in_article: bool) -> bool {
    let lower = |n: &str| name == n;
    let drop = if lower("script") {
        !attrs.get("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"))
    } else if lower("link") {
        !attrs.get("rel").is_some_and(is_kept_link)
    } else if lower("nav") || lower("footer") {
        // The page's menus and footer (by tag, or by ARIA role below): link
        // lists, a tenth of a page. Inside an `<article>` they may hold the
        // byline or the date, so they stay. Sidebars (`<aside>`) stay until
        // metadata was read: an author box often lives in one, outside the
        // article.
        !in_article
    } else if lower("img") {
        !resolve_lazy_image(attrs)
    } else {
        if lower("source")
            && let Some(srcset) = attrs.get("data-srcset")
        {
            let srcset = srcset.to_string();
            attrs.set("srcset", srcset);
        }
        is_dropped(name)
            || (!in_article
                && attrs.get("role").is_some_and(|r| matches!(r.trim(), "navigation" | "contentinfo" | "search")))
    };
    if drop || (!lower("html") && !lower("head") && !lower("body") && is_hidden(attrs)) {
        return true;
    }
    attrs.0.retain(|(name, _)| !is_unread(name));
    false
}

/// `<link>`s that metadata reads; stylesheets, preloads, icons and
/// alternates are most of a `<head>` and nothing reads them.
fn is_kept_link(rel: &str) -> bool {
    rel.split_ascii_whitespace().any(|r| {
        r.eq_ignore_ascii_case("canonical") || r.eq_ignore_ascii_case("image_src") || r.eq_ignore_ascii_case("author")
    })
}

/// Removes attributes that no later stage reads: they make up a third of
/// what is left of a page after the pre-pass (`data-*` state, inline styles,
/// event handlers, ARIA labels), and every one costs the tree builder an
/// allocation. Class, id, role, links, image addresses, microdata, meta
/// content and the ARIA flags the furniture sweep judges all stay.
fn is_unread(name: &str) -> bool {
    let starts = |prefix: &str| {
        name.len() >= prefix.len() && name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    };
    let is = |listed: &str| name.eq_ignore_ascii_case(listed);
    // Asked of every attribute of every kept tag: the first letter picks
    // the few names to compare (a test holds this to the plain list).
    match name.as_bytes().first().map(u8::to_ascii_lowercase) {
        Some(b'd') => starts("data-") || is("decoding"),
        Some(b'o') => starts("on") && name.len() > 2,
        Some(b'a') => starts("aria-") && !is("aria-hidden") && !is("aria-modal"),
        Some(b's') => is("style") || is("sizes"),
        Some(b't') => is("tabindex") || is("target"),
        Some(b'l') => is("loading"),
        Some(b'f') => is("fetchpriority"),
        Some(b'i') => is("integrity"),
        Some(b'c') => is("crossorigin"),
        Some(b'n') => is("nonce"),
        Some(b'h') => is("hreflang"),
        Some(b'j') => is("jsaction") || is("jsname") || is("jscontroller") || is("jsmodel") || is("jslog"),
        _ => false,
    }
}

/// Elements the reader cannot see: the rule Readability.js applies (`hidden`,
/// `display:none`, `visibility:hidden`). `aria-hidden` and class names are
/// judged later, on the tree, where block sizes are known: a page clipped
/// while a modal was open has its whole article marked `aria-hidden`.
fn is_hidden(attrs: &Attrs<'_>) -> bool {
    attrs.get("hidden").is_some() || attrs.get("style").is_some_and(style_hides)
}

/// `display: none` or `visibility: hidden`, in any case and spacing.
fn style_hides(style: &str) -> bool {
    if !style.contains(['n', 'N']) {
        return false;
    }
    let style: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    style.contains("display:none") || style.contains("visibility:hidden")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        prepass(html, usize::MAX, String::new()).out
    }

    #[test]
    fn drops_scripts_styles_svg_but_keeps_json_ld() {
        assert_eq!(
            clean("<p>a<script>x()</script><style>p{}</style><svg><title>Arrow</title></svg>b</p>"),
            "<p>ab</p>"
        );
        let ld = r#"<script type="application/ld+json">{"a":1}</script>"#;
        assert_eq!(clean(ld), ld);
    }

    #[test]
    fn menus_outside_the_article_go_inside_stay() {
        assert_eq!(clean("<nav><a>Home</a></nav><p>x</p>"), "<p>x</p>");
        assert_eq!(clean("<article><nav>By A</nav></article>"), "<article><nav>By A</nav></article>");
        assert_eq!(
            clean("<div role=navigation>m</div><main role=main><footer>f</footer></main>"),
            "<main role=main><footer>f</footer></main>"
        );
    }

    #[test]
    fn hidden_elements_and_unread_attributes() {
        assert_eq!(clean("<div hidden>x</div><div style=\"DISPLAY: none\">y</div>z"), "z");
        assert_eq!(
            clean("<p class=a data-x=1 onclick=\"f()\" aria-label=l aria-hidden=true>t</p>"),
            "<p class=\"a\" aria-hidden=\"true\">t</p>"
        );
        assert_eq!(clean("<p class=a id=b>t</p>"), "<p class=a id=b>t</p>", "an untouched tag is copied as written");
    }

    #[test]
    fn lazy_images_and_pixels() {
        assert_eq!(clean("<img src=\"placeholder.gif\" data-src=\"/real.jpg\">"), "<img src=\"/real.jpg\">");
        assert_eq!(clean("<p>a<img src=/t.gif width=1 height=1>b</p>"), "<p>ab</p>");
        assert_eq!(clean("<img alt='say \"hi\"' data-x=1>"), "<img alt=\"say &quot;hi&quot;\">");
    }

    #[test]
    fn comments_go_and_bare_angle_brackets_are_escaped() {
        assert_eq!(clean("a<!-- c -->b < c"), "ab &lt; c");
    }

    #[test]
    fn noscript_fallbacks_are_cleaned_as_markup() {
        assert_eq!(
            clean("<noscript><img src=a.jpg data-x=1><script>x</script></noscript>"),
            "<noscript><img src=\"a.jpg\"></noscript>"
        );
    }

    #[test]
    fn a_dropped_paragraph_closed_by_the_next_one_drops_only_itself() {
        assert_eq!(clean("<p hidden>x<p>visible</p>"), "<p>visible</p>");
        assert_eq!(clean("<ul><li style=\"display:none\">a<li>b<li>c</ul>"), "<ul><li>b<li>c</ul>");
    }

    #[test]
    fn a_dropped_element_nested_past_the_stack_limit_stays_dropped_to_its_end() {
        let deep = MAX_OPEN + 100;
        let html = format!("<div hidden>{}secret{}</div><p>kept</p>", "<div>".repeat(deep), "</div>x".repeat(deep));
        let out = clean(&html);
        assert!(!out.contains("secret") && !out.contains('x'), "{}", &out[..out.len().min(200)]);
        assert!(out.ends_with("<p>kept</p>"), "{}", &out[out.len().saturating_sub(200)..]);
    }

    #[test]
    fn an_end_tag_does_not_reach_out_of_a_table_cell() {
        // The tree builder ignores the `</div>` inside the cell: SECRET stays inside the hidden div.
        assert_eq!(clean("<div hidden><table><tr><td></div>SECRET</td></tr></table></div><p>kept</p>"), "<p>kept</p>");
    }

    #[test]
    fn stray_end_tag_ends_a_dropped_element() {
        // The tree builder closes the unclosed `<nav>` at `</div>`, so the text after it stays.
        assert_eq!(clean("<div><nav><ul><li>a</div><p>kept</p>"), "<div></div><p>kept</p>");
    }

    #[test]
    fn indentation_between_blocks_goes_other_whitespace_stays() {
        assert_eq!(clean("<div>\n  <p>a <b>b</b>\n</p>\n</div>"), "<div><p>a <b>b</b>\n</p></div>");
        assert_eq!(
            clean("<p>a</p>\n<span>b</span> <i>c</i>"),
            "<p>a</p>\n<span>b</span> <i>c</i>",
            "beside inline tags it may show"
        );
        assert_eq!(clean("<pre>\n<div>\n</div></pre>"), "<pre>\n<div>\n</div></pre>", "inside <pre> it is content");
        // The scorer measures a byline box's raw text, whitespace included.
        let byline = "<div class=\"c-Byline\">\n <ol>\n<li>A</li>\n</ol>\n</div>";
        assert_eq!(clean(byline), byline);
        assert_eq!(clean("<p>a</p>\n<!-- c -->\n<script>x</script>\n<p>b</p>"), "<p>a</p><p>b</p>");
    }

    #[test]
    fn byline_candidates_keep_their_whitespace() {
        for byline in [
            "<div class=\"c-ByLine\">\n <p>A</p>\n</div>",
            "<div rel=\"AUTHOR\">\n <p>A</p>\n</div>",
            "<div ID=\"story-dateline\">\n <p>A</p>\n</div>",
            "<div itemprop=\"author\">\n <p>A</p>\n</div>",
        ] {
            assert_eq!(clean(byline), byline);
        }
        assert_eq!(clean("<div class=\"auth\">\n <p>A</p>\n</div>"), "<div class=\"auth\"><p>A</p></div>");
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let html = format!("{}x{}", "<div>".repeat(300), "</div>".repeat(300));
        let pre = prepass(&html, usize::MAX, String::new());
        assert_eq!(pre.flattened, 300 - MAX_DEPTH);
        assert_eq!(pre.out.matches("<div>").count(), MAX_DEPTH);
        let many_p = "<p>a".repeat(10_000);
        assert_eq!(
            prepass(&many_p, usize::MAX, String::new()).flattened,
            0,
            "implicitly closed paragraphs do not nest"
        );
    }

    #[test]
    fn output_is_bounded() {
        let html = "<p>abc</p>".repeat(1000);
        let pre = prepass(&html, 100, String::new());
        assert!(pre.truncated && pre.out.len() <= 100, "{}", pre.out.len());
        assert!(!prepass("<p>abc</p>", 100, String::new()).truncated);
    }

    #[test]
    fn hostile_markup_does_not_escape_the_pass() {
        // An unclosed comment or script swallows the rest, as in a browser.
        assert_eq!(clean("a<!-- <p>b"), "a");
        assert_eq!(clean("a<script>b<p>c"), "a");
        // A quote never closed: the tag runs to the end and is dropped, as the tokenizer drops it.
        assert_eq!(clean("a<div title=\"x>b</div>"), "a");
        // `<` soup is text, escaped so that the tree builder reads it as text too.
        assert_eq!(clean("<<<p>>>"), "&lt;&lt;<p>>>");
        assert_eq!(clean("1 <2 </ 3>4"), "1 &lt;2 4", "`</ 3>` is a bogus comment");
        // Script end tags hidden in attributes or other raw text do not end a drop early.
        assert_eq!(clean("<style>a[x='</p>']{}</style>ok"), "ok");
        assert_eq!(clean("<svg><style></svg><p>x</p></style></svg>y"), "y");
        // An end tag for a dropped element that never opened closes nothing.
        assert_eq!(clean("</script><p>x</p></svg>"), "</script><p>x</p></svg>");
    }

    #[test]
    fn dropped_elements_nested_in_dropped_elements() {
        assert_eq!(clean("<nav><svg><nav></nav></svg><p>m</p></nav><p>x</p>"), "<p>x</p>");
        assert_eq!(clean("<template><template></template>a</template>b"), "b");
    }

    /// Hostile fragments: every kind of token the scanner tells apart, cut
    /// and joined anywhere.
    fn hostile_html() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("<div class=\"a\" data-x='1'>"),
            Just("</div>"),
            Just("<p>"),
            Just("</p>"),
            Just("<nav>"),
            Just("</nav>"),
            Just("<article>"),
            Just("</article>"),
            Just("<script>alert(1)</script>"),
            Just("<script type=application/ld+json>{}</script>"),
            Just("<script>"),
            Just("</script>"),
            Just("<style>"),
            Just("<svg><script>x</script>"),
            Just("</svg>"),
            Just("<noscript><img src=a.jpg></noscript>"),
            Just("<img src=x.gif width=1 height=1>"),
            Just("<img src=placeholder.png data-src=\"/a.jpg\" srcset=\"a 1x, b 2x\">"),
            Just("<div hidden>"),
            Just("<iframe src=x>"),
            Just("<title>t</title>"),
            Just("<textarea>"),
            Just("<!--"),
            Just("-->"),
            Just("<!doctype html>"),
            Just("<?x?>"),
            Just("</ x>"),
            Just("</>"),
            Just("<"),
            Just("</"),
            Just("\""),
            Just("'"),
            Just("="),
            Just(">"),
            Just("/"),
            Just("é"),
            Just("<plaintext>"),
        ];
        (prop::collection::vec(piece, 0..40), "[a-z <>/=\"']{0,20}").prop_map(|(pieces, noise)| {
            let mut html = pieces.concat();
            let at = (html.len() / 2..=html.len()).find(|&i| html.is_char_boundary(i)).unwrap_or(0);
            html.insert_str(at, &noise);
            html
        })
    }

    /// The attribute list as first written, which [`is_unread`] picks from by first letter.
    fn is_unread_listed(name: &str) -> bool {
        let starts = |prefix: &str| {
            name.len() >= prefix.len() && name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
        };
        starts("data-")
            || (starts("on") && name.len() > 2)
            || (starts("aria-")
                && !name.eq_ignore_ascii_case("aria-hidden")
                && !name.eq_ignore_ascii_case("aria-modal"))
            || UNREAD_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
    }

    /// The whole names the list held.
    const UNREAD_NAMES: [&str; 16] = [
        "style",
        "sizes",
        "tabindex",
        "loading",
        "decoding",
        "fetchpriority",
        "integrity",
        "crossorigin",
        "nonce",
        "target",
        "hreflang",
        "jsaction",
        "jsname",
        "jscontroller",
        "jsmodel",
        "jslog",
    ];

    proptest::proptest! {
        #[test]
        fn html_whitespace_as_matched_byte_by_byte(text in "[ \t\n\r\u{c}\u{b}a]{0,600}") {
            let expected = text.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'));
            proptest::prop_assert_eq!(is_html_whitespace(text.as_bytes()), expected);
            let spaces = " \n\t".repeat(text.len());
            proptest::prop_assert!(is_html_whitespace(spaces.as_bytes()));
        }
    }

    #[test]
    fn unread_attributes_are_the_listed_ones() {
        let edges = [
            "data-",
            "data-src",
            "DATA-X",
            "data",
            "on",
            "onclick",
            "ONLOAD",
            "o",
            "aria-",
            "aria-label",
            "aria-hidden",
            "ARIA-HIDDEN",
            "aria-modal",
            "aria",
            "STYLE",
            "js",
            "class",
            "id",
            "href",
            "src",
            "rel",
            "itemprop",
            "",
            "é",
            "styles",
        ];
        for name in UNREAD_NAMES.into_iter().chain(edges) {
            assert_eq!(is_unread(name), is_unread_listed(name), "{name:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

        #[test]
        fn unread_matches_the_list_for_any_name(name in "(?i)(data-|on|aria-|js)?[a-z-]{0,12}") {
            proptest::prop_assert_eq!(is_unread(&name), is_unread_listed(&name));
        }

        #[test]
        fn never_panics_and_its_output_parses(html in hostile_html()) {
            let pre = prepass(&html, 4096, String::new());
            // Bounded, counting each escaped `<` as the one byte it was.
            proptest::prop_assert!(pre.out.replace("&lt;", "<").len() <= 4096, "output is bounded");
            let doc = dom_query::Document::from(pre.out.as_str());
            // Everything the pass drops is dropped by tag name, and the tree
            // builder sees the same tags the scanner saw.
            let leaked = doc.select("style, svg, iframe, textarea, template, script").iter().filter(|el| {
                !el.attr("type").is_some_and(|t| t.contains("ld+json"))
            }).count();
            proptest::prop_assert_eq!(leaked, 0, "dropped elements in {:?}", pre.out);
            // Cleaning the output again changes nothing more than escaping does.
            let again = prepass(&pre.out, usize::MAX, String::new());
            proptest::prop_assert_eq!(again.flattened, 0);
        }
    }
}

//! The page's tree, built straight from the pre-pass's tokens.
//!
//! The pre-pass has already tokenized the page once; writing the cleaned
//! page out as HTML and parsing it again made html5ever tokenize it a second
//! time, char by char, which was two thirds of building the tree. Here the
//! kept tokens go to html5ever's tree builder directly, so the tree is
//! built by the same rules (implied end tags, table fixes, misnested
//! formatting) from the same tokens, with character references decoded as
//! its tokenizer decodes them ([`crate::charref`]).

use std::borrow::Cow;
use std::cell::RefCell;

use dom_query::Document;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};

use crate::charref::{Context, decode};
use crate::html_scan::StartTag;
use crate::prepass::{Attrs, Output};
use crate::tree_sink::{Handle, NamedSink};

/// A tree under construction: the pre-pass's [`Output`] when extracting.
pub struct TreeOutput {
    builder: TreeBuilder<Handle, NamedSink>,
    /// Bytes of kept markup, as the pre-pass's size bound counts them.
    written: usize,
    /// The raw text to come belongs to a `<title>` or `<textarea>`, whose
    /// character references are decoded.
    rcdata: bool,
}

impl TreeOutput {
    pub fn new() -> Self {
        // As dom_query parses: scripting off, so `<noscript>` holds markup, not text.
        let opts = TreeBuilderOpts { scripting_enabled: false, ..TreeBuilderOpts::default() };
        TreeOutput {
            builder: TreeBuilder::new(NamedSink { doc: Document::default() }, opts),
            written: 0,
            rcdata: false,
        }
    }

    /// Ends the document (closing what is still open) and hands over the tree.
    pub fn finish(self) -> Document {
        self.feed(Token::EOFToken);
        self.builder.end();
        self.builder.sink.doc
    }

    fn feed(&self, token: Token) {
        // The builder's requests to the tokenizer (raw-text states, script
        // pauses) are already honoured by the scanner, which knows raw-text
        // elements itself, and no script runs.
        let _ = self.builder.process_token(token, 0);
    }

    fn characters(&mut self, raw: &str, context: Context) {
        self.written += raw.len();
        let text = decode(raw, context);
        if !text.is_empty() {
            self.feed(Token::CharacterTokens(StrTendril::from_slice(&text)));
        }
    }
}

impl Default for TreeOutput {
    fn default() -> Self {
        Self::new()
    }
}

impl Output for TreeOutput {
    fn written(&self) -> usize {
        self.written
    }

    fn text(&mut self, text: &str) {
        // The tokenizer discards a byte-order mark that opens the input.
        let text = if self.written == 0 { text.strip_prefix('\u{feff}').unwrap_or(text) } else { text };
        self.characters(text, Context::Data);
    }

    fn raw_text(&mut self, text: &str) {
        let context = if self.rcdata { Context::Rcdata } else { Context::RawText };
        self.characters(text, context);
    }

    fn doctype(&mut self, raw: &str) {
        self.written += raw.len();
        if let Some(doctype) = read_doctype(raw) {
            self.feed(Token::DoctypeToken(doctype));
        }
    }

    fn start_tag(&mut self, tag: &StartTag<'_>, attrs: &Attrs<'_>, _written: usize) {
        self.written += tag.raw.len();
        let name = local_name(tag.name);
        self.rcdata = matches!(&*name, "title" | "textarea");
        let mut attributes: Vec<Attribute> = Vec::with_capacity(attrs.len());
        for (raw_name, raw_value) in attrs.iter() {
            let name = local_name(raw_name);
            // The first of a name counts; the tokenizer drops the rest.
            if attributes.iter().any(|a| a.name.local == name) {
                continue;
            }
            attributes.push(Attribute {
                name: QualName::new(None, ns!(), name),
                value: StrTendril::from_slice(&decode(raw_value, Context::Attribute)),
            });
        }
        self.feed(Token::TagToken(Tag {
            kind: TagKind::StartTag,
            name,
            self_closing: tag.self_closing,
            attrs: attributes,
            had_duplicate_attributes: false,
        }));
    }

    fn end_tag(&mut self, name: &str, raw: &str) {
        self.written += raw.len();
        self.feed(Token::TagToken(Tag {
            kind: TagKind::EndTag,
            name: local_name(name),
            self_closing: false,
            attrs: Vec::new(),
            had_duplicate_attributes: false,
        }));
    }
}

/// A tag or attribute name as the tokenizer stores it: ASCII lower-cased,
/// NULs replaced.
fn local_name(name: &str) -> LocalName {
    if name.bytes().any(|b| b.is_ascii_uppercase() || b == 0) {
        let lower: Cow<'_, str> = Cow::Owned(name.to_ascii_lowercase().replace('\0', "\u{fffd}"));
        LocalName::from(lower)
    } else {
        common_name(name).unwrap_or_else(|| LocalName::from(name))
    }
}

/// The tag and attribute names most pages are made of, as their static
/// atoms: a `match` on the name instead of hashing it into the atom table
/// for every tag and attribute (which was a twentieth of building the tree).
fn common_name(name: &str) -> Option<LocalName> {
    Some(match name {
        "a" => local_name!("a"),
        "div" => local_name!("div"),
        "span" => local_name!("span"),
        "p" => local_name!("p"),
        "li" => local_name!("li"),
        "ul" => local_name!("ul"),
        "img" => local_name!("img"),
        "meta" => local_name!("meta"),
        "br" => local_name!("br"),
        "i" => local_name!("i"),
        "b" => local_name!("b"),
        "em" => local_name!("em"),
        "strong" => local_name!("strong"),
        "td" => local_name!("td"),
        "tr" => local_name!("tr"),
        "h2" => local_name!("h2"),
        "h3" => local_name!("h3"),
        "section" => local_name!("section"),
        "figure" => local_name!("figure"),
        "class" => local_name!("class"),
        "id" => local_name!("id"),
        "href" => local_name!("href"),
        "src" => local_name!("src"),
        "alt" => local_name!("alt"),
        "title" => local_name!("title"),
        "rel" => local_name!("rel"),
        "name" => local_name!("name"),
        "content" => local_name!("content"),
        "property" => local_name!("property"),
        "itemprop" => local_name!("itemprop"),
        "width" => local_name!("width"),
        "height" => local_name!("height"),
        "srcset" => local_name!("srcset"),
        "role" => local_name!("role"),
        "type" => local_name!("type"),
        _ => return None,
    })
}

/// A `<!DOCTYPE ...>` as the tokenizer reads it (its name and identifiers
/// decide quirks mode, which changes how tables and paragraphs nest). Rare
/// and short, so html5ever's own tokenizer reads it.
fn read_doctype(raw: &str) -> Option<Doctype> {
    struct Catch(RefCell<Option<Doctype>>);
    impl TokenSink for Catch {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::DoctypeToken(doctype) = token {
                self.0.borrow_mut().get_or_insert(doctype);
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Catch(RefCell::new(None)), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(raw));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prepass::prepass;

    /// The tree built from the tokens, and the tree html5ever builds from
    /// the same cleaned page written out as HTML, both serialised.
    fn both(html: &str) -> (String, String) {
        let ours = prepass(html, usize::MAX, TreeOutput::new()).out.finish();
        let cleaned = prepass(html, usize::MAX, String::new()).out;
        (ours.html().to_string(), Document::from(cleaned.as_str()).html().to_string())
    }

    #[test]
    fn the_same_tree_as_html5ever_builds_on_every_fixture_page() {
        let pages = crate::fixture_pages();
        for (name, html) in &pages {
            let (ours, theirs) = both(html);
            if ours != theirs {
                let at = ours.bytes().zip(theirs.bytes()).position(|(a, b)| a != b).unwrap_or(0);
                let window = |s: &str| {
                    s[s.floor_char_boundary(at.saturating_sub(80))..s.floor_char_boundary(at + 80)].to_string()
                };
                panic!("{name}: trees differ at byte {at}:\n ours:   {}\n theirs: {}", window(&ours), window(&theirs));
            }
        }
    }

    #[test]
    fn references_newlines_quirks_and_misnesting_as_html5ever_reads_them() {
        for html in [
            "<p title='a&amp;b&copy=1&notit;'>caf&eacute; &#x41;&#128; &amp &lt;b&gt;\r\n</p>",
            "<title>A &amp; B</title><p>x",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><p><table><tr><td>x</table>",
            "<p><b>bold <i>both</b> italic</i></p>",
            "<table><div>moved out</div><tr><td>cell</td></tr></table>",
            "<ul><li>a<li>b</ul><dl><dt>t<dd>d</dl>",
            "<pre>\nfirst line kept</pre><textarea>\nx</textarea>",
            "\u{feff}<p>after a BOM",
            "<DIV CLASS=A Id=b class=dup>upper</DIV>",
            "</p></br><p>stray end tags",
            "<noscript><img src=a.jpg></noscript>",
            "<math><mi>x</mi></math><p>y",
            "<div id=a class=b><a href=/x title=t rel=author itemprop=name>l</a><img src=s srcset=s alt=a width=1 height=2></div>",
        ] {
            let (ours, theirs) = both(html);
            assert_eq!(ours, theirs, "{html}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1000, ..Default::default() })]

        #[test]
        fn the_same_tree_as_html5ever_builds_from_any_markup(html in "(<(/?)(p|div|b|i|a|table|tr|td|li|ul|title|pre|h1|span)( x=['\"]?[a-z&;#0-9 ]{0,6}['\"]?)?>|[a-z &;#0-9\r\n<>]{0,8}|&(amp|lt|copy|notin|not|#x4[0-9]|#1[0-9]{2});?){0,40}") {
            let (ours, theirs) = both(&html);
            proptest::prop_assert_eq!(ours, theirs);
        }
    }
}

//! The text that highlights are anchored in.
//!
//! A highlight's positions count code points over the article's *anchor text*:
//! the concatenated text nodes of the stored `content_html`, exactly what the
//! reader's `element.textContent` gives once the browser has parsed the same
//! HTML. So the anchor text must come from an HTML5 parser (html5ever, through
//! dom_query) run on the fragment as a browser runs `innerHTML`, never from a
//! hand-made tag stripper, which would disagree on entities, `\r\n`, and
//! misnested markup.

/// The `textContent` of `html` parsed as a fragment (as `innerHTML` parses it).
pub fn anchor_text(html: &str) -> String {
    dom_query::Document::fragment(html).text().to_string()
}

#[cfg(test)]
mod tests {
    use super::anchor_text;

    #[test]
    fn is_the_text_content_of_the_fragment() {
        assert_eq!(anchor_text("<p>One &amp; <b>two</b></p>\n<p>three</p>"), "One & two\nthree");
        assert_eq!(anchor_text("  lead <p>x</p>"), "  lead x", "leading whitespace is kept, as innerHTML keeps it");
        assert_eq!(anchor_text("a\r\nb"), "a\nb", "the parser normalises newlines as the browser does");
        assert_eq!(anchor_text("<p>a<!-- hidden -->b</p>"), "ab", "comments are not text");
    }
}

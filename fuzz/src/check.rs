//! The invariants every input must keep: extraction never panics (a panic
//! inside a parser would surface as an `internal` warning), the stored HTML
//! holds nothing executable, a page judged "not an article" says why, and
//! the word count is the text's.
//!
//! An input is a URL on its first line (at most 300 bytes; anything that
//! does not parse as a URL means "no URL") followed by the page's bytes, so
//! the fuzzer explores relative-link resolution as well as the markup.

use quire_extract::{Extraction, PageContext, Warning, count_words, extract};

/// Splits an input into its URL line and page bytes.
pub fn split_input(data: &[u8]) -> (Option<url::Url>, &[u8]) {
    match data.iter().take(300).position(|&b| b == b'\n') {
        Some(at) => {
            let url = std::str::from_utf8(&data[..at]).ok().and_then(|s| url::Url::parse(s.trim()).ok());
            (url, &data[at + 1..])
        }
        None => (None, data),
    }
}

/// Extracts one input and panics (with the reason) if any invariant fails.
pub fn check(data: &[u8]) -> Extraction {
    let (url, html) = split_input(data);
    let extraction = extract(html, &PageContext { url: url.as_ref(), content_type: None });
    let internal: Vec<&Warning> = extraction.warnings.iter().filter(|w| matches!(w, Warning::Internal(_))).collect();
    assert!(internal.is_empty(), "a parser panicked: {internal:?}");
    let article = &extraction.article;
    if !article.is_article {
        assert!(!extraction.warnings.is_empty(), "not an article, yet no warning says why");
    }
    assert_eq!(article.word_count, count_words(&article.text), "word count is not the text's");
    assert_safe(&article.content_html);
    extraction
}

/// Parses stored HTML back and checks every element and attribute: text that
/// merely mentions `<script>` (escaped) is harmless, markup is not.
pub fn assert_safe(out: &str) {
    const BANNED_TAGS: &[&str] = &[
        "script", "style", "iframe", "frame", "object", "embed", "form", "meta", "svg", "math", "base", "link",
        "input", "button", "textarea", "select", "template", "noscript",
    ];
    let doc = dom_query::Document::fragment(out);
    for node in doc.select("*").nodes() {
        let name = node.node_name().map(|n| n.to_string()).unwrap_or_default();
        assert!(!BANNED_TAGS.contains(&name.as_str()), "<{name}> survived sanitising: {out}");
        for attr in node.attrs() {
            let key = attr.name.local.to_string().to_ascii_lowercase();
            let value: String = attr
                .value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            assert!(!key.starts_with("on"), "event handler {key} survived: {out}");
            assert!(key != "style" && key != "srcdoc" && key != "formaction", "{key} survived: {out}");
            assert!(!value.starts_with("javascript:") && !value.starts_with("vbscript:"), "script URL in {key}: {out}");
            if value.starts_with("data:") {
                assert!(name == "img" && key == "src", "data: URL outside an img src: {out}");
                assert!(value.starts_with("data:image/") && !value.contains("svg"), "only raster data images: {out}");
            }
        }
    }
}

//! Notes (on highlights, and page notes) are written in Markdown; this turns
//! one into HTML that is safe to put into the UI's DOM and into exported pages.
//!
//! Notes are the user's own words, but they also arrive from imported files
//! (JSON-LD, CSV, Omnivore), so they are treated as hostile. Two layers:
//! raw HTML in the Markdown is never passed through (pulldown-cmark's HTML
//! events become text, shown as typed), and the result then goes through an
//! ammonia allowlist stricter than the article sanitiser's: text formatting,
//! lists, quotes, code, tables and links only; no images (an image becomes a
//! link to it, so a note never loads anything from the web), no `style`, no
//! `class`, no `id`; links only to `http`, `https` or `mailto`, each with
//! `rel="noopener noreferrer nofollow"` and `target="_blank"` so it opens
//! outside Quire. The UI runs under a CSP without inline script as well.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

const TAGS: &[&str] = &[
    "p",
    "br",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
];

static ALLOWLIST: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.tags(TAGS.iter().copied().collect())
        .tag_attributes(HashMap::from([("a", HashSet::from(["href", "title"])), ("ol", HashSet::from(["start"]))]))
        .set_tag_attribute_value("a", "target", "_blank")
        .clean_content_tags(HashSet::from(["script", "style"]))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer nofollow"))
        .strip_comments(true);
    b
});

/// The Markdown of a note as safe HTML (see the module docs).
pub fn note_html(markdown: &str) -> String {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    // Links do not nest, so one flag tells whether the open one was dropped.
    let mut dropped_link = false;
    let events = Parser::new_ext(markdown, options).filter_map(move |event| match event {
        // Typed HTML is shown as the text it is, never interpreted.
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        // A link anywhere but the web or mail keeps its text and loses the link (rather than
        // being left an `<a>` without `href` by the allowlist). An image would be fetched
        // from the web: it becomes a link to it instead.
        Event::Start(Tag::Link { link_type, dest_url, title, id } | Tag::Image { link_type, dest_url, title, id }) => {
            dropped_link = !is_web_or_mail(&dest_url);
            (!dropped_link).then_some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        Event::End(TagEnd::Link | TagEnd::Image) => {
            (!std::mem::take(&mut dropped_link)).then_some(Event::End(TagEnd::Link))
        }
        other => Some(other),
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2 + 16);
    pulldown_cmark::html::push_html(&mut html, events);
    ALLOWLIST.clean(&html).to_string().trim_end().to_string()
}

fn is_web_or_mail(url: &str) -> bool {
    let url = url.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"].iter().any(|scheme| url.starts_with(scheme))
}

#[cfg(test)]
mod tests {
    use super::note_html;

    #[test]
    fn markdown_becomes_html() {
        assert_eq!(note_html("a **bold** word"), "<p>a <strong>bold</strong> word</p>");
        assert_eq!(
            note_html("[site](https://example.com/a?b=1&c=2)"),
            "<p><a href=\"https://example.com/a?b=1&amp;c=2\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">site</a></p>"
        );
        assert_eq!(note_html("- one\n- two"), "<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
    }

    #[test]
    fn hostile_notes_keep_no_script_handler_or_script_url() {
        let hostile = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](  javascript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "![pixel](https://tracker.example/p.gif)",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "**<b onmouseover=alert(1)>hi</b>**",
            "<style>body{display:none}</style>",
            "[a](vbscript:msgbox(1))",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "`<script>`",
        ];
        for note in hostile {
            let html = note_html(note);
            // Text keeps what was typed (escaped); only the markup, inside `<...>`, can act.
            let tags: Vec<String> =
                html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or_default().to_ascii_lowercase()).collect();
            for tag in &tags {
                let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or_default();
                assert!(super::TAGS.contains(&name), "{note:?} rendered {html:?}: <{tag}> is not allowed");
                for bad in [" on", "javascript:", "vbscript:", "data:", "src=", "style="] {
                    assert!(!tag.contains(bad), "{note:?} rendered {html:?}: <{tag}> contains {bad:?}");
                }
            }
        }
        assert_eq!(
            note_html("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "typed HTML is shown as text"
        );
        assert!(
            note_html("![pixel](https://tracker.example/p.gif)").contains("<a href=\"https://tracker.example/p.gif\""),
            "an image becomes a link to it"
        );
        assert_eq!(
            note_html("[click me](javascript:alert(1))"),
            "<p>click me</p>",
            "an unsafe link keeps only its text"
        );
        assert_eq!(note_html("![x](data:image/png;base64,AAAA) and [y](./local)"), "<p>x and y</p>");
    }
}

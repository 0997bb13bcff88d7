//! Page furniture: what surrounds an article on a news site but is not part of
//! it (share bars, newsletter and subscription prompts, cookie and paywall
//! overlays, sponsored blocks, related and most-read lists, comments).
//!
//! The knowledge lives here, in one place, so that the streaming pre-pass and
//! the clean-up of the extracted body agree. Matching is on whole class/id
//! tokens rather than substrings, so `shareholder` or `adjective` never match,
//! and anything that also names itself as the article (`article-body`,
//! `story-content`) is never treated as furniture.

use std::sync::LazyLock;

use dom_query::{Document, Matcher, NodeData, NodeRef, Selection};

/// Class or id tokens that mark a block as furniture.
const FURNITURE_TOKENS: &[&str] = &[
    "share",
    "sharing",
    "sharebar",
    "social",
    "socials",
    "newsletter",
    "newsletters",
    "subscribe",
    "subscription",
    "subscriptions",
    "paywall",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "sponsored",
    "sponsor",
    "promo",
    "promotion",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adslot",
    "dfp",
    "related",
    "recommended",
    "recommendations",
    "trending",
    "outbrain",
    "taboola",
    "comments",
    "comment",
    "disqus",
    "modal",
    "popup",
    "overlay",
    "breadcrumb",
    "breadcrumbs",
    "signup",
    "registration",
    "regwall",
    "metered",
    "offer",
    "offers",
    "toolbar",
    "sidebar",
    "widget",
    "banner",
    "skiplink",
    "tags",
    "icon",
    "icons",
    "sprite",
    "mostread",
    "mostpopular",
    "readnext",
    "morestories",
    "apppromo",
    "appbanner",
    "loginwall",
];

/// Multi-word furniture phrases, matched as consecutive tokens (`most-read`,
/// `most_read`); the run-together `mostRead` is in the token list.
const FURNITURE_PHRASES: &[&[&str]] = &[
    &["most", "read"],
    &["most", "popular"],
    &["read", "more"],
    &["read", "next"],
    &["app", "promo"],
    &["app", "banner"],
    &["app", "download"],
    &["sign", "up"],
    &["login", "wall"],
    &["more", "stories"],
    &["more", "from"],
    &["you", "may", "like"],
    &["around", "the", "web"],
    &["print", "only"],
];

/// Tokens that mark a block as (part of) the article itself; they veto removal
/// because article containers often carry furniture words too
/// (`article-body has-comments`).
const ARTICLE_TOKENS: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "main",
    "post",
    "story",
    "text",
    "caption",
    "figure",
    "figcaption",
    "headline",
    "byline",
    "standfirst",
    "summary",
    "mathjax",
];

/// Tokens that name furniture only weakly: CMSs also wrap photos in
/// `dnd-widget-wrapper` or `image-banner`, so a block they name is kept when
/// it holds a picture.
const WEAK_TOKENS: &[&str] = &[
    "widget", "sidebar", "banner", "toolbar", "tags", "icon", "icons", "sprite", "offer", "offers", "trending",
    "metered",
];

/// How strongly an element's `class` and `id` name it as furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    None,
    Weak,
    Strong,
}

/// Whether an element's `class` and `id` mark it as furniture at all.
#[cfg(test)]
fn is_furniture_by_name(class: &str, id: &str) -> bool {
    furniture_evidence(class, id) != Evidence::None
}

/// The furniture evidence in an element's `class` and `id`. Runs for every
/// named block of every page, so it compares tokens in place rather than
/// building lower-cased copies.
pub fn furniture_evidence(class: &str, id: &str) -> Evidence {
    let mut evidence = Evidence::None;
    let mut recent: [&str; 3] = ["", "", ""];
    for token in class.split(|c: char| !c.is_ascii_alphanumeric()).chain(id.split(|c: char| !c.is_ascii_alphanumeric()))
    {
        if token.is_empty() {
            continue;
        }
        recent = [recent[1], recent[2], token];
        let phrase = FURNITURE_PHRASES.iter().any(|p| {
            let tail = &recent[3 - p.len()..];
            tail.iter().zip(p.iter()).all(|(a, b)| a.eq_ignore_ascii_case(b))
        });
        if phrase {
            evidence = Evidence::Strong;
        }
        let is = |list: &[&str]| list.iter().any(|t| t.eq_ignore_ascii_case(token));
        if is(ARTICLE_TOKENS) {
            return Evidence::None;
        }
        if is(FURNITURE_TOKENS) {
            evidence = evidence.max(if is(WEAK_TOKENS) { Evidence::Weak } else { Evidence::Strong });
        }
    }
    evidence
}

/// Whether an ARIA role marks an element as furniture.
pub fn is_furniture_role(role: &str) -> bool {
    matches!(
        role.trim().to_ascii_lowercase().as_str(),
        "navigation"
            | "dialog"
            | "alertdialog"
            | "banner"
            | "contentinfo"
            | "complementary"
            | "search"
            | "menu"
            | "menubar"
            | "toolbar"
    )
}

/// A furniture-named block holding more than this share of the page's text is
/// a wrapper around the article, whatever its class says.
const MAX_FURNITURE_SHARE: usize = 4; // one quarter
/// Paragraphs this long are prose; two of them make a block article-like.
const PROSE_PARAGRAPH_CHARS: usize = 150;

/// Removes furniture from a parsed page. The pre-pass cannot see how much text
/// a block holds, so names are judged here: a block named like furniture goes
/// unless it holds the headline, a large share of the page's text, or
/// several paragraphs of prose (the article's container is often named
/// `… has-comments sidebar-right`).
pub fn sweep(doc: &Document) {
    mark_credits(doc);
    let total = doc.select_single_matcher(&BODY).nodes().first().map_or(0, text_bytes).max(1);
    // `aria-hidden` hides decorations from screen readers, and is also put on
    // the whole page behind an open modal: a hidden block holding the
    // article is shown again (the scorer would skip it), small ones go.
    for el in doc.select_matcher(&ARIA_HIDDEN).nodes() {
        let Some(name) = el.node_name() else { continue };
        if matches!(name.as_ref(), "html" | "body" | "img" | "figure" | "picture") {
            if matches!(name.as_ref(), "html" | "body") {
                el.remove_attr("aria-hidden");
            }
            continue;
        }
        if has_descendant(el, &H1) || text_bytes(el) * MAX_FURNITURE_SHARE > total {
            el.remove_attr("aria-hidden");
        } else {
            el.remove_from_parent();
        }
    }
    // Only blocks: an inline element named `popup` or `tooltip` is a link
    // inside a sentence, and removing it would cut words out of the prose.
    for el in doc.select_matcher(&BLOCKS).nodes() {
        let Some(name) = el.node_name() else {
            continue;
        };
        let (class, id) = (el.attr("class"), el.attr("id"));
        let evidence = furniture_evidence(class.as_deref().unwrap_or(""), id.as_deref().unwrap_or(""));
        let named = evidence != Evidence::None;
        let by_role = el.attr("role").is_some_and(|r| is_furniture_role(&r))
            || el.attr("aria-modal").is_some_and(|v| v.trim() == "true");
        // Menus, sidebars and page footers, kept until metadata was read
        // from them (an `<aside>` often holds the author's name).
        let by_tag = matches!(name.as_ref(), "nav" | "aside" | "footer");
        if !named && !by_role && !by_tag {
            continue;
        }
        if evidence == Evidence::Weak && !by_role && !by_tag && has_descendant(el, &MEDIA) {
            continue;
        }
        if text_bytes(el) * MAX_FURNITURE_SHARE > total || has_descendant(el, &H1) {
            continue;
        }
        let prose = Selection::from(*el)
            .select_matcher(&PARAGRAPH)
            .nodes()
            .iter()
            .filter(|p| trimmed_text_bytes(p) >= PROSE_PARAGRAPH_CHARS)
            .take(2)
            .count();
        if prose >= 2 {
            continue;
        }
        el.remove_from_parent();
    }
}

static BODY: LazyLock<Matcher> = LazyLock::new(|| Matcher::new("body").expect("valid selector"));
static ARIA_HIDDEN: LazyLock<Matcher> = LazyLock::new(|| Matcher::new("[aria-hidden=true]").expect("valid selector"));
static BLOCKS: LazyLock<Matcher> = LazyLock::new(|| {
    Matcher::new("div, section, aside, nav, footer, header, ul, ol, li, p, form, table").expect("valid selector")
});
static H1: LazyLock<Matcher> = LazyLock::new(|| Matcher::new("h1").expect("valid selector"));
static MEDIA: LazyLock<Matcher> = LazyLock::new(|| Matcher::new("img, picture, video").expect("valid selector"));
static PARAGRAPH: LazyLock<Matcher> = LazyLock::new(|| Matcher::new("p").expect("valid selector"));

fn has_descendant(el: &NodeRef<'_>, matcher: &Matcher) -> bool {
    Selection::from(*el).select_single_matcher(matcher).exists()
}

/// Bytes of text under `node`, read in place: what `node.text().len()`
/// gives, without copying the text only to measure it.
pub fn text_bytes(node: &NodeRef<'_>) -> usize {
    node.descendants_it()
        .map(|n| n.query_or(0, |t| if let NodeData::Text { contents } = &t.data { contents.len() } else { 0 }))
        .sum()
}

/// [`text_bytes`] without leading and trailing whitespace: `text().trim().len()`.
fn trimmed_text_bytes(node: &NodeRef<'_>) -> usize {
    let (mut total, mut lead, mut trail, mut seen) = (0, 0, 0, false);
    for n in node.descendants_it() {
        n.query(|t| {
            if let NodeData::Text { contents } = &t.data {
                let s: &str = contents;
                let trimmed = s.trim_start();
                if !seen {
                    lead += s.len() - trimmed.len();
                }
                if !trimmed.is_empty() {
                    seen = true;
                    trail = s.len() - s.trim_end().len();
                } else if seen {
                    trail += s.len();
                }
                total += s.len();
            }
        });
    }
    if seen { total - lead - trail } else { 0 }
}

/// The extractor drops class names; a photo credit's is kept, renamed, so
/// that caption and credit can be told apart afterwards.
fn mark_credits(doc: &Document) {
    for el in doc.select("figcaption [class]").iter() {
        let class = el.attr("class").unwrap_or_default().to_ascii_lowercase();
        if ["credit", "copyright", "photographer", "source", "byline", "author"].iter().any(|c| class.contains(c)) {
            el.set_attr("class", crate::body::CREDIT_CLASS);
        }
    }
}

/// Openings of short blocks that are prompts, not prose.
const PROMPT_OPENINGS: &[&str] = &[
    "sponsored content",
    "sponsored by",
    "about sponsored content",
    "paid content",
    "advertisement",
    "subscribe",
    "sign up for",
    "sign up to",
    "already a subscriber",
    "become a subscriber",
    "you have reached",
    "this is your last free article",
    "your trial period has expired",
    "your full access",
    "you need a subscription",
    "see all offers",
    "try 1 month",
    "try 3 months",
    "download our app",
    "get the app",
    "share this article",
    "share on",
    "follow us on",
    "read more:",
    "related:",
    "recommended:",
    "most read",
    "most popular",
    "log in to continue",
    "create a free account",
    "we use cookies",
    "this site uses cookies",
    "accept cookies",
];

/// Whether a short block of text is a prompt or a template that was never
/// filled in (`{{numberArticlesLeft}}`), rather than article prose. Long
/// blocks are never judged by their opening words: prose may start anywhere.
pub fn is_prompt_text(text: &str) -> bool {
    let text = text.trim();
    if text.contains("{{") && text.contains("}}") {
        return true;
    }
    if text.chars().count() > 200 {
        return false;
    }
    let lower = text.to_lowercase();
    PROMPT_OPENINGS.iter().any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_tokens_only() {
        assert!(is_furniture_by_name("share-bar", ""));
        assert!(!is_furniture_by_name("shareholder-letter", ""), "substring of a token is not a match");
        assert!(!is_furniture_by_name("article-body has-comments", ""), "the article container is vetoed");
        assert!(is_furniture_by_name("", "most-read"));
        assert_eq!(furniture_evidence("dnd-widget-wrapper type-image", ""), Evidence::Weak, "a widget may be a photo");
        assert_eq!(furniture_evidence("share-bar widget", ""), Evidence::Strong);
        assert!(
            !is_furniture_by_name("screenContent is-showingReadNextSidebar", "prerendered"),
            "phrases match whole tokens"
        );
    }

    #[test]
    fn prompts() {
        assert!(is_prompt_text("You have {{numberArticlesLeft}} free articles"));
        assert!(is_prompt_text("Sponsored Content"));
        assert!(!is_prompt_text(
            "Subscribers to the theory of everything gathered on Tuesday, and then a long sentence follows that makes this paragraph prose rather than a prompt of any kind at all, as prose tends to be when it goes on for more than two hundred characters."
        ));
    }

    #[test]
    fn regression_photo_in_a_widget_wrapper_keeps_its_caption() {
        // bug-1255978: Drupal wraps photos in `dnd-widget-wrapper`; "widget" alone
        // is too weak a sign of furniture to remove a block holding a picture.
        let prose = "<p>The harbour authority said on Tuesday that the new quay would open in spring.</p>".repeat(8);
        let doc = Document::from(format!(
            "<html><body><article>{prose}<div class=\"dnd-widget-wrapper\"><img src=\"/door.jpg\"><div>Forrest Jones advised stuffing the peep hole.</div></div><div class=\"share-widget\"><img src=\"/fb.png\">Share</div></article></body></html>"
        ));
        sweep(&doc);
        let text = doc.select("body").text();
        assert!(text.contains("Forrest Jones advised"), "the photo block stays");
        assert!(!text.contains("Share"), "a share widget still goes, picture or not");
    }
}

//! Page furniture: what surrounds an article on a news site but is not part of
//! it (share bars, newsletter and subscription prompts, cookie and paywall
//! overlays, sponsored blocks, related and most-read lists, comments).
//!
//! The knowledge lives here, in one place, so that the streaming pre-pass and
//! the clean-up of the extracted body agree. Matching is on whole class/id
//! tokens rather than substrings, so `shareholder` or `adjective` never match,
//! and anything that also names itself as the article (`article-body`,
//! `story-content`) is never treated as furniture.

use dom_query::Document;

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
/// `most_read`, `mostRead` all become ` most read `).
const FURNITURE_PHRASES: &[&str] = &[
    " most read ",
    " most popular ",
    " read more ",
    " read next ",
    " app promo ",
    " app banner ",
    " app download ",
    " sign up ",
    " login wall ",
    " more stories ",
    " more from ",
    " you may like ",
    " around the web ",
    " print only ",
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

/// Whether an element's `class` and `id` mark it as furniture.
pub fn is_furniture_by_name(class: &str, id: &str) -> bool {
    if class.is_empty() && id.is_empty() {
        return false;
    }
    let joined = format!("{} {}", class, id).to_ascii_lowercase();
    let mut spaced = String::with_capacity(joined.len() + 2);
    spaced.push(' ');
    for token in joined.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| !t.is_empty()) {
        spaced.push_str(token);
        spaced.push(' ');
    }
    let mut furniture = FURNITURE_PHRASES.iter().any(|p| spaced.contains(p));
    for token in joined.split(|c: char| !c.is_ascii_alphanumeric()) {
        if ARTICLE_TOKENS.contains(&token) {
            return false;
        }
        furniture |= FURNITURE_TOKENS.contains(&token);
    }
    furniture
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

/// Tags never removed for their class name: a misleading class on one of
/// these would take the whole page with it.
const STRUCTURAL: &[&str] = &[
    "html",
    "head",
    "body",
    "main",
    "article",
    "h1",
    "title",
    "meta",
    "link",
    "script",
    "figure",
    "figcaption",
    "img",
    "picture",
];
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
    let total = doc.select("body").text().len().max(1);
    // Only blocks: an inline element named `popup` or `tooltip` is a link
    // inside a sentence, and removing it would cut words out of the prose.
    let candidates = doc.select(
        "div[class], div[id], div[role], div[aria-modal], section, aside, nav, footer, header[class], header[id], ul[class], ul[id], ol[class], ol[id], li[class], li[id], p[class], p[id], form, table[class], table[id]",
    );
    for el in candidates.iter() {
        let Some(name) = el.nodes().first().and_then(|n| n.node_name()) else {
            continue;
        };
        if STRUCTURAL.contains(&name.as_ref()) {
            continue;
        }
        let named = is_furniture_by_name(&el.attr("class").unwrap_or_default(), &el.attr("id").unwrap_or_default());
        let by_role = el.attr("role").is_some_and(|r| is_furniture_role(&r))
            || el.attr("aria-modal").is_some_and(|v| v.trim() == "true");
        // Menus, sidebars and page footers, kept until metadata was read
        // from them (an `<aside>` often holds the author's name).
        let by_tag = matches!(name.as_ref(), "nav" | "aside" | "footer");
        if !named && !by_role && !by_tag {
            continue;
        }
        let len = el.text().len();
        if len * MAX_FURNITURE_SHARE > total || el.select("h1").exists() {
            continue;
        }
        let prose = el.select("p").iter().filter(|p| p.text().trim().len() >= PROSE_PARAGRAPH_CHARS).take(2).count();
        if prose >= 2 {
            continue;
        }
        el.remove();
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
}

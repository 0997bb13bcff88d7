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

use dom_query::{Document, NodeData, NodeRef, local_name};
use foldhash::HashMap;
use quire_readability::{count_bytes, is_ascii_space};

use crate::element_attrs::first_values;

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

/// What one class or id token says about its element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Article,
    Strong,
    Weak,
}

/// What a listed token says on its own, and whether it ends a phrase.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    word: Option<Word>,
    /// The last word of one of [`FURNITURE_PHRASES`]: only then are the
    /// tokens before it compared with the phrases.
    ends_phrase: bool,
}

/// Every listed token and phrase-ending word, lower-cased, with what it
/// says: one lookup per token instead of a comparison with each list entry.
static WORDS: LazyLock<HashMap<&'static [u8], Entry>> = LazyLock::new(|| {
    let mut words: HashMap<&'static [u8], Entry> = HashMap::default();
    for t in FURNITURE_TOKENS {
        words.entry(t.as_bytes()).or_default().word =
            Some(if WEAK_TOKENS.contains(t) { Word::Weak } else { Word::Strong });
    }
    // Article words veto, so they win over a furniture reading of the same token.
    for t in ARTICLE_TOKENS {
        words.entry(t.as_bytes()).or_default().word = Some(Word::Article);
    }
    for phrase in FURNITURE_PHRASES {
        if let Some(last) = phrase.last() {
            words.entry(last.as_bytes()).or_default().ends_phrase = true;
        }
    }
    words
});

/// For each lower-case first byte, the lengths (as bits) of the entries in
/// [`WORDS`] starting with it: most tokens of a utility-class list (`px-4`,
/// `md`, `flex`) are turned away here, without hashing them.
static WORD_SHAPES: LazyLock<[u32; 256]> = LazyLock::new(|| {
    let mut shapes = [0u32; 256];
    for word in WORDS.keys() {
        shapes[usize::from(word[0])] |= 1 << word.len();
    }
    shapes
});

/// Tokens longer than this match no list entry; shorter ones are lower-cased
/// on the stack.
const LONGEST_WORD: usize = 24;

/// The furniture evidence in an element's `class` and `id`. Runs for every
/// block of every page, so tokens are split and lower-cased as bytes on the
/// stack, and looked up only when a listed word has their first letter and
/// length. Tokens are runs of ASCII letters and digits: every byte of any
/// other character parts them, as the character would.
pub fn furniture_evidence(class: &str, id: &str) -> Evidence {
    let mut evidence = Evidence::None;
    // The last three tokens, for phrases spelled over several (`most-read`).
    let mut recent: [&[u8]; 3] = [b"", b"", b""];
    let mut lower = [0u8; LONGEST_WORD];
    let shapes = &*WORD_SHAPES;
    for token in class
        .as_bytes()
        .split(|b| !b.is_ascii_alphanumeric())
        .chain(id.as_bytes().split(|b| !b.is_ascii_alphanumeric()))
    {
        if token.is_empty() {
            continue;
        }
        recent = [recent[1], recent[2], token];
        // No listed word or phrase ending is this long.
        if token.len() > LONGEST_WORD || shapes[usize::from(token[0].to_ascii_lowercase())] & (1 << token.len()) == 0 {
            continue;
        }
        for (l, b) in lower.iter_mut().zip(token) {
            *l = b.to_ascii_lowercase();
        }
        let Some(entry) = WORDS.get(&lower[..token.len()]) else { continue };
        // Phrases are compared only at their last word, not at every token.
        if entry.ends_phrase
            && FURNITURE_PHRASES
                .iter()
                .any(|p| p.iter().rev().zip(recent.iter().rev()).all(|(w, r)| r.eq_ignore_ascii_case(w.as_bytes())))
        {
            evidence = Evidence::Strong;
        }
        match entry.word {
            Some(Word::Article) => return Evidence::None,
            Some(Word::Strong) => evidence = Evidence::Strong,
            Some(Word::Weak) => evidence = evidence.max(Evidence::Weak),
            None => {}
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
///
/// One walk over the tree gathers, for every element, what lies below it
/// (text, a headline, media, prose paragraphs); the decisions then read
/// those figures instead of searching each candidate's subtree again.
pub fn sweep(doc: &Document) {
    let mut nodes = walk(doc);
    mark_credits(&mut nodes);
    // Figures below each node as parsed: what `aria-hidden` is judged by.
    for i in (0..nodes.len()).rev() {
        let (below, kind) = (nodes[i].raw, nodes[i].kind);
        if let Some(parent) = nodes[i].parent {
            nodes[parent].raw = below.after(kind, nodes[parent].raw);
        }
    }
    let total = nodes.iter().find(|n| n.kind == Kind::Body).map_or(0, |n| n.raw.text.total).max(1);
    // `aria-hidden` hides decorations from screen readers, and is also put on
    // the whole page behind an open modal: a hidden block holding the
    // article is shown again (the scorer would skip it), small ones go.
    // Figures below each node once those are gone: what blocks are judged by.
    let mut removed = Vec::new();
    for i in (0..nodes.len()).rev() {
        let node = &nodes[i];
        let mut gone = false;
        if node.aria_hidden {
            match node.kind {
                Kind::Html | Kind::Body => node.node.remove_attr("aria-hidden"),
                Kind::Media | Kind::Figure => {}
                _ if node.raw.h1 || node.raw.text.total * MAX_FURNITURE_SHARE > total => {
                    node.node.remove_attr("aria-hidden")
                }
                _ => gone = true,
            }
        }
        if gone {
            removed.push(node.node);
            continue;
        }
        let (below, kind) = (node.kept, node.kind);
        if let Some(parent) = node.parent {
            nodes[parent].kept = below.after(kind, nodes[parent].kept);
        }
    }
    // Only blocks: an inline element named `popup` or `tooltip` is a link
    // inside a sentence, and removing it would cut words out of the prose.
    for node in nodes.iter().filter(|n| matches!(n.kind, Kind::Block | Kind::Paragraph)) {
        let (evidence, by_role, by_tag) = (node.evidence, node.by_role, node.menu);
        if evidence == Evidence::None && !by_role && !by_tag {
            continue;
        }
        let below = node.kept;
        if evidence == Evidence::Weak && !by_role && !by_tag && below.media {
            continue;
        }
        if below.text.total * MAX_FURNITURE_SHARE > total || below.h1 {
            continue;
        }
        if below.prose >= 2 {
            continue;
        }
        removed.push(node.node);
    }
    for node in removed {
        node.remove_from_parent();
    }
}

/// What an element is, as far as the sweep cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Html,
    Body,
    H1,
    /// `img`, `picture`, `video`.
    Media,
    Figure,
    Figcaption,
    Paragraph,
    /// `div`, `section`, `aside`, `nav`, `footer`, `header`, `ul`, `ol`, `li`, `form`, `table`.
    Block,
    Other,
    Text,
}

/// Text bytes under a node, with the whitespace at either end, so that
/// trimmed lengths can be summed child by child.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct TextRun {
    total: usize,
    lead: usize,
    trail: usize,
    /// Holds something other than whitespace.
    seen: bool,
}

impl TextRun {
    fn of(s: &str) -> Self {
        // ASCII whitespace (what `char::is_whitespace` holds of ASCII) is
        // measured on the bytes; where it meets a non-ASCII character,
        // which may be whitespace too (U+00A0), the Unicode rule decides.
        let bytes = s.as_bytes();
        let is_space = |b: &u8| is_ascii_space(*b);
        // Most text nodes start and end with a word; the rest are mostly
        // indentation, whitespace throughout, told by a vectorised count.
        match (bytes.first(), bytes.last()) {
            (Some(first), Some(last)) if first.is_ascii() && last.is_ascii() && !is_space(first) && !is_space(last) => {
                return TextRun { total: s.len(), lead: 0, trail: 0, seen: true };
            }
            _ if count_bytes(bytes, is_ascii_space) == bytes.len() => {
                return TextRun { total: s.len(), lead: s.len(), trail: s.len(), seen: false };
            }
            _ => {}
        }
        // Not all whitespace, so both ends stop at a byte that is not.
        let lead = bytes.iter().take_while(|b| is_space(b)).count();
        let trail = bytes.iter().rev().take_while(|b| is_space(b)).count();
        if bytes[lead].is_ascii() && bytes[bytes.len() - 1 - trail].is_ascii() {
            return TextRun { total: s.len(), lead, trail, seen: true };
        }
        Self::of_unicode(s)
    }

    fn of_unicode(s: &str) -> Self {
        let start = s.trim_start();
        if start.is_empty() {
            return TextRun { total: s.len(), lead: s.len(), trail: s.len(), seen: false };
        }
        TextRun { total: s.len(), lead: s.len() - start.len(), trail: s.len() - s.trim_end().len(), seen: true }
    }

    /// This run followed by `next`.
    fn then(self, next: TextRun) -> TextRun {
        let total = self.total + next.total;
        match (self.seen, next.seen) {
            (false, false) => TextRun { total, lead: total, trail: total, seen: false },
            (false, true) => TextRun { total, lead: self.total + next.lead, trail: next.trail, seen: true },
            (true, false) => TextRun { total, lead: self.lead, trail: self.trail + next.total, seen: true },
            (true, true) => TextRun { total, lead: self.lead, trail: next.trail, seen: true },
        }
    }

    /// `text().trim().len()`.
    fn trimmed(&self) -> usize {
        if self.seen { self.total - self.lead - self.trail } else { 0 }
    }
}

/// What lies below a node (the node itself not included).
#[derive(Debug, Clone, Copy, Default)]
struct Below {
    text: TextRun,
    h1: bool,
    media: bool,
    /// Prose paragraphs, counted up to two.
    prose: u8,
}

impl Below {
    /// Figures for a parent whose later children gave `rest`, once this
    /// child (of `kind`, with `self` below it) is put in front of them.
    fn after(self, kind: Kind, rest: Below) -> Below {
        let prose_here = u8::from(kind == Kind::Paragraph && self.text.trimmed() >= PROSE_PARAGRAPH_CHARS);
        Below {
            text: self.text.then(rest.text),
            h1: rest.h1 || self.h1 || kind == Kind::H1,
            media: rest.media || self.media || kind == Kind::Media,
            prose: (rest.prose + self.prose + prose_here).min(2),
        }
    }
}

/// One node of the page, in document order.
struct Swept<'a> {
    node: NodeRef<'a>,
    parent: Option<usize>,
    kind: Kind,
    /// `nav`, `aside` or `footer`: menus, sidebars and page footers, kept
    /// until metadata was read from them (an `<aside>` often holds the
    /// author's name).
    menu: bool,
    /// What a block's `class` and `id` say.
    evidence: Evidence,
    /// A block whose ARIA role or `aria-modal` marks it as furniture.
    by_role: bool,
    aria_hidden: bool,
    /// Has a `class` and sits inside a `<figcaption>`.
    caption_part: bool,
    in_caption: bool,
    /// What lies below, as parsed.
    raw: Below,
    /// What lies below once hidden decorations are gone.
    kept: Below,
}

/// Every node of `doc` in document order, with its parent's index.
fn walk(doc: &Document) -> Vec<Swept<'_>> {
    // Sized for every node up front: growing a vector of these by doubling
    // copied more than the walk itself wrote.
    let mut nodes: Vec<Swept<'_>> = Vec::with_capacity(doc.tree.len());
    let mut stack = vec![(doc.root(), None)];
    while let Some((node, parent)) = stack.pop() {
        let in_caption = parent.is_some_and(|p: usize| nodes[p].in_caption || nodes[p].kind == Kind::Figcaption);
        let mut swept = Swept {
            node,
            parent,
            kind: Kind::Other,
            menu: false,
            evidence: Evidence::None,
            by_role: false,
            aria_hidden: false,
            caption_part: false,
            in_caption,
            raw: Below::default(),
            kept: Below::default(),
        };
        node.query(|t| match &t.data {
            NodeData::Text { contents } => {
                swept.kind = Kind::Text;
                swept.raw.text = TextRun::of(contents);
                swept.kept.text = swept.raw.text;
            }
            NodeData::Element(el) => {
                // Names compared as atoms (integers), attributes read in one pass.
                swept.kind = match el.name.local {
                    local_name!("html") => Kind::Html,
                    local_name!("body") => Kind::Body,
                    local_name!("h1") => Kind::H1,
                    local_name!("img") | local_name!("picture") | local_name!("video") => Kind::Media,
                    local_name!("figure") => Kind::Figure,
                    local_name!("figcaption") => Kind::Figcaption,
                    local_name!("p") => Kind::Paragraph,
                    local_name!("div")
                    | local_name!("section")
                    | local_name!("aside")
                    | local_name!("nav")
                    | local_name!("footer")
                    | local_name!("header")
                    | local_name!("ul")
                    | local_name!("ol")
                    | local_name!("li")
                    | local_name!("form")
                    | local_name!("table") => Kind::Block,
                    _ => Kind::Other,
                };
                swept.menu = matches!(el.name.local, local_name!("nav") | local_name!("aside") | local_name!("footer"));
                let [aria_hidden, class, id, role, aria_modal] = first_values(
                    &el.attrs,
                    &[
                        local_name!("aria-hidden"),
                        local_name!("class"),
                        local_name!("id"),
                        local_name!("role"),
                        local_name!("aria-modal"),
                    ],
                );
                swept.aria_hidden = aria_hidden == Some("true");
                swept.caption_part = in_caption && class.is_some();
                if matches!(swept.kind, Kind::Block | Kind::Paragraph) {
                    swept.evidence = furniture_evidence(class.unwrap_or(""), id.unwrap_or(""));
                    swept.by_role =
                        role.is_some_and(is_furniture_role) || aria_modal.is_some_and(|v| v.trim() == "true");
                }
            }
            _ => {}
        });
        // The first `<body>` is the page's; any other is an ordinary element.
        if swept.kind == Kind::Body && nodes.iter().any(|n| n.kind == Kind::Body) {
            swept.kind = Kind::Other;
        }
        let index = nodes.len();
        nodes.push(swept);
        stack.extend(node.children_it(true).map(|c| (c, Some(index))));
    }
    nodes
}

/// The extractor drops class names; a photo credit's is kept, renamed, so
/// that caption and credit can be told apart afterwards.
fn mark_credits(nodes: &mut [Swept<'_>]) {
    for node in nodes.iter_mut().filter(|n| n.caption_part) {
        let class = node.node.attr("class").unwrap_or_default().to_ascii_lowercase();
        if ["credit", "copyright", "photographer", "source", "byline", "author"].iter().any(|c| class.contains(c)) {
            node.node.set_attr("class", crate::body::CREDIT_CLASS);
            if matches!(node.kind, Kind::Block | Kind::Paragraph) {
                node.evidence =
                    furniture_evidence(crate::body::CREDIT_CLASS, &node.node.attr("id").unwrap_or_default());
            }
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
    // Over 200 bytes may still be 200 characters or fewer: counted only then.
    if text.len() > 200 && text.chars().count() > 200 {
        return false;
    }
    // Asked of every paragraph of every article, so only the opening is
    // lower-cased: the openings are ASCII, and each character lower-cases on
    // its own (only a final sigma looks at what follows, and it becomes no
    // ASCII letter), so the first characters decide, compared in place when
    // they are ASCII. A test holds this to lower-casing the whole text.
    let head = &text.as_bytes()[..text.len().min(LONGEST_OPENING)];
    if head.is_ascii() {
        return PROMPT_OPENINGS
            .iter()
            .any(|p| head.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes())));
    }
    let head: String = text.chars().take(LONGEST_OPENING).flat_map(char::to_lowercase).collect();
    PROMPT_OPENINGS.iter().any(|p| head.starts_with(p))
}

/// Characters in the longest of [`PROMPT_OPENINGS`] (all ASCII).
const LONGEST_OPENING: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < PROMPT_OPENINGS.len() {
        assert!(PROMPT_OPENINGS[i].is_ascii());
        if PROMPT_OPENINGS[i].len() > longest {
            longest = PROMPT_OPENINGS[i].len();
        }
        i += 1;
    }
    longest
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The prompt test as first written: the whole text lower-cased.
    fn is_prompt_text_whole(text: &str) -> bool {
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

    #[test]
    fn prompt_openings_read_as_the_whole_text_lowercased() {
        let long = "x".repeat(199);
        let cases = [
            "Subscribe now".to_string(),
            "SUBSCRIBE".to_string(),
            "  Sign Up For our newsletter".to_string(),
            // KELVIN SIGN lower-cases to an ASCII k; DOTTED CAPITAL I to two characters.
            "Already a \u{212A}ubscriber".to_string(),
            "\u{130}Subscribe".to_string(),
            "Sponsored \u{3A3}ontent".to_string(),
            format!("Subscribe {long}"),
            format!("Subscribe{}", "\u{e9}".repeat(195)),
            format!("Subscribe{}", "\u{e9}".repeat(191)),
            "{{ unfilled }} template".to_string(),
            "An ordinary paragraph.".to_string(),
            String::new(),
        ];
        for text in &cases {
            assert_eq!(is_prompt_text(text), is_prompt_text_whole(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn prompt_test_matches_whole_lowercasing(
            opening in proptest::sample::select(PROMPT_OPENINGS),
            upper in proptest::collection::vec(proptest::bool::ANY, 40),
            tail in "[a-z \u{212A}\u{130}\u{3A3}\u{e9}{}]{0,210}",
        ) {
            let opening: String = opening.chars().zip(&upper).map(|(c, &u)| if u { c.to_ascii_uppercase() } else { c }).collect();
            for text in [format!("{opening}{tail}"), format!("{tail}{opening}"), tail.clone()] {
                proptest::prop_assert_eq!(is_prompt_text(&text), is_prompt_text_whole(&text), "{:?}", text);
            }
        }
    }

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

    /// The phrase test as it ran before phrase endings were looked up:
    /// every phrase compared with the last tokens at every token.
    fn evidence_comparing_every_phrase(class: &str, id: &str) -> Evidence {
        let mut evidence = Evidence::None;
        let mut recent: [&str; 3] = ["", "", ""];
        let tokens =
            class.split(|c: char| !c.is_ascii_alphanumeric()).chain(id.split(|c: char| !c.is_ascii_alphanumeric()));
        for token in tokens.filter(|t| !t.is_empty()) {
            recent = [recent[1], recent[2], token];
            if FURNITURE_PHRASES
                .iter()
                .any(|p| p.iter().rev().zip(recent.iter().rev()).all(|(w, r)| r.eq_ignore_ascii_case(w)))
            {
                evidence = Evidence::Strong;
            }
            match WORDS.get(token.to_ascii_lowercase().as_bytes()).and_then(|e| e.word) {
                Some(Word::Article) => return Evidence::None,
                Some(Word::Strong) => evidence = Evidence::Strong,
                Some(Word::Weak) => evidence = evidence.max(Evidence::Weak),
                None => {}
            }
        }
        evidence
    }

    #[test]
    fn phrase_endings_find_what_comparing_every_phrase_found() {
        let mut values: Vec<(String, String)> = [
            ("most-read", ""),
            ("Most_Popular x", ""),
            ("you-may-like", "around-the-web"),
            ("app", "banner"),
            ("read-more article", ""),
            ("sign-up-form", "print-only"),
            ("caf\u{e9}-most\u{a0}read", "\u{e9}share"),
            ("NEWSLETTER-signup", "COMMENTS"),
            ("a-very-long-token-that-is-longer-than-any-listed-word share", ""),
        ]
        .iter()
        .map(|(c, i)| (c.to_string(), i.to_string()))
        .collect();
        let pages = crate::fixture_pages();
        // Without the shared fixtures (as elsewhere, tests then skip them) only the cases above run.
        let have_pages = !pages.is_empty();
        for (_, html) in pages {
            let doc = Document::from(html.as_str());
            values.extend(doc.select("[class], [id]").iter().map(|el| {
                (el.attr("class").unwrap_or_default().to_string(), el.attr("id").unwrap_or_default().to_string())
            }));
        }
        let mut furniture = 0;
        for (class, id) in &values {
            let evidence = furniture_evidence(class, id);
            assert_eq!(evidence, evidence_comparing_every_phrase(class, id), "{class:?} {id:?}");
            furniture += usize::from(evidence != Evidence::None);
        }
        assert!(!have_pages || furniture > 100, "the pages exercise the lists ({furniture})");
    }

    #[test]
    fn text_runs_measure_whitespace_as_trim_does() {
        for s in
            ["", " ", " \t\n", "a", " a ", "\u{b}a\u{c}", "\u{a0}a\u{a0}", " \u{a0} ", "é", " é\u{3000}", "a \u{2003} "]
        {
            assert_eq!(TextRun::of(s), TextRun::of_unicode(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn text_runs_measure_any_text_as_trim_does(s in "[ \t\n\r\u{b}\u{c}a\u{a0}\u{3000}é.]{0,12}") {
            proptest::prop_assert_eq!(TextRun::of(&s), TextRun::of_unicode(&s));
        }
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

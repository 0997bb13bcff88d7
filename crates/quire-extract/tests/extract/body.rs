//! The seed page: everything the reader saw of the article, none of the furniture.

use crate::extract_at;

const SEED: &str = include_str!("../fixtures/seed-nikkei.html");
const URL: &str = "https://asia.nikkei.com/Politics/International-relations/China-ropes-in-Russia";

/// First words of the fifteen article paragraphs, in reading order (the seed's text).
const PARAGRAPH_OPENINGS: [&str; 15] = [
    "SHANGHAI -- China and Russia on Tuesday accused the U.S.",
    "In a news conference after a bilateral meeting in Guangxi",
    "\"We noted the destructive nature of the U.S.'s intentions",
    "Lavrov was invited to China by his counterpart, Wang Yi",
    "In a joint statement, Beijing and Moscow defended",
    "\"All countries should firmly uphold the international system",
    "The two ministers called for a special summit",
    "The statement came after the U.S., European Union",
    "Beijing retaliated by sanctioning some 10 individuals",
    "Wang told reporters that no one can interfere",
    "\"We reject zero-sum geopolitical games",
    "Analysts do not expect disruptions in commercial ties",
    "\"The biggest risk for multinational companies",
    "Ian Storey, senior fellow at the ISEAS-Yusof Ishak Institute",
    "\"The meeting between Wang Yi and Sergey Lavrov so soon after the Alaska talks",
];

#[test]
fn seed_page_keeps_the_article_whole_and_in_order() {
    let e = extract_at(SEED.as_bytes(), URL);
    let a = &e.article;
    assert!(a.is_article, "the seed is an article: {:?}", e.warnings);
    assert_eq!(a.title, "China ropes in Russia to push back against Western sanctions");
    assert_eq!(a.section.as_deref(), Some("International relations"), "the kicker above the headline is the section");
    assert_eq!(
        a.standfirst.as_deref(),
        Some("Beijing and Moscow accuse Washington of creating Cold War-like alliance")
    );
    let mut from = 0;
    for opening in PARAGRAPH_OPENINGS {
        let at = a.text[from..]
            .find(opening)
            .unwrap_or_else(|| panic!("paragraph missing or out of order: {opening}\n--- text ---\n{}", a.text));
        from += at + opening.len();
    }
    assert!(
        a.text.trim_end().ends_with("many of which will be aimed at countering U.S. pressure.\""),
        "the last paragraph ends the text"
    );
    assert!(
        a.text.starts_with("Russian Foreign Minister Sergey Lavrov, left,") || a.text.starts_with("SHANGHAI"),
        "nothing but the caption precedes the dateline"
    );
}

#[test]
fn seed_page_photo_has_caption_and_credit() {
    let a = extract_at(SEED.as_bytes(), URL).article;
    let photo = a.images.first().expect("the lead photo is kept");
    assert!(
        photo.url.starts_with("https://www.ft.com/") && photo.url.contains("lavrov-wang.jpg"),
        "lazy image resolved: {}",
        photo.url
    );
    assert_eq!(
        photo.caption.as_deref(),
        Some(
            "Russian Foreign Minister Sergey Lavrov, left, meets Chinese Foreign Minister Wang Yi in Guilin in southern China's Guangxi Zhuang Autonomous Region on Monday."
        )
    );
    assert_eq!(photo.credit.as_deref(), Some("© AP"));
    assert!(a.content_html.contains("<figcaption>"), "the figure survives sanitising with its caption");
    assert!(!a.content_html.contains("data:image/gif"), "the placeholder is not what is kept");
}

#[test]
fn seed_page_drops_all_furniture() {
    let a = extract_at(SEED.as_bytes(), URL).article;
    for haystack in [&a.text, &a.content_html] {
        for furniture in [
            "Sketch",
            "Artboard",
            "Chevron",
            "Icon ",
            "{{",
            "Sponsored",
            "subscribe",
            "Subscribe",
            "free article",
            "Try 1 month",
            "Your trial period",
            "See all offers",
            "Download our app",
            "Related articles",
            "Advertisement",
            "Share this article",
            "Celebrate our next chapter",
        ] {
            assert!(!haystack.contains(furniture), "furniture {furniture:?} leaked into the article");
        }
    }
    assert!(!a.content_html.contains("pixel.gif"), "tracking pixels are dropped");
    assert!(
        a.bylines.iter().all(|b| !b.chars().any(|c| c.is_ascii_digit())),
        "a date is not a byline: {:?}",
        a.bylines
    );
}

#[test]
fn seed_page_metadata() {
    let a = extract_at(SEED.as_bytes(), URL).article;
    assert_eq!(a.site_name.as_deref(), Some("Nikkei Asia"));
    assert_eq!(
        a.published.as_deref(),
        Some("2021-03-23T11:41:00+09:00"),
        "the <time pubdate> is normalised to RFC 3339"
    );
    assert_eq!(a.lang.as_deref(), Some("en"));
    assert!(a.canonical_url.as_deref().is_some_and(|u| u.starts_with("https://asia.nikkei.com/Politics/")));
    assert!(a.word_count > 500 && a.reading_minutes >= 2);
}

/// Prose long enough for the scorer to take it as an article.
fn prose(n: usize) -> String {
    (0..n)
        .map(|i| format!("<p>Paragraph {i}: the harbour authority said on Tuesday that the new quay would open in spring, after two years of delays caused by storms, supply shortages and a dispute over the cost of dredging the channel.</p>"))
        .collect()
}

#[test]
fn regression_links_named_popup_stay_in_the_prose() {
    // clean-links: hypertext notes were `<a class="popup">` inside sentences,
    // and removing them as furniture cut words out of the story.
    let html = format!(
        "<html><body><article><p>I am a <a class=\"popup\" href=\"/n1\">rather elderly</a> man, said the narrator.</p>{}</article></body></html>",
        prose(5)
    );
    let a = extract_at(html.as_bytes(), "https://example.com/bartleby").article;
    assert!(a.text.contains("I am a rather elderly man"), "inline links are prose, whatever their class: {}", a.text);
}

#[test]
fn regression_article_wrapper_named_like_furniture_is_kept() {
    // blogger, cnet, yahoo-2: the whole article sat inside `widget blog`,
    // `page-…-offers-…` or `render-target-modal` wrappers.
    for class in
        ["widget blog", "page-zuckerberg-offers-peek", "render-target-modal", "screenContent is-showingReadNextSidebar"]
    {
        let html = format!(
            "<html><body><div class=\"{class}\"><h2>Quay opens</h2>{}</div><div class=\"share\">Share</div></body></html>",
            prose(6)
        );
        let e = extract_at(html.as_bytes(), "https://example.com/quay");
        assert!(e.article.text.contains("Paragraph 5:"), "wrapper {class:?} must not take the article with it");
        assert!(!e.article.text.contains("Share"), "the real share bar still goes");
    }
}

#[test]
fn regression_author_in_aside_is_read_before_asides_go() {
    // 001: the byline lived in an `<aside>`, which used to be dropped while streaming.
    let html = format!(
        "<html><body><article><h1>Coverage</h1>{}</article><aside><p><span itemprop=\"author\" itemscope><span itemprop=\"name\">Nicolas Perriault</span></span></p></aside></body></html>",
        prose(5)
    );
    let a = extract_at(html.as_bytes(), "https://example.com/coverage").article;
    assert_eq!(a.bylines, ["Nicolas Perriault"]);
}

#[test]
fn byline_box_with_a_date_keeps_only_the_name() {
    let html = format!(
        "<html><body><article><h1>Quay opens</h1><cite class=\"byline\">By GILLIAN MOHNEY March 11, 2015 3:46 PM</cite>{}</article></body></html>",
        prose(5)
    );
    let a = extract_at(html.as_bytes(), "https://example.com/quay").article;
    assert_eq!(a.bylines, ["GILLIAN MOHNEY"]);
}

#[test]
fn credit_marked_by_class_is_split_from_the_caption() {
    let html = format!(
        "<html><body><article><h1>Quay opens</h1><figure><img src=\"/quay.jpg\" width=\"800\" height=\"500\"><figcaption>The new quay at dawn. <span class=\"image-credit\">Jane Doe/Reuters</span></figcaption></figure>{}</article></body></html>",
        prose(5)
    );
    let a = extract_at(html.as_bytes(), "https://example.com/news/quay").article;
    let photo = a.images.first().expect("the photo is kept");
    assert_eq!(photo.url, "https://example.com/quay.jpg", "made absolute");
    assert_eq!(photo.caption.as_deref(), Some("The new quay at dawn."));
    assert_eq!(photo.credit.as_deref(), Some("Jane Doe/Reuters"));
}

#[test]
fn page_clipped_with_a_modal_open_keeps_its_article() {
    // Modal scripts mark everything behind the dialog `aria-hidden`; the
    // clipped snapshot keeps that state, but the article is still the article.
    let seed = SEED.replace("<main id=\"main\">", "<main id=\"main\" aria-hidden=\"true\">");
    let a = extract_at(seed.as_bytes(), URL).article;
    assert!(a.is_article);
    assert!(a.text.contains(PARAGRAPH_OPENINGS[14]), "the article behind the modal is kept");
    assert!(!a.text.contains("{{"), "the modal itself still goes");
}

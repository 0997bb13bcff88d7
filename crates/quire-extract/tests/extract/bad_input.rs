//! Hostile and broken input: never a panic, never unbounded time, and a page
//! that holds no article says so.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use quire_extract::{PageContext, extract};

use crate::extract_at;

fn codes(e: &quire_extract::Extraction) -> Vec<&'static str> {
    e.warnings.iter().map(|w| w.code()).collect()
}

#[test]
fn empty_and_binary() {
    let e = extract(b"", &PageContext::default());
    assert!(!e.article.is_article);
    assert_eq!(codes(&e), ["empty"]);
    let e = extract(b"   \n\t ", &PageContext::default());
    assert_eq!(codes(&e), ["empty"]);
    for bytes in [&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], b"%PDF-1.7\n", b"\0\x01\x02\x03binary\0stuff"] {
        let e = extract(bytes, &PageContext::default());
        assert!(!e.article.is_article);
        assert_eq!(codes(&e), ["not_html"]);
    }
}

/// The time a large-input test may take: the goal (2 s) in optimised builds,
/// a generous bound in debug builds, which run about ten times slower.
const BUDGET: Duration = if cfg!(debug_assertions) { Duration::from_secs(30) } else { Duration::from_secs(2) };

/// CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant Linux knows.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[test]
fn twenty_megabyte_page_in_bounded_time() {
    let paragraph = "<div class=\"c\"><p>Paragraph of the long page saying something about the matter at hand, with enough words to be prose, and a <a href=\"/l\">link</a>.</p><script>var x = 1;</script><ul class=\"share\"><li>Share</li></ul></div>\n";
    let mut html = String::from("<html><head><title>Long</title></head><body><article>");
    while html.len() < 20 * 1024 * 1024 {
        html.push_str(paragraph);
    }
    html.push_str("</article></body></html>");
    // CPU time, not wall time: on a shared build machine the wall clock
    // counts other processes' work, while a hang still burns CPU here.
    let started = thread_cpu();
    let e = extract(html.as_bytes(), &PageContext::default());
    let spent = thread_cpu() - started;
    assert!(spent < BUDGET, "20 MB took {spent:?} of CPU time");
    assert!(e.article.word_count > 1000, "a long page still yields text");
}

#[test]
fn hundred_thousand_nested_elements() {
    let depth = 100_000;
    let mut html = String::with_capacity(depth * 12);
    html.push_str("<html><body>");
    for i in 0..depth {
        html.push_str(if i % 2 == 0 { "<div>" } else { "<span>" });
    }
    html.push_str("deep text");
    for i in (0..depth).rev() {
        html.push_str(if i % 2 == 0 { "</div>" } else { "</span>" });
    }
    html.push_str("</body></html>");
    let started = Instant::now();
    let e = extract(html.as_bytes(), &PageContext::default());
    assert!(started.elapsed() < BUDGET, "deep nesting took {:?}", started.elapsed());
    assert!(codes(&e).contains(&"truncated"), "flattening is reported: {:?}", codes(&e));
    assert!(!e.article.is_article);
}

#[test]
fn unclosed_tags() {
    let prose = "The river rose overnight and the town council opened the school gym as a shelter for families from the lower streets. ";
    let html = format!(
        "<html><body><div><article><p>{}<p>{}<b><i>{}<div><table><tr><td>{}",
        prose.repeat(3),
        prose.repeat(3),
        prose.repeat(2),
        prose
    );
    let e = extract_at(html.as_bytes(), "https://example.com/x");
    assert!(e.article.text.contains("school gym"), "text inside unclosed tags is kept");
}

#[test]
fn search_results_are_not_an_article() {
    let mut html = String::from(
        "<html><head><title>Search: budget</title></head><body><h1>Results for budget</h1><ol class=\"results\">",
    );
    for i in 0..30 {
        html.push_str(&format!("<li><a href=\"/r/{i}\">Budget vote result number {i} from the council archive</a> <cite>example.com/r/{i}</cite></li>"));
    }
    html.push_str("</ol></body></html>");
    let e = extract_at(html.as_bytes(), "https://example.com/search?q=budget");
    assert!(!e.article.is_article, "a list of links is not an article: {:?}", e.article.text);
    assert!(codes(&e).contains(&"no_article"));
}

#[test]
fn login_wall_is_not_an_article() {
    let html = "<html><head><title>Sign in</title></head><body><form action=/login><h1>Sign in to continue reading</h1><label>Email <input name=e></label><label>Password <input type=password name=p></label><button>Sign in</button></form><p>Forgot your password?</p></body></html>";
    let e = extract_at(html.as_bytes(), "https://example.com/login");
    assert!(!e.article.is_article);
    let warning = e.warnings.iter().find(|w| w.code() == "no_article").expect("a no_article warning");
    assert!(!warning.to_string().is_empty(), "the warning explains itself");
}

fn mutated_html() -> impl Strategy<Value = Vec<u8>> {
    let tag = prop_oneof![
        Just("div"),
        Just("p"),
        Just("a"),
        Just("table"),
        Just("td"),
        Just("svg"),
        Just("script"),
        Just("noscript"),
        Just("figure"),
        Just("img"),
        Just("template"),
        Just("select"),
        Just("math")
    ];
    let piece = prop_oneof![
        tag.clone().prop_map(|t| format!("<{t} class=\"share content\" data-src=\"/x.jpg\" srcset=\"a 1x, b 2x\">")),
        tag.prop_map(|t| format!("</{t}>")),
        "[a-zA-Z ,.{}]{0,40}".prop_map(|s| s),
        Just("<meta charset=\"shift_jis\">".to_string()),
        Just("<script type=\"application/ld+json\">{\"@type\":\"Article\",\"headline\":[1,{}]}</script>".to_string()),
        Just("<!--".to_string()),
        Just("<p>".to_string()),
        Just("&amp;&#0;&#xD800;".to_string()),
    ];
    (prop::collection::vec(piece, 0..60), prop::collection::vec(any::<u8>(), 0..16)).prop_map(|(pieces, noise)| {
        let mut bytes = pieces.concat().into_bytes();
        let at = bytes.len() / 2;
        bytes.splice(at..at, noise);
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn generated_html_never_panics(html in mutated_html()) {
        let url = url::Url::parse("https://example.com/a").expect("valid");
        let e = extract(&html, &PageContext { url: Some(&url), content_type: Some("text/html; charset=utf-8") });
        prop_assert!(e.article.is_article || !e.warnings.is_empty(), "a non-article always says why");
    }
}

#[test]
fn binary_content_type_is_refused() {
    let e =
        extract(b"<html><body><p>hello</p></body></html>", &PageContext { url: None, content_type: Some("image/png") });
    assert_eq!(codes(&e), ["not_html"], "a served type that cannot be HTML is believed");
}

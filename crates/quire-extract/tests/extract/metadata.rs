//! Metadata precedence and normalisation.

use crate::extract_at;

fn page(head: &str, body: &str) -> Vec<u8> {
    let prose = "<p>The council met on Tuesday to discuss the budget, which has been debated for months by members of every party in the chamber.</p>".repeat(6);
    format!("<!doctype html><html lang=\"fr\" dir=\"ltr\"><head>{head}</head><body>{body}<article>{prose}</article></body></html>").into_bytes()
}

#[test]
fn json_ld_outranks_opengraph_and_title() {
    let head = r#"<title>Budget vote delayed | The Daily Example</title>
        <meta property="og:title" content="OG headline">
        <meta property="og:site_name" content="The Daily Example">
        <meta property="article:published_time" content="2020-01-01T00:00:00Z">
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
          {"@type":"NewsArticle","headline":"Budget vote delayed","datePublished":"2021-05-04T10:00:00+0200","dateModified":"2021-05-05T08:00:00Z",
           "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}],"articleSection":"Politics",
           "publisher":{"@type":"Organization","name":"The Daily Example"},"image":{"@type":"ImageObject","url":"/img/lead.jpg"}}]}</script>"#;
    let a = extract_at(&page(head, ""), "https://example.com/politics/budget").article;
    assert_eq!(a.title, "Budget vote delayed");
    assert_eq!(a.bylines, ["Jane Doe", "John Roe"]);
    assert_eq!(a.published.as_deref(), Some("2021-05-04T10:00:00+02:00"), "JSON-LD date, normalised");
    assert_eq!(a.modified.as_deref(), Some("2021-05-05T08:00:00Z"));
    assert_eq!(a.section.as_deref(), Some("Politics"));
    assert_eq!(a.site_name.as_deref(), Some("The Daily Example"));
    assert_eq!(a.lead_image.as_deref(), Some("https://example.com/img/lead.jpg"), "made absolute");
    assert_eq!((a.lang.as_deref(), a.dir.as_deref()), (Some("fr"), Some("ltr")));
}

#[test]
fn title_loses_the_site_suffix() {
    let head = r#"<title>Budget vote delayed - The Daily Example</title><meta property="og:site_name" content="The Daily Example">"#;
    let a = extract_at(&page(head, ""), "https://example.com/a").article;
    assert_eq!(a.title, "Budget vote delayed");
}

#[test]
fn meta_tags_bylines_and_canonical() {
    let head = r#"<title>x</title><meta name="author" content="By Jane Doe and John Roe">
        <meta property="og:description" content="The vote is delayed again.">
        <meta property="article:section" content="Local">
        <link rel="canonical" href="/politics/budget-vote">"#;
    let a = extract_at(&page(head, ""), "https://example.com/p?utm=1").article;
    assert_eq!(a.bylines, ["Jane Doe", "John Roe"], "\"By A and B\" becomes two names");
    assert_eq!(a.excerpt.as_deref(), Some("The vote is delayed again."));
    assert_eq!(
        a.standfirst.as_deref(),
        Some("The vote is delayed again."),
        "og:description stands in for a missing subtitle"
    );
    assert_eq!(a.section.as_deref(), Some("Local"));
    assert_eq!(a.canonical_url.as_deref(), Some("https://example.com/politics/budget-vote"));
}

#[test]
fn microdata_and_time() {
    let body = r#"<header><h1 itemprop="headline">Council delays the vote</h1><span itemprop="author" itemscope><span itemprop="name">Ana Lima</span></span>
        <time datetime="2022-02-03T04:05:06-0300" pubdate>3 Feb</time></header>"#;
    let a = extract_at(&page("", body), "https://example.com/a").article;
    assert_eq!(a.title, "Council delays the vote");
    assert_eq!(a.bylines, ["Ana Lima"]);
    assert_eq!(a.published.as_deref(), Some("2022-02-03T04:05:06-03:00"));
}

#[test]
fn html_copied_from_a_page_without_a_title_element_takes_its_first_heading() {
    let para = "<p>Vellum is skin, not paper, and it moves with the weather, so a binder keeps it flat under boards \
                and weights while it settles into the shape of the book it will cover for centuries.</p>";
    let html = format!("<h1>  The care\n of vellum </h1>{}", para.repeat(4));
    let out = crate::extract_at(html.as_bytes(), "https://example.org/vellum");
    assert_eq!(out.article.title, "The care of vellum", "the clipboard fragment's headline names it");
    assert!(!out.warnings.iter().any(|w| w.code() == "no_title"), "{:?}", out.warnings);
}

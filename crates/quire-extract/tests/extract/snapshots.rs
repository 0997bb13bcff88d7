//! What extraction gives for a few pages, as reviewable text (insta
//! snapshots in `snapshots/`): metadata, photos, then the body as Markdown.
//! A change to extraction shows up as a diff a reviewer can read, rather than
//! as a score that moved; `cargo insta review` (or `INSTA_UPDATE=always`)
//! accepts a deliberate change.

use std::fmt::Write;

use quire_extract::Extraction;

use crate::{extract_at, score};

/// Pages of different kinds from the Readability test set: a wire story with
/// a photo and byline (breitbart), German tech news (heise), French news
/// (liberation-1), Chinese with photos and CJK word counts (qq).
const PAGES: &[&str] = &["breitbart", "heise", "liberation-1", "qq"];

/// Metadata one field a line, photos, then the body as Markdown.
fn report(e: &Extraction) -> String {
    let a = &e.article;
    let mut out = String::new();
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let _ = writeln!(out, "title:      {}", a.title);
    let _ = writeln!(out, "standfirst: {}", opt(&a.standfirst));
    let _ = writeln!(out, "section:    {}", opt(&a.section));
    let _ = writeln!(out, "bylines:    {}", a.bylines.join("; "));
    let _ = writeln!(out, "published:  {}", opt(&a.published));
    let _ = writeln!(out, "modified:   {}", opt(&a.modified));
    let _ = writeln!(out, "site:       {}", opt(&a.site_name));
    let _ = writeln!(out, "lang/dir:   {} / {}", opt(&a.lang), opt(&a.dir));
    let _ = writeln!(out, "canonical:  {}", opt(&a.canonical_url));
    let _ = writeln!(out, "lead image: {}", opt(&a.lead_image));
    let _ = writeln!(out, "excerpt:    {}", opt(&a.excerpt));
    let _ = writeln!(out, "article:    {} ({} words, {} min)", a.is_article, a.word_count, a.reading_minutes);
    let warnings: Vec<&str> = e.warnings.iter().map(|w| w.code()).collect();
    let _ = writeln!(out, "warnings:   {}", warnings.join(", "));
    for image in &a.images {
        let _ = writeln!(out, "photo:      {} | {} | {}", image.url, opt(&image.caption), opt(&image.credit));
    }
    let body = dom_query::Document::fragment(a.content_html.as_str());
    let _ = writeln!(out, "\n{}", body.md(None).trim());
    out
}

#[test]
fn seed_page_snapshot() {
    let seed = include_bytes!("../fixtures/seed-nikkei.html");
    let e = extract_at(seed, "https://asia.nikkei.com/Politics/International-relations/China-ropes-in-Russia");
    insta::assert_snapshot!("seed-nikkei", report(&e));
}

#[test]
fn readability_page_snapshots() {
    let dir = score::fixtures_dir();
    if !dir.exists() {
        eprintln!("readability fixtures not found at {}; skipping", dir.display());
        return;
    }
    for name in PAGES {
        let source = std::fs::read(dir.join(name).join("source.html")).expect("fixture page is readable");
        let e = extract_at(&source, score::PAGE_URL);
        insta::assert_snapshot!(*name, report(&e));
    }
}

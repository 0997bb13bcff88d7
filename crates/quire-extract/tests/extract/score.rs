//! Scoring an extraction against a reference one: shared by the quality
//! floor test and the `extract_quality` bench so both measure the same thing.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One saved page with the output a reference extractor (Readability.js) gave.
pub struct Page {
    pub name: String,
    pub source: Vec<u8>,
    pub expected_text: String,
    pub expected: serde_json::Value,
}

/// The readability test pages, shared with the other Quire crates.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/readability-test-pages")
}

/// All pages in name order; an empty list when the fixtures are absent.
pub fn load_pages() -> Vec<Page> {
    let Ok(entries) = std::fs::read_dir(fixtures_dir()) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> =
        entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.join("source.html").exists()).collect();
    dirs.sort();
    dirs.into_iter()
        .filter_map(|dir| {
            let source = std::fs::read(dir.join("source.html")).ok()?;
            let expected_html = std::fs::read_to_string(dir.join("expected.html")).ok()?;
            let expected = std::fs::read_to_string(dir.join("expected-metadata.json"))
                .ok()
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or(serde_json::Value::Null);
            let expected_text = dom_query::Document::fragment(expected_html).text().to_string();
            Some(Page { name: dir.file_name()?.to_string_lossy().into_owned(), source, expected_text, expected })
        })
        .collect()
}

/// The URL the reference outputs were produced with.
pub const PAGE_URL: &str = "http://fakehost/test/page.html";

/// Lower-cased word tokens, as a multiset.
pub fn tokens(text: &str) -> HashMap<String, u32> {
    let mut map = HashMap::new();
    for token in text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()) {
        *map.entry(token.to_lowercase()).or_insert(0) += 1;
    }
    map
}

/// Token-level precision, recall and F1 of `got` against `want`.
pub fn prf(got: &str, want: &str) -> (f64, f64, f64) {
    let (g, w) = (tokens(got), tokens(want));
    let total_g: u32 = g.values().sum();
    let total_w: u32 = w.values().sum();
    if total_g == 0 && total_w == 0 {
        return (1.0, 1.0, 1.0);
    }
    let common: u32 = g.iter().map(|(t, n)| (*n).min(*w.get(t).unwrap_or(&0))).sum();
    let p = if total_g == 0 { 0.0 } else { f64::from(common) / f64::from(total_g) };
    let r = if total_w == 0 { 0.0 } else { f64::from(common) / f64::from(total_w) };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (p, r, f)
}

/// Whitespace-insensitive equality of an optional field with the reference's
/// (JSON `null` matches only `None`).
pub fn same_text(got: Option<&str>, want: &serde_json::Value) -> bool {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    match (got.map(squash).filter(|s| !s.is_empty()), want.as_str().map(squash).filter(|s| !s.is_empty())) {
        (None, None) => true,
        (Some(g), Some(w)) => g == w,
        _ => false,
    }
}

/// Titles compared as they are, or once a " | Site name" suffix is removed
/// from both: Quire removes it on purpose, the reference keeps it.
pub fn same_title(got: &str, want: &serde_json::Value, site: Option<&str>) -> bool {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    same_text(Some(got), want)
        || want.as_str().is_some_and(|w| {
            squash(&quire_extract::strip_site_suffix(w, site)) == squash(&quire_extract::strip_site_suffix(got, site))
        })
}

/// Bylines compared as lists of names ("By A and B" equals ["A", "B"]).
pub fn same_byline(got: &[String], want: &serde_json::Value) -> bool {
    let want = want.as_str().map(|w| quire_extract::split_bylines(&[w.to_string()])).unwrap_or_default();
    let got = quire_extract::split_bylines(got);
    got == want
}

/// Dates compared as instants when both parse ("…T01:18:13Z" equals
/// "…T17:18:13-08:00" the day before), else as RFC 3339-normalised text.
pub fn same_date(got: Option<&str>, want: &serde_json::Value) -> bool {
    let parse = |s: &str| {
        time::OffsetDateTime::parse(&quire_extract::normalise_date(s), &time::format_description::well_known::Rfc3339)
            .ok()
    };
    match (got, want.as_str()) {
        (None, None) => true,
        (Some(g), Some(w)) => match (parse(g), parse(w)) {
            (Some(a), Some(b)) => a == b,
            _ => quire_extract::normalise_date(g) == quire_extract::normalise_date(w),
        },
        _ => false,
    }
}

/// A bench row: body quality and which metadata fields matched exactly.
#[derive(Debug, Clone, Copy, Default)]
pub struct Row {
    pub p: f64,
    pub r: f64,
    pub f: f64,
    /// Exact title, suffix included.
    pub title_exact: bool,
    /// Title equal once a site-name suffix is removed from both.
    pub title: bool,
    pub byline: bool,
    /// Whether "is this an article" agrees with the reference's `readerable`.
    pub readerable: bool,
    pub excerpt: bool,
    pub site: bool,
    pub published: bool,
}

/// Scores Quire's extraction of one page.
pub fn score_quire(page: &Page) -> Row {
    let url = url::Url::parse(PAGE_URL).ok();
    let ctx = quire_extract::PageContext { url: url.as_ref(), content_type: None };
    let a = quire_extract::extract(&page.source, &ctx).article;
    let (p, r, f) = prf(&a.text, &page.expected_text);
    Row {
        p,
        r,
        f,
        readerable: page.expected["readerable"].as_bool() == Some(a.is_article),
        title_exact: same_text(Some(&a.title), &page.expected["title"]),
        title: same_title(
            &a.title,
            &page.expected["title"],
            page.expected["siteName"].as_str().or(a.site_name.as_deref()),
        ),
        byline: same_byline(&a.bylines, &page.expected["byline"]),
        excerpt: same_text(a.excerpt.as_deref(), &page.expected["excerpt"]),
        site: same_text(a.site_name.as_deref(), &page.expected["siteName"]),
        published: same_date(a.published.as_deref(), &page.expected["publishedTime"]),
    }
}

/// Scores unmodified dom_smoothie on one page: the baseline.
pub fn score_dom_smoothie(page: &Page) -> Row {
    let html = String::from_utf8_lossy(&page.source);
    let Ok(mut readability) = dom_smoothie::Readability::new(html.as_ref(), Some(PAGE_URL), None) else {
        return Row::default();
    };
    let readable = readability.is_probably_readable();
    let Ok(a) = readability.parse() else {
        return Row::default();
    };
    let (p, r, f) = prf(&a.text_content, &page.expected_text);
    Row {
        p,
        r,
        f,
        readerable: page.expected["readerable"].as_bool() == Some(readable),
        title_exact: same_text(Some(&a.title), &page.expected["title"]),
        title: same_title(
            &a.title,
            &page.expected["title"],
            page.expected["siteName"].as_str().or(a.site_name.as_deref()),
        ),
        byline: same_byline(&a.byline.iter().cloned().collect::<Vec<_>>(), &page.expected["byline"]),
        excerpt: same_text(a.excerpt.as_deref(), &page.expected["excerpt"]),
        site: same_text(a.site_name.as_deref(), &page.expected["siteName"]),
        published: same_date(a.published_time.as_deref(), &page.expected["publishedTime"]),
    }
}

/// Mean precision, recall and F1, and the lowest F1.
pub fn mean(rows: &[Row]) -> (f64, f64, f64, f64) {
    let n = rows.len().max(1) as f64;
    let avg = |f: fn(&Row) -> f64| rows.iter().map(f).sum::<f64>() / n;
    let min = rows.iter().map(|r| r.f).fold(1.0, f64::min);
    (avg(|r| r.p), avg(|r| r.r), avg(|r| r.f), min)
}

/// Share of pages whose article/not-an-article verdict agrees with the reference.
pub fn readerable_rate(rows: &[Row]) -> f64 {
    rows.iter().filter(|r| r.readerable).count() as f64 / rows.len().max(1) as f64
}

/// Match rates of the metadata fields, in bench column order: title (modulo
/// a site-name suffix), title (exact), byline, excerpt, site name, published.
pub fn rates(rows: &[Row]) -> [f64; 6] {
    let n = rows.len().max(1) as f64;
    let rate = |f: fn(&Row) -> bool| rows.iter().filter(|r| f(r)).count() as f64 / n;
    [
        rate(|r| r.title),
        rate(|r| r.title_exact),
        rate(|r| r.byline),
        rate(|r| r.excerpt),
        rate(|r| r.site),
        rate(|r| r.published),
    ]
}

/// Metadata fields where Quire differs from the reference, as readable lines.
pub fn quire_mismatches(page: &Page) -> Vec<String> {
    let url = url::Url::parse(PAGE_URL).ok();
    let ctx = quire_extract::PageContext { url: url.as_ref(), content_type: None };
    let a = quire_extract::extract(&page.source, &ctx).article;
    let e = &page.expected;
    let mut out = Vec::new();
    if !same_text(Some(&a.title), &e["title"]) {
        out.push(format!("title: {:?} != {}", a.title, e["title"]));
    }
    if !same_byline(&a.bylines, &e["byline"]) {
        out.push(format!("byline: {:?} != {}", a.bylines, e["byline"]));
    }
    if !same_text(a.excerpt.as_deref(), &e["excerpt"]) {
        out.push(format!("excerpt: {:?} != {}", a.excerpt, e["excerpt"]));
    }
    if !same_text(a.site_name.as_deref(), &e["siteName"]) {
        out.push(format!("site: {:?} != {}", a.site_name, e["siteName"]));
    }
    if !same_date(a.published.as_deref(), &e["publishedTime"]) {
        out.push(format!("published: {:?} != {}", a.published, e["publishedTime"]));
    }
    out
}

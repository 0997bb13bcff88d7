//! Extraction: HTML bytes in, a clean [`Article`] plus [`Warning`]s out.
//!
//! Clipped pages are hostile and imperfect, so extraction never fails: a page
//! that holds no article still yields a result, flagged `is_article = false`
//! with a warning saying why. Extraction does no I/O; fetching and storing are
//! the callers' business.
//!
//! The pipeline, one module per step: [`decode`] bytes to text; `prepass`
//! streams out scripts, styles, SVG, hidden elements, the page's menus and
//! footer (outside any article) and unread attributes, and
//! resolves lazy `images`, handing what it keeps to html5ever's tree builder
//! (`tree`, with `charref` decoding text as html5ever's tokenizer would), so
//! the tree is built once, from one tokenization; `metadata` reads JSON-LD, meta tags,
//! microdata and the visible page (documented precedence there); `furniture`
//! removes share bars, prompts, modals and sidebars; quire-readability (Quire's
//! fork of dom_smoothie) scores the body (Readability's algorithm); `body`
//! removes prompts left inside it and reads figures; [`sanitize_fragment`] makes it safe to store.

mod anchor_text;
mod body;
mod charref;
mod dates;
mod decode;
mod element_attrs;
mod furniture;
mod html_scan;
mod images;
mod mark;
mod metadata;
mod plain_text;
mod prepass;
mod sanitize;
mod stages;
mod substrings;
mod title;
mod tree;
mod tree_sink;
mod words;

pub use anchor_text::anchor_text;
pub use body::split_credit;
pub use dates::normalise_date;
pub use decode::{Decoded, EncodingSource, decode};
pub use images::best_srcset_candidate;
pub use mark::{Passage, mark_passages};
pub use metadata::split_bylines;
pub use sanitize::sanitize_fragment;
pub use title::strip_site_suffix;
pub use words::count_words;

/// Time spent per pipeline stage on this thread since the last call (profiling builds only).
#[cfg(feature = "stage-timers")]
#[doc(hidden)]
pub use stages::take as take_stage_times;

use quire_readability::{Config, ParsePolicy, Readability, ReadabilityError};
use url::Url;

/// What the caller knows about the page besides its bytes.
#[derive(Debug, Clone, Default)]
pub struct PageContext<'a> {
    /// The address the page was read from; makes links and photos absolute.
    pub url: Option<&'a Url>,
    /// The HTTP `Content-Type` header, whose charset outranks the page's own.
    pub content_type: Option<&'a str>,
}

/// A photo found in the article body, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub url: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// The clean article. Every string is already trimmed; HTML is sanitised.
#[derive(Debug, Clone, Default)]
pub struct Article {
    pub title: String,
    pub standfirst: Option<String>,
    pub section: Option<String>,
    pub bylines: Vec<String>,
    /// RFC 3339 when the page said when; otherwise as the page wrote it.
    pub published: Option<String>,
    pub modified: Option<String>,
    pub site_name: Option<String>,
    pub lang: Option<String>,
    pub dir: Option<String>,
    pub canonical_url: Option<String>,
    pub lead_image: Option<String>,
    /// Sanitised HTML fragment (no `<html>`/`<head>`), links absolute.
    pub content_html: String,
    pub text: String,
    pub excerpt: Option<String>,
    pub word_count: u32,
    pub reading_minutes: u32,
    pub is_article: bool,
    pub images: Vec<Image>,
}

/// Something imperfect about the page that did not stop extraction.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Warning {
    #[error("the input is empty")]
    Empty,
    #[error("the input does not look like HTML ({0})")]
    NotHtml(String),
    #[error("no article found on this page: {0}")]
    NoArticle(String),
    #[error("the page has no title")]
    NoTitle,
    #[error("the page was too large or deep to read whole: {0}")]
    Truncated(String),
    #[error("the page's declared encoding was wrong: {0}")]
    MisdeclaredEncoding(String),
    #[error("extraction failed inside a parser: {0}")]
    Internal(String),
}

impl Warning {
    /// A stable machine-readable code; front ends switch on this, never on the text.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::Empty => "empty",
            Warning::NotHtml(_) => "not_html",
            Warning::NoArticle(_) => "no_article",
            Warning::NoTitle => "no_title",
            Warning::Truncated(_) => "truncated",
            Warning::MisdeclaredEncoding(_) => "misdeclared_encoding",
            Warning::Internal(_) => "internal",
        }
    }
}

/// The result of reading one page: always an article, plus what went imperfectly.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub article: Article,
    pub warnings: Vec<Warning>,
}

/// Reading speed used for `reading_minutes`; 230 words a minute is the usual adult figure.
const WORDS_PER_MINUTE: u32 = 230;
/// Pages beyond this are cut before parsing; no article is this long, and
/// the bound keeps time and memory predictable on hostile input.
pub const MAX_INPUT_BYTES: usize = 24 * 1024 * 1024;
/// The cleaned page (after the pre-pass) is cut here before the tree is built:
/// the tree and the scorer are what cost time and memory, and no article
/// needs more markup than this once scripts and styles are gone.
pub const MAX_CLEANED_BYTES: usize = 2 * 1024 * 1024;
/// Fewer words than this is a stub, an error page or a login wall, not an article.
const MIN_ARTICLE_WORDS: u32 = 40;
/// Bodies whose text is mostly link text are lists: search results, indexes.
const MAX_LINK_DENSITY: f32 = 0.5;

/// Extracts the article from a page.
///
/// The pipeline: decode bytes to text ([`decode`]); a streaming pre-pass that
/// drops scripts, styles, SVG and hidden elements and resolves lazy images;
/// metadata from the parsed tree; removal of furniture blocks; Readability-style
/// scoring (quire-readability) for the body; clean-up of prompts left inside the
/// body and reading of figures; then sanitising.
///
/// Never panics to the caller: a panic inside a parsing library is caught and
/// reported as [`Warning::Internal`], since one bad page must not take down an
/// import of thousands.
pub fn extract(html: &[u8], ctx: &PageContext<'_>) -> Extraction {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        stages::time("total", || extract_unguarded(html, ctx))
    })) {
        Ok(extraction) => extraction,
        Err(panic) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Extraction { article: Article::default(), warnings: vec![Warning::Internal(why)] }
        }
    }
}

fn extract_unguarded(html: &[u8], ctx: &PageContext<'_>) -> Extraction {
    let mut warnings = Vec::new();
    if html.iter().all(|b| b.is_ascii_whitespace()) {
        warnings.push(Warning::Empty);
        return Extraction { article: Article::default(), warnings };
    }
    if let Some(why) = ctx.content_type.and_then(not_html_content_type).or_else(|| not_html_reason(html)) {
        warnings.push(Warning::NotHtml(why));
        return Extraction { article: Article::default(), warnings };
    }
    let html = if html.len() > MAX_INPUT_BYTES {
        warnings.push(Warning::Truncated(format!(
            "only the first {} MB of {} MB were read",
            MAX_INPUT_BYTES >> 20,
            html.len() >> 20
        )));
        &html[..MAX_INPUT_BYTES]
    } else {
        html
    };
    let tld = ctx.url.and_then(Url::host_str).and_then(|h| h.rsplit('.').next()).map(str::as_bytes);
    let decoded = stages::time("decode", || decode(html, ctx.content_type, tld));
    if let Some(declared) = decoded.overruled {
        warnings.push(Warning::MisdeclaredEncoding(format!(
            "declared {}, read as {}",
            declared.name(),
            decoded.encoding.name()
        )));
    }
    // The pre-pass feeds the tree builder as it goes: one pass from text to tree.
    let pre =
        stages::time("prepass+tree", || prepass::prepass(&decoded.text, MAX_CLEANED_BYTES, tree::TreeOutput::new()));
    if pre.truncated {
        warnings.push(Warning::Truncated(format!(
            "only the first {} MB of markup after clean-up were read",
            MAX_CLEANED_BYTES >> 20
        )));
    }
    if pre.flattened > 0 {
        warnings.push(Warning::Truncated(format!(
            "{} elements nested deeper than {} were flattened",
            pre.flattened,
            prepass::MAX_DEPTH
        )));
    }

    let doc = stages::time("prepass+tree", || pre.out.finish());
    let meta = stages::time("metadata", || metadata::collect(&doc));
    stages::time("furniture", || furniture::sweep(&doc));
    let mut readability = scorer(doc, ctx.url);
    let readable = stages::time("readerable", || readability.is_probably_readable());
    let (fallback_title, headline) = stages::time("title", || {
        let title = readability.get_article_title().trim().to_string();
        let headline = first_heading(&readability.doc);
        // HTML copied from a page (a selection on the clipboard) has no <title>:
        // its headline is the first <h1>.
        if title.is_empty() { (headline.clone(), headline) } else { (title, headline) }
    });
    // One attempt with the strictest policy settles most pages, and runs on
    // the tree itself. `parse()` would first clone the whole tree to keep a
    // pristine copy for its later, looser attempts, which only pages with
    // little text need: for those the tree is built again and the looser
    // attempts run on it, giving exactly what `parse()` gives.
    let mut parsed = stages::time("score", || readability.parse_with_policy(ParsePolicy::Strict));
    let strict_length = parsed.as_ref().ok().map(|article| article.grabbed_length);
    if strict_length.is_none_or(|length| length < CHAR_THRESHOLD) {
        // Timed apart from the first attempt, to show what the retries cost.
        stages::time("retry", || {
            let doc = prepass::prepass(&decoded.text, MAX_CLEANED_BYTES, tree::TreeOutput::new()).out.finish();
            furniture::sweep(&doc);
            let mut again = scorer(doc, ctx.url);
            match again.parse_after_strict(strict_length) {
                // The strict attempt's article is the one `parse()` would keep.
                Ok(None) => {}
                outcome => {
                    parsed = outcome.and_then(|article| article.ok_or(ReadabilityError::GrabFailed));
                    readability = again;
                }
            }
        });
    }
    drop(decoded);

    let mut article = Article {
        section: meta.section,
        standfirst: meta.standfirst,
        bylines: meta.bylines,
        published: meta.published,
        modified: meta.modified,
        site_name: meta.site_name.clone(),
        lang: meta.lang,
        dir: meta.dir,
        canonical_url: meta.canonical_url.map(|u| absolute(&u, ctx.url)),
        lead_image: meta.lead_image.map(|u| absolute(&u, ctx.url)),
        ..Article::default()
    };
    article.title = meta.title.unwrap_or_else(|| {
        let title = title::strip_site_suffix(&fallback_title, meta.site_name.as_deref());
        title::strip_trail_after_headline(&title, &headline)
    });
    let mut link_density = 0.0;
    match parsed {
        Ok(parsed) => {
            let root = readability.doc.select_single_matcher(&CONTENT_ROOT);
            let finished = stages::time("finish", || body::finish(&root, ctx.url));
            #[cfg(test)]
            sanitize::tests::LAST_BODY.with(|b| *b.borrow_mut() = root.html().to_string());
            article.content_html = stages::time("sanitize", || {
                root.nodes().first().map(|node| sanitize::clean(node, ctx.url)).unwrap_or_default()
            });
            article.text = finished.text;
            article.images = finished
                .photos
                .into_iter()
                .map(|p| Image { url: p.url, caption: p.caption, credit: p.credit })
                .collect();
            article.excerpt = meta.excerpt.or(parsed.excerpt.map(|e| e.trim().to_string())).filter(|e| !e.is_empty());
            if article.dir.is_none() {
                article.dir = parsed.dir;
            }
            if article.lang.is_none() {
                article.lang = parsed.lang;
            }
            link_density = finished.link_density;
        }
        Err(e) => {
            article.excerpt = meta.excerpt;
            warnings.push(Warning::NoArticle(format!("the page has no block of prose ({e})")));
        }
    }
    if article.lead_image.is_none() {
        article.lead_image = article.images.first().map(|i| i.url.clone());
    }
    article.word_count = count_words(&article.text);
    article.reading_minutes = article.word_count.div_ceil(WORDS_PER_MINUTE);
    let has_body = !article.text.is_empty();
    if !has_body && !warnings.iter().any(|w| matches!(w, Warning::NoArticle(_))) {
        // The scorer found a container, but nothing in it was text (found by fuzzing).
        warnings.push(Warning::NoArticle("the page has no text".into()));
    }
    article.is_article = has_body && judge_article(&article, readable, link_density, &mut warnings);
    if article.title.is_empty() {
        warnings.push(Warning::NoTitle);
    }
    Extraction { article, warnings }
}

/// The container dom_smoothie puts the extracted article in.
static CONTENT_ROOT: std::sync::LazyLock<dom_query::Matcher> =
    std::sync::LazyLock::new(|| dom_query::Matcher::new("#readability-page-1").expect("valid selector"));
/// A page's `<h1>`s: the headline candidates several stages look at.
static H1: std::sync::LazyLock<dom_query::Matcher> =
    std::sync::LazyLock::new(|| dom_query::Matcher::new("h1").expect("valid selector"));
/// dom_smoothie's default `char_threshold`: an attempt that finds less text
/// than this makes `parse()` retry with looser policies.
const CHAR_THRESHOLD: usize = 500;

/// The scorer over an already swept tree.
fn scorer(doc: dom_query::Document, url: Option<&Url>) -> Readability {
    // `with_document` fails only on a relative URL; a `Url` is always
    // absolute, so the address is set directly and no failure path exists.
    let mut readability = Readability::from(String::new());
    readability.doc = doc;
    readability.config = Config {
        disable_json_ld: true,
        char_threshold: CHAR_THRESHOLD,
        classes_to_preserve: vec![body::CREDIT_CLASS.to_string()],
        // The article is read from the tree (`CONTENT_ROOT`), not from the parse result.
        article_content: false,
        ..Config::default()
    };
    readability.doc_url = url.map(|u| u.as_str().to_string()).filter(|u| u.starts_with("http"));
    readability
}

/// The text of the page's first `<h1>`, whitespace collapsed; empty without one.
fn first_heading(doc: &dom_query::Document) -> String {
    let h1 = doc.select_single_matcher(&H1);
    h1.text().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether what was extracted reads as an article, warning when it does not.
fn judge_article(article: &Article, readable: bool, link_density: f32, warnings: &mut Vec<Warning>) -> bool {
    if article.word_count < MIN_ARTICLE_WORDS {
        warnings.push(Warning::NoArticle(format!(
            "only {} words of text: a stub, an error page or a login wall",
            article.word_count
        )));
        return false;
    }
    if link_density > MAX_LINK_DENSITY {
        warnings.push(Warning::NoArticle(format!(
            "{:.0}% of the text is links: a list or search results",
            link_density * 100.0
        )));
        return false;
    }
    if !readable && article.word_count < 150 {
        warnings.push(Warning::NoArticle("too little connected prose to be an article".into()));
        return false;
    }
    true
}

fn absolute(u: &str, base: Option<&Url>) -> String {
    match base.and_then(|b| b.join(u.trim()).ok()) {
        Some(abs) => abs.to_string(),
        None => u.trim().to_string(),
    }
}

/// A `Content-Type` that cannot be HTML (`image/png`, `application/pdf`);
/// absent, `text/*` and unusual types are left to the bytes to decide.
fn not_html_content_type(content_type: &str) -> Option<String> {
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let binary = ["image/", "audio/", "video/", "font/"].iter().any(|p| mime.starts_with(p))
        || ["application/pdf", "application/zip", "application/gzip", "application/json"].contains(&mime.as_str());
    binary.then(|| format!("it was served as {mime}"))
}

/// Binary files (images, PDFs, archives) are refused before parsing: a NUL byte
/// or a known magic number is a reliable tell, and parsing them as HTML gives garbage.
fn not_html_reason(bytes: &[u8]) -> Option<String> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a zip archive"),
        (b"\x1F\x8B", "a gzip file"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(format!("it is {what}"));
    }
    let head = &bytes[..bytes.len().min(4096)];
    let utf16_bom = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    if !utf16_bom && head.contains(&0) {
        return Some("it contains binary data".into());
    }
    None
}

/// The readability test pages as (name, decoded HTML), in name order, for
/// unit tests that hold a rewritten stage to its original on real pages;
/// empty when the shared fixtures are absent.
#[cfg(test)]
fn fixture_pages() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/readability-test-pages");
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut pages: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let bytes = std::fs::read(e.path().join("source.html")).ok()?;
            Some((e.file_name().to_string_lossy().into_owned(), decode(&bytes, None, None).text.into_owned()))
        })
        .collect();
    pages.sort();
    pages
}

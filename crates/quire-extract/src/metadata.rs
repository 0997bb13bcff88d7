//! Metadata: who wrote the article, when, for whom, under what headline.
//!
//! Pages state these facts several times over, in formats of varying
//! reliability. Each field takes the first source that has it, in this order
//! (the order Readability.js uses where it covers the field, so results agree
//! with the reference outputs we measure against):
//!
//! 1. **JSON-LD** (`schema.org` Article/NewsArticle/BlogPosting/…, also inside
//!    `@graph`): written for search engines, structured, usually exact.
//! 2. **Dublin Core / OpenGraph / article:** meta properties (`dc:title`,
//!    `og:title`, `article:published_time`, `article:section`, `og:site_name`).
//! 3. **Twitter cards** and plain named meta tags (`twitter:title`,
//!    `description`, `author`, `parsely-*`).
//! 4. **Microdata** (`itemprop="headline"`, `author`, `datePublished`, …).
//! 5. **The visible page**: `<time datetime>` marked as the publication time,
//!    `rel=author` / `.byline` links, a kicker above the `<h1>`, a subtitle
//!    below it, `<title>` (its " | Site name" suffix removed), `<html lang dir>`,
//!    `<link rel=canonical>`.
//!
//! Dates are normalised to RFC 3339 when they parse (see [`crate::dates`]).

// foldhash (randomly seeded per process) hashes the short meta keys several
// times faster than the standard SipHash.
use foldhash::HashMap;
use std::sync::LazyLock;

use dom_query::{Document, Matcher, NodeData, NodeRef, Selection, local_name};
use serde_json::Value;

use crate::dates::normalise_date;
use crate::element_attrs::first_values;
use crate::substrings::Substrings;
use crate::title::strip_site_suffix;

/// Everything metadata-shaped found on the page, already merged by precedence.
#[derive(Debug, Default, Clone)]
pub struct PageMetadata {
    pub title: Option<String>,
    pub bylines: Vec<String>,
    pub excerpt: Option<String>,
    pub standfirst: Option<String>,
    pub section: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub canonical_url: Option<String>,
    pub lead_image: Option<String>,
    pub lang: Option<String>,
    pub dir: Option<String>,
}

/// The facts one JSON-LD article object gives.
#[derive(Debug, Default)]
struct JsonLd {
    title: Option<String>,
    authors: Vec<String>,
    description: Option<String>,
    site_name: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    section: Option<String>,
    image: Option<String>,
    url: Option<String>,
    lang: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "article",
    "advertisercontentarticle",
    "newsarticle",
    "analysisnewsarticle",
    "askpublicnewsarticle",
    "backgroundnewsarticle",
    "opinionnewsarticle",
    "reportagenewsarticle",
    "reviewnewsarticle",
    "report",
    "satiricalarticle",
    "scholarlyarticle",
    "medicalscholarlyarticle",
    "socialmediaposting",
    "blogposting",
    "liveblogposting",
    "discussionforumposting",
    "techarticle",
    "apireference",
];

/// Collects metadata from a parsed (pre-passed) page.
pub fn collect(doc: &Document) -> PageMetadata {
    let scan = Scan::of(doc);
    let ld = json_ld(&scan);
    let meta = meta_map(&scan);
    let get = |keys: &[&str]| keys.iter().find_map(|k| meta.get(*k).cloned());
    let micro = |prop: &str| microdata(&scan, prop);
    let headline = std::cell::OnceCell::new();
    let headline = || *headline.get_or_init(|| headline_block(&scan));
    let visible = std::cell::OnceCell::new();
    let visible = || visible.get_or_init(|| VisibleCandidates::of(doc));

    let site_name = ld.site_name.clone().or_else(|| get(&["og:site_name"])).map(|s| clean_text(&s));

    let title = ld
        .title
        .clone()
        .or_else(|| {
            get(&[
                "dc:title",
                "dcterm:title",
                "og:title",
                "weibo:article:title",
                "weibo:webpage:title",
                "title",
                "twitter:title",
                "parsely-title",
            ])
        })
        .or_else(|| micro("headline"))
        .map(|t| strip_site_suffix(&clean_text(&t), site_name.as_deref()))
        .filter(|t| !t.is_empty());

    let mut byline_sources: Vec<String> = ld.authors.clone();
    if byline_sources.is_empty() {
        byline_sources.extend(
            get(&[
                "dc:creator",
                "dcterm:creator",
                "author",
                "parsely-author",
                "article:author",
                "byl",
                "sailthru.author",
            ])
            .filter(|a| !a.starts_with("http")),
        );
    }
    if byline_sources.is_empty() {
        byline_sources.extend(micro_author(&scan));
    }
    if byline_sources.is_empty() {
        byline_sources.extend(dom_byline(visible()));
    }
    let bylines = split_bylines(&byline_sources);

    let excerpt = ld
        .description
        .clone()
        .or_else(|| {
            get(&[
                "dc:description",
                "dcterm:description",
                "og:description",
                "weibo:article:description",
                "weibo:webpage:description",
                "description",
                "twitter:description",
            ])
        })
        .or_else(|| micro("description"))
        .map(|e| clean_text(&e))
        .filter(|e| !e.is_empty());

    let standfirst = headline()
        .and_then(dom_standfirst)
        .or_else(|| get(&["og:description", "twitter:description"]).map(|e| clean_text(&e)))
        .or_else(|| excerpt.clone());

    let section = ld
        .section
        .clone()
        .or_else(|| get(&["article:section", "og:article:section", "section", "parsely-section", "sailthru.section"]))
        .or_else(|| micro("articleSection"))
        .or_else(|| headline().and_then(dom_kicker))
        .map(|s| clean_text(&s))
        .filter(|s| !s.is_empty() && s.chars().count() <= 80);

    let published = ld
        .published
        .clone()
        .or_else(|| {
            get(&[
                "article:published_time",
                "parsely-pub-date",
                "og:article:published_time",
                "datepublished",
                "date",
                "dc.date",
                "dc:date",
                "pubdate",
                "publish-date",
                "sailthru.date",
            ])
        })
        .or_else(|| micro("datePublished"))
        .or_else(|| dom_time(visible()))
        .filter(|d| has_year(d))
        .map(|d| normalise_date(d.trim()));
    let modified = ld
        .modified
        .clone()
        .or_else(|| {
            get(&[
                "article:modified_time",
                "og:updated_time",
                "og:article:modified_time",
                "datemodified",
                "last-modified",
            ])
        })
        .or_else(|| micro("dateModified"))
        .filter(|d| has_year(d))
        .map(|d| normalise_date(d.trim()));

    let canonical_url = scan
        .canonical
        .and_then(|l| l.attr("href"))
        .map(|h| h.trim().to_string())
        .or_else(|| get(&["og:url"]))
        .or(ld.url.clone())
        .filter(|u| !u.is_empty());
    let lead_image = ld
        .image
        .clone()
        .or_else(|| get(&["og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"]))
        .or_else(|| scan.image_src.and_then(|l| l.attr("href")).map(|h| h.to_string()))
        .filter(|u| !u.trim().is_empty());

    let html = Selection::from(scan.html.into_iter().collect::<Vec<_>>());
    let lang = html
        .attr("lang")
        .or_else(|| html.attr("xml:lang"))
        .map(|l| l.trim().to_string())
        .or_else(|| get(&["content-language", "og:locale", "language", "dc:language"]))
        .or(ld.lang.clone())
        .filter(|l| !l.is_empty());
    let dir = html
        .attr("dir")
        .or_else(|| scan.body.and_then(|b| b.attr("dir")))
        .map(|d| d.trim().to_ascii_lowercase())
        .filter(|d| matches!(d.as_str(), "ltr" | "rtl" | "auto"));

    PageMetadata {
        title,
        bylines,
        excerpt,
        standfirst: standfirst.filter(|s| !s.is_empty()),
        section,
        site_name: site_name.filter(|s| !s.is_empty()),
        published,
        modified,
        canonical_url,
        lead_image,
        lang,
        dir,
    }
}

/// Named and property meta tags, keys lower-cased. As in Readability.js, a
/// later tag of the same name replaces an earlier one, and a `property`
/// (OpenGraph/RDFa) outranks a `name` with the same key. A `property` may
/// list several names (`property="og:title twitter:title"`).
fn meta_map(scan: &Scan<'_>) -> HashMap<String, String> {
    let mut by_property = HashMap::default();
    let mut by_name = HashMap::default();
    for meta in &scan.metas {
        let Some(content) = meta.attr("content") else {
            continue;
        };
        let content = unescape_entities(content.trim());
        if content.is_empty() {
            continue;
        }
        if let Some(p) = meta.attr("property") {
            for key in p.split_whitespace().map(|k| k.to_ascii_lowercase()) {
                // `og:article:author` is `article:author` spelled the long way.
                if let Some(short) = key.strip_prefix("og:").filter(|k| k.starts_with("article:")) {
                    by_property.insert(short.to_string(), content.clone());
                }
                by_property.insert(key, content.clone());
            }
        }
        for attr in ["name", "itemprop", "http-equiv"] {
            if let Some(n) = meta.attr(attr) {
                let n = n.trim().to_ascii_lowercase();
                // `dc.title`, `DC.creator`, `twitter-title` are spelled many ways.
                by_name.insert(n.replace(['.', '-'], ":").replacen("dcterms:", "dcterm:", 1), content.clone());
                by_name.insert(n, content.clone());
            }
        }
    }
    // `article:author` is only meaningful as an OpenGraph property.
    by_name.remove("article:author");
    by_name.extend(by_property);
    by_name
}

/// Decodes entities left in metadata by pages that escaped twice
/// (`content="&amp;quot;"`), as Readability.js does.
pub fn unescape_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12);
        let Some(end) = end else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "quot" => Some('"'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "nbsp" => Some('\u{a0}'),
            _ => entity.strip_prefix('#').and_then(|num| {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse::<u32>().ok(),
                };
                // Invalid code points become U+FFFD, as a browser shows them.
                code.map(|c| if c == 0 { '\u{fffd}' } else { char::from_u32(c).unwrap_or('\u{fffd}') })
            }),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first article-typed object in any `application/ld+json` script.
fn json_ld(scan: &Scan<'_>) -> JsonLd {
    for script in &scan.scripts {
        if !script.attr("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) {
            continue;
        }
        let text = script.text();
        let text = text.trim().trim_start_matches("<![CDATA[").trim_end_matches("]]>");
        let Ok(value) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        if let Some(article) = find_article(&value, 0) {
            let title = scan.title.map(|t| t.text()).unwrap_or_default();
            return read_article(article, title.trim());
        }
    }
    JsonLd::default()
}

fn find_article(value: &Value, depth: usize) -> Option<&Value> {
    if depth > 4 {
        return None;
    }
    match value {
        Value::Array(items) => items.iter().find_map(|v| find_article(v, depth + 1)),
        Value::Object(map) => {
            let is_article = match map.get("@type") {
                Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.to_ascii_lowercase().as_str()),
                Some(Value::Array(ts)) => ts
                    .iter()
                    .filter_map(Value::as_str)
                    .any(|t| ARTICLE_TYPES.contains(&t.to_ascii_lowercase().as_str())),
                _ => false,
            };
            if is_article {
                return Some(value);
            }
            map.get("@graph")
                .and_then(|g| find_article(g, depth + 1))
                .or_else(|| map.get("mainEntity").and_then(|g| find_article(g, depth + 1)))
        }
        _ => None,
    }
}

fn read_article(v: &Value, document_title: &str) -> JsonLd {
    let publisher = v.get("publisher").and_then(|p| p.get("name")).and_then(first_string);
    let string = |key: &str| v.get(key).and_then(first_string).map(|s| unescape_entities(&s));
    // Some sites put a description in `headline` and the title in `name`
    // (Wikipedia), others the site's name in `name`. As in Readability.js,
    // `name` wins unless only `headline` resembles the page's `<title>`.
    let title = match (string("name"), string("headline")) {
        (Some(name), Some(headline)) if name != headline => {
            let name_matches = title_coverage(&name, document_title) > 0.75;
            let headline_matches = title_coverage(&headline, document_title) > 0.75;
            // A `name` that is the publisher's is the site, not the story.
            let name_is_publisher = publisher.as_deref() == Some(name.as_str());
            if name_is_publisher || (headline_matches && !name_matches) { Some(headline) } else { Some(name) }
        }
        (name, headline) => name.or(headline),
    };
    JsonLd {
        title,
        authors: v.get("author").or_else(|| v.get("creator")).map(names).unwrap_or_default(),
        description: string("description"),
        site_name: v.get("publisher").and_then(|p| p.get("name")).and_then(first_string),
        published: string("datePublished").or_else(|| string("dateCreated")),
        modified: string("dateModified"),
        section: string("articleSection"),
        image: v.get("image").and_then(image_url),
        url: string("url").or_else(|| {
            v.get("mainEntityOfPage").and_then(|m| m.get("@id").and_then(first_string).or_else(|| first_string(m)))
        }),
        lang: string("inLanguage"),
    }
}

/// How much of `title`'s text `candidate` covers, by characters of the
/// title's words that `candidate` also has (Readability.js's `textSimilarity`).
fn title_coverage(candidate: &str, title: &str) -> f32 {
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect::<Vec<_>>()
    };
    let (have, want) = (words(candidate), words(title));
    let total: usize = want.iter().map(|w| w.chars().count()).sum();
    if total == 0 {
        return 0.0;
    }
    let missing: usize = want.iter().filter(|w| !have.contains(w)).map(|w| w.chars().count()).sum();
    1.0 - missing as f32 / total as f32
}

fn first_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Array(items) => items.iter().find_map(first_string),
        _ => None,
    }
}

fn names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![unescape_entities(s)],
        Value::Array(items) => items.iter().flat_map(names).collect(),
        Value::Object(map) => map.get("name").and_then(first_string).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn image_url(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.iter().find_map(image_url),
        Value::Object(map) => map.get("url").or_else(|| map.get("contentUrl")).and_then(first_string),
        _ => None,
    }
}

/// The value of a microdata property: `content`, `datetime`, or its text.
fn microdata(scan: &Scan<'_>, prop: &str) -> Option<String> {
    let sel = Selection::from(*scan.itemprops.iter().find(|n| has_itemprop(n, prop))?);
    sel.attr("content")
        .or_else(|| sel.attr("datetime"))
        .map(|v| v.to_string())
        .or_else(|| Some(sel.text().to_string()))
        .map(|v| clean_text(&v))
        .filter(|v| !v.is_empty() && v.chars().count() < 300)
}

fn has_itemprop(node: &NodeRef<'_>, prop: &str) -> bool {
    node.attr("itemprop").is_some_and(|p| p.split_ascii_whitespace().any(|w| w == prop))
}

fn micro_author(scan: &Scan<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for author in scan.itemprops.iter().filter(|n| has_itemprop(n, "author")).take(8) {
        let author = Selection::from(*author);
        let name = author.select_single("[itemprop~=name]");
        let text = if name.exists() {
            name.attr("content").map(|c| c.to_string()).unwrap_or_else(|| name.text().to_string())
        } else {
            author.attr("content").map(|c| c.to_string()).unwrap_or_else(|| author.text().to_string())
        };
        let text = clean_text(&text);
        if !text.is_empty() && text.chars().count() < 100 && !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// The elements metadata reads, found in one walk over the tree rather than
/// one search per field.
struct Scan<'a> {
    html: Option<NodeRef<'a>>,
    body: Option<NodeRef<'a>>,
    title: Option<NodeRef<'a>>,
    h1: Option<NodeRef<'a>>,
    canonical: Option<NodeRef<'a>>,
    image_src: Option<NodeRef<'a>>,
    metas: Vec<NodeRef<'a>>,
    /// JSON-LD scripts, in document order.
    scripts: Vec<NodeRef<'a>>,
    /// Every element with an `itemprop`, in document order.
    itemprops: Vec<NodeRef<'a>>,
}

impl<'a> Scan<'a> {
    fn of(doc: &'a Document) -> Self {
        let mut scan = Scan {
            html: None,
            body: None,
            title: None,
            h1: None,
            canonical: None,
            image_src: None,
            metas: Vec::new(),
            scripts: Vec::new(),
            itemprops: Vec::new(),
        };
        for node in doc.root().descendants_it() {
            let Some(el) = node.element_ref() else { continue };
            let has = |name: &str| el.attrs.iter().any(|a| &a.name.local == name);
            let attr = |name: &str| el.attrs.iter().find(|a| &a.name.local == name).map(|a| &a.value);
            match el.name.local.as_ref() {
                "html" if scan.html.is_none() => scan.html = Some(node),
                "body" if scan.body.is_none() => scan.body = Some(node),
                "title" if scan.title.is_none() => scan.title = Some(node),
                "h1" if scan.h1.is_none() => scan.h1 = Some(node),
                "meta" => scan.metas.push(node),
                "script" if attr("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) => {
                    scan.scripts.push(node)
                }
                "link" => {
                    let rel = |r: &str| {
                        attr("rel").is_some_and(|v| v.split_ascii_whitespace().any(|w| w.eq_ignore_ascii_case(r)))
                    };
                    if scan.canonical.is_none() && rel("canonical") {
                        scan.canonical = Some(node);
                    } else if scan.image_src.is_none() && rel("image_src") {
                        scan.image_src = Some(node);
                    }
                }
                _ => {}
            }
            if has("itemprop") {
                scan.itemprops.push(node);
            }
        }
        scan
    }
}

/// The visible page's byline and publication-time candidates, found in one
/// walk over the tree: searching for each rule's CSS selector separately
/// walked the whole page twelve times on a page whose metadata names neither
/// author nor date. Each rule matches exactly what its selector (named
/// beside it) matched: attribute values compare case-sensitively, except
/// `rel`, whose values HTML makes ASCII case-insensitive on HTML elements.
struct VisibleCandidates<'a> {
    /// Per byline rule, most specific first: its first matches in document order.
    bylines: [Vec<NodeRef<'a>>; BYLINE_RULES],
    /// Per publication-time rule, most specific first: its first match.
    times: [Option<NodeRef<'a>>; TIME_RULES],
}

/// Substrings of a class the byline and time rules look for, as bits of
/// [`CLASS_PARTS`]' answer.
static CLASS_PARTS: Substrings = Substrings::new(&["byline", "Byline", "author-name", "publish", "author"]);
const BYLINE: u32 = 1;
const BYLINE_CAPITAL: u32 = 1 << 1;
const AUTHOR_NAME: u32 = 1 << 2;
const PUBLISH: u32 = 1 << 3;
const AUTHOR: u32 = 1 << 4;

const BYLINE_RULES: usize = 6;
const TIME_RULES: usize = 6;
/// Matches looked at per byline rule, as many as the page's comment
/// threads might use up before the author's own byline.
const BYLINES_PER_RULE: usize = 8;

impl<'a> VisibleCandidates<'a> {
    fn of(doc: &'a Document) -> Self {
        let mut found = VisibleCandidates { bylines: Default::default(), times: Default::default() };
        for node in doc.root().descendants_it() {
            let Some(el) = node.element_ref() else { continue };
            let attr = |name: &str| plain_attr(&el, name);
            // The three attributes every element is asked for, in no namespace (as `plain_attr`).
            let [class, id, rel] = first_values(
                el.attrs.iter().filter(|a| a.name.ns.is_empty()),
                &[local_name!("class"), local_name!("id"), local_name!("rel")],
            );
            // The class words the rules look for, found in one read of the class.
            let in_class = class.map_or(0, |c| CLASS_PARTS.found(c));
            let class_has = |part: u32| in_class & part != 0;
            let rel_author = rel.is_some_and(|rel| {
                let html = &*el.name.ns == HTML_NS;
                css_words(rel).any(|w| if html { w.eq_ignore_ascii_case("author") } else { w == "author" })
            });
            let byline_rules: [bool; BYLINE_RULES] = [
                rel_author,                                 // [rel~=author]
                class_has(BYLINE),                          // [class*=byline]
                class_has(BYLINE_CAPITAL),                  // [class*=Byline]
                id.is_some_and(|id| id.contains("byline")), // [id*=byline]
                // [class~=author]: a class word `author` is a substring first.
                class_has(AUTHOR) && class.is_some_and(|c| css_words(c).any(|w| w == "author")),
                class_has(AUTHOR_NAME), // [class*=author-name]
            ];
            for (matches, hit) in found.bylines.iter_mut().zip(byline_rules) {
                if hit && matches.len() < BYLINES_PER_RULE {
                    matches.push(node);
                }
            }
            if &*el.name.local == "time" && attr("datetime").is_some() {
                let time_rules: [bool; TIME_RULES] = [
                    // time[pubdate][datetime]
                    attr("pubdate").is_some(),
                    // time[itemprop~=datePublished][datetime]
                    attr("itemprop").is_some_and(|p| css_words(p).any(|w| w == "datePublished")),
                    // [class*=publish] time[datetime]
                    ancestor_class_has(node, "publish"),
                    // time[class*=publish][datetime]
                    class_has(PUBLISH),
                    // [class*=dateline] time[datetime]
                    ancestor_class_has(node, "dateline"),
                    // article header time[datetime]
                    in_article_header(node),
                ];
                for (first, hit) in found.times.iter_mut().zip(time_rules) {
                    if hit && first.is_none() {
                        *first = Some(node);
                    }
                }
            }
        }
        found
    }
}

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// An attribute in no namespace, as an unprefixed CSS attribute selector
/// matches (namespaced ones such as `xlink:href` occur only in SVG and MathML).
fn plain_attr<'e>(el: &'e dom_query::Element, name: &str) -> Option<&'e str> {
    el.attrs.iter().find(|a| a.name.ns.is_empty() && &*a.name.local == name).map(|a| &*a.value)
}

/// The words of a value as CSS `~=` splits it.
fn css_words(value: &str) -> impl Iterator<Item = &str> {
    value.split([' ', '\t', '\n', '\r', '\x0C'])
}

fn ancestor_class_has(node: NodeRef<'_>, part: &str) -> bool {
    node.ancestors_it(None)
        .any(|a| a.element_ref().is_some_and(|el| plain_attr(&el, "class").is_some_and(|c| c.contains(part))))
}

/// Whether `node` is inside a `<header>` that is itself inside an `<article>`.
fn in_article_header(node: NodeRef<'_>) -> bool {
    let mut in_header = false;
    for a in node.ancestors_it(None) {
        let Some(el) = a.element_ref() else { continue };
        match &*el.name.local {
            "article" if in_header => return true,
            "header" => in_header = true,
            _ => {}
        }
    }
    false
}

static COMMENT: LazyLock<Matcher> =
    LazyLock::new(|| Matcher::new("[class*=comment], [id*=comment]").expect("valid selector"));

fn dom_byline(found: &VisibleCandidates<'_>) -> Option<String> {
    for &candidate in found.bylines.iter().flatten() {
        let candidate = Selection::from(candidate);
        // Commenters have bylines too; theirs are not the author's.
        if candidate.ancestors(None).filter_matcher(&COMMENT).exists() {
            continue;
        }
        // Byline boxes often hold the date too; only the name is kept.
        let text = strip_dateline(&spaced_text(&candidate));
        if !text.is_empty() && text.chars().count() < 100 {
            return Some(text);
        }
    }
    None
}

/// The text of a byline box with a space between elements' texts: boxes
/// set name, date and comment count in adjacent elements with no space
/// between them ("Lucas Nolan</a><span>22 Dec 2016"), which glued together
/// would make the date inseparable from the name.
fn spaced_text(sel: &Selection<'_>) -> String {
    let mut out = String::new();
    for node in sel.nodes().iter().flat_map(|n| n.descendants_it()) {
        node.query(|t| {
            if let NodeData::Text { contents } = &t.data {
                out.push_str(contents);
                out.push(' ');
            }
        });
    }
    clean_text(&out)
}

/// A `<time>` that says it is the publication time. Only each rule's first
/// match is consulted, as the selector searches it replaced did.
fn dom_time(found: &VisibleCandidates<'_>) -> Option<String> {
    found.times.iter().flatten().find_map(|time| {
        let dt = time.attr("datetime")?;
        (!dt.trim().is_empty()).then(|| dt.to_string())
    })
}

/// Class words for the label above a headline naming its section (as
/// `[class*=kicker], [class*=eyebrow], ...`: substrings, case-sensitive).
const KICKER_CLASSES: &[&str] =
    &["kicker", "eyebrow", "section-label", "section-name", "topic", "rubric", "category", "overline"];
static KICKER_WORDS: Substrings = Substrings::new(KICKER_CLASSES);
/// Class words for the sentence under a headline summarising the story.
const STANDFIRST_CLASSES: &[&str] = &[
    "standfirst",
    "subtitle",
    "sub-title",
    "subheadline",
    "sub-headline",
    "dek",
    "deck",
    "strapline",
    "summary",
    "lede",
    "intro",
];
static STANDFIRST_WORDS: Substrings = Substrings::new(STANDFIRST_CLASSES);

/// Elements under `block`, in document order, whose class holds one of
/// `words` (or, with `itemprop`, whose `itemprop` lists that word): what
/// `[class*=w1], [class*=w2], ...` selects, read in one walk without the
/// selector engine, since the block may be the whole page.
fn with_class_words<'a>(block: NodeRef<'a>, words: &Substrings, itemprop: Option<&'static str>) -> Vec<NodeRef<'a>> {
    let has_word = |el: &dom_query::Element| {
        plain_attr(el, "class").is_some_and(|c| words.any_in(c))
            || itemprop.is_some_and(|word| plain_attr(el, "itemprop").is_some_and(|p| css_words(p).any(|w| w == word)))
    };
    block.descendants_it().filter(|node| node.element_ref().is_some_and(|el| has_word(&el))).collect()
}

/// The headline's surroundings: the nearest ancestor of the first `<h1>` that
/// also holds other text, limited so a whole page is never searched.
fn headline_block<'a>(scan: &Scan<'a>) -> Option<NodeRef<'a>> {
    let h1 = scan.h1?;
    let wanted = text_chars(&h1, usize::MAX) + 10;
    let mut block = h1.parent()?;
    for _ in 0..3 {
        if text_chars(&block, wanted) > wanted {
            break;
        }
        let Some(up) = block.parent() else { break };
        block = up;
    }
    Some(block)
}

/// Characters of text under `node`, counted in place rather than copied
/// out, and only until there are more than `enough`.
fn text_chars(node: &NodeRef<'_>, enough: usize) -> usize {
    let mut count = 0;
    for n in node.descendants_it() {
        count +=
            n.query_or(0, |t| if let NodeData::Text { contents } = &t.data { contents.chars().count() } else { 0 });
        if count > enough {
            break;
        }
    }
    count
}

fn dom_kicker(block: NodeRef<'_>) -> Option<String> {
    with_class_words(block, &KICKER_WORDS, None)
        .into_iter()
        .map(|n| clean_text(&n.text()))
        .find(|t| !t.is_empty() && t.chars().count() <= 60 && t.split_whitespace().count() <= 6)
}

fn dom_standfirst(block: NodeRef<'_>) -> Option<String> {
    with_class_words(block, &STANDFIRST_WORDS, Some("alternativeHeadline"))
        .into_iter()
        .filter(|n| !n.has_name("h1"))
        .map(|n| clean_text(&n.text()))
        .find(|t| t.split_whitespace().count() >= 4 && t.chars().count() <= 600)
}

/// A date without a year ("12:55 AM") is a time of day, not a publication date.
fn has_year(s: &str) -> bool {
    s.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit))
}

/// Splits "By Jane Doe and John Roe, Staff Writers" style bylines into names.
pub fn split_bylines(sources: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for source in sources {
        let cleaned = strip_dateline(&clean_text(source));
        let lower = cleaned.to_lowercase();
        let cleaned = ["by: ", "by ", "par ", "von ", "por "]
            .iter()
            .find(|p| lower.starts_with(*p))
            .map_or(cleaned.as_str(), |p| &cleaned[p.len()..])
            .trim();
        let parts = cleaned.split([',', ';', '|', '\n']).flat_map(|segment| {
            // "Jane Doe & John Roe" is two people; "Mac & i" is one name:
            // a split leaving a part without two letters was a wrong split.
            let people: Vec<&str> = segment.split('&').flat_map(|p| p.split(" and ")).collect();
            let letters = |p: &&str| p.chars().filter(|c| c.is_alphabetic()).count() >= 2;
            if people.iter().all(letters) { people } else { vec![segment] }
        });
        for part in parts {
            let name = part.trim().trim_end_matches(['.', ':', '-', '—', '–']).trim();
            let lower = name.to_lowercase();
            let is_label = ["updated", "published", "posted", "follow"].iter().any(|r| lower.contains(r));
            let is_role = ["staff", "correspondent", "writer", "reporter", "editor", "contributor"]
                .iter()
                .any(|r| lower.contains(r))
                && name.split_whitespace().count() > 1
                && !out.is_empty();
            if name.is_empty() || name.chars().count() > 80 || is_label || is_role || out.iter().any(|o| o == name) {
                continue;
            }
            out.push(name.to_string());
        }
    }
    out
}

/// Byline boxes often end with the date ("By Jane Doe March 11, 2015 3:46
/// PM"). The text is cut at the first word that starts a date: one starting
/// with a digit, or a month name with digits after it. A user name like
/// "CC7567" is not a date and stays.
fn strip_dateline(text: &str) -> String {
    const MONTHS: &[&str] = &[
        "jan",
        "january",
        "feb",
        "february",
        "mar",
        "march",
        "apr",
        "april",
        "may",
        "jun",
        "june",
        "jul",
        "july",
        "aug",
        "august",
        "sep",
        "sept",
        "september",
        "oct",
        "october",
        "nov",
        "november",
        "dec",
        "december",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    let has_digit = |w: &&str| w.contains(|c: char| c.is_ascii_digit());
    let cut = words
        .iter()
        .enumerate()
        .position(|(i, w)| {
            w.starts_with(|c: char| c.is_ascii_digit())
                || (MONTHS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().as_str())
                    && words[i + 1..].iter().any(has_digit))
        })
        .unwrap_or(words.len());
    let mut kept = &words[..cut];
    while let Some((last, rest)) = kept.split_last() {
        if ["on", "at", "|", "-", "—", "–", "·", "•"].contains(&last.to_lowercase().as_str()) {
            kept = rest;
        } else {
            break;
        }
    }
    kept.join(" ")
}

/// Collapses whitespace and decodes nothing: dom_query already decoded entities.
pub fn clean_text(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The selector searches the one-walk rules replaced, in rule order.
    const BYLINE_SELECTORS: [&str; BYLINE_RULES] = [
        "[rel~=author]",
        "[class*=byline]",
        "[class*=Byline]",
        "[id*=byline]",
        "[class~=author]",
        "[class*=author-name]",
    ];
    const TIME_SELECTORS: [&str; TIME_RULES] = [
        "time[pubdate][datetime]",
        "time[itemprop~=datePublished][datetime]",
        "[class*=publish] time[datetime]",
        "time[class*=publish][datetime]",
        "[class*=dateline] time[datetime]",
        "article header time[datetime]",
    ];

    /// Each rule finds exactly the nodes its CSS selector finds.
    fn assert_rules_match_selectors(html: &str, page: &str) {
        let doc = Document::from(html);
        let found = VisibleCandidates::of(&doc);
        for (matches, sel) in found.bylines.iter().zip(BYLINE_SELECTORS) {
            let expected: Vec<_> = doc.select(sel).nodes().iter().take(BYLINES_PER_RULE).map(|n| n.id).collect();
            let got: Vec<_> = matches.iter().map(|n| n.id).collect();
            assert_eq!(got, expected, "{page}: byline rule {sel}");
        }
        for (first, sel) in found.times.iter().zip(TIME_SELECTORS) {
            let expected = doc.select_single(sel).nodes().first().map(|n| n.id);
            assert_eq!(first.map(|n| n.id), expected, "{page}: time rule {sel}");
        }
    }

    #[test]
    fn one_walk_finds_what_the_selectors_found_on_edge_cases() {
        let mut html = String::from(
            r#"<html><body>
            <a rel="AUTHOR">upper-case rel matches: HTML rel values ignore case</a>
            <a rel="nofollow author">Ann</a><a rel="authors">not a word match</a>
            <svg><a rel="AUTHOR">foreign element: case counts</a><a rel="author">svg author</a></svg>
            <div class="xbylinex">x</div><div class="Byline">B</div><div class="BYLINE">neither case rule</div>
            <p id="the-byline">i</p><p id="BYLINE">no</p>
            <span class="author	name">tab-separated word</span><span class="authors">no</span>
            <span class="post-author-name">n</span>
            <div class="comments"><span class="byline">a commenter</span></div>
            <time datetime="2020-01-01" pubdate>p</time><time pubdate>no datetime</time>
            <time itemprop="x datePublished" datetime="2020-01-02">i</time>
            <time itemprop="datepublished" datetime="2020-01-03">wrong case</time>
            <div class="published"><span><time datetime="2020-01-04">a</time></span></div>
            <time class="publish-date" datetime="">empty</time>
            <div class="Dateline"><time datetime="2020-01-05">wrong case</time></div>
            <header><article><time datetime="2020-01-06">header outside article</time></article></header>
            <article><div><header><header><time datetime="2020-01-07">h</time></header></header></div></article>
            "#,
        );
        // More matches than a rule keeps.
        for i in 0..12 {
            html.push_str(&format!("<b class=\"byline\">{i}</b>"));
        }
        html.push_str("</body></html>");
        assert_rules_match_selectors(&html, "edge cases");
    }

    #[test]
    fn one_walk_finds_what_the_selectors_found_on_the_test_pages() {
        for (name, html) in crate::fixture_pages() {
            assert_rules_match_selectors(&html, &name);
        }
    }

    #[test]
    fn class_words_select_what_their_selectors_select() {
        let kicker = "[class*=kicker], [class*=eyebrow], [class*=section-label], [class*=section-name], [class*=topic], [class*=rubric], [class*=category], [class*=overline]";
        let standfirst = "[itemprop~=alternativeHeadline], [class*=standfirst], [class*=subtitle], [class*=sub-title], [class*=subheadline], [class*=sub-headline], [class*=dek], [class*=deck], [class*=strapline], [class*=summary], [class*=lede], [class*=intro]";
        let edge = r#"<div class="Kicker">case counts</div><p class="topical">t</p><p itemprop="x alternativeHeadline">a</p>
            <p itemprop="alternativeheadline">no</p><svg><g class="intro"></g></svg><p class="">e</p>"#;
        let mut pages = crate::fixture_pages();
        // Without the shared fixtures (as elsewhere, tests then skip them) only the edge cases run.
        let have_pages = !pages.is_empty();
        pages.push(("edge cases".into(), edge.into()));
        let mut matched = 0;
        for (name, html) in &pages {
            let doc = Document::from(html.as_str());
            let root = doc.root();
            for (words, itemprop, selector) in
                [(&KICKER_WORDS, None, kicker), (&STANDFIRST_WORDS, Some("alternativeHeadline"), standfirst)]
            {
                let ours: Vec<_> = with_class_words(root, words, itemprop).iter().map(|n| n.id).collect();
                let theirs: Vec<_> = doc.select(selector).nodes().iter().map(|n| n.id).collect();
                assert_eq!(ours, theirs, "{name}: {selector}");
                matched += ours.len();
            }
        }
        assert!(!have_pages || matched > 100, "the pages exercise the rules ({matched} matches)");
    }
}

//! Importing highlights and notes from other tools and from our own exports
//! (issue 6): W3C Web Annotation JSON-LD, Readwise CSV, Omnivore's
//! `highlights/*.md` (one file, or its export zip), Instapaper's CSV
//! (`Selection` column) and our Markdown export.
//!
//! The format is told by content, never by file name ([`sniff`]), so that
//! `quire import` can hand over to the library importer whatever is not a
//! notes file. Each highlight is restored onto the article saved from the same
//! address (URL or canonical URL), anchored in the article's text as it is
//! now; a quote that cannot be found becomes an orphan, never a guess. An
//! import is one transaction and idempotent: what is already there (the same
//! quote on the same article, the same page note) is not added again.
//!
//! Input is untrusted: files over [`MAX_FILE_BYTES`] are refused, zip
//! entries are read through bounded reads, and nothing is created but
//! highlights and notes on articles already in the library.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

use crate::anchoring::{self, Selectors};
use crate::annotation_model::{Anchor, HighlightColor};
use crate::annotations::{self, insert_highlight};
use crate::error::{Error, Result};
use crate::export::markdown::{HIGHLIGHT_MARKER, NOTES_HEADING};

/// Larger files are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;
/// One zip entry, decompressed, may be at most this large.
const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// All of a zip's entries together, decompressed.
const MAX_ZIP_TOTAL_BYTES: u64 = 512 * 1024 * 1024;
const MAX_ZIP_ENTRIES: usize = 200_000;

/// The notes formats [`sniff`] recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteFormat {
    W3cJsonld,
    ReadwiseCsv,
    InstapaperCsv,
    /// One Omnivore `highlights/<slug>.md` file.
    OmnivoreMarkdown,
    /// Omnivore's export zip, with `highlights/*.md` and `metadata_*.json`.
    OmnivoreZip,
    /// Our own Markdown export.
    QuireMarkdown,
}

impl NoteFormat {
    pub fn name(self) -> &'static str {
        match self {
            NoteFormat::W3cJsonld => "W3C Web Annotation JSON-LD",
            NoteFormat::ReadwiseCsv => "Readwise CSV",
            NoteFormat::InstapaperCsv => "Instapaper CSV",
            NoteFormat::OmnivoreMarkdown => "Omnivore highlights (Markdown)",
            NoteFormat::OmnivoreZip => "Omnivore export (zip)",
            NoteFormat::QuireMarkdown => "Quire Markdown export",
        }
    }
}

fn text_of(bytes: &[u8]) -> Option<&str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).ok()
}

/// The CSV header's column names, lower-cased, when the text looks like CSV.
fn csv_header(text: &str) -> Option<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let first = r.records().next()?.ok()?;
    Some(first.iter().map(|h| h.trim().to_lowercase()).collect())
}

/// What notes format `bytes` are in, by content; `None` when not a notes file.
pub fn sniff(bytes: &[u8]) -> Option<NoteFormat> {
    if bytes.starts_with(b"PK\x03\x04") {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let has_highlights = archive.file_names().any(|n| n.starts_with("highlights/") && n.ends_with(".md"));
        return has_highlights.then_some(NoteFormat::OmnivoreZip);
    }
    let text = text_of(bytes)?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let v: Value = serde_json::from_str(trimmed).ok()?;
        let first = if let Value::Array(a) = &v { a.first()?.clone() } else { v };
        let kind = first.get("type").and_then(Value::as_str)?;
        return matches!(kind, "AnnotationCollection" | "AnnotationPage" | "Annotation")
            .then_some(NoteFormat::W3cJsonld);
    }
    if text.contains(HIGHLIGHT_MARKER) || (trimmed.starts_with("---") && text.contains(NOTES_HEADING)) {
        return Some(NoteFormat::QuireMarkdown);
    }
    if let Some(header) = csv_header(text) {
        let has = |c: &str| header.iter().any(|h| h == c);
        if has("highlight") && has("title") && has("url") {
            return Some(NoteFormat::ReadwiseCsv);
        }
        if has("selection") && has("url") {
            return Some(NoteFormat::InstapaperCsv);
        }
    }
    if text.lines().any(|l| l.starts_with("> ") && l.contains("[⤴️](")) {
        return Some(NoteFormat::OmnivoreMarkdown);
    }
    None
}

/// A highlight read from a file, before it is matched to an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportedHighlight {
    pub url: Option<String>,
    pub title: Option<String>,
    pub exact: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// Where it was, when the file says (a position hint).
    pub start: Option<u32>,
    pub note: Option<String>,
    pub color: Option<HighlightColor>,
    pub tags: Vec<String>,
}

/// A page note read from a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportedNote {
    pub url: Option<String>,
    pub title: Option<String>,
    pub body: String,
}

/// Everything read from a notes file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub highlights: Vec<ImportedHighlight>,
    pub notes: Vec<ImportedNote>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotesImported {
    pub format: Option<&'static str>,
    pub highlights_added: usize,
    pub notes_added: usize,
    /// Already in the library: not added again.
    pub already_there: usize,
    /// Restored, but their quote was not found in the article's text.
    pub orphans: usize,
    /// Addresses (or titles) that match no article in the library.
    pub unmatched: Vec<String>,
}

fn invalid(format: NoteFormat, why: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("this {} file cannot be read: {why}", format.name()))
}

/// Reads a notes file of a known format.
pub fn parse(bytes: &[u8], format: NoteFormat) -> Result<Parsed> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::Invalid(format!("the file is larger than {} MB", MAX_FILE_BYTES / 1024 / 1024)));
    }
    if format == NoteFormat::OmnivoreZip {
        return parse_omnivore_zip(bytes);
    }
    let text = text_of(bytes).ok_or_else(|| invalid(format, "it is not UTF-8 text"))?;
    match format {
        NoteFormat::W3cJsonld => parse_jsonld(text),
        NoteFormat::ReadwiseCsv | NoteFormat::InstapaperCsv => parse_csv(text, format),
        NoteFormat::OmnivoreMarkdown => Ok(parse_omnivore_markdown(text, None, None)),
        NoteFormat::QuireMarkdown => parse_quire_markdown(text),
        NoteFormat::OmnivoreZip => unreachable!("handled above"),
    }
}

fn string_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn parse_jsonld(text: &str) -> Result<Parsed> {
    let root: Value = serde_json::from_str(text).map_err(|e| invalid(NoteFormat::W3cJsonld, e))?;
    let items: Vec<Value> = match string_at(&root, "type") {
        Some("AnnotationCollection") => {
            root.get("first").and_then(|p| p.get("items")).and_then(Value::as_array).cloned().unwrap_or_default()
        }
        Some("AnnotationPage") => root.get("items").and_then(Value::as_array).cloned().unwrap_or_default(),
        Some("Annotation") => vec![root.clone()],
        _ => root.as_array().cloned().unwrap_or_default(),
    };
    let mut parsed = Parsed::default();
    for item in &items {
        let Some(target) = item.get("target") else { continue };
        let target = if let Value::Array(t) = target { t.first().unwrap_or(&Value::Null) } else { target };
        let source = target.get("source").unwrap_or(target);
        let url = source.as_str().or_else(|| string_at(source, "id")).map(str::to_owned);
        let title = string_at(source, "title").map(str::to_owned);
        let bodies: Vec<&Value> = match item.get("body") {
            Some(Value::Array(b)) => b.iter().collect(),
            Some(b) => vec![b],
            None => Vec::new(),
        };
        let purposed = |purpose: &str| -> Vec<String> {
            bodies
                .iter()
                .filter(|b| string_at(b, "purpose").unwrap_or("commenting") == purpose)
                .filter_map(|b| string_at(b, "value").map(str::to_owned))
                .collect()
        };
        let note = purposed("commenting").into_iter().next();
        let selectors: Vec<&Value> = match target.get("selector") {
            Some(Value::Array(s)) => s.iter().collect(),
            Some(s) => vec![s],
            None => Vec::new(),
        };
        let quote = selectors.iter().find(|s| string_at(s, "type") == Some("TextQuoteSelector"));
        let position = selectors.iter().find(|s| string_at(s, "type") == Some("TextPositionSelector"));
        match quote.and_then(|q| string_at(q, "exact")) {
            Some(exact) => parsed.highlights.push(ImportedHighlight {
                url,
                title,
                exact: exact.to_owned(),
                prefix: quote.and_then(|q| string_at(q, "prefix")).map(str::to_owned),
                suffix: quote.and_then(|q| string_at(q, "suffix")).map(str::to_owned),
                start: position.and_then(|p| p.get("start")).and_then(Value::as_u64).map(|s| s as u32),
                note,
                color: string_at(target, "styleClass").and_then(HighlightColor::parse),
                tags: purposed("tagging"),
            }),
            None => {
                if let Some(body) = note {
                    parsed.notes.push(ImportedNote { url, title, body });
                }
            }
        }
    }
    Ok(parsed)
}

fn parse_csv(text: &str, format: NoteFormat) -> Result<Parsed> {
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> =
        r.headers().map_err(|e| invalid(format, e))?.iter().map(|h| h.trim().to_lowercase()).collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let quote_column = if format == NoteFormat::ReadwiseCsv { "highlight" } else { "selection" };
    let (Some(quote), url, title, note, location) =
        (column(quote_column), column("url"), column("title"), column("note"), column("location"))
    else {
        return Err(invalid(format, format!("it has no {quote_column:?} column")));
    };
    let mut parsed = Parsed::default();
    for record in r.records() {
        let record = record.map_err(|e| invalid(format, e))?;
        let field = |i: Option<usize>| i.and_then(|i| record.get(i)).map(str::trim).filter(|s| !s.is_empty());
        let Some(exact) = field(Some(quote)) else { continue };
        parsed.highlights.push(ImportedHighlight {
            url: field(url).map(str::to_owned),
            title: field(title).map(str::to_owned),
            exact: exact.to_owned(),
            start: field(location).and_then(|l| l.parse().ok()),
            note: field(note).map(str::to_owned),
            ..Default::default()
        });
    }
    Ok(parsed)
}

/// Omnivore's Markdown: each highlight a `>` quote ending in a `[⤴️](…)` link
/// back to Omnivore, its note in the lines after it.
fn parse_omnivore_markdown(text: &str, url: Option<&str>, title: Option<&str>) -> Parsed {
    let mut parsed = Parsed::default();
    let mut quote: Vec<String> = Vec::new();
    let mut note: Vec<&str> = Vec::new();
    let mut flush = |quote: &mut Vec<String>, note: &mut Vec<&str>| {
        if !quote.is_empty() {
            let exact = quote.join("\n").trim().to_string();
            let body = note.join("\n").trim().to_string();
            if !exact.is_empty() {
                parsed.highlights.push(ImportedHighlight {
                    url: url.map(str::to_owned),
                    title: title.map(str::to_owned),
                    exact,
                    note: (!body.is_empty()).then_some(body),
                    ..Default::default()
                });
            }
        }
        quote.clear();
        note.clear();
    };
    let mut in_quote = false;
    for line in text.lines() {
        if let Some(q) = line.strip_prefix('>') {
            if !in_quote {
                flush(&mut quote, &mut note);
                in_quote = true;
            }
            let q = q.strip_prefix(' ').unwrap_or(q);
            let q = match q.find(" [⤴️](") {
                Some(i) => &q[..i],
                None => q,
            };
            quote.push(q.to_string());
        } else {
            in_quote = false;
            if !quote.is_empty() {
                note.push(line);
            }
        }
    }
    flush(&mut quote, &mut note);
    parsed
}

/// Reads a zip entry through a bounded read.
fn read_entry(file: &mut zip::read::ZipFile<'_, Cursor<&[u8]>>, budget: &mut u64) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let limit = MAX_ENTRY_BYTES.min(*budget);
    file.take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| invalid(NoteFormat::OmnivoreZip, format!("{}: {e}", file.name())))?;
    if out.len() as u64 > limit {
        return Err(invalid(NoteFormat::OmnivoreZip, format!("{} is too large once decompressed", file.name())));
    }
    *budget -= out.len() as u64;
    Ok(out)
}

fn parse_omnivore_zip(bytes: &[u8]) -> Result<Parsed> {
    let format = NoteFormat::OmnivoreZip;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| invalid(format, e))?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(invalid(format, format!("it has more than {MAX_ZIP_ENTRIES} entries")));
    }
    let mut budget = MAX_ZIP_TOTAL_BYTES;
    // slug → (url, title), from the metadata files.
    let mut articles: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
    let mut highlight_files: Vec<(String, String)> = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| invalid(format, e))?;
        let name = file.name().to_string();
        if name.starts_with("metadata") && name.ends_with(".json") {
            let data = read_entry(&mut file, &mut budget)?;
            let items: Vec<Value> =
                serde_json::from_slice(&data).map_err(|e| invalid(format, format!("{name}: {e}")))?;
            for item in items {
                if let Some(slug) = string_at(&item, "slug") {
                    let url = string_at(&item, "url").or_else(|| string_at(&item, "originalUrl")).map(str::to_owned);
                    articles.insert(slug.to_owned(), (url, string_at(&item, "title").map(str::to_owned)));
                }
            }
        } else if let Some(slug) = name.strip_prefix("highlights/").and_then(|n| n.strip_suffix(".md")) {
            let data = read_entry(&mut file, &mut budget)?;
            let text = String::from_utf8(data).map_err(|_| invalid(format, format!("{name} is not UTF-8")))?;
            highlight_files.push((slug.to_owned(), text));
        }
    }
    let mut parsed = Parsed::default();
    for (slug, text) in highlight_files {
        let (url, title) = articles.get(&slug).cloned().unwrap_or_default();
        let one = parse_omnivore_markdown(&text, url.as_deref(), title.as_deref());
        parsed.highlights.extend(one.highlights);
    }
    Ok(parsed)
}

/// Our own Markdown export (see `export::markdown`).
fn parse_quire_markdown(text: &str) -> Result<Parsed> {
    let format = NoteFormat::QuireMarkdown;
    let text = text.replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n").ok_or_else(|| invalid(format, "it has no front matter"))?;
    let end = rest.find("\n---\n").ok_or_else(|| invalid(format, "its front matter does not end"))?;
    let front: serde_yaml::Value = serde_yaml::from_str(&rest[..end]).map_err(|e| invalid(format, e))?;
    let url = front.get("url").and_then(serde_yaml::Value::as_str).map(str::to_owned);
    let title = front.get("title").and_then(serde_yaml::Value::as_str).map(str::to_owned);
    let body = &rest[end + 5..];
    let (highlights_part, notes_part) = match body.find(&format!("\n{NOTES_HEADING}\n")) {
        Some(i) => (&body[..i], Some(&body[i + NOTES_HEADING.len() + 2..])),
        None => (body, None),
    };
    let highlights_part = highlights_part.split("\n## Photos\n").next().unwrap_or("");
    let mut parsed = Parsed::default();
    for chunk in highlights_part.split(HIGHLIGHT_MARKER).skip(1) {
        let Some((json, after)) = chunk.split_once(" -->\n") else { continue };
        let meta: Value = serde_json::from_str(json).unwrap_or(Value::Null);
        let mut quote = Vec::new();
        let mut lines = after.lines().peekable();
        while let Some(line) = lines.peek() {
            let Some(q) = line.strip_prefix('>') else { break };
            quote.push(q.strip_prefix(' ').unwrap_or(q).to_string());
            lines.next();
        }
        let note = lines.collect::<Vec<_>>().join("\n").trim().to_string();
        parsed.highlights.push(ImportedHighlight {
            url: url.clone(),
            title: title.clone(),
            exact: quote.join("\n"),
            start: meta.get("start").and_then(Value::as_u64).map(|s| s as u32),
            note: (!note.is_empty()).then_some(note),
            color: string_at(&meta, "color").and_then(HighlightColor::parse),
            tags: meta
                .get("tags")
                .and_then(Value::as_array)
                .map(|t| t.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .unwrap_or_default(),
            ..Default::default()
        });
    }
    if let Some(notes) = notes_part {
        let notes = notes.split("\n## Photos\n").next().unwrap_or("");
        for chunk in notes.split("<!-- quire:note -->\n").skip(1) {
            let body = chunk.trim();
            if !body.is_empty() {
                parsed.notes.push(ImportedNote { url: url.clone(), title: title.clone(), body: body.to_owned() });
            }
        }
    }
    Ok(parsed)
}

/// The live article saved from `url` (compared as saved and normalised).
fn article_by_url(c: &Connection, url: &str) -> Result<Option<String>> {
    let normalised = url::Url::parse(url.trim()).ok().map(|u| crate::ingest::normalise_url(&u));
    let candidates = [Some(url.trim().to_string()), normalised];
    for u in candidates.iter().flatten() {
        let found = c
            .query_row(
                "SELECT id FROM articles WHERE (canonical_url = ?1 OR url = ?1) AND deleted_at IS NULL
                 ORDER BY saved_at LIMIT 1",
                [u],
                |r| r.get(0),
            )
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

/// The live article whose text holds `quote` (for files that do not name
/// their article, like a lone Omnivore Markdown file): the only one, or none.
fn article_by_quote(c: &Connection, quote: &str) -> Result<Option<String>> {
    let words: Vec<&str> = quote.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).take(12).collect();
    if words.is_empty() {
        return Ok(None);
    }
    let Some(expr) = crate::search::fts_expression(&format!("\"{}\"", words.join(" ").replace('"', " "))) else {
        return Ok(None);
    };
    let mut stmt = c.prepare_cached(
        "SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
         WHERE articles_fts MATCH ?1 AND a.deleted_at IS NULL LIMIT 2",
    )?;
    let ids: Vec<String> = stmt.query_map([expr], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(if ids.len() == 1 { ids.into_iter().next() } else { None })
}

fn article_by_title(c: &Connection, title: &str) -> Result<Option<String>> {
    let mut stmt = c.prepare_cached("SELECT id FROM articles WHERE title = ?1 AND deleted_at IS NULL LIMIT 2")?;
    let ids: Vec<String> = stmt.query_map([title.trim()], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(if ids.len() == 1 { ids.into_iter().next() } else { None })
}

fn folded(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Restores parsed highlights and notes onto their articles, in one transaction.
pub fn restore(c: &Connection, parsed: &Parsed) -> Result<NotesImported> {
    let mut done = NotesImported::default();
    // A file that names no address is matched by its title (when only one
    // article has it), else by the quote (when only one article holds it).
    let article_of = |url: &Option<String>, title: &Option<String>, quote: Option<&str>| -> Result<Option<String>> {
        if let Some(u) = url {
            return article_by_url(c, u);
        }
        if let Some(t) = title
            && let Some(id) = article_by_title(c, t)?
        {
            return Ok(Some(id));
        }
        match quote {
            Some(q) => article_by_quote(c, q),
            None => Ok(None),
        }
    };
    let mut texts: HashMap<String, Vec<char>> = HashMap::new();
    for h in &parsed.highlights {
        let Some(article_id) = article_of(&h.url, &h.title, Some(&h.exact))? else {
            let what = h.url.clone().or_else(|| h.title.clone()).unwrap_or_else(|| format!("{:?}", h.exact));
            if !done.unmatched.contains(&what) {
                done.unmatched.push(what);
            }
            continue;
        };
        let wanted = folded(&h.exact);
        if wanted.is_empty() {
            continue;
        }
        if !texts.contains_key(&article_id) {
            texts.insert(article_id.clone(), annotations::anchor_text(c, &article_id)?);
        }
        let text = &texts[&article_id];
        let placed = place(text, h);
        // Already there: the same quote, or a highlight on the very passage
        // the quote was placed on (its text may have changed since export).
        let existing = annotations::highlights_of(c, &article_id)?;
        let same = |e: &crate::annotation_model::Highlight| {
            folded(&e.exact) == wanted || (!e.orphan && Some((e.start as usize, e.end as usize)) == placed)
        };
        if existing.iter().any(same) {
            done.already_there += 1;
            continue;
        }
        let color = h.color.unwrap_or_default();
        let orphan = Anchor {
            exact: h.exact.clone(),
            prefix: h.prefix.clone().unwrap_or_default(),
            suffix: h.suffix.clone().unwrap_or_default(),
            start: h.start.unwrap_or(0),
            end: h.start.unwrap_or(0) + h.exact.chars().count() as u32,
        };
        if placed.is_none() {
            done.orphans += 1;
        }
        insert_highlight(
            c,
            &article_id,
            text,
            placed.unwrap_or((0, 0)),
            color,
            h.note.as_deref(),
            &h.tags,
            placed.is_none().then_some(&orphan),
        )?;
        done.highlights_added += 1;
    }
    for n in &parsed.notes {
        let Some(article_id) = article_of(&n.url, &n.title, None)? else {
            let what = n.url.clone().or_else(|| n.title.clone()).unwrap_or_default();
            if !done.unmatched.contains(&what) {
                done.unmatched.push(what);
            }
            continue;
        };
        if annotations::notes_of(c, &article_id)?.iter().any(|e| e.body.trim() == n.body.trim()) {
            done.already_there += 1;
            continue;
        }
        annotations::add_note(c, &article_id, &crate::annotation_model::NewNote { body: n.body.clone() })?;
        done.notes_added += 1;
    }
    Ok(done)
}

/// Where an imported quote is in the article's text now, if anywhere.
fn place(text: &[char], h: &ImportedHighlight) -> Option<(usize, usize)> {
    let hint = h.start.map(|s| s as usize);
    if h.prefix.is_some() || h.suffix.is_some() {
        let start = hint.unwrap_or(0);
        let sel = Selectors {
            exact: &h.exact,
            prefix: h.prefix.as_deref().unwrap_or(""),
            suffix: h.suffix.as_deref().unwrap_or(""),
            start,
            end: start + h.exact.chars().count(),
        };
        if let Some(found) = anchoring::anchor(text, &sel) {
            return Some(found);
        }
    }
    // No context: the quote itself, whitespace compared loosely, nearest the hint.
    let found = anchoring::find_quote(text, &h.exact);
    if let Some(best) = found.iter().min_by_key(|(s, _)| s.abs_diff(hint.unwrap_or(0))) {
        return Some(*best);
    }
    let start = hint.unwrap_or(0);
    let sel = Selectors { exact: &h.exact, prefix: "", suffix: "", start, end: start + h.exact.chars().count() };
    anchoring::anchor(text, &sel)
}

impl crate::Library {
    /// Imports a notes file's highlights and notes onto the library's articles.
    pub fn import_notes(&self, bytes: &[u8]) -> Result<NotesImported> {
        let format = sniff(bytes).ok_or_else(|| {
            Error::Invalid(
                "not a notes file: expected W3C JSON-LD, Readwise or Instapaper CSV, Omnivore highlights or a Quire Markdown export"
                    .into(),
            )
        })?;
        let parsed = parse(bytes, format)?;
        let mut done = self.write(|tx| restore(tx, &parsed))?;
        done.format = Some(format.name());
        Ok(done)
    }
}

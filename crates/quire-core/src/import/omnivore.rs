//! Omnivore's export zip: `metadata_0_to_49.json`, … (arrays of items with
//! `slug`, `title`, `url`, `state`, `labels`, `savedAt`, `publishedAt`), the
//! article HTML in `content/<slug>.html`, and highlights in
//! `highlights/<slug>.md` as Markdown quotes (`> passage`), each followed by
//! its note when it has one. An item whose content file is missing is fetched.

use std::collections::HashMap;
use std::io::{Read, Seek};

use serde_json::Value;

use super::archive::Entries;
use super::{Format, ImportError, ImportItem, ImportedHighlight, ParsedFile, iso_time, text};
use crate::model::ArticleState;

pub fn parse<R: Read + Seek>(entries: &mut Entries<R>, name: &str) -> Result<ParsedFile, ImportError> {
    let mut out = ParsedFile::new(Format::OmnivoreZip);
    let names = entries.names();
    let by_base: HashMap<String, String> =
        names.iter().map(|n| (n.trim_start_matches("./").to_string(), n.clone())).collect();
    let find = |dir: &str, slug: &str, ext: &str| {
        by_base.iter().find(|(k, _)| k.ends_with(&format!("{dir}/{slug}.{ext}"))).map(|(_, v)| v.clone())
    };
    let mut metadata: Vec<&String> = names
        .iter()
        .filter(|n| {
            let base = n.rsplit('/').next().unwrap_or(n);
            base.starts_with("metadata_") && base.ends_with(".json")
        })
        .collect();
    metadata.sort_by_key(|n| first_number(n));
    let mut row = 0;
    for meta in metadata {
        let bytes = entries.read(meta)?;
        let value: Value = serde_json::from_str(&text::decode(&bytes)).map_err(|e| ImportError::Malformed {
            name: format!("{name}:{meta}"),
            reason: format!("not valid JSON ({e})"),
        })?;
        let Value::Array(list) = value else {
            return Err(ImportError::Malformed {
                name: format!("{name}:{meta}"),
                reason: "expected a list of items".into(),
            });
        };
        for e in list {
            row += 1;
            let str_of = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_owned);
            let Some(url) = str_of("url") else {
                out.reject(row, format!("an item with no url in {meta}"));
                continue;
            };
            let slug = str_of("slug").or_else(|| str_of("id")).unwrap_or_default();
            let content = match find("content", &slug, "html").filter(|_| !slug.is_empty()) {
                Some(entry) => Some(text::decode(&entries.read(&entry)?).into_owned()),
                None => None,
            };
            let highlights = match find("highlights", &slug, "md").filter(|_| !slug.is_empty()) {
                Some(entry) => parse_highlights(&text::decode(&entries.read(&entry)?)),
                None => Vec::new(),
            };
            let labels: Vec<String> = e
                .get("labels")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|l| l.as_str().or_else(|| l.get("name").and_then(Value::as_str)))
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let favourite =
                labels.iter().any(|l| l.eq_ignore_ascii_case("favorites") || l.eq_ignore_ascii_case("favourites"));
            let archived = str_of("state").is_some_and(|s| s.eq_ignore_ascii_case("archived"))
                || e.get("archivedAt").is_some_and(|v| !v.is_null());
            out.push(ImportItem {
                row,
                url,
                title: str_of("title"),
                state: if archived { ArticleState::Archived } else { ArticleState::Unread },
                favourite,
                tags: labels.into_iter().filter(|l| !l.eq_ignore_ascii_case("favorites")).collect(),
                saved_at: str_of("savedAt").as_deref().and_then(iso_time),
                published_at: str_of("publishedAt").as_deref().and_then(iso_time),
                content_html: content.filter(|c| !c.trim().is_empty()),
                highlights,
            });
        }
    }
    Ok(out)
}

fn first_number(name: &str) -> u64 {
    name.split(|c: char| !c.is_ascii_digit()).find(|s| !s.is_empty()).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Quotes are runs of `> ` lines (Omnivore ends them with a ` [⤴️](…)` link
/// back to the highlight); the plain lines after a quote are its note.
pub fn parse_highlights(md: &str) -> Vec<ImportedHighlight> {
    let mut out: Vec<ImportedHighlight> = Vec::new();
    let mut in_quote = false;
    for line in md.lines() {
        if let Some(q) = line.strip_prefix('>') {
            let q = strip_backlink(q.trim());
            if in_quote && let Some(last) = out.last_mut() {
                last.quote.push('\n');
                last.quote.push_str(q);
            } else {
                out.push(ImportedHighlight { quote: q.to_string(), note: None });
            }
            in_quote = true;
        } else {
            in_quote = false;
            let l = line.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            if let Some(last) = out.last_mut() {
                let note = last.note.get_or_insert_with(String::new);
                if !note.is_empty() {
                    note.push('\n');
                }
                note.push_str(l);
            }
        }
    }
    out.retain(|h| !h.quote.trim().is_empty());
    out
}

fn strip_backlink(q: &str) -> &str {
    match q.rfind(" [⤴️](") {
        Some(i) if q.ends_with(')') => q[..i].trim_end(),
        _ => q,
    }
}

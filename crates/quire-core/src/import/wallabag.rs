//! wallabag's JSON export: an array of entries with `url`, `title`, `content`
//! (the article's HTML), `is_archived`, `is_starred`, `tags`, `created_at`,
//! `published_at` and `annotations` (`quote` = the highlighted text, `text` =
//! the note). Entries come with their content, so nothing needs fetching.

use serde_json::Value;

use super::{Format, ImportError, ImportItem, ImportedHighlight, ParsedFile, iso_time};
use crate::model::ArticleState;

pub fn parse(text: &str, name: &str) -> Result<ParsedFile, ImportError> {
    let malformed = |reason: String| ImportError::Malformed { name: name.to_string(), reason };
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| malformed(format!("not valid JSON ({e})")))?;
    let entries = match value {
        Value::Array(a) => a,
        // Some versions wrap the list: {"entries": [...]}.
        Value::Object(mut o) => match o.remove("entries").or_else(|| o.remove("items")) {
            Some(Value::Array(a)) => a,
            _ => vec![Value::Object(o)],
        },
        _ => return Err(malformed("expected a list of entries".into())),
    };
    let mut out = ParsedFile::new(Format::WallabagJson);
    for (i, e) in entries.iter().enumerate() {
        let row = i as u64 + 1;
        let Some(url) = e.get("url").and_then(Value::as_str) else {
            out.reject(row, "an entry with no url");
            continue;
        };
        let str_of = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_owned);
        let tags = e
            .get("tags")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().or_else(|| t.get("label").and_then(Value::as_str)))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let highlights = e
            .get("annotations")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|h| {
                        let quote = h.get("quote").and_then(Value::as_str)?.trim();
                        let note = h.get("text").and_then(Value::as_str).map(str::trim).filter(|n| !n.is_empty());
                        (!quote.is_empty())
                            .then(|| ImportedHighlight { quote: quote.to_string(), note: note.map(str::to_owned) })
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(ImportItem {
            row,
            url: url.to_string(),
            title: str_of("title"),
            state: if truthy(e.get("is_archived")) { ArticleState::Archived } else { ArticleState::Unread },
            favourite: truthy(e.get("is_starred")),
            tags,
            saved_at: str_of("created_at").as_deref().and_then(iso_time),
            published_at: str_of("published_at").as_deref().and_then(iso_time),
            content_html: str_of("content").filter(|c| !c.trim().is_empty()),
            highlights,
        });
    }
    Ok(out)
}

/// wallabag writes flags as 0/1 or as booleans, depending on the version.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        Some(Value::String(s)) => s == "1" || s == "true",
        _ => false,
    }
}

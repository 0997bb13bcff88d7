//! Readwise Reader's CSV export: `Title,URL,ID,Document tags,Saved date,
//! Reading progress,Location,Seen`. Location `archive` is archived; the tags
//! are a Python-style list (`['a', 'b']`) or comma-separated. No content.

use super::{Columns, Format, ImportError, ImportItem, ParsedFile, csv_header, each_csv_row, field, iso_time};
use crate::model::ArticleState;

pub fn parse(text: &str, name: &str) -> Result<ParsedFile, ImportError> {
    let mut out = ParsedFile::new(Format::ReadwiseCsv);
    let cols = Columns::new(&csv_header(text, name)?);
    let url = cols.require("url", name)?;
    let (title, tags, saved, location) =
        (cols.index("title"), cols.index("document tags"), cols.index("saved date"), cols.index("location"));
    each_csv_row(text, &mut out, |r, line, out| {
        let Some(u) = field(r, Some(url)) else {
            return out.reject(line, "no URL");
        };
        out.push(ImportItem {
            row: line,
            url: u.to_string(),
            title: field(r, title).map(str::to_owned),
            state: if field(r, location) == Some("archive") { ArticleState::Archived } else { ArticleState::Unread },
            tags: field(r, tags).map(parse_tags).unwrap_or_default(),
            saved_at: field(r, saved).and_then(iso_time),
            ..Default::default()
        });
    });
    Ok(out)
}

fn parse_tags(s: &str) -> Vec<String> {
    s.trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|t| t.trim().trim_matches(|c| c == '\'' || c == '"').trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

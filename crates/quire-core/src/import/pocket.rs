//! Pocket's exports: the CSV zip (`part_000000.csv`, … with the columns
//! `title,url,time_added,tags,status`, tags separated by `|`, status `unread`
//! or `archive`) and the older `ril_export.html` (an "Unread" and a "Read
//! Archive" list of links carrying `time_added` and `tags` attributes).
//! Neither holds content, so every item is fetched.

use std::io::{Read, Seek};

use dom_query::Document;

use super::archive::Entries;
use super::{
    Columns, Format, ImportError, ImportItem, ParsedFile, csv_header, each_csv_row, field, split_tags, text, unix_time,
};
use crate::model::ArticleState;

pub fn parse_csv(text: &str, name: &str) -> Result<ParsedFile, ImportError> {
    let mut out = ParsedFile::new(Format::PocketCsv);
    parse_csv_into(text, name, 0, &mut out)?;
    Ok(out)
}

/// Parses one CSV part; `row_base` keeps row numbers distinct across parts.
fn parse_csv_into(text: &str, name: &str, row_base: u64, out: &mut ParsedFile) -> Result<(), ImportError> {
    let cols = Columns::new(&csv_header(text, name)?);
    let url = cols.require("url", name)?;
    let (title, added, tags, status) =
        (cols.index("title"), cols.index("time_added"), cols.index("tags"), cols.index("status"));
    each_csv_row(text, out, |r, line, out| {
        let Some(u) = field(r, Some(url)) else {
            return out.reject(row_base + line, "no URL");
        };
        out.push(ImportItem {
            row: row_base + line,
            url: u.to_string(),
            title: field(r, title).map(str::to_owned),
            state: if field(r, status) == Some("archive") { ArticleState::Archived } else { ArticleState::Unread },
            tags: field(r, tags).map(|t| split_tags(t, '|')).unwrap_or_default(),
            saved_at: field(r, added).and_then(unix_time),
            ..Default::default()
        });
    });
    Ok(())
}

pub fn parse_zip<R: Read + Seek>(entries: &mut Entries<R>, name: &str) -> Result<ParsedFile, ImportError> {
    let mut out = ParsedFile::new(Format::PocketZip);
    let mut parts: Vec<String> = entries.names().into_iter().filter(|n| n.ends_with(".csv")).collect();
    parts.sort();
    // Rows are numbered on through the parts, as if they were one file.
    let mut row_base = 0;
    for part in &parts {
        let bytes = entries.read(part)?;
        let text = text::decode(&bytes);
        parse_csv_into(&text, &format!("{name}:{part}"), row_base, &mut out)?;
        row_base += text.lines().count() as u64;
    }
    Ok(out)
}

pub fn parse_html(text: &str) -> ParsedFile {
    let mut out = ParsedFile::new(Format::PocketHtml);
    let doc = Document::from(text);
    let mut archived = false;
    let mut row = 0;
    for node in doc.select("h1, a").nodes() {
        let sel = dom_query::Selection::from(*node);
        if node.node_name().as_deref() == Some("h1") {
            archived = sel.text().to_lowercase().contains("archive");
            continue;
        }
        row += 1;
        let Some(href) = sel.attr("href") else {
            out.reject(row, "a link with no address");
            continue;
        };
        out.push(ImportItem {
            row,
            url: href.to_string(),
            title: Some(sel.text().to_string()),
            state: if archived { ArticleState::Archived } else { ArticleState::Unread },
            tags: sel.attr("tags").map(|t| split_tags(&t, ',')).unwrap_or_default(),
            saved_at: sel.attr("time_added").and_then(|t| unix_time(&t)),
            ..Default::default()
        });
    }
    out
}

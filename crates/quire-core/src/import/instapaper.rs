//! Instapaper's CSV export: `URL,Title,Selection,Folder,Timestamp[,Tags]`.
//! Folder is `Unread`, `Archive`, `Starred` or a folder of the person's own
//! (kept as a tag); Selection is a highlighted passage; Tags, in newer exports,
//! is a JSON array of names. No content: every item is fetched.

use super::{
    Columns, Format, ImportError, ImportItem, ImportedHighlight, ParsedFile, csv_header, each_csv_row, field,
    split_tags, unix_time,
};
use crate::model::ArticleState;

pub fn parse(text: &str, name: &str) -> Result<ParsedFile, ImportError> {
    let mut out = ParsedFile::new(Format::InstapaperCsv);
    let cols = Columns::new(&csv_header(text, name)?);
    let url = cols.require("url", name)?;
    let (title, selection, folder, timestamp, tags) = (
        cols.index("title"),
        cols.index("selection"),
        cols.index("folder"),
        cols.index("timestamp"),
        cols.index("tags"),
    );
    each_csv_row(text, &mut out, |r, line, out| {
        let Some(u) = field(r, Some(url)) else {
            return out.reject(line, "no URL");
        };
        let mut item = ImportItem {
            row: line,
            url: u.to_string(),
            title: field(r, title).map(str::to_owned),
            saved_at: field(r, timestamp).and_then(unix_time),
            tags: field(r, tags).map(parse_tags).unwrap_or_default(),
            ..Default::default()
        };
        match field(r, folder) {
            Some("Archive") => item.state = ArticleState::Archived,
            Some("Starred") => item.favourite = true,
            Some("Unread") | None => {}
            Some(own) => item.tags.push(own.to_string()),
        }
        if let Some(quote) = field(r, selection) {
            item.highlights.push(ImportedHighlight { quote: quote.to_string(), note: None });
        }
        out.push(item);
    });
    Ok(out)
}

fn parse_tags(s: &str) -> Vec<String> {
    if s.starts_with('[')
        && let Ok(serde_json::Value::Array(a)) = serde_json::from_str(s)
    {
        return a.iter().filter_map(|v| v.as_str()).map(str::to_owned).collect();
    }
    split_tags(s, ',')
}

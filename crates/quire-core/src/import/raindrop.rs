//! Raindrop.io's CSV export: `id,title,note,excerpt,url,folder,tags,created,
//! cover,highlights,favorite`. Tags are comma-separated, `favorite` is
//! `true`/`false`, the folder is kept as a tag (Raindrop has no archive).
//! Highlights, when present, are one passage per line. No content.

use super::{
    Columns, Format, ImportError, ImportItem, ImportedHighlight, ParsedFile, csv_header, each_csv_row, field, iso_time,
    split_tags,
};

pub fn parse(text: &str, name: &str) -> Result<ParsedFile, ImportError> {
    let mut out = ParsedFile::new(Format::RaindropCsv);
    let cols = Columns::new(&csv_header(text, name)?);
    let url = cols.require("url", name)?;
    let (title, folder, tags, created, favorite, highlights) = (
        cols.index("title"),
        cols.index("folder"),
        cols.index("tags"),
        cols.index("created"),
        cols.index("favorite"),
        cols.index("highlights"),
    );
    each_csv_row(text, &mut out, |r, line, out| {
        let Some(u) = field(r, Some(url)) else {
            return out.reject(line, "no URL");
        };
        let mut tags = field(r, tags).map(|t| split_tags(t, ',')).unwrap_or_default();
        if let Some(f) = field(r, folder).filter(|f| *f != "Unsorted") {
            tags.push(f.to_string());
        }
        out.push(ImportItem {
            row: line,
            url: u.to_string(),
            title: field(r, title).map(str::to_owned),
            favourite: field(r, favorite) == Some("true"),
            tags,
            saved_at: field(r, created).and_then(iso_time),
            highlights: field(r, highlights)
                .map(|h| {
                    h.lines()
                        .map(|l| l.trim().trim_start_matches("Highlight:").trim())
                        .filter(|l| !l.is_empty())
                        .map(|q| ImportedHighlight { quote: q.to_string(), note: None })
                        .collect()
                })
                .unwrap_or_default(),
            ..Default::default()
        });
    });
    Ok(out)
}

//! Telling export formats apart by their content, never by the file's name
//! (people rename files, and browsers add " (1)").
//!
//! CSV exports are told apart by their header's columns, HTML by its markers,
//! JSON by the fields of its first entry, zips by the names of their entries.

use std::fmt;

use super::text;

/// The export formats Quire reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Pocket's export since 2024: a zip of `part_000000.csv` files.
    PocketZip,
    /// One of those CSV files on its own: `title,url,time_added,tags,status`.
    PocketCsv,
    /// Pocket's older `ril_export.html`.
    PocketHtml,
    /// `URL,Title,Selection,Folder,Timestamp[,Tags]`.
    InstapaperCsv,
    /// A zip of `metadata_*.json`, `content/*.html`, `highlights/*.md`.
    OmnivoreZip,
    /// wallabag's JSON export (entries with content and annotations).
    WallabagJson,
    /// Readwise Reader's CSV export.
    ReadwiseCsv,
    /// Raindrop.io's CSV export.
    RaindropCsv,
    /// The bookmarks file every browser exports.
    NetscapeBookmarks,
    /// One address per line.
    UrlList,
}

impl Format {
    /// The stable name stored in jobs and shown in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::PocketZip => "pocket_zip",
            Format::PocketCsv => "pocket_csv",
            Format::PocketHtml => "pocket_html",
            Format::InstapaperCsv => "instapaper_csv",
            Format::OmnivoreZip => "omnivore_zip",
            Format::WallabagJson => "wallabag_json",
            Format::ReadwiseCsv => "readwise_csv",
            Format::RaindropCsv => "raindrop_csv",
            Format::NetscapeBookmarks => "netscape_bookmarks",
            Format::UrlList => "url_list",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The format of an export file's bytes (a prefix is enough for text files; a
/// zip needs its entry names: see [`zip_format`]).
pub fn detect(bytes: &[u8]) -> Result<Format, String> {
    if bytes.starts_with(b"PK\x03\x04") {
        let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let names: Vec<&str> = archive.file_names().collect();
        return zip_format(&names)
            .ok_or_else(|| "a zip archive that is neither a Pocket nor an Omnivore export".into());
    }
    detect_text(&text::decode(bytes))
}

/// The format of a zip archive, from the names of its entries.
pub fn zip_format(names: &[&str]) -> Option<Format> {
    let base = |n: &&str| n.rsplit('/').next().unwrap_or(n).to_string();
    if names.iter().map(base).any(|n| n.starts_with("metadata_") && n.ends_with(".json")) {
        return Some(Format::OmnivoreZip);
    }
    if names.iter().map(base).any(|n| n.ends_with(".csv")) {
        return Some(Format::PocketZip);
    }
    None
}

/// The format of a text export.
pub fn detect_text(text: &str) -> Result<Format, String> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.is_empty() {
        return Err("the file is empty".into());
    }
    let head: String = start.chars().take(4096).collect::<String>().to_lowercase();
    if start.starts_with('[') || start.starts_with('{') {
        let looks_wallabag = ["\"is_archived\"", "\"is_starred\"", "\"annotations\"", "\"reading_time\""]
            .iter()
            .any(|k| head.contains(k));
        return if looks_wallabag {
            Ok(Format::WallabagJson)
        } else {
            Err("a JSON file that is not a wallabag export (no is_archived or annotations fields)".into())
        };
    }
    if start.starts_with('<') {
        if head.contains("netscape-bookmark-file") {
            return Ok(Format::NetscapeBookmarks);
        }
        if head.contains("<title>pocket export</title>") || head.contains("<h1>unread</h1>") {
            return Ok(Format::PocketHtml);
        }
        if head.contains("<dt><a ") || head.contains("<dl>") {
            return Ok(Format::NetscapeBookmarks);
        }
        return Err("an HTML file that is neither a bookmarks export nor a Pocket export".into());
    }
    let first_line = start.lines().next().unwrap_or("");
    if first_line.contains(',') {
        let header = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(first_line.as_bytes())
            .records()
            .next()
            .and_then(Result::ok)
            .map(|r| r.iter().map(|c| c.trim().to_lowercase()).collect::<Vec<_>>())
            .unwrap_or_default();
        let has = |c: &str| header.iter().any(|h| h == c);
        if has("url") && has("time_added") && has("status") {
            return Ok(Format::PocketCsv);
        }
        if has("url") && has("selection") && has("folder") {
            return Ok(Format::InstapaperCsv);
        }
        if has("url") && has("document tags") && has("location") {
            return Ok(Format::ReadwiseCsv);
        }
        if has("url") && has("created") && has("folder") && has("excerpt") {
            return Ok(Format::RaindropCsv);
        }
        if !first_line.trim_start().starts_with("http") {
            return Err(format!(
                "a CSV file whose columns ({}) match no known export (Pocket, Instapaper, Readwise Reader, Raindrop)",
                header.join(", ")
            ));
        }
    }
    let lines: Vec<&str> =
        start.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).take(200).collect();
    let web = lines.iter().filter(|l| l.starts_with("http://") || l.starts_with("https://")).count();
    if web > 0 && web * 2 >= lines.len() {
        return Ok(Format::UrlList);
    }
    Err("its content matches no known export (not CSV, JSON, HTML, a zip, or a list of web addresses)".into())
}

//! Bringing a whole library in from other apps' export files.
//!
//! An import has two halves. Reading the file ([`read_file`]) is pure: the
//! format is detected from the content ([`detect`]), one parser per format
//! turns it into [`ImportItem`]s plus the rows it could not read, with bounded
//! memory whatever the file claims. Writing ([`stage`]) then stores every item
//! at once, with its content when the file has it or as a placeholder flagged
//! `needs_fetch` otherwise, and records it in a persisted job ([`jobs`]) whose
//! fetch queue a background worker works through, politely and resumably.
//! Nothing in the file is ever dropped: an item whose page cannot be fetched
//! stays in the library with everything the file said about it.

mod archive;
mod bookmarks;
pub mod detect;
mod instapaper;
pub mod jobs;
mod omnivore;
mod pocket;
mod raindrop;
mod readwise;
mod stage;
mod text;
mod url_list;
mod wallabag;

use std::io::Read;
use std::path::Path;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub use detect::{Format, detect};
pub use stage::{ImportSummary, stage, store_imported_highlight};

use crate::model::ArticleState;

/// Files that are not zip archives are read whole; past this they are refused.
pub const MAX_TEXT_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Zip archives are read entry by entry; past this the archive is refused.
pub const MAX_ARCHIVE_BYTES: u64 = 1024 * 1024 * 1024;

/// Why a file could not be imported at all. A file that is readable but has
/// some bad rows is not an error: those rows are [`RejectedRow`]s.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{name} is not an export Quire can import: {reason}")]
    UnknownFormat { name: String, reason: String },
    #[error("{name} is too large to import ({size_mb} MB; the limit for this kind of file is {limit_mb} MB)")]
    TooLarge { name: String, size_mb: u64, limit_mb: u64 },
    #[error("{name} is a damaged or truncated zip archive: {reason}")]
    BadArchive { name: String, reason: String },
    #[error("{name} is refused as a zip bomb: {reason}")]
    ZipBomb { name: String, reason: String },
    #[error("{name} is malformed: {reason}")]
    Malformed { name: String, reason: String },
    #[error("cannot read {name}: {source}")]
    Io { name: String, source: std::io::Error },
}

impl ImportError {
    /// A stable machine-readable code, as [`crate::Error::code`].
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::UnknownFormat { .. } => "unknown_format",
            ImportError::TooLarge { .. } => "file_too_large",
            ImportError::BadArchive { .. } => "bad_archive",
            ImportError::ZipBomb { .. } => "zip_bomb",
            ImportError::Malformed { .. } => "malformed_file",
            ImportError::Io { .. } => "io",
        }
    }
}

/// A highlight as an export file gives it: the quoted text and a note.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportedHighlight {
    pub quote: String,
    pub note: Option<String>,
}

/// One saved item of an export file, with everything the file says about it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportItem {
    /// Where it is in the file (the line, or the entry's position): reports name it.
    pub row: u64,
    pub url: String,
    pub title: Option<String>,
    pub state: ArticleState,
    pub favourite: bool,
    pub tags: Vec<String>,
    /// When it was saved in the other app, in Quire's timestamp form.
    pub saved_at: Option<String>,
    pub published_at: Option<String>,
    /// The page's HTML, when the file carries it.
    pub content_html: Option<String>,
    pub highlights: Vec<ImportedHighlight>,
}

/// A row that could not be read, and why: it is reported, never silently skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    pub row: u64,
    pub reason: String,
}

/// What a file holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedFile {
    pub format: Option<Format>,
    pub items: Vec<ImportItem>,
    pub rejected: Vec<RejectedRow>,
}

impl ParsedFile {
    fn new(format: Format) -> ParsedFile {
        ParsedFile { format: Some(format), ..Default::default() }
    }

    fn reject(&mut self, row: u64, reason: impl Into<String>) {
        self.rejected.push(RejectedRow { row, reason: reason.into() });
    }

    /// Keeps `item` if its URL is a web address; otherwise reports the row.
    fn push(&mut self, mut item: ImportItem) {
        match crate::fetch::parse_web_url(&item.url) {
            Ok(url) => {
                item.url = url.to_string();
                item.tags.retain(|t| !t.trim().is_empty());
                for t in &mut item.tags {
                    *t = t.trim().to_string();
                }
                item.title = item.title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
                self.items.push(item);
            }
            Err(e) => self.reject(item.row, e.to_string()),
        }
    }
}

/// Reads and parses the export file at `path`. `name` is how reports call it.
pub fn read_file(path: &Path, name: &str) -> Result<ParsedFile, ImportError> {
    let io = |source| ImportError::Io { name: name.to_string(), source };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let mut head = [0u8; 4];
    let n = file.read(&mut head).map_err(io)?;
    if head[..n].starts_with(b"PK\x03\x04") || head[..n].starts_with(b"PK\x05\x06") {
        if size > MAX_ARCHIVE_BYTES {
            return Err(too_large(name, size, MAX_ARCHIVE_BYTES));
        }
        let file = std::fs::File::open(path).map_err(io)?;
        return archive::parse(file, name);
    }
    if size > MAX_TEXT_FILE_BYTES {
        return Err(too_large(name, size, MAX_TEXT_FILE_BYTES));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    parse_bytes(&bytes, name)
}

/// Parses an export file already in memory (a text file; zips go through [`read_file`]).
pub fn parse_bytes(bytes: &[u8], name: &str) -> Result<ParsedFile, ImportError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return archive::parse(std::io::Cursor::new(bytes), name);
    }
    let text = text::decode(bytes);
    let format =
        detect::detect_text(&text).map_err(|reason| ImportError::UnknownFormat { name: name.into(), reason })?;
    parse_text(format, &text, name)
}

fn parse_text(format: Format, text: &str, name: &str) -> Result<ParsedFile, ImportError> {
    match format {
        Format::PocketCsv => pocket::parse_csv(text, name),
        Format::PocketHtml => Ok(pocket::parse_html(text)),
        Format::InstapaperCsv => instapaper::parse(text, name),
        Format::WallabagJson => wallabag::parse(text, name),
        Format::ReadwiseCsv => readwise::parse(text, name),
        Format::RaindropCsv => raindrop::parse(text, name),
        Format::NetscapeBookmarks => Ok(bookmarks::parse(text)),
        Format::UrlList => Ok(url_list::parse(text)),
        Format::OmnivoreZip | Format::PocketZip => {
            Err(ImportError::UnknownFormat { name: name.into(), reason: "expected a zip archive".into() })
        }
    }
}

fn too_large(name: &str, size: u64, limit: u64) -> ImportError {
    ImportError::TooLarge { name: name.to_string(), size_mb: size.div_ceil(1024 * 1024), limit_mb: limit / 1024 / 1024 }
}

/// A Unix time in seconds (as text) in Quire's timestamp form.
pub(crate) fn unix_time(s: &str) -> Option<String> {
    let secs: i64 = s.trim().parse().ok()?;
    // Some exports give milliseconds.
    let secs = if secs > 100_000_000_000 { secs / 1000 } else { secs };
    OffsetDateTime::from_unix_timestamp(secs).ok().map(crate::ids::timestamp)
}

/// An ISO 8601 / RFC 3339 date or date-time in Quire's timestamp form.
pub(crate) fn iso_time(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(crate::ids::timestamp(t));
    }
    // "2024-01-02 10:11:12" (no zone: taken as UTC), "2024-01-02T10:11:12", "2024-01-02".
    let fixed = s.replacen(' ', "T", 1);
    for candidate in [format!("{fixed}Z"), format!("{}T00:00:00Z", &fixed[..fixed.len().min(10)])] {
        if let Ok(t) = OffsetDateTime::parse(&candidate, &Rfc3339) {
            return Some(crate::ids::timestamp(t));
        }
    }
    None
}

/// Splits a tag list on `sep`, trimming and dropping empties.
pub(crate) fn split_tags(s: &str, sep: char) -> Vec<String> {
    s.split(sep).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// The columns of a CSV header, lower-cased and trimmed, by name.
pub(crate) struct Columns(Vec<String>);

impl Columns {
    pub(crate) fn new(header: &csv::StringRecord) -> Columns {
        Columns(header.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase()).collect())
    }

    pub(crate) fn index(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|c| c == name)
    }

    /// The column `name`, or a clear error naming the columns the file has.
    pub(crate) fn require(&self, name: &str, file: &str) -> Result<usize, ImportError> {
        self.index(name).ok_or_else(|| ImportError::Malformed {
            name: file.to_string(),
            reason: format!("it has no {name:?} column (its columns are: {})", self.0.join(", ")),
        })
    }
}

/// Reads CSV `text` with a header, calling `row` with each record and its line
/// number; records that do not parse are rejected with their line.
pub(crate) fn each_csv_row(
    text: &str,
    out: &mut ParsedFile,
    mut row: impl FnMut(&csv::StringRecord, u64, &mut ParsedFile),
) {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map(|p| p.line()).unwrap_or(line);
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                row(&record, line, out);
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(line);
                out.reject(line, format!("unreadable CSV row: {e}"));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
}

/// A CSV file's header row.
pub(crate) fn csv_header(text: &str, name: &str) -> Result<csv::StringRecord, ImportError> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes())
        .headers()
        .cloned()
        .map_err(|e| ImportError::Malformed { name: name.into(), reason: format!("unreadable CSV header: {e}") })
}

/// The field at `i` of `record`, trimmed, if present and not empty.
pub(crate) fn field(record: &csv::StringRecord, i: Option<usize>) -> Option<&str> {
    i.and_then(|i| record.get(i)).map(str::trim).filter(|s| !s.is_empty())
}

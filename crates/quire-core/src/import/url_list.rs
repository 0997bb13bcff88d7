//! A plain list of addresses, one per line; blank lines and `#` comments are
//! skipped, and a line that is not a web address is reported by its number.

use super::{Format, ImportItem, ParsedFile};

pub fn parse(text: &str) -> ParsedFile {
    let mut out = ParsedFile::new(Format::UrlList);
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        out.push(ImportItem { row: i as u64 + 1, url: line.to_string(), ..Default::default() });
    }
    out
}

//! Readwise's CSV (`Highlight,Title,Author,URL,Note,Location,Date`), written
//! by the `csv` crate so that quotes, commas and newlines in notes survive.
//! `Location` is the highlight's start in the article's text; page notes have
//! no place in this format and are left out.

use super::{AnnotatedArticle, address};
use crate::error::{Error, Result};

pub const HEADER: [&str; 7] = ["Highlight", "Title", "Author", "URL", "Note", "Location", "Date"];

pub fn write(articles: &[AnnotatedArticle]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Invalid(format!("could not write the CSV: {e}"));
    w.write_record(HEADER).map_err(fail)?;
    for a in articles {
        let author = a.summary.bylines.join(", ");
        for h in &a.highlights {
            let location = h.start.to_string();
            w.write_record([
                h.exact.as_str(),
                a.summary.title.as_str(),
                author.as_str(),
                address(a),
                h.note.as_deref().unwrap_or(""),
                location.as_str(),
                h.created_at.as_str(),
            ])
            .map_err(fail)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| Error::Invalid(format!("could not write the CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Invalid(e.to_string()))
}

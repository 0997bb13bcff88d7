//! Quire's fork of `dom_smoothie` 0.19.0 (MIT, by its authors): Readability's
//! article scoring, changed only to run faster for quire-extract with the same
//! results. What changed and why is listed in the crate's README.

mod byte_text;
mod config;
mod glob;
mod grab;
mod grab_flags;
mod helpers;
mod matching;
mod prep_article;
mod readability;
mod readable;
mod score;
#[cfg(feature = "serde")]
mod serde_helpers;
mod text_index;
mod tree_walk;
mod url_helpers;

#[cfg(feature = "aho-corasick")]
mod ac_automat;

pub use byte_text::{count_bytes, count_chars, is_ascii_space, is_wide_space, wide_spaces};
pub use config::{CandidateSelectMode, Config, ParsePolicy, TextMode};
pub use readability::is_byline_attribute;
pub use readability::Article;
pub use readability::Metadata;
pub use readability::Readability;
pub use readable::is_probably_readable;

use thiserror::Error;

#[derive(Error, Debug)]
pub enum ReadabilityError {
    #[error("the document URL must be absolute")]
    BadDocumentURL,
    #[error("failed to grab the article")]
    GrabFailed,
    #[error("too many elements in the document to parse (found {0}, maximum {1})")]
    TooManyElements(usize, usize),
}

/// The readability test pages (the workplace's shared fixtures) as (folder,
/// HTML), for the tests that hold Quire's shortcuts to upstream's code on
/// real pages; empty when the fixtures are absent.
#[cfg(test)]
pub(crate) fn fixture_pages() -> Vec<(std::path::PathBuf, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/readability-test-pages");
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            Some((
                entry.path(),
                std::fs::read_to_string(entry.path().join("source.html")).ok()?,
            ))
        })
        .collect();
    pages.sort();
    pages
}

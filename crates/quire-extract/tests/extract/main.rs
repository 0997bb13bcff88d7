//! Integration tests for quire-extract; modules mirror `src/`.

mod bad_input;
mod body;
mod decode;
mod fixtures;
mod fuzz_corpus;
mod metadata;
mod sanitize;
mod score;
mod snapshots;

use quire_extract::{Extraction, PageContext, extract};

/// Extracts `html` as if read from `url`.
pub fn extract_at(html: &[u8], url: &str) -> Extraction {
    let url = url::Url::parse(url).expect("test URLs are valid");
    extract(html, &PageContext { url: Some(&url), content_type: None })
}

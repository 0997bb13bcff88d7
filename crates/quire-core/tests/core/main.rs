//! Integration tests of the core, one module per area of `src/`, against real
//! SQLite files in temporary folders.

mod annotations;
mod articles;
mod fetch;
mod import;
mod library;
mod migrate;
mod photos;
// Photos (issue 5): the reader's placeholders, photo items, reclaiming space.
mod photos_reader;
mod search;
mod tokens;
mod upgrade;

use std::path::{Path, PathBuf};

use quire_core::{Library, Page};

/// The repository's shared test fixtures (`tests/fixtures`).
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// A new, empty library in a temporary folder (kept alive by the returned guard).
pub fn new_library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().expect("temp dir");
    let lib = Library::open(dir.path().join("library.sqlite")).expect("new library opens");
    (dir, lib)
}

/// A page from `tests/fixtures/pages`, as if saved from `url`.
pub fn fixture_page(name: &str, url: &str) -> Page {
    Page {
        bytes: std::fs::read(fixtures().join("pages").join(name)).expect("fixture exists"),
        url: Some(url.parse().expect("valid url")),
        content_type: Some("text/html; charset=utf-8".into()),
        file_name: None,
    }
}

/// A small generated article page whose body mentions `word`.
pub fn generated_page(i: usize, word: &str) -> Page {
    let html = format!(
        "<!doctype html><html><head><title>Article {i} about {word}</title></head><body><article><h1>Article {i} about {word}</h1>\
         <p>This is paragraph one of article number {i}. It talks at some length about {word} and other matters of interest to readers.</p>\
         <p>A second paragraph follows, so that the page reads as an article and not as a stub or a list of links, which it is not.</p>\
         <p>And a third paragraph, for good measure, closes article {i} with a few more words about {word}.</p></article></body></html>"
    );
    Page {
        bytes: html.into_bytes(),
        url: Some(format!("https://example.com/articles/{i}").parse().expect("url")),
        content_type: None,
        file_name: None,
    }
}

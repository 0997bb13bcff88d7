//! Prints every readability test page's extraction (`Article` and warnings,
//! `Debug`-formatted, in page-name order), so that a change meant to leave
//! results alone (a speed-up) can be checked byte for byte:
//!
//! ```sh
//! cargo run --release -p quire-extract --example extraction_dump > before.txt
//! # ... the change ...
//! cargo run --release -p quire-extract --example extraction_dump > after.txt
//! cmp before.txt after.txt
//! ```

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/readability-test-pages");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no fixtures at {}", dir.display());
        std::process::exit(1);
    };
    let mut pages: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    pages.sort();
    // The page address the fixtures' expected output was made with.
    let url = url::Url::parse("http://fakehost/test/page.html").ok();
    for page in pages {
        let Ok(html) = std::fs::read(page.join("source.html")) else { continue };
        let ctx = quire_extract::PageContext { url: url.as_ref(), content_type: None };
        let extraction = quire_extract::extract(&html, &ctx);
        let name = page.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        println!("== {name}\n{:#?}\n{:?}", extraction.article, extraction.warnings);
    }
}

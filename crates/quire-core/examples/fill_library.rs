//! Fills a library with generated articles, fast, for benchmarks of the front
//! ends at scale (`scripts/bench-desktop.sh` makes a 10,000-article library
//! with it). One page is extracted for real; every other article is that
//! extraction with its own title, address, site, words and date, stored
//! through the same `ingest::store` a real save uses, a thousand to a
//! transaction, so the FTS index and tags are exactly what saving would make.
//!
//! ```text
//! cargo run -p quire-core --example fill_library -- /tmp/big.sqlite 10000
//! ```

use std::time::Instant;

use quire_core::{Library, Page, ingest};
use url::Url;

/// The words articles are made of: few enough that searches find many hits, as in a real library.
const VOCABULARY: &str = "paper thread binding press glue leather board spine signature fold margin ink type letter \
    proof quire folio octavo stitch kettle linen needle awl marbled endpaper headband gilding tooling cloth vellum \
    parchment archive library reading garden river mountain kitchen bread coffee winter harbour railway bicycle \
    lantern orchard compass weather market";
const SITES: &[&str] = &["Fieldnotes on Making", "The Long Read", "Paper & Thread", "Slow Web Weekly", "Harbour Notes"];

/// Words drawn by a small deterministic generator (xorshift): the same library every run, no dependency.
struct Words {
    state: u64,
    words: Vec<&'static str>,
}

impl Words {
    fn next(&mut self) -> &'static str {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.words[(self.state % self.words.len() as u64) as usize]
    }
    fn sentence(&mut self, n: usize) -> String {
        (0..n).map(|_| self.next()).collect::<Vec<_>>().join(" ")
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: fill_library LIBRARY.sqlite [COUNT]")?;
    let count: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(10_000);
    let started = Instant::now();
    let library = Library::open(&path)?;
    let template = Page {
        bytes: include_bytes!("../../../ui/tests/fixtures/quire-craft.html").to_vec(),
        url: Some(Url::parse("https://fieldnotes.example/quire")?),
        content_type: Some("text/html".into()),
        file_name: None,
    };
    let base = ingest::extract_page(&template)?;
    let mut words = Words { state: 0x2545_f491_4f6c_dd1d, words: VOCABULARY.split_whitespace().collect() };
    for batch in (0..count).collect::<Vec<_>>().chunks(1000) {
        library.write(|tx| {
            for &i in batch {
                let title = format!("{} {} ({i})", capitalise(&words.sentence(3)), words.sentence(2));
                let body: Vec<String> = (0..6).map(|_| words.sentence(40)).collect();
                let url = Url::parse(&format!("https://site{}.example/articles/{i}", i % SITES.len())).expect("valid");
                let mut extraction = base.clone();
                let a = &mut extraction.article;
                a.title = title;
                a.site_name = Some(SITES[i % SITES.len()].to_string());
                a.canonical_url = Some(url.to_string());
                a.published = Some(format!("20{:02}-{:02}-{:02}T08:00:00Z", 10 + i % 15, 1 + i % 12, 1 + i % 28));
                a.content_html = body.iter().map(|p| format!("<p>{p}.</p>")).collect();
                a.text = body.join(".\n\n");
                a.excerpt = Some(body[0].chars().take(160).collect());
                a.word_count = 240;
                a.reading_minutes = 1 + (i % 20) as u32;
                let page = Page { url: Some(url), ..template.clone() };
                ingest::store(tx, &page, &extraction)?;
            }
            Ok(())
        })?;
    }
    eprintln!("{count} articles written to {path} in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

//! Highlight figures (issue 6): re-anchoring 1,000 highlights in a long
//! article after an edit, and exporting a library of 10,000 articles with
//! 50,000 highlights in each format. Prints figures; run with
//! `cargo bench -p quire-core --bench annotations`
//! (QUIRE_BENCH_ARTICLES to change the library's size; 5 highlights each).

mod common;

use std::time::Instant;

use quire_core::anchoring::{self, Selectors};
use quire_core::{ExportFormat, Library, NewHighlight, Page};

/// The shared topic words, then common function words, so texts read like prose.
static WORDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let mut words = common::TOPIC_WORDS.to_vec();
    words.extend_from_slice(&[
        "the", "a", "of", "and", "with", "under", "between", "after", "before", "quietly", "suddenly", "slowly",
        "north", "south", "city", "village", "council", "teacher", "engineer", "doctor", "mayor", "farmer", "writer",
        "painter", "sailor", "pilot",
    ]);
    words
});

/// A deterministic pseudo-random word stream (an LCG: no dependency needed).
struct Words(u64);

impl Words {
    fn next(&mut self) -> &'static str {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        WORDS[((self.0 >> 33) as usize) % WORDS.len()]
    }

    fn sentence(&mut self, n: usize) -> String {
        let mut s: Vec<&str> = (0..n).map(|_| self.next()).collect();
        s[0] = "Then";
        s.join(" ") + "."
    }
}

fn page(url: &str, title: &str, paragraphs: &[String]) -> Page {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    let html = format!(
        "<!doctype html><html lang=en><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"
    );
    Page { bytes: html.into_bytes(), url: Some(url.parse().unwrap()), content_type: None, file_name: None }
}

fn reanchoring() {
    let mut words = Words(7);
    let paragraphs: Vec<String> =
        (0..1200).map(|_| (0..4).map(|_| words.sentence(12)).collect::<Vec<_>>().join(" ")).collect();
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path().join("library.sqlite")).unwrap();
    let id = lib.add_page(&page("https://example.com/long", "A long article", &paragraphs)).unwrap().article.id;
    let text = lib.read(|c| quire_core::annotations::anchor_text(c, &id)).unwrap();
    let n = 1000;
    let step = text.len() / n;
    let spans: Vec<(usize, usize)> = (0..n).map(|i| (i * step + 3, i * step + 3 + 40.min(step - 4))).collect();
    let t = Instant::now();
    for &(s, e) in &spans {
        let exact: String = text[s..e].iter().collect();
        lib.add_highlight(&id, &NewHighlight { exact, start: s as u32, end: e as u32, ..Default::default() }).unwrap();
    }
    println!("anchor text: {} code points; adding {n} highlights one by one: {:.2?}", text.len(), t.elapsed());

    // The edit: a sentence inserted at the top (everything moves), and one
    // word changed in every tenth paragraph (some highlights are edited).
    let mut edited = paragraphs.clone();
    edited.insert(0, "An editor's note was added at the top of the article, moving everything down.".into());
    for p in edited.iter_mut().step_by(10) {
        *p = p.replacen("the", "thee", 1);
    }
    let before = lib.article_annotations(&id).unwrap().highlights;
    let new_page = page("https://example.com/long", "A long article", &edited);
    let extraction = quire_core::ingest::extract_page(&new_page).unwrap();
    let new_text = anchoring::chars(&quire_core::extract::anchor_text(&extraction.article.content_html));
    let t = Instant::now();
    let mut found = 0;
    for h in &before {
        let sel = Selectors {
            exact: &h.exact,
            prefix: &h.prefix,
            suffix: &h.suffix,
            start: h.start as usize,
            end: h.end as usize,
        };
        found += usize::from(anchoring::anchor(&new_text, &sel).is_some());
    }
    println!("re-anchoring {} highlights after the edit (pure): {:.2?}, {found} found", before.len(), t.elapsed());
    let t = Instant::now();
    let again = lib.reanchor(&id).unwrap();
    println!("re-anchoring in place, text unchanged (verify by position): {:.2?} {again:?}", t.elapsed());
    let t = Instant::now();
    lib.add_page(&new_page).unwrap();
    let after = lib.article_annotations(&id).unwrap().highlights;
    let orphans = after.iter().filter(|h| h.orphan).count();
    println!(
        "re-clip of the edited page, extraction + store + re-anchoring in one transaction: {:.2?} ({} orphans of {})",
        t.elapsed(),
        orphans,
        after.len()
    );
}

fn exporting() {
    let articles: usize = std::env::var("QUIRE_BENCH_ARTICLES").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path().join("library.sqlite")).unwrap();
    let mut words = Words(11);
    let paragraphs: Vec<String> =
        (0..6).map(|_| (0..3).map(|_| words.sentence(14)).collect::<Vec<_>>().join(" ")).collect();
    let template = page("https://example.com/a/0", "Report: the \"tide\" and the storm", &paragraphs);
    let extraction = quire_core::ingest::extract_page(&template).unwrap();
    let text = anchoring::chars(&quire_core::extract::anchor_text(&extraction.article.content_html));
    let t = Instant::now();
    lib.write(|tx| {
        for i in 0..articles {
            let mut p = template.clone();
            p.url = Some(format!("https://example.com/a/{i}").parse().unwrap());
            let id = quire_core::ingest::store(tx, &p, &extraction)?.article.id;
            for k in 0..5 {
                let s = k * (text.len() / 5) + (i % 7);
                let e = s + 30;
                let exact: String = text[s..e].iter().collect();
                let note = (k % 2 == 0).then(|| format!("Note {k} on {i}, with \"quotes\", commas\nand a newline"));
                quire_core::annotations::add_highlight(
                    tx,
                    &id,
                    &NewHighlight { exact, start: s as u32, end: e as u32, note, ..Default::default() },
                )?;
            }
        }
        Ok(())
    })
    .unwrap();
    println!("library of {articles} articles with {} highlights made in {:.2?}", articles * 5, t.elapsed());
    for format in [ExportFormat::ReadwiseCsv, ExportFormat::W3cJsonld, ExportFormat::Markdown, ExportFormat::Html] {
        let dest = dir.path().join(format!("export-{}", format.as_str()));
        let t = Instant::now();
        let done = lib.export_to(format, None, &dest).unwrap();
        let elapsed = t.elapsed();
        let bytes: u64 = done.files.iter().map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0)).sum();
        println!(
            "export {:>12}: {:.2?} for {} articles, {} highlights -> {} file(s), {:.1} MB",
            format.as_str(),
            elapsed,
            done.articles,
            done.highlights,
            done.files.len(),
            bytes as f64 / 1e6
        );
    }
}

fn main() {
    reanchoring();
    exporting();
}

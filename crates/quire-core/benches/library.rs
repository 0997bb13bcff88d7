//! Library figures: adding 10,000 small articles (one transaction each, as
//! `quire add` does), the size on disk, opening the library, the first page of
//! the list and a one-word search. Prints figures; run with
//! `cargo bench -p quire-core --bench library` (QUIRE_BENCH_ARTICLES to change the count).

mod common;

use std::time::{Duration, Instant};

use quire_core::{Library, ListQuery, Page, SearchQuery};

use common::TOPIC_WORDS as WORDS;

fn page(i: usize) -> Page {
    let w = |k: usize| WORDS[(i * 7 + k * 13) % WORDS.len()];
    let paragraphs: String = (0..6)
        .map(|p| {
            format!(
                "<p>Paragraph {p} of report {i} looks at the {} and the {} with care, quoting people who know the {} well and weighing what the {} means for readers who follow the {}.</p>",
                w(p), w(p + 1), w(p + 2), w(p + 3), w(p + 4)
            )
        })
        .collect();
    let html = format!(
        "<!doctype html><html lang=en><head><title>Report {i}: the {} and the {}</title><meta property=og:site_name content=\"Site {}\"></head>\
         <body><article><h1>Report {i}: the {} and the {}</h1>{paragraphs}</article></body></html>",
        w(0),
        w(1),
        i % 50,
        w(0),
        w(1)
    );
    Page {
        bytes: html.into_bytes(),
        url: Some(format!("https://news{}.example/{i}", i % 50).parse().unwrap()),
        content_type: None,
        file_name: None,
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn p95(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[(v.len() * 95 / 100).min(v.len() - 1)]
}

fn main() {
    let n: usize = std::env::var("QUIRE_BENCH_ARTICLES").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite");
    let lib = Library::open(&path).unwrap();

    let pages: Vec<Page> = (0..n).map(page).collect();
    let start = Instant::now();
    for p in &pages {
        lib.add_page(p).unwrap();
    }
    let add = start.elapsed();
    drop(lib);
    let size: u64 = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum();
    println!(
        "add {n} small articles (one transaction each, synchronous=FULL): {:.2} s, {:.0} articles/s, {:.2} ms each",
        add.as_secs_f64(),
        n as f64 / add.as_secs_f64(),
        add.as_secs_f64() * 1000.0 / n as f64
    );
    println!("library size on disk: {:.1} MB ({:.1} KB per article)", size as f64 / 1e6, size as f64 / 1e3 / n as f64);

    let opens: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            let l = Library::open(&path).unwrap();
            let d = t.elapsed();
            drop(l);
            d
        })
        .collect();
    println!("open a {n}-article library: median {:?}, p95 {:?}", median(opens.clone()), p95(opens));

    let lib = Library::open(&path).unwrap();
    let first_page = ListQuery { limit: Some(50), ..Default::default() };
    let lists: Vec<Duration> = (0..200)
        .map(|_| {
            let t = Instant::now();
            assert_eq!(lib.list(&first_page).unwrap().len(), 50.min(n));
            t.elapsed()
        })
        .collect();
    println!("list, first page of 50: median {:?}, p95 {:?}", median(lists.clone()), p95(lists));

    for word in ["glacier", "paragraph", "zeppelin"] {
        let q = SearchQuery { q: word.into(), limit: Some(20), ..Default::default() };
        let runs: Vec<Duration> = (0..100)
            .map(|_| {
                let t = Instant::now();
                lib.search(&q).unwrap();
                t.elapsed()
            })
            .collect();
        let expr = quire_core::search::fts_expression(word).unwrap();
        let hits: i64 = lib
            .read(|c| {
                Ok(c.query_row("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1", [&expr], |r| r.get(0))?)
            })
            .unwrap();
        println!("search {word:?} (top 20 of {hits} matches): median {:?}, p95 {:?}", median(runs.clone()), p95(runs));
    }
}

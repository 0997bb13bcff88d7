fn main() {
    let dir = std::path::Path::new("/work/shared/fixtures/readability-test-pages");
    let mut pages = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if let Ok(b) = std::fs::read(e.path().join("source.html")) {
            pages.push(b);
        }
    }
    let url = url::Url::parse("http://fakehost/test/page.html").ok();
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(20);
    let t = std::time::Instant::now();
    for _ in 0..n {
        for p in &pages {
            let ctx = quire_extract::PageContext { url: url.as_ref(), content_type: None };
            std::hint::black_box(quire_extract::extract(p, &ctx));
        }
    }
    eprintln!("{:.1} pages/s", (n * pages.len()) as f64 / t.elapsed().as_secs_f64());
}

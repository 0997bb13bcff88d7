fn main() {
    let dir = std::path::Path::new("/work/shared/fixtures/readability-test-pages");
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    names.sort();
    let url = url::Url::parse("http://fakehost/test/page.html").ok();
    for p in names {
        let Ok(b) = std::fs::read(p.join("source.html")) else { continue };
        let ctx = quire_extract::PageContext { url: url.as_ref(), content_type: None };
        let e = quire_extract::extract(&b, &ctx);
        println!("== {}\n{:#?}\n{:?}", p.display(), e.article, e.warnings);
    }
}

//! Prints what Quire extracts from a saved page: for looking at failures by eye.
//!
//! `cargo run -p quire-extract --example extract_page -- page.html [url]`

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: extract_page FILE [URL]");
        return;
    };
    let bytes = std::fs::read(&path).unwrap_or_default();
    let url = args.next().and_then(|u| url::Url::parse(&u).ok());
    let ctx = quire_extract::PageContext { url: url.as_ref(), content_type: None };
    let e = quire_extract::extract(&bytes, &ctx);
    let mut a = e.article;
    let text = std::mem::take(&mut a.text);
    let html = std::mem::take(&mut a.content_html);
    println!("{a:#?}\nwarnings: {:?}\n--- text ---\n{text}\n--- html bytes: {}", e.warnings, html.len());
    if std::env::var_os("QUIRE_SHOW_HTML").is_some() {
        println!("--- html ---\n{html}");
    }
}

//! Photos kept in the library: fetched from a real loopback server, verified,
//! stored once by content, failures recorded with their reason.

use std::io::{Read, Write};
use std::net::TcpListener;

use quire_core::{ListQuery, Page};

use crate::new_library;

/// A loopback web server answering each path with fixed (status, content type, body).
fn serve(routes: Vec<(&'static str, u16, &'static str, Vec<u8>)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, ct, body) = routes
                .iter()
                .find(|(p, ..)| *p == path)
                .map(|(_, s, c, b)| (*s, *c, b.clone()))
                .unwrap_or((404, "text/html", b"<h1>Not found</h1>".to_vec()));
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    base
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A tiny PNG whose header claims 100000 × 100000 pixels.
fn decompression_bomb() -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(&ihdr);
    out.extend(crc32(&ihdr).to_be_bytes());
    out
}

fn article(base: &str, i: usize, photos: &[&str]) -> Page {
    let figures: String = photos
        .iter()
        .map(|p| format!("<figure><img src=\"{base}{p}\" width=\"800\" height=\"600\" alt=\"photo\"><figcaption>A caption for {p}. Photo: Agency</figcaption></figure>"))
        .collect();
    let body = "<p>A paragraph of real prose about the coast and the sea, long enough to read as an article rather than a stub, with several clauses, commas, and a full stop.</p>".repeat(4);
    let html = format!(
        "<!doctype html><html><head><title>Photo story {i}</title></head><body><article><h1>Photo story {i}</h1>{body}{figures}{body}</article></body></html>"
    );
    Page {
        bytes: html.into_bytes(),
        url: Some(format!("{base}/story/{i}").parse().unwrap()),
        content_type: None,
        file_name: None,
    }
}

#[test]
fn photos_are_stored_once_and_failures_are_recorded_with_a_reason() {
    let good = png(640, 480);
    let mut truncated = png(320, 240);
    truncated.truncate(truncated.len() / 2);
    let base = serve(vec![
        ("/good.png", 200, "image/png", good.clone()),
        ("/bomb.png", 200, "image/png", decompression_bomb()),
        ("/fake.jpg", 200, "image/jpeg", b"<html><body>Access denied</body></html>".to_vec()),
        ("/truncated.png", 200, "image/png", truncated),
    ]);
    let (_dir, lib) = new_library();
    let photos = ["/good.png", "/bomb.png", "/fake.jpg", "/missing.jpg", "/truncated.png"];
    let first = lib.add_page_with_photos(&article(&base, 1, &photos)).unwrap();
    assert!(first.warnings.iter().any(|w| w.contains("4 photo(s)")), "{:?}", first.warnings);

    let rows: Vec<(String, String, Option<String>)> = lib
        .read(|c| {
            let mut s = c.prepare("SELECT source_url, status, failure FROM article_photos ORDER BY position")?;
            let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .unwrap();
    let status_of = |name: &str| {
        rows.iter().find(|(u, ..)| u.ends_with(name)).unwrap_or_else(|| panic!("{name} recorded: {rows:?}"))
    };
    assert_eq!(status_of("good.png").1, "stored");
    for bad in ["bomb.png", "fake.jpg", "missing.jpg", "truncated.png"] {
        let (_, status, reason) = status_of(bad);
        assert_eq!(status, "failed", "{bad}");
        assert!(reason.as_deref().is_some_and(|r| !r.is_empty()), "{bad} has a reason");
    }
    assert!(status_of("missing.jpg").2.as_deref().unwrap().contains("404"));

    let second = lib.add_page_with_photos(&article(&base, 2, &["/good.png"])).unwrap();
    let count: i64 = lib.read(|c| Ok(c.query_row("SELECT count(*) FROM photos", [], |r| r.get(0))?)).unwrap();
    assert_eq!(count, 1, "one photo used by two articles is stored once");
    assert_eq!(lib.list(&ListQuery::default()).unwrap().len(), 2, "articles are saved whatever their photos do");

    let reader = lib.article_for_reader(&second.article.id, "/photos/").unwrap();
    let hash = blake3::hash(&good).to_hex().to_string();
    assert!(
        reader.content_html.contains(&format!("src=\"/photos/{hash}\"")),
        "the reader points at the stored photo: {}",
        reader.content_html
    );
    assert!(!reader.content_html.contains(&base), "and never at the web");
    assert_eq!(lib.photo(&hash).unwrap().unwrap().bytes, good);
}

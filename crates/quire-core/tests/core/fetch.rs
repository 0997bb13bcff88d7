//! Clip by URL (issue 7): each way fetching a page fails gets its own code and
//! words, from real loopback servers (and a `.invalid` name for DNS).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use quire_core::fetch::{fetch_page, fetch_page_within, parse_web_url};
use quire_core::{Error, ListQuery};

use crate::new_library;

/// A loopback server answering every request with `reply(path)` as raw bytes,
/// after `delay`.
fn serve(delay: Duration, reply: fn(&str) -> Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("127.0.0.1:{}", listener.local_addr().unwrap().port());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                let n = stream.read(&mut buf).unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]).to_string();
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                std::thread::sleep(delay);
                let _ = stream.write_all(&reply(&path));
            });
        }
    });
    base
}

fn response(status: &str, content_type: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn fetch_error(url: &str) -> Error {
    fetch_page(&parse_web_url(url).unwrap()).expect_err("the fetch fails")
}

#[test]
fn an_unknown_site_is_a_dns_error() {
    let e = fetch_error("http://no-such-site.invalid/article");
    assert_eq!(e.code(), "dns", "{e}");
    assert!(e.to_string().contains("couldn't find the site no-such-site.invalid"), "{e}");
}

#[test]
fn statuses_content_types_sizes_and_redirect_loops_are_named() {
    let base = serve(Duration::ZERO, |path| match path {
        "/gone" => response("404 Not Found", "text/html", "", "<h1>no</h1>"),
        "/data" => response("200 OK", "application/json", "", "{}"),
        "/huge" => {
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 30000000\r\nConnection: close\r\n\r\n<p>"
                .to_vec()
        }
        _ => response("302 Found", "text/html", "Location: /loop\r\n", ""),
    });
    let e = fetch_error(&format!("http://{base}/gone"));
    assert_eq!(e.code(), "http_status");
    assert!(e.to_string().contains("the page was not found (404)"), "{e}");
    let e = fetch_error(&format!("http://{base}/data"));
    assert_eq!(e.code(), "not_html");
    assert!(e.to_string().contains("application/json"), "the content type is named: {e}");
    let e = fetch_error(&format!("http://{base}/huge"));
    assert_eq!(e.code(), "too_large", "{e}");
    assert!(e.to_string().contains("20 MB"), "{e}");
    let e = fetch_error(&format!("http://{base}/loop"));
    assert_eq!(e.code(), "redirects", "{e}");
}

#[test]
fn a_slow_site_times_out() {
    let base = serve(Duration::from_secs(5), |_| response("200 OK", "text/html", "", "<p>late</p>"));
    let url = parse_web_url(&format!("http://{base}/slow")).unwrap();
    let e = fetch_page_within(&url, Duration::from_millis(500)).unwrap_err();
    assert_eq!(e.code(), "timeout", "{e}");
}

#[test]
fn a_broken_secure_connection_is_a_tls_error() {
    let base = serve(Duration::ZERO, |_| b"this is not TLS at all\r\n\r\n".to_vec());
    let e = fetch_error(&format!("https://{base}/secure"));
    assert_eq!(e.code(), "tls", "{e}");
}

#[test]
fn a_paywalled_page_is_refused_and_nothing_is_stored() {
    let base = serve(Duration::ZERO, |_| {
        response(
            "200 OK",
            "text/html; charset=utf-8",
            "",
            r#"<!doctype html><html><head><title>Big story</title>
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Big story","wordCount":2400,"isAccessibleForFree":false}</script>
            </head><body><article><h1>Big story</h1><p>The first paragraph of a long and important story, and then the subscription prompt.</p>
            <div class="paywall">Subscribe to read on</div></article></body></html>"#,
        )
    });
    let (_dir, lib) = new_library();
    let e = lib.add_url(&format!("http://{base}/story")).unwrap_err();
    assert_eq!(e.code(), "paywall", "{e}");
    assert!(e.to_string().contains("promises ~2400 words but shows"), "{e}");
    assert!(lib.list(&ListQuery::default()).unwrap().is_empty(), "the teaser is not stored as the article");
}

//! The loopback HTTP API served by `quire serve`, over real TCP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use crate::Scratch;

/// A running `quire serve` on a free port, stopped on drop.
pub struct Server {
    child: Child,
    pub port: u16,
    /// A token of the served library, sent by [`Server::request`].
    pub token: String,
}

impl Server {
    pub fn start(s: &Scratch) -> Server {
        let mut child =
            s.command(&["serve", "--port", "0"]).stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim();
        assert!(url.starts_with("http://127.0.0.1:"), "serve prints its URL once listening: {url:?}");
        let port = url.rsplit(':').next().unwrap().parse().unwrap();
        Server { child, port, token: s.token() }
    }

    /// Sends one request as a script would: with the token, and with
    /// `Host: 127.0.0.1:PORT` unless `headers` sets Host.
    pub fn request(&self, method: &str, path: &str, body: Option<&str>, headers: &[(&str, &str)]) -> (u16, String) {
        let auth = format!("Bearer {}", self.token);
        let mut all = vec![("Authorization", auth.as_str())];
        all.extend_from_slice(headers);
        let (status, _, body) = self.raw(method, path, body.map(str::as_bytes), &all);
        (status, body)
    }

    /// Sends exactly `headers` (plus Host unless given): (status, response head, body).
    pub fn raw(
        &self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        headers: &[(&str, &str)],
    ) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let mut req = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            req += &format!("Host: 127.0.0.1:{}\r\n", self.port);
        }
        for (k, v) in headers {
            req += &format!("{k}: {v}\r\n");
        }
        let body = body.unwrap_or(b"");
        if !body.is_empty() || method == "POST" || method == "PUT" || method == "PATCH" {
            req += &format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len());
        }
        req += "\r\n";
        stream.write_all(req.as_bytes()).unwrap();
        // The server may answer (413) and close before reading a large body.
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let raw = String::from_utf8_lossy(&raw).to_string();
        let status = raw.split_whitespace().nth(1).unwrap().parse().unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
            dechunk(body)
        } else {
            body.to_string()
        };
        (status, head.to_string(), body)
    }

    pub fn json(&self, method: &str, path: &str, body: Option<serde_json::Value>) -> (u16, serde_json::Value) {
        let (status, text) = self.request(method, path, body.map(|b| b.to_string()).as_deref(), &[]);
        (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out += &after[..n];
        rest = &after[n + 2..];
    }
    out
}

#[test]
fn the_api_adds_lists_reads_changes_and_deletes() {
    let s = Scratch::new();
    let server = Server::start(&s);
    let html = std::fs::read_to_string(crate::fixture("pages/tides.html")).unwrap();
    let (status, added) = server.json(
        "POST",
        "/api/articles",
        Some(serde_json::json!({"html": html, "url": "https://coastal.example/science/baltic-tides"})),
    );
    assert_eq!(status, 201, "{added}");
    let id = added["id"].as_str().unwrap().to_string();

    let (status, list) = server.json("GET", "/api/articles?state=unread&sort=title", None);
    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (_, detail) = server.json("GET", &format!("/api/articles/{id}"), None);
    assert_eq!(detail["title"], "The tides of the Baltic, explained");
    assert!(detail["content_html"].as_str().unwrap().contains("seiche"));

    let (status, patched) = server.json(
        "PATCH",
        &format!("/api/articles/{id}"),
        Some(serde_json::json!({"progress": 0.5, "favourite": true})),
    );
    assert_eq!(status, 200, "{patched}");
    assert_eq!((patched["progress"].as_f64(), patched["favourite"].as_bool()), (Some(0.5), Some(true)));
    let (_, tagged) =
        server.json("PUT", &format!("/api/articles/{id}/tags"), Some(serde_json::json!({"tags": ["sea", "science"]})));
    assert_eq!(tagged["tags"], serde_json::json!(["science", "sea"]));
    let (_, tags) = server.json("GET", "/api/tags", None);
    assert_eq!(tags.as_array().unwrap().len(), 2);
    let (_, hits) = server.json("GET", "/api/search?q=seiche", None);
    assert_eq!(hits[0]["id"], id.as_str());
    assert!(hits[0]["snippet"].as_str().unwrap().contains("<mark>"));

    let (status, _) = server.request("DELETE", &format!("/api/articles/{id}"), None, &[]);
    assert_eq!(status, 204);
    let (status, gone) = server.json("GET", &format!("/api/articles/{id}"), None);
    assert_eq!((status, gone["code"].as_str()), (404, Some("not_found")));
    let (status, _) = server.json("POST", &format!("/api/articles/{id}/restore"), None);
    assert_eq!(status, 200);
}

#[test]
fn errors_are_code_and_message() {
    let s = Scratch::new();
    let server = Server::start(&s);
    let (status, err) = server.json("POST", "/api/articles", Some(serde_json::json!({"url": "not a url"})));
    assert_eq!(status, 400);
    assert_eq!(err["code"], "invalid_url");
    assert!(err["message"].as_str().unwrap().contains("not a url"));
    let (status, err) = server.request("POST", "/api/articles", Some("{not json"), &[]);
    assert_eq!(status, 400, "{err}");
    let (status, err) = server.json("PATCH", "/api/articles/0000", Some(serde_json::json!({"progress": 0.1})));
    assert_eq!((status, err["code"].as_str()), (404, Some("not_found")));
    let (status, err) = server.json("GET", "/api/nothing-here", None);
    assert_eq!((status, err["code"].as_str()), (404, Some("not_found")));
    for traversal in ["/photos/../../etc/passwd", "/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd"] {
        let (_, body) = server.request("GET", traversal, None, &[]);
        assert!(!body.contains("root:"), "{traversal} must not reach files outside the UI: {body}");
    }
    let (status, err) = server.json("GET", &format!("/photos/{}", "ab".repeat(32)), None);
    assert_eq!((status, err["code"].as_str()), (404, Some("not_found")));
}

#[test]
fn only_loopback_hosts_and_own_origin_are_served() {
    let s = Scratch::new();
    let server = Server::start(&s);
    let own = format!("http://127.0.0.1:{}", server.port);
    let (status, _) = server.request("GET", "/api/articles", None, &[("Host", "evil.example")]);
    assert_eq!(status, 403, "DNS rebinding: a foreign Host is refused");
    let (status, _) = server.request("GET", "/api/articles", None, &[("Origin", "https://evil.example")]);
    assert_eq!(status, 403, "a web page elsewhere gets nothing");
    let (status, _) = server.request("GET", "/api/articles", None, &[("Origin", &own)]);
    assert_eq!(status, 200, "the UI served from this origin works");
    let (status, _) = server.request("GET", "/api/articles", None, &[("Host", &format!("localhost:{}", server.port))]);
    assert_eq!(status, 200);
}

#[test]
fn serve_listens_only_on_loopback() {
    let s = Scratch::new();
    let server = Server::start(&s);
    let out = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    let port_hex = format!(":{:04X}", server.port);
    let listening: Vec<&str> =
        out.lines().filter(|l| l.split_whitespace().nth(1).is_some_and(|a| a.ends_with(&port_hex))).collect();
    assert!(!listening.is_empty());
    assert!(
        listening.iter().all(|l| l.split_whitespace().nth(1).unwrap().starts_with("0100007F")),
        "bound to 127.0.0.1 only: {listening:?}"
    );
}

#[test]
fn photos_are_served_in_three_sizes_and_failed_ones_can_be_retried() {
    let s = Scratch::new();
    s.ok(&["add", crate::fixture("photos/sunset.jpg").to_str().unwrap()]);
    let id = crate::list_json(&s)[0]["id"].as_str().unwrap().to_string();
    let server = Server::start(&s);
    let (_, article) = server.json("GET", &format!("/api/articles/{id}"), None);
    let html = article["content_html"].as_str().unwrap();
    let at = html.find("src=\"/photos/").expect("the reader points at the library") + "src=\"".len();
    let path = &html[at..at + "/photos/".len() + 64];
    for size in ["", "?size=display", "?size=thumb", "?size=original"] {
        let (status, _) = server.request("GET", &format!("{path}{size}"), None, &[]);
        assert_eq!(status, 200, "{path}{size}");
    }
    let (status, err) = server.json("GET", &format!("{path}?size=huge"), None);
    assert_eq!((status, err["code"].as_str()), (400, Some("invalid_input")));
    let (status, retried) = server.json("POST", "/api/photos/retry", None);
    assert_eq!((status, &retried), (200, &serde_json::json!({"stored": 0, "failed": 0})));
    let (status, _) = server.json("POST", &format!("/api/articles/{id}/photos/retry"), None);
    assert_eq!(status, 200);
}

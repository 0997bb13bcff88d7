//! Browser clipping over a real `quire serve` (issue 7): who may call the
//! loopback server (tokens, the UI's cookie, extension origins, pairing), the
//! `POST /api/clip` contract, re-clipping into versions, and a load of
//! concurrent clips.

use base64::Engine;
use serde_json::{Value, json};

use crate::Scratch;
use crate::http::Server;

const EXTENSION: &str = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";

fn parse(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or(Value::Null)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn clip_json(i: usize, word: &str) -> Value {
    json!({
        "url": format!("https://example.com/a/{i}?utm_source=ext"),
        "html": crate::article_html(i, word),
        "title": format!("Article {i}"),
    })
}

/// The `quire_session` cookie the server sets with the UI's page.
fn ui_cookie(server: &Server) -> String {
    let (status, head, _) = server.raw("GET", "/", None, &[]);
    assert_eq!(status, 200);
    let set = header(&head, "set-cookie").expect("the UI's page sets the session cookie");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/"), "{set}");
    set.split(';').next().unwrap().to_string()
}

#[test]
fn the_api_needs_a_live_token_except_for_health() {
    let s = Scratch::new();
    let server = Server::start(&s);
    let (status, _, body) = server.raw("GET", "/api/articles", None, &[]);
    assert_eq!((status, parse(&body)["code"].as_str()), (401, Some("unauthorized")), "no token: {body}");
    let (status, _, _) = server.raw("GET", "/api/articles", None, &[("Authorization", "Bearer quire_0000")]);
    assert_eq!(status, 401, "an unknown token");
    let (status, _, body) = server.raw("GET", "/api/health", None, &[]);
    assert_eq!((status, parse(&body)["ok"].as_bool()), (200, Some(true)), "health needs no token: {body}");
    let (status, _, _) = server.raw("GET", &format!("/photos/{}", "ab".repeat(32)), None, &[]);
    assert_eq!(status, 401, "photos need a token or the UI's cookie");

    let other = s.token();
    let auth = format!("Bearer {other}");
    let (status, _, _) = server.raw("GET", "/api/articles", None, &[("Authorization", &auth)]);
    assert_eq!(status, 200);
    let tokens: Vec<Value> = serde_json::from_str(&s.ok(&["token", "list", "--json"])).unwrap();
    assert_eq!(tokens.len(), 2);
    assert!(!s.ok(&["token", "list", "--json"]).contains(&other), "a list never shows the token itself");
    let last = tokens.iter().find(|t| t["last_used_at"].is_string()).expect("a used token says when");
    let (status, _) = server.request("DELETE", &format!("/api/tokens/{}", last["id"].as_str().unwrap()), None, &[]);
    assert_eq!(status, 204);
    let used_id = last["id"].as_str().unwrap();
    let revoked_is_the_other = serde_json::from_str::<Vec<Value>>(&s.ok(&["token", "list", "--json"]))
        .unwrap()
        .iter()
        .all(|t| t["id"] != used_id);
    assert!(revoked_is_the_other);
    // Whichever of the two was revoked is now refused, and the other still works.
    let (a, _, _) = server.raw("GET", "/api/articles", None, &[("Authorization", &auth)]);
    let (b, _) = server.request("GET", "/api/articles", None, &[]);
    assert_eq!([a.min(b), a.max(b)], [200, 401], "exactly the revoked token is refused");
    let out = s.quire(&["token", "revoke", "no-such-id"]);
    assert!(!out.status.success(), "revoking an unknown token fails");
}

#[test]
fn hosts_and_origins_are_checked_and_cors_is_only_for_extensions() {
    let s = Scratch::new();
    let server = Server::start(&s);
    let (status, _) = server.request("GET", "/api/articles", None, &[("Host", "evil.example")]);
    assert_eq!(status, 403, "DNS rebinding: a foreign Host is refused even with a token");
    let (status, head, _) = server.raw("GET", "/api/health", None, &[("Host", "quire.evil.example:80")]);
    assert_eq!(status, 403);
    assert!(header(&head, "access-control-allow-origin").is_none());

    let (status, body) = server.request("GET", "/api/articles", None, &[("Origin", "https://evil.example")]);
    assert_eq!(status, 403, "a web page's Origin is refused even with a token: {body}");
    let auth = format!("Bearer {}", server.token);
    let (status, head, _) = server.raw(
        "OPTIONS",
        "/api/clip",
        None,
        &[("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST")],
    );
    assert_eq!(status, 403);
    assert!(header(&head, "access-control-allow-origin").is_none(), "no CORS for web pages: {head}");

    let (status, head, _) =
        server.raw("GET", "/api/articles", None, &[("Origin", EXTENSION), ("Authorization", &auth)]);
    assert_eq!(status, 200);
    assert_eq!(header(&head, "access-control-allow-origin"), Some(EXTENSION), "CORS echoes exactly the extension");
    let (status, head, _) = server.raw(
        "OPTIONS",
        "/api/clip",
        None,
        &[
            ("Origin", EXTENSION),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "authorization, content-type"),
        ],
    );
    assert!((200..300).contains(&status), "preflight answered: {status}");
    assert_eq!(header(&head, "access-control-allow-origin"), Some(EXTENSION));
    let allowed = header(&head, "access-control-allow-headers").unwrap_or("").to_ascii_lowercase();
    assert!(allowed.contains("authorization") && allowed.contains("content-type"), "{allowed}");
    let (status, _, _) = server.raw("GET", "/api/articles", None, &[("Origin", EXTENSION)]);
    assert_eq!(status, 401, "an extension needs a token");
    let moz = "moz-extension://0a1b2c3d-4e5f-6789-abcd-ef0123456789";
    let (_, head, _) = server.raw("GET", "/api/health", None, &[("Origin", moz)]);
    assert_eq!(header(&head, "access-control-allow-origin"), Some(moz));
    let (status, _, _) = server.raw("GET", "/api/health", None, &[("Origin", "chrome-extension://")]);
    assert_eq!(status, 403, "an extension origin without an id is not one");
}

#[test]
fn the_ui_cookie_works_only_from_the_ui_itself() {
    let s = Scratch::new();
    let server = Server::start(&s);
    let cookie = ui_cookie(&server);
    let own = format!("http://127.0.0.1:{}", server.port);
    let (status, _, _) = server.raw("GET", "/api/articles", None, &[("Cookie", &cookie)]);
    assert_eq!(status, 200, "same-origin GETs carry no Origin");
    let (status, _, _) = server.raw("GET", "/api/articles", None, &[("Cookie", &cookie), ("Origin", &own)]);
    assert_eq!(status, 200);
    let (status, _, _) = server.raw("GET", "/api/articles", None, &[("Cookie", &cookie), ("Origin", EXTENSION)]);
    assert_eq!(status, 401, "an extension cannot ride on the UI's cookie");
    let (status, _, _) =
        server.raw("GET", "/api/articles", None, &[("Cookie", &cookie), ("Origin", "https://evil.example")]);
    assert_eq!(status, 403);
    let (status, _, _) = server.raw("GET", "/api/articles", None, &[("Cookie", "quire_session=guessed")]);
    assert_eq!(status, 401, "a made-up session is refused");
    let (_, head, _) = server.raw("GET", "/api/health", None, &[]);
    assert!(header(&head, "set-cookie").is_none(), "the API never hands out the cookie");
}

#[test]
fn pairing_issues_a_token_once_and_only_the_ui_can_approve() {
    let s = Scratch::new();
    let server = Server::start(&s);
    let ext = [("Origin", EXTENSION)];
    let (status, _, body) = server.raw("POST", "/api/pair", Some(br#"{"name":"Chromium on test"}"#), &ext);
    assert_eq!(status, 201, "{body}");
    let ticket = parse(&body);
    let (id, secret, code) =
        (ticket["pairing_id"].as_str().unwrap(), ticket["secret"].as_str().unwrap(), ticket["code"].as_str().unwrap());
    assert_eq!(code.len(), 6);
    let approve = format!("/api/pairings/{id}/approve");

    // Forgeries: approving with a token, with nothing, or from the extension.
    let (status, _) = server.request("POST", &approve, None, &[]);
    assert_eq!(status, 403, "a token cannot approve a pairing");
    let (status, _, _) = server.raw("POST", &approve, None, &[]);
    assert_eq!(status, 403, "no cookie, no approval");
    let (status, _) = server.request("GET", "/api/pairings", None, &[]);
    assert_eq!(status, 403, "a token cannot list pairings");
    let poll = format!("/api/pair/{id}");
    let (status, _, _) = server.raw("GET", &poll, None, &[("X-Pairing-Secret", "wrong")]);
    assert_eq!(status, 403, "polling with a wrong secret");
    let (status, _, body) = server.raw("GET", &poll, None, &[("X-Pairing-Secret", secret)]);
    assert_eq!((status, parse(&body)["status"].as_str()), (200, Some("pending")));

    let cookie = ui_cookie(&server);
    let (status, _, body) = server.raw("GET", "/api/pairings", None, &[("Cookie", &cookie)]);
    assert_eq!(status, 200);
    let pending = parse(&body);
    assert_eq!((pending[0]["code"].as_str(), pending[0]["name"].as_str()), (Some(code), Some("Chromium on test")));
    let (status, _, _) = server.raw("POST", &approve, None, &[("Cookie", &cookie), ("Origin", EXTENSION)]);
    assert_eq!(status, 403, "the extension cannot approve itself with a borrowed cookie");
    let (status, _, _) = server.raw("POST", &approve, None, &[("Cookie", &cookie)]);
    assert_eq!(status, 204);

    let (status, _, body) = server.raw("GET", &poll, None, &[("X-Pairing-Secret", secret)]);
    let answer = parse(&body);
    assert_eq!((status, answer["status"].as_str()), (200, Some("approved")));
    let token = answer["token"].as_str().expect("the first poll after approval carries the token").to_string();
    let (_, _, body) = server.raw("GET", &poll, None, &[("X-Pairing-Secret", secret)]);
    assert!(parse(&body)["token"].is_null(), "the token is handed over once: {body}");
    let auth = format!("Bearer {token}");
    let (status, _, _) = server.raw("GET", "/api/articles", None, &[("Authorization", &auth), ("Origin", EXTENSION)]);
    assert_eq!(status, 200, "the paired extension is in");

    let (_, _, body) = server.raw("POST", "/api/pair", Some(br#"{"name":"second"}"#), &[]);
    let second = parse(&body)["pairing_id"].as_str().unwrap().to_string();
    let (status, _, _) = server.raw("POST", &format!("/api/pairings/{second}/deny"), None, &[("Cookie", &cookie)]);
    assert_eq!(status, 204);
    let (status, _, _) = server.raw("POST", &format!("/api/pairings/{second}/approve"), None, &[("Cookie", &cookie)]);
    assert_eq!(status, 404, "a denied request cannot be approved afterwards");
    let (status, _, _) =
        server.raw("POST", "/api/pair", Some(br#"{"name":"x"}"#), &[("Origin", "https://evil.example")]);
    assert_eq!(status, 403, "web pages cannot even ask");
}

#[test]
fn clips_are_validated_with_a_reason() {
    let s = Scratch::new();
    let server = Server::start(&s);
    for (body, why) in [
        ("{not json".to_string(), "malformed JSON"),
        (json!({"html": "<p>x</p>"}).to_string(), "no url"),
        (json!({"url": "https://example.com/x"}).to_string(), "no html"),
        (json!({"url": "ftp://example.com/x", "html": "<p>hi</p>"}).to_string(), "not http(s)"),
        (json!({"url": "https://example.com/x", "html": "  "}).to_string(), "empty html"),
        (json!({"url": "https://example.com/x", "html": "", "image": {"url": "https://e.com/a.jpg", "data_base64": "!!"}}).to_string(), "bad base64"),
    ] {
        let (status, text) = server.request("POST", "/api/clip", Some(&body), &[]);
        let err = parse(&text);
        assert!((400..500).contains(&status), "{why}: {status} {text}");
        assert!(err["code"].is_string() && err["message"].as_str().is_some_and(|m| !m.is_empty()), "{why}: {text}");
    }
    let big = vec![b'a'; 49 * 1024 * 1024];
    let auth = format!("Bearer {}", server.token);
    let (status, _, body) = server.raw("POST", "/api/clip", Some(&big), &[("Authorization", &auth)]);
    assert_eq!(status, 413, "{body}");
    assert!(body.is_empty() || parse(&body)["code"] == "too_large", "{body}");
    assert!(crate::list_json(&s).is_empty(), "nothing was saved");
}

#[test]
fn reclipping_updates_the_article_and_keeps_the_previous_version() {
    let s = Scratch::new();
    let server = Server::start(&s);
    let (status, first) = server.json("POST", "/api/clip", Some(clip_json(7, "tides")));
    assert_eq!((status, first["status"].as_str()), (201, Some("saved")), "{first}");
    let id = first["article"]["id"].as_str().unwrap().to_string();
    let (_, same) = server.json("POST", "/api/clip", Some(clip_json(7, "tides")));
    assert_eq!(same["status"], "updated");
    let (_, versions) = server.json("GET", &format!("/api/articles/{id}/versions"), None);
    assert_eq!(versions.as_array().unwrap().len(), 0, "an unchanged re-clip keeps no copy");

    let (status, second) = server.json("POST", "/api/clip", Some(clip_json(7, "moons")));
    assert_eq!((status, second["status"].as_str()), (201, Some("updated")), "{second}");
    assert_eq!(second["article"]["id"], id.as_str(), "the same canonical URL updates the article");
    let (_, versions) = server.json("GET", &format!("/api/articles/{id}/versions"), None);
    assert_eq!(versions[0]["number"], 1);
    assert_eq!(versions[0]["title"], "Article 7 about tides");
    let (status, old) = server.json("GET", &format!("/api/articles/{id}/versions/1"), None);
    assert_eq!(status, 200);
    assert!(old["text"].as_str().unwrap().contains("tides") && !old["text"].as_str().unwrap().contains("moons"));
    let (status, _) = server.json("GET", &format!("/api/articles/{id}/versions/2"), None);
    assert_eq!(status, 404);
    let (_, now) = server.json("GET", &format!("/api/articles/{id}"), None);
    assert!(now["content_html"].as_str().unwrap().contains("moons"));

    assert!(s.ok(&["versions", &id]).contains("Article 7 about tides"));
    let shown = s.ok(&["show", &id, "--version", "1"]);
    assert!(shown.contains("tides") && !shown.contains("moons"), "{shown}");
    assert_eq!(crate::list_json(&s).len(), 1);
}

#[test]
fn clipped_photos_are_stored_from_the_posted_bytes() {
    let s = Scratch::new();
    let server = Server::start(&s);
    let jpeg = std::fs::read(crate::fixture("photos/sunset.jpg")).unwrap();
    // Port 9 on loopback refuses connections: the photo can only come from the posted bytes.
    let src = "http://127.0.0.1:9/sunset.jpg";
    let mut page = crate::article_html(3, "sunsets");
    page = page.replace(
        "</article>",
        &format!("<figure><img src=\"{src}\" width=800 height=600><figcaption>Dusk</figcaption></figure></article>"),
    );
    let data = base64::engine::general_purpose::STANDARD.encode(&jpeg);
    let body = json!({"url": "https://example.com/a/3", "html": page, "title": "Sunsets",
        "images": [{"url": src, "content_type": "image/jpeg", "data_base64": data}]});
    let (status, out) = server.json("POST", "/api/clip", Some(body));
    assert_eq!(status, 201, "{out}");
    let id = out["article"]["id"].as_str().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let (_, a) = server.json("GET", &format!("/api/articles/{id}"), None);
        if a["content_html"].as_str().unwrap().contains("src=\"/photos/") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the photo is stored in the background: {a}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    let image = json!({"url": "https://example.com/a/3", "html": "", "title": "A sunset",
        "image": {"url": "https://cdn.example.com/sunset.jpg", "content_type": "image/jpeg", "data_base64": data}});
    let (status, out) = server.json("POST", "/api/clip", Some(image));
    assert_eq!((status, out["status"].as_str()), (201, Some("saved")), "{out}");
    assert_eq!(crate::list_json(&s).len(), 2, "one clipped image is an item of its own");
}

#[test]
fn two_hundred_concurrent_clips_are_neither_lost_nor_duplicated() {
    let s = Scratch::new();
    let server = Server::start(&s);
    let statuses: Vec<(u16, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..200)
            .map(|i| {
                let server = &server;
                // Every tenth clip is the same page again.
                let n = if i % 10 == 0 { 1000 } else { i };
                scope.spawn(move || server.json("POST", "/api/clip", Some(clip_json(n, "load"))))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .map(|(st, v)| (st, v["status"].as_str().unwrap_or("").to_string()))
            .collect()
    });
    assert!(statuses.iter().all(|(st, _)| *st == 201), "every clip committed: {statuses:?}");
    let saved = statuses.iter().filter(|(_, v)| v == "saved").count();
    assert_eq!(saved, 181, "180 distinct pages and one page clipped 20 times");
    let db = rusqlite::Connection::open(s.library()).unwrap();
    let (rows, distinct): (i64, i64) = db
        .query_row("SELECT count(*), count(DISTINCT canonical_url) FROM articles WHERE deleted_at IS NULL", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((rows, distinct), (181, 181));
}

#[test]
fn fetch_failures_reach_the_cli_and_http_with_their_code() {
    let s = Scratch::new();
    let out = s.quire(&["add", "http://no-such-site.invalid/story"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("couldn't find the site no-such-site.invalid"), "the CLI says why: {stderr}");
    let server = Server::start(&s);
    let (status, err) =
        server.json("POST", "/api/articles", Some(json!({"url": "http://no-such-site.invalid/story", "html": null})));
    assert_eq!((status, err["code"].as_str()), (502, Some("dns")), "{err}");
}

#[test]
fn the_server_answers_on_ipv6_loopback_too_with_the_same_rules() {
    // Only where this machine has IPv6 loopback at all.
    if std::net::TcpListener::bind(("::1", 0)).is_err() {
        eprintln!("no IPv6 loopback here; skipped");
        return;
    }
    let s = Scratch::new();
    let server = Server::start(&s);
    let get = |headers: &str| {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("::1", server.port)).expect("[::1] is served");
        let req =
            format!("GET /api/tags HTTP/1.1\r\nHost: [::1]:{}\r\nConnection: close\r\n{headers}\r\n", server.port);
        stream.write_all(req.as_bytes()).unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        raw.split_whitespace().nth(1).and_then(|c| c.parse::<u16>().ok()).unwrap_or(0)
    };
    assert_eq!(get(""), 401, "no token over IPv6 either");
    assert_eq!(get(&format!("Authorization: Bearer {}\r\n", server.token)), 200, "a token works over [::1]");
}

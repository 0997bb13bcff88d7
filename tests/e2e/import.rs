//! `quire import` and `quire jobs` as processes: a real export file, a second
//! import that adds nothing, a SIGKILL during `--wait` then a resume that
//! loses nothing committed, against pages served on loopback.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::{Scratch, article_html, fixture, list_json};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn import_stores_every_row_reports_bad_ones_and_a_second_import_adds_nothing() {
    let s = Scratch::new();
    let file = fixture("imports/pocket-export.zip");
    let out = s.quire(&["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "a row could not be read: exit 1");
    let text = stdout(&out);
    assert!(text.contains("imported:            3"), "{text}");
    assert!(text.contains("queued for fetching: 3"), "{text}");
    assert!(text.contains("row 5:"), "the bad row by its line: {text}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 of 4 rows could not be read"), "{stderr}");
    let articles = list_json(&s);
    assert_eq!(articles.len(), 3);
    let sqlite = articles.iter().find(|a| a["url"] == "https://example.com/sqlite").unwrap();
    assert_eq!(sqlite["title"], "How SQLite Works");
    assert_eq!(sqlite["tags"], serde_json::json!(["databases", "reading"]));

    let again = s.quire(&["import", file.to_str().unwrap()]);
    let text = stdout(&again);
    assert!(text.contains("imported:            0") && text.contains("duplicates:          3"), "{text}");
    assert_eq!(list_json(&s).len(), 3, "nothing added twice");

    let wallabag = s.quire(&["import", fixture("imports/wallabag.json").to_str().unwrap()]);
    assert!(wallabag.status.success(), "every row read: exit 0: {}", stdout(&wallabag));
    let jobs: Vec<serde_json::Value> = serde_json::from_str(&s.ok(&["jobs", "--json"])).unwrap();
    assert_eq!(jobs.len(), 3);
    assert_eq!(jobs[0]["format"], "wallabag_json", "newest first");
    assert_eq!(jobs[0]["queued"], 1);
    assert_eq!(jobs[2]["rejected_rows"][0].as_str().unwrap().split(':').next(), Some("row 5"));
}

#[test]
fn a_missing_or_unknown_file_is_a_clear_error_and_changes_nothing() {
    let s = Scratch::new();
    s.ok(&["add", s.page(1, "grebes").to_str().unwrap()]);
    let weird = s.dir.path().join("notes.csv");
    std::fs::write(&weird, "a,b,c\n1,2,3\n").unwrap();
    let out = s.quire(&["import", weird.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not an export Quire can import") && err.contains("a, b, c"), "{err}");
    assert_eq!(list_json(&s).len(), 1);
}

/// Serves `/page/N` (an article, after `delay`) until the test ends.
fn slow_pages(delay: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let n: usize =
                    line.split_whitespace().nth(1).and_then(|p| p.rsplit('/').next()?.parse().ok()).unwrap_or(0);
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                }
                std::thread::sleep(delay);
                let body =
                    article_html(1000 + n, "dippers").replace("https://example.com/a/", "https://example.com/dippers/");
                let mut s = stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    base
}

fn count(s: &Scratch, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(s.library()).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn sigkill_during_import_wait_then_resume_loses_nothing_and_completes() {
    let s = Scratch::new();
    let base = slow_pages(Duration::from_millis(150));
    let list = s.dir.path().join("urls.txt");
    std::fs::write(&list, (0..20).map(|i| format!("{base}/page/{i}\n")).collect::<String>()).unwrap();
    let mut child = s
        .command(&["import", "--wait", list.to_str().unwrap()])
        .env("QUIRE_FETCH_HOST_DELAY_MS", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let fetched_sql = "SELECT count(*) FROM import_items WHERE status = 'fetched'";
    while Instant::now() < deadline {
        let ready = s.library().exists()
            && count(&s, "SELECT count(*) FROM sqlite_schema WHERE name = 'import_items'") == 1
            && count(&s, fetched_sql) >= 3;
        if ready {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no destructors, no rollback
    child.wait().unwrap();
    let fetched_before = count(&s, fetched_sql);
    assert!((3..20).contains(&fetched_before), "killed mid-fetch: {fetched_before} fetched");
    assert_eq!(count(&s, "SELECT count(*) FROM articles"), 20, "every row was stored before fetching began");
    assert_eq!(
        count(&s, "SELECT count(*) FROM articles WHERE needs_fetch = 0"),
        fetched_before,
        "each fetched page committed with its queue row"
    );

    let out = s.command(&["jobs", "retry"]).env("QUIRE_FETCH_HOST_DELAY_MS", "0").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(count(&s, fetched_sql), 20, "the restarted worker picked up the pending rows");
    assert_eq!(count(&s, "SELECT count(*) FROM articles WHERE needs_fetch = 0 AND deleted_at IS NULL"), 20);
    assert_eq!(count(&s, "SELECT count(*) FROM articles"), 20, "nothing duplicated by the resume");
    let jobs: Vec<serde_json::Value> = serde_json::from_str(&s.ok(&["jobs", "--json"])).unwrap();
    assert_eq!(jobs[0]["state"], "done");
    let titles: Vec<String> = list_json(&s).iter().map(|a| a["title"].as_str().unwrap().to_string()).collect();
    assert!(titles.iter().all(|t| t.contains("dippers")), "placeholders got their pages: {titles:?}");
}

#[test]
fn the_http_api_takes_an_upload_and_reports_its_job() {
    let s = Scratch::new();
    let server = crate::http::Server::start(&s);
    let csv = std::fs::read_to_string(fixture("imports/instapaper-export.csv")).unwrap();
    let (status, body) = server.request("POST", "/api/import?name=instapaper.csv", Some(&csv), &[]);
    assert_eq!(status, 202, "{body}");
    let started: serde_json::Value = serde_json::from_str(&body).unwrap();
    let job_id = started["job_id"].as_str().unwrap();
    let (status, job) = server.json("GET", &format!("/api/import/jobs/{job_id}"), None);
    assert_eq!(status, 200);
    assert_eq!(job["source_name"], "instapaper.csv");
    assert_eq!(job["format"], "instapaper_csv");
    assert_eq!((job["total"].as_u64(), job["imported"].as_u64(), job["queued"].as_u64()), (Some(4), Some(4), Some(4)));
    let (_, jobs) = server.json("GET", "/api/import/jobs", None);
    assert_eq!(jobs.as_array().unwrap().len(), 1);
    let (status, _) = server.json("GET", "/api/import/jobs/nope", None);
    assert_eq!(status, 404);

    let (status, body) = server.request("POST", "/api/import?name=x.csv", Some("a,b\n1,2\n"), &[]);
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"code\":\"unknown_format\""), "{body}");
    let (status, body) = crate::raw_request(
        server.port,
        &format!(
            "POST /api/import?name=huge.zip HTTP/1.1\r\nAuthorization: Bearer {}\r\nContent-Length: 2000000000",
            server.token
        ),
        b"PK\x03\x04",
    );
    assert_eq!(status, 413, "refused by its declared size, before reading it: {body}");
    assert_eq!(list_json(&s).len(), 4, "the refused uploads changed nothing");
}

//! Highlights and notes (issue 6) through the `quire` program: the CLI
//! commands and the HTTP routes, as real processes on a real library file.

use serde_json::{Value, json};

use crate::http::Server;
use crate::{Scratch, list_json};

/// A scratch library holding one generated article; returns its id.
fn with_article() -> (Scratch, String) {
    let s = Scratch::new();
    let page = s.page(1, "tides");
    s.ok(&["add", page.to_str().unwrap()]);
    let id = list_json(&s)[0]["id"].as_str().unwrap().to_string();
    (s, id)
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

#[test]
fn highlight_finds_the_quote_whitespace_insensitively_and_lists_it() {
    let (s, id) = with_article();
    let out = s.ok(&[
        "highlight",
        &id,
        "--quote",
        "talks  at\nsome length",
        "--note",
        "a note, \"quoted\"",
        "--color",
        "green",
        "--tag",
        "sea",
        "--tag",
        "long",
        "--json",
    ]);
    let h: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(h["exact"], "talks at some length");
    assert_eq!(h["color"], "green");
    assert_eq!(h["tags"], json!(["long", "sea"]));
    assert_eq!(h["note"], "a note, \"quoted\"");

    let listed: Value = serde_json::from_str(&s.ok(&["highlights", &id, "--json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let all = s.ok(&["highlights"]);
    assert!(all.contains("\tgreen\t") && all.contains("talks at some length"), "{all}");
}

#[test]
fn an_ambiguous_or_missing_quote_is_a_clear_error() {
    let (s, id) = with_article();
    let out = s.quire(&["highlight", &id, "--quote", "tides"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("occurs 2 times") && stderr(&out).contains("--occurrence"), "{}", stderr(&out));
    let second = s.ok(&["highlight", &id, "--quote", "tides", "--occurrence", "2", "--json"]);
    let h: Value = serde_json::from_str(&second).unwrap();
    let first_at = s.ok(&["highlight", &id, "--quote", "tides", "--occurrence", "1", "--json"]);
    let f: Value = serde_json::from_str(&first_at).unwrap();
    assert!(h["start"].as_u64() > f["start"].as_u64(), "occurrence 2 comes after occurrence 1");
    let missing = s.quire(&["highlight", &id, "--quote", "zebras"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("is not in the article"), "{}", stderr(&missing));
}

#[test]
fn export_writes_files_and_folders_and_import_restores_them_once() {
    let (s, id) = with_article();
    s.ok(&["highlight", &id, "--quote", "paragraph one", "--note", "first, \"note\"\nsecond line"]);
    s.ok(&["note", &id, "A page note"]);
    let dir = s.dir.path();
    let csv = dir.join("out.csv");
    let jsonld = dir.join("out.jsonld");
    s.ok(&["export", "--format", "readwise-csv", csv.to_str().unwrap()]);
    s.ok(&["export", "--format", "w3c-jsonld", jsonld.to_str().unwrap()]);
    s.ok(&["export", "--format", "markdown", "--article", &id, dir.join("md").to_str().unwrap()]);
    s.ok(&["export", "--format", "html", dir.join("html").to_str().unwrap()]);
    let mut r = csv::Reader::from_path(&csv).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][4], "first, \"note\"\nsecond line");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&jsonld).unwrap()).unwrap();
    assert_eq!(doc["type"], "AnnotationCollection");
    assert_eq!(doc["total"], 2, "the highlight and the page note");
    let md: Vec<_> = std::fs::read_dir(dir.join("md")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(md.len(), 1);
    assert!(std::fs::read_to_string(&md[0]).unwrap().contains("> paragraph one"));
    assert_eq!(std::fs::read_dir(dir.join("html")).unwrap().count(), 1);

    // Into a second library holding the same article.
    let other = Scratch::new();
    other.ok(&["add", s.page(1, "tides").to_str().unwrap()]);
    let first = other.ok(&["import", jsonld.to_str().unwrap()]);
    assert!(first.contains("added 1 highlight(s)") && first.contains("1 note(s)"), "{first}");
    let again = other.ok(&["import", jsonld.to_str().unwrap()]);
    assert!(again.contains("added 0 highlight(s)") && again.contains("2 already there"), "{again}");
    let csv_again = other.ok(&["import", csv.to_str().unwrap()]);
    assert!(csv_again.contains("added 0 highlight(s)"), "{csv_again}");
    let listed: Value = serde_json::from_str(&other.ok(&["highlights", "--json"])).unwrap();
    assert_eq!(listed[0]["exact"], "paragraph one");
}

#[test]
fn import_refuses_a_file_that_is_neither_notes_nor_a_library_export() {
    let s = Scratch::new();
    let page = s.page(1, "tides");
    let out = s.quire(&["import", page.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is not an export Quire can import"), "{}", stderr(&out));
    assert!(list_json(&s).is_empty(), "nothing was imported");
}

#[test]
fn the_http_routes_create_list_change_export_and_delete() {
    let (s, id) = with_article();
    let server = Server::start(&s);
    let (status, article) = server.json("GET", &format!("/api/articles/{id}"), None);
    assert_eq!(status, 200);
    let html = article["content_html"].as_str().unwrap();
    assert!(html.contains("paragraph one"));

    let (status, h) = server.json(
        "POST",
        &format!("/api/articles/{id}/highlights"),
        Some(json!({ "exact": "paragraph one", "prefix": "", "suffix": "", "start": 9999, "end": 10012, "color": "blue" })),
    );
    assert_eq!(status, 400, "a range outside the text is refused");
    assert_eq!(h["code"], "invalid_highlight");

    // The code-point range of the quote in the anchor text, as the CLI finds it.
    let made: Value = serde_json::from_str(&s.ok(&["highlight", &id, "--quote", "paragraph one", "--json"])).unwrap();
    let (start, end) = (made["start"].as_u64().unwrap(), made["end"].as_u64().unwrap());
    let (status, listed) = server.json("GET", &format!("/api/articles/{id}/annotations"), None);
    assert_eq!((status, listed["highlights"][0]["id"].clone()), (200, made["id"].clone()));
    let (status, _) = server.json("DELETE", &format!("/api/highlights/{}", made["id"].as_str().unwrap()), None);
    assert_eq!(status, 204);

    let (status, h) = server.json(
        "POST",
        &format!("/api/articles/{id}/highlights"),
        Some(json!({ "exact": "paragraph one", "start": start, "end": end, "color": "blue", "tags": ["x"] })),
    );
    assert_eq!(status, 201, "{h}");
    let hid = h["id"].as_str().unwrap().to_string();
    assert_eq!((h["color"].as_str(), h["orphan"].as_bool()), (Some("blue"), Some(false)));
    let (status, bad) = server.json(
        "POST",
        &format!("/api/articles/{id}/highlights"),
        Some(json!({ "exact": "x", "start": 0, "end": 1, "color": "mauve" })),
    );
    assert_eq!((status, bad["code"].as_str()), (400, Some("invalid_highlight")), "an unknown colour");

    let (status, h) = server.json(
        "PATCH",
        &format!("/api/highlights/{hid}"),
        Some(json!({ "note": "Now with a note", "color": "pink" })),
    );
    assert_eq!((status, h["note"].as_str(), h["color"].as_str()), (200, Some("Now with a note"), Some("pink")));

    let (status, n) = server.json("POST", &format!("/api/articles/{id}/notes"), Some(json!({ "body": "Page note" })));
    assert_eq!(status, 201);
    let nid = n["id"].as_str().unwrap().to_string();
    let (status, n) = server.json("PATCH", &format!("/api/notes/{nid}"), Some(json!({ "body": "Edited note" })));
    assert_eq!((status, n["body"].as_str()), (200, Some("Edited note")));

    let (status, all) = server.json("GET", "/api/highlights?q=note&color=pink", None);
    assert_eq!(status, 200);
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert_eq!(all[0]["snippet"], "Now with a <mark>note</mark>");
    assert!(all[0]["article_title"].as_str().unwrap().starts_with("Article 1"));
    let (status, none) = server.json("GET", "/api/highlights?color=blue", None);
    assert_eq!((status, none.as_array().unwrap().len()), (200, 0));
    let (status, err) = server.json("GET", "/api/highlights?color=mauve", None);
    assert_eq!((status, err["code"].as_str()), (400, Some("invalid_highlight")));

    let (status, md) = server.request("GET", &format!("/api/articles/{id}/export?format=markdown"), None, &[]);
    assert_eq!(status, 200);
    assert!(md.starts_with("---\n") && md.contains("> paragraph one") && md.contains("Now with a note"), "{md}");
    let (status, page) = server.request("GET", &format!("/api/articles/{id}/export?format=html"), None, &[]);
    assert_eq!(status, 200);
    assert!(page.contains("<mark class=\"quire-highlight pink\">paragraph one</mark>"));
    let (status, csv_text) = server.request("GET", "/api/export?format=readwise-csv", None, &[]);
    assert_eq!(status, 200);
    assert!(csv_text.starts_with("Highlight,Title,Author,URL,Note,Location,Date"));
    let (status, doc) = server.json("GET", "/api/export?format=w3c-jsonld", None);
    assert_eq!((status, doc["type"].as_str()), (200, Some("AnnotationCollection")));
    let (status, err) = server.json("GET", "/api/export?format=markdown", None);
    assert_eq!((status, err["code"].as_str()), (400, Some("invalid_input")), "a folder format has no single file");

    let (status, _) = server.json("DELETE", &format!("/api/notes/{nid}"), None);
    assert_eq!(status, 204);
    let (status, _) = server.json("DELETE", &format!("/api/highlights/{hid}"), None);
    assert_eq!(status, 204);
    let (status, err) = server.json("DELETE", &format!("/api/highlights/{hid}"), None);
    assert_eq!((status, err["code"].as_str()), (404, Some("not_found")));
    let (_, listed) = server.json("GET", &format!("/api/articles/{id}/annotations"), None);
    assert_eq!(listed, json!({ "highlights": [], "notes": [] }));
}

#[test]
fn import_refuses_a_file_over_1_gb_without_reading_it() {
    let s = Scratch::new();
    let big = s.dir.path().join("big.csv");
    // Sparse: the size is real, the disk space is not used. Too big for the
    // notes importer (200 MB), so it goes to the library importer, which caps at 1 GB.
    std::fs::File::create(&big).unwrap().set_len(1024 * 1024 * 1024 + 1).unwrap();
    let out = s.quire(&["import", big.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(list_json(&s).is_empty(), "nothing was imported: {}", stderr(&out));
}

#[test]
fn export_with_highlight_ids_writes_exactly_those_from_the_cli_and_over_http() {
    let (s, id) = with_article();
    let pick = |quote: &str| -> String {
        let h: Value = serde_json::from_str(&s.ok(&["highlight", &id, "--quote", quote, "--json"])).unwrap();
        h["id"].as_str().unwrap().to_string()
    };
    let one = pick("paragraph one");
    let _left_out = pick("A second paragraph");
    let three = pick("a third paragraph");
    s.ok(&["note", &id, "A page note that is not chosen"]);
    let dir = s.dir.path();

    let csv_path = dir.join("chosen.csv");
    let said = s.ok(&[
        "export",
        "--format",
        "readwise-csv",
        "--highlight",
        &one,
        "--highlight",
        &three,
        csv_path.to_str().unwrap(),
    ]);
    assert!(said.contains("exported 2 highlight(s) and 0 note(s) of 1 article(s)"), "{said}");
    let mut r = csv::Reader::from_path(&csv_path).unwrap();
    let quotes: Vec<String> = r.records().map(|row| row.unwrap()[0].to_string()).collect();
    assert_eq!(quotes, ["paragraph one", "a third paragraph"], "exactly the two chosen, in reading order");

    let md_dir = dir.join("chosen-md");
    s.ok(&["export", "--format", "markdown", "--highlight", &three, md_dir.to_str().unwrap()]);
    let files: Vec<_> = std::fs::read_dir(&md_dir).unwrap().map(|e| e.unwrap().path()).collect();
    let md = std::fs::read_to_string(files.iter().find(|p| p.extension().is_some_and(|e| e == "md")).unwrap()).unwrap();
    assert!(md.contains("> a third paragraph") && !md.contains("> paragraph one") && !md.contains("page note"), "{md}");

    let unknown = s.quire(&[
        "export",
        "--format",
        "w3c-jsonld",
        "--highlight",
        "no-such-id",
        dir.join("x.jsonld").to_str().unwrap(),
    ]);
    assert!(!unknown.status.success(), "an unknown highlight id fails the export");
    let both = s.quire(&[
        "export",
        "--format",
        "w3c-jsonld",
        "--article",
        &id,
        "--highlight",
        &one,
        dir.join("y.jsonld").to_str().unwrap(),
    ]);
    assert!(!both.status.success(), "--article and --highlight do not mix");

    let server = Server::start(&s);
    let selection = json!({ "highlights": [three, one] }).to_string();
    let (status, doc) = server.request(
        "POST",
        "/api/export/selection?format=w3c-jsonld",
        Some(&selection),
        &[("content-type", "application/json")],
    );
    assert_eq!(status, 200, "{doc}");
    let doc: Value = serde_json::from_str(&doc).unwrap();
    assert_eq!(doc["total"], 2);
    let (status, err) = server.json("POST", "/api/export/selection?format=html", Some(json!({ "highlights": [] })));
    assert_eq!((status, err["code"].as_str()), (400, Some("invalid_input")), "an empty selection is refused");

    let (status, all) = server.json("GET", "/api/annotations?q=chosen", None);
    assert_eq!(status, 200);
    assert_eq!(all.as_array().unwrap().len(), 1, "the page note is found by its words: {all}");
    assert_eq!((all[0]["kind"].as_str(), all[0]["highlight"].is_null()), (Some("note"), true));
    assert_eq!(all[0]["note"]["body_html"], "<p>A page note that is not chosen</p>", "with its rendered HTML");
    let (_, everything) = server.json("GET", "/api/annotations?sort=article", None);
    let kinds: Vec<&str> = everything.as_array().unwrap().iter().map(|x| x["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["note", "highlight", "highlight", "highlight"], "the page note first, then reading order");
    let (status, err) = server.json("GET", "/api/annotations?kind=scribble", None);
    assert_eq!((status, err["code"].as_str()), (400, Some("invalid_input")));
}

//! The commands a person or a script types.

use std::io::Write;
use std::process::Stdio;

use crate::{Scratch, fixture, list_json};

#[test]
fn add_list_show_search_tag_archive_delete_restore() {
    let s = Scratch::new();
    let tides = fixture("pages/tides.html");
    let out = s.ok(&[
        "add",
        tides.to_str().unwrap(),
        "--url",
        "https://coastal.example/science/baltic-tides",
        "--tag",
        "sea",
    ]);
    assert!(out.starts_with("Saved "), "{out}");
    let items = list_json(&s);
    assert_eq!(items.len(), 1);
    let id = items[0]["id"].as_str().unwrap().to_string();
    assert_eq!(items[0]["title"], "The tides of the Baltic, explained");
    assert_eq!(items[0]["url"], "https://coastal.example/science/baltic-tides");
    assert_eq!(items[0]["state"], "unread");
    assert_eq!(items[0]["tags"], serde_json::json!(["sea"]));

    let html = s.ok(&["show", &id, "--format", "html"]);
    assert!(html.contains("seiche") && !html.contains("<html") && !html.contains("<head"), "an HTML fragment: {html}");
    let text = s.ok(&["show", &id, "--format", "text"]);
    assert!(text.contains("standing wave") && !text.contains('<'), "{text}");
    let md = s.ok(&["show", &id, "--format", "markdown"]);
    assert!(md.starts_with("# The tides of the Baltic, explained"), "{md}");
    let json: serde_json::Value = serde_json::from_str(&s.ok(&["show", &id, "--format", "json"])).unwrap();
    assert_eq!(json["id"], id.as_str());
    assert!(json["content_html"].as_str().unwrap().contains("seiche"));

    let hits = s.ok(&["search", "seiche"]);
    assert_eq!(hits.lines().count(), 1);
    assert!(hits.starts_with(&id) && hits.contains("The tides of the Baltic"), "one line: id then title: {hits}");
    let none = s.quire(&["search", "xylophone"]);
    assert!(none.status.success(), "no match is not an error");
    assert!(none.stdout.is_empty());

    assert_eq!(s.ok(&["tag", &id, "coast", "baltic"]).trim(), "baltic, coast, sea");
    assert_eq!(s.ok(&["tag", &id, "sea", "--remove"]).trim(), "baltic, coast");
    s.ok(&["archive", &id]);
    assert_eq!(list_json(&s)[0]["state"], "archived", "list shows archived articles too");
    s.ok(&["delete", &id]);
    assert!(list_json(&s).is_empty());
    s.ok(&["restore", &id]);
    assert_eq!(list_json(&s).len(), 1);
}

#[test]
fn add_reads_standard_input() {
    let s = Scratch::new();
    let mut child = s
        .command(&["add", "-", "--url", "https://example.com/a/9"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(crate::article_html(9, "plovers").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(list_json(&s)[0]["title"], "Article 9 about plovers");
}

#[test]
fn list_limit_pages_and_json_includes_every_state() {
    let s = Scratch::new();
    let pages: Vec<String> = (0..4).map(|i| s.page(i, "eiders").display().to_string()).collect();
    let mut args = vec!["add"];
    args.extend(pages.iter().map(String::as_str));
    let out = s.ok(&args);
    assert_eq!(out.lines().filter(|l| l.starts_with("Saved ")).count(), 4, "{out}");
    let all = list_json(&s);
    s.ok(&["archive", all[0]["id"].as_str().unwrap()]);
    assert_eq!(list_json(&s).len(), 4);
    let two: Vec<serde_json::Value> = serde_json::from_str(&s.ok(&["list", "--json", "--limit", "2"])).unwrap();
    assert_eq!(two.len(), 2);
}

#[test]
fn bad_input_gets_a_clear_error_and_a_failing_exit() {
    let s = Scratch::new();
    s.ok(&["add", s.page(1, "gannets").to_str().unwrap()]);
    let binary = s.dir.path().join("photo.png");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    for (args, expect) in [
        // An image file is saved as a photo; a broken one is refused as such.
        (vec!["add", binary.to_str().unwrap()], "not a photo Quire can keep"),
        (vec!["add", "https://"], "invalid URL"),
        (vec!["add", "ftp://example.com/x"], "only http and https"),
        (vec!["add", "/no/such/file.html"], "cannot read /no/such/file.html"),
        (vec!["show", "0000-nothing"], "no article with id"),
        (vec!["show", "zz"], "no article with id"),
    ] {
        let out = s.quire(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(expect), "{args:?} should say {expect:?}: {err}");
    }
    assert_eq!(list_json(&s).len(), 1, "failed commands change nothing");

    let not_a_library = s.dir.path().join("notes.txt");
    std::fs::write(&not_a_library, "hello").unwrap();
    let out = std::process::Command::new(crate::quire_bin())
        .args(["--library", not_a_library.to_str().unwrap(), "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a Quire library"));
    assert_eq!(std::fs::read(&not_a_library).unwrap(), b"hello");
}

#[test]
fn the_library_comes_from_quire_library_or_the_data_folder() {
    let s = Scratch::new();
    let page = s.page(1, "skuas");
    let via_env = std::process::Command::new(crate::quire_bin())
        .args(["add", page.to_str().unwrap()])
        .env("QUIRE_LIBRARY", s.library())
        .output()
        .unwrap();
    assert!(via_env.status.success());
    assert_eq!(list_json(&s).len(), 1, "QUIRE_LIBRARY names the library");

    let data = s.dir.path().join("xdg");
    let by_default = std::process::Command::new(crate::quire_bin())
        .args(["add", page.to_str().unwrap()])
        .env_remove("QUIRE_LIBRARY")
        .env("XDG_DATA_HOME", &data)
        .output()
        .unwrap();
    assert!(by_default.status.success(), "{}", String::from_utf8_lossy(&by_default.stderr));
    assert!(data.join("quire/library.sqlite").is_file(), "the default library lives in the data folder");
}

#[test]
fn backup_copies_a_library_that_opens() {
    let s = Scratch::new();
    s.ok(&["add", s.page(1, "razorbills").to_str().unwrap()]);
    let dest = s.dir.path().join("copy.sqlite");
    s.ok(&["backup", dest.to_str().unwrap()]);
    let out = std::process::Command::new(crate::quire_bin())
        .args(["--library", dest.to_str().unwrap(), "list", "--json"])
        .output()
        .unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items[0]["title"], "Article 1 about razorbills");
}

#[test]
fn extract_prints_one_json_object_per_file() {
    let s = Scratch::new();
    let tides = fixture("pages/tides.html");
    let other = s.page(2, "shags");
    let out = s.ok(&["extract", tides.to_str().unwrap(), other.to_str().unwrap()]);
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    for key in [
        "file",
        "title",
        "standfirst",
        "section",
        "byline",
        "published",
        "site_name",
        "lang",
        "lead_image",
        "content_html",
        "text",
        "is_article",
        "warnings",
    ] {
        assert!(lines[0].get(key).is_some(), "extract output has {key}");
    }
    assert_eq!(lines[0]["title"], "The tides of the Baltic, explained");
    assert_eq!(lines[0]["is_article"], true);
    assert!(!s.library().exists(), "extract stores nothing");

    let one = s.ok(&["extract", tides.to_str().unwrap(), "--url", "https://coastal.example/science/baltic-tides"]);
    let v: serde_json::Value = serde_json::from_str(one.trim()).unwrap();
    assert!(
        v["content_html"].as_str().unwrap().contains("https://coastal.example/img/visby.jpg"),
        "links made absolute against --url"
    );
}

#[test]
fn help_reads_well() {
    let out = std::process::Command::new(crate::quire_bin()).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["add", "list", "show", "search", "tag", "archive", "delete", "backup", "extract", "serve", "--library"]
    {
        assert!(help.contains(cmd), "--help mentions {cmd}");
    }
}

#[test]
fn an_image_file_is_saved_as_a_photo_then_purged_when_deleted() {
    let s = Scratch::new();
    let photo = fixture("photos/sunset.jpg");
    let out = s.ok(&[
        "add",
        photo.to_str().unwrap(),
        "--url",
        "https://example.org/gallery/sunset",
        "--caption",
        "Sun over the Wadden Sea",
        "--date",
        "2026-06-01",
    ]);
    assert!(out.starts_with("Saved ") && out.contains("Sun over the Wadden Sea"), "{out}");
    let items = list_json(&s);
    assert_eq!(items.len(), 1, "the photo is listed");
    assert_eq!(items[0]["url"], "https://example.org/gallery/sunset");
    assert_eq!(items[0]["published"], "2026-06-01");
    let id = items[0]["id"].as_str().unwrap().to_string();
    let html = s.ok(&["show", &id, "--format", "html"]);
    assert!(html.contains("src=\"/photos/") && html.contains("<figcaption>"), "{html}");

    assert_eq!(s.ok(&["photos", "retry"]).trim(), "0 photo(s) saved, 0 still failing");

    s.ok(&["delete", &id]);
    let kept = s.ok(&["purge"]);
    assert!(kept.starts_with("Purged 0 deleted article(s)"), "within the undo window nothing goes: {kept}");
    let purged = s.ok(&["purge", "--older-than-days", "0"]);
    assert!(purged.starts_with("Purged 1 deleted article(s) and 1 photo(s)"), "{purged}");
    assert!(!s.quire(&["restore", &id]).status.success(), "a purged article cannot be restored");
}

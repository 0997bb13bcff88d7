//! `quire search` takes the query language as typed (issue 8).

use crate::Scratch;

#[test]
fn search_takes_filters_and_never_fails_on_odd_input() {
    let s = Scratch::new();
    let a = s.page(1, "fulmars");
    let b = s.page(2, "gannets");
    s.ok(&["add", a.to_str().unwrap(), "--tag", "cliffs"]);
    s.ok(&["add", b.to_str().unwrap()]);
    let hits: serde_json::Value = serde_json::from_str(&s.ok(&["search", "tag:cliffs", "--json"])).unwrap();
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(hits[0]["title"].as_str().unwrap().contains("fulmars"));
    assert_eq!(hits[0]["state"], "unread", "hits carry the article's state");
    let out = s.ok(&["search", "paragraph -tag:cliffs is:unread"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("gannets"), "{out}");
    for odd in ["\"unclosed (( -* NEAR(", "tag:", "is:", "-", "***", "before:2024-13-45", "日本"] {
        let run = s.quire(&["search", odd]);
        assert!(run.status.success(), "{odd:?}: {}", String::from_utf8_lossy(&run.stderr));
    }
}

//! A crash mid-import loses nothing that was reported saved.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::Scratch;

#[test]
fn sigkill_during_a_long_add_loses_nothing_reported_done() {
    let s = Scratch::new();
    let pages: Vec<String> = (0..400).map(|i| s.page(i, "cormorants").display().to_string()).collect();
    let mut reported = Vec::new();
    for kill_after in [5, 17, 33] {
        let mut args = vec!["add"];
        args.extend(pages.iter().map(String::as_str));
        let mut child = s.command(&args).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        for _ in 0..kill_after {
            reported.push(lines.next().expect("a line per saved page").unwrap());
        }
        child.kill().unwrap(); // SIGKILL on Unix: no destructors, no rollback
        child.wait().unwrap();
        reported.extend(lines.map_while(Result::ok)); // lines already written before the kill
    }

    let c = rusqlite::Connection::open(s.library()).unwrap();
    let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let fts: rusqlite::Result<usize> =
        c.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')", []);
    assert!(fts.is_ok(), "the full-text index agrees with the articles: {fts:?}");
    for line in &reported {
        let id = line.split_whitespace().nth(1).expect("Saved|Updated ID TITLE");
        let n: i64 = c.query_row("SELECT count(*) FROM articles WHERE id = ?1", [id], |r| r.get(0)).unwrap();
        assert_eq!(n, 1, "article reported saved is in the library: {line}");
    }
    assert!(reported.len() >= 55);
}

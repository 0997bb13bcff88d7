//! Opening a library written by an older Quire: it upgrades, says so on
//! stderr when that takes long, and leaves stdout to the command.

use crate::{Scratch, fixture, list_json};

/// A scratch library holding a copy of the frozen v8 library (four articles, one deleted).
fn v8_scratch() -> Scratch {
    let s = Scratch::new();
    std::fs::copy(fixture("library-v8.sqlite"), s.library()).unwrap();
    s
}

#[test]
fn a_big_old_library_announces_its_upgrade_on_stderr_only() {
    let s = v8_scratch();
    let out = s.command(&["list", "--json"]).env("QUIRE_UPGRADE_NOTICE_MIN_ARTICLES", "4").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("stdout is only the JSON list");
    assert_eq!(items.len(), 3, "the upgraded library lists its live articles");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with("Upgrading the library from schema 8 to 9 (rebuilding the search index for 4 articles; "),
        "{stderr}"
    );
    assert!(lines[1].starts_with("Library upgraded in "), "{stderr}");

    let again = s.command(&["list", "--json"]).env("QUIRE_UPGRADE_NOTICE_MIN_ARTICLES", "0").output().unwrap();
    assert!(
        again.stderr.is_empty(),
        "an up-to-date library opens silently: {}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn a_small_old_library_upgrades_silently() {
    let s = v8_scratch();
    let out = s.command(&["list", "--json"]).env_remove("QUIRE_UPGRADE_NOTICE_MIN_ARTICLES").output().unwrap();
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "four articles upgrade in a blink: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(list_json(&s).len(), 3);
}

#[test]
fn a_file_that_is_not_a_library_gets_the_open_error_and_no_notice() {
    let s = Scratch::new();
    std::fs::write(s.library(), "my shopping list\n").unwrap();
    let out = s.command(&["list"]).env("QUIRE_UPGRADE_NOTICE_MIN_ARTICLES", "0").output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a Quire library") && !stderr.contains("Upgrading"), "{stderr}");
}

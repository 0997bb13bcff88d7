//! The read-only probe front ends call before opening, to warn of a long upgrade.

use std::fs;
use std::path::Path;
use std::time::Duration;

use quire_core::schema::CURRENT_VERSION;
use quire_core::{Error, Library, PendingUpgrade, pending_upgrade};

use crate::fixtures;

/// A copy of the frozen v8 library (four articles, one of them deleted).
fn v8_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    fs::copy(fixtures().join("library-v8.sqlite"), &path).unwrap();
    (dir, path)
}

/// Every file in `dir`, to show the probe leaves no `-wal` or `-shm` behind.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn an_old_library_reports_its_upgrade_and_is_left_byte_identical() {
    let (dir, path) = v8_copy();
    let before = fs::read(&path).unwrap();
    let pending = pending_upgrade(&path).unwrap();
    assert_eq!(
        pending,
        Some(PendingUpgrade { from: 8, to: CURRENT_VERSION, articles: 4 }),
        "the deleted article counts: the index rebuild covers it too"
    );
    assert_eq!(fs::read(&path).unwrap(), before, "the probe never writes");
    assert_eq!(files_in(dir.path()), vec!["library.sqlite"]);

    drop(Library::open(&path).unwrap());
    assert_eq!(pending_upgrade(&path).unwrap(), None, "once opened, nothing is pending");
}

#[test]
fn an_old_library_in_wal_mode_is_probed_without_leaving_files_behind() {
    // Libraries on disk are in WAL mode (the frozen fixture is not), and a
    // read-only connection to one must not leave a `-wal` or `-shm` file.
    let (dir, path) = v8_copy();
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        let mode: String = c.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }
    assert_eq!(files_in(dir.path()), vec!["library.sqlite"], "closing a WAL database removes its side files");
    let before = fs::read(&path).unwrap();
    let pending = pending_upgrade(&path).unwrap().expect("v8 needs an upgrade");
    assert_eq!((pending.from, pending.articles), (8, 4));
    assert_eq!(fs::read(&path).unwrap(), before, "the probe never writes");
    assert_eq!(files_in(dir.path()), vec!["library.sqlite"], "and leaves no side files");
}

#[test]
fn a_current_library_reports_nothing() {
    let (_dir, lib) = crate::new_library();
    lib.add_page(&crate::generated_page(1, "otters")).unwrap();
    assert_eq!(pending_upgrade(lib.path()).unwrap(), None, "while open in this process");
    let path = lib.path().to_path_buf();
    drop(lib);
    assert_eq!(pending_upgrade(&path).unwrap(), None, "and once closed");
}

#[test]
fn a_missing_file_reports_nothing_and_is_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    assert_eq!(pending_upgrade(&path).unwrap(), None, "open will create it at the current schema");
    assert!(files_in(dir.path()).is_empty(), "the probe created {:?}", files_in(dir.path()));
}

#[test]
fn a_text_file_gets_the_same_error_as_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    fs::write(&path, "my shopping list\n").unwrap();
    let err = pending_upgrade(&path).unwrap_err();
    assert!(matches!(err, Error::NotALibrary { .. }), "{err}");
    assert_eq!(err.code(), Library::open(&path).unwrap_err().code());
    assert_eq!(fs::read(&path).unwrap(), b"my shopping list\n");
}

#[test]
fn another_applications_database_gets_the_same_error_as_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE accounts (id INTEGER PRIMARY KEY);").unwrap();
    }
    let err = pending_upgrade(&path).unwrap_err();
    assert!(matches!(err, Error::NotALibrary { .. }), "{err}");
}

#[test]
fn a_missing_folder_gets_the_same_error_as_open() {
    let err = pending_upgrade("/no/such/folder/library.sqlite").unwrap_err();
    assert!(matches!(err, Error::CannotOpen { .. }), "{err}");
}

#[test]
fn the_estimate_counts_only_the_migrations_that_index_every_article() {
    let from_v8 = PendingUpgrade { from: 8, to: 9, articles: 100_000 };
    assert_eq!(from_v8.index_rebuilds(), 1, "v9 rebuilds the full-text index");
    let minutes = from_v8.estimated_duration().as_secs_f64() / 60.0;
    assert!((1.9..=3.0).contains(&minutes), "measured 112 s at 100,000 articles; estimated {minutes:.1} min");
    let from_v1 = PendingUpgrade { from: 1, to: 9, articles: 100_000 };
    assert_eq!(from_v1.index_rebuilds(), 3, "v2, v6 and v9");
    let from_v7 = PendingUpgrade { from: 7, to: 8, articles: 100_000 };
    assert_eq!(from_v7.estimated_duration(), Duration::ZERO, "v8 only adds tables and a column");
}

#[test]
fn a_folder_name_with_uri_syntax_in_it_is_probed_as_a_plain_path() {
    // The probe opens by `file:` URI; `?`, `#` and `%` must stay part of the path.
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("odd ?#%41 name");
    fs::create_dir(&odd).unwrap();
    let path = odd.join("library.sqlite");
    fs::copy(fixtures().join("library-v8.sqlite"), &path).unwrap();
    assert_eq!(pending_upgrade(&path).unwrap().map(|p| p.articles), Some(4));
    assert_eq!(files_in(&odd), vec!["library.sqlite"]);
}

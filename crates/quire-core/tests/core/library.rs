//! Opening libraries: new files, and every kind of file that must be refused untouched.

use std::fs;

use quire_core::schema::CURRENT_VERSION;
use quire_core::{Error, Library};

use crate::new_library;

#[test]
fn a_new_library_is_created_at_the_current_schema_with_safe_settings() {
    let (_dir, lib) = new_library();
    assert_eq!(lib.schema_version().unwrap(), CURRENT_VERSION);
    lib.read(|c| {
        let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        let busy: i64 = c.query_row("PRAGMA busy_timeout", [], |r| r.get(0))?;
        assert_eq!(mode, "wal", "WAL lets the app and the CLI read while one writes");
        assert_eq!(fk, 1);
        assert!(busy >= 10_000, "a second writer waits instead of failing; got {busy} ms");
        Ok(())
    })
    .unwrap();
}

#[test]
fn reopening_a_library_keeps_its_articles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.sqlite");
    {
        let lib = Library::open(&path).unwrap();
        lib.add_page(&crate::generated_page(1, "otters")).unwrap();
    }
    let lib = Library::open(&path).unwrap();
    assert_eq!(lib.list(&Default::default()).unwrap().len(), 1);
}

#[test]
fn a_text_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    fs::write(&path, "my shopping list\n").unwrap();
    let err = Library::open(&path).unwrap_err();
    assert!(matches!(err, Error::NotALibrary { .. }), "{err}");
    assert!(err.to_string().contains("not a Quire library"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"my shopping list\n");
    assert!(!dir.path().join("notes.txt-wal").exists());
}

#[test]
fn another_applications_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER); INSERT INTO accounts VALUES (1, 100);",
        )
        .unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Library::open(&path).unwrap_err();
    assert!(matches!(err, Error::NotALibrary { .. }), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before, "not a byte of another app's database changes");
}

#[test]
fn a_library_from_a_newer_quire_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite");
    drop(Library::open(&path).unwrap());
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(&format!("PRAGMA user_version = {}; PRAGMA journal_mode = DELETE;", CURRENT_VERSION + 5))
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Library::open(&path).unwrap_err();
    assert!(matches!(err, Error::SchemaTooNew { found, .. } if found == CURRENT_VERSION + 5), "{err}");
    assert!(err.to_string().contains("newer Quire"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_missing_folder_is_named_in_the_error() {
    let err = Library::open("/no/such/folder/library.sqlite").unwrap_err();
    assert!(matches!(err, Error::CannotOpen { .. }), "{err}");
    assert!(err.to_string().contains("/no/such/folder"), "{err}");
}

#[test]
fn a_folder_where_the_file_should_be_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = Library::open(dir.path()).unwrap_err();
    assert!(err.to_string().contains("folder"), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn an_unwritable_folder_gives_a_clear_error() {
    // sysfs refuses new files even to root, unlike a chmod'ed folder.
    let err = Library::open("/sys/kernel/quire-library.sqlite").unwrap_err();
    assert!(matches!(err, Error::CannotOpen { .. }), "{err}");
    assert!(err.to_string().contains("/sys/kernel/quire-library.sqlite"), "{err}");
}

#[test]
fn a_failed_write_commits_nothing() {
    let (_dir, lib) = new_library();
    let result: quire_core::Result<()> = lib.write(|tx| {
        tx.execute("INSERT INTO tags (id, name, updated_at) VALUES ('t', 'half-done', 'now')", [])?;
        Err(Error::Invalid("stop here".into()))
    });
    assert!(result.is_err());
    let n: i64 = lib.read(|c| Ok(c.query_row("SELECT count(*) FROM tags", [], |r| r.get(0))?)).unwrap();
    assert_eq!(n, 0, "a write that fails part-way leaves no trace");
}

#[test]
fn backup_makes_a_consistent_copy_and_never_overwrites() {
    let (dir, lib) = new_library();
    lib.add_page(&crate::generated_page(7, "herons")).unwrap();
    let dest = dir.path().join("backup.sqlite");
    lib.backup(&dest).unwrap();
    let copy = Library::open(&dest).unwrap();
    assert_eq!(copy.list(&Default::default()).unwrap()[0].title, "Article 7 about herons");
    let again = lib.backup(&dest).unwrap_err();
    assert!(again.to_string().contains("already exists"), "{again}");
}

fn page_size(path: &std::path::Path) -> u32 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap()
}

/// New files get large pages (a library is mostly BLOBs, written as overflow
/// page chains); a library made with SQLite's default 4 KiB pages keeps them
/// and its articles (changing the page size would rewrite the whole file).
#[test]
fn new_libraries_get_large_pages_and_old_ones_keep_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.sqlite");
    {
        let lib = Library::open(&path).unwrap();
        lib.add_page(&crate::generated_page(1, "otters")).unwrap();
    }
    assert_eq!(page_size(&path), quire_core::NEW_LIBRARY_PAGE_SIZE, "a new library");

    // Turn it into a library as an older Quire made it: 4 KiB pages.
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; VACUUM;").unwrap();
    }
    assert_eq!(page_size(&path), 4096, "the old library as it was made");
    let lib = Library::open(&path).unwrap();
    lib.add_page(&crate::generated_page(2, "beavers")).unwrap();
    assert_eq!(lib.list(&Default::default()).unwrap().len(), 2, "its articles are all there");
    drop(lib);
    assert_eq!(page_size(&path), 4096, "an old library keeps its page size");
}

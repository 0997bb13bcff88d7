//! Upgrading libraries written by earlier versions of Quire.

use std::fs;

use quire_core::schema::CURRENT_VERSION;
use quire_core::{Library, SearchQuery};

use crate::fixtures;

/// A copy of the frozen schema-v1 library, so the committed file never changes.
fn v1_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    fs::copy(fixtures().join("library-v1.sqlite"), &path).unwrap();
    (dir, path)
}

#[test]
fn a_v1_library_upgrades_to_the_current_schema_keeping_everything() {
    let (_dir, path) = v1_copy();
    let lib = Library::open(&path).unwrap();
    assert_eq!(lib.schema_version().unwrap(), CURRENT_VERSION);

    let live = lib.list(&Default::default()).unwrap();
    assert_eq!(live.len(), 1, "the tombstoned article stays deleted");
    let a = &live[0];
    assert_eq!(a.title, "Tides of the Baltic");
    assert_eq!(a.tags, vec!["oceans"]);
    assert!(a.favourite);
    assert_eq!(a.progress, 0.25);
    assert_eq!(a.bylines, vec!["Ann Author"]);

    let (highlights, deleted): (i64, i64) = lib
        .read(|c| {
            Ok((
                c.query_row("SELECT count(*) FROM highlights", [], |r| r.get(0))?,
                c.query_row("SELECT count(*) FROM articles WHERE deleted_at IS NOT NULL", [], |r| r.get(0))?,
            ))
        })
        .unwrap();
    assert_eq!((highlights, deleted), (1, 1), "highlights and tombstones survive the upgrade");

    let hits = lib.search(&SearchQuery { q: "seiches".into(), limit: None }).unwrap();
    assert_eq!(hits.len(), 1, "the full-text index is built from the old rows");
    let gone = lib.search(&SearchQuery { q: "zeppelin".into(), limit: None }).unwrap();
    assert!(gone.is_empty(), "deleted articles are not found");
}

#[test]
fn a_migration_that_fails_leaves_the_library_at_its_old_version() {
    let (_dir, path) = v1_copy();
    {
        // Something in the way of v2's CREATE makes that migration fail.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE articles_fts (x);").unwrap();
    }
    let err = Library::open(&path).unwrap_err();
    assert!(err.to_string().contains("articles_fts"), "{err}");
    let c = rusqlite::Connection::open(&path).unwrap();
    let version: u32 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let articles: i64 = c.query_row("SELECT count(*) FROM articles", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 1, "the failed migration rolled back whole");
    assert_eq!(articles, 2);
}

#[test]
fn the_frozen_v1_fixture_is_really_v1() {
    let c = rusqlite::Connection::open_with_flags(
        fixtures().join("library-v1.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let version: u32 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 1, "tests/fixtures/library-v1.sqlite must stay frozen at v1");
}

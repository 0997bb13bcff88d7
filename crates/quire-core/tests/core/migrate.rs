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

    let hits = lib.search(&SearchQuery { q: "seiches".into(), limit: None, offset: None }).unwrap();
    assert_eq!(hits.len(), 1, "the full-text index is built from the old rows");
    let gone = lib.search(&SearchQuery { q: "zeppelin".into(), limit: None, offset: None }).unwrap();
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

/// The hash of the one photo in the frozen v2 library (a stand-in key there).
const V2_PHOTO: &str = "2b8f300987b710440bd776e13224e12852e5eb40677c9dcef91d60ca4c879bfd";

#[test]
fn a_v2_library_upgrades_keeping_its_photos_and_their_failures() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    fs::copy(fixtures().join("library-v2.sqlite"), &path).unwrap();
    let lib = Library::open(&path).unwrap();
    assert_eq!(lib.schema_version().unwrap(), CURRENT_VERSION);

    let live = lib.list(&Default::default()).unwrap();
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].tags, vec!["birds"]);
    let rows: Vec<(String, Option<String>)> = lib
        .read(|c| {
            let mut s = c.prepare("SELECT status, failure FROM article_photos ORDER BY id")?;
            let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .unwrap();
    assert_eq!(rows.len(), 3, "the rebuilt article_photos keeps every row");
    assert_eq!(rows[1].0, "failed");
    assert!(rows[1].1.as_deref().unwrap().contains("404"), "and the recorded reason");
    let kind: String = lib.read(|c| Ok(c.query_row("SELECT kind FROM articles LIMIT 1", [], |r| r.get(0))?)).unwrap();
    assert_eq!(kind, "article", "old rows are articles");

    // A photo stored before derived sizes existed gets them on first request.
    let original = lib.photo_sized(V2_PHOTO, quire_core::PhotoSize::Original).unwrap().unwrap();
    assert_eq!(original.media_type, "image/png");
    let thumb = lib.photo_sized(V2_PHOTO, quire_core::PhotoSize::Thumb).unwrap().unwrap();
    let thumb = image::load_from_memory(&thumb.bytes).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (400, 267), "480×320 fits 400 px square");
    let sizes: i64 = lib.read(|c| Ok(c.query_row("SELECT count(*) FROM photo_sizes", [], |r| r.get(0))?)).unwrap();
    assert_eq!(sizes, 2, "display and thumbnail were stored");
}

#[test]
fn the_frozen_v2_fixture_is_really_v2() {
    let c = rusqlite::Connection::open_with_flags(
        fixtures().join("library-v2.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let version: u32 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 2, "tests/fixtures/library-v2.sqlite must stay frozen at v2");
}

/// A copy of a frozen library file, so the committed file never changes.
fn frozen_copy(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    fs::copy(fixtures().join(name), &path).unwrap();
    (dir, path)
}

#[test]
fn a_v3_library_upgrades_keeping_articles_photo_items_highlights_and_notes() {
    let (_dir, path) = frozen_copy("library-v3.sqlite");
    let lib = Library::open(&path).unwrap();
    assert_eq!(lib.schema_version().unwrap(), CURRENT_VERSION);

    let live = lib.list(&Default::default()).unwrap();
    let titles: Vec<&str> = live.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Sunset over the bay", "The tides of the Baltic, explained"], "the deleted one stays deleted");
    let tides = &live[1];
    assert_eq!(tides.tags, vec!["oceans"]);
    assert!(tides.favourite);
    assert_eq!(tides.progress, 0.5);

    let (exact, note, body): (String, String, String) = lib
        .read(|c| {
            Ok(c.query_row(
                "SELECT h.exact, h.note, n.body FROM highlights h JOIN notes n ON n.article_id = h.article_id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        (exact.as_str(), note.as_str(), body.as_str()),
        ("Sørensen\n\nThe Baltic", "Worth remembering", "Page note about *tides*")
    );

    let kinds: Vec<String> = lib
        .read(|c| {
            let mut s = c.prepare("SELECT kind FROM articles ORDER BY saved_at")?;
            let rows = s.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .unwrap();
    assert_eq!(kinds, ["article", "photo", "article"]);
    let hits = lib.search(&SearchQuery { q: "baltic".into(), limit: None, offset: None }).unwrap();
    assert_eq!(hits.len(), 1, "the index still answers after the upgrade");
}

#[test]
fn the_frozen_v3_fixture_is_really_v3() {
    let c = rusqlite::Connection::open_with_flags(
        fixtures().join("library-v3.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let version: u32 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 3, "tests/fixtures/library-v3.sqlite must stay frozen at v3");
}

// Search (issue 8): v9 rebuilds `articles_fts` with prefix indexes.
/// Titles found by `query` in `lib`.
fn found(lib: &Library, query: &str) -> Vec<String> {
    let hits = lib.search(&SearchQuery { q: query.into(), limit: None, offset: None }).unwrap();
    hits.into_iter().map(|h| h.title).collect()
}

/// The frozen v8 library (made with the v8 code's API): "Interest rates and the
/// international economy" (favourite, tags `economics` and `long read`, a
/// highlight with a note), "Kelp forests of the north" (archived, tag `oceans`,
/// a page note about seagrass), "東京の経済と天気" (a CJK page note) and a
/// deleted "Zeppelins over the lake".
#[test]
fn a_v8_library_upgrades_to_prefix_indexes_keeping_everything_searchable() {
    let (_dir, path) = frozen_copy("library-v8.sqlite");
    let lib = Library::open(&path).unwrap();
    assert_eq!(lib.schema_version().unwrap(), CURRENT_VERSION);

    let live = lib.list(&Default::default()).unwrap();
    assert_eq!(live.len(), 3, "the deleted article stays deleted");
    let rates = live.iter().find(|a| a.title.starts_with("Interest rates")).unwrap();
    assert_eq!(rates.tags, vec!["economics", "long read"]);
    assert!(rates.favourite);
    assert_eq!(rates.progress, 0.5);
    let (highlights, notes): (i64, i64) = lib
        .read(|c| {
            Ok((
                c.query_row("SELECT count(*) FROM highlights", [], |r| r.get(0))?,
                c.query_row("SELECT count(*) FROM notes", [], |r| r.get(0))?,
            ))
        })
        .unwrap();
    assert_eq!((highlights, notes), (1, 2));

    let rates_title = "Interest rates and the international economy";
    let kelp_title = "Kelp forests of the north";
    assert_eq!(found(&lib, "interna*"), vec![rates_title], "a prefix the prefix index answers");
    let mut intern = found(&lib, "intern*");
    intern.sort();
    assert_eq!(intern, vec![rates_title, kelp_title], "`intern` in one, `international` in the other");
    assert_eq!(found(&lib, "internationa*"), vec![rates_title], "a prefix longer than the indexed ones");
    assert_eq!(found(&lib, "in* tag:\"long read\""), vec![rates_title], "tag filters still apply");
    assert_eq!(found(&lib, "tag:oceans is:archived"), vec![kelp_title]);
    assert_eq!(found(&lib, "seagrass"), vec![kelp_title], "page notes are still searched");
    assert_eq!(found(&lib, "inflation"), vec![rates_title], "and highlights' notes");
    assert_eq!(found(&lib, "経済"), vec!["東京の経済と天気"], "CJK text is still found");
    assert!(found(&lib, "zeppelin*").is_empty(), "deleted articles are not found");

    lib.write(|tx| {
        Ok(tx.execute(
            "UPDATE articles SET title = 'Kelp and interferometry', text = 'Radio dishes.' WHERE title = ?1",
            [kelp_title],
        )?)
    })
    .unwrap();
    assert_eq!(found(&lib, "interf*"), vec!["Kelp and interferometry"], "the recreated triggers index updates");
    assert!(found(&lib, "fronds").is_empty(), "and drop the old text");
    lib.read(|c| Ok(c.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')", [])?))
        .expect("the rebuilt index matches the articles");
    let sql: String = lib
        .read(|c| Ok(c.query_row("SELECT sql FROM sqlite_schema WHERE name = 'articles_fts'", [], |r| r.get(0))?))
        .unwrap();
    assert!(sql.contains("prefix = '2 3 4 5 6 7'"), "{sql}");
}

#[test]
fn the_frozen_v8_fixture_is_really_v8() {
    let c = rusqlite::Connection::open_with_flags(
        fixtures().join("library-v8.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let version: u32 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 8, "tests/fixtures/library-v8.sqlite must stay frozen at v8");
}

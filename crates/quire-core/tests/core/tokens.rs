//! Access tokens (issue 7): kept only as hashes, checked, revoked.

use crate::new_library;

#[test]
fn tokens_are_stored_hashed_checked_and_revoked() {
    let (dir, lib) = new_library();
    let issued = lib.create_token("script").unwrap();
    assert!(issued.token.starts_with("quire_") && issued.token.len() > 60);
    assert_eq!(lib.check_token(&issued.token).unwrap().as_deref(), Some(issued.info.id.as_str()));
    assert_eq!(lib.check_token("quire_not-a-token").unwrap(), None);
    assert!(lib.list_tokens().unwrap()[0].last_used_at.is_some(), "a checked token says when it was used");
    drop(lib);
    let file = std::fs::read(dir.path().join("library.sqlite")).unwrap();
    let wal = std::fs::read(dir.path().join("library.sqlite-wal")).unwrap_or_default();
    let needle = issued.token.as_bytes();
    assert!(
        !file.windows(needle.len()).any(|w| w == needle) && !wal.windows(needle.len()).any(|w| w == needle),
        "the library file never holds the token itself"
    );
    let lib = quire_core::Library::open(dir.path().join("library.sqlite")).unwrap();
    lib.revoke_token(&issued.info.id).unwrap();
    assert_eq!(lib.check_token(&issued.token).unwrap(), None, "a revoked token is refused");
    assert!(lib.list_tokens().unwrap().is_empty());
    assert_eq!(lib.revoke_token(&issued.info.id).unwrap_err().code(), "not_found");
    assert_eq!(lib.create_token("  ").unwrap_err().code(), "invalid_input");
}

#[test]
fn a_changed_reclip_keeps_the_previous_version() {
    let (_dir, lib) = new_library();
    let first = lib.add_page(&crate::generated_page(1, "tides")).unwrap();
    let again = lib.add_page(&crate::generated_page(1, "tides")).unwrap();
    assert!(lib.versions(&again.article.id).unwrap().is_empty(), "the same content keeps no copy");
    let changed = lib.add_page(&crate::generated_page(1, "moons")).unwrap();
    assert_eq!(changed.article.id, first.article.id);
    let versions = lib.versions(&first.article.id).unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!((versions[0].number, versions[0].title.as_str()), (1, "Article 1 about tides"));
    let old = lib.version(&first.article.id, 1).unwrap();
    assert!(old.text.contains("tides") && !old.text.contains("moons"));
    assert_eq!(lib.version(&first.article.id, 2).unwrap_err().code(), "not_found");
    assert_eq!(lib.version(&first.article.id, 0).unwrap_err().code(), "not_found");
}

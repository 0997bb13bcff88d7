//! Saving, listing, changing and deleting articles.

use quire_core::{ArticlePatch, ArticleState, Error, ListQuery, Page, SortKey};

use crate::{fixture_page, generated_page, new_library};

#[test]
fn a_saved_page_comes_back_clean_with_its_metadata() {
    let (_dir, lib) = new_library();
    let out =
        lib.add_page(&fixture_page("tides.html", "https://coastal.example/science/baltic-tides?utm_source=x")).unwrap();
    assert!(out.created);
    let a = lib.article(&out.article.id).unwrap();
    assert_eq!(a.summary.title, "The tides of the Baltic, explained");
    assert_eq!(a.summary.site_name.as_deref(), Some("Coastal Review"));
    assert!(a.content_html.contains("seiche"), "the body is kept");
    assert!(!a.content_html.contains("<script"), "scripts never reach the library");
    assert!(!a.content_html.contains("Most read"), "page furniture is dropped");
    assert!(a.summary.word_count > 100);
    assert_eq!(a.summary.state, ArticleState::Unread);
    let original: Option<Vec<u8>> = lib.read(|c| quire_core::ingest::original_html(c, &a.summary.id)).unwrap();
    assert_eq!(
        original.unwrap(),
        fixture_page("tides.html", "https://x.example/").bytes,
        "the original page is kept for re-extraction"
    );
}

#[test]
fn saving_the_same_address_again_updates_instead_of_duplicating() {
    let (_dir, lib) = new_library();
    let first = lib.add_page(&fixture_page("tides.html", "https://coastal.example/science/baltic-tides")).unwrap();
    lib.set_tags(&first.article.id, &["sea".into()]).unwrap();
    let again =
        lib.add_page(&fixture_page("tides.html", "https://coastal.example/science/baltic-tides#section-2")).unwrap();
    assert!(!again.created);
    assert_eq!(again.article.id, first.article.id, "same id");
    assert_eq!(again.article.tags, vec!["sea"], "tags kept");
    assert_eq!(lib.list(&ListQuery::default()).unwrap().len(), 1);
}

#[test]
fn a_home_page_canonical_url_does_not_merge_different_articles() {
    let (_dir, lib) = new_library();
    let page = |i: usize| {
        let mut p = generated_page(i, "curlews");
        let html = String::from_utf8(p.bytes)
            .unwrap()
            .replace("<head>", "<head><link rel=canonical href=\"https://example.com/\">");
        p.bytes = html.into_bytes();
        p
    };
    let first = lib.add_page(&page(1)).unwrap();
    let second = lib.add_page(&page(2)).unwrap();
    assert!(second.created, "a second article is not an update of the first");
    assert_ne!(first.article.id, second.article.id);
    assert_eq!(lib.list(&ListQuery::default()).unwrap().len(), 2);
}

#[test]
fn files_that_are_not_web_pages_are_refused() {
    let (_dir, lib) = new_library();
    for (bytes, why) in [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "PNG"),
        (b"%PDF-1.7\n".to_vec(), "PDF"),
        (Vec::new(), "empty"),
        (b"just a line of plain text, no markup at all\n".to_vec(), "markup"),
    ] {
        let err = lib.add_page(&Page { bytes, file_name: Some("x.bin".into()), ..Default::default() }).unwrap_err();
        assert!(matches!(err, Error::NotHtml(_)), "{why}: {err}");
        assert!(err.to_string().contains(why), "the error says why ({why}): {err}");
    }
    assert!(lib.list(&ListQuery::default()).unwrap().is_empty());
}

#[test]
fn listing_filters_and_sorts() {
    let (_dir, lib) = new_library();
    let ids: Vec<String> = (0..5).map(|i| lib.add_page(&generated_page(i, "gulls")).unwrap().article.id).collect();
    lib.update(&ids[1], &ArticlePatch { state: Some(ArticleState::Archived), ..Default::default() }).unwrap();
    lib.update(&ids[2], &ArticlePatch { favourite: Some(true), ..Default::default() }).unwrap();
    lib.set_tags(&ids[3], &["Birds".into(), "birds ".into(), "".into(), "coast".into()]).unwrap();

    let all = lib.list(&ListQuery::default()).unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(all[0].id, ids[4], "newest saved first");
    let archived = lib.list(&ListQuery { state: Some(ArticleState::Archived), ..Default::default() }).unwrap();
    assert_eq!(archived.iter().map(|a| &a.id).collect::<Vec<_>>(), vec![&ids[1]]);
    let favs = lib.list(&ListQuery { favourite: Some(true), ..Default::default() }).unwrap();
    assert_eq!(favs.len(), 1);
    let tagged = lib.list(&ListQuery { tag: Some("BIRDS".into()), ..Default::default() }).unwrap();
    assert_eq!(tagged.len(), 1, "tags match case-insensitively");
    assert_eq!(tagged[0].tags, vec!["Birds", "coast"], "duplicate and empty tags are dropped");
    let page = lib
        .list(&ListQuery { limit: Some(2), offset: Some(1), sort: Some(SortKey::Title), ..Default::default() })
        .unwrap();
    assert_eq!(
        page.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(),
        vec!["Article 1 about gulls", "Article 2 about gulls"]
    );
    let counts = lib.tags().unwrap();
    assert_eq!(counts.iter().map(|t| (t.name.as_str(), t.count)).collect::<Vec<_>>(), vec![("Birds", 1), ("coast", 1)]);
}

#[test]
fn delete_is_a_tombstone_that_can_be_undone() {
    let (_dir, lib) = new_library();
    let id = lib.add_page(&generated_page(1, "terns")).unwrap().article.id;
    lib.delete(&id).unwrap();
    assert!(lib.list(&ListQuery::default()).unwrap().is_empty());
    assert!(matches!(lib.article(&id), Err(Error::NotFound(_))));
    let still_there: i64 = lib.read(|c| Ok(c.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?)).unwrap();
    assert_eq!(still_there, 1, "a delete keeps the row as a tombstone for undo and sync");
    lib.restore(&id).unwrap();
    assert_eq!(lib.list(&ListQuery::default()).unwrap().len(), 1);
}

#[test]
fn ids_can_be_given_as_unique_prefixes() {
    let (_dir, lib) = new_library();
    let id = lib.add_page(&generated_page(1, "puffins")).unwrap().article.id;
    let other = lib.add_page(&generated_page(2, "puffins")).unwrap().article.id;
    let unique = (4..id.len()).map(|n| &id[..n]).find(|p| !other.starts_with(p)).unwrap();
    assert_eq!(lib.article(unique).unwrap().summary.id, id);
    let shared = &id[..4];
    assert!(other.starts_with(shared), "v7 ids saved together share their time prefix");
    assert!(matches!(lib.article(shared), Err(Error::AmbiguousId(_))));
    assert!(matches!(lib.article("zzzz"), Err(Error::NotFound(_))));
}

#[test]
fn progress_outside_zero_to_one_is_refused() {
    let (_dir, lib) = new_library();
    let id = lib.add_page(&generated_page(1, "auks")).unwrap().article.id;
    let err = lib.update(&id, &ArticlePatch { progress: Some(1.5), ..Default::default() }).unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err}");
    let ok = lib.update(&id, &ArticlePatch { progress: Some(0.4), ..Default::default() }).unwrap();
    assert_eq!(ok.progress, 0.4);
}

#[test]
fn the_list_counts_filters_by_site_and_by_highlights_and_lists_sites() {
    let (_dir, lib) = new_library();
    let tides = lib.add_page(&fixture_page("tides.html", "https://coastal.example/tides")).unwrap().article.id;
    let ids: Vec<String> = (0..3).map(|i| lib.add_page(&generated_page(i, "gulls")).unwrap().article.id).collect();
    lib.delete(&ids[0]).unwrap();

    assert_eq!(lib.count(&ListQuery::default()).unwrap(), 3, "tombstones are not counted");
    let limited = ListQuery { limit: Some(1), offset: Some(1), ..Default::default() };
    assert_eq!(lib.count(&limited).unwrap(), 3, "limit and offset do not change the total");

    let coastal = ListQuery { site: Some("coastal review".into()), ..Default::default() };
    assert_eq!(lib.list(&coastal).unwrap().iter().map(|a| &a.id).collect::<Vec<_>>(), vec![&tides]);
    assert_eq!(lib.count(&coastal).unwrap(), 1);
    let sites = lib.sites().unwrap();
    assert!(sites.iter().any(|s| s.name == "Coastal Review" && s.count == 1), "{sites:?}");

    // A highlight row as the annotation code writes it (issue 6 builds the API over this table).
    lib.write(|tx| {
        tx.execute(
            "INSERT INTO highlights (id, article_id, exact, start_pos, end_pos, created_at, updated_at) \
             VALUES ('h1', ?1, 'tides', 0, 5, '2026-01-01', '2026-01-01')",
            [&ids[1]],
        )?;
        Ok(())
    })
    .unwrap();
    let with = lib.list(&ListQuery { has_highlights: Some(true), ..Default::default() }).unwrap();
    assert_eq!(with.iter().map(|a| &a.id).collect::<Vec<_>>(), vec![&ids[1]]);
    let without = ListQuery { has_highlights: Some(false), ..Default::default() };
    assert_eq!(lib.count(&without).unwrap(), 2);
    lib.write(|tx| Ok(tx.execute("UPDATE highlights SET deleted_at = '2026-01-02'", []).map(|_| ())?)).unwrap();
    assert_eq!(
        lib.count(&ListQuery { has_highlights: Some(true), ..Default::default() }).unwrap(),
        0,
        "a deleted highlight no longer counts"
    );
}

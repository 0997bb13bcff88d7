//! Full-text search: what is found, what is not, and that no input errors.

use proptest::prelude::*;
use quire_core::{SearchQuery, search::fts_expression};

use crate::{fixture_page, generated_page, new_library};

fn q(s: &str) -> SearchQuery {
    SearchQuery { q: s.into(), limit: None }
}

#[test]
fn finds_words_phrases_and_prefixes_and_leaves_out_exclusions() {
    let (_dir, lib) = new_library();
    lib.add_page(&fixture_page("tides.html", "https://coastal.example/tides")).unwrap();
    lib.add_page(&generated_page(1, "kittiwakes")).unwrap();
    assert_eq!(lib.search(&q("seiche")).unwrap().len(), 1);
    assert_eq!(lib.search(&q("\"standing wave\"")).unwrap().len(), 1);
    assert_eq!(lib.search(&q("\"wave standing\"")).unwrap().len(), 0, "phrases keep word order");
    assert_eq!(lib.search(&q("kittiw*")).unwrap().len(), 1);
    assert_eq!(lib.search(&q("paragraph -kittiwakes")).unwrap().len(), 0);
    assert_eq!(lib.search(&q("nothingmatchesthis")).unwrap().len(), 0);
}

#[test]
fn search_ignores_diacritics() {
    let (_dir, lib) = new_library();
    lib.add_page(&fixture_page("tides.html", "https://coastal.example/tides")).unwrap();
    assert_eq!(lib.search(&q("cafe")).unwrap().len(), 1, "cafe finds café");
    assert_eq!(lib.search(&q("Gdansk")).unwrap().len(), 1, "Gdansk finds Gdańsk");
}

#[test]
fn title_matches_rank_first_and_snippets_are_marked_and_escaped() {
    let (_dir, lib) = new_library();
    lib.add_page(&generated_page(1, "storms")).unwrap();
    lib.add_page(&fixture_page("tides.html", "https://coastal.example/tides")).unwrap();
    let hits = lib.search(&q("storms")).unwrap();
    assert_eq!(hits[0].title, "Article 1 about storms", "a title match outranks a body match");
    assert!(hits.iter().all(|h| h.snippet.contains("<mark>")), "{hits:?}");
}

#[test]
fn deleted_articles_are_not_found() {
    let (_dir, lib) = new_library();
    let id = lib.add_page(&generated_page(1, "fulmars")).unwrap().article.id;
    lib.delete(&id).unwrap();
    assert!(lib.search(&q("fulmars")).unwrap().is_empty());
    lib.restore(&id).unwrap();
    assert_eq!(lib.search(&q("fulmars")).unwrap().len(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn no_query_ever_errors(input in "\\PC{0,40}|[\"*()\\-:^+~ NOTANDORNEAR{}a-z]{0,30}") {
        let (_dir, lib) = new_library();
        lib.add_page(&generated_page(1, "shearwaters")).unwrap();
        prop_assert!(lib.search(&q(&input)).is_ok(), "query {input:?} -> {:?}", fts_expression(&input));
    }
}

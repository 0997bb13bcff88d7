//! Full-text search: the query language, ranking, filters, CJK text, bounded
//! ranking of huge match sets, and that no input ever errors.

use proptest::prelude::*;
use quire_core::{
    ArticlePatch, ArticleState, Library, NewHighlight, NewNote, Page, SearchHit, SearchQuery, search::fts_expression,
};

use crate::{fixture_page, generated_page, new_library};

fn q(s: &str) -> SearchQuery {
    SearchQuery { q: s.into(), limit: None, offset: None }
}

fn titles(lib: &Library, query: &str) -> Vec<String> {
    lib.search(&q(query)).unwrap_or_else(|e| panic!("{query:?}: {e}")).into_iter().map(|h| h.title).collect()
}

/// An article page with the given parts; `body` is repeated into a few paragraphs so it reads as an article.
fn article(i: usize, title: &str, author: &str, site: &str, standfirst: &str, body: &str) -> Page {
    let html = format!(
        "<!doctype html><html><head><title>{title}</title><meta name=author content=\"{author}\">\
         <meta property=og:site_name content=\"{site}\"><meta name=description content=\"{standfirst}\"></head>\
         <body><article><h1>{title}</h1><p>{body} This first paragraph of article {i} goes on for a while so that \
         the page reads as an article.</p><p>A second paragraph follows, so that the page reads as an article and \
         not as a stub or a list of links, which it is not.</p><p>And a third paragraph closes it with a few more \
         words of no consequence.</p></article></body></html>"
    );
    Page {
        bytes: html.into_bytes(),
        url: Some(format!("https://www.{}.com/articles/{i}", site.to_lowercase().replace(' ', "")).parse().unwrap()),
        content_type: None,
        file_name: None,
    }
}

fn add(lib: &Library, page: Page, saved_at: &str) -> String {
    let id = lib.add_page(&page).unwrap().article.id;
    lib.write(|tx| Ok(tx.execute("UPDATE articles SET saved_at = ?1 WHERE id = ?2", [saved_at, &id])?)).unwrap();
    id
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
    assert_eq!(
        titles(&lib, "-kittiwakes"),
        vec!["The tides of the Baltic, explained"],
        "exclusions alone list the rest"
    );
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
fn title_outranks_standfirst_outranks_byline_outranks_body_and_recency_breaks_ties() {
    let (_dir, lib) = new_library();
    add(
        &lib,
        article(1, "Notes from a quiet week", "Ann Lee", "Field", "Plain standfirst", "Puffins nest here."),
        "2024-01-05T00:00:00.000Z",
    );
    add(
        &lib,
        article(2, "Puffins return", "Ann Lee", "Field", "Plain standfirst", "Nothing here."),
        "2024-01-01T00:00:00.000Z",
    );
    add(
        &lib,
        article(3, "Seabird census", "Ann Lee", "Field", "The puffins are back", "Nothing here."),
        "2024-01-02T00:00:00.000Z",
    );
    add(
        &lib,
        article(4, "Cliff walk", "Rob Puffins", "Field", "Plain standfirst", "Nothing here."),
        "2024-01-03T00:00:00.000Z",
    );
    assert_eq!(
        titles(&lib, "puffins"),
        vec!["Puffins return", "Seabird census", "Cliff walk", "Notes from a quiet week"]
    );

    let (_dir, lib) = new_library();
    add(&lib, article(1, "Twin", "Ann Lee", "Field", "Same", "Gannets dive."), "2023-01-01T00:00:00.000Z");
    add(&lib, article(2, "Twin", "Ann Lee", "Field", "Same", "Gannets dive."), "2025-01-01T00:00:00.000Z");
    let hits = lib.search(&q("gannets")).unwrap();
    assert_eq!(hits.len(), 2);
    assert!(hits[0].saved_at > hits[1].saved_at, "equal scores: the newest first: {hits:?}");
}

#[test]
fn filters_narrow_and_filters_alone_list_newest_first() {
    let (_dir, lib) = new_library();
    let a = add(
        &lib,
        article(1, "Harbour seals", "Jane Smith", "Coast News", "Seals", "Seals haul out."),
        "2021-03-04T10:00:00.000Z",
    );
    let b = add(
        &lib,
        article(2, "Grey seals", "Omar Haddad", "The Atlantic", "Seals", "Seals again."),
        "2023-07-15T10:00:00.000Z",
    );
    let c = add(
        &lib,
        article(3, "Otters", "Jane Smith", "The Atlantic", "Otters", "Otters play."),
        "2025-12-31T23:00:00.000Z",
    );
    lib.set_tags(&a, &["long read".into(), "nature".into()]).unwrap();
    lib.set_tags(&b, &["nature".into()]).unwrap();
    lib.update(&b, &ArticlePatch { state: Some(ArticleState::Archived), favourite: Some(true), progress: None })
        .unwrap();
    lib.write(|tx| {
        tx.execute(
            "INSERT INTO highlights (id, article_id, exact, start_pos, end_pos, created_at, updated_at)
             VALUES ('h1', ?1, 'Otters', 0, 6, 'x', 'x'), ('h2', ?2, 'Seals', 0, 5, 'x', 'x')",
            [&c, &a],
        )?;
        Ok(tx.execute("UPDATE highlights SET deleted_at = 'x' WHERE id = 'h2'", [])?)
    })
    .unwrap();
    lib.write(|tx| Ok(tx.execute("UPDATE articles SET published_at = '2019-05-01' WHERE id = ?1", [&a])?)).unwrap();

    assert_eq!(titles(&lib, "tag:nature"), vec!["Grey seals", "Harbour seals"], "filters alone: newest saved first");
    assert_eq!(titles(&lib, "tag:\"long read\""), vec!["Harbour seals"]);
    assert_eq!(titles(&lib, "TAG:Nature -tag:\"long read\""), vec!["Grey seals"]);
    assert_eq!(titles(&lib, "seals -tag:nature"), Vec::<String>::new());
    assert_eq!(titles(&lib, "site:\"the atlantic\""), vec!["Otters", "Grey seals"], "the site's name");
    assert_eq!(titles(&lib, "site:theatlantic.com seals"), vec!["Grey seals"], "the host, without www.");
    assert_eq!(titles(&lib, "site:https://www.theatlantic.com/"), vec!["Otters", "Grey seals"]);
    assert_eq!(titles(&lib, "author:\"jane smith\""), vec!["Otters", "Harbour seals"]);
    assert_eq!(titles(&lib, "by:haddad"), vec!["Grey seals"]);
    assert_eq!(titles(&lib, "-author:smith"), vec!["Grey seals"]);
    assert_eq!(titles(&lib, "is:archived"), vec!["Grey seals"]);
    assert_eq!(titles(&lib, "is:unread seals"), vec!["Harbour seals"]);
    assert_eq!(titles(&lib, "is:favorite"), vec!["Grey seals"]);
    assert_eq!(titles(&lib, "is:favourite"), vec!["Grey seals"], "both spellings");
    assert_eq!(titles(&lib, "has:highlights"), vec!["Otters"], "a deleted highlight does not count");
    assert_eq!(titles(&lib, "-has:highlights seals"), vec!["Grey seals", "Harbour seals"]);
    assert_eq!(titles(&lib, "before:2023"), vec!["Harbour seals"]);
    assert_eq!(titles(&lib, "after:2023-07-15"), vec!["Otters", "Grey seals"], "after: includes the day named");
    assert_eq!(titles(&lib, "after:2023-07-16"), vec!["Otters"]);
    assert_eq!(titles(&lib, "before:2023-07-15"), vec!["Harbour seals"]);
    assert_eq!(titles(&lib, "after:2021 before:2025"), vec!["Grey seals", "Harbour seals"]);
    assert_eq!(titles(&lib, "saved:2025-12"), vec!["Otters"]);
    assert_eq!(titles(&lib, "published:2019"), vec!["Harbour seals"]);
    assert_eq!(titles(&lib, "published-before:2020 seals"), vec!["Harbour seals"]);
    assert_eq!(titles(&lib, "seals is:archived is:favourite after:2022 tag:nature"), vec!["Grey seals"]);
}

#[test]
fn cjk_words_of_two_characters_and_more_are_found() {
    let (_dir, lib) = new_library();
    add(
        &lib,
        article(
            1,
            "日本の経済ニュース",
            "山田",
            "NHK",
            "今日の東京",
            "日本経済は今年も成長しました。東京の市場は活発です。",
        ),
        "2024-01-01T00:00:00.000Z",
    );
    add(
        &lib,
        article(2, "北京新闻", "王", "Xinhua", "中国经济", "中国经济今年继续发展。北京的天气很好。"),
        "2024-01-02T00:00:00.000Z",
    );
    add(
        &lib,
        article(3, "서울 소식", "김", "Yonhap", "한국 경제", "서울에서 회의가 열렸습니다. 한국어 공부를 합니다."),
        "2024-01-03T00:00:00.000Z",
    );
    add(
        &lib,
        article(4, "Tokyo in English", "Ann", "Field", "Plain", "東 and 京 apart; 本日 is a word."),
        "2024-01-04T00:00:00.000Z",
    );
    assert_eq!(titles(&lib, "経済"), vec!["日本の経済ニュース"], "Japanese two-character word inside a sentence");
    assert_eq!(titles(&lib, "日本経済"), vec!["日本の経済ニュース"], "four characters: all bigrams in order");
    assert_eq!(titles(&lib, "経済日本"), Vec::<String>::new(), "the same bigrams out of order are not a match");
    assert_eq!(titles(&lib, "经济"), vec!["北京新闻"], "Chinese");
    assert_eq!(titles(&lib, "北京"), vec!["北京新闻"], "in the title");
    assert_eq!(titles(&lib, "서울"), vec!["서울 소식"], "Korean noun inside a word with its particle");
    assert_eq!(titles(&lib, "한국어"), vec!["서울 소식"]);
    assert_eq!(titles(&lib, "東京"), vec!["日本の経済ニュース"], "not 東 and 京 in separate runs");
    assert_eq!(titles(&lib, "日"), vec!["日本の経済ニュース", "Tokyo in English"], "one character: any run holding it");
    assert_eq!(titles(&lib, "経済 site:nhk"), vec!["日本の経済ニュース"], "CJK and filters");
    assert_eq!(titles(&lib, "word 本日"), vec!["Tokyo in English"], "CJK and other words together");
    assert_eq!(titles(&lib, "経済 -東京"), Vec::<String>::new());
    let hit: &SearchHit = &lib.search(&q("経済")).unwrap()[0];
    assert!(hit.snippet.contains("<mark>経済</mark>"), "{}", hit.snippet);
}

#[test]
fn the_cjk_index_follows_updates_and_deletions() {
    let (_dir, lib) = new_library();
    let id = add(&lib, article(1, "京都", "A", "Field", "Plain", "京都の秋。"), "2024-01-01T00:00:00.000Z");
    assert_eq!(titles(&lib, "京都").len(), 1);
    lib.write(|tx| Ok(tx.execute("UPDATE articles SET title = '大阪', text = '大阪の夏。' WHERE id = ?1", [&id])?))
        .unwrap();
    assert!(titles(&lib, "京都").is_empty(), "old text is gone from the index");
    assert_eq!(titles(&lib, "大阪"), vec!["大阪"]);
    lib.delete(&id).unwrap();
    assert!(titles(&lib, "大阪").is_empty(), "tombstoned articles are not found");
    lib.restore(&id).unwrap();
    lib.write(|tx| Ok(tx.execute("DELETE FROM articles WHERE id = ?1", [&id])?)).unwrap();
    let left: i64 = lib.read(|c| Ok(c.query_row("SELECT count(*) FROM articles_cjk", [], |r| r.get(0))?)).unwrap();
    assert_eq!(left, 0, "a purged article leaves no bigrams");
}

#[test]
fn deleted_articles_are_not_found() {
    let (_dir, lib) = new_library();
    let id = lib.add_page(&generated_page(1, "fulmars")).unwrap().article.id;
    lib.delete(&id).unwrap();
    assert!(lib.search(&q("fulmars")).unwrap().is_empty());
    assert!(lib.search(&q("-nothing")).unwrap().is_empty(), "not listed by filters either");
    lib.restore(&id).unwrap();
    assert_eq!(lib.search(&q("fulmars")).unwrap().len(), 1);
}

#[test]
fn results_page_with_offset_and_limit() {
    let (_dir, lib) = new_library();
    for i in 0..5 {
        add(&lib, generated_page(i, "petrels"), &format!("2024-01-0{}T00:00:00.000Z", i + 1));
    }
    let page = |offset| {
        let hits = lib.search(&SearchQuery { q: "petrels".into(), limit: Some(2), offset: Some(offset) }).unwrap();
        hits.into_iter().map(|h| h.title).collect::<Vec<_>>()
    };
    let all: Vec<String> = [page(0), page(2), page(4)].concat();
    assert_eq!(all.len(), 5, "{all:?}");
    let mut unique = all.clone();
    unique.dedup();
    assert_eq!(unique, all, "pages do not overlap");
}

#[test]
fn a_one_letter_prefix_finds_the_word_itself() {
    let (_dir, lib) = new_library();
    add(&lib, article(1, "Why I walk", "Ann Lee", "Field", "Plain", "I walk to work."), "2024-01-01T00:00:00.000Z");
    add(&lib, article(2, "Ideas", "Ann Lee", "Field", "Plain", "Ideas of islands."), "2024-02-01T00:00:00.000Z");
    assert_eq!(titles(&lib, "i*"), vec!["Why I walk"], "`i*` is the word `i`, not every word starting with i");
    assert_eq!(titles(&lib, "id*"), vec!["Ideas"], "two letters are a prefix");
    let hits = lib.search(&q("i*")).unwrap();
    assert!(hits[0].snippet.contains("<mark>I</mark> walk"), "the word is marked: {}", hits[0].snippet);
}

/// Inserts `n` bare articles in one transaction (the full-text triggers index them), newer as `i` grows.
fn bulk(lib: &Library, from: usize, n: usize, title: impl Fn(usize) -> String, text: &str) {
    lib.write(|tx| {
        let mut stmt = tx.prepare(
            "INSERT INTO articles (id, url, title, saved_at, updated_at, content_html, text)
             VALUES (?1, ?2, ?3, ?4, ?4, '', ?5)",
        )?;
        for i in from..from + n {
            let saved = format!("2020-01-01T{:02}:{:02}:{:02}.000Z", i / 3600, i / 60 % 60, i % 60);
            stmt.execute(rusqlite::params![
                format!("bulk-{i}"),
                format!("https://bulk.example/{i}"),
                title(i),
                saved,
                text
            ])?;
        }
        Ok(())
    })
    .unwrap();
}

#[test]
fn a_huge_match_set_is_ranked_within_bounds_with_title_matches_first() {
    let (_dir, lib) = new_library();
    let n = quire_core::search::RANK_CANDIDATES as usize + 100;
    bulk(&lib, 0, 1, |_| "The albatross".into(), "A short note on the albatross.");
    bulk(&lib, 1, n, |i| format!("Ocean notes {i}"), "Seabirds of the open ocean, the albatross among them, and more.");
    let hits = lib.search(&SearchQuery { q: "albatross".into(), limit: Some(20), offset: None }).unwrap();
    assert_eq!(hits.len(), 20);
    assert_eq!(
        hits[0].title, "The albatross",
        "the oldest article, beyond the newest candidates, ranks first by its title"
    );
    assert_eq!(hits[1].title, format!("Ocean notes {n}"), "then equal body matches, newest first");
    let page = lib.search(&SearchQuery { q: "albatross".into(), limit: Some(20), offset: Some(20) }).unwrap();
    assert_eq!(page.len(), 20, "later pages come from the same bounded candidates");
    assert_eq!(titles(&lib, "ocean").len(), 50, "the default page size");
}

#[test]
fn a_title_match_older_than_the_title_window_is_not_lifted() {
    let (_dir, lib) = new_library();
    let window = quire_core::search::TITLE_WINDOW as usize;
    bulk(&lib, 0, 1, |_| "The albatross, long ago".into(), "A short note on the albatross.");
    bulk(&lib, 1, window, |i| format!("Ocean notes {i}"), "Seabirds of the open ocean, the albatross among them.");
    bulk(&lib, window + 1, 1, |_| "The albatross today".into(), "A short note on the albatross.");
    bulk(&lib, window + 2, 600, |i| format!("Sea notes {i}"), "Seabirds of the open ocean, the albatross among them.");
    let hits = lib.search(&SearchQuery { q: "albatross".into(), limit: Some(20), offset: None }).unwrap();
    assert_eq!(hits[0].title, "The albatross today", "a title match in the window is lifted");
    assert!(
        hits.iter().all(|h| h.title != "The albatross, long ago"),
        "the title pass does not look past the newest {window} rowids"
    );
}

#[test]
fn a_filtered_search_widens_its_window_until_the_page_is_full() {
    let (_dir, lib) = new_library();
    bulk(&lib, 0, 3, |i| format!("Old favourite {i}"), "Skuas chase terns.");
    bulk(&lib, 3, 5000, |i| format!("Recent {i}"), "Skuas chase terns over the bay.");
    lib.write(|tx| Ok(tx.execute("UPDATE articles SET favourite = 1 WHERE title LIKE 'Old favourite%'", [])?)).unwrap();
    assert_eq!(
        titles(&lib, "skuas is:favourite"),
        vec!["Old favourite 2", "Old favourite 1", "Old favourite 0"],
        "the only favourites are 5,000 articles older than the newest matches"
    );
    let hits = lib.search(&SearchQuery { q: "terns -is:favourite".into(), limit: Some(20), offset: None }).unwrap();
    assert_eq!(hits.len(), 20, "a page that fills in the first window");
    assert!(hits.iter().all(|h| h.title.starts_with("Recent")), "{hits:?}");
}

/// A highlight of `quote` in the article's text, with a note.
fn highlight(lib: &Library, id: &str, quote: &str, note: &str) -> String {
    let text: String =
        lib.read(|c| Ok(c.query_row("SELECT text FROM articles WHERE id = ?1", [id], |r| r.get(0))?)).unwrap();
    let byte = text.find(quote).expect("quote in text");
    let start = text[..byte].chars().count() as u32;
    let new = NewHighlight {
        exact: quote.into(),
        start,
        end: start + quote.chars().count() as u32,
        note: Some(note.into()),
        ..Default::default()
    };
    lib.add_highlight(id, &new).unwrap().id
}

#[test]
fn notes_and_highlights_find_their_articles_below_text_matches() {
    let (_dir, lib) = new_library();
    add(&lib, article(1, "Shore life", "Ann Lee", "Field", "Plain", "Kelp grows here."), "2023-01-01T00:00:00.000Z");
    let noted = add(
        &lib,
        article(2, "Harbour lights", "Ann Lee", "Field", "Plain", "Boats come in."),
        "2024-01-01T00:00:00.000Z",
    );
    let paged =
        add(&lib, article(3, "Cliff walk", "Ann Lee", "Field", "Plain", "Gulls call."), "2024-02-01T00:00:00.000Z");
    add(&lib, article(4, "Inland", "Ann Lee", "Field", "Plain", "Fields of wheat."), "2024-03-01T00:00:00.000Z");
    let h = highlight(&lib, &noted, "Boats come in", "kelp on the hulls");
    lib.add_note(&paged, &NewNote { body: "Compare with the kelp forests piece".into() }).unwrap();

    let hits = lib.search(&q("kelp")).unwrap();
    let found: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(found.len(), 3, "the body match, the highlight's note and the page note: {found:?}");
    assert_eq!(found[0], "Shore life", "an article's own text outranks a note, however recent the note");
    assert!(found.contains(&"Harbour lights") && found.contains(&"Cliff walk"), "{found:?}");
    let snippet = &hits.iter().find(|h| h.title == "Harbour lights").unwrap().snippet;
    assert!(snippet.contains("<mark>kelp</mark>"), "a note match shows the note: {snippet}");
    assert_eq!(titles(&lib, "\"boats come\" kelp"), vec!["Harbour lights"], "a quote and its note match together");
    assert_eq!(titles(&lib, "hulls"), vec!["Harbour lights"], "a highlight's note is searched");
    assert_eq!(titles(&lib, "kelp -boats"), vec!["Shore life", "Cliff walk"], "exclusions apply to the article text");
    assert_eq!(titles(&lib, "kelp tag:none"), Vec::<String>::new(), "filters apply to note matches too");
    assert_eq!(titles(&lib, "author:\"Ann Lee\" hulls"), Vec::<String>::new(), "author: names the article");

    lib.delete_highlight(&h).unwrap();
    assert_eq!(titles(&lib, "hulls"), Vec::<String>::new(), "a deleted highlight finds nothing");
    lib.delete(&paged).unwrap();
    assert_eq!(titles(&lib, "kelp"), vec!["Shore life"], "nor does a deleted article's note");
}

#[test]
fn a_hit_found_by_its_note_shows_the_note_snippet() {
    let (_dir, lib) = new_library();
    let older = add(
        &lib,
        article(1, "Harbour lights", "Ann Lee", "Field", "Plain", "Boats come in."),
        "2023-01-01T00:00:00.000Z",
    );
    let newer =
        add(&lib, article(2, "Cliff walk", "Ann Lee", "Field", "Plain", "Gulls call."), "2024-01-01T00:00:00.000Z");
    lib.add_note(&older, &NewNote { body: "Seagrass meadows shelter the harbour".into() }).unwrap();
    lib.add_note(&older, &NewNote { body: "Nothing to do with it".into() }).unwrap();
    highlight(&lib, &newer, "Gulls call", "seagrass again, by the cliff");
    let hits = lib.search(&q("seagr*")).unwrap();
    let found: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(found, ["Cliff walk", "Harbour lights"], "note matches come newest first");
    assert!(hits[0].snippet.contains("<mark>seagrass</mark> again"), "the highlight's note: {}", hits[0].snippet);
    assert!(
        hits[1].snippet.contains("<mark>Seagrass</mark> meadows"),
        "the matching note, not the article's other note: {}",
        hits[1].snippet
    );
}

static SHARED: std::sync::LazyLock<(tempfile::TempDir, Library)> = std::sync::LazyLock::new(|| {
    let (dir, lib) = new_library();
    lib.add_page(&generated_page(1, "shearwaters")).unwrap();
    add(&lib, article(2, "東京の天気", "A", "Field", "Plain", "東京は晴れ。"), "2024-01-01T00:00:00.000Z");
    (dir, lib)
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    #[test]
    fn no_query_ever_errors(
        input in "\\PC{0,40}|[\"*()\\-:^+~ NOTANDORNEAR{}a-z]{0,30}|((-?(tag|site|author|by|is|has|before|after|published|saved):)?(\"[^\"]{0,8}\"?|[a-z0-9\\-/*]{0,10}|東京|서울) ?){0,6}"
    ) {
        let lib = &SHARED.1;
        prop_assert!(lib.search(&q(&input)).is_ok(), "query {input:?} -> {:?}", fts_expression(&input));
    }
}

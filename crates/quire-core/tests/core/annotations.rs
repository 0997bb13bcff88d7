//! Highlights and page notes (issue 6): storage, anchoring through re-clips,
//! the library-wide view, export and import.

use proptest::prelude::*;
use quire_core::anchoring::{self, Selectors};
use quire_core::notes_import::{self, NoteFormat};
use quire_core::{
    Anchor, AnnotationKind, AnnotationQuery, ExportFormat, ExportSelection, HighlightColor, HighlightPatch,
    HighlightQuery, HighlightSort, Library, NewHighlight, NewNote, NotePatch, Page,
};

use crate::new_library;

const BODY: &str = "<p>The quick brown fox jumps over the lazy dog. Tides rise and fall twice a day along most \
    coasts, pulled by the moon and, less, by the sun.</p><p>In the Baltic, tides are tiny: a few centimetres. \
    Seiches matter more, sloshing water from one end of the sea to the other for days.</p><p>Another paragraph \
    makes this an article with enough words to count as one, about the sea, the wind and their moods.</p>";

fn page(url: &str, title: &str, body: &str) -> Page {
    let html = format!(
        "<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"
    );
    Page { bytes: html.into_bytes(), url: Some(url.parse().unwrap()), content_type: None, file_name: None }
}

/// A library with one article; returns its id.
fn with_article() -> (tempfile::TempDir, Library, String) {
    let (dir, lib) = new_library();
    let id = lib.add_page(&page("https://example.com/tides", "Tides: a \"primer\"", BODY)).unwrap().article.id;
    (dir, lib, id)
}

fn text_of(lib: &Library, id: &str) -> Vec<char> {
    lib.read(|c| quire_core::annotations::anchor_text(c, id)).unwrap()
}

/// A new highlight over the first occurrence of `quote`, as the UI sends it.
fn selection(lib: &Library, id: &str, quote: &str) -> NewHighlight {
    let text: String = text_of(lib, id).into_iter().collect();
    let byte = text.find(quote).expect("quote in text");
    let start = text[..byte].chars().count();
    let end = start + quote.chars().count();
    NewHighlight { exact: quote.into(), start: start as u32, end: end as u32, ..Default::default() }
}

#[test]
fn highlights_and_notes_are_created_changed_and_tombstoned() {
    let (_dir, lib, id) = with_article();
    let mut new = selection(&lib, &id, "tides are tiny");
    new.color = HighlightColor::Green;
    new.note = Some("remember".into());
    new.tags = vec!["sea".into(), "Sea".into(), " baltic ".into()];
    let h = lib.add_highlight(&id, &new).unwrap();
    assert_eq!((h.exact.as_str(), h.color, h.orphan), ("tides are tiny", HighlightColor::Green, false));
    assert_eq!(h.tags, vec!["baltic", "sea"], "tags are trimmed and deduplicated case-insensitively");
    assert!(h.prefix.ends_with("In the Baltic, ") && h.suffix.starts_with(": a few"), "context from the text");

    let changed = lib
        .update_highlight(
            &h.id,
            &HighlightPatch {
                color: Some(HighlightColor::Pink),
                note: Some(String::new()),
                tags: Some(vec!["waves".into()]),
                reattach: None,
            },
        )
        .unwrap();
    assert_eq!(
        (changed.color, changed.note.as_deref(), changed.tags.clone()),
        (HighlightColor::Pink, None, vec!["waves".to_string()])
    );
    assert!(changed.updated_at >= h.updated_at);

    let note = lib.add_note(&id, &NewNote { body: "Page *note*".into() }).unwrap();
    let note = lib.update_note(&note.id, &NotePatch { body: "Edited".into() }).unwrap();
    let all = lib.article_annotations(&id).unwrap();
    assert_eq!((all.highlights.len(), all.notes.len(), all.notes[0].body.as_str()), (1, 1, "Edited"));

    lib.delete_highlight(&h.id).unwrap();
    lib.delete_note(&note.id).unwrap();
    let all = lib.article_annotations(&id).unwrap();
    assert!(all.highlights.is_empty() && all.notes.is_empty());
    let tombstones: i64 = lib
        .read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM highlights WHERE deleted_at IS NOT NULL) + (SELECT count(*) FROM notes WHERE deleted_at IS NOT NULL)",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(tombstones, 2, "deleted rows stay as tombstones for sync");
    assert_eq!(lib.delete_highlight(&h.id).unwrap_err().code(), "not_found");
}

#[test]
fn invalid_highlights_are_refused_with_their_code() {
    let (_dir, lib, id) = with_article();
    let empty = NewHighlight { exact: "  ".into(), start: 0, end: 2, ..Default::default() };
    assert_eq!(lib.add_highlight(&id, &empty).unwrap_err().code(), "invalid_highlight");
    let outside = NewHighlight { exact: "x".into(), start: 100_000, end: 100_001, ..Default::default() };
    assert_eq!(lib.add_highlight(&id, &outside).unwrap_err().code(), "invalid_highlight");
    let elsewhere = NewHighlight { exact: "not in the article at all".into(), start: 0, end: 25, ..Default::default() };
    assert_eq!(lib.add_highlight(&id, &elsewhere).unwrap_err().code(), "invalid_highlight");
    assert_eq!(lib.add_highlight("ffffffff", &selection(&lib, &id, "Tides")).unwrap_err().code(), "not_found");
}

#[test]
fn positions_are_code_points_of_the_text_content() {
    let (_dir, lib) = new_library();
    let body = "<p>Café “crème” 😀 &amp; <em>naïve</em> text, long enough to be kept as the body of an article by the \
        extractor, which wants several sentences of prose before it believes there is an article here.</p>\
        <p>A second paragraph with more words, so the page reads as an article and not as a stub, a list or a menu.</p>";
    let id = lib.add_page(&page("https://example.com/cafe", "Café", body)).unwrap().article.id;
    let h = lib.add_highlight(&id, &selection(&lib, &id, "😀 & naïve")).unwrap();
    let text: String = text_of(&lib, &id).into_iter().collect();
    let start = text.chars().position(|c| c == '😀').unwrap();
    assert_eq!(
        (h.start as usize, h.end as usize),
        (start, start + 9),
        "an emoji is one code point, not two UTF-16 units"
    );
}

#[test]
fn a_reclip_keeps_moves_edits_or_orphans_highlights_but_never_drops_them() {
    let (_dir, lib, id) = with_article();
    let kept = lib.add_highlight(&id, &selection(&lib, &id, "Seiches matter more")).unwrap();
    let edited = lib.add_highlight(&id, &selection(&lib, &id, "pulled by the moon and, less, by the sun")).unwrap();
    let gone = lib.add_highlight(&id, &selection(&lib, &id, "about the sea, the wind and their moods")).unwrap();

    // The page changes: text inserted before, one highlight's words edited,
    // another's paragraph rewritten entirely.
    let changed = BODY
        .replace("<p>The quick", "<p>A new opening sentence was added by the editors. The quick")
        .replace("pulled by the moon and, less, by the sun", "pulled by the Moon and, less, by the Sun")
        .replace(
            "Another paragraph makes this an article with enough words to count as one, about the sea, the wind and their moods.",
            "A closing paragraph was written anew, on rivers and mountains, so long that it replaces the old one here.",
        );
    let outcome = lib.add_page(&page("https://example.com/tides", "Tides: a \"primer\"", &changed)).unwrap();
    assert!(!outcome.created, "the same address updates the article");

    let after = lib.article_annotations(&id).unwrap().highlights;
    assert_eq!(after.len(), 3, "no highlight is dropped");
    let text: String = text_of(&lib, &id).into_iter().collect();
    let find = |hid: &str| after.iter().find(|h| h.id == hid).unwrap().clone();
    let slice = |h: &quire_core::Highlight| {
        text.chars().skip(h.start as usize).take((h.end - h.start) as usize).collect::<String>()
    };

    let k = find(&kept.id);
    assert!(!k.orphan);
    assert_eq!(slice(&k), "Seiches matter more", "moved with the inserted text");
    assert_eq!(k.start, kept.start + "A new opening sentence was added by the editors. ".chars().count() as u32);

    let e = find(&edited.id);
    assert!(!e.orphan, "a small edit inside the passage is found by the fuzzy search");
    assert_eq!(slice(&e), "pulled by the Moon and, less, by the Sun");
    assert_eq!(e.exact, "pulled by the Moon and, less, by the Sun", "the quote follows the new text");

    let g = find(&gone.id);
    assert!(g.orphan, "a rewritten passage makes an orphan, not a guess");
    assert_eq!(
        (g.exact.as_str(), g.start, g.end),
        (gone.exact.as_str(), gone.start, gone.end),
        "last known selectors kept"
    );
    assert_eq!(after.last().unwrap().id, gone.id, "orphans are listed last");

    // Re-attaching the orphan to a new selection clears the flag.
    let sel = selection(&lib, &id, "on rivers and mountains");
    let reattached = lib
        .update_highlight(
            &g.id,
            &HighlightPatch {
                reattach: Some(Anchor {
                    exact: sel.exact,
                    prefix: sel.prefix,
                    suffix: sel.suffix,
                    start: sel.start,
                    end: sel.end,
                }),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(!reattached.orphan);
    assert_eq!(reattached.exact, "on rivers and mountains");
}

#[test]
fn the_library_wide_view_searches_filters_and_sorts() {
    let (_dir, lib, id) = with_article();
    let other = lib
        .add_page(&page("https://example.com/other", "Other", &BODY.replace("Baltic", "Adriatic")))
        .unwrap()
        .article
        .id;
    let mut a = selection(&lib, &id, "Seiches matter more");
    a.note = Some("sloshing café".into());
    a.tags = vec!["physics".into()];
    lib.add_highlight(&id, &a).unwrap();
    let mut b = selection(&lib, &other, "tides are tiny");
    b.color = HighlightColor::Blue;
    lib.add_highlight(&other, &b).unwrap();

    let all = lib.library_highlights(&HighlightQuery::default()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].highlight.exact, "tides are tiny", "newest first by default");
    let q = |q: HighlightQuery| {
        lib.library_highlights(&q).unwrap().into_iter().map(|h| h.highlight.exact).collect::<Vec<_>>()
    };
    assert_eq!(
        q(HighlightQuery { q: Some("cafe".into()), ..Default::default() }),
        ["Seiches matter more"],
        "notes are searched, diacritics folded"
    );
    assert_eq!(q(HighlightQuery { q: Some("tiny".into()), ..Default::default() }), ["tides are tiny"]);
    assert_eq!(q(HighlightQuery { color: Some(HighlightColor::Blue), ..Default::default() }), ["tides are tiny"]);
    assert_eq!(q(HighlightQuery { tag: Some("PHYSICS".into()), ..Default::default() }), ["Seiches matter more"]);
    assert_eq!(q(HighlightQuery { article: Some(id.clone()), ..Default::default() }), ["Seiches matter more"]);
    assert_eq!(q(HighlightQuery { sort: Some(HighlightSort::Article), ..Default::default() }).len(), 2);
    let hit = &lib.library_highlights(&HighlightQuery { q: Some("tiny".into()), ..Default::default() }).unwrap()[0];
    assert_eq!(hit.snippet.as_deref(), Some("tides are <mark>tiny</mark>"));
    assert_eq!(hit.article_title, "Other");
    assert!(
        q(HighlightQuery { q: Some("\"unclosed (".into()), ..Default::default() }).is_empty(),
        "odd queries never error"
    );
}

#[test]
fn the_library_wide_view_lists_page_notes_with_highlights_searched_by_the_same_index() {
    let (_dir, lib, id) = with_article();
    let other = lib.add_page(&page("https://example.com/other", "Other", BODY)).unwrap().article.id;
    let mut a = selection(&lib, &id, "Seiches matter more");
    a.tags = vec!["physics".into()];
    a.color = HighlightColor::Green;
    let a = lib.add_highlight(&id, &a).unwrap();
    let page_note = lib.add_note(&other, &NewNote { body: "Remember the **estuary** chapter".into() }).unwrap();
    let b = lib.add_highlight(&other, &selection(&lib, &other, "tides are tiny")).unwrap();

    let q = |q: AnnotationQuery| {
        lib.library_annotations(&q)
            .unwrap()
            .into_iter()
            .map(|x| match x.kind {
                AnnotationKind::Highlight => x.highlight.expect("a highlight item carries it").id,
                AnnotationKind::Note => x.note.expect("a note item carries it").id,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        q(AnnotationQuery::default()),
        [b.id.as_str(), page_note.id.as_str(), a.id.as_str()],
        "newest first, notes among highlights"
    );
    let found = lib.library_annotations(&AnnotationQuery { q: Some("estuary".into()), ..Default::default() }).unwrap();
    assert_eq!(found.len(), 1, "a page note is found by its words");
    assert_eq!(found[0].kind, AnnotationKind::Note);
    assert_eq!(found[0].article_title, "Other");
    assert_eq!(found[0].snippet.as_deref(), Some("Remember the **<mark>estuary</mark>** chapter"));
    assert_eq!(
        found[0].note.as_ref().unwrap().body_html,
        "<p>Remember the <strong>estuary</strong> chapter</p>",
        "listed notes carry their HTML"
    );
    assert_eq!(q(AnnotationQuery { q: Some("tiny".into()), ..Default::default() }), [b.id.as_str()]);
    assert_eq!(
        q(AnnotationQuery { color: Some(HighlightColor::Green), ..Default::default() }),
        [a.id.as_str()],
        "page notes have no colour: a colour filter leaves highlights only"
    );
    assert_eq!(q(AnnotationQuery { tag: Some("physics".into()), ..Default::default() }), [a.id.as_str()]);
    assert_eq!(q(AnnotationQuery { kind: Some(AnnotationKind::Note), ..Default::default() }), [page_note.id.as_str()]);
    assert_eq!(
        q(AnnotationQuery { article: Some(other.clone()), ..Default::default() }),
        [b.id.as_str(), page_note.id.as_str()]
    );
    assert_eq!(
        q(AnnotationQuery { sort: Some(HighlightSort::Article), ..Default::default() }),
        [page_note.id.as_str(), b.id.as_str(), a.id.as_str()],
        "by article (newest saved first): its page notes, then its highlights in reading order"
    );
    assert_eq!(q(AnnotationQuery { limit: Some(1), offset: Some(1), ..Default::default() }), [page_note.id.as_str()]);
    lib.delete_note(&page_note.id).unwrap();
    assert!(
        q(AnnotationQuery { q: Some("estuary".into()), ..Default::default() }).is_empty(),
        "a deleted note is no longer found"
    );
    assert!(q(AnnotationQuery { q: Some("\"unclosed (".into()), ..Default::default() }).is_empty());
}

#[test]
fn notes_come_with_their_markdown_rendered_as_safe_html() {
    let (_dir, lib, id) = with_article();
    let mut a = selection(&lib, &id, "tides are tiny");
    a.note = Some("**why** it matters, see [the tables](https://example.com/t)".into());
    let h = lib.add_highlight(&id, &a).unwrap();
    assert_eq!(
        h.note.as_deref(),
        Some("**why** it matters, see [the tables](https://example.com/t)"),
        "note kept as written"
    );
    let html = h.note_html.unwrap();
    assert!(html.contains("<strong>why</strong>"), "{html}");
    assert!(html.contains("rel=\"noopener noreferrer nofollow\""), "links never get the opener: {html}");
    let hostile =
        lib.add_note(&id, &NewNote { body: "<img src=x onerror=alert(1)> [x](javascript:alert(1))".into() }).unwrap();
    assert!(!hostile.body_html.contains("<img"), "{}", hostile.body_html);
    assert!(!hostile.body_html.contains("javascript:"), "{}", hostile.body_html);
    let listed = lib.article_annotations(&id).unwrap();
    assert_eq!(listed.notes[0].body_html, hostile.body_html, "the same HTML when listed");
    assert!(listed.highlights[0].note_html.is_some());
}

/// A library with highlights on two articles and a page note, for selection exports.
fn two_annotated_articles() -> (tempfile::TempDir, Library, [String; 4]) {
    let (dir, lib, id) = annotated_library();
    let other = lib.add_page(&page("https://example.com/other", "Other", BODY)).unwrap().article.id;
    let mut c = selection(&lib, &other, "quick brown fox");
    c.note = Some("*foxes*, <script>alert(1)</script>".into());
    let c = lib.add_highlight(&other, &c).unwrap();
    lib.add_highlight(&other, &selection(&lib, &other, "lazy dog")).unwrap();
    let listed = lib.article_annotations(&id).unwrap();
    let tiny = listed.highlights.iter().find(|h| h.exact == "tides are tiny").unwrap().id.clone();
    (dir, lib, [id, tiny, c.id, listed.notes[0].id.clone()])
}

#[test]
fn a_selection_exports_exactly_the_chosen_highlights_in_every_format() {
    let (_dir, lib, [_, tiny, fox, page_note]) = two_annotated_articles();
    let chosen = ExportSelection { highlights: vec![fox.clone(), tiny.clone()], notes: vec![] };

    let csv_text = lib.export_selection_text(ExportFormat::ReadwiseCsv, &chosen).unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let quotes: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(quotes, ["tides are tiny", "quick brown fox"], "exactly the two, by article (oldest saved first)");

    let doc: serde_json::Value =
        serde_json::from_str(&lib.export_selection_text(ExportFormat::W3cJsonld, &chosen).unwrap()).unwrap();
    assert_eq!(doc["total"], 2, "no other highlight or note comes along");
    let ids: Vec<&str> = doc["first"]["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [format!("urn:uuid:{tiny}"), format!("urn:uuid:{fox}")]);

    let md = lib.export_selection_text(ExportFormat::Markdown, &chosen).unwrap();
    assert!(md.starts_with("# Highlights from Quire\n"), "several articles make one digest: {md}");
    assert!(md.contains("## Tides: \"a primer\" #1 - part: two") && md.contains("## Other"), "{md}");
    assert!(md.contains("> tides are tiny\n") && md.contains("> quick brown fox\n"));
    assert!(!md.contains("Seiches") && !md.contains("lazy dog") && !md.contains("Page note"), "{md}");
    assert!(md.contains("*foxes*, <script>"), "Markdown keeps the note as written");

    let page = lib.export_selection_text(ExportFormat::Html, &chosen).unwrap();
    assert_eq!(page.matches("<section class=\"highlights\">").count(), 2, "one page, an article each");
    assert!(
        page.contains("<div class=\"note\"><p><em>foxes</em>, &lt;script&gt;"),
        "notes rendered, HTML shown as text"
    );
    assert!(!page.contains("<script"), "nothing in the page can run");
    assert_eq!(page.matches("<mark class=\"quire-highlight").count(), 2, "only the chosen passages are marked");

    let one = ExportSelection { highlights: vec![tiny.clone()], notes: vec![page_note.clone()] };
    let md_one = lib.export_selection_text(ExportFormat::Markdown, &one).unwrap();
    assert!(md_one.starts_with("---\n"), "one article's selection is that article's own Markdown, front matter first");
    assert!(md_one.contains("Page note, with *Markdown*") && !md_one.contains("Seiches"), "{md_one}");
    let imported = notes_import::parse(md_one.as_bytes(), NoteFormat::QuireMarkdown).unwrap();
    assert_eq!((imported.highlights.len(), imported.notes.len()), (1, 1), "and reads back as such");
}

#[test]
fn a_selection_with_an_unknown_or_deleted_id_or_nothing_in_it_is_refused() {
    let (_dir, lib, [_, tiny, fox, _]) = two_annotated_articles();
    let missing = ExportSelection { highlights: vec![tiny.clone(), "0190-nope".into()], notes: vec![] };
    let err = lib.export_selection_text(ExportFormat::ReadwiseCsv, &missing).unwrap_err();
    assert_eq!(err.code(), "not_found", "an unknown id is an error, not a smaller export: {err}");
    lib.delete_highlight(&fox).unwrap();
    let deleted = ExportSelection { highlights: vec![fox], notes: vec![] };
    assert!(
        lib.export_selection_text(ExportFormat::W3cJsonld, &deleted).is_err(),
        "a deleted highlight is not exported"
    );
    let err = lib.export_selection_text(ExportFormat::Markdown, &ExportSelection::default()).unwrap_err();
    assert_eq!(err.code(), "invalid_input", "{err}");
}

#[test]
fn a_selection_written_to_a_folder_gives_one_file_per_article() {
    let (dir, lib, [_, tiny, fox, _]) = two_annotated_articles();
    let dest = dir.path().join("chosen");
    let chosen = ExportSelection { highlights: vec![tiny, fox], notes: vec![] };
    let done = lib.export_selection_to(ExportFormat::Html, &chosen, &dest).unwrap();
    assert_eq!((done.articles, done.highlights, done.notes), (2, 2, 0));
    assert_eq!(std::fs::read_dir(&dest).unwrap().count(), 2);
}

#[test]
fn a_v3_library_keeps_its_v1_era_highlight_and_note_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    std::fs::copy(crate::fixtures().join("library-v3.sqlite"), &path).unwrap();
    let lib = Library::open(&path).unwrap();
    let tides = lib.list(&Default::default()).unwrap().into_iter().find(|a| a.title.starts_with("The tides")).unwrap();
    let all = lib.article_annotations(&tides.id).unwrap();
    assert_eq!(all.highlights.len(), 1);
    let h = &all.highlights[0];
    assert_eq!(
        (h.exact.as_str(), h.color, h.note.as_deref(), h.orphan),
        ("Sørensen\n\nThe Baltic", HighlightColor::Green, Some("Worth remembering"), false)
    );
    assert_eq!(all.notes[0].body, "Page note about *tides*");
    let found =
        lib.library_highlights(&HighlightQuery { q: Some("remembering".into()), ..Default::default() }).unwrap();
    assert_eq!(found.len(), 1, "the annotation index is built from the old rows");
}

/// A library with highlights whose notes hold quotes, commas, newlines and
/// YAML-hostile titles, to export and read back.
fn annotated_library() -> (tempfile::TempDir, Library, String) {
    let (dir, lib) = new_library();
    let id = lib
        .add_page(&page("https://example.com/tides", "Tides: \"a primer\" #1 - part: two", BODY))
        .unwrap()
        .article
        .id;
    lib.add_tags(&id, &["oceans".into(), "to: read".into()]).unwrap();
    let mut a = selection(&lib, &id, "tides are tiny");
    a.note = Some("a \"quoted\", comma'd\nmulti-line note".into());
    a.color = HighlightColor::Purple;
    a.tags = vec!["baltic".into()];
    lib.add_highlight(&id, &a).unwrap();
    lib.add_highlight(&id, &selection(&lib, &id, "Seiches matter more")).unwrap();
    lib.add_note(&id, &NewNote { body: "Page note, with *Markdown*\n\n- and a list".into() }).unwrap();
    (dir, lib, id)
}

#[test]
fn readwise_csv_reads_back_with_a_real_csv_parser() {
    let (_dir, lib, _) = annotated_library();
    let csv_text = lib.export_library_text(ExportFormat::ReadwiseCsv).unwrap();
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["Highlight", "Title", "Author", "URL", "Note", "Location", "Date"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "tides are tiny");
    assert_eq!(&rows[0][1], "Tides: \"a primer\" #1 - part: two");
    assert_eq!(&rows[0][4], "a \"quoted\", comma'd\nmulti-line note");
    assert_eq!(&rows[0][3], "https://example.com/tides");
}

#[test]
fn markdown_front_matter_parses_as_yaml_for_any_title() {
    let (_dir, lib, id) = annotated_library();
    let md = lib.export_article_text(&id, ExportFormat::Markdown).unwrap();
    let front = md.strip_prefix("---\n").unwrap().split("\n---\n").next().unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
    assert_eq!(yaml["title"].as_str(), Some("Tides: \"a primer\" #1 - part: two"));
    assert_eq!(yaml["url"].as_str(), Some("https://example.com/tides"));
    assert_eq!(yaml["tags"].as_sequence().unwrap().len(), 2);
    assert!(md.contains("> tides are tiny\n"), "each highlight is a quote");
    assert!(md.contains("a \"quoted\", comma'd\nmulti-line note"), "with its note below");
}

#[test]
fn the_html_page_marks_highlights_and_runs_nothing() {
    let (_dir, lib, id) = annotated_library();
    let html = lib.export_article_text(&id, ExportFormat::Html).unwrap();
    assert!(html.contains("<mark class=\"quire-highlight purple\">tides are tiny</mark>"), "marked in place");
    assert!(html.contains("default-src 'none'"), "a CSP that forbids scripts and outside loads");
    assert!(!html.contains("<script"));
}

#[test]
fn export_then_import_gives_back_the_same_highlights_in_every_format() {
    for format in [ExportFormat::W3cJsonld, ExportFormat::ReadwiseCsv, ExportFormat::Markdown] {
        let (_dir, lib, id) = annotated_library();
        let exported = match format {
            ExportFormat::Markdown => lib.export_article_text(&id, format).unwrap(),
            _ => lib.export_library_text(format).unwrap(),
        };
        let before = lib.article_annotations(&id).unwrap();
        // A fresh library with the same article, then the import.
        let (_dir2, fresh) = new_library();
        let id2 = fresh
            .add_page(&page("https://example.com/tides", "Tides: \"a primer\" #1 - part: two", BODY))
            .unwrap()
            .article
            .id;
        let first = fresh.import_notes(exported.as_bytes()).unwrap();
        assert_eq!(first.highlights_added, 2, "{format:?}");
        let again = fresh.import_notes(exported.as_bytes()).unwrap();
        assert_eq!(
            (again.highlights_added, again.notes_added),
            (0, 0),
            "{format:?}: importing twice adds nothing twice"
        );
        let after = fresh.article_annotations(&id2).unwrap();
        let key = |h: &quire_core::Highlight| (h.exact.clone(), h.start, h.end, h.note.clone());
        assert_eq!(
            after.highlights.iter().map(key).collect::<Vec<_>>(),
            before.highlights.iter().map(key).collect::<Vec<_>>(),
            "{format:?}"
        );
        if format != ExportFormat::ReadwiseCsv {
            let full = |h: &quire_core::Highlight| (h.color, h.tags.clone());
            assert_eq!(
                after.highlights.iter().map(full).collect::<Vec<_>>(),
                before.highlights.iter().map(full).collect::<Vec<_>>()
            );
            assert_eq!(
                after.notes.iter().map(|n| n.body.clone()).collect::<Vec<_>>(),
                vec![before.notes[0].body.clone()]
            );
        }
    }
}

#[test]
fn notes_formats_are_told_apart_by_content() {
    assert_eq!(notes_import::sniff(b"Highlight,Title,Author,URL,Note,Location,Date\n"), Some(NoteFormat::ReadwiseCsv));
    assert_eq!(notes_import::sniff(b"URL,Title,Selection,Folder,Timestamp\n"), Some(NoteFormat::InstapaperCsv));
    assert_eq!(
        notes_import::sniff(b"URL,Title,Folder,Timestamp\n"),
        None,
        "an Instapaper list without selections is a library export"
    );
    assert_eq!(notes_import::sniff(br#"{"type":"AnnotationCollection"}"#), Some(NoteFormat::W3cJsonld));
    assert_eq!(
        notes_import::sniff("> a quote [⤴️](https://omnivore.app/x)\n".as_bytes()),
        Some(NoteFormat::OmnivoreMarkdown)
    );
    assert_eq!(notes_import::sniff(b"<html><body>hi</body></html>"), None);
    assert_eq!(notes_import::sniff(&[0xff, 0xfe, 0, 1]), None);
}

#[test]
fn instapaper_and_omnivore_highlights_are_restored_onto_their_articles() {
    let (_dir, lib, id) = with_article();
    let csv = "URL,Title,Selection,Folder,Timestamp\nhttps://example.com/tides?utm_source=x,Tides,Seiches matter more,Unread,1700000000\nhttps://example.com/unknown,Nope,whatever,Unread,1\n";
    let done = lib.import_notes(csv.as_bytes()).unwrap();
    assert_eq!(done.highlights_added, 1, "matched through the normalised address");
    assert_eq!(done.unmatched, ["https://example.com/unknown"]);

    let md = "> tides are tiny [⤴️](https://omnivore.app/me/tides#1)\n\nmy note\n\n> a quote that is nowhere [⤴️](https://omnivore.app/me/tides#2)\n";
    // A lone Omnivore file names no article: it is matched by its first quote.
    let done = lib.import_notes(md.as_bytes()).unwrap();
    assert_eq!((done.highlights_added, done.orphans), (1, 0), "{done:?}");
    let hs = lib.article_annotations(&id).unwrap().highlights;
    assert!(hs.iter().any(|h| h.exact == "tides are tiny" && h.note.as_deref() == Some("my note")));

    // The Omnivore zip: metadata gives each slug's address.
    let mut zip_bytes = Vec::new();
    {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut zip_bytes));
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("metadata_0_to_1.json", opts).unwrap();
        std::io::Write::write_all(&mut z, br#"[{"slug":"tides-1","url":"https://example.com/tides","title":"Tides"}]"#)
            .unwrap();
        z.start_file("highlights/tides-1.md", opts).unwrap();
        std::io::Write::write_all(&mut z, "> Tides rise and fall twice a day [⤴️](https://omnivore.app/x)\n\n> no such words in it at all, none [⤴️](https://omnivore.app/y)\n".as_bytes()).unwrap();
        z.finish().unwrap();
    }
    assert_eq!(notes_import::sniff(&zip_bytes), Some(NoteFormat::OmnivoreZip));
    let done = lib.import_notes(&zip_bytes).unwrap();
    assert_eq!((done.highlights_added, done.orphans), (2, 1), "an unfound quote is kept as an orphan");
    let orphan = lib.article_annotations(&id).unwrap().highlights.into_iter().find(|h| h.orphan).unwrap();
    assert_eq!(orphan.exact, "no such words in it at all, none");
}

/// Random prose whose words are varied enough that a passage of a few words
/// occurs once.
fn words() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-z]{2,9}", 60..160)
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
    Whitespace(usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<prop::sample::Index>(), "[a-z ]{1,20}").prop_map(|(i, s)| Edit::Insert(i.index(1 << 20), s)),
        (any::<prop::sample::Index>(), 1usize..12).prop_map(|(i, n)| Edit::Delete(i.index(1 << 20), n)),
        any::<prop::sample::Index>().prop_map(|i| Edit::Whitespace(i.index(1 << 20))),
    ];
    prop::collection::vec(edit, 1..4)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    /// Re-anchoring after edits before, inside and after a highlight finds
    /// the same passage (overlapping where its text went) or reports an
    /// orphan, and never lands on a wrong passage.
    #[test]
    fn reanchoring_after_edits_finds_the_same_passage_or_an_orphan(
        words in words(), from in 0usize..40, len in 3usize..12, edits in edits()
    ) {
        let text: Vec<char> = words.join(" ").chars().collect();
        let word_starts: Vec<usize> = std::iter::once(0).chain(text.iter().enumerate().filter(|(_, c)| **c == ' ').map(|(i, _)| i + 1)).collect();
        let from = from.min(word_starts.len() - 1 - len.min(word_starts.len() - 1));
        let start = word_starts[from];
        let end = word_starts.get(from + len).map(|e| e - 1).unwrap_or(text.len());
        prop_assume!(start < end);
        let exact: String = text[start..end].iter().collect();
        let (prefix, suffix) = anchoring::context(&text, start, end);
        // Apply the edits, tracking which characters are the original passage's.
        let mut edited: Vec<(char, bool)> = text.iter().enumerate().map(|(i, c)| (*c, i >= start && i < end)).collect();
        for e in &edits {
            match e {
                Edit::Insert(at, s) => {
                    let at = at % (edited.len() + 1);
                    let inside = at > 0 && at < edited.len() && edited[at - 1].1 && edited[at].1;
                    for (k, c) in s.chars().enumerate() { edited.insert(at + k, (c, inside)); }
                }
                Edit::Delete(at, n) => {
                    if edited.is_empty() { continue; }
                    let at = at % edited.len();
                    let to = (at + n).min(edited.len());
                    edited.drain(at..to);
                }
                Edit::Whitespace(at) => {
                    let spaces: Vec<usize> = edited.iter().enumerate().filter(|(_, (c, _))| *c == ' ').map(|(i, _)| i).collect();
                    if spaces.is_empty() { continue; }
                    let i = spaces[at % spaces.len()];
                    let inside = edited[i].1;
                    edited.insert(i, ('\n', inside));
                }
            }
        }
        let new_text: Vec<char> = edited.iter().map(|(c, _)| *c).collect();
        let sel = Selectors { exact: &exact, prefix: &prefix, suffix: &suffix, start, end };
        if let Some((s, e)) = anchoring::anchor(&new_text, &sel) {
            let original: Vec<usize> = edited.iter().enumerate().filter(|(_, (_, o))| *o).map(|(i, _)| i).collect();
            prop_assert!(!original.is_empty(), "a passage deleted entirely cannot be found");
            let overlap = (s..e).filter(|i| edited[*i].1).count();
            prop_assert!(overlap * 2 >= (e - s).min(original.len()),
                "re-anchored on {:?}, which is mostly not the original passage {:?}",
                new_text[s..e].iter().collect::<String>(), exact);
        }
    }

    /// An anchor re-found in unchanged text is the same range.
    #[test]
    fn an_anchor_in_unchanged_text_is_the_same_range(words in words(), from in 0usize..40, len in 1usize..12) {
        let text: Vec<char> = words.join(" ").chars().collect();
        let start = from.min(text.len() - 1);
        let end = (start + len * 3).min(text.len());
        let exact: String = text[start..end].iter().collect();
        let (prefix, suffix) = anchoring::context(&text, start, end);
        let sel = Selectors { exact: &exact, prefix: &prefix, suffix: &suffix, start, end };
        prop_assert_eq!(anchoring::anchor(&text, &sel), Some((start, end)));
    }
}

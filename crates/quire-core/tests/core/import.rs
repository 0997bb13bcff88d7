//! Imports: each format's parser on a fixture written in the real format,
//! staging (dedupe, placeholders, highlights), bad input that must leave the
//! library untouched, and the fetch worker against a loopback HTTP server.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use quire_core::import::jobs::FetchPolicy;
use quire_core::import::{self, Format, ImportError, ParsedFile};
use quire_core::{ArticleState, Error, Library, ListQuery};

use crate::{fixtures, generated_page, new_library};

fn fixture(name: &str) -> PathBuf {
    fixtures().join("imports").join(name)
}

fn parse(name: &str) -> ParsedFile {
    import::read_file(&fixture(name), name).unwrap_or_else(|e| panic!("{name} parses: {e}"))
}

fn import(lib: &Library, path: &std::path::Path) -> Result<import::ImportSummary, Error> {
    lib.import_file(path, &path.file_name().unwrap().to_string_lossy(), &mut |_, _| {})
}

fn all(lib: &Library) -> Vec<quire_core::ArticleSummary> {
    lib.list(&ListQuery { limit: Some(10_000), ..Default::default() }).unwrap()
}

fn by_url<'a>(list: &'a [quire_core::ArticleSummary], url: &str) -> &'a quire_core::ArticleSummary {
    list.iter().find(|a| a.url == url).unwrap_or_else(|| panic!("{url} imported: {list:#?}"))
}

#[test]
fn pocket_csv_zip_maps_state_tags_and_dates_and_reports_bad_rows_by_line() {
    let p = parse("pocket-export.zip");
    assert_eq!(p.format, Some(Format::PocketZip));
    assert_eq!(p.items.len(), 3);
    let first = &p.items[0];
    assert_eq!(first.url, "https://example.com/sqlite");
    assert_eq!(first.title.as_deref(), Some("How SQLite Works"));
    assert_eq!(first.tags, ["databases", "reading"], "Pocket separates tags with |");
    assert_eq!(first.saved_at.as_deref(), Some("2023-11-14T22:13:20.000Z"));
    assert_eq!(p.items[1].title.as_deref(), Some("A title, with a comma"));
    assert_eq!(p.items[1].state, ArticleState::Archived, "status archive");
    assert_eq!(p.rejected.len(), 1);
    assert_eq!(p.rejected[0].row, 5, "the bad row is named by its line: {:?}", p.rejected);
    // The same CSV on its own is detected as a Pocket CSV.
    assert_eq!(parse("part_000000.csv").format, Some(Format::PocketCsv));
}

#[test]
fn pocket_html_takes_the_archive_from_its_heading() {
    let p = parse("ril_export.html");
    assert_eq!(p.format, Some(Format::PocketHtml));
    let states: Vec<_> = p.items.iter().map(|i| (i.url.as_str(), i.state)).collect();
    assert_eq!(
        states,
        [
            ("https://example.com/one", ArticleState::Unread),
            ("https://example.com/two", ArticleState::Unread),
            ("https://example.com/three", ArticleState::Archived)
        ]
    );
    assert_eq!(p.items[0].tags, ["news", "tech"]);
    assert!(p.items[2].saved_at.as_deref().unwrap().starts_with("2017-07-14"));
}

#[test]
fn instapaper_folders_become_state_favourite_or_tag_and_selection_a_highlight() {
    let p = parse("instapaper-export.csv");
    assert_eq!(p.format, Some(Format::InstapaperCsv));
    assert_eq!(p.items.len(), 4);
    assert_eq!(p.items[0].tags, ["longread"], "JSON tag list");
    assert_eq!(p.items[1].state, ArticleState::Archived);
    assert_eq!(p.items[1].highlights[0].quote, "The best sentence of the piece.");
    assert!(p.items[2].favourite, "Starred folder");
    assert_eq!(p.items[3].tags, ["Cooking"], "an own folder is kept as a tag");
}

#[test]
fn omnivore_zip_brings_content_labels_and_highlights_with_notes() {
    let p = parse("omnivore-export.zip");
    assert_eq!(p.format, Some(Format::OmnivoreZip));
    let walk = &p.items[0];
    assert_eq!(walk.state, ArticleState::Archived);
    assert!(walk.favourite, "the Favorites label");
    assert_eq!(walk.tags, ["travel"]);
    assert!(walk.content_html.as_deref().unwrap().contains("We set out before dawn"));
    assert_eq!(walk.highlights.len(), 2);
    assert_eq!(walk.highlights[0].quote, "the whole valley lay open below us", "back-link stripped");
    assert_eq!(walk.highlights[0].note.as_deref(), Some("What a view."));
    assert_eq!(p.items[1].content_html, None, "no content file: to be fetched");
}

#[test]
fn wallabag_json_brings_content_flags_and_annotations() {
    let p = parse("wallabag.json");
    assert_eq!(p.format, Some(Format::WallabagJson));
    let t = &p.items[0];
    assert_eq!((t.state, t.favourite), (ArticleState::Archived, true));
    assert_eq!(t.tags, ["science", "longform"]);
    assert_eq!(t.saved_at.as_deref(), Some("2021-02-03T03:05:06.000Z"), "converted to UTC");
    assert_eq!(t.highlights[0].quote, "the water rises and falls twice a day");
    assert_eq!(t.highlights[0].note.as_deref(), Some("lovely"));
    assert_eq!(p.items[1].content_html, None, "empty content is no content");
}

#[test]
fn readwise_raindrop_bookmarks_and_url_lists_parse() {
    let rw = parse("readwise-reader.csv");
    assert_eq!(rw.format, Some(Format::ReadwiseCsv));
    assert_eq!(rw.items[0].tags, ["ai", "essays"]);
    assert_eq!(rw.items[1].state, ArticleState::Archived);
    assert_eq!(rw.items[0].saved_at.as_deref(), Some("2024-03-01T10:00:00.000Z"));

    let rd = parse("raindrop.csv");
    assert_eq!(rd.format, Some(Format::RaindropCsv));
    assert!(rd.items[0].favourite);
    assert_eq!(rd.items[0].tags, ["design", "web", "Reading"]);
    assert_eq!(rd.items[1].highlights[0].quote, "A marked passage");

    let bm = parse("bookmarks.html");
    assert_eq!(bm.format, Some(Format::NetscapeBookmarks));
    assert_eq!(bm.items.len(), 2, "the bookmarklet is not an article: {:?}", bm.items);
    assert_eq!(bm.items[0].tags, ["toread", "rust"]);
    assert_eq!(bm.items[1].tags, ["Recipes"], "the folder, not the browser's own bar");

    let list = parse("urls.txt");
    assert_eq!(list.format, Some(Format::UrlList));
    assert_eq!(list.items.len(), 3);
    assert_eq!(list.rejected.len(), 1);
    assert_eq!(list.rejected[0].row, 5, "the ftp line, by its line number");
}

#[test]
fn detection_reads_the_content_not_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("export (1).txt");
    std::fs::copy(fixture("instapaper-export.csv"), &renamed).unwrap();
    assert_eq!(import::read_file(&renamed, "x").unwrap().format, Some(Format::InstapaperCsv));
    let bytes = std::fs::read(fixture("omnivore-export.zip")).unwrap();
    assert_eq!(import::detect(&bytes), Ok(Format::OmnivoreZip));
}

#[test]
fn importing_stores_content_queues_the_rest_and_a_second_import_adds_nothing() {
    let (_d, lib) = new_library();
    let first = import(&lib, &fixture("wallabag.json")).unwrap();
    assert_eq!((first.imported, first.queued, first.duplicates), (2, 1, 0));
    let list = all(&lib);
    let tides = by_url(&list, "https://example.com/wb/tides");
    assert_eq!((tides.state, tides.favourite), (ArticleState::Archived, true));
    assert_eq!(tides.tags, ["longform", "science"]);
    assert_eq!(tides.saved_at, "2021-02-03T03:05:06.000Z", "the file's saved date, not today");
    assert!(lib.article_text(&tides.id).unwrap().contains("twice a day"), "content from the file");
    let (exact, start, end, note): (String, i64, i64, Option<String>) = lib
        .read(|c| {
            Ok(c.query_row("SELECT exact, start_pos, end_pos, note FROM highlights", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?)
        })
        .unwrap();
    let text = lib.article_text(&tides.id).unwrap();
    let found: String = text.chars().skip(start as usize).take((end - start) as usize).collect();
    assert_eq!(found, exact, "the highlight is placed on its text");
    assert_eq!(note.as_deref(), Some("lovely"));
    let empty = by_url(&list, "https://example.com/wb/empty");
    assert_eq!(empty.title, "No content saved", "a placeholder keeps the file's title");
    let needs_fetch: bool = lib
        .read(|c| Ok(c.query_row("SELECT needs_fetch FROM articles WHERE id = ?1", [&empty.id], |r| r.get(0))?))
        .unwrap();
    assert!(needs_fetch);

    let again = import(&lib, &fixture("wallabag.json")).unwrap();
    assert_eq!((again.imported, again.updated, again.duplicates, again.queued), (0, 0, 2, 0));
    assert_eq!(all(&lib).len(), 2, "nothing added twice");
    let highlights: i64 = lib.read(|c| Ok(c.query_row("SELECT count(*) FROM highlights", [], |r| r.get(0))?)).unwrap();
    assert_eq!(highlights, 1, "highlights not doubled either");
}

#[test]
fn an_import_matches_articles_already_saved_by_their_canonical_url() {
    let (_d, lib) = new_library();
    let saved = lib.add_page(&generated_page(7, "otters")).unwrap().article;
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    std::fs::write(&list, "https://example.com/articles/7?utm_source=feed#top\n").unwrap();
    let s = import(&lib, &list).unwrap();
    assert_eq!((s.imported, s.duplicates), (0, 1), "tracking parameters and fragment ignored");
    assert_eq!(all(&lib).len(), 1);
    assert_eq!(all(&lib)[0].id, saved.id);
}

/// A library with one article and one import, and a fingerprint of everything in it.
fn library_with_content() -> (tempfile::TempDir, Library, String) {
    let (d, lib) = new_library();
    lib.add_page(&generated_page(1, "herons")).unwrap();
    import(&lib, &fixture("part_000000.csv")).unwrap();
    let print = fingerprint(&lib);
    (d, lib, print)
}

fn fingerprint(lib: &Library) -> String {
    lib.read(|c| {
        let mut out = String::new();
        for table in ["articles", "article_tags", "tags", "highlights"] {
            let rows: String = c
                .query_row(
                    &format!("SELECT group_concat(quote(t.rowid) || ':' || quote(t.updated_at), ',') FROM {table} t"),
                    [],
                    |r| r.get::<_, Option<String>>(0),
                )?
                .unwrap_or_default();
            out.push_str(&format!("{table}={rows};"));
        }
        Ok(out)
    })
    .unwrap()
}

fn assert_refused(lib: &Library, before: &str, path: &std::path::Path, code: &str) {
    let err = import(lib, path).expect_err("refused");
    assert_eq!(err.code(), code, "{err}");
    assert!(!err.to_string().is_empty());
    assert_eq!(fingerprint(lib), before, "nothing already in the library changes");
}

#[test]
fn wrong_columns_malformed_json_and_html_are_refused_with_a_clear_error() {
    let (dir, lib, before) = library_with_content();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let cols = write("cols.csv", b"name,address,when\nx,https://example.com/x,1\n");
    let err = import(&lib, &cols).unwrap_err();
    assert!(err.to_string().contains("name, address, when"), "names the columns it found: {err}");
    assert_eq!(fingerprint(&lib), before);
    assert_refused(
        &lib,
        &before,
        &write("bad.json", b"[{\"is_archived\": 1, \"url\": \"https://e.com/\""),
        "malformed_file",
    );
    assert_refused(
        &lib,
        &before,
        &write("page.html", b"<html><body><p>just a page</p></body></html>"),
        "unknown_format",
    );
    assert_refused(&lib, &before, &write("empty.csv", b""), "unknown_format");
    assert_refused(&lib, &before, &write("binary.bin", &[0u8, 159, 146, 150, 1, 2, 3]), "unknown_format");
}

#[test]
fn windows_1252_and_utf16_files_decode_without_losing_rows() {
    let (dir, lib) = new_library();
    let csv1252: Vec<u8> =
        b"URL,Title,Selection,Folder,Timestamp\nhttps://example.com/caf\xe9,Caf\xe9 cr\xe8me,,Unread,1650000000\n"
            .to_vec();
    let p = dir.path().join("insta-1252.csv");
    std::fs::write(&p, csv1252).unwrap();
    let parsed = import::read_file(&p, "x").unwrap();
    assert_eq!(parsed.items[0].title.as_deref(), Some("Café crème"));

    let text = "title,url,time_added,tags,status\nÜber alles,https://example.com/uber,1700000000,,unread\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let p = dir.path().join("pocket-utf16.csv");
    std::fs::write(&p, utf16).unwrap();
    let s = import(&lib, &p).unwrap();
    assert_eq!(s.imported, 1);
    assert_eq!(all(&lib)[0].title, "Über alles");
}

#[test]
fn a_partly_bad_file_imports_the_good_rows_and_reports_the_rest() {
    let (dir, lib) = new_library();
    let p = dir.path().join("pocket.csv");
    std::fs::write(&p, "title,url,time_added,tags,status\nGood,https://example.com/good,1,,unread\nBad,,1,,unread\n\"Unclosed,https://example.com/x,1,,unread\n").unwrap();
    let s = import(&lib, &p).unwrap();
    assert_eq!(s.imported, 1);
    assert!(!s.rejected.is_empty(), "bad rows are reported");
    assert_eq!(s.rejected[0].row, 3);
    let job = lib.import_job(&s.job_id).unwrap();
    assert_eq!(job.rejected as usize, s.rejected.len());
    assert!(job.rejected_rows[0].starts_with("row 3:"), "{:?}", job.rejected_rows);
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        for (name, bytes) in entries {
            z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn truncated_zips_and_zip_bombs_are_refused_in_bounded_memory() {
    let (dir, lib, before) = library_with_content();
    let whole = std::fs::read(fixture("pocket-export.zip")).unwrap();
    let truncated = dir.path().join("truncated.zip");
    std::fs::write(&truncated, &whole[..whole.len() * 2 / 3]).unwrap();
    assert_refused(&lib, &before, &truncated, "bad_archive");

    // 8 MB of one byte deflates to a few KB: a ratio no real export has.
    let mut big = b"title,url,time_added,tags,status\n".to_vec();
    big.resize(8 * 1024 * 1024, b'a');
    let p = dir.path().join("bomb.zip");
    std::fs::write(&p, zip_of(&[("part_000000.csv", &big)])).unwrap();
    assert_refused(&lib, &before, &p, "zip_bomb");
}

#[test]
fn a_one_gigabyte_file_is_refused_at_once() {
    let (dir, lib, before) = library_with_content();
    let p = dir.path().join("huge.csv");
    let mut f = std::fs::File::create(&p).unwrap();
    f.write_all(b"title,url,time_added,tags,status\n").unwrap();
    // Sparse: a gigabyte on paper, nothing on disk.
    f.set_len(1024 * 1024 * 1024).unwrap();
    drop(f);
    let started = std::time::Instant::now();
    assert_refused(&lib, &before, &p, "file_too_large");
    assert!(started.elapsed() < Duration::from_secs(5), "refused before reading it");
    let err = import::read_file(&p, "huge.csv").unwrap_err();
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err}");
}

/// A loopback server: `/ok/N` is an article, `/gone/N` is 404. It counts the
/// requests in flight at once.
struct Server {
    base: String,
    max_in_flight: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

fn serve() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let in_flight = Arc::new(AtomicUsize::new(0));
    let max_in_flight = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let (f, m, r) = (in_flight.clone(), max_in_flight.clone(), requests.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (f, m, r) = (f.clone(), m.clone(), r.clone());
            std::thread::spawn(move || {
                let now = f.fetch_add(1, Ordering::SeqCst) + 1;
                m.fetch_max(now, Ordering::SeqCst);
                r.fetch_add(1, Ordering::SeqCst);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                }
                std::thread::sleep(Duration::from_millis(30));
                let (status, body) = if path.starts_with("/ok/") {
                    let n = path.trim_start_matches("/ok/");
                    ("200 OK", String::from_utf8(generated_page(n.parse().unwrap_or(0), "kingfishers").bytes).unwrap())
                } else {
                    ("404 Not Found", "gone".to_string())
                };
                let mut s = stream;
                f.fetch_sub(1, Ordering::SeqCst);
                let _ = write!(
                    s,
                    "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    Server { base, max_in_flight, requests }
}

#[test]
fn the_worker_fetches_politely_and_keeps_what_it_cannot_fetch_for_a_retry() {
    let (dir, lib) = new_library();
    let server = serve();
    let mut list = String::new();
    for i in 0..6 {
        list.push_str(&format!("{}/ok/{i}\n", server.base));
    }
    list.push_str(&format!("{}/gone/1\n", server.base));
    let p = dir.path().join("urls.txt");
    std::fs::write(&p, list).unwrap();
    let staged = import(&lib, &p).unwrap();
    assert_eq!((staged.imported, staged.queued), (7, 7));
    assert_eq!(lib.import_job(&staged.job_id).unwrap().state, "fetching");

    let policy = FetchPolicy {
        per_host_delay: Duration::from_millis(20),
        backoff: Duration::from_millis(10),
        max_attempts: 3,
        parallel: 4,
    };
    let run = lib.run_import_worker(&policy, true, &AtomicBool::new(false), &|_, _| {}).unwrap();
    assert_eq!((run.fetched, run.failed), (6, 1));
    assert_eq!(server.max_in_flight.load(Ordering::SeqCst), 1, "never two requests at once to one host");
    assert_eq!(server.requests.load(Ordering::SeqCst), 7, "a 404 is not retried by itself");

    let job = lib.import_job(&staged.job_id).unwrap();
    assert_eq!((job.state.as_str(), job.fetched, job.failed, job.pending), ("done", 6, 1, 0));
    assert!(job.failures[0].error.contains("404"), "{:?}", job.failures);
    let articles = all(&lib);
    assert_eq!(articles.len(), 7, "the 404 is kept");
    let fetched = by_url(&articles, &format!("{}/ok/3", server.base));
    assert!(fetched.title.contains("kingfishers"), "the placeholder now has the page: {fetched:?}");
    let gone = by_url(&articles, &format!("{}/gone/1", server.base));
    let needs_fetch: bool = lib
        .read(|c| Ok(c.query_row("SELECT needs_fetch FROM articles WHERE id = ?1", [&gone.id], |r| r.get(0))?))
        .unwrap();
    assert!(needs_fetch, "marked for a later retry");

    assert_eq!(lib.retry_import_fetches(None).unwrap(), 1);
    assert_eq!(lib.import_job(&staged.job_id).unwrap().state, "fetching");
    lib.run_import_worker(&policy, true, &AtomicBool::new(false), &|_, _| {}).unwrap();
    assert_eq!(server.requests.load(Ordering::SeqCst), 8, "retried once on request");
    assert_eq!(all(&lib).len(), 7);
}

#[test]
fn transient_failures_are_retried_with_backoff_until_the_last_attempt() {
    let (dir, lib) = new_library();
    // A port nothing listens on: connection refused, a transient failure.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let p = dir.path().join("urls.txt");
    std::fs::write(&p, format!("http://127.0.0.1:{port}/a\n")).unwrap();
    let staged = import(&lib, &p).unwrap();
    let policy = FetchPolicy {
        per_host_delay: Duration::ZERO,
        backoff: Duration::from_millis(50),
        max_attempts: 3,
        parallel: 1,
    };
    let started = std::time::Instant::now();
    let run = lib.run_import_worker(&policy, true, &AtomicBool::new(false), &|_, _| {}).unwrap();
    assert_eq!((run.retrying, run.failed), (2, 1));
    assert!(started.elapsed() >= Duration::from_millis(150), "waited 50 + 100 ms between attempts");
    let job = lib.import_job(&staged.job_id).unwrap();
    assert_eq!(job.failures[0].attempts, 3);
    assert!(!job.failures[0].will_retry);
    assert_eq!(all(&lib).len(), 1, "kept");
}

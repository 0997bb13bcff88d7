//! Photos kept in the library: fetched from a real loopback server, verified,
//! stored once by content, failures recorded with their reason.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use quire_core::{ListQuery, Page, PhotoSize};

use crate::new_library;

/// What the loopback server answers on one path.
#[derive(Clone)]
pub(crate) enum Reply {
    /// (status, content type, body).
    Fixed(u16, &'static str, Vec<u8>),
    /// A 302 to the given path.
    Redirect(&'static str),
    /// The body one byte every `delay`, as a hostile or broken server might.
    Trickle(Vec<u8>, Duration),
    /// 503 for the first `n` requests, then the body as image/jpeg.
    FailFirst(usize, Vec<u8>, Arc<AtomicUsize>),
}

pub(crate) fn fixed(path: &'static str, status: u16, ct: &'static str, body: Vec<u8>) -> (&'static str, Reply) {
    (path, Reply::Fixed(status, ct, body))
}

/// A loopback web server answering each path as its [`Reply`] says, one thread per connection.
pub(crate) fn serve(routes: Vec<(&'static str, Reply)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let routes = Arc::new(routes);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let routes = routes.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                let n = stream.read(&mut buf).unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]).to_string();
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                let reply = routes.iter().find(|(p, _)| *p == path).map(|(_, r)| r.clone()).unwrap_or(Reply::Fixed(
                    404,
                    "text/html",
                    b"<h1>Not found</h1>".to_vec(),
                ));
                let head = |status: u16, ct: &str, len: usize, extra: &str| {
                    format!(
                        "HTTP/1.1 {status} X\r\nContent-Type: {ct}\r\nContent-Length: {len}\r\n{extra}Connection: close\r\n\r\n"
                    )
                };
                match reply {
                    Reply::Fixed(status, ct, body) => {
                        let _ = stream.write_all(head(status, ct, body.len(), "").as_bytes());
                        let _ = stream.write_all(&body);
                    }
                    Reply::Redirect(to) => {
                        let _ = stream.write_all(head(302, "text/html", 0, &format!("Location: {to}\r\n")).as_bytes());
                    }
                    Reply::Trickle(body, delay) => {
                        let _ = stream.write_all(head(200, "image/jpeg", body.len(), "").as_bytes());
                        for b in body {
                            if stream.write_all(&[b]).is_err() {
                                return;
                            }
                            std::thread::sleep(delay);
                        }
                    }
                    Reply::FailFirst(n, body, count) => {
                        if count.fetch_add(1, Ordering::SeqCst) < n {
                            let _ = stream.write_all(head(503, "text/html", 0, "").as_bytes());
                        } else {
                            let _ = stream.write_all(head(200, "image/jpeg", body.len(), "").as_bytes());
                            let _ = stream.write_all(&body);
                        }
                    }
                }
            });
        }
    });
    base
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A tiny PNG whose header claims 100000 × 100000 pixels.
fn decompression_bomb() -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(&ihdr);
    out.extend(crc32(&ihdr).to_be_bytes());
    out
}

pub(crate) fn article(base: &str, i: usize, photos: &[&str]) -> Page {
    let figures: String = photos
        .iter()
        .map(|p| format!("<figure><img src=\"{base}{p}\" width=\"800\" height=\"600\" alt=\"photo\"><figcaption>A caption for {p}. Photo: Agency</figcaption></figure>"))
        .collect();
    let body = "<p>A paragraph of real prose about the coast and the sea, long enough to read as an article rather than a stub, with several clauses, commas, and a full stop.</p>".repeat(4);
    let html = format!(
        "<!doctype html><html><head><title>Photo story {i}</title></head><body><article><h1>Photo story {i}</h1>{body}{figures}{body}</article></body></html>"
    );
    Page {
        bytes: html.into_bytes(),
        url: Some(format!("{base}/story/{i}").parse().unwrap()),
        content_type: None,
        file_name: None,
    }
}

#[test]
fn photos_are_stored_once_and_failures_are_recorded_with_a_reason() {
    let good = png(640, 480);
    let mut truncated = png(320, 240);
    truncated.truncate(truncated.len() / 2);
    let mut truncated_jpeg = jpeg(2400, 1600, 90);
    truncated_jpeg.truncate(truncated_jpeg.len() / 2);
    let base = serve(vec![
        fixed("/good.png", 200, "image/png", good.clone()),
        fixed("/bomb.png", 200, "image/png", decompression_bomb()),
        fixed("/fake.jpg", 200, "image/jpeg", b"<html><body>Access denied</body></html>".to_vec()),
        fixed("/truncated.png", 200, "image/png", truncated),
        fixed("/truncated.jpg", 200, "image/jpeg", truncated_jpeg),
        ("/loop.jpg", Reply::Redirect("/loop.jpg")),
        ("/slow.jpg", Reply::Trickle(jpeg(640, 480, 90), Duration::from_millis(200))),
    ]);
    let (_dir, lib) = new_library();
    let lib = lib.with_photo_timeout(Duration::from_secs(2));
    let photos = [
        "/good.png",
        "/bomb.png",
        "/fake.jpg",
        "/missing.jpg",
        "/truncated.png",
        "/loop.jpg",
        "/slow.jpg",
        "/truncated.jpg",
    ];
    let started = Instant::now();
    let first = lib.add_page_with_photos(&article(&base, 1, &photos)).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "a trickling server cannot hold the save: {:?}",
        started.elapsed()
    );
    assert!(first.warnings.iter().any(|w| w.contains("7 photo(s)")), "{:?}", first.warnings);

    let rows: Vec<(String, String, Option<String>)> = lib
        .read(|c| {
            let mut s = c.prepare("SELECT source_url, status, failure FROM article_photos ORDER BY position")?;
            let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .unwrap();
    let status_of = |name: &str| {
        rows.iter().find(|(u, ..)| u.ends_with(name)).unwrap_or_else(|| panic!("{name} recorded: {rows:?}"))
    };
    assert_eq!(status_of("good.png").1, "stored");
    for bad in ["bomb.png", "fake.jpg", "missing.jpg", "truncated.png", "loop.jpg", "slow.jpg", "truncated.jpg"] {
        let (_, status, reason) = status_of(bad);
        assert_eq!(status, "failed", "{bad}");
        assert!(reason.as_deref().is_some_and(|r| !r.is_empty()), "{bad} has a reason");
    }
    assert!(status_of("missing.jpg").2.as_deref().unwrap().contains("404"));
    assert!(status_of("slow.jpg").2.as_deref().unwrap().contains("timed out"), "{rows:?}");
    assert!(status_of("loop.jpg").2.as_deref().unwrap().contains("redirect"), "{rows:?}");

    let second = lib.add_page_with_photos(&article(&base, 2, &["/good.png"])).unwrap();
    let count: i64 = lib.read(|c| Ok(c.query_row("SELECT count(*) FROM photos", [], |r| r.get(0))?)).unwrap();
    assert_eq!(count, 1, "one photo used by two articles is stored once");
    assert_eq!(lib.list(&ListQuery::default()).unwrap().len(), 2, "articles are saved whatever their photos do");

    let reader = lib.article_for_reader(&second.article.id, "/photos/").unwrap();
    let hash = blake3::hash(&good).to_hex().to_string();
    assert!(
        reader.content_html.contains(&format!("src=\"/photos/{hash}\"")),
        "the reader points at the stored photo: {}",
        reader.content_html
    );
    assert!(!reader.content_html.contains(&base), "and never at the web");
    let leads: Vec<Option<String>> =
        lib.list(&ListQuery::default()).unwrap().into_iter().map(|a| a.lead_photo).collect();
    assert_eq!(
        leads,
        vec![Some(hash.clone()); 2],
        "each row's thumbnail is its first stored photo, failed ones skipped"
    );
    assert_eq!(lib.photo_sized(&hash, PhotoSize::Original).unwrap().unwrap().bytes, good);
}

/// A photo-like JPEG: a gradient with a little noise.
pub(crate) fn jpeg(width: u32, height: u32, quality: u8) -> Vec<u8> {
    jpeg_with_exif(width, height, quality, None)
}

pub(crate) fn jpeg_with_exif(width: u32, height: u32, quality: u8, exif: Option<&[u8]>) -> Vec<u8> {
    let mut seed = 0x2545_F491_u32;
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let n = (seed % 16) as u8;
        // Left half red, right half blue: orientation is visible in the output.
        let red = x < width / 2;
        image::Rgb([if red { 200 } else { 20 } + n, (y * 200 / height) as u8 + n, if red { 20 } else { 200 } + n])
    });
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    if let Some(exif) = exif {
        encoder.add_exif_metadata(exif).unwrap();
    }
    encoder.encode(img.as_raw(), width as u16, height as u16, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

/// A marker that stands for the camera's position in the EXIF below.
const GPS_MARKER: &[u8] = b"GPS-51.4769N";

/// Little-endian EXIF (TIFF) with orientation 6 (rotate 90° clockwise to view)
/// and a GPS IFD whose latitude reference is followed by [`GPS_MARKER`].
fn exif_rotated_with_gps() -> Vec<u8> {
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    // IFD0 at 8: two entries.
    t.extend(2u16.to_le_bytes());
    t.extend([0x12, 0x01, 3, 0]); // Orientation, SHORT
    t.extend(1u32.to_le_bytes());
    t.extend([6, 0, 0, 0]);
    t.extend([0x25, 0x88, 4, 0]); // GPSInfo IFD pointer, LONG
    t.extend(1u32.to_le_bytes());
    let gps_ifd = 8 + 2 + 2 * 12 + 4;
    t.extend((gps_ifd as u32).to_le_bytes());
    t.extend(0u32.to_le_bytes()); // no next IFD
    // GPS IFD: GPSLatitudeRef, ASCII, pointing at the marker.
    t.extend(1u16.to_le_bytes());
    t.extend([0x01, 0x00, 2, 0]);
    t.extend((GPS_MARKER.len() as u32 + 1).to_le_bytes());
    let marker_at = gps_ifd + 2 + 12 + 4;
    t.extend((marker_at as u32).to_le_bytes());
    t.extend(0u32.to_le_bytes());
    t.extend(GPS_MARKER);
    t.push(0);
    t
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub(crate) fn statuses(lib: &quire_core::Library) -> Vec<(String, String, Option<String>)> {
    lib.read(|c| {
        let mut s = c.prepare("SELECT source_url, status, failure FROM article_photos ORDER BY source_url")?;
        let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    })
    .unwrap()
}

#[test]
fn derived_sizes_are_upright_small_and_carry_no_location() {
    let original = jpeg_with_exif(3000, 2000, 90, Some(&exif_rotated_with_gps()));
    assert!(contains(&original, GPS_MARKER), "the test photo does carry a location");
    let base = serve(vec![fixed("/camera.jpg", 200, "image/jpeg", original.clone())]);
    let (_dir, lib) = new_library();
    lib.add_page_with_photos(&article(&base, 1, &["/camera.jpg"])).unwrap();
    let hash = blake3::hash(&original).to_hex().to_string();

    let display = lib.photo(&hash).unwrap().expect("the reader's size by default");
    let thumb = lib.photo_sized(&hash, PhotoSize::Thumb).unwrap().unwrap();
    for (name, p, w, h) in [("display", &display, 1600, 2400), ("thumb", &thumb, 267, 400)] {
        assert_eq!(p.media_type, "image/jpeg");
        assert!(!contains(&p.bytes, GPS_MARKER), "{name} has no location");
        assert!(!contains(&p.bytes, b"Exif\0\0"), "{name} has no EXIF at all");
        let img = image::load_from_memory(&p.bytes).unwrap().to_rgb8();
        assert_eq!((img.width(), img.height()), (w, h), "{name}: turned upright (3000×2000 rotated), then scaled");
        // Orientation 6: the source's left (red) half is now the top.
        let top = img.get_pixel(w / 2, h / 8);
        let bottom = img.get_pixel(w / 2, h * 7 / 8);
        assert!(top[0] > 150 && bottom[2] > 150, "{name}: red on top, blue below: {top:?} {bottom:?}");
    }
    assert!(display.bytes.len() < original.len() / 2, "the display size is much smaller than the original");
    let kept = lib.photo_sized(&hash, PhotoSize::Original).unwrap().unwrap();
    assert_eq!(kept.bytes, original, "the original is kept byte for byte, metadata and all");
}

#[test]
fn svg_icons_and_tracking_pixels_are_skipped_not_stored_and_not_retried() {
    let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><script>alert(1)</script><rect width="800" height="600"/></svg>"#;
    let base = serve(vec![
        fixed("/chart.svg", 200, "image/svg+xml", svg.to_vec()),
        fixed("/pixel.png", 200, "image/png", png(1, 1)),
        fixed("/icon.png", 200, "image/png", png(64, 64)),
        fixed("/rule.png", 200, "image/png", png(1200, 4)),
        fixed("/photo.jpg", 200, "image/jpeg", jpeg(800, 600, 85)),
    ]);
    let (_dir, lib) = new_library();
    let outcome = lib
        .add_page_with_photos(&article(&base, 1, &["/chart.svg", "/pixel.png", "/icon.png", "/rule.png", "/photo.jpg"]))
        .unwrap();
    assert!(
        outcome.warnings.iter().all(|w| !w.contains("photo(s)")),
        "skipped images are not failures: {:?}",
        outcome.warnings
    );
    let rows = statuses(&lib);
    for (url, status, reason) in &rows {
        if url.ends_with("photo.jpg") {
            assert_eq!(status, "stored");
        } else {
            assert_eq!(status, "skipped", "{url}");
            assert!(reason.as_deref().is_some_and(|r| r.contains("not a photo")), "{url}: {reason:?}");
        }
    }
    let photos: i64 = lib.read(|c| Ok(c.query_row("SELECT count(*) FROM photos", [], |r| r.get(0))?)).unwrap();
    assert_eq!(photos, 1, "only the photo is stored");
    assert_eq!(lib.retry_photos(None).unwrap(), (0, 0), "nothing to retry");
}

#[test]
fn retry_fetches_only_the_failed_photos_again() {
    let flaky = Arc::new(AtomicUsize::new(0));
    let steady = Arc::new(AtomicUsize::new(0));
    let base = serve(vec![
        ("/flaky.jpg", Reply::FailFirst(1, jpeg(800, 600, 80), flaky.clone())),
        ("/steady.jpg", Reply::FailFirst(0, jpeg(640, 480, 80), steady.clone())),
    ]);
    let (_dir, lib) = new_library();
    let saved = lib.add_page_with_photos(&article(&base, 1, &["/flaky.jpg", "/steady.jpg"])).unwrap();
    assert!(saved.warnings.iter().any(|w| w.contains("1 photo(s)")), "{:?}", saved.warnings);
    let rows = statuses(&lib);
    assert_eq!(rows[0].1, "failed");
    assert!(rows[0].2.as_deref().unwrap().contains("503"), "{rows:?}");

    assert_eq!(lib.retry_photos(Some(&saved.article.id)).unwrap(), (1, 0));
    assert!(statuses(&lib).iter().all(|(_, s, f)| s == "stored" && f.is_none()), "{:?}", statuses(&lib));
    assert_eq!(steady.load(Ordering::SeqCst), 1, "a stored photo is not fetched again");
    assert_eq!(flaky.load(Ordering::SeqCst), 2);
    assert_eq!(lib.retry_photos(None).unwrap(), (0, 0));
}

#[test]
fn purging_frees_the_photos_no_other_article_uses() {
    let base = serve(vec![
        fixed("/shared.jpg", 200, "image/jpeg", jpeg(800, 600, 80)),
        fixed("/own.jpg", 200, "image/jpeg", jpeg(640, 480, 70)),
    ]);
    let (_dir, lib) = new_library();
    let kept = lib.add_page_with_photos(&article(&base, 1, &["/shared.jpg"])).unwrap().article.id;
    let gone = lib.add_page_with_photos(&article(&base, 2, &["/shared.jpg", "/own.jpg"])).unwrap().article.id;
    let count = |table: &str| -> i64 {
        lib.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)).unwrap()
    };
    assert_eq!((count("photos"), count("photo_sizes")), (2, 4));

    lib.delete(&gone).unwrap();
    let early = lib.purge_deleted(quire_core::purge::UNDO_WINDOW).unwrap();
    assert_eq!(early.articles, 0, "a fresh tombstone stays restorable within the undo window");

    let purged = lib.purge_deleted(Duration::ZERO).unwrap();
    assert_eq!((purged.articles, purged.photos), (1, 1), "the shared photo stays for the other article");
    assert!(purged.photo_bytes > 0);
    assert_eq!((count("articles"), count("photos"), count("photo_sizes"), count("article_photos")), (1, 1, 2, 1));
    assert!(lib.restore(&gone).is_err(), "a purged article is gone for good");

    lib.delete(&kept).unwrap();
    lib.purge_deleted(Duration::ZERO).unwrap();
    assert_eq!((count("articles"), count("photos"), count("photo_sizes")), (0, 0, 0), "nothing is left behind");
}

#[test]
fn an_image_file_is_saved_as_a_photo_item_listed_with_its_caption() {
    let (_dir, lib) = new_library();
    let bytes = jpeg(1200, 800, 85);
    let source = url::Url::parse("https://example.org/gallery/7").unwrap();
    let saved = lib
        .add_photo(bytes.clone(), "IMG_0042.jpg", Some(&source), Some("Gulls over the Wadden Sea"), Some("2026-06-01"))
        .unwrap();
    assert_eq!(saved.article.title, "Gulls over the Wadden Sea");
    assert_eq!(saved.article.url, source.as_str());
    assert_eq!(saved.article.published.as_deref(), Some("2026-06-01"));
    let listed = lib.list(&ListQuery::default()).unwrap();
    assert_eq!(listed.len(), 1, "the photo appears in the library");
    let kind: String = lib.read(|c| Ok(c.query_row("SELECT kind FROM articles", [], |r| r.get(0))?)).unwrap();
    assert_eq!(kind, "photo");
    let reader = lib.article_for_reader(&saved.article.id, "/photos/").unwrap();
    let hash = blake3::hash(&bytes).to_hex().to_string();
    assert!(reader.content_html.contains(&format!("src=\"/photos/{hash}\"")), "{}", reader.content_html);
    assert!(reader.content_html.contains("<figcaption>Gulls over the Wadden Sea</figcaption>"));

    let not_a_photo = lib.add_photo(b"hello".to_vec(), "notes.jpg", None, None, None);
    assert!(not_a_photo.is_err(), "a file that is not an image is refused");
}

/// A JPEG with the given chroma subsampling (or greyscale), optionally with
/// EXIF: left half red, right half blue, as in [`jpeg_with_exif`].
fn jpeg_sampled(
    width: u32,
    height: u32,
    sampling: Option<jpeg_encoder::SamplingFactor>,
    exif: Option<&[u8]>,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
    if let Some(exif) = exif {
        encoder.add_exif_metadata(exif).unwrap();
    }
    match sampling {
        Some(sampling) => {
            encoder.set_sampling_factor(sampling);
            let img = image::RgbImage::from_fn(width, height, |x, _| {
                if x < width / 2 { image::Rgb([200, 30, 20]) } else { image::Rgb([20, 30, 200]) }
            });
            encoder.encode(img.as_raw(), width as u16, height as u16, jpeg_encoder::ColorType::Rgb).unwrap();
        }
        None => {
            let img =
                image::GrayImage::from_fn(width, height, |x, _| image::Luma([if x < width / 2 { 40 } else { 220 }]));
            encoder.encode(img.as_raw(), width as u16, height as u16, jpeg_encoder::ColorType::Luma).unwrap();
        }
    }
    out
}

/// JPEGs go through Y, Cb, Cr planes: every subsampling a camera or an editor
/// writes, odd sides (planes padded to whole MCUs), greyscale, and EXIF
/// orientation on a photo narrower than the display size (no resize, only the
/// padding cropped) must all come out the right size and the right colours.
#[test]
fn jpegs_of_every_subsampling_odd_size_and_grey_keep_their_size_and_colours() {
    use jpeg_encoder::SamplingFactor as S;
    use quire_core::photos;
    let cases = [
        ("4:4:4", Some(S::R_4_4_4)),
        ("4:2:2", Some(S::R_4_2_2)),
        ("4:2:0", Some(S::R_4_2_0)),
        ("4:4:0", Some(S::R_4_4_0)),
        ("4:1:1", Some(S::R_4_1_1)),
        ("grey", None),
    ];
    for (name, sampling) in cases {
        // 3603 × 2403: odd sides, decoded at 4/8 (1802 × 1202) and resized to 1600 wide.
        for (exif, (w, h), (dw, dh), (tw, th)) in [
            (None, (3603, 2403), (1600, 1067), (400, 267)),
            // Orientation 6 on 1801 × 1203: upright 1203 × 1801, narrower than the
            // display size, so decoded whole and only cropped out of its padding.
            (Some(exif_rotated_with_gps()), (1801, 1203), (1203, 1801), (267, 400)),
        ] {
            let bytes = jpeg_sampled(w, h, sampling, exif.as_deref());
            let p = photos::prepare(bytes).unwrap_or_else(|r| panic!("{name}: {}", r.reason()));
            let upright = if exif.is_some() { (h, w) } else { (w, h) };
            assert_eq!((p.width, p.height), upright, "{name}: the original's upright size");
            for (size, expected) in [(PhotoSize::Display, (dw, dh)), (PhotoSize::Thumb, (tw, th))] {
                let r = p.sizes.iter().find(|r| r.size == size).expect("both sizes");
                let img = image::load_from_memory(&r.bytes).unwrap().to_rgb8();
                assert_eq!((r.width, r.height), expected, "{name} {size:?}: recorded size");
                assert_eq!(img.dimensions(), expected, "{name} {size:?}: encoded size");
                // Upright, the source's left half is on top when rotated, on the left otherwise.
                let (first, second) = if exif.is_some() {
                    (img.get_pixel(expected.0 / 2, expected.1 / 8), img.get_pixel(expected.0 / 2, expected.1 * 7 / 8))
                } else {
                    (img.get_pixel(expected.0 / 8, expected.1 / 2), img.get_pixel(expected.0 * 7 / 8, expected.1 / 2))
                };
                // Edges too: padding must never show as a dark or green stripe.
                let corner = img.get_pixel(expected.0 - 1, expected.1 - 1);
                if sampling.is_some() {
                    assert!(first[0] > 170 && first[2] < 60, "{name} {size:?}: red first: {first:?}");
                    assert!(second[2] > 170 && second[0] < 60, "{name} {size:?}: blue second: {second:?}");
                    assert!(
                        corner[0].max(corner[2]) > 150 && corner[1] < 80,
                        "{name} {size:?}: clean corner: {corner:?}"
                    );
                } else {
                    assert!(
                        first[0] < 60 && first[0].abs_diff(first[2]) < 4,
                        "{name} {size:?}: dark grey first: {first:?}"
                    );
                    assert!(
                        second[0] > 200 && second[0].abs_diff(second[1]) < 4,
                        "{name} {size:?}: light grey second: {second:?}"
                    );
                    assert!(corner[0] > 200 || corner[0] < 60, "{name} {size:?}: clean corner: {corner:?}");
                }
            }
        }
    }
}

/// `jpeg` with an APP1 EXIF segment holding only `orientation`, right after SOI.
fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut exif = b"Exif\0\0II*\0".to_vec();
    exif.extend(8u32.to_le_bytes());
    exif.extend(1u16.to_le_bytes()); // one entry: Orientation, SHORT, 1
    exif.extend([0x12, 0x01, 3, 0]);
    exif.extend(1u32.to_le_bytes());
    exif.extend(u32::from(orientation).to_le_bytes());
    exif.extend(0u32.to_le_bytes()); // no next IFD
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
    out.extend(exif);
    out.extend(&jpeg[2..]);
    out
}

/// A 12 MP photo is decoded at half scale (2000 × 1500) in every EXIF
/// orientation: upright landscape it is resized to 1600 wide; upright
/// portrait the half-scale decode is already 1500 wide, kept as it is rather
/// than decoded whole. Either way each quadrant must land where `image`'s own
/// orientation puts it (the oracle: a 2 × 2 image of the quadrants' colours).
/// A 4:4:4 photo too: its chroma is averaged 2 × 2 when the luma is kept.
#[test]
fn large_photos_in_every_orientation_come_out_upright_at_half_scale() {
    use jpeg_encoder::SamplingFactor as S;
    use quire_core::photos;
    let colours = [[220, 30, 30], [30, 200, 40], [30, 40, 220], [230, 230, 230]];
    let (w, h) = (4000, 3000);
    let quadrant = |x: u32, y: u32| usize::from(x >= w / 2) + 2 * usize::from(y >= h / 2);
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb(colours[quadrant(x, y)]));
    for (sampling, orientations) in [(S::R_4_2_0, vec![1, 2, 3, 4, 5, 6, 7, 8]), (S::R_4_4_4, vec![1, 6])] {
        let mut stored = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut stored, 85);
        encoder.set_sampling_factor(sampling);
        encoder.encode(img.as_raw(), w as u16, h as u16, jpeg_encoder::ColorType::Rgb).unwrap();
        for exif in orientations {
            let orientation = image::metadata::Orientation::from_exif(exif as u8).unwrap();
            let mut oracle = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(2, 2, |x, y| {
                image::Rgb(colours[x as usize + 2 * y as usize])
            }));
            oracle.apply_orientation(orientation);
            let oracle = oracle.into_rgb8();
            // EXIF 5 to 8 turn a quarter: the upright photo is portrait.
            let sideways = exif >= 5;
            let expected = if sideways { [(1500, 2000), (300, 400)] } else { [(1600, 1200), (400, 300)] };

            let p = photos::prepare(with_orientation(&stored, exif))
                .unwrap_or_else(|r| panic!("{sampling:?} {exif}: {}", r.reason()));
            assert_eq!(
                (p.width, p.height),
                if sideways { (h, w) } else { (w, h) },
                "{sampling:?} EXIF {exif}: upright size"
            );
            for (size, (ew, eh)) in [PhotoSize::Display, PhotoSize::Thumb].into_iter().zip(expected) {
                let r = p.sizes.iter().find(|r| r.size == size).expect("both sizes");
                let out = image::load_from_memory(&r.bytes).unwrap().to_rgb8();
                assert_eq!(out.dimensions(), (ew, eh), "{sampling:?} EXIF {exif} {size:?}: size");
                for (qx, qy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                    let got = out.get_pixel(ew / 4 + qx * ew / 2, eh / 4 + qy * eh / 2);
                    let want = oracle.get_pixel(qx, qy);
                    let close = got.0.iter().zip(want.0).all(|(g, w)| g.abs_diff(w) < 24);
                    assert!(
                        close,
                        "{sampling:?} EXIF {exif} {size:?}: quadrant ({qx}, {qy}) is {got:?}, upright it is {want:?}"
                    );
                }
            }
        }
    }
}

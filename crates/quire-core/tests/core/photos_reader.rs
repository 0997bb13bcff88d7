//! What the reader gets for photos (issue 5): failed photos as placeholders it
//! can retry, photo items with their kind, thumbnail hash and EXIF date, and
//! the space freed photos leave reclaimed from the library file.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use quire_core::photos::{self, PhotoSize, Prepared, Rendition};
use quire_core::{ItemKind, ListQuery, PhotoStatus};

use crate::new_library;
use crate::photos::{Reply, article, jpeg, jpeg_with_exif, serve};

#[test]
fn a_failed_photo_reaches_the_reader_as_a_placeholder_without_a_web_address_and_retry_restores_it() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(vec![("/late.jpg", Reply::FailFirst(1, jpeg(800, 600, 80), hits.clone()))]);
    let (_dir, lib) = new_library();
    let saved = lib.add_page_with_photos(&article(&base, 1, &["/late.jpg"])).unwrap();

    let reader = lib.article_for_reader(&saved.article.id, "/photos/").unwrap();
    assert_eq!(reader.photos.len(), 1);
    assert_eq!(reader.photos[0].status, PhotoStatus::Failed);
    assert!(reader.photos[0].failure.as_deref().unwrap_or("").contains("503"), "{:?}", reader.photos);
    assert!(
        reader.content_html.contains(r#"data-quire-photo="failed" data-quire-photo-index="0""#),
        "the failed <img> is marked for the placeholder: {}",
        reader.content_html
    );
    assert!(
        !reader.content_html.contains(&base),
        "the reader never loads a photo from the web: {}",
        reader.content_html
    );
    assert!(reader.content_html.contains("A caption for /late.jpg"), "the caption stays");

    assert_eq!(lib.retry_photos(Some(&saved.article.id)).unwrap(), (1, 0));
    let reader = lib.article_for_reader(&saved.article.id, "/photos/").unwrap();
    let hash = reader.photos[0].hash.clone().expect("stored now");
    assert_eq!(reader.photos[0].status, PhotoStatus::Stored);
    assert!(reader.content_html.contains(&format!("src=\"/photos/{hash}\"")), "{}", reader.content_html);
    assert!(!reader.content_html.contains("data-quire-photo="), "no placeholder is left");
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

/// Little-endian EXIF (TIFF) with a DateTimeOriginal in its Exif IFD.
fn exif_taken(at: &str) -> Vec<u8> {
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    // IFD0: one entry, the pointer to the Exif IFD at 26.
    t.extend(1u16.to_le_bytes());
    t.extend(0x8769u16.to_le_bytes());
    t.extend(4u16.to_le_bytes());
    t.extend(1u32.to_le_bytes());
    t.extend(26u32.to_le_bytes());
    t.extend(0u32.to_le_bytes());
    // Exif IFD: DateTimeOriginal, ASCII, 20 bytes at 44.
    t.extend(1u16.to_le_bytes());
    t.extend(0x9003u16.to_le_bytes());
    t.extend(2u16.to_le_bytes());
    t.extend(20u32.to_le_bytes());
    t.extend(44u32.to_le_bytes());
    t.extend(0u32.to_le_bytes());
    t.extend(at.as_bytes());
    t.push(0);
    t
}

#[test]
fn a_photo_item_has_its_kind_its_thumbnail_and_the_date_it_was_taken() {
    let (_dir, lib) = new_library();
    let bytes = jpeg_with_exif(900, 600, 80, Some(&exif_taken("2019:07:14 08:30:05")));
    assert_eq!(photos::taken_at(&bytes).as_deref(), Some("2019-07-14T08:30:05"));
    let saved = lib.add_photo(bytes.clone(), "IMG_1.jpg", None, None, None).unwrap();
    assert_eq!(saved.article.published.as_deref(), Some("2019-07-14T08:30:05"), "EXIF dates an undated photo");
    let hash = blake3::hash(&bytes).to_hex().to_string();
    assert_eq!(saved.article.kind, ItemKind::Photo);
    assert_eq!(saved.article.photo.as_deref(), Some(hash.as_str()), "the list can show its thumbnail");
    assert!(lib.photo_sized(&hash, PhotoSize::Thumb).unwrap().is_some());

    let given = lib.add_photo(
        jpeg_with_exif(901, 600, 80, Some(&exif_taken("2019:07:14 08:30:05"))),
        "b.jpg",
        None,
        None,
        Some("2020-01-02"),
    );
    assert_eq!(given.unwrap().article.published.as_deref(), Some("2020-01-02"), "a given date wins over EXIF");
    let undated = lib.add_photo(jpeg(902, 600, 80), "c.jpg", None, None, None).unwrap();
    assert_eq!(undated.article.published, None, "no EXIF, no date");

    let page = lib.add_page_with_photos(&article("http://127.0.0.1:9", 1, &[])).unwrap();
    assert_eq!(page.article.kind, ItemKind::Article);
    assert_eq!(page.article.photo, None);
    let kinds: Vec<ItemKind> = lib.list(&ListQuery::default()).unwrap().iter().map(|a| a.kind).collect();
    assert_eq!(kinds.iter().filter(|k| **k == ItemKind::Photo).count(), 3, "{kinds:?}");
}

/// A stored photo of `len` incompressible bytes, with no article using it.
fn orphan_photo(seed: u64, len: usize) -> Prepared {
    let mut x = seed * 2 + 1;
    let original: Vec<u8> = (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let thumb = Rendition { size: PhotoSize::Thumb, media_type: "image/jpeg", width: 4, height: 3, bytes: vec![1; 64] };
    Prepared {
        hash: blake3::hash(&original).to_hex().to_string(),
        original,
        media_type: "image/jpeg",
        width: 4000,
        height: 3000,
        sizes: vec![thumb],
    }
}

#[test]
fn purging_many_photo_bytes_shrinks_the_library_file() {
    let (_dir, lib) = new_library();
    for seed in 1..=4 {
        lib.write(|tx| photos::store(tx, &orphan_photo(seed, 4 << 20))).unwrap();
    }
    lib.read(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?)).unwrap();
    let before = lib.file_bytes();
    assert!(before > 16 << 20, "four 4 MiB photos are in the file: {before}");

    let purged = lib.purge_deleted(Duration::ZERO).unwrap();
    assert_eq!(purged.photos, 4, "photos no article uses are freed");
    let after = lib.file_bytes();
    assert!(after + (15 << 20) < before, "the file shrinks: {before} → {after}");
    assert!(purged.reclaimed_bytes >= 15 << 20, "{purged:?}");
    assert_eq!(lib.free_bytes().unwrap(), 0);
    assert_eq!(lib.read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))?)).unwrap(), "ok");

    // A small purge leaves its few free pages for the next photos instead of rewriting the file.
    lib.write(|tx| photos::store(tx, &orphan_photo(9, 64 << 10))).unwrap();
    let small = lib.purge_deleted(Duration::ZERO).unwrap();
    assert_eq!((small.photos, small.reclaimed_bytes), (1, 0));
}

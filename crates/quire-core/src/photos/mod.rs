//! Keeping an article's photos in the library, not linked: fetched, verified by
//! decoding under explicit limits, and stored once per distinct content
//! (blake3) however many articles use them.
//!
//! Each distinct photo is kept three ways: the original bytes exactly as
//! fetched, a display size (at most [`DISPLAY_WIDTH`] px wide) that the reader
//! shows, and a thumbnail (within [`THUMB_SIDE`] × [`THUMB_SIDE`] px) for lists.
//! The derived sizes are decoded once, turned upright by their EXIF
//! orientation, resized with `fast_image_resize` and re-encoded, so they carry
//! no metadata at all: a camera's GPS position never reaches a derived size.
//! Only the original keeps its EXIF, and it is served only when asked for.
//!
//! What is not a photo is not kept: SVG (a document that can carry scripts;
//! refused rather than sanitised) and images too small to be photos (tracking
//! pixels, icons, spacers) are recorded as `skipped` with the reason. A photo
//! that cannot be had is recorded as `failed` with its reason and can be
//! retried; the article is saved regardless. The network and the decoding
//! happen outside any write transaction; each photo's outcome is committed on
//! its own.

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};
use url::Url;

use crate::error::{Error, Result};
use crate::ids::{new_id, now};
use crate::library::Library;

mod derive;
mod yuv;

use derive::derive;
pub use derive::{Stage, looks_like_image, prepare, prepare_timed, taken_at, verify};

/// Larger files are not photos worth keeping, and refusing them bounds memory.
pub const MAX_PHOTO_BYTES: u64 = 25 * 1024 * 1024;
/// Photos fetched at once for one article: polite to one site, quick for many photos.
const PARALLEL_FETCHES: usize = 4;
/// The widest display size: sharp on a 2× screen in an 800 px reading column.
pub const DISPLAY_WIDTH: u32 = 1600;
/// Thumbnails fit in a square of this side.
pub const THUMB_SIDE: u32 = 400;
/// The whole download of one photo, slow servers included, by default.
pub const DEFAULT_PHOTO_TIMEOUT: Duration = Duration::from_secs(60);

/// Which rendition of a stored photo to serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PhotoSize {
    /// Within [`THUMB_SIDE`] px square.
    Thumb,
    /// At most [`DISPLAY_WIDTH`] px wide, upright, without metadata: what the reader shows.
    #[default]
    Display,
    /// The bytes exactly as fetched, metadata included.
    Original,
}

impl PhotoSize {
    pub fn as_str(self) -> &'static str {
        match self {
            PhotoSize::Thumb => "thumb",
            PhotoSize::Display => "display",
            PhotoSize::Original => "original",
        }
    }

    pub fn parse(s: &str) -> Option<PhotoSize> {
        match s {
            "thumb" => Some(PhotoSize::Thumb),
            "display" => Some(PhotoSize::Display),
            "original" => Some(PhotoSize::Original),
            _ => None,
        }
    }
}

/// A photo as served: its content hash (of the original) and one rendition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPhoto {
    pub hash: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// A derived size, encoded.
#[derive(Debug, Clone)]
pub struct Rendition {
    pub size: PhotoSize,
    pub media_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// A verified photo ready to store: the original and its derived sizes.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub hash: String,
    pub original: Vec<u8>,
    pub media_type: &'static str,
    /// Upright dimensions (after EXIF orientation).
    pub width: u32,
    pub height: u32,
    pub sizes: Vec<Rendition>,
}

/// Why an image was not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a photo (an icon, a tracking pixel, an SVG drawing): never retried.
    NotAPhoto(String),
    /// A photo that could not be had (network, damaged file): can be retried.
    Failed(String),
}

impl Refusal {
    pub fn reason(&self) -> &str {
        match self {
            Refusal::NotAPhoto(r) | Refusal::Failed(r) => r,
        }
    }
}

/// Downloads one photo within `timeout` (the whole transfer, so a server that
/// trickles bytes cannot hold it forever), with the article's page as referer
/// (many sites refuse hotlinked photos otherwise).
pub fn fetch(url: &Url, referer: Option<&Url>, timeout: Duration) -> std::result::Result<Vec<u8>, String> {
    let deadline = std::time::Instant::now() + timeout;
    let client = crate::fetch::client(timeout, 5)?;
    let mut req = client.get(url.clone());
    if let Some(r) = referer {
        req = req.header(reqwest::header::REFERER, r.as_str());
    }
    let resp = req.send().map_err(|e| describe(&e, timeout))?;
    if !resp.status().is_success() {
        return Err(format!("the server answered {}", resp.status()));
    }
    crate::fetch::read_capped(resp, MAX_PHOTO_BYTES, deadline)
        .map_err(|e| if e.contains("timed out") { format!("timed out after {} s", timeout.as_secs_f32()) } else { e })
}

fn describe(e: &reqwest::Error, timeout: Duration) -> String {
    if e.is_timeout() {
        format!("timed out after {} s", timeout.as_secs_f32())
    } else if e.is_redirect() {
        "too many redirects".into()
    } else {
        e.to_string()
    }
}

/// Stores a prepared photo once, by content, with its derived sizes.
pub fn store(c: &Connection, p: &Prepared) -> Result<()> {
    c.execute(
        "INSERT INTO photos (hash, media_type, width, height, byte_size, data, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (hash) DO NOTHING",
        params![p.hash, p.media_type, p.width, p.height, p.original.len() as i64, p.original, now()],
    )?;
    store_sizes(c, &p.hash, &p.sizes)
}

fn store_sizes(c: &Connection, hash: &str, sizes: &[Rendition]) -> Result<()> {
    let mut stmt = c.prepare_cached(
        "INSERT INTO photo_sizes (hash, size, media_type, width, height, byte_size, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (hash, size) DO NOTHING",
    )?;
    for s in sizes {
        stmt.execute(params![hash, s.size.as_str(), s.media_type, s.width, s.height, s.bytes.len() as i64, s.bytes])?;
    }
    Ok(())
}

/// Whether a photo and its thumbnail are already stored (so a photo clipped
/// again is neither decoded nor resized again).
fn is_complete(c: &Connection, hash: &str) -> Result<bool> {
    Ok(c.query_row("SELECT EXISTS (SELECT 1 FROM photo_sizes WHERE hash = ?1 AND size = 'thumb')", [hash], |r| {
        r.get(0)
    })?)
}

/// One rendition of a photo by hash, for serving. `None` when there is no such
/// photo, or when the derived size is not made yet (a library from before
/// derived sizes; [`Library::photo_sized`] makes it then).
pub fn get(c: &Connection, hash: &str, size: PhotoSize) -> Result<Option<StoredPhoto>> {
    let row =
        |r: &rusqlite::Row<'_>| Ok(StoredPhoto { hash: hash.to_string(), media_type: r.get(0)?, bytes: r.get(1)? });
    let original = || c.query_row("SELECT media_type, data FROM photos WHERE hash = ?1", [hash], row).optional();
    Ok(match size {
        PhotoSize::Original => original()?,
        PhotoSize::Display | PhotoSize::Thumb => {
            let derived = c
                .query_row(
                    "SELECT media_type, data FROM photo_sizes WHERE hash = ?1 AND size = ?2",
                    params![hash, size.as_str()],
                    row,
                )
                .optional()?;
            match derived {
                Some(p) => Some(p),
                // An animated GIF is its own display size.
                None if size == PhotoSize::Display && is_complete(c, hash)? => original()?,
                None => None,
            }
        }
    })
}

/// What happened to one photo outside the lock.
enum Obtained {
    Prepared(Prepared),
    /// Already in the library with its sizes: only the link is recorded.
    Known(String),
    Refused(Refusal),
}

impl Library {
    /// Fetches and stores every photo of the article still waiting, recording
    /// failures with their reason. Returns (stored, failed); skipped images
    /// (not photos) count as neither.
    pub fn fetch_photos(&self, article_id: &str) -> Result<(usize, usize)> {
        let (referer, pending): (Option<String>, Vec<(String, String)>) = self.read(|c| {
            let referer = c.query_row("SELECT url FROM articles WHERE id = ?1", [article_id], |r| r.get(0)).optional()?;
            let mut stmt = c.prepare_cached(
                "SELECT id, source_url FROM article_photos WHERE article_id = ?1 AND status = 'pending' ORDER BY position",
            )?;
            let rows = stmt.query_map([article_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok((referer, rows.collect::<rusqlite::Result<_>>()?))
        })?;
        let referer = referer.and_then(|u| Url::parse(&u).ok());
        let mut stored = 0;
        let mut failed = 0;
        // A pipeline: up to PARALLEL_FETCHES workers fetch and prepare photos
        // while this thread commits each outcome as it comes, so SQLite's
        // writes (I/O) overlap the next photos' decoding instead of waiting
        // for a whole batch. The channel holds one outcome, so memory stays
        // bounded by PARALLEL_FETCHES + 1 prepared photos.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let result = std::thread::scope(|scope| -> Result<()> {
            let (sender, outcomes) = std::sync::mpsc::sync_channel::<(&str, Obtained)>(1);
            for _ in 0..PARALLEL_FETCHES.min(pending.len()) {
                let (sender, next, pending, referer) = (sender.clone(), &next, &pending, referer.as_ref());
                scope.spawn(move || {
                    while let Some((id, src)) = pending.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                        let obtained =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.obtain(src, referer)))
                                .unwrap_or_else(|_| {
                                    Obtained::Refused(Refusal::Failed("crashed while decoding".into()))
                                });
                        if sender.send((id.as_str(), obtained)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(sender);
            for (row_id, outcome) in outcomes {
                match &outcome {
                    Obtained::Prepared(_) | Obtained::Known(_) => stored += 1,
                    Obtained::Refused(Refusal::Failed(_)) => failed += 1,
                    Obtained::Refused(Refusal::NotAPhoto(_)) => {}
                }
                // On a write error, stop the workers: they see the closed channel.
                self.write(|tx| record(tx, row_id, &outcome))?;
            }
            Ok(())
        });
        result?;
        Ok((stored, failed))
    }

    /// Marks the failed photos of one article (or of every live article) as
    /// waiting again and fetches them. Stored and skipped ones are left alone.
    /// Returns (stored, failed).
    pub fn retry_photos(&self, article: Option<&str>) -> Result<(usize, usize)> {
        let articles: Vec<String> = self.write(|tx| {
            let id = article.map(|given| crate::articles::resolve_id(tx, given, false)).transpose()?;
            tx.execute(
                "UPDATE article_photos SET status = 'pending', failure = NULL, updated_at = ?2
                 WHERE status = 'failed' AND (?1 IS NULL OR article_id = ?1)",
                params![id, now()],
            )?;
            let mut stmt = tx.prepare(
                "SELECT DISTINCT p.article_id FROM article_photos p JOIN articles a ON a.id = p.article_id
                 WHERE p.status = 'pending' AND a.deleted_at IS NULL AND (?1 IS NULL OR p.article_id = ?1)",
            )?;
            let ids = stmt.query_map([&id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            Ok(ids)
        })?;
        let mut totals = (0, 0);
        for id in articles {
            let (s, f) = self.fetch_photos(&id)?;
            totals = (totals.0 + s, totals.1 + f);
        }
        Ok(totals)
    }

    /// The reader's rendition of a photo: [`PhotoSize::Display`].
    pub fn photo(&self, hash: &str) -> Result<Option<StoredPhoto>> {
        self.photo_sized(hash, PhotoSize::Display)
    }

    /// One rendition of a stored photo. Derived sizes missing from a library
    /// saved before they existed are made from the original on first request,
    /// so a display size is never the original with its metadata.
    pub fn photo_sized(&self, hash: &str, size: PhotoSize) -> Result<Option<StoredPhoto>> {
        if let Some(p) = self.read(|c| get(c, hash, size))? {
            return Ok(Some(p));
        }
        let Some(original) = self.read(|c| get(c, hash, PhotoSize::Original))? else { return Ok(None) };
        let (_, _, _, sizes) = derive(&original.bytes, &mut |_| {})
            .map_err(|r| Error::Invalid(format!("photo {hash}: {}", r.reason())))?;
        self.write(|tx| store_sizes(tx, hash, &sizes))?;
        self.read(|c| get(c, hash, size))
    }

    /// Saves an image file as a photo item of the library: an `articles` row
    /// of kind `photo`, whose content is the photo with its caption, so that it
    /// is listed, searched, tagged and deleted like any article. `source_page`
    /// is where it was found; `date` (RFC 3339 or a plain date) when it was
    /// taken or published.
    pub fn add_photo(
        &self,
        bytes: Vec<u8>,
        file_name: &str,
        source_page: Option<&Url>,
        caption: Option<&str>,
        date: Option<&str>,
    ) -> Result<crate::AddOutcome> {
        let prepared = prepare(bytes)
            .map_err(|r| Error::Invalid(format!("{file_name} is not a photo Quire can keep: {}", r.reason())))?;
        // The camera's own date when none is given: when the photo was taken.
        let exif_date = date.is_none().then(|| taken_at(&prepared.original)).flatten();
        let date = date.or(exif_date.as_deref());
        let stem = std::path::Path::new(file_name).file_stem().and_then(|s| s.to_str()).unwrap_or(file_name);
        let caption = caption.map(str::trim).filter(|c| !c.is_empty());
        let title = caption.unwrap_or(stem).to_string();
        // The reader resolves this placeholder to the stored photo, like any clipped `<img>`.
        let source = format!("quire-photo:{}", prepared.hash);
        let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        let figcaption = caption.map(|c| format!("<figcaption>{}</figcaption>", escape(c))).unwrap_or_default();
        let html = format!(
            "<figure><img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\">{figcaption}</figure>",
            escape(&source),
            prepared.width,
            prepared.height,
            escape(&title)
        );
        let url = source_page.map(Url::to_string).unwrap_or_default();
        let text = caption.unwrap_or_default().to_string();
        let id = new_id();
        let at = now();
        self.write(|tx| {
            store(tx, &prepared)?;
            tx.execute(
                "INSERT INTO articles (id, kind, url, title, published_at, saved_at, updated_at, content_html, text,
                     excerpt, word_count)
                 VALUES (?1, 'photo', ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9)",
                params![id, url, title, date, at, html, text, caption, text.split_whitespace().count() as i64],
            )?;
            tx.execute(
                "INSERT INTO article_photos (id, article_id, position, source_url, photo_hash, caption, status, updated_at)
                 VALUES (?1, ?2, 0, ?3, ?4, ?5, 'stored', ?6)",
                params![new_id(), id, source, prepared.hash, caption, at],
            )?;
            Ok(crate::AddOutcome { article: crate::articles::summary(tx, &id)?, created: true, warnings: Vec::new() })
        })
    }

    fn obtain(&self, src: &str, referer: Option<&Url>) -> Obtained {
        let url = match Url::parse(src) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => u,
            Ok(u) => return Obtained::Refused(Refusal::Failed(format!("{}: addresses cannot be fetched", u.scheme()))),
            Err(e) => return Obtained::Refused(Refusal::Failed(format!("invalid address: {e}"))),
        };
        let bytes = match fetch(&url, referer, self.photo_timeout()) {
            Ok(b) => b,
            Err(reason) => return Obtained::Refused(Refusal::Failed(reason)),
        };
        self.obtain_bytes(bytes)
    }

    /// A photo's bytes, known already by their hash (nothing to prepare) or prepared.
    fn obtain_bytes(&self, bytes: Vec<u8>) -> Obtained {
        let hash = blake3::hash(&bytes).to_hex().to_string();
        if self.read(|c| is_complete(c, &hash)).unwrap_or(false) {
            return Obtained::Known(hash);
        }
        match derive::prepare_hashed(bytes, hash, &mut |_| {}) {
            Ok(p) => Obtained::Prepared(p),
            Err(r) => Obtained::Refused(r),
        }
    }
}

fn record(tx: &Connection, row_id: &str, outcome: &Obtained) -> Result<()> {
    let stored = |hash: &str| {
        tx.execute(
            "UPDATE article_photos SET photo_hash = ?2, status = 'stored', failure = NULL, updated_at = ?3 WHERE id = ?1",
            params![row_id, hash, now()],
        )
    };
    match outcome {
        Obtained::Prepared(p) => {
            store(tx, p)?;
            stored(&p.hash)?;
        }
        Obtained::Known(hash) => {
            stored(hash)?;
        }
        Obtained::Refused(refusal) => {
            let status = match refusal {
                Refusal::NotAPhoto(_) => "skipped",
                Refusal::Failed(_) => "failed",
            };
            tx.execute(
                "UPDATE article_photos SET status = ?2, failure = ?3, updated_at = ?4 WHERE id = ?1",
                params![row_id, status, refusal.reason(), now()],
            )?;
        }
    }
    Ok(())
}

/// Points the article's `<img>`s at stored photos (`{base}{hash}`), so the
/// reader never loads from the web. Only exact `src` matches are rewritten.
pub fn rewrite_sources(c: &Connection, article_id: &str, html: &str, base: &str) -> Result<String> {
    Ok(for_reader(c, article_id, html, base)?.0)
}

/// The article's HTML as the reader shows it, and its photos in page order.
/// A stored photo's `<img>` points at `{base}{hash}`; a failed or pending
/// one loses its `src` (the reader never loads from the web) and gains
/// `data-quire-photo="failed|pending"` and `data-quire-photo-index` (its place
/// in the list), so the reader can put a placeholder with the reason and a
/// retry button where it was. Only attributes are rewritten, from exact
/// `src="…"` matches of the already sanitised HTML, and every value written
/// is a hash, a status word or a number: nothing from the web enters markup.
pub fn for_reader(
    c: &Connection,
    article_id: &str,
    html: &str,
    base: &str,
) -> Result<(String, Vec<crate::model::ArticlePhoto>)> {
    use crate::model::{ArticlePhoto, PhotoStatus};
    let mut stmt = c.prepare_cached(
        "SELECT source_url, status, photo_hash, failure, caption FROM article_photos
         WHERE article_id = ?1 ORDER BY position",
    )?;
    let photos: Vec<ArticlePhoto> = stmt
        .query_map([article_id], |r| {
            Ok(ArticlePhoto {
                source_url: r.get(0)?,
                status: PhotoStatus::parse(&r.get::<_, String>(1)?),
                hash: r.get(2)?,
                failure: r.get(3)?,
                caption: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = html.to_string();
    for (i, p) in photos.iter().enumerate() {
        let escaped = p.source_url.replace('&', "&amp;").replace('"', "&quot;");
        let replacement = match (p.status, &p.hash) {
            (PhotoStatus::Stored, Some(hash)) => format!("src=\"{base}{hash}\""),
            (PhotoStatus::Failed, _) => format!("data-quire-photo=\"failed\" data-quire-photo-index=\"{i}\""),
            (PhotoStatus::Pending, _) => format!("data-quire-photo=\"pending\" data-quire-photo-index=\"{i}\""),
            _ => continue,
        };
        out = out.replace(&format!("src=\"{escaped}\""), &replacement);
    }
    Ok((out, photos))
}

// Browser clipping (issue 7): photos whose bytes the browser already had.
impl Library {
    /// The addresses of an article's photos still waiting, in reading order.
    pub fn pending_photo_sources(&self, article_id: &str) -> Result<Vec<String>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT DISTINCT source_url FROM article_photos WHERE article_id = ?1 AND status = 'pending' ORDER BY position",
            )?;
            let rows = stmt.query_map([article_id], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Stores the article's waiting photo at `source_url` from `provided`
    /// bytes (verified exactly like fetched ones), or fetches it when none
    /// were given or they are not a whole photo. Returns whether it is stored.
    pub fn store_photo_from(&self, article_id: &str, source_url: &str, provided: Option<Vec<u8>>) -> Result<bool> {
        let mut outcome = provided.map(|bytes| self.obtain_bytes(bytes));
        if !matches!(outcome, Some(Obtained::Prepared(_) | Obtained::Known(_))) {
            let referer: Option<String> = self.read(|c| {
                Ok(c.query_row("SELECT url FROM articles WHERE id = ?1", [article_id], |r| r.get(0)).optional()?)
            })?;
            let referer = referer.and_then(|u| Url::parse(&u).ok());
            outcome = Some(self.obtain(source_url, referer.as_ref()));
        }
        let Some(outcome) = outcome else { return Ok(false) };
        let stored = matches!(outcome, Obtained::Prepared(_) | Obtained::Known(_));
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT id FROM article_photos WHERE article_id = ?1 AND source_url = ?2 AND status = 'pending'",
            )?;
            let rows: Vec<String> =
                stmt.query_map([article_id, source_url], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for row_id in rows {
                record(tx, &row_id, &outcome)?;
            }
            Ok(())
        })?;
        Ok(stored)
    }
}

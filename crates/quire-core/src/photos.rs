//! Keeping an article's photos in the library, not linked: fetched, verified by
//! decoding under explicit limits, and stored once per distinct content
//! (blake3) however many articles use them.
//!
//! A photo that cannot be had is recorded with its reason; the article is
//! saved regardless. The network and the decoding happen outside any write
//! transaction; each photo's outcome is committed on its own.

use std::io::Cursor;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};
use url::Url;

use crate::error::Result;
use crate::ids::now;
use crate::library::Library;

/// Larger files are not photos worth keeping, and refusing them bounds memory.
pub const MAX_PHOTO_BYTES: u64 = 25 * 1024 * 1024;
/// No real photo is wider or taller; decompression bombs claim far more.
const MAX_SIDE: u32 = 16_384;
/// Decoding memory cap (a 16k × 16k RGBA image would need 1 GiB).
const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;
/// Photos fetched at once for one article: polite to one site, quick for many photos.
const PARALLEL_FETCHES: usize = 4;

/// A fetched and verified photo (bytes, media type, width, height), or why not.
type Obtained = std::result::Result<(Vec<u8>, &'static str, u32, u32), String>;

/// A photo as stored: its content hash and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPhoto {
    pub hash: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// Checks that `bytes` is a whole, decodable photo of sane size; returns its
/// media type and dimensions, or the reason it is not.
pub fn verify(bytes: &[u8]) -> std::result::Result<(&'static str, u32, u32), String> {
    let reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let media_type = match reader.format() {
        Some(image::ImageFormat::Jpeg) => "image/jpeg",
        Some(image::ImageFormat::Png) => "image/png",
        Some(image::ImageFormat::WebP) => "image/webp",
        Some(image::ImageFormat::Gif) => "image/gif",
        _ => return Err("not a JPEG, PNG, WebP or GIF image".into()),
    };
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    let mut reader = reader;
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| format!("the image cannot be decoded: {e}"))?;
    Ok((media_type, decoded.width(), decoded.height()))
}

/// Downloads one photo, with the article's page as referer (many sites refuse
/// hotlinked photos otherwise).
pub fn fetch(url: &Url, referer: Option<&Url>) -> std::result::Result<Vec<u8>, String> {
    let client = crate::fetch::client(Duration::from_secs(60), 5)?;
    let mut req = client.get(url.clone());
    if let Some(r) = referer {
        req = req.header(reqwest::header::REFERER, r.as_str());
    }
    let resp = req.send().map_err(|e| if e.is_timeout() { "timed out".into() } else { e.to_string() })?;
    if !resp.status().is_success() {
        return Err(format!("the server answered {}", resp.status()));
    }
    crate::fetch::read_capped(resp, MAX_PHOTO_BYTES)
}

/// Stores verified photo bytes once, by content; returns the hash.
pub fn store(c: &Connection, bytes: &[u8], media_type: &str, width: u32, height: u32) -> Result<String> {
    let hash = blake3::hash(bytes).to_hex().to_string();
    c.execute(
        "INSERT INTO photos (hash, media_type, width, height, byte_size, data, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (hash) DO NOTHING",
        params![hash, media_type, width, height, bytes.len() as i64, bytes, now()],
    )?;
    Ok(hash)
}

/// One photo by hash, for serving.
pub fn get(c: &Connection, hash: &str) -> Result<Option<StoredPhoto>> {
    Ok(c.query_row("SELECT hash, media_type, data FROM photos WHERE hash = ?1", [hash], |r| {
        Ok(StoredPhoto { hash: r.get(0)?, media_type: r.get(1)?, bytes: r.get(2)? })
    })
    .optional()?)
}

impl Library {
    /// Fetches and stores every photo of the article still waiting, recording
    /// failures with their reason. Returns (stored, failed).
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
        let outcomes: Vec<(String, Obtained)> = std::thread::scope(|scope| {
            pending
                .chunks(PARALLEL_FETCHES)
                .flat_map(|chunk| {
                    let handles: Vec<_> = chunk
                        .iter()
                        .map(|(id, src)| {
                            let referer = referer.clone();
                            scope.spawn(move || (id.clone(), obtain(src, referer.as_ref())))
                        })
                        .collect();
                    handles.into_iter().map(|h| h.join().unwrap_or_else(|_| (String::new(), Err("crashed".into()))))
                })
                .collect()
        });
        let mut stored = 0;
        let mut failed = 0;
        for (row_id, outcome) in outcomes {
            self.write(|tx| {
                match &outcome {
                    Ok((bytes, media_type, w, h)) => {
                        let hash = store(tx, bytes, media_type, *w, *h)?;
                        tx.execute(
                            "UPDATE article_photos SET photo_hash = ?2, status = 'stored', failure = NULL, updated_at = ?3 WHERE id = ?1",
                            params![row_id, hash, now()],
                        )?;
                    }
                    Err(reason) => {
                        tx.execute(
                            "UPDATE article_photos SET status = 'failed', failure = ?2, updated_at = ?3 WHERE id = ?1",
                            params![row_id, reason, now()],
                        )?;
                    }
                }
                Ok(())
            })?;
            if outcome.is_ok() { stored += 1 } else { failed += 1 }
        }
        Ok((stored, failed))
    }

    pub fn photo(&self, hash: &str) -> Result<Option<StoredPhoto>> {
        self.read(|c| get(c, hash))
    }
}

fn obtain(src: &str, referer: Option<&Url>) -> Obtained {
    let url = Url::parse(src).map_err(|e| format!("invalid address: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("{}: addresses cannot be fetched", url.scheme()));
    }
    let bytes = fetch(&url, referer)?;
    let (media_type, w, h) = verify(&bytes)?;
    Ok((bytes, media_type, w, h))
}

/// Points the article's `<img>`s at stored photos (`{base}{hash}`), so the
/// reader never loads from the web. Only exact `src` matches are rewritten.
pub fn rewrite_sources(c: &Connection, article_id: &str, html: &str, base: &str) -> Result<String> {
    let mut stmt = c.prepare_cached(
        "SELECT source_url, photo_hash FROM article_photos WHERE article_id = ?1 AND status = 'stored'",
    )?;
    let pairs: Vec<(String, String)> =
        stmt.query_map([article_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut out = html.to_string();
    for (src, hash) in pairs {
        let escaped = src.replace('&', "&amp;").replace('"', "&quot;");
        out = out.replace(&format!("src=\"{escaped}\""), &format!("src=\"{base}{hash}\""));
    }
    Ok(out)
}

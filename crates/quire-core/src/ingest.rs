//! Saving a page: extract it, then store the article in one transaction.
//!
//! Extraction runs before the write lock is taken, so a slow page never holds
//! up other writers. A page saved again from the same address updates the
//! article already there (keeping its id, state and tags) rather than adding a
//! second copy.

use std::io::Write;

use quire_extract::{Extraction, PageContext, Warning};
use rusqlite::{Connection, OptionalExtension, params};
use url::Url;

use crate::articles;
use crate::error::{Error, Result};
use crate::fetch::Page;
use crate::ids::{new_id, now};
use crate::model::AddOutcome;

/// Bumped when extraction changes enough that stored articles could be re-extracted.
pub const EXTRACTOR_VERSION: u32 = 1;

/// zstd level 3: about 5× on HTML at a few hundred MB/s.
const ORIGINAL_COMPRESSION_LEVEL: i32 = 3;

/// Runs extraction and refuses what is not a web page at all.
pub fn extract_page(page: &Page) -> Result<Extraction> {
    let ctx = PageContext { url: page.url.as_ref(), content_type: page.content_type.as_deref() };
    let extraction = quire_extract::extract(&page.bytes, &ctx);
    let what = page.file_name.as_deref().or(page.url.as_ref().map(Url::as_str)).unwrap_or("the input");
    for w in &extraction.warnings {
        match w {
            Warning::Empty => return Err(Error::NotHtml(format!("{what} is empty"))),
            Warning::NotHtml(why) => return Err(Error::NotHtml(format!("{what} is not a web page: {why}"))),
            _ => {}
        }
    }
    if !has_markup(&page.bytes) {
        return Err(Error::NotHtml(format!("{what} is not a web page: it has no HTML markup")));
    }
    Ok(extraction)
}

/// Whether the bytes contain at least one HTML tag. Plain text files decode
/// "successfully" as HTML, so without this they would be saved as articles.
fn has_markup(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'!'))
}

/// Removes what makes one article look like two: the fragment and tracking parameters.
pub fn normalise_url(url: &Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !(k.starts_with("utm_") || k == "fbclid" || k == "gclid" || k == "mc_cid" || k == "mc_eid"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    url.to_string()
}

/// Stores an extracted page, inserting or updating by canonical address.
pub fn store(c: &Connection, page: &Page, extraction: &Extraction) -> Result<AddOutcome> {
    let a = &extraction.article;
    let at = now();
    // Some sites declare their home page as every page's canonical URL;
    // trusting that would make each new article overwrite the last.
    let declared = a.canonical_url.as_deref().and_then(|u| Url::parse(u).ok()).filter(|u| u.path().len() > 1);
    let canonical = declared.or_else(|| page.url.clone()).map(|u| normalise_url(&u));
    let url = page.url.as_ref().map(Url::to_string).or_else(|| canonical.clone()).unwrap_or_default();
    let title = if a.title.is_empty() { fallback_title(page) } else { a.title.clone() };
    let original = compress(&page.bytes)?;
    let existing: Option<String> = match &canonical {
        Some(cu) => c
            .query_row(
                "SELECT id FROM articles WHERE canonical_url = ?1 AND deleted_at IS NULL ORDER BY saved_at LIMIT 1",
                [cu],
                |r| r.get(0),
            )
            .optional()?,
        None => None,
    };
    let created = existing.is_none();
    let id = existing.unwrap_or_else(new_id);
    let bylines = a.bylines.join("\n");
    if created {
        c.execute(
            "INSERT INTO articles (id, url, canonical_url, title, standfirst, section, bylines, site_name, lang, dir,
                 published_at, modified_at, saved_at, updated_at, content_html, text, excerpt, word_count,
                 reading_minutes, lead_image, original_html, original_content_type, extractor_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
            params![
                id, url, canonical, title, a.standfirst, a.section, bylines, a.site_name, a.lang, a.dir,
                a.published, a.modified, at, a.content_html, a.text, a.excerpt, a.word_count,
                a.reading_minutes, a.lead_image, original, page.content_type, EXTRACTOR_VERSION
            ],
        )?;
    } else {
        // Re-clipping (issue 7): the content being replaced is kept as a version.
        crate::versions::keep_previous(c, &id, &a.content_html, &a.text)?;
        c.execute(
            "UPDATE articles SET url = ?2, title = ?3, standfirst = ?4, section = ?5, bylines = ?6, site_name = ?7,
                 lang = ?8, dir = ?9, published_at = ?10, modified_at = ?11, updated_at = ?12, content_html = ?13,
                 text = ?14, excerpt = ?15, word_count = ?16, reading_minutes = ?17, lead_image = ?18,
                 original_html = ?19, original_content_type = ?20, extractor_version = ?21
             WHERE id = ?1",
            params![
                id,
                url,
                title,
                a.standfirst,
                a.section,
                bylines,
                a.site_name,
                a.lang,
                a.dir,
                a.published,
                a.modified,
                at,
                a.content_html,
                a.text,
                a.excerpt,
                a.word_count,
                a.reading_minutes,
                a.lead_image,
                original,
                page.content_type,
                EXTRACTOR_VERSION
            ],
        )?;
        c.execute("DELETE FROM article_photos WHERE article_id = ?1 AND photo_hash IS NULL", [&id])?;
        // Highlights (issue 6): the text may have changed under them.
        crate::annotations::reanchor_article(c, &id)?;
    }
    record_photos(c, &id, extraction, &at)?;
    Ok(AddOutcome {
        article: articles::summary(c, &id)?,
        created,
        warnings: extraction.warnings.iter().map(ToString::to_string).collect(),
    })
}

/// Records the article's photos, in reading order, as waiting to be fetched.
fn record_photos(c: &Connection, article_id: &str, extraction: &Extraction, at: &str) -> Result<()> {
    let mut stmt = c.prepare_cached(
        "INSERT INTO article_photos (id, article_id, position, source_url, caption, credit, updated_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
         WHERE NOT EXISTS (SELECT 1 FROM article_photos WHERE article_id = ?2 AND source_url = ?4)",
    )?;
    for (position, image) in extraction.article.images.iter().enumerate() {
        stmt.execute(params![new_id(), article_id, position as i64, image.url, image.caption, image.credit, at])?;
    }
    Ok(())
}

fn fallback_title(page: &Page) -> String {
    if let Some(name) = &page.file_name {
        let stem = std::path::Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or(name);
        return stem.to_string();
    }
    page.url.as_ref().map(Url::to_string).unwrap_or_else(|| "Untitled".into())
}

fn compress(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = zstd::Encoder::new(Vec::with_capacity(bytes.len() / 4), ORIGINAL_COMPRESSION_LEVEL)
        .map_err(|e| Error::Invalid(e.to_string()))?;
    encoder.write_all(bytes).map_err(|e| Error::Invalid(e.to_string()))?;
    encoder.finish().map_err(|e| Error::Invalid(e.to_string()))
}

/// The page exactly as it was saved, for re-extraction.
pub fn original_html(c: &Connection, id: &str) -> Result<Option<Vec<u8>>> {
    let blob: Option<Vec<u8>> = c.query_row("SELECT original_html FROM articles WHERE id = ?1", [id], |r| r.get(0))?;
    blob.map(|b| zstd::decode_all(&b[..]).map_err(|e| Error::Invalid(format!("stored original is damaged: {e}"))))
        .transpose()
}

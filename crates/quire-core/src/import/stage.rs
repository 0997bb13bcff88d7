//! Writing an import's items into the library, in small transactions.
//!
//! Every item is written before the import returns: with its content when the
//! file has it, otherwise as a placeholder (title, URL, state, tags, dates;
//! `needs_fetch = 1`) queued in `import_items` for the fetch worker. Items are
//! matched to articles already there by canonical URL or URL, so importing a
//! file twice adds nothing twice. Extraction of content runs before each
//! batch's write lock is taken.

use quire_extract::Extraction;
use rusqlite::{Connection, OptionalExtension, params};
use url::Url;

use super::{Format, ImportItem, ImportedHighlight, ParsedFile, RejectedRow};
use crate::error::Result;
use crate::fetch::Page;
use crate::ids::{new_id, now};
use crate::library::Library;
use crate::{articles, ingest};

/// Items written per transaction: small enough that other writers (the app,
/// the worker) wait milliseconds, large enough that fsyncs do not dominate.
const BATCH: usize = 500;

/// What staging a file did. `imported` counts new articles, of which `queued`
/// wait to be fetched; `updated` were already there and gained something
/// from the file; `duplicates` were already there with all the file says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportSummary {
    pub job_id: String,
    pub format: Option<Format>,
    pub rows: u64,
    pub imported: u64,
    pub updated: u64,
    pub duplicates: u64,
    pub queued: u64,
    pub rejected: Vec<RejectedRow>,
}

enum Outcome {
    Imported { queued: bool },
    Updated,
    Duplicate,
}

/// Writes every item of `parsed` and records the job. `progress` is called
/// with (rows written, rows in all) after each batch.
pub fn stage(
    lib: &Library,
    parsed: ParsedFile,
    source_name: &str,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportSummary> {
    let format = parsed.format.map(Format::as_str).unwrap_or("unknown");
    let rows = (parsed.items.len() + parsed.rejected.len()) as u64;
    let mut summary = ImportSummary {
        job_id: new_id(),
        format: parsed.format,
        rows,
        rejected: parsed.rejected,
        ..Default::default()
    };
    let report: String = summary.rejected.iter().map(|r| format!("row {}: {}\n", r.row, r.reason)).collect();
    lib.write(|tx| {
        tx.execute(
            "INSERT INTO import_jobs (id, source_name, format, total, rejected, state, created_at, report)
             VALUES (?1, ?2, ?3, ?4, ?5, 'staging', ?6, ?7)",
            params![summary.job_id, source_name, format, rows as i64, summary.rejected.len() as i64, now(), report],
        )?;
        Ok(())
    })?;
    let mut done = summary.rejected.len() as u64;
    progress(done, rows);
    for batch in parsed.items.chunks(BATCH) {
        let extracted: Vec<Option<(Page, Extraction)>> = batch.iter().map(extract_content).collect();
        lib.write(|tx| {
            for (item, content) in batch.iter().zip(&extracted) {
                match stage_one(tx, &summary.job_id, item, content.as_ref())? {
                    Outcome::Imported { queued } => {
                        summary.imported += 1;
                        summary.queued += u64::from(queued);
                    }
                    Outcome::Updated => summary.updated += 1,
                    Outcome::Duplicate => summary.duplicates += 1,
                }
            }
            tx.execute(
                "UPDATE import_jobs SET imported = ?2, updated = ?3, duplicates = ?4, queued = ?5 WHERE id = ?1",
                params![
                    summary.job_id,
                    summary.imported as i64,
                    summary.updated as i64,
                    summary.duplicates as i64,
                    summary.queued as i64
                ],
            )?;
            Ok(())
        })?;
        done += batch.len() as u64;
        progress(done, rows);
    }
    lib.write(|tx| super::jobs::settle(tx, &summary.job_id))?;
    Ok(summary)
}

/// The item's content as a page ready to store, when the file has content
/// that extraction accepts; otherwise the item will be fetched.
fn extract_content(item: &ImportItem) -> Option<(Page, Extraction)> {
    let html = item.content_html.as_ref()?;
    let page = Page {
        bytes: html.as_bytes().to_vec(),
        url: Url::parse(&item.url).ok(),
        content_type: Some("text/html; charset=utf-8".into()),
        file_name: None,
    };
    let extraction = ingest::extract_page(&page).ok()?;
    Some((page, extraction))
}

fn stage_one(c: &Connection, job_id: &str, item: &ImportItem, content: Option<&(Page, Extraction)>) -> Result<Outcome> {
    let canonical = Url::parse(&item.url).map(|u| ingest::normalise_url(&u)).unwrap_or_else(|_| item.url.clone());
    let existing: Option<(String, bool)> = c
        .query_row(
            "SELECT id, needs_fetch FROM articles WHERE canonical_url = ?1 AND deleted_at IS NULL
             UNION ALL SELECT id, needs_fetch FROM articles WHERE url = ?2 AND deleted_at IS NULL LIMIT 1",
            params![canonical, item.url],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (article_id, outcome, status) = match existing {
        Some((id, needs_fetch)) => {
            let mut changed = false;
            let mut id = id;
            if needs_fetch && let Some((page, extraction)) = content {
                id = store_into_placeholder(c, &id, page, extraction)?;
                changed = true;
            }
            changed |= merge_metadata(c, &id, item)?;
            (id, if changed { Outcome::Updated } else { Outcome::Duplicate }, "stored")
        }
        None => match content {
            Some((page, extraction)) => {
                let outcome = ingest::store(c, page, extraction)?;
                let id = outcome.article.id;
                apply_new_metadata(c, &id, item)?;
                (id, if outcome.created { Outcome::Imported { queued: false } } else { Outcome::Updated }, "stored")
            }
            None => {
                let id = insert_placeholder(c, item, &canonical)?;
                (id, Outcome::Imported { queued: true }, "pending")
            }
        },
    };
    for h in &item.highlights {
        store_imported_highlight(c, &article_id, h)?;
    }
    c.prepare_cached(
        "INSERT OR REPLACE INTO import_items (job_id, row_number, url, host, article_id, status, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![job_id, item.row as i64, item.url, host_of(&item.url), article_id, status, now()])?;
    Ok(outcome)
}

fn insert_placeholder(c: &Connection, item: &ImportItem, canonical: &str) -> Result<String> {
    let id = new_id();
    let at = now();
    let host = Url::parse(&item.url).ok().and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_string()));
    let title = item.title.clone().unwrap_or_else(|| item.url.clone());
    c.prepare_cached(
        "INSERT INTO articles (id, url, canonical_url, title, site_name, published_at, saved_at, updated_at,
             content_html, text, state, favourite, needs_fetch)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '', '', ?9, ?10, 1)",
    )?
    .execute(params![
        id,
        item.url,
        canonical,
        title,
        host,
        item.published_at,
        item.saved_at.as_deref().unwrap_or(&at),
        at,
        item.state.as_str(),
        item.favourite
    ])?;
    if !item.tags.is_empty() {
        articles::add_tags(c, &id, &item.tags)?;
    }
    Ok(id)
}

/// A new article stored from the file's content takes the file's state,
/// favourite, tags and dates.
fn apply_new_metadata(c: &Connection, id: &str, item: &ImportItem) -> Result<()> {
    c.execute(
        "UPDATE articles SET state = ?2, favourite = ?3, saved_at = coalesce(?4, saved_at),
             published_at = coalesce(published_at, ?5) WHERE id = ?1",
        params![id, item.state.as_str(), item.favourite, item.saved_at, item.published_at],
    )?;
    if !item.tags.is_empty() {
        articles::add_tags(c, id, &item.tags)?;
    }
    Ok(())
}

/// Adds what the file knows and the article lacks (tags, archived, favourite),
/// never taking anything away. Returns whether anything changed.
fn merge_metadata(c: &Connection, id: &str, item: &ImportItem) -> Result<bool> {
    let summary = articles::summary(c, id)?;
    let mut changed = false;
    let missing: Vec<String> =
        item.tags.iter().filter(|t| !summary.tags.iter().any(|h| h.eq_ignore_ascii_case(t))).cloned().collect();
    if !missing.is_empty() {
        articles::add_tags(c, id, &missing)?;
        changed = true;
    }
    let archive = item.state == crate::model::ArticleState::Archived && summary.state != item.state;
    let star = item.favourite && !summary.favourite;
    if archive || star {
        c.execute(
            "UPDATE articles SET state = CASE WHEN ?2 THEN 'archived' ELSE state END,
                 favourite = CASE WHEN ?3 THEN 1 ELSE favourite END, updated_at = ?4 WHERE id = ?1",
            params![id, archive, star, now()],
        )?;
        changed = true;
    }
    Ok(changed)
}

/// Stores a fetched (or file-provided) page into the placeholder `id`, and
/// returns the id of the article that now holds it: the placeholder, or an
/// article already saved under the page's canonical address, into which the
/// placeholder's tags and state are merged before it is tombstoned.
pub(crate) fn store_into_placeholder(c: &Connection, id: &str, page: &Page, extraction: &Extraction) -> Result<String> {
    let declared =
        extraction.article.canonical_url.as_deref().and_then(|u| Url::parse(u).ok()).filter(|u| u.path().len() > 1);
    let Some(canonical) = declared.or_else(|| page.url.clone()).map(|u| ingest::normalise_url(&u)) else {
        return Ok(id.to_string());
    };
    let other: Option<String> = c
        .query_row(
            "SELECT id FROM articles WHERE canonical_url = ?1 AND deleted_at IS NULL AND id != ?2 ORDER BY saved_at LIMIT 1",
            params![canonical, id],
            |r| r.get(0),
        )
        .optional()?;
    if other.is_none() {
        c.execute("UPDATE articles SET canonical_url = ?2 WHERE id = ?1", params![id, canonical])?;
    }
    let stored = ingest::store(c, page, extraction)?.article.id;
    if stored != id {
        let placeholder = articles::summary(c, id)?;
        let item = ImportItem {
            tags: placeholder.tags,
            state: placeholder.state,
            favourite: placeholder.favourite,
            ..Default::default()
        };
        merge_metadata(c, &stored, &item)?;
        c.execute("UPDATE highlights SET article_id = ?2 WHERE article_id = ?1", params![id, stored])?;
        c.execute("UPDATE import_items SET article_id = ?2 WHERE article_id = ?1", params![id, stored])?;
        articles::delete(c, id)?;
    }
    c.execute("UPDATE articles SET needs_fetch = 0 WHERE id = ?1", [&stored])?;
    reanchor_unplaced(c, &stored)?;
    Ok(stored)
}

/// Stores a highlight from an export file in its simplest form: the quote,
/// placed by a plain search of the article's text (character offsets), or at
/// 0..0 when not found (the article is not fetched yet, or the text differs).
/// Issue 6's anchoring replaces this and re-anchors. A quote already stored
/// on the article is not stored again.
pub fn store_imported_highlight(c: &Connection, article_id: &str, h: &ImportedHighlight) -> Result<()> {
    let exists: bool = c.query_row(
        "SELECT EXISTS (SELECT 1 FROM highlights WHERE article_id = ?1 AND exact = ?2 AND deleted_at IS NULL)",
        params![article_id, h.quote],
        |r| r.get(0),
    )?;
    if exists {
        return Ok(());
    }
    let text: String = c.query_row("SELECT text FROM articles WHERE id = ?1", [article_id], |r| r.get(0))?;
    let (start, end, prefix, suffix) = place(&text, &h.quote);
    let at = now();
    c.execute(
        "INSERT INTO highlights (id, article_id, exact, prefix, suffix, start_pos, end_pos, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![new_id(), article_id, h.quote, prefix, suffix, start, end, h.note, at],
    )?;
    Ok(())
}

/// Where `quote` is in `text`, in characters, with up to 32 characters of
/// context either side; 0..0 and no context when it is not there.
fn place(text: &str, quote: &str) -> (i64, i64, String, String) {
    match text.find(quote) {
        Some(byte) if !quote.is_empty() => {
            let start = text[..byte].chars().count();
            let end = start + quote.chars().count();
            let before: Vec<char> = text[..byte].chars().collect();
            let prefix: String = before[before.len().saturating_sub(32)..].iter().collect();
            let suffix: String = text[byte + quote.len()..].chars().take(32).collect();
            (start as i64, end as i64, prefix, suffix)
        }
        _ => (0, 0, String::new(), String::new()),
    }
}

/// Places the article's imported highlights that were stored before its text
/// was there (0..0), now that it has been fetched.
fn reanchor_unplaced(c: &Connection, article_id: &str) -> Result<()> {
    let text: String = c.query_row("SELECT text FROM articles WHERE id = ?1", [article_id], |r| r.get(0))?;
    let unplaced: Vec<(String, String)> = c
        .prepare("SELECT id, exact FROM highlights WHERE article_id = ?1 AND start_pos = 0 AND end_pos = 0")?
        .query_map([article_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, exact) in unplaced {
        let (start, end, prefix, suffix) = place(&text, &exact);
        if end > 0 {
            c.execute(
                "UPDATE highlights SET start_pos = ?2, end_pos = ?3, prefix = ?4, suffix = ?5, updated_at = ?6 WHERE id = ?1",
                params![id, start, end, prefix, suffix, now()],
            )?;
        }
    }
    Ok(())
}

/// The host politeness is counted per (`www.` and case aside).
pub(crate) fn host_of(url: &str) -> String {
    Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_lowercase()))
        .unwrap_or_default()
}

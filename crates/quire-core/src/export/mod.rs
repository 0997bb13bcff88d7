//! Exporting highlights and notes (issue 6): Markdown for Obsidian, Readwise
//! CSV, W3C Web Annotation JSON-LD, and a standalone HTML page per article.
//!
//! One file (`readwise-csv`, `w3c-jsonld`) or a folder of files, one per
//! article (`markdown`, `html`), with the article's photos beside the
//! Markdown and inside the HTML. An export covers one article, the whole
//! library, or a selection of highlights and page notes picked one by one
//! ([`gather_selection`]); as one file's text, several articles' Markdown is a
//! digest (a section per article) and their HTML one page. Exports read one consistent snapshot of the
//! library (one read call) and are written only after the whole text is
//! made, so a failed export leaves no half-written file behind it.

mod html;
mod jsonld;
pub(crate) mod markdown;
mod readwise;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};

use crate::annotation_model::{ExportFormat, ExportSelection, Highlight, Note};
use crate::annotations::{highlights_of, notes_of};
use crate::articles::{self, resolve_id};
use crate::error::{Error, Result};
use crate::model::ArticleSummary;
use crate::photos::{self, PhotoSize};

pub use jsonld::CONTEXT as JSONLD_CONTEXT;

/// One article with what a person wrote on it.
#[derive(Debug, Clone)]
pub struct AnnotatedArticle {
    pub summary: ArticleSummary,
    pub canonical_url: Option<String>,
    pub highlights: Vec<Highlight>,
    pub notes: Vec<Note>,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exported {
    pub articles: usize,
    pub highlights: usize,
    pub notes: usize,
    pub files: Vec<PathBuf>,
}

/// One article, by id or prefix, with its highlights and notes.
pub fn annotated(c: &Connection, given: &str) -> Result<AnnotatedArticle> {
    let id = resolve_id(c, given, false)?;
    annotated_by_id(c, &id, highlights_of(c, &id)?, notes_of(c, &id)?)
}

fn annotated_by_id(c: &Connection, id: &str, highlights: Vec<Highlight>, notes: Vec<Note>) -> Result<AnnotatedArticle> {
    let canonical_url = c.query_row("SELECT canonical_url FROM articles WHERE id = ?1", [id], |r| r.get(0))?;
    Ok(AnnotatedArticle { summary: articles::summary(c, id)?, canonical_url, highlights, notes })
}

/// Every live article that has a live highlight or note, oldest saved first.
pub fn annotated_library(c: &Connection) -> Result<Vec<AnnotatedArticle>> {
    let mut by_article: HashMap<String, (Vec<Highlight>, Vec<Note>)> = HashMap::new();
    let ids: Vec<String> = {
        let mut stmt = c.prepare(
            "SELECT a.id FROM articles a WHERE a.deleted_at IS NULL AND (
                 EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id AND h.deleted_at IS NULL)
                 OR EXISTS (SELECT 1 FROM notes n WHERE n.article_id = a.id AND n.deleted_at IS NULL))
             ORDER BY a.saved_at, a.rowid",
        )?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
    for h in crate::annotations::all_live_highlights(c)? {
        by_article.entry(h.article_id.clone()).or_default().0.push(h);
    }
    for n in crate::annotations::all_live_notes(c)? {
        by_article.entry(n.article_id.clone()).or_default().1.push(n);
    }
    ids.into_iter()
        .map(|id| {
            let (highlights, notes) = by_article.remove(&id).unwrap_or_default();
            annotated_by_id(c, &id, highlights, notes)
        })
        .collect()
}

/// The articles an export covers: one, or all annotated ones.
pub fn gather(c: &Connection, article: Option<&str>) -> Result<Vec<AnnotatedArticle>> {
    match article {
        Some(given) => Ok(vec![annotated(c, given)?]),
        None => annotated_library(c),
    }
}

/// The articles of a selection, each with only the chosen highlights and
/// notes: oldest saved first, highlights in reading order, as
/// [`annotated_library`] orders them. An unknown or deleted id (or one on a
/// deleted article) is an error, never silently left out of the export.
pub fn gather_selection(c: &Connection, selection: &ExportSelection) -> Result<Vec<AnnotatedArticle>> {
    if selection.highlights.is_empty() && selection.notes.is_empty() {
        return Err(Error::Invalid("choose at least one highlight or note to export".into()));
    }
    let mut by_article: HashMap<String, (Vec<Highlight>, Vec<Note>)> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    for id in &selection.highlights {
        let h = crate::annotations::highlight(c, id.trim())?;
        if seen.insert(h.id.clone()) {
            by_article.entry(h.article_id.clone()).or_default().0.push(h);
        }
    }
    for id in &selection.notes {
        let n = crate::annotations::note(c, id.trim())?;
        if seen.insert(n.id.clone()) {
            by_article.entry(n.article_id.clone()).or_default().1.push(n);
        }
    }
    let mut order: Vec<(String, i64, String)> = Vec::with_capacity(by_article.len());
    for id in by_article.keys() {
        let live: Option<(String, i64)> = c
            .query_row("SELECT saved_at, rowid FROM articles WHERE id = ?1 AND deleted_at IS NULL", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let (saved_at, rowid) = live.ok_or_else(|| Error::NotFound(id.clone()))?;
        order.push((saved_at, rowid, id.clone()));
    }
    order.sort();
    order
        .into_iter()
        .map(|(_, _, id)| {
            let (mut highlights, mut notes) = by_article.remove(&id).unwrap_or_default();
            highlights.sort_by(|a, b| {
                (a.orphan, a.start, a.end, &a.created_at).cmp(&(b.orphan, b.start, b.end, &b.created_at))
            });
            notes.sort_by(|a, b| a.created_at.cmp(&b.created_at));
            annotated_by_id(c, &id, highlights, notes)
        })
        .collect()
}

/// The article's address as exported: canonical when known.
fn address(a: &AnnotatedArticle) -> &str {
    a.canonical_url.as_deref().filter(|u| !u.is_empty()).unwrap_or(&a.summary.url)
}

/// Articles as one file's text. Markdown leaves photos out here (they are
/// files beside it in a folder export); for several articles Markdown is one
/// digest and HTML one page with an `<article>` each (a folder export writes
/// one file per article instead).
pub fn to_text(c: &Connection, format: ExportFormat, articles: &[AnnotatedArticle]) -> Result<String> {
    match (format, articles) {
        (ExportFormat::ReadwiseCsv, _) => readwise::write(articles),
        (ExportFormat::W3cJsonld, _) => Ok(jsonld::write(articles)),
        (_, []) => Err(Error::Invalid(format!("nothing to export as {}", format.as_str()))),
        (ExportFormat::Markdown, [one]) => Ok(markdown::write(one, &[])),
        (ExportFormat::Markdown, several) => Ok(markdown::digest(several)),
        (ExportFormat::Html, several) => html::page(c, several),
    }
}

/// A file name for an article: its title made safe, unique within `used`.
fn file_stem(a: &AnnotatedArticle, used: &mut std::collections::HashSet<String>) -> String {
    let mut stem: String = a
        .summary
        .title
        .chars()
        .map(|c| if c.is_alphanumeric() || c == ' ' || c == '-' { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    stem = stem.chars().take(80).collect::<String>().trim().to_string();
    if stem.is_empty() {
        stem = "Untitled".into();
    }
    if !used.insert(stem.to_lowercase()) {
        stem = format!("{stem} {}", &a.summary.id[a.summary.id.len().saturating_sub(8)..]);
        used.insert(stem.to_lowercase());
    }
    stem
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// Writes `text` to `path` through a temporary file in the same folder, so a
/// failure never leaves a truncated file where the export should be.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("quire-partial");
    std::fs::write(&tmp, bytes).map_err(io_error(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io_error(path))
}

fn extension(media_type: &str) -> &'static str {
    match media_type {
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => "jpg",
    }
}

/// The article's stored photos, in reading order: (hash, caption).
fn stored_photos(c: &Connection, article_id: &str) -> Result<Vec<(String, Option<String>)>> {
    let mut stmt = c.prepare_cached(
        "SELECT photo_hash, caption FROM article_photos
         WHERE article_id = ?1 AND status = 'stored' AND photo_hash IS NOT NULL ORDER BY position",
    )?;
    let rows = stmt.query_map([article_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A stored photo at display size (the original when no display size is made).
fn display_photo(c: &Connection, hash: &str) -> Result<Option<photos::StoredPhoto>> {
    match photos::get(c, hash, PhotoSize::Display)? {
        Some(p) => Ok(Some(p)),
        None => photos::get(c, hash, PhotoSize::Original),
    }
}

/// Writes the export to `dest`: a file for `readwise-csv` and `w3c-jsonld`,
/// a folder (created if absent) of one file per article for `markdown` and
/// `html`, Markdown's photos in its `assets/` subfolder.
pub fn to_path(c: &Connection, format: ExportFormat, article: Option<&str>, dest: &Path) -> Result<Exported> {
    write_articles(c, format, &gather(c, article)?, dest)
}

/// Writes gathered articles to `dest` as [`to_path`] describes.
pub fn write_articles(
    c: &Connection,
    format: ExportFormat,
    articles: &[AnnotatedArticle],
    dest: &Path,
) -> Result<Exported> {
    let mut done = Exported {
        articles: articles.len(),
        highlights: articles.iter().map(|a| a.highlights.len()).sum(),
        notes: articles.iter().map(|a| a.notes.len()).sum(),
        files: Vec::new(),
    };
    match format {
        ExportFormat::ReadwiseCsv | ExportFormat::W3cJsonld => {
            if dest.is_dir() {
                return Err(Error::Invalid(format!(
                    "{} is a folder; {} writes one file: give its name",
                    dest.display(),
                    format.as_str()
                )));
            }
            write_file(dest, to_text(c, format, articles)?.as_bytes())?;
            done.files.push(dest.to_path_buf());
        }
        ExportFormat::Markdown | ExportFormat::Html => {
            if dest.is_file() {
                return Err(Error::Invalid(format!(
                    "{} is a file; {} writes a folder of files",
                    dest.display(),
                    format.as_str()
                )));
            }
            std::fs::create_dir_all(dest).map_err(io_error(dest))?;
            let mut used = std::collections::HashSet::new();
            for a in articles {
                let stem = file_stem(a, &mut used);
                let (name, bytes) = if format == ExportFormat::Markdown {
                    let mut links = Vec::new();
                    for (hash, caption) in stored_photos(c, &a.summary.id)? {
                        let Some(photo) = display_photo(c, &hash)? else { continue };
                        let file = format!("{hash}.{}", extension(&photo.media_type));
                        let assets = dest.join("assets");
                        std::fs::create_dir_all(&assets).map_err(io_error(&assets))?;
                        let path = assets.join(&file);
                        if !path.exists() {
                            write_file(&path, &photo.bytes)?;
                        }
                        links.push((format!("assets/{file}"), caption));
                    }
                    (format!("{stem}.md"), markdown::write(a, &links).into_bytes())
                } else {
                    (format!("{stem}.html"), html::page(c, std::slice::from_ref(a))?.into_bytes())
                };
                let path = dest.join(name);
                write_file(&path, &bytes)?;
                done.files.push(path);
            }
        }
    }
    Ok(done)
}

impl crate::Library {
    /// One article's highlights and notes as one file's text.
    pub fn export_article_text(&self, article: &str, format: ExportFormat) -> Result<String> {
        self.read(|c| {
            let a = annotated(c, article)?;
            to_text(c, format, std::slice::from_ref(&a))
        })
    }

    /// The whole library's highlights and notes as one file's text
    /// (`readwise-csv` or `w3c-jsonld`).
    pub fn export_library_text(&self, format: ExportFormat) -> Result<String> {
        self.read(|c| to_text(c, format, &annotated_library(c)?))
    }

    /// Writes an export of one article or of the library to `dest`.
    pub fn export_to(&self, format: ExportFormat, article: Option<&str>, dest: &Path) -> Result<Exported> {
        self.read(|c| to_path(c, format, article, dest))
    }

    /// The chosen highlights and notes as one file's text.
    pub fn export_selection_text(&self, format: ExportFormat, selection: &ExportSelection) -> Result<String> {
        self.read(|c| to_text(c, format, &gather_selection(c, selection)?))
    }

    /// Writes an export of the chosen highlights and notes to `dest` (a file or a folder, as [`to_path`]).
    pub fn export_selection_to(
        &self,
        format: ExportFormat,
        selection: &ExportSelection,
        dest: &Path,
    ) -> Result<Exported> {
        self.read(|c| write_articles(c, format, &gather_selection(c, selection)?, dest))
    }
}

//! Highlights and page notes: storing them, listing them, and keeping them on
//! their passages when an article's text changes (issue 6).
//!
//! Every function takes a connection so callers choose the transaction;
//! [`crate::Library`] offers them as methods. Rows are tombstoned, never
//! erased, and carry `updated_at`, like all user data. Positions are code
//! points over the article's anchor text ([`quire_extract::anchor_text`]);
//! [`reanchor_article`] runs inside the transaction that changes an article's
//! text, so highlights are never out of step with the text they mark.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::anchoring::{self, Selectors};
use crate::annotation_model::*;
use crate::articles::resolve_id;
use crate::error::{Error, Result};
use crate::ids::{new_id, now};
use crate::note_html::note_html;
use crate::search::{fts_expression, marked_snippet};

/// Library-wide listings are for people; past this nobody reads on.
const MAX_LISTED: u32 = 1000;
const DEFAULT_LISTED: u32 = 100;

const HIGHLIGHT_COLUMNS: &str = "h.id, h.article_id, h.exact, h.prefix, h.suffix, h.start_pos, h.end_pos, h.color, \
     h.note, h.orphan, h.created_at, h.updated_at, \
     (SELECT group_concat(t.name, char(10) ORDER BY t.name COLLATE NOCASE) FROM highlight_tags ht \
      JOIN tags t ON t.id = ht.tag_id WHERE ht.highlight_id = h.id AND ht.deleted_at IS NULL)";

/// A highlight row with its note rendered as HTML, for display.
fn highlight_from_row(r: &Row<'_>) -> rusqlite::Result<Highlight> {
    let mut h = stored_highlight(r)?;
    h.note_html = h.note.as_deref().map(note_html);
    Ok(h)
}

/// A highlight row as stored, `note_html` left out: exports read tens of
/// thousands and render only what their format needs.
fn stored_highlight(r: &Row<'_>) -> rusqlite::Result<Highlight> {
    let color: String = r.get(7)?;
    let tags: Option<String> = r.get(12)?;
    Ok(Highlight {
        id: r.get(0)?,
        article_id: r.get(1)?,
        exact: r.get(2)?,
        prefix: r.get(3)?,
        suffix: r.get(4)?,
        start: r.get(5)?,
        end: r.get(6)?,
        color: HighlightColor::parse(&color).unwrap_or_default(),
        note: r.get(8)?,
        note_html: None,
        orphan: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
        tags: tags.map(|t| t.lines().map(str::to_owned).collect()).unwrap_or_default(),
    })
}

/// A page note row with its body rendered as HTML, for display.
fn note_from_row(r: &Row<'_>) -> rusqlite::Result<Note> {
    let mut n = stored_note(r)?;
    n.body_html = note_html(&n.body);
    Ok(n)
}

/// A page note row as stored, `body_html` left empty (see [`stored_highlight`]).
fn stored_note(r: &Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        article_id: r.get(1)?,
        body: r.get(2)?,
        body_html: String::new(),
        created_at: r.get(3)?,
        updated_at: r.get(4)?,
    })
}

/// The article's anchor text, as code points.
pub fn anchor_text(c: &Connection, article_id: &str) -> Result<Vec<char>> {
    let html: String = c
        .query_row("SELECT content_html FROM articles WHERE id = ?1", [article_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound(article_id.to_string()))?;
    Ok(anchoring::chars(&quire_extract::anchor_text(&html)))
}

pub fn highlight(c: &Connection, id: &str) -> Result<Highlight> {
    c.prepare_cached(&format!("SELECT {HIGHLIGHT_COLUMNS} FROM highlights h WHERE h.id = ?1 AND h.deleted_at IS NULL"))?
        .query_row([id], highlight_from_row)
        .optional()?
        .ok_or_else(|| Error::AnnotationNotFound { kind: "highlight", id: id.to_string() })
}

pub fn note(c: &Connection, id: &str) -> Result<Note> {
    c.prepare_cached(
        "SELECT id, article_id, body, created_at, updated_at FROM notes WHERE id = ?1 AND deleted_at IS NULL",
    )?
    .query_row([id], note_from_row)
    .optional()?
    .ok_or_else(|| Error::AnnotationNotFound { kind: "note", id: id.to_string() })
}

/// The live highlights of one article (by id), reading order, orphans last.
pub fn highlights_of(c: &Connection, article_id: &str) -> Result<Vec<Highlight>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {HIGHLIGHT_COLUMNS} FROM highlights h WHERE h.article_id = ?1 AND h.deleted_at IS NULL
         ORDER BY h.orphan, h.start_pos, h.end_pos, h.created_at"
    ))?;
    let rows = stmt.query_map([article_id], highlight_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The live page notes of one article (by id), oldest first.
pub fn notes_of(c: &Connection, article_id: &str) -> Result<Vec<Note>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, article_id, body, created_at, updated_at FROM notes
         WHERE article_id = ?1 AND deleted_at IS NULL ORDER BY created_at, rowid",
    )?;
    let rows = stmt.query_map([article_id], note_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn article_annotations(c: &Connection, given: &str) -> Result<ArticleAnnotations> {
    let id = resolve_id(c, given, false)?;
    Ok(ArticleAnnotations { highlights: highlights_of(c, &id)?, notes: notes_of(c, &id)? })
}

/// Where a new highlight goes: its position when the quote is there, else
/// where the quote is found with its context; refused when neither.
fn place(text: &[char], anchor: &Anchor) -> Result<(usize, usize)> {
    if anchor.exact.trim().is_empty() {
        return Err(Error::InvalidHighlight("the highlighted text is empty".into()));
    }
    let (start, end) = (anchor.start as usize, anchor.end as usize);
    if start >= end || end > text.len() {
        return Err(Error::InvalidHighlight(format!(
            "the range {start}..{end} is outside the article's text ({} characters)",
            text.len()
        )));
    }
    let sel = Selectors { exact: &anchor.exact, prefix: &anchor.prefix, suffix: &anchor.suffix, start, end };
    anchoring::anchor(text, &sel).ok_or_else(|| {
        Error::InvalidHighlight(format!("the text {:?} is not in the article at {start}..{end}", anchor.exact))
    })
}

fn clean_note(note: Option<&str>) -> Option<String> {
    note.map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned)
}

/// Adds a highlight to an article. The stored quote and context are taken
/// from the article's text at the placed range, so they always agree with it.
pub fn add_highlight(c: &Connection, given: &str, new: &NewHighlight) -> Result<Highlight> {
    let article_id = resolve_id(c, given, false)?;
    let text = anchor_text(c, &article_id)?;
    let anchor = Anchor {
        exact: new.exact.clone(),
        prefix: new.prefix.clone(),
        suffix: new.suffix.clone(),
        start: new.start,
        end: new.end,
    };
    let (start, end) = place(&text, &anchor)?;
    insert_highlight(c, &article_id, &text, (start, end), new.color, new.note.as_deref(), &new.tags, None)
}

/// Inserts a highlight at `start..end` of `text` (already placed), or an
/// orphan with the given selectors when `orphan` is given.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_highlight(
    c: &Connection,
    article_id: &str,
    text: &[char],
    (start, end): (usize, usize),
    color: HighlightColor,
    note: Option<&str>,
    tags: &[String],
    orphan: Option<&Anchor>,
) -> Result<Highlight> {
    let id = new_id();
    let at = now();
    let (exact, prefix, suffix, start, end) = match orphan {
        Some(a) => (a.exact.clone(), a.prefix.clone(), a.suffix.clone(), a.start as usize, a.end as usize),
        None => {
            let (prefix, suffix) = anchoring::context(text, start, end);
            (text[start..end].iter().collect(), prefix, suffix, start, end)
        }
    };
    c.execute(
        "INSERT INTO highlights (id, article_id, exact, prefix, suffix, start_pos, end_pos, color, note, orphan,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            id,
            article_id,
            exact,
            prefix,
            suffix,
            start as i64,
            end as i64,
            color.as_str(),
            clean_note(note),
            orphan.is_some(),
            at
        ],
    )?;
    set_highlight_tags(c, &id, tags, &at)?;
    highlight(c, &id)
}

fn set_highlight_tags(c: &Connection, highlight_id: &str, tags: &[String], at: &str) -> Result<()> {
    let mut wanted: Vec<String> = tags.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
    wanted.sort_by_key(|t| t.to_lowercase());
    wanted.dedup_by_key(|t| t.to_lowercase());
    c.execute(
        "UPDATE highlight_tags SET deleted_at = ?2, updated_at = ?2 WHERE highlight_id = ?1 AND deleted_at IS NULL",
        params![highlight_id, at],
    )?;
    for name in &wanted {
        let tag_id = crate::articles::tag_id(c, name, at)?;
        c.execute(
            "INSERT INTO highlight_tags (highlight_id, tag_id, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (highlight_id, tag_id) DO UPDATE SET deleted_at = NULL, updated_at = excluded.updated_at",
            params![highlight_id, tag_id, at],
        )?;
    }
    Ok(())
}

pub fn update_highlight(c: &Connection, id: &str, patch: &HighlightPatch) -> Result<Highlight> {
    let current = highlight(c, id)?;
    let at = now();
    if let Some(anchor) = &patch.reattach {
        let text = anchor_text(c, &current.article_id)?;
        let (start, end) = place(&text, anchor)?;
        let (prefix, suffix) = anchoring::context(&text, start, end);
        let exact: String = text[start..end].iter().collect();
        c.execute(
            "UPDATE highlights SET exact = ?2, prefix = ?3, suffix = ?4, start_pos = ?5, end_pos = ?6, orphan = 0,
                 updated_at = ?7 WHERE id = ?1",
            params![id, exact, prefix, suffix, start as i64, end as i64, at],
        )?;
    }
    if let Some(color) = patch.color {
        c.execute("UPDATE highlights SET color = ?2, updated_at = ?3 WHERE id = ?1", params![id, color.as_str(), at])?;
    }
    if let Some(note) = &patch.note {
        c.execute(
            "UPDATE highlights SET note = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, clean_note(Some(note)), at],
        )?;
    }
    if let Some(tags) = &patch.tags {
        set_highlight_tags(c, id, tags, &at)?;
        c.execute("UPDATE highlights SET updated_at = ?2 WHERE id = ?1", params![id, at])?;
    }
    highlight(c, id)
}

/// Tombstones a highlight (and its tag links).
pub fn delete_highlight(c: &Connection, id: &str) -> Result<()> {
    highlight(c, id)?;
    let at = now();
    c.execute("UPDATE highlights SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1", params![id, at])?;
    c.execute(
        "UPDATE highlight_tags SET deleted_at = ?2, updated_at = ?2 WHERE highlight_id = ?1 AND deleted_at IS NULL",
        params![id, at],
    )?;
    Ok(())
}

fn check_body(body: &str) -> Result<&str> {
    let body = body.trim();
    if body.is_empty() { Err(Error::Invalid("a note cannot be empty".into())) } else { Ok(body) }
}

pub fn add_note(c: &Connection, given: &str, new: &NewNote) -> Result<Note> {
    let article_id = resolve_id(c, given, false)?;
    let body = check_body(&new.body)?;
    let id = new_id();
    c.execute(
        "INSERT INTO notes (id, article_id, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id, article_id, body, now()],
    )?;
    note(c, &id)
}

pub fn update_note(c: &Connection, id: &str, patch: &NotePatch) -> Result<Note> {
    note(c, id)?;
    let body = check_body(&patch.body)?;
    c.execute("UPDATE notes SET body = ?2, updated_at = ?3 WHERE id = ?1", params![id, body, now()])?;
    note(c, id)
}

pub fn delete_note(c: &Connection, id: &str) -> Result<()> {
    note(c, id)?;
    c.execute("UPDATE notes SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1", params![id, now()])?;
    Ok(())
}

/// What re-anchoring an article's highlights did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reanchored {
    /// Found where they were.
    pub kept: usize,
    /// Found elsewhere, or changed a little; now pointing at the new text.
    pub moved: usize,
    /// Not found: kept with their last known selectors, flagged `orphan`.
    pub orphaned: usize,
}

/// Re-anchors every live highlight of an article in its current text (after
/// re-extraction or a re-clip). Run it in the transaction that changed the text.
pub fn reanchor_article(c: &Connection, article_id: &str) -> Result<Reanchored> {
    let text = anchor_text(c, article_id)?;
    let mut done = Reanchored::default();
    let at = now();
    for h in highlights_of(c, article_id)? {
        let sel = Selectors {
            exact: &h.exact,
            prefix: &h.prefix,
            suffix: &h.suffix,
            start: h.start as usize,
            end: h.end as usize,
        };
        match anchoring::anchor(&text, &sel) {
            Some((s, e)) if s == h.start as usize && e == h.end as usize && !h.orphan => {
                let (prefix, suffix) = anchoring::context(&text, s, e);
                if prefix != h.prefix || suffix != h.suffix {
                    c.execute(
                        "UPDATE highlights SET prefix = ?2, suffix = ?3, updated_at = ?4 WHERE id = ?1",
                        params![h.id, prefix, suffix, at],
                    )?;
                }
                done.kept += 1;
            }
            Some((s, e)) => {
                let (prefix, suffix) = anchoring::context(&text, s, e);
                let exact: String = text[s..e].iter().collect();
                c.execute(
                    "UPDATE highlights SET exact = ?2, prefix = ?3, suffix = ?4, start_pos = ?5, end_pos = ?6,
                         orphan = 0, updated_at = ?7 WHERE id = ?1",
                    params![h.id, exact, prefix, suffix, s as i64, e as i64, at],
                )?;
                done.moved += 1;
            }
            None => {
                if !h.orphan {
                    c.execute("UPDATE highlights SET orphan = 1, updated_at = ?2 WHERE id = ?1", params![h.id, at])?;
                }
                done.orphaned += 1;
            }
        }
    }
    Ok(done)
}

/// Highlights across the library, filtered, searched and ordered as asked.
pub fn library_highlights(c: &Connection, q: &HighlightQuery) -> Result<Vec<LibraryHighlight>> {
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    let mut joins = String::new();
    let mut filters = String::new();
    let searched = match q.q.as_deref().map(fts_expression) {
        Some(None) => return Ok(Vec::new()),
        Some(Some(expr)) => {
            args.push(Box::new(expr));
            joins +=
                &format!(" JOIN annotations_fts f ON f.rowid = 2 * h.rowid AND annotations_fts MATCH ?{}", args.len());
            true
        }
        None => false,
    };
    if let Some(color) = q.color {
        args.push(Box::new(color.as_str()));
        filters += &format!(" AND h.color = ?{}", args.len());
    }
    if let Some(tag) = q.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        args.push(Box::new(tag.to_owned()));
        filters += &format!(
            " AND EXISTS (SELECT 1 FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id
               WHERE ht.highlight_id = h.id AND ht.deleted_at IS NULL AND t.name = ?{} COLLATE NOCASE)",
            args.len()
        );
    }
    if let Some(article) = q.article.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        args.push(Box::new(resolve_id(c, article, false)?));
        filters += &format!(" AND h.article_id = ?{}", args.len());
    }
    let order = match q.sort.unwrap_or_default() {
        HighlightSort::Date => "h.created_at DESC, h.rowid DESC",
        HighlightSort::Article => "a.saved_at DESC, a.id, h.orphan, h.start_pos, h.end_pos",
    };
    let snippet = if searched { "snippet(annotations_fts, -1, char(1), char(2), '…', 24)" } else { "NULL" };
    args.push(Box::new(i64::from(q.limit.unwrap_or(DEFAULT_LISTED).min(MAX_LISTED))));
    args.push(Box::new(i64::from(q.offset.unwrap_or(0))));
    let sql = format!(
        "SELECT {HIGHLIGHT_COLUMNS}, a.title, a.url, {snippet}
         FROM highlights h JOIN articles a ON a.id = h.article_id AND a.deleted_at IS NULL{joins}
         WHERE h.deleted_at IS NULL{filters}
         ORDER BY {order} LIMIT ?{} OFFSET ?{}",
        args.len() - 1,
        args.len()
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
        let snippet: Option<String> = r.get(15)?;
        Ok(LibraryHighlight {
            highlight: highlight_from_row(r)?,
            article_title: r.get(13)?,
            article_url: r.get(14)?,
            snippet: snippet.map(|s| marked_snippet(&s)),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Highlights and page notes across the library, filtered, searched and
/// ordered as asked: the library-wide annotation view. Both come from one
/// `UNION ALL` so that paging and ordering span them; a search joins
/// `annotations_fts` by its rowid (`2 * rowid` for a highlight, `2 * rowid + 1`
/// for a note, see the schema). By article, an article's page notes come
/// before its highlights, which follow in reading order.
pub fn library_annotations(c: &Connection, q: &AnnotationQuery) -> Result<Vec<LibraryAnnotation>> {
    let tag = q.tag.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let highlights = q.kind != Some(AnnotationKind::Note);
    let notes = q.kind != Some(AnnotationKind::Highlight) && q.color.is_none() && tag.is_none();
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    let mut parts = Vec::new();
    if highlights {
        let mut filters = String::new();
        if let Some(color) = q.color {
            args.push(Box::new(color.as_str()));
            filters += &format!(" AND h.color = ?{}", args.len());
        }
        if let Some(tag) = tag {
            args.push(Box::new(tag.to_owned()));
            filters += &format!(
                " AND EXISTS (SELECT 1 FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id
                   WHERE ht.highlight_id = h.id AND ht.deleted_at IS NULL AND t.name = ?{} COLLATE NOCASE)",
                args.len()
            );
        }
        parts.push(format!(
            "SELECT 'highlight' AS kind, h.id AS id, h.article_id AS article_id, 2 * h.rowid AS fts_rowid,
                    h.created_at AS created_at, h.rowid AS seq, 1 AS part, h.orphan AS orphan,
                    h.start_pos AS start_pos, h.end_pos AS end_pos
             FROM highlights h WHERE h.deleted_at IS NULL{filters}"
        ));
    }
    if notes {
        parts.push(
            "SELECT 'note' AS kind, n.id AS id, n.article_id AS article_id, 2 * n.rowid + 1 AS fts_rowid,
                    n.created_at AS created_at, n.rowid AS seq, 0 AS part, 0 AS orphan, 0 AS start_pos, 0 AS end_pos
             FROM notes n WHERE n.deleted_at IS NULL"
                .to_string(),
        );
    }
    if parts.is_empty() {
        return Ok(Vec::new());
    }
    let mut filters = String::new();
    if let Some(article) = q.article.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        args.push(Box::new(resolve_id(c, article, false)?));
        filters += &format!(" AND x.article_id = ?{}", args.len());
    }
    let (search_join, snippet) = match q.q.as_deref().map(fts_expression) {
        Some(None) => return Ok(Vec::new()),
        Some(Some(expr)) => {
            args.push(Box::new(expr));
            (
                format!(
                    " JOIN (SELECT rowid AS fts_rowid, snippet(annotations_fts, -1, char(1), char(2), '…', 24) AS snippet
                       FROM annotations_fts WHERE annotations_fts MATCH ?{}) f ON f.fts_rowid = x.fts_rowid",
                    args.len()
                ),
                "f.snippet",
            )
        }
        None => (String::new(), "NULL"),
    };
    let order = match q.sort.unwrap_or_default() {
        HighlightSort::Date => "x.created_at DESC, x.part DESC, x.seq DESC",
        HighlightSort::Article => {
            "a.saved_at DESC, a.id, x.part, x.orphan, x.start_pos, x.end_pos, x.created_at, x.seq"
        }
    };
    args.push(Box::new(i64::from(q.limit.unwrap_or(DEFAULT_LISTED).min(MAX_LISTED))));
    args.push(Box::new(i64::from(q.offset.unwrap_or(0))));
    let sql = format!(
        "SELECT x.kind, x.id, a.title, a.url, {snippet}
         FROM ({union}) x JOIN articles a ON a.id = x.article_id AND a.deleted_at IS NULL{search_join}
         WHERE 1{filters}
         ORDER BY {order} LIMIT ?{} OFFSET ?{}",
        args.len() - 1,
        args.len(),
        union = parts.join(" UNION ALL "),
    );
    let rows: Vec<(String, String, String, String, Option<String>)> = {
        let mut stmt = c.prepare_cached(&sql)?;
        stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    rows.into_iter()
        .map(|(kind, id, article_title, article_url, snippet)| {
            let snippet = snippet.map(|s| marked_snippet(&s));
            Ok(if kind == "note" {
                LibraryAnnotation {
                    kind: AnnotationKind::Note,
                    highlight: None,
                    note: Some(note(c, &id)?),
                    article_title,
                    article_url,
                    snippet,
                }
            } else {
                LibraryAnnotation {
                    kind: AnnotationKind::Highlight,
                    highlight: Some(highlight(c, &id)?),
                    note: None,
                    article_title,
                    article_url,
                    snippet,
                }
            })
        })
        .collect()
}

/// Highlights the passage of an article that `quote` names, comparing
/// whitespace loosely (for `quire highlight --quote`). When the quote occurs
/// more than once, `occurrence` (1-based) says which.
pub fn highlight_quote(
    c: &Connection,
    given: &str,
    quote: &str,
    occurrence: Option<usize>,
    color: HighlightColor,
    note: Option<&str>,
    tags: &[String],
) -> Result<Highlight> {
    let article_id = resolve_id(c, given, false)?;
    let text = anchor_text(c, &article_id)?;
    let found = anchoring::find_quote(&text, quote);
    let place = match (found.len(), occurrence) {
        (0, _) => return Err(Error::InvalidHighlight(format!("the text {quote:?} is not in the article"))),
        (_, Some(n)) if (1..=found.len()).contains(&n) => found[n - 1],
        (count, Some(n)) => {
            return Err(Error::InvalidHighlight(format!(
                "occurrence {n} asked for, but {quote:?} occurs {count} time(s) in the article"
            )));
        }
        (1, None) => found[0],
        (count, None) => {
            return Err(Error::InvalidHighlight(format!(
                "{quote:?} occurs {count} times in the article; say which with --occurrence N (1 to {count})"
            )));
        }
    };
    insert_highlight(c, &article_id, &text, place, color, note, tags, None)
}

impl crate::Library {
    pub fn article_annotations(&self, id: &str) -> Result<ArticleAnnotations> {
        self.read(|c| article_annotations(c, id))
    }

    pub fn add_highlight(&self, article: &str, new: &NewHighlight) -> Result<Highlight> {
        self.write(|tx| add_highlight(tx, article, new))
    }

    pub fn update_highlight(&self, id: &str, patch: &HighlightPatch) -> Result<Highlight> {
        self.write(|tx| update_highlight(tx, id, patch))
    }

    pub fn delete_highlight(&self, id: &str) -> Result<()> {
        self.write(|tx| delete_highlight(tx, id))
    }

    pub fn add_note(&self, article: &str, new: &NewNote) -> Result<Note> {
        self.write(|tx| add_note(tx, article, new))
    }

    pub fn update_note(&self, id: &str, patch: &NotePatch) -> Result<Note> {
        self.write(|tx| update_note(tx, id, patch))
    }

    pub fn delete_note(&self, id: &str) -> Result<()> {
        self.write(|tx| delete_note(tx, id))
    }

    pub fn library_highlights(&self, q: &HighlightQuery) -> Result<Vec<LibraryHighlight>> {
        self.read(|c| library_highlights(c, q))
    }

    pub fn library_annotations(&self, q: &AnnotationQuery) -> Result<Vec<LibraryAnnotation>> {
        self.read(|c| library_annotations(c, q))
    }

    pub fn highlight_quote(
        &self,
        article: &str,
        quote: &str,
        occurrence: Option<usize>,
        color: HighlightColor,
        note: Option<&str>,
        tags: &[String],
    ) -> Result<Highlight> {
        self.write(|tx| highlight_quote(tx, article, quote, occurrence, color, note, tags))
    }

    /// Re-anchors an article's highlights in its current text.
    pub fn reanchor(&self, article: &str) -> Result<Reanchored> {
        self.write(|tx| {
            let id = resolve_id(tx, article, false)?;
            reanchor_article(tx, &id)
        })
    }
}

/// Every live highlight of every live article, by article then reading order
/// (for exports).
pub fn all_live_highlights(c: &Connection) -> Result<Vec<Highlight>> {
    let mut stmt = c.prepare(&format!(
        "SELECT {HIGHLIGHT_COLUMNS} FROM highlights h JOIN articles a ON a.id = h.article_id AND a.deleted_at IS NULL
         WHERE h.deleted_at IS NULL ORDER BY h.article_id, h.orphan, h.start_pos, h.end_pos, h.created_at"
    ))?;
    let rows = stmt.query_map([], stored_highlight)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every live page note of every live article (for exports).
pub fn all_live_notes(c: &Connection) -> Result<Vec<Note>> {
    let mut stmt = c.prepare(
        "SELECT n.id, n.article_id, n.body, n.created_at, n.updated_at FROM notes n
         JOIN articles a ON a.id = n.article_id AND a.deleted_at IS NULL
         WHERE n.deleted_at IS NULL ORDER BY n.article_id, n.created_at, n.rowid",
    )?;
    let rows = stmt.query_map([], stored_note)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The article's declared language, for exported pages.
pub fn article_lang(c: &Connection, article_id: &str) -> Result<Option<String>> {
    Ok(c.query_row("SELECT lang FROM articles WHERE id = ?1", [article_id], |r| r.get(0))?)
}

/// Every live highlight in the library, by article then reading order.
pub fn all_highlights(lib: &crate::Library) -> Result<Vec<Highlight>> {
    let mut all = lib.read(all_live_highlights)?;
    for h in &mut all {
        h.note_html = h.note.as_deref().map(note_html);
    }
    Ok(all)
}

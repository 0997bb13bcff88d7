//! Reading and writing articles: listing, one article, reading state, tags,
//! tombstones. Every function takes a connection so callers choose the
//! transaction; [`crate::Library`] offers them as methods.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::error::{Error, Result};
use crate::ids::{new_id, now};
use crate::model::{
    ArticleDetail, ArticlePatch, ArticleState, ArticleSummary, ListQuery, SiteCount, SortKey, TagCount,
};

/// Columns of [`ArticleSummary`], in the order [`summary_from_row`] reads them.
const SUMMARY_COLUMNS: &str = "a.id, a.url, a.title, a.site_name, a.bylines, a.published_at, a.saved_at, a.updated_at, \
     a.reading_minutes, a.word_count, a.excerpt, a.state, a.favourite, a.progress, a.lead_image, \
     (SELECT group_concat(t.name, char(10) ORDER BY t.name COLLATE NOCASE) FROM article_tags at \
      JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id AND at.deleted_at IS NULL), \
     (SELECT ap.photo_hash FROM article_photos ap WHERE ap.article_id = a.id AND ap.status = 'stored' \
      ORDER BY ap.position LIMIT 1), \
     a.kind";

fn lines(s: Option<String>) -> Vec<String> {
    s.map(|s| s.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect()).unwrap_or_default()
}

fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<ArticleSummary> {
    let state: String = r.get(11)?;
    let lead_photo: Option<String> = r.get(16)?;
    let kind = crate::model::ItemKind::parse(&r.get::<_, String>(17)?);
    Ok(ArticleSummary {
        id: r.get(0)?,
        url: r.get(1)?,
        title: r.get(2)?,
        site_name: r.get(3)?,
        bylines: lines(r.get(4)?),
        published: r.get(5)?,
        saved_at: r.get(6)?,
        updated_at: r.get(7)?,
        reading_minutes: r.get(8)?,
        word_count: r.get(9)?,
        excerpt: r.get(10)?,
        state: ArticleState::parse(&state).unwrap_or_default(),
        favourite: r.get(12)?,
        progress: r.get(13)?,
        lead_image: r.get(14)?,
        tags: lines(r.get(15)?),
        // A photo item's photo is its first (only) stored one: the same hash.
        photo: if kind == crate::model::ItemKind::Photo { lead_photo.clone() } else { None },
        lead_photo,
        kind,
    })
}

/// Turns what a person typed (a full id or a unique prefix of at least four
/// characters) into the article's id. Tombstoned articles are found only when
/// `include_deleted`, so that a delete can be undone by id.
pub fn resolve_id(c: &Connection, given: &str, include_deleted: bool) -> Result<String> {
    let given = given.trim();
    let live = if include_deleted { "" } else { "AND deleted_at IS NULL" };
    if let Some(id) = c
        .query_row(&format!("SELECT id FROM articles WHERE id = ?1 {live}"), [given], |r| r.get::<_, String>(0))
        .optional()?
    {
        return Ok(id);
    }
    if given.len() < 4 || !given.chars().all(|ch| ch.is_ascii_hexdigit() || ch == '-') {
        return Err(Error::NotFound(given.to_string()));
    }
    let mut stmt = c.prepare(&format!("SELECT id FROM articles WHERE id >= ?1 AND id < ?1 || 'g' {live} LIMIT 2"))?;
    let ids: Vec<String> =
        stmt.query_map([given.to_ascii_lowercase()], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    match ids.len() {
        0 => Err(Error::NotFound(given.to_string())),
        1 => Ok(ids.into_iter().next().unwrap_or_default()),
        _ => Err(Error::AmbiguousId(given.to_string())),
    }
}

/// The `WHERE` clause shared by [`list`] and [`count`], with its arguments.
fn filters(q: &ListQuery) -> (String, Vec<Box<dyn rusqlite::ToSql>>) {
    let mut sql = String::from(" WHERE a.deleted_at IS NULL");
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    if let Some(state) = q.state {
        args.push(Box::new(state.as_str()));
        sql += &format!(" AND a.state = ?{}", args.len());
    }
    if let Some(fav) = q.favourite {
        args.push(Box::new(fav));
        sql += &format!(" AND a.favourite = ?{}", args.len());
    }
    if let Some(site) = q.site.as_deref().filter(|s| !s.is_empty()) {
        args.push(Box::new(site.to_owned()));
        sql += &format!(" AND a.site_name = ?{} COLLATE NOCASE", args.len());
    }
    if let Some(tag) = q.tag.as_deref().filter(|s| !s.is_empty()) {
        args.push(Box::new(tag.to_owned()));
        sql += &format!(
            " AND EXISTS (SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id \
               WHERE at.article_id = a.id AND at.deleted_at IS NULL AND t.name = ?{} COLLATE NOCASE)",
            args.len()
        );
    }
    if let Some(has) = q.has_highlights {
        let exists = "EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id AND h.deleted_at IS NULL)";
        sql += &if has { format!(" AND {exists}") } else { format!(" AND NOT {exists}") };
    }
    (sql, args)
}

/// Lists articles that are not deleted, filtered and sorted as asked.
///
/// Two steps: the rowids of the page, chosen from a listing index alone (v4),
/// then the summaries of just those rows. Skipping 90,000 rows this way reads
/// an index, not 90,000 article bodies.
pub fn list(c: &Connection, q: &ListQuery) -> Result<Vec<ArticleSummary>> {
    let (filter, mut args) = filters(q);
    // `rowid` breaks ties: it grows with every save, and sits in every index.
    let order = match q.sort.unwrap_or_default() {
        SortKey::Saved => "a.saved_at DESC, a.rowid DESC",
        SortKey::Published => "a.published_at IS NULL, a.published_at DESC, a.rowid DESC",
        SortKey::Title => "a.title COLLATE NOCASE, a.rowid DESC",
        SortKey::ReadingTime => "a.reading_minutes, a.rowid DESC",
    };
    args.push(Box::new(q.limit.map(i64::from).unwrap_or(-1)));
    args.push(Box::new(i64::from(q.offset.unwrap_or(0))));
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.rowid IN \
           (SELECT a.rowid FROM articles a{filter} ORDER BY {order} LIMIT ?{} OFFSET ?{}) \
         ORDER BY {order}",
        args.len() - 1,
        args.len()
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), summary_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many articles [`list`] would give without `limit` and `offset`: the
/// library view sizes its scrollbar by it before the rows arrive.
pub fn count(c: &Connection, q: &ListQuery) -> Result<u32> {
    let (filter, args) = filters(q);
    let mut stmt = c.prepare_cached(&format!("SELECT count(*) FROM articles a{filter}"))?;
    Ok(stmt.query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?)
}

/// Every site the live articles come from, with how many, most first.
pub fn sites(c: &Connection) -> Result<Vec<SiteCount>> {
    let mut stmt = c.prepare_cached(
        "SELECT site_name, count(*) FROM articles WHERE deleted_at IS NULL AND site_name IS NOT NULL AND site_name != '' \
         GROUP BY site_name COLLATE NOCASE ORDER BY count(*) DESC, site_name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| Ok(SiteCount { name: r.get(0)?, count: r.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn summary(c: &Connection, id: &str) -> Result<ArticleSummary> {
    c.query_row(&format!("SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?1"), [id], summary_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(id.to_string()))
}

/// One live article with its body.
pub fn detail(c: &Connection, given: &str) -> Result<ArticleDetail> {
    let id = resolve_id(c, given, false)?;
    let summary = summary(c, &id)?;
    let detail = c.query_row(
        "SELECT standfirst, section, canonical_url, lang, dir, content_html FROM articles WHERE id = ?1",
        [&id],
        |r| {
            Ok(ArticleDetail {
                summary: summary.clone(),
                standfirst: r.get(0)?,
                section: r.get(1)?,
                canonical_url: r.get(2)?,
                lang: r.get(3)?,
                dir: r.get(4)?,
                content_html: r.get(5)?,
                photos: Vec::new(),
            })
        },
    )?;
    Ok(detail)
}

/// The article's plain text, for `show --format text` and exports.
pub fn text(c: &Connection, given: &str) -> Result<String> {
    let id = resolve_id(c, given, false)?;
    Ok(c.query_row("SELECT text FROM articles WHERE id = ?1", [&id], |r| r.get(0))?)
}

pub fn update(c: &Connection, given: &str, patch: &ArticlePatch) -> Result<ArticleSummary> {
    let id = resolve_id(c, given, false)?;
    if let Some(p) = patch.progress
        && !(0.0..=1.0).contains(&p)
    {
        return Err(Error::Invalid(format!("reading progress must be between 0 and 1, not {p}")));
    }
    c.execute(
        "UPDATE articles SET state = coalesce(?2, state), favourite = coalesce(?3, favourite),
                progress = coalesce(?4, progress), updated_at = ?5 WHERE id = ?1",
        params![id, patch.state.map(ArticleState::as_str), patch.favourite, patch.progress, now()],
    )?;
    summary(c, &id)
}

/// Deletes by tombstone, so the delete can be undone and synchronised.
pub fn delete(c: &Connection, given: &str) -> Result<String> {
    let id = resolve_id(c, given, false)?;
    let at = now();
    c.execute("UPDATE articles SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1", params![id, at])?;
    Ok(id)
}

pub fn restore(c: &Connection, given: &str) -> Result<ArticleSummary> {
    let id = resolve_id(c, given, true)?;
    c.execute("UPDATE articles SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1", params![id, now()])?;
    summary(c, &id)
}

/// Makes the article's tags exactly `tags` (case-insensitive, trimmed, no
/// empties). Removed tags are tombstoned rather than erased.
pub fn set_tags(c: &Connection, given: &str, tags: &[String]) -> Result<ArticleSummary> {
    let id = resolve_id(c, given, false)?;
    let at = now();
    let mut wanted: Vec<String> = tags.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
    wanted.sort_by_key(|t| t.to_lowercase());
    wanted.dedup_by_key(|t| t.to_lowercase());
    c.execute(
        "UPDATE article_tags SET deleted_at = ?2, updated_at = ?2 WHERE article_id = ?1 AND deleted_at IS NULL",
        params![id, at],
    )?;
    for name in &wanted {
        let tag_id = tag_id(c, name, &at)?;
        c.execute(
            "INSERT INTO article_tags (article_id, tag_id, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (article_id, tag_id) DO UPDATE SET deleted_at = NULL, updated_at = excluded.updated_at",
            params![id, tag_id, at],
        )?;
    }
    c.execute("UPDATE articles SET updated_at = ?2 WHERE id = ?1", params![id, at])?;
    summary(c, &id)
}

/// Adds tags to the article, keeping the ones it has.
pub fn add_tags(c: &Connection, given: &str, tags: &[String]) -> Result<ArticleSummary> {
    let id = resolve_id(c, given, false)?;
    let mut all = summary(c, &id)?.tags;
    all.extend(tags.iter().cloned());
    set_tags(c, &id, &all)
}

/// Removes tags from the article.
pub fn remove_tags(c: &Connection, given: &str, tags: &[String]) -> Result<ArticleSummary> {
    let id = resolve_id(c, given, false)?;
    let gone: Vec<String> = tags.iter().map(|t| t.trim().to_lowercase()).collect();
    let kept: Vec<String> = summary(c, &id)?.tags.into_iter().filter(|t| !gone.contains(&t.to_lowercase())).collect();
    set_tags(c, &id, &kept)
}

pub(crate) fn tag_id(c: &Connection, name: &str, at: &str) -> Result<String> {
    if let Some(id) = c.query_row("SELECT id FROM tags WHERE name = ?1", [name], |r| r.get(0)).optional()? {
        c.execute("UPDATE tags SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL", [&id as &str])?;
        return Ok(id);
    }
    let id = new_id();
    c.execute("INSERT INTO tags (id, name, updated_at) VALUES (?1, ?2, ?3)", params![id, name, at])?;
    Ok(id)
}

/// Every tag in use on a live article, with how many articles carry it.
pub fn tag_counts(c: &Connection) -> Result<Vec<TagCount>> {
    let mut stmt = c.prepare_cached(
        "SELECT t.name, count(*) FROM tags t
         JOIN article_tags at ON at.tag_id = t.id AND at.deleted_at IS NULL
         JOIN articles a ON a.id = at.article_id AND a.deleted_at IS NULL
         GROUP BY t.id ORDER BY t.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| Ok(TagCount { name: r.get(0)?, count: r.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

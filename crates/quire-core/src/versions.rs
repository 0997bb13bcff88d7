//! Earlier versions of an article, kept when a clip of the same canonical URL
//! replaces its content, so that nothing a person saved is silently lost.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};
use crate::ids::{new_id, now};
use crate::library::Library;

/// One kept version, as listed: `number` counts from 1, oldest first.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize, ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleVersionInfo {
    pub number: u32,
    pub title: String,
    /// When this version had been saved.
    pub saved_at: String,
    /// When a newer clip replaced it.
    pub replaced_at: String,
}

/// One kept version with its content.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize, ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleVersion {
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub info: ArticleVersionInfo,
    /// Sanitised HTML, as it was stored.
    pub content_html: String,
    pub text: String,
}

/// Copies the article's current content into `article_versions` when
/// `new_text`/`new_html` differ from it; called by ingest just before an update.
pub fn keep_previous(c: &Connection, article_id: &str, new_html: &str, new_text: &str) -> Result<()> {
    let at = now();
    c.execute(
        "INSERT INTO article_versions (id, article_id, title, content_html, text, original_html, original_content_type,
             saved_at, replaced_at, updated_at)
         SELECT ?1, id, title, content_html, text, original_html, original_content_type, updated_at, ?2, ?2
         FROM articles WHERE id = ?3 AND (content_html IS NOT ?4 OR text IS NOT ?5)",
        params![new_id(), at, article_id, new_html, new_text],
    )?;
    Ok(())
}

const INFO_COLUMNS: &str = "ROW_NUMBER() OVER (ORDER BY replaced_at, id) AS n, title, saved_at, replaced_at";

fn info(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleVersionInfo> {
    Ok(ArticleVersionInfo { number: r.get(0)?, title: r.get(1)?, saved_at: r.get(2)?, replaced_at: r.get(3)? })
}

impl Library {
    /// The kept versions of an article, oldest first.
    pub fn versions(&self, id: &str) -> Result<Vec<ArticleVersionInfo>> {
        self.read(|c| {
            let id = crate::articles::resolve_id(c, id, false)?;
            let mut stmt = c.prepare(&format!(
                "SELECT {INFO_COLUMNS} FROM article_versions WHERE article_id = ?1 AND deleted_at IS NULL
                 ORDER BY replaced_at, id"
            ))?;
            let rows = stmt.query_map([&id], info)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Version `number` (from 1, oldest first) of an article.
    pub fn version(&self, id: &str, number: u32) -> Result<ArticleVersion> {
        self.read(|c| {
            let id = crate::articles::resolve_id(c, id, false)?;
            c.query_row(
                &format!(
                    "SELECT * FROM (SELECT {INFO_COLUMNS}, content_html, text FROM article_versions
                     WHERE article_id = ?1 AND deleted_at IS NULL) WHERE n = ?2"
                ),
                params![id, number],
                |r| Ok(ArticleVersion { info: info(r)?, content_html: r.get(4)?, text: r.get(5)? }),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("version {number} of article {id}")))
        })
    }
}

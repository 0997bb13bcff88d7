//! Purging: the end of a tombstone. A deleted article stays restorable for an
//! undo window; after it, purging removes its rows for good (tags links,
//! highlights, notes and photo links go with it by `ON DELETE CASCADE`) and
//! then every stored photo no remaining article uses, with its derived sizes.
//!
//! Photos are shared by content, so a photo is freed only when its last user
//! goes. The pages SQLite frees are reused by later writes; the file itself
//! shrinks only with `VACUUM`, which purging does not run (it rewrites the
//! whole file).

use std::time::Duration;

use rusqlite::Connection;

use crate::error::Result;
use crate::ids::timestamp;
use crate::library::Library;

/// How long a deleted article can be restored before `quire purge` removes it.
pub const UNDO_WINDOW: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// What a purge removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Purged {
    pub articles: usize,
    pub photos: usize,
    /// Bytes of photos (originals and derived sizes) no longer stored.
    pub photo_bytes: u64,
}

/// Removes articles tombstoned before `cutoff` (a [`timestamp`]) and the photos only they used.
pub fn purge(c: &Connection, cutoff: &str) -> Result<Purged> {
    let articles = c.execute("DELETE FROM articles WHERE deleted_at IS NOT NULL AND deleted_at <= ?1", [cutoff])?;
    let unused = "SELECT hash FROM photos WHERE NOT EXISTS
                  (SELECT 1 FROM article_photos p WHERE p.photo_hash = photos.hash)";
    let photo_bytes: i64 = c.query_row(
        &format!(
            "SELECT coalesce((SELECT sum(byte_size) FROM photos WHERE hash IN ({unused})), 0)
                  + coalesce((SELECT sum(byte_size) FROM photo_sizes WHERE hash IN ({unused})), 0)"
        ),
        [],
        |r| r.get(0),
    )?;
    let photos = c.execute(&format!("DELETE FROM photos WHERE hash IN ({unused})"), [])?;
    Ok(Purged { articles, photos, photo_bytes: photo_bytes as u64 })
}

impl Library {
    /// Purges articles deleted more than `older_than` ago, and the photos no
    /// other article uses. `Duration::ZERO` purges every deleted article.
    pub fn purge_deleted(&self, older_than: Duration) -> Result<Purged> {
        let cutoff = time::OffsetDateTime::now_utc() - older_than;
        self.write(|tx| purge(tx, &timestamp(cutoff)))
    }
}

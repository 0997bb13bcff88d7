//! Purging: the end of a tombstone. A deleted article stays restorable for an
//! undo window; after it, purging removes its rows for good (tags links,
//! highlights, notes and photo links go with it by `ON DELETE CASCADE`) and
//! then every stored photo no remaining article uses, with its derived sizes.
//!
//! Photos are shared by content, so a photo is freed only when its last user
//! goes. The pages SQLite frees would only be reused by later writes (the
//! library is not in `auto_vacuum` mode, and switching an existing file to it
//! needs a `VACUUM` anyway), so when a purge leaves at least
//! [`RECLAIM_AT_LEAST`] of free pages, it runs `VACUUM` and checkpoints the
//! WAL, and the file shrinks. Below that, rewriting the whole file is not
//! worth its time: the free pages wait for the next photos.

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
    /// How much smaller the library file became (0 when it was not vacuumed).
    pub reclaimed_bytes: u64,
}

/// Free pages worth a `VACUUM` (which rewrites the whole file): a few photos.
pub const RECLAIM_AT_LEAST: u64 = 8 * 1024 * 1024;

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
    Ok(Purged { articles, photos, photo_bytes: photo_bytes as u64, reclaimed_bytes: 0 })
}

impl Library {
    /// Purges articles deleted more than `older_than` ago, and the photos no
    /// other article uses. `Duration::ZERO` purges every deleted article.
    pub fn purge_deleted(&self, older_than: Duration) -> Result<Purged> {
        let cutoff = time::OffsetDateTime::now_utc() - older_than;
        let mut purged = self.write(|tx| purge(tx, &timestamp(cutoff)))?;
        if self.free_bytes()? >= RECLAIM_AT_LEAST {
            let before = self.file_bytes();
            // VACUUM cannot run inside a transaction; the connection lock keeps other writers out.
            self.read(|c| Ok(c.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?))?;
            purged.reclaimed_bytes = before.saturating_sub(self.file_bytes());
        }
        Ok(purged)
    }

    /// Bytes in free pages of the library file.
    pub fn free_bytes(&self) -> Result<u64> {
        self.read(|c| {
            Ok(c.query_row("SELECT freelist_count * page_size FROM pragma_freelist_count, pragma_page_size", [], |r| {
                r.get::<_, i64>(0)
            })? as u64)
        })
    }

    /// Size of the library file on disk (its WAL aside).
    pub fn file_bytes(&self) -> u64 {
        std::fs::metadata(self.path()).map(|m| m.len()).unwrap_or(0)
    }
}

//! Telling a caller, before it opens a library, that opening will upgrade it
//! and roughly how long that takes.
//!
//! Some migrations rebuild an index over every article inside
//! [`Library::open`](crate::Library::open) (v9: about 2 minutes at 100,000
//! articles). A front end that says nothing meanwhile looks hung, so it asks
//! [`pending_upgrade`] first and tells the person. The probe only reads: a
//! missing file stays missing and an old one stays byte-identical.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::Result;
use crate::library::{Identity, cannot_open, check_before_open, check_identity};
use crate::schema::{ARTICLE_INDEX_MIGRATIONS, CURRENT_VERSION};

/// What opening the library will do before it is usable: migrate the schema
/// from `from` to `to` over `articles` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingUpgrade {
    pub from: u32,
    pub to: u32,
    /// Every `articles` row, tombstoned ones too: the full-text index covers
    /// them all, so they all cost time in a rebuild.
    pub articles: u64,
}

/// A rebuild of the article index costs about 1.1 ms per article: v9 at
/// 100,000 articles took 112 s in the search bench and 122 s wall (86 s CPU)
/// through `quire list` on a 2-core machine shared with other builds; an
/// unshared machine is faster, so 1.2 ms errs long.
const INDEX_REBUILD_PER_ARTICLE: Duration = Duration::from_micros(1_200);

impl PendingUpgrade {
    /// How many pending migrations rebuild an index over every article.
    pub fn index_rebuilds(&self) -> u32 {
        ARTICLE_INDEX_MIGRATIONS.iter().filter(|&&v| v > self.from && v <= self.to).count() as u32
    }

    /// A deliberately generous guess at how long the upgrade takes; the
    /// migrations that only add tables or columns are counted as free.
    pub fn estimated_duration(&self) -> Duration {
        let per_article = INDEX_REBUILD_PER_ARTICLE * self.index_rebuilds();
        per_article.saturating_mul(u32::try_from(self.articles).unwrap_or(u32::MAX))
    }

    /// Whether this upgrade deserves a word to the person waiting: it
    /// rebuilds an index over at least [`notice_min_articles`] articles.
    pub fn is_long(&self) -> bool {
        self.index_rebuilds() > 0 && self.articles >= notice_min_articles()
    }

    /// "100,000 articles", for the notices the front ends show.
    pub fn articles_phrase(&self) -> String {
        let noun = if self.articles == 1 { "article" } else { "articles" };
        format!("{} {noun}", thousands(self.articles))
    }

    /// The estimate in words ("about 2 minutes"): whole minutes, rounded up,
    /// since saying less than it takes would be the worse surprise.
    pub fn estimate_phrase(&self) -> String {
        let d = self.estimated_duration();
        if d < Duration::from_secs(60) {
            return "under a minute".into();
        }
        match d.as_millis().div_ceil(60_000) {
            1 => "about a minute".into(),
            n => format!("about {n} minutes"),
        }
    }
}

/// Below this many articles an index rebuild takes a couple of seconds at
/// most and is not worth a notice.
const NOTICE_MIN_ARTICLES: u64 = 2_000;

/// The notice threshold: [`NOTICE_MIN_ARTICLES`], unless the environment's
/// `QUIRE_UPGRADE_NOTICE_MIN_ARTICLES` lowers or raises it (tests do), so the
/// CLI and the desktop app agree on when to speak.
pub fn notice_min_articles() -> u64 {
    std::env::var("QUIRE_UPGRADE_NOTICE_MIN_ARTICLES").ok().and_then(|v| v.parse().ok()).unwrap_or(NOTICE_MIN_ARTICLES)
}

/// `n` with thousands separators: 1,234,567.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    // The leading group has 1 to 3 digits; every later one has exactly 3.
    let (head, rest) = digits.split_at((digits.len() - 1) % 3 + 1);
    let mut out = head.to_string();
    for group in rest.as_bytes().chunks(3) {
        out.push(',');
        out.push_str(std::str::from_utf8(group).expect("ASCII digits"));
    }
    out
}

/// Reports the upgrade [`Library::open`](crate::Library::open) would run on
/// `path`, without writing anything.
///
/// `None` when there is nothing to upgrade: the file is missing or empty (open
/// creates it at the current schema) or already current. Fails with the same
/// typed errors as open for a missing folder, a file that is not a Quire
/// library and a library written by a newer Quire.
pub fn pending_upgrade(path: impl AsRef<Path>) -> Result<Option<PendingUpgrade>> {
    let path = path.as_ref();
    check_before_open(path)?;
    if std::fs::metadata(path).map_or(true, |m| m.len() == 0) {
        return Ok(None);
    }
    let conn = open_read_only(path).map_err(|e| cannot_open(path, e))?;
    if check_identity(&conn, path)? == Identity::New {
        return Ok(None);
    }
    let from: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if from == CURRENT_VERSION {
        return Ok(None);
    }
    // `articles` exists from v1 on; counting reads its smallest index only.
    let articles: i64 = if from == 0 { 0 } else { conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))? };
    Ok(Some(PendingUpgrade { from, to: CURRENT_VERSION, articles: articles as u64 }))
}

/// Opens `path` for reading without creating a `-wal` or `-shm` file.
///
/// A plain read-only connection to a WAL library creates both files and,
/// unable to checkpoint, leaves them behind when it closes. No `-wal` file
/// means no connection has the library open (the last to close deletes it),
/// so the file alone holds the whole database and can be read as immutable,
/// which skips the WAL and locking altogether. With a `-wal` file, some
/// process has it open, both files exist, and a read-only connection joins in.
fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if Path::new(&wal).exists() {
        return Connection::open_with_flags(path, flags);
    }
    Connection::open_with_flags(format!("{}?immutable=1", file_uri(path)), flags | OpenFlags::SQLITE_OPEN_URI)
}

/// `path` as a SQLite `file:` URI, every byte but the unreserved ones escaped
/// (a `?`, `#` or `%` in a folder name would otherwise be read as URI syntax).
fn file_uri(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    // `file:/abs/path` and `file:rel/path` as they are; a Windows drive path
    // (`C:\dir`) needs an empty authority: `file:///C:/dir`.
    let drive = cfg!(windows) && bytes.get(1) == Some(&b':');
    let mut uri = String::from(if drive { "file:///" } else { "file:" });
    for &byte in bytes {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => uri.push(byte as char),
            b'\\' if cfg!(windows) => uri.push('/'),
            b':' if drive => uri.push(':'),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upgrade(articles: u64) -> PendingUpgrade {
        PendingUpgrade { from: 8, to: 9, articles }
    }

    #[test]
    fn the_estimate_rounds_up_to_whole_minutes() {
        // 1.2 ms per article and rebuild.
        assert_eq!(upgrade(2_000).estimate_phrase(), "under a minute");
        assert_eq!(upgrade(50_000).estimate_phrase(), "about a minute");
        assert_eq!(upgrade(50_001).estimate_phrase(), "about 2 minutes");
        assert_eq!(upgrade(100_000).estimate_phrase(), "about 2 minutes");
        assert_eq!(upgrade(300_000).estimate_phrase(), "about 6 minutes");
    }

    #[test]
    fn counts_get_thousands_separators_and_one_is_singular() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2_000), "2,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(upgrade(1).articles_phrase(), "1 article");
        assert_eq!(upgrade(100_000).articles_phrase(), "100,000 articles");
    }
}

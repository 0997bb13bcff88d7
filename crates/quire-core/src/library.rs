//! Opening a library file and the single connection every call goes through.
//!
//! One connection, behind `read`/`write` closures, serialises this process's
//! access (no pool: SQLite has one writer anyway). Other processes (the app and
//! the CLI on the same file) are handled by WAL, an explicit `busy_timeout`, and
//! `BEGIN IMMEDIATE` for writes, which takes the write lock up front so that two
//! writers queue instead of failing with "database is locked" on lock upgrade.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};
use crate::schema::{APPLICATION_ID, CURRENT_VERSION, MIGRATIONS};

/// How long a writer waits for another process's write to finish. Imports
/// commit in small transactions, so a minute is far more than ever needed.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// The page size of a new library file (SQLite's default is 4 KiB). A library
/// is mostly BLOBs (photos of hundreds of KB, compressed pages of tens of KB)
/// that SQLite writes as chains of overflow pages: larger pages mean an eighth
/// of the pages to link, checksum in the WAL and copy back at checkpoint. An
/// existing library keeps the page size it was made with (changing it would
/// rewrite the whole file with VACUUM).
pub const NEW_LIBRARY_PAGE_SIZE: u32 = 32 * 1024;

/// An open Quire library: one SQLite file.
pub struct Library {
    path: PathBuf,
    conn: Mutex<Connection>,
    photo_timeout: Duration,
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library").field("path", &self.path).finish()
    }
}

impl Library {
    /// Opens the library at `path`, creating it if absent and upgrading its
    /// schema if older. Refuses, without writing a byte, files that are not
    /// Quire libraries and libraries written by a newer Quire.
    pub fn open(path: impl AsRef<Path>) -> Result<Library> {
        let path = path.as_ref().to_path_buf();
        check_before_open(&path)?;
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| cannot_open(&path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| cannot_open(&path, e))?;
        if check_identity(&conn, &path)? == Identity::New {
            // Before WAL: a WAL database's page size is fixed once the log exists.
            conn.execute_batch(&format!("PRAGMA page_size = {NEW_LIBRARY_PAGE_SIZE};"))
                .map_err(|e| cannot_open(&path, e))?;
        }
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;",
        )
        .map_err(|e| cannot_open(&path, e))?;
        // Search (issue 8): a search reads scattered pages of the full-text
        // indexes (3 GB at 100,000 articles). Mapped, they are read from the
        // OS page cache without a copy per page; the 64 MB page cache (the
        // default is 2 MB) keeps the hot index pages between searches.
        conn.execute_batch(
            "PRAGMA mmap_size = 2147483648;
             PRAGMA cache_size = -65536;",
        )
        .map_err(|e| cannot_open(&path, e))?;
        // Search (issue 8): the CJK index triggers call this function.
        crate::cjk::register(&conn).map_err(|e| cannot_open(&path, e))?;
        // Search ranks with its own bm25 (see `search/rank.rs`).
        crate::search::register(&conn).map_err(|e| cannot_open(&path, e))?;
        let mut conn = conn;
        migrate(&mut conn, &path)?;
        Ok(Library { path, conn: Mutex::new(conn), photo_timeout: crate::photos::DEFAULT_PHOTO_TIMEOUT })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Sets how long one photo's whole download may take (tests shorten it).
    pub fn with_photo_timeout(mut self, timeout: Duration) -> Library {
        self.photo_timeout = timeout;
        self
    }

    pub fn photo_timeout(&self) -> Duration {
        self.photo_timeout
    }

    /// Runs `f` with the connection, for reads.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        f(&self.lock())
    }

    /// Runs `f` inside one `BEGIN IMMEDIATE` transaction, committed if `f` succeeds.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<u32> {
        self.read(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?))
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a transaction open (the
        // Transaction rolls back on drop), so the connection is still usable.
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub(crate) fn cannot_open(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::CannotOpen { path: path.to_path_buf(), reason: e.to_string() }
}

/// Checks what can be checked without SQLite touching the file: the folder
/// exists, and an existing non-empty file starts with SQLite's magic header.
pub(crate) fn check_before_open(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::CannotOpen {
            path: path.to_path_buf(),
            reason: format!("the folder {} does not exist", dir.display()),
        });
    }
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            Err(Error::CannotOpen { path: path.to_path_buf(), reason: "it is a folder, not a file".into() })
        }
        Ok(meta) if meta.len() > 0 => {
            let mut header = [0u8; 16];
            let mut file = fs::File::open(path).map_err(|e| cannot_open(path, e))?;
            let n = file.read(&mut header).map_err(|e| cannot_open(path, e))?;
            if n < 16 || &header != b"SQLite format 3\0" {
                return Err(Error::NotALibrary { path: path.to_path_buf() });
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// What [`check_identity`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Identity {
    /// No tables and no schema version: a file SQLite has just created (or an empty one).
    New,
    /// A Quire library (at most the current schema version).
    Quire,
}

/// Refuses other applications' databases and newer schemas, reading only.
pub(crate) fn check_identity(conn: &Connection, path: &Path) -> Result<Identity> {
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Error::NotALibrary { path: path.to_path_buf() }
        }
        other => cannot_open(path, other),
    })?;
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    let empty = tables == 0 && version == 0;
    if !empty && app_id != APPLICATION_ID {
        return Err(Error::NotALibrary { path: path.to_path_buf() });
    }
    if version > CURRENT_VERSION {
        return Err(Error::SchemaTooNew { path: path.to_path_buf(), found: version, supported: CURRENT_VERSION });
    }
    Ok(if empty { Identity::New } else { Identity::Quire })
}

/// Brings the schema up to [`CURRENT_VERSION`], one transaction per migration.
fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    // The common case, an up-to-date library, needs no write lock.
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == CURRENT_VERSION {
        return Ok(());
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| cannot_open(path, e))?;
        // Read inside the write lock: another process may have migrated meanwhile.
        let version: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > CURRENT_VERSION {
            return Err(Error::SchemaTooNew { path: path.to_path_buf(), found: version, supported: CURRENT_VERSION });
        }
        if version == CURRENT_VERSION {
            tx.commit()?;
            return Ok(());
        }
        tx.execute_batch(MIGRATIONS[version as usize])?;
        tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};", version + 1))?;
        tx.commit()?;
    }
}

/// The default library file: `quire/library.sqlite` in the OS data directory
/// (`$XDG_DATA_HOME` or `~/.local/share` on Linux, `~/Library/Application
/// Support` on macOS, `%APPDATA%` on Windows).
pub fn default_library_path() -> PathBuf {
    data_dir().join("quire").join("library.sqlite")
}

fn data_dir() -> PathBuf {
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if cfg!(windows) {
        return env("APPDATA").unwrap_or_else(|| PathBuf::from("."));
    }
    let home = env("HOME").unwrap_or_else(|| PathBuf::from("."));
    if cfg!(target_os = "macos") {
        return home.join("Library").join("Application Support");
    }
    env("XDG_DATA_HOME").unwrap_or_else(|| home.join(".local").join("share"))
}

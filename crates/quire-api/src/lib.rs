//! The one API surface every front end uses: the CLI, the Tauri commands and
//! the loopback HTTP server call these same functions with these same DTOs.
//!
//! Functions here are blocking (they touch SQLite, and sometimes the network);
//! async callers run them with `spawn_blocking`, never on an async worker.

// Highlights and notes (issue 6)
pub mod annotations;
pub mod http;
// Browser clipping (issue 7)
pub mod auth;
pub mod clip;
pub mod pairing;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use quire_core::{Library, PhotoSize};
use serde::Serialize;

/// The DTOs, generated as TypeScript for the UI (see `tests/typescript.rs`).
pub mod dto {
    pub use crate::ErrorBody;
    pub use quire_core::{
        AddOutcome, AddRequest, ArticleDetail, ArticlePatch, ArticleState, ArticleSummary, ListQuery, PhotoRetry,
        SearchHit, SearchQuery, SiteCount, SortKey, TagCount,
    };
    // Browser clipping (issue 7)
    pub use crate::clip::{ClipImage, ClipOutcome, ClipRequest, ClipStatus};
    pub use crate::pairing::{PairingRequest, PairingState, PairingStatus, PairingTicket};
    pub use quire_core::tokens::TokenInfo;
    pub use quire_core::versions::{ArticleVersion, ArticleVersionInfo};
    // Highlights and notes (issue 6)
    pub use quire_core::{
        Anchor, AnnotationKind, AnnotationQuery, ArticleAnnotations, ExportSelection, Highlight, HighlightColor,
        HighlightPatch, HighlightQuery, HighlightSort, LibraryAnnotation, LibraryHighlight, NewHighlight, NewNote,
        Note, NotePatch,
    };
    // Imports (issue 8)
    pub use quire_core::import::jobs::{ImportFailure, ImportJob, ImportStarted};
    // Photos (issue 5)
    pub use quire_core::{AddPhotoRequest, ArticlePhoto, ItemKind, PhotoStatus};
}

use dto::*;

/// An error as it crosses IPC or HTTP: the UI switches on `code`, people read `message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS, thiserror::Error)]
#[ts(rename = "ErrorBody")]
#[error("{message}")]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

pub type ApiError = ErrorBody;

impl From<quire_core::Error> for ErrorBody {
    fn from(e: quire_core::Error) -> Self {
        ErrorBody { code: e.code().to_string(), message: e.to_string() }
    }
}

impl ErrorBody {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ErrorBody { code: code.to_string(), message: message.into() }
    }
}

/// Where front ends serve stored photos: `/photos/<blake3 hash>`, the display
/// size (at most 1600 px wide, upright, no metadata). `?size=thumb` (within
/// 400 px square) and `?size=original` (the bytes as fetched, EXIF included)
/// pick the other renditions; see [`Api::photo_sized`].
pub const PHOTO_PATH: &str = "/photos/";

/// The default library file, shared by the CLI and the desktop app.
pub fn default_library_path() -> PathBuf {
    quire_core::default_library_path()
}

/// The read-only probe front ends ask before opening, so that a long schema
/// upgrade (a search index rebuild) gets a notice instead of a silent wait.
pub use quire_core::{PendingUpgrade, pending_upgrade};

/// An open library, cheap to clone and share between threads.
#[derive(Clone, Debug)]
pub struct Api {
    library: Arc<Library>,
    /// Browser clipping (issue 7): pairing requests waiting for the person.
    pairings: Arc<pairing::Pairings>,
}

type Result<T> = std::result::Result<T, ApiError>;

impl Api {
    /// Opens (creating or upgrading) the library at `path`.
    pub fn open(path: &Path) -> Result<Api> {
        Ok(Api { library: Arc::new(Library::open(path)?), pairings: Arc::default() })
    }

    /// Opens the library at `path`, creating its folder first: for the default
    /// location, which a new user's machine does not have yet.
    pub fn open_creating_folder(path: &Path) -> Result<Api> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                ErrorBody::new("cannot_open", format!("cannot create the folder {}: {e}", dir.display()))
            })?;
        }
        Api::open(path)
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    pub fn list_articles(&self, q: &ListQuery) -> Result<Vec<ArticleSummary>> {
        Ok(self.library.list(q)?)
    }

    /// The article for the reader, its photos served from the library at
    /// [`PHOTO_PATH`] (`/photos/<hash>`, over HTTP and the app's `quire:` scheme alike).
    pub fn get_article(&self, id: &str) -> Result<ArticleDetail> {
        Ok(self.library.article_for_reader(id, PHOTO_PATH)?)
    }

    /// One stored photo by its content hash, at the reader's display size:
    /// (media type, bytes).
    pub fn photo(&self, hash: &str) -> Result<(String, Vec<u8>)> {
        self.photo_sized(hash, None)
    }

    /// One rendition of a stored photo: `size` is `thumb`, `display` (the
    /// default) or `original`, as in the `?size=` of [`PHOTO_PATH`] URLs.
    pub fn photo_sized(&self, hash: &str, size: Option<&str>) -> Result<(String, Vec<u8>)> {
        let size = match size {
            None => PhotoSize::Display,
            Some(s) => PhotoSize::parse(s).ok_or_else(|| {
                ErrorBody::new("invalid_input", format!("no photo size {s:?}: use thumb, display or original"))
            })?,
        };
        let valid = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        let photo = if valid { self.library.photo_sized(hash, size)? } else { None };
        photo.map(|p| (p.media_type, p.bytes)).ok_or_else(|| ErrorBody::new("not_found", format!("no photo {hash}")))
    }

    /// Fetches again the photos that failed, of one article or of all: those
    /// stored or skipped (not photos) are left alone.
    pub fn retry_photos(&self, article_id: Option<&str>) -> Result<PhotoRetry> {
        let (stored, failed) = self.library.retry_photos(article_id)?;
        Ok(PhotoRetry { stored: stored as u32, failed: failed as u32 })
    }

    /// Saves a page; returns once the article is committed.
    pub fn add(&self, req: &AddRequest) -> Result<AddOutcome> {
        Ok(self.library.add(req)?)
    }

    pub fn add_article(&self, req: &AddRequest) -> Result<ArticleSummary> {
        Ok(self.add(req)?.article)
    }

    pub fn update_article(&self, id: &str, patch: &ArticlePatch) -> Result<ArticleSummary> {
        Ok(self.library.update(id, patch)?)
    }

    pub fn delete_article(&self, id: &str) -> Result<()> {
        self.library.delete(id)?;
        Ok(())
    }

    pub fn restore_article(&self, id: &str) -> Result<ArticleSummary> {
        Ok(self.library.restore(id)?)
    }

    pub fn set_tags(&self, id: &str, tags: &[String]) -> Result<ArticleSummary> {
        Ok(self.library.set_tags(id, tags)?)
    }

    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        Ok(self.library.search(q)?)
    }

    pub fn list_tags(&self) -> Result<Vec<TagCount>> {
        Ok(self.library.tags()?)
    }

    /// How many articles `q` lists in all; the library view sizes its list by it.
    pub fn count_articles(&self, q: &ListQuery) -> Result<u32> {
        Ok(self.library.count(q)?)
    }

    pub fn list_sites(&self) -> Result<Vec<SiteCount>> {
        Ok(self.library.sites()?)
    }

    // Browser clipping (issue 7): tokens, pairing, versions.

    /// Issues a token for scripts or an extension: (its listing, the token, shown once).
    pub fn create_token(&self, name: &str) -> Result<(TokenInfo, String)> {
        let issued = self.library.create_token(name)?;
        Ok((issued.info, issued.token))
    }

    pub fn list_tokens(&self) -> Result<Vec<TokenInfo>> {
        Ok(self.library.list_tokens()?)
    }

    pub fn revoke_token(&self, id: &str) -> Result<()> {
        Ok(self.library.revoke_token(id)?)
    }

    /// Whether `token` is a live token (noting its use).
    pub fn check_token(&self, token: &str) -> Result<bool> {
        Ok(self.library.check_token(token)?.is_some())
    }

    pub fn request_pairing(&self, name: &str) -> Result<PairingTicket> {
        self.pairings.request(name)
    }

    /// The pairing requests waiting for the person's answer; also revokes
    /// tokens approved earlier but never collected.
    pub fn list_pairings(&self) -> Result<Vec<PairingRequest>> {
        let pending = self.pairings.pending();
        self.pairings.revoke_abandoned(&self.library)?;
        Ok(pending)
    }

    pub fn approve_pairing(&self, pairing_id: &str) -> Result<()> {
        self.pairings.approve(&self.library, pairing_id)
    }

    pub fn deny_pairing(&self, pairing_id: &str) -> Result<()> {
        self.pairings.deny(pairing_id)
    }

    pub fn poll_pairing(&self, pairing_id: &str, secret: &str) -> Result<PairingStatus> {
        self.pairings.poll(pairing_id, secret)
    }

    /// The earlier versions of an article kept when it was clipped again, oldest first.
    pub fn list_versions(&self, id: &str) -> Result<Vec<ArticleVersionInfo>> {
        Ok(self.library.versions(id)?)
    }

    /// Version `number` (from 1) of an article.
    pub fn get_version(&self, id: &str, number: u32) -> Result<ArticleVersion> {
        Ok(self.library.version(id, number)?)
    }
}

// Imports (issue 8)
pub use quire_core::import::jobs::FetchPolicy;

impl Api {
    /// Imports an export file sent as bytes (the desktop app's IPC): written
    /// to a temporary file first, so the import reads it as it reads any file.
    pub fn import_bytes(&self, bytes: &[u8], name: &str) -> Result<ImportStarted> {
        use std::io::Write;
        let io = |e: std::io::Error| ErrorBody::new("io", format!("cannot store the uploaded file: {e}"));
        let mut file = tempfile::NamedTempFile::new().map_err(io)?;
        file.write_all(bytes).map_err(io)?;
        file.flush().map_err(io)?;
        self.import_file(file.path(), name)
    }

    /// Imports the export file at `path` (`name` is how reports call it):
    /// returns once every row is stored or queued; the fetch worker does the rest.
    pub fn import_file(&self, path: &Path, name: &str) -> Result<ImportStarted> {
        let summary = self.library.import_file(path, name, &mut |_, _| {})?;
        Ok(ImportStarted { job_id: summary.job_id })
    }

    pub fn import_jobs(&self) -> Result<Vec<ImportJob>> {
        Ok(self.library.import_jobs()?)
    }

    pub fn import_job(&self, id: &str) -> Result<ImportJob> {
        Ok(self.library.import_job(id)?)
    }

    /// Puts failed fetches (of one job, or all) back in the queue.
    pub fn retry_import(&self, job_id: Option<&str>) -> Result<ImportJob> {
        self.library.retry_import_fetches(job_id)?;
        match job_id {
            Some(id) => self.import_job(id),
            None => self
                .import_jobs()?
                .into_iter()
                .next()
                .ok_or_else(|| ErrorBody::new("not_found", "there are no import jobs")),
        }
    }

    /// Runs the import fetch worker on its own thread for as long as the
    /// process lives (`quire serve` and the desktop app call this once).
    pub fn start_import_worker(&self, policy: quire_core::import::jobs::FetchPolicy) {
        let library = self.library.clone();
        std::thread::spawn(move || {
            let stop = std::sync::atomic::AtomicBool::new(false);
            if let Err(e) = library.run_import_worker(&policy, false, &stop, &|_, _| {}) {
                eprintln!("quire: the import fetch worker stopped: {e}");
            }
        });
    }

    // Photos (issue 5)

    /// Saves an image file's bytes as a photo item (verified, stored with its
    /// derived sizes, dated by its EXIF when no date is given).
    pub fn add_photo(&self, bytes: Vec<u8>, req: &AddPhotoRequest) -> Result<ArticleSummary> {
        let url =
            req.url.as_deref().filter(|u| !u.trim().is_empty()).map(quire_core::fetch::parse_web_url).transpose()?;
        let name = req.file_name.as_deref().unwrap_or("photo");
        Ok(self.library.add_photo(bytes, name, url.as_ref(), req.caption.as_deref(), req.date.as_deref())?.article)
    }
}

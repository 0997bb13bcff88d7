//! The one API surface every front end uses: the CLI, the Tauri commands and
//! the loopback HTTP server call these same functions with these same DTOs.
//!
//! Functions here are blocking (they touch SQLite, and sometimes the network);
//! async callers run them with `spawn_blocking`, never on an async worker.

pub mod http;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use quire_core::{Library, PhotoSize};
use serde::Serialize;

/// The DTOs, generated as TypeScript for the UI (see `tests/typescript.rs`).
pub mod dto {
    pub use crate::ErrorBody;
    pub use quire_core::{
        AddOutcome, AddRequest, ArticleDetail, ArticlePatch, ArticleState, ArticleSummary, ListQuery, PhotoRetry,
        SearchHit, SearchQuery, SortKey, TagCount,
    };
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

/// An open library, cheap to clone and share between threads.
#[derive(Clone, Debug)]
pub struct Api {
    library: Arc<Library>,
}

type Result<T> = std::result::Result<T, ApiError>;

impl Api {
    /// Opens (creating or upgrading) the library at `path`.
    pub fn open(path: &Path) -> Result<Api> {
        Ok(Api { library: Arc::new(Library::open(path)?) })
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

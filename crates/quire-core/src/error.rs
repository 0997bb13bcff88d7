//! The core's one error type. Adapters turn it into `{code, message}` for the
//! wire; [`Error::code`] is the stable part they switch on.

use std::path::PathBuf;

/// Everything that can go wrong in the core, each variant naming the problem
/// in words a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path} is not a Quire library (not a SQLite database)")]
    NotALibrary { path: PathBuf },
    #[error(
        "{path} was written by a newer Quire (schema version {found}, this build knows up to {supported}); update Quire to open it"
    )]
    SchemaTooNew { path: PathBuf, found: u32, supported: u32 },
    #[error("cannot open the library at {path}: {reason}")]
    CannotOpen { path: PathBuf, reason: String },
    #[error("no article with id {0}")]
    NotFound(String),
    #[error("the id {0} matches more than one article; give more characters")]
    AmbiguousId(String),
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("{0}")]
    NotHtml(String),
    #[error("could not fetch {url}: {reason}")]
    Fetch { url: String, reason: String },
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error("I/O error on {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Clip by URL (issue 7): a fetch that failed for a reason with its own code.
    #[error("could not save {url}: {kind}")]
    Page { url: String, kind: crate::fetch_error::FetchError },
    // Highlights and notes (issue 6)
    #[error("no {kind} with id {id}")]
    AnnotationNotFound { kind: &'static str, id: String },
    #[error("invalid highlight: {0}")]
    InvalidHighlight(String),
    // Imports (issue 8)
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
}

impl Error {
    /// A stable machine-readable code; front ends switch on it, never on the text.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotALibrary { .. } => "not_a_library",
            Error::SchemaTooNew { .. } => "schema_too_new",
            Error::CannotOpen { .. } => "cannot_open",
            Error::NotFound(_) => "not_found",
            Error::AmbiguousId(_) => "ambiguous_id",
            Error::InvalidUrl { .. } => "invalid_url",
            Error::NotHtml(_) => "not_html",
            Error::Fetch { .. } => "fetch_failed",
            Error::Invalid(_) => "invalid_input",
            Error::Io { .. } => "io",
            Error::Sqlite(_) => "database",
            Error::Page { kind, .. } => kind.code(),
            // Highlights and notes (issue 6)
            Error::AnnotationNotFound { .. } => "not_found",
            Error::InvalidHighlight(_) => "invalid_highlight",
            // Imports (issue 8)
            Error::Import(e) => e.code(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

//! Quire's core: a person's library of saved articles in one SQLite file.
//!
//! This crate knows nothing of its callers: the CLI, the HTTP API and the
//! desktop app are thin adapters over [`Library`]. It does no wire formats
//! (the `serde` feature only derives them for the adapters).

pub mod anchoring;
mod annotation_model;
pub mod annotations;
pub mod articles;
pub mod cjk;
mod error;
pub mod export;
pub mod fetch;
mod ids;
// Imports (issue 8)
pub mod import;
pub mod ingest;
mod library;
mod model;
pub mod note_html;
pub mod notes_import;
pub mod photos;
pub mod purge;
pub mod render;
pub mod schema;
pub mod search;
// Browser clipping (issue 7)
pub mod fetch_error;
pub mod tokens;
mod upgrade;
pub mod versions;

use std::path::Path;

pub use error::{Error, Result};
pub use fetch::Page;
pub use library::{Library, NEW_LIBRARY_PAGE_SIZE, default_library_path};
pub use model::*;
// Highlights and notes (issue 6)
pub use annotation_model::*;
pub use photos::PhotoSize;
pub use quire_extract as extract;
pub use upgrade::{PendingUpgrade, pending_upgrade};

impl Library {
    /// Saves a page already in hand (a file, pasted HTML, a clip). Returns as
    /// soon as the article is committed; its photos wait in `article_photos`.
    pub fn add_page(&self, page: &Page) -> Result<AddOutcome> {
        let extraction = ingest::extract_page(page)?;
        self.write(|tx| ingest::store(tx, page, &extraction))
    }

    /// Saves a page and then its photos: returns once every photo is stored
    /// or recorded as failed (the article is committed first either way).
    pub fn add_page_with_photos(&self, page: &Page) -> Result<AddOutcome> {
        let mut outcome = self.add_page(page)?;
        let (_, failed) = self.fetch_photos(&outcome.article.id)?;
        if failed > 0 {
            outcome.warnings.push(format!("{failed} photo(s) could not be saved"));
        }
        Ok(outcome)
    }

    /// Fetches the page at `url` and saves it.
    pub fn add_url(&self, url: &str) -> Result<AddOutcome> {
        let url = fetch::parse_web_url(url)?;
        let page = fetch::fetch_page(&url)?;
        // Clip by URL (issue 7): a paywall's teaser is refused, not stored as the article.
        let extraction = ingest::extract_page(&page)?;
        fetch_error::check_paywall(&page.bytes, extraction.article.word_count)
            .map_err(|kind| Error::Page { url: url.to_string(), kind })?;
        let mut outcome = self.write(|tx| ingest::store(tx, &page, &extraction))?;
        let (_, failed) = self.fetch_photos(&outcome.article.id)?;
        if failed > 0 {
            outcome.warnings.push(format!("{failed} photo(s) could not be saved"));
        }
        Ok(outcome)
    }

    /// Saves what an [`AddRequest`] describes: HTML when given, else the URL.
    pub fn add(&self, req: &AddRequest) -> Result<AddOutcome> {
        match (&req.html, &req.url) {
            (Some(html), url) => {
                let url = url.as_deref().filter(|u| !u.trim().is_empty()).map(fetch::parse_web_url).transpose()?;
                let page =
                    Page { bytes: html.as_bytes().to_vec(), url, content_type: None, file_name: req.file_name.clone() };
                self.add_page(&page)
            }
            (None, Some(url)) => self.add_url(url),
            (None, None) => Err(Error::Invalid("give a URL to fetch or the page's HTML".into())),
        }
    }

    pub fn list(&self, q: &ListQuery) -> Result<Vec<ArticleSummary>> {
        self.read(|c| articles::list(c, q))
    }

    /// How many articles match `q` (its `limit` and `offset` ignored).
    pub fn count(&self, q: &ListQuery) -> Result<u32> {
        self.read(|c| articles::count(c, q))
    }

    pub fn sites(&self) -> Result<Vec<SiteCount>> {
        self.read(articles::sites)
    }

    pub fn article(&self, id: &str) -> Result<ArticleDetail> {
        self.read(|c| articles::detail(c, id))
    }

    /// The article with its `<img>`s pointing at the stored photos, served at
    /// `{photo_base}{hash}` by the front end.
    pub fn article_for_reader(&self, id: &str, photo_base: &str) -> Result<ArticleDetail> {
        self.read(|c| {
            let mut a = articles::detail(c, id)?;
            // Photos (issue 5): failed photos become placeholders the reader can retry.
            (a.content_html, a.photos) = photos::for_reader(c, &a.summary.id, &a.content_html, photo_base)?;
            Ok(a)
        })
    }

    pub fn article_text(&self, id: &str) -> Result<String> {
        self.read(|c| articles::text(c, id))
    }

    pub fn update(&self, id: &str, patch: &ArticlePatch) -> Result<ArticleSummary> {
        self.write(|tx| articles::update(tx, id, patch))
    }

    /// Tombstones the article; [`Library::restore`] undoes it. Returns its id.
    pub fn delete(&self, id: &str) -> Result<String> {
        self.write(|tx| articles::delete(tx, id))
    }

    pub fn restore(&self, id: &str) -> Result<ArticleSummary> {
        self.write(|tx| articles::restore(tx, id))
    }

    pub fn set_tags(&self, id: &str, tags: &[String]) -> Result<ArticleSummary> {
        self.write(|tx| articles::set_tags(tx, id, tags))
    }

    pub fn add_tags(&self, id: &str, tags: &[String]) -> Result<ArticleSummary> {
        self.write(|tx| articles::add_tags(tx, id, tags))
    }

    pub fn remove_tags(&self, id: &str, tags: &[String]) -> Result<ArticleSummary> {
        self.write(|tx| articles::remove_tags(tx, id, tags))
    }

    pub fn tags(&self) -> Result<Vec<TagCount>> {
        self.read(articles::tag_counts)
    }

    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        self.read(|c| search::search(c, q))
    }

    /// Copies the library to `dest` with SQLite's online backup, which gives a
    /// consistent snapshot while other writers carry on.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::Invalid(format!("{} already exists; choose a new file for the backup", dest.display())));
        }
        self.read(|c| {
            c.backup(rusqlite::MAIN_DB, dest, None::<fn(rusqlite::backup::Progress)>)
                .map_err(|e| Error::CannotOpen { path: dest.to_path_buf(), reason: e.to_string() })
        })
    }
}

// Imports (issue 8)
impl Library {
    /// Reads the export file at `path` (format detected from its content) and
    /// writes every row: stored, or queued for the fetch worker. Returns once
    /// every row is stored or queued. `name` is the file name reports show;
    /// `progress` gets (rows written, rows in all).
    pub fn import_file(
        &self,
        path: &Path,
        name: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<import::ImportSummary> {
        let parsed = import::read_file(path, name)?;
        import::stage(self, parsed, name, progress)
    }

    pub fn import_jobs(&self) -> Result<Vec<import::jobs::ImportJob>> {
        self.read(import::jobs::list)
    }

    pub fn import_job(&self, id: &str) -> Result<import::jobs::ImportJob> {
        self.read(|c| import::jobs::get(c, id))
    }

    /// Puts failed fetches back in the queue (of one job, or of all).
    pub fn retry_import_fetches(&self, job_id: Option<&str>) -> Result<u64> {
        self.write(|tx| import::jobs::retry_failed(tx, job_id))
    }

    /// Runs the fetch worker; see [`import::jobs::run_worker`].
    pub fn run_import_worker(
        &self,
        policy: &import::jobs::FetchPolicy,
        until_idle: bool,
        stop: &std::sync::atomic::AtomicBool,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<import::jobs::FetchRun> {
        import::jobs::run_worker(self, policy, until_idle, stop, progress)
    }
}

//! The plain data the core hands out and takes in.
//!
//! These are the DTOs of every front end as well: with the `serde` feature
//! (enabled only by the adapter crate) they serialise and export TypeScript
//! types, so the UI's types are generated from here and never drift.

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

macro_rules! dto {
    ($item:item) => {
        #[cfg_attr(feature = "serde", derive(Serialize, Deserialize, ts_rs::TS))]
        #[derive(Debug, Clone, PartialEq)]
        $item
    };
}

dto! {
    /// Where an article is in the reading flow. Deletion is not a state: it is a tombstone.
    #[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
    #[derive(Copy, Eq, Default)]
    pub enum ArticleState {
        #[default]
        Unread,
        Archived,
    }
}

impl ArticleState {
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleState::Unread => "unread",
            ArticleState::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<ArticleState> {
        match s {
            "unread" => Some(ArticleState::Unread),
            "archived" => Some(ArticleState::Archived),
            _ => None,
        }
    }
}

dto! {
    /// The orders the library can be listed in.
    #[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
    #[derive(Copy, Eq, Default)]
    pub enum SortKey {
        /// Newest saved first.
        #[default]
        Saved,
        /// Newest published first; articles without a date last.
        Published,
        Title,
        /// Shortest first.
        ReadingTime,
    }
}

dto! {
    /// One article as a row of the library.
    pub struct ArticleSummary {
        pub id: String,
        pub url: String,
        pub title: String,
        pub site_name: Option<String>,
        pub bylines: Vec<String>,
        pub published: Option<String>,
        pub saved_at: String,
        pub updated_at: String,
        pub reading_minutes: u32,
        pub word_count: u32,
        pub excerpt: Option<String>,
        pub state: ArticleState,
        pub favourite: bool,
        pub progress: f64,
        pub tags: Vec<String>,
        pub lead_image: Option<String>,
        /// The hash of the article's first stored photo, for its thumbnail in
        /// the library (`/photos/<hash>?size=thumb`); `None` without photos.
        pub lead_photo: Option<String>,
        // Photos (issue 5)
        /// A saved page, or a photo saved on its own.
        pub kind: ItemKind,
        /// For a photo item: the content hash of its photo, served at `/photos/<hash>`.
        pub photo: Option<String>,
    }
}

dto! {
    /// One article with its body, for the reader.
    pub struct ArticleDetail {
        #[cfg_attr(feature = "serde", serde(flatten))]
        pub summary: ArticleSummary,
        pub standfirst: Option<String>,
        pub section: Option<String>,
        pub canonical_url: Option<String>,
        pub lang: Option<String>,
        pub dir: Option<String>,
        /// Sanitised HTML fragment. A photo that is not stored has no `src`
        /// here: its `<img>` carries `data-quire-photo` (the status) and
        /// `data-quire-photo-index` (its position in `photos`) instead.
        pub content_html: String,
        // Photos (issue 5)
        /// The article's photos in page order, stored or not, for the reader's placeholders.
        pub photos: Vec<ArticlePhoto>,
    }
}

dto! {
    /// Which articles to list and how. Every field is optional on the wire.
    #[derive(Default)]
    pub struct ListQuery {
        pub state: Option<ArticleState>,
        pub favourite: Option<bool>,
        pub tag: Option<String>,
        pub site: Option<String>,
        /// Only articles with (or, when false, without) highlights.
        pub has_highlights: Option<bool>,
        pub sort: Option<SortKey>,
        pub limit: Option<u32>,
        pub offset: Option<u32>,
    }
}

dto! {
    /// Save a page: give a `url` to fetch, or the page's `html` (with the `url`
    /// it came from when known, and the `file_name` it was read from).
    #[derive(Default)]
    pub struct AddRequest {
        pub url: Option<String>,
        pub html: Option<String>,
        pub file_name: Option<String>,
    }
}

dto! {
    /// A change to an article's reading state; absent fields stay as they are.
    #[derive(Default)]
    pub struct ArticlePatch {
        pub state: Option<ArticleState>,
        pub favourite: Option<bool>,
        pub progress: Option<f64>,
    }
}

dto! {
    #[derive(Default)]
    pub struct SearchQuery {
        pub q: String,
        pub limit: Option<u32>,
        // Search (issue 8): paging through results; absent means the first page.
        #[cfg_attr(feature = "serde", serde(default))]
        #[cfg_attr(feature = "serde", ts(optional))]
        pub offset: Option<u32>,
    }
}

dto! {
    /// A search result. `snippet` is HTML-escaped text with the matches in `<mark>`.
    pub struct SearchHit {
        pub id: String,
        pub title: String,
        pub site_name: Option<String>,
        pub snippet: String,
        // Search (issue 8): enough to show a hit as a library row.
        pub url: String,
        pub bylines: Vec<String>,
        pub saved_at: String,
        pub state: ArticleState,
        pub favourite: bool,
    }
}

dto! {
    /// A site the library holds articles from, for the site filter.
    pub struct SiteCount {
        pub name: String,
        pub count: u32,
    }
}

dto! {
    pub struct TagCount {
        pub name: String,
        pub count: u32,
    }
}

dto! {
    /// What `add` did: saved a new article, or updated the one already saved
    /// from the same address.
    pub struct AddOutcome {
        pub article: ArticleSummary,
        pub created: bool,
        /// Imperfections of the page, in words (e.g. "no article found").
        pub warnings: Vec<String>,
    }
}

dto! {
    /// What retrying failed photos did: photos now stored, photos still failing.
    #[derive(Copy, Eq, Default)]
    pub struct PhotoRetry {
        pub stored: u32,
        pub failed: u32,
    }
}

// Photos (issue 5)

dto! {
    /// What an item of the library is.
    #[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
    #[derive(Copy, Eq, Default)]
    pub enum ItemKind {
        /// A saved web page.
        #[default]
        Article,
        /// An image saved on its own (dropped, added from a file or clipped).
        Photo,
    }
}

impl ItemKind {
    pub fn parse(s: &str) -> ItemKind {
        if s == "photo" { ItemKind::Photo } else { ItemKind::Article }
    }
}

dto! {
    /// Where one photo of an article stands.
    #[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
    #[derive(Copy, Eq)]
    pub enum PhotoStatus {
        /// In the library: its `<img>` points at `/photos/<hash>`.
        Stored,
        /// Not fetched yet.
        Pending,
        /// Could not be had; `failure` says why, and it can be retried.
        Failed,
        /// Not a photo (an icon, a tracking pixel, an SVG drawing): not kept.
        Skipped,
    }
}

impl PhotoStatus {
    pub fn parse(s: &str) -> PhotoStatus {
        match s {
            "stored" => PhotoStatus::Stored,
            "failed" => PhotoStatus::Failed,
            "skipped" => PhotoStatus::Skipped,
            _ => PhotoStatus::Pending,
        }
    }
}

dto! {
    /// One photo of an article, for the reader.
    pub struct ArticlePhoto {
        pub status: PhotoStatus,
        /// Content hash when stored.
        pub hash: Option<String>,
        /// Why it failed or was skipped, in words.
        pub failure: Option<String>,
        pub caption: Option<String>,
        /// Where it was found on the web.
        pub source_url: String,
    }
}

dto! {
    /// What goes with an image saved as a photo item; every field is optional.
    /// `date` is when it was taken or published (RFC 3339 or a plain date):
    /// without it, the photo's own EXIF `DateTimeOriginal` is used.
    #[derive(Default)]
    pub struct AddPhotoRequest {
        pub caption: Option<String>,
        /// The page the photo was found on.
        pub url: Option<String>,
        pub date: Option<String>,
        pub file_name: Option<String>,
    }
}

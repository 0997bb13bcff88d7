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
        /// Sanitised HTML fragment.
        pub content_html: String,
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

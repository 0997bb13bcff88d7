//! The plain data of highlights and page notes (issue 6), the DTOs of every
//! front end as [`crate::model`]'s are: with the `serde` feature they
//! serialise (snake_case) and export TypeScript types.
//!
//! Positions (`start`, `end`) count Unicode code points over the article's
//! anchor text ([`quire_extract::anchor_text`]), not bytes or UTF-16 units, so
//! the same numbers mean the same passage in Rust, SQLite and the browser.

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
    /// The five highlighter colours.
    #[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
    #[derive(Copy, Eq, Default)]
    pub enum HighlightColor {
        #[default]
        Yellow,
        Green,
        Blue,
        Pink,
        Purple,
    }
}

impl HighlightColor {
    pub const ALL: [HighlightColor; 5] = [
        HighlightColor::Yellow,
        HighlightColor::Green,
        HighlightColor::Blue,
        HighlightColor::Pink,
        HighlightColor::Purple,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HighlightColor::Yellow => "yellow",
            HighlightColor::Green => "green",
            HighlightColor::Blue => "blue",
            HighlightColor::Pink => "pink",
            HighlightColor::Purple => "purple",
        }
    }

    pub fn parse(s: &str) -> Option<HighlightColor> {
        HighlightColor::ALL.into_iter().find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

dto! {
    /// A highlighted passage: a W3C TextQuoteSelector (`exact` with its
    /// `prefix` and `suffix`) and a TextPositionSelector (`start`..`end`).
    /// `orphan` means it could not be re-anchored after the text changed;
    /// `start`/`end` are then its last known place.
    pub struct Highlight {
        pub id: String,
        pub article_id: String,
        pub exact: String,
        pub prefix: String,
        pub suffix: String,
        pub start: u32,
        pub end: u32,
        pub color: HighlightColor,
        /// Markdown, as written.
        pub note: Option<String>,
        /// `note` rendered as safe HTML ([`crate::note_html`]), for display.
        pub note_html: Option<String>,
        pub tags: Vec<String>,
        pub orphan: bool,
        pub created_at: String,
        pub updated_at: String,
    }
}

dto! {
    /// A new highlight over the article's anchor text.
    #[derive(Default)]
    #[cfg_attr(feature = "serde", serde(default))]
    pub struct NewHighlight {
        pub exact: String,
        pub prefix: String,
        pub suffix: String,
        pub start: u32,
        pub end: u32,
        pub color: HighlightColor,
        pub note: Option<String>,
        pub tags: Vec<String>,
    }
}

dto! {
    /// Where a highlight sits: the selectors without the rest.
    #[derive(Default)]
    pub struct Anchor {
        pub exact: String,
        pub prefix: String,
        pub suffix: String,
        pub start: u32,
        pub end: u32,
    }
}

dto! {
    /// A change to a highlight; absent fields stay. An empty `note` clears it;
    /// `reattach` moves the highlight to a new selection and clears `orphan`.
    #[derive(Default)]
    #[cfg_attr(feature = "serde", serde(default))]
    pub struct HighlightPatch {
        pub color: Option<HighlightColor>,
        pub note: Option<String>,
        pub tags: Option<Vec<String>>,
        pub reattach: Option<Anchor>,
    }
}

dto! {
    /// A page note: Markdown about the whole article.
    pub struct Note {
        pub id: String,
        pub article_id: String,
        /// Markdown, as written.
        pub body: String,
        /// `body` rendered as safe HTML ([`crate::note_html`]), for display.
        pub body_html: String,
        pub created_at: String,
        pub updated_at: String,
    }
}

dto! {
    #[derive(Default)]
    pub struct NewNote {
        pub body: String,
    }
}

dto! {
    #[derive(Default)]
    pub struct NotePatch {
        pub body: String,
    }
}

dto! {
    /// An article's highlights in reading order (orphans last) and its notes.
    #[derive(Default)]
    pub struct ArticleAnnotations {
        pub highlights: Vec<Highlight>,
        pub notes: Vec<Note>,
    }
}

dto! {
    /// How the library-wide highlight list is ordered.
    #[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
    #[derive(Copy, Eq, Default)]
    pub enum HighlightSort {
        /// Newest first.
        #[default]
        Date,
        /// Grouped by article (newest saved first), reading order within.
        Article,
    }
}

dto! {
    /// Which highlights to list across the library; every field optional.
    #[derive(Default)]
    #[cfg_attr(feature = "serde", serde(default))]
    pub struct HighlightQuery {
        pub q: Option<String>,
        pub color: Option<HighlightColor>,
        pub tag: Option<String>,
        pub article: Option<String>,
        pub sort: Option<HighlightSort>,
        pub limit: Option<u32>,
        pub offset: Option<u32>,
    }
}

dto! {
    /// A highlight with its article, for the library-wide view. `snippet` is
    /// HTML-escaped text with the matches in `<mark>`, when `q` was given.
    pub struct LibraryHighlight {
        pub highlight: Highlight,
        pub article_title: String,
        pub article_url: String,
        pub snippet: Option<String>,
    }
}

dto! {
    /// What a library-wide annotation is.
    #[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
    #[derive(Copy, Eq)]
    pub enum AnnotationKind {
        Highlight,
        /// A page note: about the whole article.
        Note,
    }
}

dto! {
    /// Which highlights and page notes to list across the library; every field
    /// optional. Page notes have no colour or tags, so a `color` or `tag`
    /// filter lists highlights only.
    #[derive(Default)]
    #[cfg_attr(feature = "serde", serde(default))]
    pub struct AnnotationQuery {
        pub q: Option<String>,
        pub kind: Option<AnnotationKind>,
        pub color: Option<HighlightColor>,
        pub tag: Option<String>,
        pub article: Option<String>,
        pub sort: Option<HighlightSort>,
        pub limit: Option<u32>,
        pub offset: Option<u32>,
    }
}

dto! {
    /// A highlight or a page note with its article, for the library-wide
    /// view: `highlight` is set when `kind` is `highlight`, `note` when it is
    /// `note`. `snippet` is as in [`LibraryHighlight`].
    pub struct LibraryAnnotation {
        pub kind: AnnotationKind,
        pub highlight: Option<Highlight>,
        pub note: Option<Note>,
        pub article_title: String,
        pub article_url: String,
        pub snippet: Option<String>,
    }
}

dto! {
    /// Highlights and page notes picked one by one, to export just those.
    #[derive(Default)]
    #[cfg_attr(feature = "serde", serde(default))]
    pub struct ExportSelection {
        pub highlights: Vec<String>,
        pub notes: Vec<String>,
    }
}

/// The formats annotations export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Markdown,
    ReadwiseCsv,
    W3cJsonld,
    Html,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<ExportFormat> {
        match s {
            "markdown" => Some(ExportFormat::Markdown),
            "readwise-csv" => Some(ExportFormat::ReadwiseCsv),
            "w3c-jsonld" => Some(ExportFormat::W3cJsonld),
            "html" => Some(ExportFormat::Html),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "markdown",
            ExportFormat::ReadwiseCsv => "readwise-csv",
            ExportFormat::W3cJsonld => "w3c-jsonld",
            ExportFormat::Html => "html",
        }
    }

    /// The media type of one exported file.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "text/markdown; charset=utf-8",
            ExportFormat::ReadwiseCsv => "text/csv; charset=utf-8",
            ExportFormat::W3cJsonld => "application/ld+json; charset=utf-8",
            ExportFormat::Html => "text/html; charset=utf-8",
        }
    }
}

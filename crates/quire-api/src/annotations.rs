//! Highlights, page notes and their export (issue 6), as [`Api`] methods:
//! the same calls back the Tauri commands, `quire serve` and the CLI.

use quire_core::{
    AnnotationQuery, ArticleAnnotations, ExportFormat, ExportSelection, Highlight, HighlightPatch, HighlightQuery,
    LibraryAnnotation, LibraryHighlight, NewHighlight, NewNote, Note, NotePatch,
};

use crate::{Api, ErrorBody};

type Result<T> = std::result::Result<T, ErrorBody>;

/// Reads the `format` of an export request.
pub fn export_format(format: &str) -> Result<ExportFormat> {
    ExportFormat::parse(format).ok_or_else(|| {
        ErrorBody::new(
            "invalid_input",
            format!("no export format {format:?}: use markdown, html, readwise-csv or w3c-jsonld"),
        )
    })
}

impl Api {
    pub fn article_annotations(&self, id: &str) -> Result<ArticleAnnotations> {
        Ok(self.library.article_annotations(id)?)
    }

    pub fn add_highlight(&self, article_id: &str, new: &NewHighlight) -> Result<Highlight> {
        Ok(self.library.add_highlight(article_id, new)?)
    }

    pub fn update_highlight(&self, id: &str, patch: &HighlightPatch) -> Result<Highlight> {
        Ok(self.library.update_highlight(id, patch)?)
    }

    pub fn delete_highlight(&self, id: &str) -> Result<()> {
        Ok(self.library.delete_highlight(id)?)
    }

    pub fn add_note(&self, article_id: &str, new: &NewNote) -> Result<Note> {
        Ok(self.library.add_note(article_id, new)?)
    }

    pub fn update_note(&self, id: &str, patch: &NotePatch) -> Result<Note> {
        Ok(self.library.update_note(id, patch)?)
    }

    pub fn delete_note(&self, id: &str) -> Result<()> {
        Ok(self.library.delete_note(id)?)
    }

    pub fn library_highlights(&self, q: &HighlightQuery) -> Result<Vec<LibraryHighlight>> {
        Ok(self.library.library_highlights(q)?)
    }

    /// Highlights and page notes across the library (the library-wide view).
    pub fn library_annotations(&self, q: &AnnotationQuery) -> Result<Vec<LibraryAnnotation>> {
        Ok(self.library.library_annotations(q)?)
    }

    /// The chosen highlights and page notes as one file's text, in any format:
    /// several articles' Markdown is one digest, their HTML one page.
    pub fn export_selection(&self, format: &str, selection: &ExportSelection) -> Result<String> {
        Ok(self.library.export_selection_text(export_format(format)?, selection)?)
    }

    /// One article's highlights and notes as one file's text: `markdown`
    /// (photos linked by their library path), `html` (photos embedded),
    /// `readwise-csv` or `w3c-jsonld`.
    pub fn export_article(&self, id: &str, format: &str) -> Result<String> {
        Ok(self.library.export_article_text(id, export_format(format)?)?)
    }

    /// The whole library's highlights as one file: `readwise-csv` or `w3c-jsonld`.
    pub fn export_library(&self, format: &str) -> Result<String> {
        let format = export_format(format)?;
        if !matches!(format, ExportFormat::ReadwiseCsv | ExportFormat::W3cJsonld) {
            return Err(ErrorBody::new(
                "invalid_input",
                "the whole library exports to one file only as readwise-csv or w3c-jsonld; markdown and html write a folder (quire export)",
            ));
        }
        Ok(self.library.export_library_text(format)?)
    }
}

//! The CLI of highlights and notes (issue 6): `highlight`, `highlights`,
//! `note`, `export`, and reading notes files for `quire import`. Thin adapters over
//! `quire_api`/`quire_core`, like every other command.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use quire_api::Api;
use quire_api::dto::*;
use quire_core::ExportFormat;
use quire_core::notes_import::{self, MAX_FILE_BYTES, NoteFormat};

#[derive(Subcommand)]
pub enum AnnotationCommand {
    /// Highlight a passage of an article, found by its text (whitespace compared loosely).
    Highlight {
        /// The article's id (or a unique prefix of it).
        id: String,
        /// The passage's text, as it reads in the article.
        #[arg(long, value_name = "TEXT")]
        quote: String,
        /// A note on the highlight (Markdown).
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        #[arg(long, value_enum, default_value_t = ColorArg::Yellow)]
        color: ColorArg,
        /// Tag the highlight (repeatable).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Which occurrence, when the text occurs more than once (1 is the first).
        #[arg(long, value_name = "N")]
        occurrence: Option<usize>,
        /// Print the highlight as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the highlights of one article, or of the whole library; orphans are marked.
    Highlights {
        /// The article's id (or a unique prefix); every article when left out.
        id: Option<String>,
        /// Print one JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Add a page note (Markdown) to an article.
    Note {
        id: String,
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// Export highlights and notes: readwise-csv and w3c-jsonld write one file
    /// at DEST, markdown and html write a folder of files, one per article.
    /// The whole library, one article (--article), or only the highlights and
    /// page notes named by --highlight and --note.
    Export {
        #[arg(long, value_enum)]
        format: ExportArg,
        /// Only this article (id or unique prefix).
        #[arg(long, value_name = "ID", conflicts_with_all = ["highlights", "notes"])]
        article: Option<String>,
        /// Only this highlight (its full id, as `quire highlights` prints it; repeatable).
        #[arg(long = "highlight", value_name = "ID")]
        highlights: Vec<String>,
        /// Only this page note (its full id; repeatable).
        #[arg(long = "note", value_name = "ID")]
        notes: Vec<String>,
        dest: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ColorArg {
    Yellow,
    Green,
    Blue,
    Pink,
    Purple,
}

impl From<ColorArg> for HighlightColor {
    fn from(c: ColorArg) -> Self {
        match c {
            ColorArg::Yellow => HighlightColor::Yellow,
            ColorArg::Green => HighlightColor::Green,
            ColorArg::Blue => HighlightColor::Blue,
            ColorArg::Pink => HighlightColor::Pink,
            ColorArg::Purple => HighlightColor::Purple,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportArg {
    Markdown,
    ReadwiseCsv,
    W3cJsonld,
    Html,
}

impl From<ExportArg> for ExportFormat {
    fn from(f: ExportArg) -> Self {
        match f {
            ExportArg::Markdown => ExportFormat::Markdown,
            ExportArg::ReadwiseCsv => ExportFormat::ReadwiseCsv,
            ExportArg::W3cJsonld => ExportFormat::W3cJsonld,
            ExportArg::Html => ExportFormat::Html,
        }
    }
}

/// One line per highlight: id, colour, place (or `orphan`), quote, note.
fn print_line(out: &mut impl Write, h: &Highlight) -> std::io::Result<()> {
    let place = if h.orphan { "orphan".to_string() } else { format!("{}..{}", h.start, h.end) };
    let quote = h.exact.split_whitespace().collect::<Vec<_>>().join(" ");
    write!(out, "{}\t{}\t{place}\t{quote}", h.id, h.color.as_str())?;
    if let Some(note) = &h.note {
        write!(out, "\t{}", note.split_whitespace().collect::<Vec<_>>().join(" "))?;
    }
    writeln!(out)
}

pub fn run(api: &Api, command: AnnotationCommand, out: &mut impl Write) -> anyhow::Result<()> {
    let lib = api.library();
    match command {
        AnnotationCommand::Highlight { id, quote, note, color, tags, occurrence, json } => {
            let h = lib.highlight_quote(&id, &quote, occurrence, color.into(), note.as_deref(), &tags)?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&h)?)?;
            } else {
                print_line(out, &h)?;
            }
        }
        AnnotationCommand::Highlights { id, json } => {
            let highlights: Vec<Highlight> = match &id {
                Some(id) => lib.article_annotations(id)?.highlights,
                None => quire_core::annotations::all_highlights(lib)?,
            };
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&highlights)?)?;
            } else {
                for h in &highlights {
                    print_line(out, h)?;
                }
            }
        }
        AnnotationCommand::Note { id, text, json } => {
            let n = lib.add_note(&id, &NewNote { body: text })?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&n)?)?;
            } else {
                writeln!(out, "{}", n.id)?;
            }
        }
        AnnotationCommand::Export { format, article, highlights, notes, dest } => {
            let done = if highlights.is_empty() && notes.is_empty() {
                lib.export_to(format.into(), article.as_deref(), &dest)?
            } else {
                lib.export_selection_to(format.into(), &ExportSelection { highlights, notes }, &dest)?
            };
            writeln!(
                out,
                "exported {} highlight(s) and {} note(s) of {} article(s) to {}",
                done.highlights,
                done.notes,
                done.articles,
                dest.display()
            )?;
        }
    }
    Ok(())
}

/// Reads a notes file for `quire import`; `None` when it is not one of the
/// notes formats only this importer reads (JSON-LD, Readwise highlights CSV,
/// an Omnivore highlights .md, Quire's Markdown). Instapaper CSVs and Omnivore
/// zips are whole libraries: the library importer takes them, highlights included.
pub fn read_notes_file(file: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    let size = std::fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?.len();
    if size > MAX_FILE_BYTES {
        return Ok(None);
    }
    // The format is told from the start of the file, so a library export (up
    // to 200 MB) is not read whole here only to be read again by its importer.
    let mut prefix = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut prefix))
        .with_context(|| format!("cannot read {}", file.display()))?;
    if (prefix.len() as u64) < size && !looks_like_notes(&prefix) {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(size as usize);
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .with_context(|| format!("cannot read {}", file.display()))?;
    Ok(match notes_import::sniff(&bytes) {
        Some(NoteFormat::InstapaperCsv | NoteFormat::OmnivoreZip) | None => None,
        Some(_) => Some(bytes),
    })
}

/// Bytes read to tell a notes file from a library export.
const SNIFF_BYTES: u64 = 256 * 1024;

/// Whether the first [`SNIFF_BYTES`] of a larger file may be a notes file:
/// zips never are (an Omnivore zip is a library), JSON only when it names
/// W3C annotations early, text when its complete lines already sniff as notes.
fn looks_like_notes(prefix: &[u8]) -> bool {
    if prefix.starts_with(b"PK\x03\x04") {
        return false;
    }
    let start = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix).trim_ascii_start();
    if start.starts_with(b"{") || start.starts_with(b"[") {
        return prefix.windows(b"\"Annotation".len()).any(|w| w == b"\"Annotation");
    }
    let lines = prefix.iter().rposition(|&b| b == b'\n').map_or(prefix, |end| &prefix[..=end]);
    !matches!(notes_import::sniff(lines), Some(NoteFormat::InstapaperCsv | NoteFormat::OmnivoreZip) | None)
}

/// Restores the highlights and notes in a notes file onto the saved articles they belong to.
pub fn import_notes(api: &Api, bytes: &[u8], out: &mut impl Write) -> anyhow::Result<()> {
    let done = api.library().import_notes(bytes)?;
    writeln!(
        out,
        "{}: added {} highlight(s) ({} orphaned) and {} note(s); {} already there",
        done.format.unwrap_or("notes"),
        done.highlights_added,
        done.orphans,
        done.notes_added,
        done.already_there
    )?;
    for what in &done.unmatched {
        eprintln!("quire: warning: no saved article for {what}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::looks_like_notes;

    #[test]
    fn the_start_of_a_large_file_tells_notes_from_a_library() {
        let mut pocket = b"url,title,time_added,tags,status\n".to_vec();
        pocket.extend(b"https://example.com/a,A,1700000000,,unread\nhttps://exa");
        assert!(!looks_like_notes(&pocket), "a Pocket CSV is a library");
        assert!(!looks_like_notes(b"PK\x03\x04rest of a zip"), "zips are libraries");
        assert!(!looks_like_notes(br#"[{"url": "https://example.com", "annotations": []"#), "wallabag JSON");
        assert!(looks_like_notes(
            br#"{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "#
        ));
        assert!(looks_like_notes(b"Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags,URL,Title\nA quote,T,"), "a cut-off Readwise CSV");
    }
}

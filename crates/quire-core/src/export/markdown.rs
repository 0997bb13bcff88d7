//! Markdown for Obsidian and other Markdown tools: YAML front matter (made by
//! serde_yaml, so any title, however full of quotes, colons or newlines, stays
//! valid YAML), then each highlight as a `>` quote with its note below it, the
//! page notes, and the article's photos (files beside the Markdown).
//!
//! Each highlight is preceded by an HTML comment carrying its colour and tags
//! as JSON (`<!-- quire:highlight {...} -->`): invisible when the Markdown is
//! rendered, and what lets `quire import` read the file back exactly.

use serde_yaml::{Mapping, Value};

use super::{AnnotatedArticle, address};

pub const HIGHLIGHT_MARKER: &str = "<!-- quire:highlight ";
pub const NOTES_HEADING: &str = "## Page notes";

fn front_matter(a: &AnnotatedArticle) -> String {
    let s = &a.summary;
    let mut m = Mapping::new();
    let text = |v: &str| Value::String(v.to_string());
    m.insert(text("title"), text(&s.title));
    m.insert(text("author"), if s.bylines.is_empty() { Value::Null } else { text(&s.bylines.join(", ")) });
    m.insert(text("url"), text(address(a)));
    m.insert(text("saved"), text(&s.saved_at));
    m.insert(text("published"), s.published.as_deref().map(text).unwrap_or(Value::Null));
    m.insert(text("tags"), Value::Sequence(s.tags.iter().map(|t| text(t)).collect()));
    serde_yaml::to_string(&m).unwrap_or_default()
}

/// JSON that cannot end the HTML comment it sits in.
fn marker_json(h: &crate::annotation_model::Highlight) -> String {
    let v = serde_json::json!({ "id": h.id, "color": h.color.as_str(), "tags": h.tags, "start": h.start });
    v.to_string().replace('>', "\\u003e")
}

/// The article's Markdown; `photos` are (relative path, caption) of files written beside it.
pub fn write(a: &AnnotatedArticle, photos: &[(String, Option<String>)]) -> String {
    let mut out = format!("---\n{}---\n\n# {}\n\n", front_matter(a), a.summary.title.replace('\n', " "));
    annotations(&mut out, a, NOTES_HEADING);
    if !photos.is_empty() {
        out += "## Photos\n\n";
        for (path, caption) in photos {
            let alt = caption.as_deref().unwrap_or("").replace(['[', ']', '\n'], " ");
            out += &format!("![{alt}]({path})\n\n");
        }
    }
    out
}

/// Several articles' highlights and notes as one Markdown text (a selection
/// copied or downloaded at once): a section per article with its title,
/// author and address, the same quotes, notes and markers as [`write`]
/// below it. One file has one front matter, so the articles' go in the text.
pub fn digest(articles: &[AnnotatedArticle]) -> String {
    let mut out = String::from("# Highlights from Quire\n\n");
    for a in articles {
        out += &format!("## {}\n\n", a.summary.title.replace('\n', " "));
        if !a.summary.bylines.is_empty() {
            out += &format!("{}  \n", a.summary.bylines.join(", "));
        }
        out += &format!("<{}>\n\n", address(a));
        annotations(&mut out, a, "### Page notes");
    }
    out
}

/// Each highlight as a quote with its note below it, then the page notes under `notes_heading`.
fn annotations(out: &mut String, a: &AnnotatedArticle, notes_heading: &str) {
    for h in &a.highlights {
        *out += &format!("{HIGHLIGHT_MARKER}{} -->\n", marker_json(h));
        for line in h.exact.lines() {
            *out += if line.trim().is_empty() { ">\n".to_string() } else { format!("> {line}\n") }.as_str();
        }
        out.push('\n');
        if let Some(note) = &h.note {
            *out += note.trim();
            *out += "\n\n";
        }
    }
    if !a.notes.is_empty() {
        *out += notes_heading;
        *out += "\n\n";
        for n in &a.notes {
            *out += "<!-- quire:note -->\n";
            *out += n.body.trim();
            *out += "\n\n";
        }
    }
}

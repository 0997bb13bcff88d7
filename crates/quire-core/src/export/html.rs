//! A standalone HTML page of one article: its stored (sanitised) body with
//! the highlights marked in place and the photos embedded as `data:` URIs,
//! then the highlights and page notes as a list (notes rendered from their
//! Markdown through the notes allowlist). Everything taken from the library is
//! escaped or sanitised (the body before it was stored), and the page's
//! Content-Security-Policy forbids scripts and any outside load, so opening an
//! export can run nothing and reach nothing.

use base64::Engine;
use rusqlite::Connection;

use super::jsonld::css_colour;
use super::{AnnotatedArticle, address, display_photo};
use crate::annotation_model::HighlightColor;
use crate::error::Result;
use crate::note_html::note_html;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The body with each stored photo's `src` replaced by its data.
fn embed_photos(c: &Connection, article_id: &str, html: &str) -> Result<String> {
    let mut stmt = c.prepare_cached(
        "SELECT source_url, photo_hash FROM article_photos
         WHERE article_id = ?1 AND status = 'stored' AND photo_hash IS NOT NULL",
    )?;
    let pairs: Vec<(String, String)> =
        stmt.query_map([article_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut out = html.to_string();
    for (src, hash) in pairs {
        let needle = format!("src=\"{}\"", src.replace('&', "&amp;").replace('"', "&quot;"));
        if !out.contains(&needle) {
            continue;
        }
        let Some(photo) = display_photo(c, &hash)? else { continue };
        let data = base64::engine::general_purpose::STANDARD.encode(&photo.bytes);
        out = out.replace(&needle, &format!("src=\"data:{};base64,{data}\"", escape(&photo.media_type)));
    }
    Ok(out)
}

/// A standalone page: one article, or (a selection spanning several) an
/// `<article>` for each, in order.
pub fn page(c: &Connection, articles: &[AnnotatedArticle]) -> Result<String> {
    let (lang, title) = match articles {
        [one] => (
            crate::annotations::article_lang(c, &one.summary.id)?.unwrap_or_else(|| "en".into()),
            one.summary.title.clone(),
        ),
        _ => ("en".to_string(), "Highlights from Quire".to_string()),
    };
    let colours: String = HighlightColor::ALL
        .iter()
        .map(|c| format!("mark.{} {{ background: {} }}\n", c.as_str(), css_colour(*c)))
        .collect();
    let mut out = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n\
         body {{ font: 18px/1.6 Georgia, serif; max-width: 40em; margin: 2em auto; padding: 0 1em; }}\n\
         img {{ max-width: 100%; height: auto; }}\nmark {{ color: inherit; }}\n{colours}\
         .note {{ color: #444; }}\n.note > :first-child {{ margin-top: 0; }}\n</style>\n</head>\n<body>\n",
        lang = escape(&lang),
        title = escape(&title),
    );
    for a in articles {
        out += &article(c, a)?;
    }
    out += "</body>\n</html>\n";
    Ok(out)
}

/// One article: its body with the highlights marked, then the highlights
/// (notes rendered from their Markdown by [`note_html`]) and the page notes.
fn article(c: &Connection, a: &AnnotatedArticle) -> Result<String> {
    let s = &a.summary;
    let content: String = c.query_row("SELECT content_html FROM articles WHERE id = ?1", [&s.id], |r| r.get(0))?;
    let passages: Vec<quire_extract::Passage> = a
        .highlights
        .iter()
        .filter(|h| !h.orphan)
        .map(|h| quire_extract::Passage {
            start: h.start as usize,
            end: h.end as usize,
            class: format!("quire-highlight {}", h.color.as_str()),
        })
        .collect();
    let body = embed_photos(c, &s.id, &quire_extract::mark_passages(&content, &passages))?;
    let mut out = format!("<article>\n<h1>{}</h1>\n", escape(&s.title));
    if !s.bylines.is_empty() {
        out += &format!("<p class=\"byline\">{}</p>\n", escape(&s.bylines.join(", ")));
    }
    if !address(a).is_empty() {
        out += &format!("<p class=\"source\"><a href=\"{0}\">{0}</a></p>\n", escape(address(a)));
    }
    out += &body;
    out += "\n</article>\n";
    if !a.highlights.is_empty() {
        out += "<section class=\"highlights\">\n<h2>Highlights</h2>\n";
        for h in &a.highlights {
            out +=
                &format!("<blockquote><mark class=\"{}\">{}</mark></blockquote>\n", h.color.as_str(), escape(&h.exact));
            if let Some(note) = &h.note {
                out += &format!("<div class=\"note\">{}</div>\n", note_html(note));
            }
        }
        out += "</section>\n";
    }
    if !a.notes.is_empty() {
        out += "<section class=\"notes\">\n<h2>Notes</h2>\n";
        for n in &a.notes {
            out += &format!("<div class=\"note\">{}</div>\n", note_html(&n.body));
        }
        out += "</section>\n";
    }
    Ok(out)
}

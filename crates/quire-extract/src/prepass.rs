//! A streaming clean-up before any tree is built.
//!
//! Building the DOM is most of the cost of extraction, and most of a modern
//! page is scripts, styles, inline SVG icon sprites and furniture. Dropping
//! them while streaming (lol_html) makes the tree smaller and faster to build,
//! and removes text that must never reach the article: SVG `<title>`s of icon
//! sprites ("ArrowArtboardCreated with Sketch.") and subscription modals are
//! invisible in a browser but are plain text to a DOM-based extractor.
//!
//! Hidden elements go too (as Readability.js skips them). The same pass resolves lazy-loaded images, so the scorer sees real images,
//! drops tracking pixels, and bounds nesting depth so that later recursive
//! passes cannot overflow the stack on hostile input.

use std::cell::Cell;
use std::rc::Rc;

use lol_html::html_content::Element;
use lol_html::{RewriteStrSettings, doc_comments, element, rewrite_str};

use crate::images::resolve_lazy_image;

/// Elements nested deeper than this are unwrapped (their text kept). Browsers
/// stop nesting at 512; real articles stay well under 100.
pub const MAX_DEPTH: usize = 256;

/// What the pre-pass did that the caller may want to report.
#[derive(Debug, Default)]
pub struct Prepassed {
    pub html: String,
    /// Elements unwrapped because they nested past [`MAX_DEPTH`].
    pub flattened: usize,
}

/// Tags whose whole subtree is never article content.
const DROPPED_TAGS: &str =
    "style, template, svg, canvas, iframe, frame, frameset, object, embed, applet, button, input, select, textarea, dialog, nav, aside, footer, audio, video, map";


pub fn prepass(html: &str) -> Prepassed {
    let depth = Rc::new(Cell::new(0usize));
    let flattened = Cell::new(0usize);
    let settings = RewriteStrSettings::new()
        .with_strict(false)
        .with_enable_esi_tags(false)
        .append_element_content_handler(element!("*", |el| {
            track_depth(el, &depth, &flattened);
            if !el.removed() && is_furniture_element(el) {
                el.remove();
            }
            Ok(())
        }))
        .append_element_content_handler(element!("script", |el| {
            let is_json_ld = el.get_attribute("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
            if !is_json_ld {
                el.remove();
            }
            Ok(())
        }))
        .append_element_content_handler(element!(DROPPED_TAGS, |el| {
            el.remove();
            Ok(())
        }))
        .append_element_content_handler(element!("img", |el| {
            resolve_lazy_image(el);
            Ok(())
        }))
        .append_element_content_handler(element!("source[data-srcset]", |el| {
            if let Some(srcset) = el.get_attribute("data-srcset") {
                let _ = el.set_attribute("srcset", &srcset);
            }
            Ok(())
        }))
        .append_document_content_handler(doc_comments!(|c| {
            c.remove();
            Ok(())
        }));
    match rewrite_str(html, settings) {
        Ok(html) => Prepassed { html, flattened: flattened.get() },
        // Non-strict rewriting does not fail on markup; if it ever does, the
        // unfiltered page is still a better input than none.
        Err(_) => Prepassed { html: html.to_string(), flattened: 0 },
    }
}

/// Counts open elements, unwrapping those past [`MAX_DEPTH`]. Elements whose
/// end tag is optional (`p`, `li`, ...) are not counted: their end tag is
/// often absent and the count would only ever grow.
fn track_depth(el: &mut Element<'_, '_>, depth: &Rc<Cell<usize>>, flattened: &Cell<usize>) {
    const OPTIONAL_END: &[&str] =
        &["p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rb", "rt", "rp", "colgroup", "caption", "html", "head", "body"];
    let name = el.tag_name();
    if OPTIONAL_END.contains(&name.as_str()) {
        if depth.get() >= MAX_DEPTH {
            el.remove_and_keep_content();
            flattened.set(flattened.get() + 1);
        }
        return;
    }
    if depth.get() >= MAX_DEPTH {
        el.remove_and_keep_content();
        flattened.set(flattened.get() + 1);
        return;
    }
    let Some(handlers) = el.end_tag_handlers() else { return };
    depth.set(depth.get() + 1);
    let on_end = Rc::clone(depth);
    handlers.push(Box::new(move |_end| {
        on_end.set(on_end.get().saturating_sub(1));
        Ok(())
    }));
}

/// Elements the reader cannot see: the same rule Readability.js applies
/// (`hidden`, `aria-hidden="true"`, `display:none`, `visibility:hidden`).
/// Class names are judged later, on the tree, where block sizes are known.
fn is_furniture_element(el: &Element<'_, '_>) -> bool {
    let name = el.tag_name();
    if matches!(name.as_str(), "html" | "head" | "body") {
        return false;
    }
    if el.has_attribute("hidden") {
        return true;
    }
    if el.get_attribute("aria-hidden").is_some_and(|v| v.trim() == "true") && name != "img" && name != "figure" {
        return true;
    }
    if let Some(style) = el.get_attribute("style") {
        let style: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    #[test]
    #[ignore = "debugging aid: QUIRE_PAGE=path prints the pre-passed page"]
    fn dump() {
        let path = std::env::var("QUIRE_PAGE").unwrap_or_default();
        let html = String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned();
        let out = super::prepass(&html);
        println!("{} -> {} bytes, flattened {}\n{}", html.len(), out.html.len(), out.flattened, out.html);
    }
}

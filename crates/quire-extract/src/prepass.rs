//! A streaming clean-up before any tree is built.
//!
//! Building the DOM is most of the cost of extraction, and most of a modern
//! page is scripts, styles, inline SVG icon sprites and furniture. Dropping
//! them while streaming (lol_html) makes the tree smaller and faster to build,
//! and removes text that must never reach the article: SVG `<title>`s of icon
//! sprites ("ArrowArtboardCreated with Sketch.") and subscription modals are
//! invisible in a browser but are plain text to a DOM-based extractor.
//!
//! Hidden elements go too (as Readability.js skips them), and so do the
//! page's own menus and footer when they sit outside any
//! `<article>`/`<main>`, and attributes no later stage reads: what is left for
//! the tree is about a third of the page. The same pass resolves lazy-loaded
//! images, so the scorer sees real images, drops tracking pixels, and bounds
//! nesting depth so that later recursive passes cannot overflow the stack on
//! hostile input.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use lol_html::html_content::Element;
use lol_html::{HtmlRewriter, RewriteStrSettings, Settings, doc_comments, element};

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
    /// The input was not read to its end because the output reached the limit.
    pub truncated: bool,
}

/// Input is fed to the rewriter in slices of this size, so that reading can
/// stop soon after the output limit is reached.
const FEED_BYTES: usize = 64 * 1024;

/// Tags whose whole subtree is never article content.
const DROPPED_TAGS: &[&str] = &[
    "style", "template", "svg", "canvas", "iframe", "frame", "frameset", "object", "embed", "applet", "button",
    "input", "select", "textarea", "dialog", "audio", "video", "map",
];

/// Cleans `html`, stopping once about `max_output` bytes have been written:
/// what a tree is later built from is bounded whatever the input's size.
pub fn prepass(html: &str, max_output: usize) -> Prepassed {
    let depth = Rc::new(Cell::new(0usize));
    let flattened = Cell::new(0usize);
    let in_article = Rc::new(Cell::new(0usize));
    // Tracking depth costs a closure per element, so it runs only on pages
    // that a quick scan finds deeply nested.
    let depth_selector = if estimated_depth(html.as_bytes()) >= MAX_DEPTH { "*" } else { "quire-never-matches" };
    let settings = RewriteStrSettings::new()
        .with_strict(false)
        .with_enable_esi_tags(false)
        .append_element_content_handler(element!(depth_selector, |el| {
            track_depth(el, &depth, &flattened);
            Ok(())
        }))
        // One handler for every element, dispatching on the tag name: each
        // selector given to the rewriter is compiled for every page and
        // matched against every element, so one cheap selector beats seven.
        .append_element_content_handler(element!("article, main, [role=main]", |el| {
            count_open(el, &in_article);
            Ok(())
        }))
        .append_element_content_handler(element!("*", |el| {
            clean_element(el, in_article.get() > 0);
            Ok(())
        }))
        .append_document_content_handler(doc_comments!(|c| {
            c.remove();
            Ok(())
        }));
    let out = RefCell::new(Vec::with_capacity(html.len().min(max_output) / 2));
    let mut rewriter =
        HtmlRewriter::new(Settings::from(settings), |chunk: &[u8]| out.borrow_mut().extend_from_slice(chunk));
    let mut truncated = false;
    let mut failed = false;
    for (i, slice) in html.as_bytes().chunks(FEED_BYTES).enumerate() {
        if out.borrow().len() >= max_output {
            truncated = i > 0;
            break;
        }
        if rewriter.write(slice).is_err() {
            failed = true;
            break;
        }
    }
    failed |= rewriter.end().is_err();
    if failed {
        // Non-strict rewriting does not fail on markup; if it ever does, the
        // unfiltered page is still a better input than none.
        let cut = floor_char_boundary(html, max_output);
        return Prepassed { html: html[..cut].to_string(), flattened: 0, truncated: cut < html.len() };
    }
    let mut html =
        String::from_utf8(out.into_inner()).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if html.len() > max_output {
        // Cut at a tag boundary; the tree builder closes what is left open.
        let cut = html[..floor_char_boundary(&html, max_output)].rfind('<').unwrap_or(0);
        html.truncate(cut);
        truncated = true;
    }
    Prepassed { html, flattened: flattened.get(), truncated }
}

fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// An estimate of the deepest nesting, from tags alone: end tags close the
/// nearest open element of their name (stray ones are ignored), void
/// elements and those with optional end tags never count. Cheap (one pass
/// over `<`s), and close enough to decide whether exact tracking is needed.
fn estimated_depth(html: &[u8]) -> usize {
    let mut stack: Vec<&[u8]> = Vec::new();
    let mut deepest = 0;
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &html[at..]) {
        let start = at + offset + 1;
        at = start;
        let closing = html.get(start) == Some(&b'/');
        let name_start = if closing { start + 1 } else { start };
        let name_len =
            html[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'!').count();
        if name_len == 0 {
            continue;
        }
        let name = &html[name_start..name_start + name_len];
        if closing {
            // Only a match among the innermost few closes anything, as in a real parser's scope rules.
            if let Some(pos) = stack.iter().rev().take(16).position(|n| n.eq_ignore_ascii_case(name)) {
                let keep = stack.len() - pos - 1;
                stack.truncate(keep);
            }
            continue;
        }
        if is_uncounted(name) {
            continue;
        }
        let tag_end = memchr::memchr(b'>', &html[name_start..]).map_or(html.len(), |e| name_start + e);
        if html.get(tag_end - 1) == Some(&b'/') {
            continue;
        }
        stack.push(name);
        deepest = deepest.max(stack.len());
        if deepest >= MAX_DEPTH {
            return deepest;
        }
    }
    deepest
}

/// Void elements and those whose end tag is optional: they never count
/// towards nesting. Names longer than any of these are counted at once.
fn is_uncounted(name: &[u8]) -> bool {
    if name.len() > 8 {
        return false;
    }
    let mut lower = [0u8; 8];
    for (l, b) in lower.iter_mut().zip(name) {
        *l = b.to_ascii_lowercase();
    }
    matches!(
        &lower[..name.len()],
        b"p" | b"li"
            | b"dt"
            | b"dd"
            | b"tr"
            | b"td"
            | b"th"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"option"
            | b"optgroup"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"colgroup"
            | b"caption"
            | b"html"
            | b"head"
            | b"body"
            | b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"!doctype"
    )
}

/// Counts `el` as open until its end tag.
fn count_open(el: &mut Element<'_, '_>, open: &Rc<Cell<usize>>) {
    let Some(handlers) = el.end_tag_handlers() else {
        return;
    };
    open.set(open.get() + 1);
    let on_end = Rc::clone(open);
    handlers.push(Box::new(move |_end| {
        on_end.set(on_end.get().saturating_sub(1));
        Ok(())
    }));
}

/// Counts open elements, unwrapping those past [`MAX_DEPTH`]. Elements whose
/// end tag is optional (`p`, `li`, ...) are not counted: their end tag is
/// often absent and the count would only ever grow.
fn track_depth(el: &mut Element<'_, '_>, depth: &Rc<Cell<usize>>, flattened: &Cell<usize>) {
    const OPTIONAL_END: &[&str] = &[
        "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rb", "rt", "rp",
        "colgroup", "caption", "html", "head", "body",
    ];
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
    let Some(handlers) = el.end_tag_handlers() else {
        return;
    };
    depth.set(depth.get() + 1);
    let on_end = Rc::clone(depth);
    handlers.push(Box::new(move |_end| {
        on_end.set(on_end.get().saturating_sub(1));
        Ok(())
    }));
}

/// What the pre-pass does to one element: drops it with its content when it
/// is never article content (scripts but JSON-LD, styles, SVG, embeds, form
/// controls, stylesheet links, hidden elements), resolves lazy images, and
/// strips attributes nothing later reads.
fn clean_element(el: &mut Element<'_, '_>, in_article: bool) {
    if el.removed() {
        return;
    }
    let name = el.tag_name();
    let drop = match name.as_str() {
        "script" => !el.get_attribute("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")),
        "link" => !el.get_attribute("rel").is_some_and(|rel| is_kept_link(&rel)),
        // The page's menus and footer (by tag, or by ARIA role below): link
        // lists, a tenth of a page. Inside an `<article>` they may hold the
        // byline or the date, so they stay. Sidebars (`<aside>`) stay until
        // metadata was read: an author box often lives in one, outside the
        // article.
        "nav" | "footer" => !in_article,
        "img" => {
            resolve_lazy_image(el);
            el.removed()
        }
        "source" => {
            if let Some(srcset) = el.get_attribute("data-srcset") {
                let _ = el.set_attribute("srcset", &srcset);
            }
            false
        }
        other => {
            DROPPED_TAGS.contains(&other)
                || (!in_article
                    && el
                        .get_attribute("role")
                        .is_some_and(|r| matches!(r.trim(), "navigation" | "contentinfo" | "search")))
        }
    };
    let drop = drop || (!el.removed() && !matches!(name.as_str(), "html" | "head" | "body") && is_hidden(el));
    if drop {
        el.remove();
    } else if !el.removed() {
        drop_unread_attributes(el);
    }
}

/// `<link>`s that metadata reads; stylesheets, preloads, icons and
/// alternates are most of a `<head>` and nothing reads them.
fn is_kept_link(rel: &str) -> bool {
    rel.split_ascii_whitespace().any(|r| {
        r.eq_ignore_ascii_case("canonical") || r.eq_ignore_ascii_case("image_src") || r.eq_ignore_ascii_case("author")
    })
}

/// Removes attributes that no later stage reads: they make up a third of
/// what is left of a page after the pre-pass (`data-*` state, inline styles,
/// event handlers, ARIA labels), and every one costs the tree builder an
/// allocation. Class, id, role, links, image addresses, microdata, meta
/// content and the ARIA flags the furniture sweep judges all stay.
fn drop_unread_attributes(el: &mut Element<'_, '_>) {
    let unread = |name: &str| {
        name.starts_with("data-")
            || (name.starts_with("on") && name.len() > 2)
            || (name.starts_with("aria-") && name != "aria-hidden" && name != "aria-modal")
            || matches!(
                name,
                "style"
                    | "sizes"
                    | "tabindex"
                    | "loading"
                    | "decoding"
                    | "fetchpriority"
                    | "integrity"
                    | "crossorigin"
                    | "nonce"
                    | "target"
                    | "hreflang"
                    | "jsaction"
                    | "jsname"
                    | "jscontroller"
                    | "jsmodel"
                    | "jslog"
            )
    };
    let names: Vec<String> = el.attributes().iter().map(|a| a.name()).filter(|n| unread(n)).collect();
    for name in names {
        el.remove_attribute(&name);
    }
}

/// Elements the reader cannot see: the rule Readability.js applies (`hidden`,
/// `display:none`, `visibility:hidden`). `aria-hidden` and class names are
/// judged later, on the tree, where block sizes are known: a page clipped
/// while a modal was open has its whole article marked `aria-hidden`.
fn is_hidden(el: &Element<'_, '_>) -> bool {
    el.has_attribute("hidden") || el.get_attribute("style").is_some_and(|style| style_hides(&style))
}

/// `display: none` or `visibility: hidden`, in any case and spacing.
fn style_hides(style: &str) -> bool {
    if !style.contains(['n', 'N']) {
        return false;
    }
    let style: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    style.contains("display:none") || style.contains("visibility:hidden")
}

#[cfg(test)]
mod tests {
    #[test]
    fn depth_estimate() {
        assert_eq!(
            super::estimated_depth(b"<div><p>a<p>b<span>c</span></div><img><br/><i>"),
            2,
            "p, img, br do not nest; closed elements unwind"
        );
        let deep = "<div>".repeat(300);
        assert!(super::estimated_depth(deep.as_bytes()) >= super::MAX_DEPTH);
        let stray = format!("{}{}", "</div>".repeat(50), "<b>".repeat(300));
        assert!(super::estimated_depth(stray.as_bytes()) >= super::MAX_DEPTH, "stray end tags do not hide nesting");
    }
}

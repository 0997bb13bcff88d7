//! The allowlist sanitiser every stored fragment passes through.
//!
//! Clipped HTML is hostile: scripts, styles, event handlers, `javascript:`
//! URLs, frames, objects, forms, meta refreshes and SVG (which can carry
//! script) never survive; `data:` URLs are kept only as raster images; 1×1
//! tracking pixels are dropped. The allowlist (ammonia) is the guarantee; the
//! small streaming pass before it only removes whole elements that an
//! attribute-by-attribute allowlist cannot judge, such as pixels.

use std::collections::HashSet;

use lol_html::{RewriteStrSettings, element, rewrite_str};
use url::Url;

use crate::images::is_tracking_pixel;

/// Tags removed together with everything inside them, not just unwrapped.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "svg", "math", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
    "noscript", "select", "textarea", "button", "canvas", "head", "title",
];

/// Sanitises an HTML fragment, making relative links absolute against `base`.
pub fn sanitize_fragment(html: &str, base: Option<&Url>) -> String {
    clean(&drop_pixels(html), base)
}

/// The allowlist alone, for fragments whose tracking pixels are already gone
/// (the extractor drops them on its tree, saving a pass over the markup).
pub(crate) fn clean(html: &str, base: Option<&Url>) -> String {
    thread_local! {
        // Building the allowlist (hash sets of tags and attributes) costs
        // about as much as cleaning a short article, so each thread keeps one;
        // only the base URL changes from page to page.
        static BUILDER: std::cell::RefCell<ammonia::Builder<'static>> = std::cell::RefCell::new(builder());
    }
    BUILDER.with(|b| {
        let mut builder = b.borrow_mut();
        match base {
            Some(base) => builder.url_relative(ammonia::UrlRelative::RewriteWithBase(base.clone())),
            None => builder.url_relative(ammonia::UrlRelative::PassThrough),
        };
        builder.clean(html).to_string()
    })
}

fn builder() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags([
            "figure",
            "figcaption",
            "picture",
            "time",
            "mark",
            "section",
            "article",
            "aside",
            "details",
            "summary",
        ])
        .rm_tags(["area", "map"])
        .add_tag_attributes("img", ["src", "alt", "title", "width", "height"])
        .add_tag_attributes("time", ["datetime"])
        .add_generic_attributes(["lang", "dir"])
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .url_schemes(HashSet::from(["http", "https", "mailto", "data"]))
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(|element, attribute, value| {
            let is_data = value.trim_start().get(..5).is_some_and(|s| s.eq_ignore_ascii_case("data:"));
            if is_data {
                let raster = value.trim_start().get(..11).is_some_and(|s| s.eq_ignore_ascii_case("data:image/"))
                    && !value.to_ascii_lowercase().contains("svg");
                if !(element == "img" && attribute == "src" && raster) {
                    return None;
                }
            }
            Some(value.into())
        });
    builder
}

/// Removes images declared at most 1×1, which are beacons, not pictures.
fn drop_pixels(html: &str) -> String {
    let settings = RewriteStrSettings::new()
        .with_strict(false)
        .with_enable_esi_tags(false)
        .append_element_content_handler(element!("img", |el| {
            if is_tracking_pixel(el.get_attribute("width").as_deref(), el.get_attribute("height").as_deref()) {
                el.remove();
            }
            Ok(())
        }));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

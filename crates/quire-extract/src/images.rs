//! Images as the reader saw them, not as the HTML first declares them.
//!
//! News sites lazy-load photos: the `src` is a grey placeholder and the real
//! address waits in `data-src`, `data-srcset` or a `<noscript>` copy. An
//! extractor that reads `src` archives placeholders, and a scorer that sees no
//! image undervalues the figure. Tracking pixels (1×1 images) are dropped.

use crate::prepass::Attrs;

/// Attributes where lazy loaders keep the real address, most specific first.
const LAZY_SRC_ATTRS: &[&str] = &[
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-hi-res-src",
    "data-full-src",
    "data-url",
    "data-lazy",
    "data-lazyload",
    "data-echo",
    "data-img-src",
    "data-original-src",
];
const LAZY_SRCSET_ATTRS: &[&str] = &["data-srcset", "data-lazy-srcset", "data-original-set", "srcset"];

/// Rewrites a lazy `<img>`'s attributes in place so `src` holds the best
/// real address; `false` when it is a tracking pixel, to be removed.
pub fn resolve_lazy_image(attrs: &mut Attrs<'_>) -> bool {
    if is_tracking_pixel(attrs.get("width"), attrs.get("height")) {
        return false;
    }
    let src = attrs.get("src").unwrap_or_default();
    let srcset_best = LAZY_SRCSET_ATTRS.iter().filter_map(|a| attrs.get(a)).find_map(best_srcset_candidate);
    let lazy = LAZY_SRC_ATTRS.iter().filter_map(|a| attrs.get(a)).find(|v| looks_like_image_url(v));
    let chosen = if is_placeholder(src) { srcset_best.or(lazy.map(str::to_string)) } else { srcset_best };
    if let Some(url) = chosen {
        attrs.set("src", url);
    }
    for attr in ["srcset", "data-srcset", "data-lazy-srcset", "sizes"] {
        attrs.remove(attr);
    }
    true
}

/// A `src` that is not the photo: absent, a tiny inline image, or a named placeholder.
pub fn is_placeholder(src: &str) -> bool {
    let src = src.trim();
    if src.is_empty() || src == "#" || src.starts_with("about:") {
        return true;
    }
    // An inline image under ~100 bytes of base64 is a 1×1 spacer, not a photo.
    if src.starts_with("data:") {
        return src.len() < 200 || src.contains("svg+xml");
    }
    let lower = src.to_ascii_lowercase();
    ["placeholder", "blank.", "spacer.", "pixel.", "lazy.", "loading.", "grey.", "gray.", "transparent."]
        .iter()
        .any(|p| lower.contains(p))
}

fn looks_like_image_url(v: &str) -> bool {
    let v = v.trim();
    !v.is_empty() && !v.contains(char::is_whitespace) && !is_placeholder(v)
}

/// The largest candidate of a `srcset`: by width descriptor, else by density,
/// else the last listed (lists are conventionally ascending).
pub fn best_srcset_candidate(srcset: &str) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for (i, (url, descriptor)) in srcset_candidates(srcset).into_iter().enumerate() {
        if is_placeholder(url) {
            continue;
        }
        let weight = match descriptor {
            Some(d) if d.ends_with('w') => d[..d.len() - 1].parse::<f64>().unwrap_or(0.0),
            Some(d) if d.ends_with('x') => d[..d.len() - 1].parse::<f64>().unwrap_or(1.0) * 1000.0,
            _ => i as f64,
        };
        if best.is_none_or(|(w, _)| weight >= w) {
            best = Some((weight, url));
        }
    }
    best.map(|(_, url)| url.to_string())
}

/// Splits a `srcset` the way the HTML standard does: a URL is a run of
/// non-space characters (so CDN URLs may contain commas), then descriptors
/// up to the next comma.
fn srcset_candidates(srcset: &str) -> Vec<(&str, Option<&str>)> {
    let mut out = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.is_empty() {
            return out;
        }
        let url_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let raw_url = &rest[..url_end];
        rest = &rest[url_end..];
        if raw_url.ends_with(',') {
            out.push((raw_url.trim_end_matches(','), None));
            continue;
        }
        let desc_end = rest.find(',').unwrap_or(rest.len());
        let descriptor = rest[..desc_end].split_whitespace().next();
        rest = &rest[desc_end..];
        out.push((raw_url, descriptor));
    }
}

/// A declared size of at most one pixel each way: a tracking beacon.
pub fn is_tracking_pixel(width: Option<&str>, height: Option<&str>) -> bool {
    let tiny =
        |v: Option<&str>| v.and_then(|v| v.trim().trim_end_matches("px").parse::<f32>().ok()).is_some_and(|n| n <= 1.0);
    tiny(width) && tiny(height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srcset_picks_widest() {
        assert_eq!(best_srcset_candidate("a.jpg 320w, b.jpg 1024w, c.jpg 640w").as_deref(), Some("b.jpg"));
        assert_eq!(best_srcset_candidate("a.jpg 1x, b.jpg 2x").as_deref(), Some("b.jpg"));
        assert_eq!(
            best_srcset_candidate("https://cdn/x.jpg?w=1,h=2 500w").as_deref(),
            Some("https://cdn/x.jpg?w=1,h=2")
        );
    }

    #[test]
    fn pixels() {
        assert!(is_tracking_pixel(Some("1"), Some("1px")));
        assert!(!is_tracking_pixel(Some("1"), None));
    }
}

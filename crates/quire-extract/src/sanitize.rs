//! The allowlist sanitiser every stored fragment passes through.
//!
//! Clipped HTML is hostile: scripts, styles, event handlers, `javascript:`
//! URLs, frames, objects, forms, meta refreshes and SVG (which can carry
//! script) never survive; `data:` URLs are kept only as raster images; 1×1
//! tracking pixels are dropped.
//!
//! The allowlist is ammonia's (its default tags and attributes, adjusted
//! below), applied here while serialising the scorer's own tree: handing
//! ammonia the article meant serialising it, parsing it again and
//! serialising the copy, a tenth of extraction time spent on a body that
//! was already a tree. The rules are ammonia 4's, step for step (what is
//! dropped with its content, what is unwrapped, the namespace check, which
//! attributes hold URLs, the order attributes end up in), so that the output
//! is the bytes ammonia gives for the same tree; the tests hold the two to
//! that on every fixture page and on generated hostile markup, with ammonia
//! kept as a dev-dependency to compare against. (Where a tree would not
//! survive serialising and parsing unchanged, such as the blocks
//! dom_smoothie leaves inside a `<p>`, the two differ in bytes but parse to
//! the same tree.)

use std::borrow::Cow;

use dom_query::{NodeData, NodeRef};

use crate::html_scan::is_void_element;
use url::Url;

/// Tags removed together with everything inside them, not just unwrapped.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "svg", "math", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
    "noscript", "select", "textarea", "button", "canvas", "head", "title",
];

/// Tags kept (with the attributes below); any other is unwrapped, its
/// content kept. Ammonia's default list, plus `picture` and `section`,
/// without `area` and `map`.
fn is_allowed_tag(tag: &str) -> bool {
    matches!(
        tag,
        "a" | "abbr"
            | "acronym"
            | "article"
            | "aside"
            | "b"
            | "bdi"
            | "bdo"
            | "blockquote"
            | "br"
            | "caption"
            | "center"
            | "cite"
            | "code"
            | "col"
            | "colgroup"
            | "data"
            | "dd"
            | "del"
            | "details"
            | "dfn"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "figcaption"
            | "figure"
            | "footer"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "i"
            | "img"
            | "ins"
            | "kbd"
            | "li"
            | "mark"
            | "nav"
            | "ol"
            | "p"
            | "picture"
            | "pre"
            | "q"
            | "rp"
            | "rt"
            | "rtc"
            | "ruby"
            | "s"
            | "samp"
            | "section"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "summary"
            | "sup"
            | "table"
            | "tbody"
            | "td"
            | "th"
            | "thead"
            | "time"
            | "tr"
            | "tt"
            | "u"
            | "ul"
            | "var"
            | "wbr"
    )
}

/// Attributes kept on `tag`: ammonia's generic and per-tag lists, plus
/// `dir` everywhere, image `title` and size, and `time[datetime]`.
fn is_allowed_attribute(tag: &str, attr: &str) -> bool {
    const ALIGNED: &[&str] = &["align", "char", "charoff"];
    matches!(attr, "lang" | "title" | "dir")
        || match tag {
            "a" => matches!(attr, "href" | "hreflang"),
            "bdo" => attr == "dir",
            "blockquote" | "q" => attr == "cite",
            "col" | "colgroup" => ALIGNED.contains(&attr) || attr == "span",
            "del" | "ins" => matches!(attr, "cite" | "datetime"),
            "hr" => matches!(attr, "align" | "size" | "width"),
            "img" => matches!(attr, "align" | "alt" | "height" | "src" | "width"),
            "ol" => attr == "start",
            "table" => ALIGNED.contains(&attr) || attr == "summary",
            "tbody" | "tfoot" | "thead" | "tr" => ALIGNED.contains(&attr),
            "td" => ALIGNED.contains(&attr) || matches!(attr, "colspan" | "headers" | "rowspan"),
            "th" => ALIGNED.contains(&attr) || matches!(attr, "colspan" | "headers" | "rowspan" | "scope"),
            "time" => attr == "datetime",
            _ => false,
        }
}

/// Attributes that hold a URL (ammonia's `is_url_attr`, for HTML elements).
fn is_url_attribute(tag: &str, attr: &str) -> bool {
    matches!(attr, "href" | "xlink:href" | "src")
        || (tag == "form" && attr == "action")
        || (tag == "object" && attr == "data")
        || (matches!(tag, "button" | "input") && attr == "formaction")
        || (tag == "a" && attr == "ping")
        || (tag == "video" && attr == "poster")
}

const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "data"];
const LINK_REL: &str = "noopener noreferrer";

/// `data:` URLs only as raster images' `src`; elsewhere they can carry
/// markup or script.
///
/// The value is read as a URL parser reads it (leading controls and spaces
/// dropped, tabs and newlines removed anywhere), so `da&#9;ta:text/html,…`
/// is the `data:` URL a browser would see.
fn data_url_allowed(tag: &str, attr: &str, value: &str) -> bool {
    let url_chars = || {
        value
            .trim_start_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .map(|c| c.to_ascii_lowercase())
    };
    // Asked of every attribute kept: compared in place, nothing allocated unless it is a data: URL.
    if !url_chars().take(5).eq("data:".chars()) {
        return true;
    }
    let raster = url_chars().skip(5).take(6).eq("image/".chars()) && !url_chars().collect::<String>().contains("svg");
    tag == "img" && attr == "src" && raster
}

/// An HTML element named like an SVG or MathML element is removed with its
/// content: it can only come from markup that switched namespace in a way the
/// parser would not repeat (ammonia's mutation-XSS guard).
fn is_html_tag(tag: &str) -> bool {
    (SVG_TAGS.binary_search(&tag).is_err() && MATHML_TAGS.binary_search(&tag).is_err())
        || matches!(tag, "title" | "style" | "font" | "a" | "script" | "span")
}

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// Sanitises an HTML fragment, making relative links absolute against `base`.
pub fn sanitize_fragment(html: &str, base: Option<&Url>) -> String {
    let doc = dom_query::Document::fragment(html);
    crate::body::drop_pixels(&dom_query::Selection::from(doc.root()));
    let mut out = String::with_capacity(html.len());
    for child in doc.root().children_it(false) {
        clean_node(&child, base, &mut out);
    }
    out
}

/// Sanitises `node` and everything in it (the extractor's body, whose
/// tracking pixels are already gone), making relative links absolute.
pub(crate) fn clean(node: &NodeRef<'_>, base: Option<&Url>) -> String {
    let mut out = String::new();
    clean_node(node, base, &mut out);
    out
}

/// Where the walk is: a node to write, or an element whose end tag is due.
enum Step<'a> {
    Visit(NodeRef<'a>),
    Close(NodeRef<'a>),
}

/// Writes the allowed part of `node` to `out`. A loop over an explicit
/// stack, not recursion: hostile nesting must not overflow the thread's stack.
fn clean_node<'a>(node: &NodeRef<'a>, base: Option<&Url>, out: &mut String) {
    let mut stack = vec![Step::Visit(*node)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Visit(node) => node,
            Step::Close(node) => {
                node.query(|n| {
                    if let NodeData::Element(e) = &n.data {
                        out.push_str("</");
                        out.push_str(&e.name.local);
                        out.push('>');
                    }
                });
                continue;
            }
        };
        // What to do with the children: not written, written inside this
        // element's tags, or written in its place (the element unwrapped).
        let descend = node.query_or(false, |n| match &n.data {
            NodeData::Text { contents } => {
                escape_into(out, contents, false);
                false
            }
            NodeData::Document | NodeData::Fragment => true,
            NodeData::Comment { .. } | NodeData::Doctype { .. } | NodeData::ProcessingInstruction { .. } => false,
            NodeData::Element(e) => {
                let tag: &str = &e.name.local;
                if &*e.name.ns != HTML_NAMESPACE {
                    return false;
                }
                // Allowed tags are never dropped with their content, nor named like SVG or
                // MathML ones (`a` and `span` are ammonia's exceptions), so most elements
                // need only the first test.
                if !is_allowed_tag(tag) {
                    return !DROPPED_WITH_CONTENT.contains(&tag) && is_html_tag(tag);
                }
                let mut attrs: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::with_capacity(e.attrs.len() + 1);
                for a in &e.attrs {
                    let name = attribute_name(&a.name.ns, &a.name.local);
                    let value: &str = &a.value;
                    if allowed_attribute_value(tag, &name, value) {
                        attrs.push((name, Cow::Borrowed(value)));
                    }
                }
                if tag == "a" {
                    attrs.push((Cow::Borrowed("rel"), Cow::Borrowed(LINK_REL)));
                }
                // Ammonia drops attributes by `swap_remove`, last first;
                // doing the same keeps the attribute order byte for byte.
                let refused: Vec<usize> =
                    (0..attrs.len()).filter(|&i| !data_url_allowed(tag, &attrs[i].0, &attrs[i].1)).collect();
                for i in refused.into_iter().rev() {
                    attrs.swap_remove(i);
                }
                let mut unresolvable = Vec::new();
                for (i, (name, value)) in attrs.iter_mut().enumerate() {
                    // Relative URLs pass through without a base, and are resolved against one.
                    if let Some(base) = base
                        && is_url_attribute(tag, name)
                        && is_relative(value)
                    {
                        match base.join(value) {
                            Ok(url) => *value = Cow::Owned(url.into()),
                            Err(_) => unresolvable.push(i),
                        }
                    }
                }
                for i in unresolvable.into_iter().rev() {
                    attrs.swap_remove(i);
                }
                out.push('<');
                out.push_str(tag);
                for (name, value) in &attrs {
                    out.push(' ');
                    out.push_str(name);
                    out.push_str("=\"");
                    escape_into(out, value, true);
                    out.push('"');
                }
                out.push('>');
                if is_void_element(tag) {
                    return false;
                }
                stack.push(Step::Close(node));
                true
            }
        });
        if descend {
            stack.extend(node.children_it(true).map(Step::Visit));
        }
    }
}

/// An attribute's name as the serialiser writes it (and a parser reading
/// the output would name it): foreign namespaces as a prefix.
fn attribute_name<'a>(ns: &str, local: &'a str) -> Cow<'a, str> {
    let prefix = match ns {
        "" => return Cow::Borrowed(local),
        "http://www.w3.org/XML/1998/namespace" => "xml:",
        "http://www.w3.org/2000/xmlns/" if local == "xmlns" => "",
        "http://www.w3.org/2000/xmlns/" => "xmlns:",
        "http://www.w3.org/1999/xlink" => "xlink:",
        _ => "unknown_namespace:",
    };
    Cow::Owned(format!("{prefix}{local}"))
}

/// Whether an attribute survives the allowlist: allowed on the tag, and a
/// URL only with an allowed scheme or relative.
fn allowed_attribute_value(tag: &str, name: &str, value: &str) -> bool {
    if !is_allowed_attribute(tag, name) {
        return false;
    }
    if !is_url_attribute(tag, name) || is_relative(value) {
        return true;
    }
    is_plain_web_url(value) || Url::parse(value).is_ok_and(|url| URL_SCHEMES.contains(&url.scheme()))
}

/// Whether `value` is an `http` or `https` URL that `Url::parse` certainly
/// accepts, told from its syntax: most links and images are, and parsing
/// each one (host normalisation, path percent-encoding) was a fifth of the
/// sanitiser's time. Only the host and port can make such a URL fail to
/// parse, so this holds the host to plain DNS labels (ASCII letters, digits
/// and hyphens; no `xn--` label, which would be decoded and checked; a last
/// label not starting with a digit, which would be read as an IPv4 address)
/// and the port to five digits up to 65535; anything else is parsed.
fn is_plain_web_url(value: &str) -> bool {
    let bytes = value.as_bytes();
    let rest = if starts_with_ignore_case(bytes, b"https://") {
        &bytes[8..]
    } else if starts_with_ignore_case(bytes, b"http://") {
        &bytes[7..]
    } else {
        return false;
    };
    let authority_end = memchr::memchr3(b'/', b'?', b'#', rest).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let (host, port) = match memchr::memchr(b':', authority) {
        Some(colon) => (&authority[..colon], Some(&authority[colon + 1..])),
        None => (authority, None),
    };
    let port_ok = port.is_none_or(|p| {
        p.len() <= 5
            && p.iter().all(u8::is_ascii_digit)
            && p.iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0')) <= 65535
    });
    let labels_ok = host.split(|&b| b == b'.').all(|label| {
        !label.is_empty()
            && label.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
            && !starts_with_ignore_case(label, b"xn--")
    });
    let last_label_ok =
        host.rsplit(|&b| b == b'.').next().is_some_and(|last| last.first().is_some_and(|b| !b.is_ascii_digit()));
    port_ok && labels_ok && last_label_ok
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Whether a URL is relative, as `Url::parse` judges it (it has no scheme),
/// told by the scheme's syntax without parsing the URL: asked up to twice
/// of every link and image, most of them absolute.
fn is_relative(value: &str) -> bool {
    // As the URL parser reads it: leading spaces and controls skipped, tabs and newlines ignored anywhere.
    let mut chars = value.trim_start_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    for c in chars {
        if c == ':' {
            return false;
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
            return true;
        }
    }
    true
}

/// Escapes text or an attribute value as html5ever's serialiser does.
pub(crate) fn escape_into(out: &mut String, text: &str, attribute: bool) {
    let bytes = text.as_bytes();
    // Most text needs no escaping at all: found out by SIMD scans, not byte by byte.
    let plain = memchr::memchr3(b'&', b'<', b'>', bytes).is_none()
        && memchr::memchr2(0xC2, if attribute { b'"' } else { b'&' }, bytes).is_none();
    if plain {
        out.push_str(text);
        return;
    }
    let mut written = 0;
    let mut at = 0;
    while at < bytes.len() {
        let replacement = match bytes[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attribute => "&quot;",
            // U+00A0 is C2 A0 in UTF-8; C2 starts no other character's encoding that needs escaping.
            0xC2 if bytes.get(at + 1) == Some(&0xA0) => "&nbsp;",
            _ => {
                at += 1;
                continue;
            }
        };
        out.push_str(&text[written..at]);
        out.push_str(replacement);
        at += if bytes[at] == 0xC2 { 2 } else { 1 };
        written = at;
    }
    out.push_str(&text[written..]);
}

// Element names of SVG and MathML, sorted, as ammonia 4.2 lists them
// (MIT or Apache-2.0).
const SVG_TAGS: &[&str] = &[
    "a",
    "animate",
    "animateColor",
    "animateMotion",
    "animateTransform",
    "circle",
    "clipPath",
    "defs",
    "desc",
    "discard",
    "ellipse",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "filter",
    "foreignObject",
    "g",
    "image",
    "line",
    "linearGradient",
    "marker",
    "mask",
    "metadata",
    "mpath",
    "path",
    "pattern",
    "polygon",
    "polyline",
    "radialGradient",
    "rect",
    "script",
    "set",
    "stop",
    "style",
    "svg",
    "switch",
    "symbol",
    "text",
    "textPath",
    "title",
    "tspan",
    "use",
    "view",
];

const MATHML_TAGS: &[&str] = &[
    "abs",
    "and",
    "annotation",
    "annotation-xml",
    "apply",
    "approx",
    "arccos",
    "arccosh",
    "arccot",
    "arccoth",
    "arccsc",
    "arccsch",
    "arcsec",
    "arcsech",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctanh",
    "arg",
    "bind",
    "bvar",
    "card",
    "cartesianproduct",
    "cbytes",
    "ceiling",
    "cerror",
    "ci",
    "cn",
    "codomain",
    "complexes",
    "compose",
    "condition",
    "conjugate",
    "cos",
    "cosh",
    "cot",
    "coth",
    "cs",
    "csc",
    "csch",
    "csymbol",
    "curl",
    "declare",
    "degree",
    "determinant",
    "diff",
    "divergence",
    "divide",
    "domain",
    "domainofapplication",
    "emptyset",
    "eq",
    "equivalent",
    "eulergamma",
    "exists",
    "exp",
    "exponentiale",
    "factorial",
    "factorof",
    "false",
    "floor",
    "fn",
    "forall",
    "gcd",
    "geq",
    "grad",
    "gt",
    "ident",
    "image",
    "imaginary",
    "imaginaryi",
    "implies",
    "in",
    "infinity",
    "int",
    "integers",
    "intersect",
    "interval",
    "inverse",
    "lambda",
    "laplacian",
    "lcm",
    "leq",
    "limit",
    "list",
    "ln",
    "log",
    "logbase",
    "lowlimit",
    "lt",
    "maction",
    "maligngroup",
    "malignmark",
    "math",
    "matrix",
    "matrixrow",
    "max",
    "mean",
    "median",
    "menclose",
    "merror",
    "mfenced",
    "mfrac",
    "mglyph",
    "mi",
    "min",
    "minus",
    "mlabeledtr",
    "mlongdiv",
    "mmultiscripts",
    "mn",
    "mo",
    "mode",
    "moment",
    "momentabout",
    "mover",
    "mpadded",
    "mphantom",
    "mprescripts",
    "mroot",
    "mrow",
    "ms",
    "mscarries",
    "mscarry",
    "msgroup",
    "msline",
    "mspace",
    "msqrt",
    "msrow",
    "mstack",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
    "naturalnumbers",
    "neq",
    "none",
    "not",
    "notanumber",
    "notin",
    "notprsubset",
    "notsubset",
    "or",
    "otherwise",
    "outerproduct",
    "partialdiff",
    "pi",
    "piece",
    "piecewise",
    "plus",
    "power",
    "primes",
    "product",
    "prsubset",
    "quotient",
    "rationals",
    "real",
    "reals",
    "reln",
    "rem",
    "root",
    "scalarproduct",
    "sdev",
    "sec",
    "sech",
    "selector",
    "semantics",
    "sep",
    "set",
    "setdiff",
    "share",
    "sin",
    "sinh",
    "span",
    "subset",
    "sum",
    "tan",
    "tanh",
    "tendsto",
    "times",
    "transpose",
    "true",
    "union",
    "uplimit",
    "variance",
    "vector",
    "vectorproduct",
    "xor",
];

#[cfg(test)]
pub(crate) mod tests {
    //! The sanitiser against ammonia itself: the same allowlist given to
    //! ammonia, which parses the serialised tree again, must give the same
    //! bytes (or, where a serialised tree does not survive parsing unchanged,
    //! markup that parses to the same tree).
    use std::collections::HashSet;

    use proptest::prelude::*;

    use super::*;

    thread_local! {
        /// The extractor's body serialised just before it was sanitised, to give ammonia the same input.
        pub(crate) static LAST_BODY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }

    fn ammonia_builder() -> ammonia::Builder<'static> {
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
                data_url_allowed(element, attribute, value).then(|| value.into())
            });
        builder
    }

    fn ammonia_clean(html: &str, base: Option<&Url>) -> String {
        let mut builder = ammonia_builder();
        match base {
            Some(base) => builder.url_relative(ammonia::UrlRelative::RewriteWithBase(base.clone())),
            None => builder.url_relative(ammonia::UrlRelative::PassThrough),
        };
        builder.clean(html).to_string()
    }

    /// How ours compares to ammonia's: `Some(true)` byte-equal, `Some(false)`
    /// equal once both are parsed, `None` different.
    fn compare(ours: &str, theirs: &str) -> Option<bool> {
        if ours == theirs {
            return Some(true);
        }
        let parsed = |html: &str| dom_query::Document::fragment(html).html().to_string();
        (parsed(ours) == parsed(theirs)).then_some(false)
    }

    #[test]
    fn whole_fixture_pages_match_ammonia() {
        let base = Url::parse("http://fakehost/test/page.html").expect("valid");
        let pages = crate::fixture_pages();
        let (mut exact, mut reparsed) = (0, 0);
        for (name, html) in &pages {
            let doc = dom_query::Document::from(html.as_str());
            let body = doc.select_single("body");
            let Some(node) = body.nodes().first() else { continue };
            let ours = clean(node, Some(&base));
            let theirs = ammonia_clean(&body.html(), Some(&base));
            match compare(&ours, &theirs) {
                Some(true) => exact += 1,
                Some(false) => reparsed += 1,
                None => panic!("{name}: sanitised body differs from ammonia's"),
            }
        }
        eprintln!("{} pages: {exact} byte-equal to ammonia, {reparsed} equal once parsed", pages.len());
        assert!(
            pages.is_empty() || exact * 10 >= pages.len() * 9,
            "most pages are byte-equal: {exact}/{}",
            pages.len()
        );
    }

    #[test]
    fn extracted_fixture_articles_match_ammonia() {
        let base = Url::parse("http://fakehost/test/page.html").expect("valid");
        let (mut exact, mut checked) = (0, 0);
        for (name, html) in crate::fixture_pages() {
            LAST_BODY.with(|b| b.borrow_mut().clear());
            let ctx = crate::PageContext { url: Some(&base), content_type: None };
            let ours = crate::extract(html.as_bytes(), &ctx).article.content_html;
            let body = LAST_BODY.with(|b| b.take());
            if body.is_empty() {
                continue;
            }
            checked += 1;
            let theirs = ammonia_clean(&body, Some(&base));
            match compare(&ours, &theirs) {
                Some(true) => exact += 1,
                // dom_smoothie leaves blocks inside `<p>`s, which a parser splits.
                Some(false) => {}
                None => panic!("{name}: sanitised article differs from ammonia's"),
            }
            assert!(compare(&ours, &ammonia_clean(&ours, Some(&base))).is_some(), "{name}: ammonia would change it");
        }
        eprintln!("{checked} articles: {exact} byte-equal to ammonia");
    }

    #[test]
    fn data_urls_hidden_by_tabs_or_controls_are_still_data_urls() {
        let base = Url::parse("https://example.com/a.html").expect("valid");
        for html in [
            "<a href=\"da&#9;ta:text/html,<script>x</script>\">y</a>",
            "<a href=\"&#1;data:text/html,x\">y</a>",
            "<a href=\"data&#10;:text/html,x\">y</a>",
        ] {
            assert_eq!(sanitize_fragment(html, Some(&base)), "<a rel=\"noopener noreferrer\">y</a>", "{html}");
        }
        let svg = sanitize_fragment("<img src=\"data:image/s&#10;vg+xml;base64,PHN2Zz4=\">", Some(&base));
        assert!(!svg.contains("src"), "{svg}");
        let png = sanitize_fragment("<img src=\"data:image/png;base64,iVBORw0KGgo=\">", Some(&base));
        assert!(png.contains("src=\"data:image/png"), "{png}");
    }

    #[test]
    fn allowed_tags_are_never_foreign_or_dropped() {
        // What lets the walk test `is_allowed_tag` first.
        for tag in SVG_TAGS.iter().chain(MATHML_TAGS).chain(DROPPED_WITH_CONTENT) {
            if is_allowed_tag(tag) {
                assert!(matches!(*tag, "a" | "span"), "{tag} is allowed yet foreign or dropped");
                assert!(is_html_tag(tag) && !DROPPED_WITH_CONTENT.contains(tag));
            }
        }
        assert!(SVG_TAGS.is_sorted() && MATHML_TAGS.is_sorted(), "binary search needs sorted lists");
    }

    #[test]
    fn known_differences_from_a_plain_serialiser() {
        let out = sanitize_fragment(
            "<p title='a\"b' onclick=x>1 &lt; 2&nbsp;&amp;<br><img src=a.jpg width=1 height=1></p>",
            None,
        );
        assert_eq!(out, "<p title=\"a&quot;b\">1 &lt; 2&nbsp;&amp;<br></p>");
        let out =
            sanitize_fragment("<a href=x id=y>l</a><svg><a href=z>s</a></svg><path>p</path><custom>c</custom>", None);
        assert_eq!(
            out, "<a href=\"x\" rel=\"noopener noreferrer\">l</a>c",
            "foreign names go with content, unknown ones unwrap"
        );
    }

    /// Hostile fragments: everything the allowlist exists to stop.
    fn hostile_fragment() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<script>alert(1)</script>"),
            Just("<style>p{color:red}</style>"),
            Just("<iframe src=\"https://evil\"></iframe>"),
            Just("<img src=x onerror=alert(1)>"),
            Just("<p onclick=\"x()\" onmouseover='y()' class=c id=d>"),
            Just("<a href=\"javascript:alert(1)\">"),
            Just("<a href=\" JaVaScRiPt:x\" title=t>"),
            Just("<a href=\"jav&#x09;ascript:x\">"),
            Just("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">"),
            Just("<a href=\"da&#9;ta:text/html,<script>x</script>\">"),
            Just("<a href=\"&#1;data:text/html,x\">"),
            Just("<img src=\"data:image/s&#10;vg+xml;base64,PHN2Zz4=\">"),
            Just("<a href=../rel ping=/p hreflang=en>"),
            Just("<a href=\"http://[::1\">"),
            Just("<meta http-equiv=refresh content=\"0;url=https://evil\">"),
            Just("<svg onload=alert(1)><script>x</script><title>t</title></svg>"),
            Just("<math><mi xlink:href=\"javascript:x\">m</mi></math>"),
            Just("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=a>"),
            Just("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">"),
            Just("<img src=\"data:text/html,x\" title=\"data:x\">"),
            Just("<img src=/t.gif width=1 height=1>"),
            Just("<img src=/p.jpg width=600 height=400 align=left loading=lazy>"),
            Just("<object data=x></object><embed src=x>"),
            Just("<form action=/x><input name=a><button formaction=javascript:x>b</button></form>"),
            Just("<noscript><p>n</p></noscript>"),
            Just("<template><p>t</p></template>"),
            Just("<table><tr><td colspan=2 style=x>c</td></tr></table>"),
            Just("<time datetime=2020-01-01>d</time>"),
            Just("<figure><picture><source srcset=a><img src=b></picture><figcaption>c</figcaption></figure>"),
            Just("<div dir=rtl lang=ar data-x=1>"),
            Just("<xmp><b>x</b></xmp>"),
            Just("<textarea><b></textarea>"),
            Just("<path>"),
            Just("</p>"),
            Just("</div>"),
            Just("<p title=\""),
            Just("\""),
            Just("<!--"),
            Just("-->"),
            Just("<![CDATA[x]]>"),
            Just("&amp;&lt;&nbsp;&#0;"),
            Just("\u{a0}é"),
            Just("<"),
            Just(">"),
        ];
        (prop::collection::vec(piece, 0..24), "[a-z<>/=\" ]{0,12}")
            .prop_map(|(pieces, noise)| format!("{}{noise}", pieces.concat()))
    }

    /// Web URLs and near misses: odd schemes, hosts with digits, dots,
    /// `xn--`, other characters, ports of any length, any path.
    fn plain_web_url_like() -> impl Strategy<Value = String> {
        let scheme = prop_oneof![Just("http://"), Just("HTTPS://"), Just("https://"), Just("http:/"), Just("ftp://")];
        let host = prop_oneof![
            "[a-z0-9-]{1,8}(\\.[a-zA-Z0-9-]{0,8}){0,3}",
            "(xn--)?[a-z0-9]{0,6}\\.[0-9x]{1,4}",
            "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,4}",
            "[a-zA-Z0-9.@_%\\\\ \t\\[\\]-]{0,12}",
        ];
        let port = prop_oneof![
            Just(String::new()),
            "[0-9]{0,7}".prop_map(|p| format!(":{p}")),
            "[a-z0-9:]{0,4}".prop_map(|p| format!(":{p}"))
        ];
        let tail = "([/?#][ -~\t\u{e9}]{0,10})?";
        (scheme, host, port, tail).prop_map(|(s, h, p, t)| format!("{s}{h}{p}{t}"))
    }

    #[test]
    fn plain_web_url_examples() {
        for url in
            ["https://example.com/a?b#c", "http://a-b.example.co.uk:8080/x y", "HTTPS://EXAMPLE.COM", "http://a.b:/"]
        {
            assert!(is_plain_web_url(url), "{url}");
            assert!(Url::parse(url).is_ok(), "{url}");
        }
        // Left to the parser: it may refuse these, or read them differently.
        for url in [
            "https://exa mple.com/",
            "https://1.2.3.256/",
            "https://example.123/",
            "https://xn--a.com/",
            "https://a..b/",
            "https://user@example.com/",
            "https://[::1]/",
            "https://example.com:65536/",
            "https://example.com\\a",
            "https:example.com",
            " https://example.com",
        ] {
            assert!(!is_plain_web_url(url), "{url}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        #[test]
        fn hostile_fragments_match_ammonia(html in hostile_fragment()) {
            let base = Url::parse("https://example.com/news/a.html").expect("valid");
            let ours = sanitize_fragment(&html, Some(&base));
            // Ammonia's input: the same fragment with its pixels dropped.
            let doc = dom_query::Document::fragment(html.as_str());
            crate::body::drop_pixels(&dom_query::Selection::from(doc.root()));
            let theirs = ammonia_clean(&doc.html(), Some(&base));
            prop_assert!(compare(&ours, &theirs).is_some(), "ours   {ours}\ntheirs {theirs}");
        }

        #[test]
        fn plain_web_urls_parse(value in plain_web_url_like()) {
            if is_plain_web_url(&value) {
                let url = Url::parse(&value);
                prop_assert!(url.as_ref().is_ok_and(|u| matches!(u.scheme(), "http" | "https")), "{:?}: {:?}", value, url);
            }
        }

        #[test]
        fn relative_exactly_when_the_url_parser_says_so(value in "[ \t\n\x01]{0,2}[a-zA-Z0-9+.:/?#\t\n -]{0,12}") {
            let parser = matches!(Url::parse(&value), Err(url::ParseError::RelativeUrlWithoutBase));
            prop_assert_eq!(is_relative(&value), parser, "{:?}", value);
        }
    }
}

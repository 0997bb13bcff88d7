use std::collections::HashSet;

use unicode_segmentation::UnicodeSegmentation;

use dom_query::{local_name, LocalName, Matcher, NodeRef, Selection, TreeNode};

use tendril::StrTendril;

use crate::glob::{ElementNames, PHRASING_ELEMS, UNLIKELY_ROLES};
use crate::matching::style_hides;
use crate::text_index::TextIndex;
use crate::tree_walk::{walk, Step};

pub(crate) fn text_similarity(text_a: &str, text_b: &str) -> f64 {
    if text_a.is_empty() || text_b.is_empty() {
        return 0.0;
    }

    let a = text_a.to_lowercase();
    let b = text_b.to_lowercase();

    if a.contains(&b) {
        return 1.0;
    }

    let tokens_a: HashSet<&str> = a.unicode_words().collect();
    let tokens_b: Vec<&str> = b.unicode_words().collect();

    let b_chars_total: usize = tokens_b.iter().map(|s| s.chars().count()).sum();
    if b_chars_total == 0 {
        return 0.0;
    }
    let b_chars_unique: usize = tokens_b
        .iter()
        .filter(|&&s| !tokens_a.contains(s))
        .map(|s| s.chars().count())
        .sum();

    let distance_b = b_chars_unique as f64 / b_chars_total as f64;
    1.0 - distance_b
}

pub(crate) fn is_phrasing_content(node: &NodeRef) -> bool {
    if node.is_text() {
        return true;
    }

    // only elements has a node name
    let Some(qual_name) = node.qual_name_ref() else {
        return false;
    };
    if PHRASING_ELEMS.contains(&qual_name.local) {
        return true;
    }

    if matches!(qual_name.local.as_ref(), "a" | "del" | "ins") {
        // There is no big sense to consider link content as phrasing content if they doesn't have children element.
        let children = node.children();
        return !children.is_empty() && children.into_iter().all(|n| is_phrasing_content(&n));
    }
    false
}

pub(crate) fn is_whitespace(node: &NodeRef) -> bool {
    if node.is_text() && !node.is_nonempty_text() {
        return true;
    }
    // only an element node has a node_name
    node.has_name("br")
}

pub(crate) fn has_ancestor<F>(node: &NodeRef, max_depth: Option<usize>, filter_fn: F) -> bool
where
    F: Fn(&NodeRef) -> bool,
{
    let max_depth = max_depth.map(|max_depth| if max_depth == 0 { 3 } else { max_depth });
    node.ancestors_it(max_depth).any(|a| filter_fn(&a))
}

pub(crate) fn normalize_spaces(text: &str) -> String {
    let mut result = String::with_capacity(text.len());
    let mut iter = text.split_whitespace();

    if let Some(first) = iter.next() {
        result.push_str(first);
        for word in iter {
            result.push(' ');
            result.push_str(word);
        }
    }
    result
}

/// Characters inside links (weighted) over the node's characters
/// (`char_count` when the caller has it).
pub(crate) fn link_density(node: &NodeRef, char_count: Option<usize>) -> f32 {
    TextIndex::of(node).link_density(node, char_count)
}

/// Returns the child element if the node contains exactly one element child with the given tag
/// and no non-empty text nodes.
pub(crate) fn single_child_element<'a>(node: &NodeRef<'a>, tag: &str) -> Option<NodeRef<'a>> {
    // There should be exactly 1 element child with given tag
    let children = node.element_children();
    if children.len() != 1 {
        return None;
    }

    let first = children.first()?;

    if !first.has_name(tag) {
        return None;
    }
    if node.children_it(false).any(|n| n.is_nonempty_text()) {
        return None;
    }
    Some(*first)
}

pub(crate) fn is_element_without_content(node: &NodeRef) -> bool {
    // since this function calls only for elements check `node.is_element()` is redundant
    let has_text = node.descendants_it().any(|n| n.is_nonempty_text());
    if has_text {
        return false;
    }

    let el_children_count = node.children_it(false).filter(|n| n.is_element()).count();
    if el_children_count == 0 {
        return true;
    }

    let line_breaks = count_descendants(node, "br") + count_descendants(node, "hr");
    el_children_count == line_breaks
}

/// The elements of `candidates` that `matcher` matches, in their order:
/// `select_matcher(matcher)` when only `candidates` (found with a plain
/// type selector, which `dom_query` matches on names alone) can match, so the
/// full selector engine runs on those instead of on every element.
pub(crate) fn select_among<'a>(candidates: Selection<'a>, matcher: &Matcher) -> Selection<'a> {
    let nodes = candidates
        .nodes()
        .iter()
        .filter(|n| matcher.match_element(*n))
        .copied();
    Selection::from(nodes.collect::<Vec<_>>())
}

/// `sel.select_matcher(matcher)` when `matches` says exactly which
/// elements `matcher` matches: below a single node, those elements in
/// document order, without running the selector engine on every element
/// (Quire's change; tests hold each use to its selector).
fn select_where<'a>(
    sel: &Selection<'a>,
    matcher: &Matcher,
    matches: impl Fn(&TreeNode) -> bool,
) -> Selection<'a> {
    let [root] = sel.nodes() else {
        return sel.select_matcher(matcher);
    };
    // The descendants in document order (as `descendants_it`), each node
    // looked up once for both its links and the test.
    let mut found = Vec::new();
    walk(root, matches, |step| {
        if let Step::Enter(id, true) = step {
            if id != root.id {
                found.push(NodeRef::new(id, root.tree));
            }
        }
    });
    Selection::from(found)
}

/// [`select_where`] for an attribute-existence `matcher` (`*[a],*[b]`,
/// attributes `names`): the elements carrying one of the attributes in no
/// namespace.
pub(crate) fn select_by_attr<'a>(
    sel: &Selection<'a>,
    names: &[&str],
    matcher: &Matcher,
) -> Selection<'a> {
    select_where(sel, matcher, |n| {
        n.as_element().is_some_and(|el| {
            el.attrs
                .iter()
                .any(|a| a.name.ns.is_empty() && names.contains(&a.name.local.as_ref()))
        })
    })
}

/// [`select_where`] for a `matcher` that lists tag names (`names`, as in
/// `table,ul,div`): the elements so named.
pub(crate) fn select_by_names<'a>(
    sel: &Selection<'a>,
    names: &[&str],
    matcher: &Matcher,
) -> Selection<'a> {
    // As atoms, compared as integers: the walk asks every element of the article.
    let names: Vec<LocalName> = names.iter().map(|n| LocalName::from(*n)).collect();
    select_where(sel, matcher, |n| {
        n.as_element()
            .is_some_and(|el| names.contains(&el.name.local))
    })
}

/// The tag-name lists [`select_by_names`] is given, with the selectors
/// they stand for.
pub(crate) const CLEAN_NAMES: &[&str] = &[
    "object", "embed", "footer", "link", "aside", "iframe", "input", "textarea", "select", "button",
];
pub(crate) const FORM_FIELDSET_NAMES: &[&str] = &["form", "fieldset"];
pub(crate) const TABLE_UL_DIV_NAMES: &[&str] = &["table", "ul", "div"];
pub(crate) const HEADING_NAMES: &[&str] = &["h1", "h2"];
pub(crate) const IMG_PICTURE_FIGURE_NAMES: &[&str] = &["img", "picture", "figure"];
pub(crate) const DIV_SECTION_NAMES: &[&str] = &["div", "section"];

/// How many elements named `name` are below `node`: upstream's
/// `find_descendants(name).len()` without parsing a selector per call.
pub(crate) fn count_descendants(node: &NodeRef, name: &str) -> usize {
    node.descendants_it().filter(|n| n.has_name(name)).count()
}

pub(crate) fn get_dir_attr(node: &NodeRef) -> Option<String> {
    if let Some(first_child) = node.first_child() {
        if let Some(dir_attr) = first_child.attr("dir") {
            return Some(dir_attr.to_string());
        }

        let dir_attr = first_child.ancestors_it(None).find_map(|a| a.attr("dir"));
        if let Some(dir_attr) = dir_attr {
            return Some(dir_attr.to_string());
        }
    }
    None
}

pub(crate) fn node_name_in(node: &NodeRef, names: &ElementNames) -> bool {
    node.qual_name_ref()
        .is_some_and(|name| names.contains(&name.local))
}

pub(crate) fn is_probably_visible(node: &NodeRef) -> bool {
    Seen::of(node).visible()
}

/// What the scoring walk (and the visibility test) asks of an element,
/// read in one look at it (Quire): upstream asked a dozen questions, each its own look-up of the
/// node and scan of its attributes, with attribute names compared as
/// strings. Each field answers as the call it replaces did.
#[allow(clippy::struct_excessive_bools)] // one answer per replaced question
pub(crate) struct Seen {
    /// The tag name (`has_name`, `node_name_in`).
    pub(crate) name: LocalName,
    /// `is_probably_visible`'s parts: a `hidden` attribute, the first
    /// `style` hiding the element, `[aria-hidden="true"]`,
    /// `[class*="fallback-image"]`.
    hidden: bool,
    style_hides: bool,
    aria_hidden: bool,
    fallback_image: bool,
    /// `has_attr("aria-modal")`.
    pub(crate) aria_modal: bool,
    /// A `class` or `id` attribute: `get_node_matching_string` is empty without.
    pub(crate) class_or_id: bool,
    /// The first `role` is one of [`UNLIKELY_ROLES`].
    pub(crate) unlikely_role: bool,
}

impl Seen {
    pub(crate) fn of(node: &NodeRef) -> Self {
        let mut seen = Seen {
            name: LocalName::from(""),
            hidden: false,
            style_hides: false,
            aria_hidden: false,
            fallback_image: false,
            aria_modal: false,
            class_or_id: false,
            unlikely_role: false,
        };
        node.query(|n| {
            let Some(el) = n.as_element() else { return };
            seen.name = el.name.local.clone();
            let (mut style, mut role) = (None, None);
            for attr in &el.attrs {
                let value = attr.value.as_ref();
                match attr.name.local {
                    local_name!("hidden") => seen.hidden = true,
                    local_name!("style") => style = style.or(Some(value)),
                    local_name!("role") => role = role.or(Some(value)),
                    local_name!("aria-hidden") => seen.aria_hidden |= value == "true",
                    local_name!("aria-modal") => seen.aria_modal = true,
                    local_name!("class") => {
                        seen.class_or_id = true;
                        seen.fallback_image |= value.contains("fallback-image");
                    }
                    local_name!("id") => seen.class_or_id = true,
                    _ => {}
                }
            }
            seen.style_hides = style.is_some_and(style_hides);
            seen.unlikely_role = role.is_some_and(|r| UNLIKELY_ROLES.contains(r));
        });
        seen
    }

    /// Readability's visibility rule: no `hidden` attribute, no `style`
    /// hiding it, and no `aria-hidden="true"` unless it is a fallback image.
    pub(crate) fn visible(&self) -> bool {
        !self.hidden && !self.style_hides && (!self.aria_hidden || self.fallback_image)
    }
}

pub(crate) fn get_node_matching_string(node: &NodeRef) -> StrTendril {
    let mut buf = StrTendril::new();
    let Some(el) = node.element_ref() else {
        return buf;
    };

    for attr in &el.attrs {
        if !matches!(attr.name.local.as_ref(), "class" | "id") {
            continue;
        }
        buf.push_tendril(&attr.value);
        buf.push_char(' ');
    }

    buf.make_ascii_lowercase();
    buf
}

pub(crate) fn next_child_or_sibling<'a>(
    node: &NodeRef<'a>,
    ignore_child: bool,
) -> Option<NodeRef<'a>> {
    if !ignore_child {
        if let Some(first_child) = node.first_element_child() {
            return Some(first_child);
        }
    }

    if let Some(sibling) = node.next_element_sibling() {
        return Some(sibling);
    }
    let mut parent = node.parent();
    while let Some(parent_node) = parent {
        if let Some(next_sibling) = parent_node.next_element_sibling() {
            return Some(next_sibling);
        }
        parent = parent_node.parent();
    }
    None
}

#[cfg(not(feature = "aho-corasick"))]
/// A lightweight byte-level pre-checker used to quickly skip patterns
/// that cannot occur in the haystack.
pub(crate) struct BytePatternCheck<'a> {
    haystack: &'a str,
    char_map: [u8; 256],
}

#[cfg(not(feature = "aho-corasick"))]
impl<'a> BytePatternCheck<'a> {
    pub(crate) fn new(haystack: &'a str) -> Self {
        let mut char_map = [0u8; 256];

        for &b in haystack.as_bytes() {
            char_map[b as usize] = 1;
        }
        Self { haystack, char_map }
    }
    #[inline]
    fn pre_check(&self, pat: &str) -> bool {
        for &b in pat.as_bytes() {
            if self.char_map[b as usize] == 0 {
                return false;
            }
        }
        true
    }
    /// Checks if the haystack contains any of the given patterns.
    /// Performs a cheap bitmap pre-check before `str::contains`.
    pub(crate) fn contains_any(&self, pats: &[&str]) -> bool {
        pats.iter()
            .any(|pat| self.pre_check(pat) && self.haystack.contains(pat))
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    const FLOAT_TOLERANCE: f64 = 0.00001;

    /// Upstream's visibility rule, which [`Seen::visible`] answers.
    fn upstream_visible(node: &NodeRef) -> bool {
        use crate::glob::{MINI_ARIA_HIDDEN, MINI_FALLBACK_IMG};
        !node.has_attr("hidden")
            && !crate::matching::is_invisible_style(node)
            && (!MINI_ARIA_HIDDEN.match_node(node) || MINI_FALLBACK_IMG.match_node(node))
    }

    #[test]
    fn visibility_as_upstream() {
        let mut pages: Vec<String> = crate::fixture_pages()
            .into_iter()
            .map(|(_, html)| html)
            .collect();
        pages.push(
            r#"<div hidden>a</div><p style="DISPLAY: none">b</p><p style="visibility:hidden">c</p>
            <span aria-hidden="true">d</span><img aria-hidden="true" class="x fallback-image"><i aria-hidden="false">e</i>"#
                .to_string(),
        );
        let mut hidden = 0;
        for html in &pages {
            let doc = dom_query::Document::from(html.as_str());
            for node in doc.root().descendants_it().filter(|n| n.is_element()) {
                assert_eq!(
                    Seen::of(&node).visible(),
                    upstream_visible(&node),
                    "{}",
                    node.html()
                );
                hidden += usize::from(!upstream_visible(&node));
            }
        }
        assert!(hidden >= 4, "the cases exercise the rule ({hidden} hidden)");
    }

    #[test]
    fn select_by_names_finds_what_the_selector_finds() {
        use crate::glob::*;
        let pairs: [(&[&str], &Matcher); 9] = [
            (CLEAN_NAMES, &MATCHER_CLEAN),
            (FORM_FIELDSET_NAMES, &MATCHER_FORM_FIELDSET),
            (TABLE_UL_DIV_NAMES, &MATCHER_TABLE_UL_DIV),
            (HEADING_NAMES, &MATCHER_HEADING),
            (IMG_PICTURE_FIGURE_NAMES, &MATCHER_IMG_PICTURE_FIGURE),
            (DIV_SECTION_NAMES, &MATCHER_DIV_SECTION),
            (&["table"], &MATCHER_TABLE),
            (&["h1"], &MATCHER_H1),
            (&["p"], &MATCHER_P),
        ];
        let mut pages = vec!["<div><svg><table></table><p></p></svg><TABLE><Div></Div></TABLE><math><p></p></math></div>".to_string()];
        pages.extend(crate::fixture_pages().into_iter().map(|(_, html)| html));
        let ids = |sel: &Selection| sel.nodes().iter().map(|n| n.id).collect::<Vec<_>>();
        let mut found = 0;
        for html in &pages {
            let doc = dom_query::Document::from(html.as_str());
            for root in doc.select("body, article, section").nodes().iter().take(5) {
                let root = Selection::from(*root);
                for (names, matcher) in pairs {
                    let ours = ids(&select_by_names(&root, names, matcher));
                    assert_eq!(ours, ids(&root.select_matcher(matcher)), "{names:?}");
                    found += ours.len();
                }
            }
        }
        assert!(
            pages.len() == 1 || found > 1000,
            "the pages exercise the lists ({found} found)"
        );
    }

    #[test]
    fn select_by_attr_finds_what_the_selector_finds() {
        let doc = dom_query::Document::from(
            r"<body><div id=root><p class=a>x<b data-readability-score=1>y</b></p>
            <svg><a xlink:href=x class=b><g xml:lang=en id=c></g></a></svg><i ID=d></i>
            <math><mi class=e></mi></math><table data-readability-table=true></table></div></body>",
        );
        let root = doc.select("#root");
        let ids = |sel: &Selection| sel.nodes().iter().map(|n| n.id).collect::<Vec<_>>();
        for (names, selector) in [
            (&["class"][..], "*[class]"),
            (&["class", "id"][..], "*[class],*[id]"),
            (
                &["data-readability-score", "data-readability-table"][..],
                "*[data-readability-score], *[data-readability-table]",
            ),
        ] {
            let matcher = Matcher::new(selector).unwrap();
            assert_eq!(
                ids(&select_by_attr(&root, names, &matcher)),
                ids(&root.select_matcher(&matcher)),
                "{selector}"
            );
        }
    }

    #[test]
    fn test_text_similarity() {
        let text_a = "The quick brown fox";
        let text_b = "The quick fox";
        let similarity = text_similarity(text_a, text_b);
        assert!(similarity > 0.75);
    }

    #[test]
    fn test_text_similarity_contains() {
        let text_a = "the quick brown fox jumps over the lazy dog";
        let text_b = "The Quick Brown Fox";
        let similarity = text_similarity(text_a, text_b);
        assert!(1.0 - similarity < FLOAT_TOLERANCE);
    }

    #[test]
    fn test_text_similarity_similar() {
        let text_a = "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶_科技_腾讯网";
        let text_b = "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶";
        let similarity = text_similarity(text_a, text_b);
        assert!(1.0 - similarity < FLOAT_TOLERANCE);
    }

    #[test]
    fn test_text_similarity_no_words() {
        // `text_b` has no unicode words, so the char totals are zero.
        let similarity = text_similarity("Some title", "...");
        assert!(similarity < FLOAT_TOLERANCE);
    }

    #[test]
    fn test_normalize_spaces() {
        let text = "    The quick  brown  fox\n jumps over the lazy dog. ";
        let normalized_text = normalize_spaces(text);
        let expected = "The quick brown fox jumps over the lazy dog.";
        assert_eq!(expected, normalized_text);
    }

    #[test]
    #[cfg(not(feature = "aho-corasick"))]
    fn test_ascii_pattern_check() {
        let class = "article primary main äußerlich konnen";
        let check = BytePatternCheck::new(class);
        assert!(check.contains_any(&["äußerlich"]));
        assert!(check.contains_any(&["article", "post"]));
        assert!(!check.contains_any(&["können"]));
    }
}

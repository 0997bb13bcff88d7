use dom_query::{Document, NodeRef};

#[allow(clippy::wildcard_imports)]
use crate::glob::*;
use crate::helpers::{get_node_matching_string, is_probably_visible};

/// Estimates whether the document is readable in a *quick-and-dirty* way.
///
///
/// # Arguments
///
/// * `doc` - The reference to the [`dom_query::Document`] to check.
/// * `min_score` - The minimum score required for the document to be considered readable. Defaults to 20.0.
/// * `min_content_length` - The minimum content length required for the document to be considered readable. Defaults to 140.
///
/// # Returns
///
/// True if the document is readable, false otherwise.
pub fn is_probably_readable(
    doc: &Document,
    min_score: Option<f32>,
    min_content_length: Option<usize>,
) -> bool {
    let min_score = min_score.unwrap_or(MIN_SCORE);
    let min_content_length = min_content_length.unwrap_or(MIN_CONTENT_LENGTH);

    // What `p,pre,article` and the parents of `div > br` select, found in one
    // walk (Quire's change). Upstream scores the first list, then the second;
    // the score only grows, so the order cannot change the answer.
    let root = doc.root();
    let nodes = root.descendants_it().filter(|node| {
        node.qual_name_ref()
            .is_some_and(|name| match name.local.as_ref() {
                "p" | "pre" | "article" => true,
                "div" => node.children_it(false).any(|c| c.has_name("br")),
                _ => false,
            })
    });

    scores_past(nodes, min_score, min_content_length)
}

/// Whether `nodes`, scored one after another by the length of their text,
/// reach `min_score`: visible, likely, not list-item paragraphs, with at
/// least `min_content_length` characters each.
fn scores_past<'a>(
    nodes: impl IntoIterator<Item = NodeRef<'a>>,
    min_score: f32,
    min_content_length: usize,
) -> bool {
    let mut score: f32 = 0.0;
    nodes.into_iter().any(|node| {
        let node = &node;
        if !is_probably_visible(node) {
            return false;
        }
        let match_string = get_node_matching_string(node);

        if !match_string.is_empty()
            && UNLIKELY_CANDIDATES.iter().any(|p| match_string.contains(p))
            && !MAYBE_CANDIDATES.iter().any(|p| match_string.contains(p))
        {
            return false;
        }

        if MATCHER_LI_P.match_element(node) {
            return false;
        }

        let text_content_length = node.text().trim().chars().count();
        if text_content_length < min_content_length {
            return false;
        }

        score += ((text_content_length - min_content_length) as f32).sqrt();
        score > min_score
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Upstream's node lists, in its order, which [`is_probably_readable`]
    /// finds in one walk.
    fn upstream(doc: &Document, min_score: f32, min_content_length: usize) -> bool {
        let mut nodes = doc.select("p,pre,article").nodes().to_vec();
        nodes.extend_from_slice(doc.select("div > br").parent().nodes());
        scores_past(nodes, min_score, min_content_length)
    }

    #[test]
    fn the_same_verdict_as_upstream_at_every_threshold() {
        let mut pages = vec![
            "<div>a<br>b<br>c</div><ul><li><p>in a list</p></li></ul><pre>code</pre>".to_string(),
        ];
        pages.extend(crate::fixture_pages().into_iter().map(|(_, html)| html));
        let (mut yes, mut no) = (0, 0);
        for html in &pages {
            let doc = Document::from(html.as_str());
            for (min_score, min_len) in
                [(0.0, 0), (20.0, 140), (100.0, 50), (400.0, 20), (2000.0, 0)]
            {
                let verdict = is_probably_readable(&doc, Some(min_score), Some(min_len));
                assert_eq!(
                    verdict,
                    upstream(&doc, min_score, min_len),
                    "{min_score} {min_len}"
                );
                if verdict {
                    yes += 1;
                } else {
                    no += 1;
                }
            }
        }
        assert!(
            pages.len() == 1 || (yes > 50 && no > 50),
            "both verdicts are exercised ({yes} yes, {no} no)"
        );
    }
}

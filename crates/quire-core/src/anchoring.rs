//! Finding a highlight's passage again after an article's text has changed.
//!
//! A highlight is stored as W3C selectors over the article's anchor text: a
//! position (`start..end`, in code points) and a quote (`exact` with about
//! [`CONTEXT_CHARS`] of `prefix` and `suffix`). Re-anchoring tries, in order:
//! 1. the position, verified by the quote (the text did not move);
//! 2. the quote, found exactly or within an error budget, with its context:
//!    the approximate matcher is Myers' bit-parallel algorithm (Hyyrö's
//!    multi-block form, as in Hypothesis' `approx-string-match`), and every
//!    candidate is scored on quote, prefix and suffix similarity and nearness
//!    to the old position (weights after Hypothesis' `match-quote`);
//! 3. nothing: the highlight becomes an orphan.
//!
//! A candidate must look like the same passage in its surroundings as well as
//! in itself, so a highlight is never moved onto a different passage that
//! merely repeats its words: an orphan, listed with its quote, is better than
//! a highlight that silently points at the wrong sentence.

use std::collections::HashMap;

/// How much context is kept on each side of a quote (as Hypothesis does).
pub const CONTEXT_CHARS: usize = 32;

/// How far from its old place a passage is first looked for.
const NEARBY_CHARS: usize = 4096;

/// At most this many approximate candidates are scored for one quote.
const MAX_CANDIDATES: usize = 64;

/// A highlight's selectors, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct Selectors<'a> {
    pub exact: &'a str,
    pub prefix: &'a str,
    pub suffix: &'a str,
    pub start: usize,
    pub end: usize,
}

/// The article's anchor text as code points, so positions index it directly.
pub fn chars(text: &str) -> Vec<char> {
    text.chars().collect()
}

/// The prefix and suffix context of `start..end` in `text`.
pub fn context(text: &[char], start: usize, end: usize) -> (String, String) {
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let prefix = text[start.saturating_sub(CONTEXT_CHARS)..start].iter().collect();
    let suffix = text[end..(end + CONTEXT_CHARS).min(text.len())].iter().collect();
    (prefix, suffix)
}

/// How many errors a quote of `len` code points may have and still be found:
/// a quarter of it (none for very short quotes, whose errors would leave too
/// little of them to recognise), at most 256 (Hypothesis' cap).
fn error_budget(len: usize) -> usize {
    if len < 8 { 0 } else { (len / 4).min(256) }
}

/// Where the passage of `sel` is in `text` now, or `None` (an orphan).
pub fn anchor(text: &[char], sel: &Selectors<'_>) -> Option<(usize, usize)> {
    let quote: Vec<char> = sel.exact.chars().collect();
    if quote.is_empty() {
        return None;
    }
    let prefix: Vec<char> = sel.prefix.chars().collect();
    let suffix: Vec<char> = sel.suffix.chars().collect();
    if sel.start < sel.end && sel.end <= text.len() && text[sel.start..sel.end] == quote[..] {
        let here = vec![(sel.start, sel.end, 0)];
        if let Some(found) = best_candidate(text, sel.start, &quote, &prefix, &suffix, here) {
            return Some(found);
        }
    }
    // Most edits move a passage a little: look near its old place first, and
    // through the whole text only when that finds nothing the context vouches for.
    let near = sel.start.saturating_sub(NEARBY_CHARS).min(text.len());
    let near_end = (sel.end + NEARBY_CHARS).min(text.len()).max(near);
    let nearby: Vec<(usize, usize, usize)> = exact_occurrences(&text[near..near_end], &quote)
        .into_iter()
        .map(|s| (near + s, near + s + quote.len(), 0))
        .collect();
    let found_nearby = best_candidate(text, sel.start, &quote, &prefix, &suffix, nearby);
    found_nearby
        .or_else(|| {
            let exact: Vec<(usize, usize, usize)> =
                exact_occurrences(text, &quote).into_iter().map(|s| (s, s + quote.len(), 0)).collect();
            best_candidate(text, sel.start, &quote, &prefix, &suffix, exact)
        })
        .or_else(|| {
            let budget = error_budget(quote.len());
            if budget == 0 {
                return None;
            }
            let approximate = approximate_matches(text, &quote, budget);
            best_candidate(text, sel.start, &quote, &prefix, &suffix, approximate)
        })
}

/// The best-scoring of `candidates` (`(start, end, errors)`) whose context
/// vouches for it, if any.
fn best_candidate(
    text: &[char],
    old_start: usize,
    quote: &[char],
    prefix: &[char],
    suffix: &[char],
    candidates: Vec<(usize, usize, usize)>,
) -> Option<(usize, usize)> {
    let scored = candidates.into_iter().filter_map(|(s, e, errors)| {
        let quote_score = 1.0 - errors as f64 / quote.len() as f64;
        let prefix_score = similarity(prefix, &text[s.saturating_sub(prefix.len())..s]);
        let suffix_score = similarity(suffix, &text[e..(e + suffix.len()).min(text.len())]);
        // The context must vouch for the candidate: a quote that repeats
        // elsewhere, in other surroundings, is a different passage.
        if (prefix_score + suffix_score) / 2.0 < 0.5 {
            return None;
        }
        let distance = s.abs_diff(old_start) as f64 / text.len().max(1) as f64;
        let score = 50.0 * quote_score + 20.0 * prefix_score + 20.0 * suffix_score + 2.0 * (1.0 - distance);
        Some((score, s, e))
    });
    scored.max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1))).map(|(_, s, e)| (s, e))
}

/// Starts of every occurrence of `needle` in `text`.
fn exact_occurrences(text: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > text.len() {
        return Vec::new();
    }
    (0..=text.len() - needle.len()).filter(|&i| text[i] == needle[0] && text[i..i + needle.len()] == *needle).collect()
}

/// 1 for equal strings, falling towards 0 with their edit distance; two empty
/// strings (a highlight at the very start or end) are equal.
fn similarity(a: &[char], b: &[char]) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - edit_distance(a, b) as f64 / longest as f64
}

/// Levenshtein distance, for short strings (contexts).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// Passages of `text` within `budget` edits of `pattern`: `(start, end, errors)`.
/// The ends come from Myers' algorithm; each run of neighbouring ends is one
/// match, taken at its fewest errors, whose start is then found exactly.
fn approximate_matches(text: &[char], pattern: &[char], budget: usize) -> Vec<(usize, usize, usize)> {
    let mut best_of_runs: Vec<(usize, usize)> = Vec::new();
    let mut last_end = usize::MAX - 1;
    for (end, errors) in match_ends(pattern, text, budget) {
        match best_of_runs.last_mut() {
            Some(best) if end == last_end + 1 => {
                if errors < best.1 {
                    *best = (end, errors);
                }
            }
            _ => best_of_runs.push((end, errors)),
        }
        last_end = end;
    }
    best_of_runs.sort_by_key(|&(_, errors)| errors);
    best_of_runs.truncate(MAX_CANDIDATES);
    best_of_runs
        .into_iter()
        .map(|(end, errors)| {
            let from = end.saturating_sub(pattern.len() + errors);
            let start = best_start(pattern, &text[from..end]) + from;
            (start, end, errors)
        })
        .collect()
}

/// Where in `window` the best match of `pattern` ending at the window's end starts.
fn best_start(pattern: &[char], window: &[char]) -> usize {
    // Edit distance of the reversed pattern against every prefix of the
    // reversed window: column j is the match that starts j from the end.
    let mut col: Vec<usize> = (0..=pattern.len()).collect();
    let mut best = (col[pattern.len()], 0);
    for (j, c) in window.iter().rev().enumerate() {
        let mut diagonal = col[0];
        col[0] = j + 1;
        for (i, p) in pattern.iter().rev().enumerate() {
            let substitution = diagonal + usize::from(p != c);
            diagonal = col[i + 1];
            col[i + 1] = substitution.min(col[i] + 1).min(col[i + 1] + 1);
        }
        if col[pattern.len()] <= best.0 {
            best = (col[pattern.len()], j + 1);
        }
    }
    window.len() - best.1
}

/// Every end position (exclusive) in `text` where `pattern` matches with at
/// most `budget` edits, with the number of edits: Myers' bit-vector algorithm
/// in Hyyrö's multi-block form, O(n · ⌈m/64⌉).
fn match_ends(pattern: &[char], text: &[char], budget: usize) -> Vec<(usize, usize)> {
    let m = pattern.len();
    if m == 0 {
        return Vec::new();
    }
    let blocks = m.div_ceil(64);
    let mut peq: HashMap<char, Vec<u64>> = HashMap::new();
    for (i, &c) in pattern.iter().enumerate() {
        peq.entry(c).or_insert_with(|| vec![0; blocks])[i / 64] |= 1 << (i % 64);
    }
    let none = vec![0u64; blocks];
    let last_row = 1u64 << ((m - 1) % 64);
    let mut pv = vec![!0u64; blocks];
    let mut mv = vec![0u64; blocks];
    let mut score = m as i64;
    let mut ends = Vec::new();
    for (j, c) in text.iter().enumerate() {
        let eqs = peq.get(c).unwrap_or(&none);
        // The top row is all zeros (a match may start anywhere), so nothing
        // enters block 0 from above; each block hands its last row's
        // horizontal delta to the next.
        let mut h_in: i64 = 0;
        for b in 0..blocks {
            let (p, n) = (pv[b], mv[b]);
            let h_neg = u64::from(h_in < 0);
            let h_pos = u64::from(h_in > 0);
            let eq = eqs[b] | h_neg;
            let xv = eq | n;
            let xh = ((eq & p).wrapping_add(p) ^ p) | eq;
            let ph = n | !(xh | p);
            let mh = p & xh;
            let row = if b == blocks - 1 { last_row } else { 1 << 63 };
            let h_out = i64::from(ph & row != 0) - i64::from(mh & row != 0);
            let ph = (ph << 1) | h_pos;
            let mh = (mh << 1) | h_neg;
            pv[b] = mh | !(xv | ph);
            mv[b] = ph & xv;
            h_in = h_out;
        }
        score += h_in;
        if score <= budget as i64 {
            ends.push((j + 1, score as usize));
        }
    }
    ends
}

/// Where `quote` occurs in `text`, comparing runs of whitespace as one space
/// (what a person types into `quire highlight --quote`): `(start, end)` pairs.
pub fn find_quote(text: &[char], quote: &str) -> Vec<(usize, usize)> {
    let words: Vec<&str> = quote.split_whitespace().collect();
    if words.is_empty() {
        return Vec::new();
    }
    let wanted: Vec<char> = words.join(" ").chars().collect();
    // The text with each whitespace run folded to one space, and for each of
    // its characters where it came from.
    let mut folded = Vec::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i].is_whitespace() {
            let from = i;
            while i < text.len() && text[i].is_whitespace() {
                i += 1;
            }
            folded.push(' ');
            origin.push((from, i));
        } else {
            folded.push(text[i]);
            origin.push((i, i + 1));
            i += 1;
        }
    }
    exact_occurrences(&folded, &wanted).into_iter().map(|s| (origin[s].0, origin[s + wanted.len() - 1].1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The semi-global edit distance of `pattern` ending at each position, by the book.
    fn naive_ends(pattern: &[char], text: &[char], budget: usize) -> Vec<(usize, usize)> {
        let m = pattern.len();
        let mut col: Vec<usize> = (0..=m).collect();
        let mut ends = Vec::new();
        for (j, c) in text.iter().enumerate() {
            let mut diagonal = col[0];
            col[0] = 0;
            for i in 0..m {
                let substitution = diagonal + usize::from(pattern[i] != *c);
                diagonal = col[i + 1];
                col[i + 1] = substitution.min(col[i] + 1).min(col[i + 1] + 1);
            }
            if col[m] <= budget {
                ends.push((j + 1, col[m]));
            }
        }
        ends
    }

    proptest! {
        #[test]
        fn myers_agrees_with_the_textbook_algorithm(
            pattern in "[abc]{1,150}", text in "[abcd]{0,300}", budget in 0usize..40
        ) {
            let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
            prop_assert_eq!(match_ends(&p, &t, budget), naive_ends(&p, &t, budget));
        }
    }

    #[test]
    fn finds_the_passage_at_its_position_moved_or_edited() {
        let text = chars("The quick brown fox jumps over the lazy dog. Then the fox sleeps.");
        let (s, e) = (4, 19);
        let (prefix, suffix) = context(&text, s, e);
        let sel = Selectors { exact: "quick brown fox", prefix: &prefix, suffix: &suffix, start: s, end: e };
        assert_eq!(anchor(&text, &sel), Some((4, 19)));
        let moved = chars("Preface. The quick brown fox jumps over the lazy dog. Then the fox sleeps.");
        assert_eq!(anchor(&moved, &sel), Some((13, 28)), "found where the text moved it");
        let edited = chars("Preface. The quick brown fax jumps over the lazy dog. Then the fox sleeps.");
        assert_eq!(anchor(&edited, &sel), Some((13, 28)), "found despite one changed letter");
        let gone = chars("Something else entirely, with no animals in it at all, none.");
        assert_eq!(anchor(&gone, &sel), None, "an orphan, not a guess");
    }

    #[test]
    fn a_repeated_quote_in_other_surroundings_is_not_the_passage() {
        let text = chars("alpha beta gamma delta epsilon zeta eta theta iota kappa");
        let (prefix, suffix) = context(&text, 11, 16);
        let sel = Selectors { exact: "gamma", prefix: &prefix, suffix: &suffix, start: 11, end: 16 };
        let rewritten = chars("one two three four five six seven eight gamma nine ten eleven twelve");
        assert_eq!(anchor(&rewritten, &sel), None);
    }

    #[test]
    fn finds_a_typed_quote_whatever_its_whitespace() {
        let text = chars("one  two\nthree two three");
        assert_eq!(find_quote(&text, "two three"), vec![(5, 14), (15, 24)]);
        assert_eq!(find_quote(&text, " one two "), vec![(0, 8)]);
        assert!(find_quote(&text, "four").is_empty());
    }
}

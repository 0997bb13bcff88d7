//! Full-text search over the library.
//!
//! What a person types is never handed to FTS5's `MATCH` as is: it is parsed
//! into words, "phrases", `-exclusions` and `prefix*`, and each part is quoted,
//! so no input, however malformed, can produce a syntax error.

use rusqlite::Connection;

use crate::error::Result;
use crate::model::{SearchHit, SearchQuery};

/// Results are for people; more than this is never read.
const MAX_HITS: u32 = 200;
const DEFAULT_HITS: u32 = 50;
const MARK_OPEN: &str = "\u{1}";
const MARK_CLOSE: &str = "\u{2}";

/// One part of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Word { text: String, prefix: bool },
    Phrase(String),
    Not(String),
}

/// Parses a person's query into terms, dropping anything FTS5 could not use.
fn parse(input: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    let mut rest = input.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let end = after.find('"').unwrap_or(after.len());
            let phrase = &after[..end];
            if has_word(phrase) {
                terms.push(Term::Phrase(phrase.to_string()));
            }
            rest = after.get(end + 1..).unwrap_or("").trim_start();
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        rest = rest[end..].trim_start();
        if let Some(excluded) = word.strip_prefix('-').filter(|w| has_word(w)) {
            terms.push(Term::Not(excluded.trim_end_matches('*').to_string()));
        } else if has_word(word) {
            let prefix = word.ends_with('*');
            terms.push(Term::Word { text: word.trim_end_matches('*').to_string(), prefix });
        }
    }
    terms
}

fn has_word(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The FTS5 expression for a query, or `None` when it asks for nothing
/// positive (an empty query, or only exclusions).
pub fn fts_expression(input: &str) -> Option<String> {
    let terms = parse(input);
    let mut positive = Vec::new();
    let mut negative = Vec::new();
    for t in terms {
        match t {
            Term::Word { text, prefix } => {
                positive.push(if prefix { format!("{}*", quote(&text)) } else { quote(&text) })
            }
            Term::Phrase(p) => positive.push(quote(&p)),
            Term::Not(w) => negative.push(quote(&w)),
        }
    }
    if positive.is_empty() {
        return None;
    }
    let mut expr = positive.join(" AND ");
    for n in negative {
        expr = format!("({expr}) NOT {n}");
    }
    Some(expr)
}

/// Searches live articles; best matches first (bm25, title weighted highest).
pub fn search(c: &Connection, q: &SearchQuery) -> Result<Vec<SearchHit>> {
    let Some(expr) = fts_expression(&q.q) else { return Ok(Vec::new()) };
    let limit = q.limit.unwrap_or(DEFAULT_HITS).min(MAX_HITS);
    // Rank first, then make snippets for the page of hits only: with the
    // snippet in the ranked query SQLite would build one for every match
    // before sorting (200 ms for a word in all of 10,000 articles).
    let mut stmt = c.prepare_cached(
        "WITH top AS (
             SELECT articles_fts.rowid AS rid, bm25(articles_fts, 10.0, 5.0, 3.0, 2.0, 1.0) AS score, a.saved_at
             FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
             WHERE articles_fts MATCH ?1 AND a.deleted_at IS NULL
             ORDER BY score, a.saved_at DESC
             LIMIT ?2)
         SELECT a.id, a.title, a.site_name, snippet(articles_fts, -1, ?3, ?4, '…', 24)
         FROM top JOIN articles_fts ON articles_fts.rowid = top.rid JOIN articles a ON a.rowid = top.rid
         WHERE articles_fts MATCH ?1
         ORDER BY top.score, top.saved_at DESC",
    )?;
    let rows = stmt.query_map(rusqlite::params![expr, limit, MARK_OPEN, MARK_CLOSE], |r| {
        let raw: String = r.get(3)?;
        Ok(SearchHit { id: r.get(0)?, title: r.get(1)?, site_name: r.get(2)?, snippet: marked_snippet(&raw) })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Escapes the snippet's text and turns the match markers into `<mark>`.
pub(crate) fn marked_snippet(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 16);
    for ch in raw.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\u{1}' => out.push_str("<mark>"),
            '\u{2}' => out.push_str("</mark>"),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_query_language() {
        assert_eq!(fts_expression("china russia").as_deref(), Some(r#""china" AND "russia""#));
        assert_eq!(fts_expression("\"joint statement\" inter*").as_deref(), Some(r#""joint statement" AND "inter"*"#));
        assert_eq!(fts_expression("china -russia").as_deref(), Some(r#"("china") NOT "russia""#));
        assert_eq!(fts_expression("-only"), None, "exclusions alone ask for nothing");
        assert_eq!(fts_expression("  \" ** -- "), None);
    }

    #[test]
    fn escapes_snippets() {
        assert_eq!(marked_snippet("a <b> \u{1}x\u{2} & y"), "a &lt;b&gt; <mark>x</mark> &amp; y");
    }
}

//! Full-text search over the library, with a query language people know.
//!
//! What a person types never reaches SQL as text: [`parse`](parse::parse)
//! turns it into words, phrases, exclusions and filters, each word is quoted
//! into an FTS5 expression and each filter value is bound as a parameter, so
//! no input, however malformed, produces an error.
//!
//! Ranking is bm25 with the columns weighted title 10, standfirst 5,
//! bylines 3, site 2, body 1: a word in the title says far more about what an
//! article is about than the same word once in 5,000 words of body, a
//! standfirst is the author's own summary, and a byline or site match is a
//! strong but narrow signal. Ties (and filter-only queries) go to the most
//! recently saved. An article found only through its highlights or notes
//! (`annotations_fts`) comes after every article whose own text matches,
//! newest first.
//!
//! Ranking work is bounded, so that it does not grow with the number of
//! matches (a word in most of 100,000 articles, a phrase, `inter*`):
//! - The scan walks the matches newest first (FTS5 iterates a doclist by
//!   rowid in either direction without sorting) and stops after
//!   [`RANK_CANDIDATES`]; only those are scored. When a query has fewer
//!   matches (nearly all real queries) the ranking is exact. When it has
//!   more, a second bounded scan of title-only matches puts the best
//!   [`TITLE_CANDIDATES`] articles whose title matches first, since a title
//!   hit outranks body hits under these weights anyway. That scan looks only
//!   at the newest [`TITLE_WINDOW`] rowids: a word in most articles but few
//!   titles would otherwise walk its whole doclist looking for them.
//! - Scores come from `quire_bm25` (`search/rank.rs`), not FTS5's `bm25()`,
//!   which counts every match of every phrase before scoring the first row.
//! - Filtered searches scan rowid windows, newest first, and stop once the
//!   page is full (see [`newest_candidates`]); filters that read only early
//!   columns are checked before those stored after the article's text.
//! - Snippets are marked from the article text in Rust, not by a second FTS5
//!   query per hit.
//!
//! - A prefix (`inter*`) reads the merged doclist FTS5 keeps for prefixes of
//!   2 to 7 characters (schema v9). Without it FTS5 merges the doclists of
//!   every word with that prefix before returning the first row, whatever the
//!   `LIMIT` or rowid range (150 ms for `inter*` at 100,000 articles). A
//!   one-letter prefix is searched as a word (see [`MIN_PREFIX`]).
//!
//! Filters join the FTS table to `articles` row by row inside the same bounded
//! scan (a `rowid IN (subquery)` form made SQLite build the whole match set
//! first: 1.7 s). CJK text is searched through the bigram index of `cjk.rs`.

mod parse;
mod rank;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params_from_iter};

use crate::cjk;
use crate::error::Result;
use crate::model::{ArticleState, SearchHit, SearchQuery};

pub use parse::{Filter, Query, Text, parse};

/// Results are for people; more than this is never read.
const MAX_HITS: u32 = 200;
const DEFAULT_HITS: u32 = 50;
/// How many matches, newest first, are scored by bm25 at most.
pub const RANK_CANDIDATES: u32 = 500;
/// How many title matches, newest first, are put first when a query has more
/// than [`RANK_CANDIDATES`] matches.
pub const TITLE_CANDIDATES: u32 = 200;
/// How many of the newest rowids the title pass of a huge match set looks at:
/// title matches older than that are not lifted (they still rank among the
/// newest [`RANK_CANDIDATES`] matches when they are in them).
pub const TITLE_WINDOW: i64 = 20_000;
/// Rowids in the first window of a filtered search (see [`newest_candidates`]).
const FIRST_WINDOW: i64 = 1000;
/// How many matches of notes and highlights, newest first, are looked at most.
pub const NOTE_CANDIDATES: u32 = 200;
/// How many newest matches of one phrase are counted at most to estimate its
/// document frequency (see [`phrase_idfs`]).
const IDF_SAMPLE: i64 = 1000;
/// bm25 column weights of `articles_fts` (count, then title, standfirst,
/// bylines, site, body), as `quire_bm25` arguments.
const ARTICLE_WEIGHTS: &str = "5, 10.0, 5.0, 3.0, 2.0, 1.0";
/// bm25 column weights of `articles_cjk`: title, body (standfirst and text).
const CJK_WEIGHTS: &str = "2, 10.0, 1.0";
const MARK_OPEN: &str = "\u{1}";
const MARK_CLOSE: &str = "\u{2}";
/// Characters of context either side of a CJK match in its snippet.
const CJK_SNIPPET_CONTEXT: usize = 40;

/// A full-text index that can answer a query's text, mapped to article rowids:
/// `articles_fts`, `articles_cjk` for CJK-only queries, or `annotations_fts`
/// (highlights and notes) whose matches stand for their articles.
struct TextSource {
    /// `SELECT rid, score, saved_at` over the matches of `?1`, with a
    /// `{window}` (a rowid range) and `{filters}` placeholders and the cap bound to `?2`.
    select: String,
    expression: String,
}

/// Registers the SQL functions search needs on a library connection.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    rank::register(conn)
}

/// The FTS5 expression for a query's article text, or `None` when it asks
/// for no text (only filters, exclusions or CJK).
pub fn fts_expression(input: &str) -> Option<String> {
    article_expression(&parse(input))
}

fn article_expression(q: &Query) -> Option<String> {
    let positive: Vec<String> = q.text.iter().map(fts_term).collect();
    if positive.is_empty() {
        return None;
    }
    let mut expr = positive.join(" AND ");
    for n in &q.excluded {
        expr = format!("({expr}) NOT {}", fts_term(n));
    }
    Some(expr)
}

/// The FTS5 expression of all of `terms` (for exclusions searched on their own).
fn any_of(terms: &[Text]) -> Option<String> {
    (!terms.is_empty()).then(|| terms.iter().map(fts_term).collect::<Vec<_>>().join(" OR "))
}

/// The shortest prefix searched as one. `articles_fts` keeps prefix indexes of
/// 2 to 7 characters (schema v9); a one-letter prefix would merge the doclist
/// of every word starting with that letter (`i*`: 450 ms at 100,000
/// articles), and finds nothing a person wants, so `i*` looks up the word `i`.
const MIN_PREFIX: usize = 2;

/// Whether a word typed as `word*` is searched as a prefix (see [`MIN_PREFIX`]).
fn searched_as_prefix(text: &str, prefix: bool) -> bool {
    prefix && text.chars().count() >= MIN_PREFIX
}

fn fts_term(t: &Text) -> String {
    match t {
        Text::Word { text, prefix } if searched_as_prefix(text, *prefix) => format!("{}*", quote(text)),
        Text::Word { text, .. } | Text::Phrase(text) => quote(text),
        Text::Author(name) => format!("bylines : {}", quote(name)),
    }
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn cjk_expression(runs: &[String], joiner: &str) -> Option<String> {
    (!runs.is_empty()).then(|| runs.iter().map(|r| cjk::phrase(r)).collect::<Vec<_>>().join(joiner))
}

/// SQL conditions on `a` (the article) and their bound values.
#[derive(Default)]
struct Conditions {
    sql: String,
    values: Vec<Value>,
}

impl Conditions {
    fn push(&mut self, sql: &str, values: impl IntoIterator<Item = Value>) {
        let mut sql = sql.to_string();
        for v in values {
            self.values.push(v);
            // Parameters ?1 and ?2 are the MATCH expression and the limit.
            sql = sql.replacen("?v", &format!("?{}", self.values.len() + 2), 1);
        }
        self.sql += " AND ";
        self.sql += &sql;
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn filter_conditions(q: &Query) -> Conditions {
    let mut c = Conditions::default();
    // `state`, `favourite` and `deleted_at` are stored after the article's
    // text, so checking them walks the row's overflow pages; the other
    // filters read early columns or an index. Checked first, a selective
    // cheap filter spares most rows that walk (a 5-filter search: 75 → 36 ms).
    let mut ordered: Vec<&(Filter, bool)> = q.filters.iter().collect();
    ordered.sort_by_key(|(f, _)| matches!(f, Filter::Unread | Filter::Archived | Filter::Favourite));
    for (filter, negated) in ordered {
        let (sql, values): (&str, Vec<Value>) = match filter {
            Filter::Tag(name) => (
                "EXISTS (SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id \
                 AND at.deleted_at IS NULL AND t.deleted_at IS NULL AND t.name = ?v COLLATE NOCASE)",
                vec![text(name)],
            ),
            Filter::Site(site) => {
                let host = site_host(site);
                (
                    "(a.site_name = ?v COLLATE NOCASE OR a.url LIKE ?v ESCAPE '\\' OR a.url LIKE ?v ESCAPE '\\')",
                    vec![text(site), text(&format!("%://{host}/%")), text(&format!("%://%.{host}/%"))],
                )
            }
            Filter::Unread => ("a.state = 'unread'", vec![]),
            Filter::Archived => ("a.state = 'archived'", vec![]),
            Filter::Favourite => ("a.favourite = 1", vec![]),
            Filter::HasHighlights => {
                ("EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id AND h.deleted_at IS NULL)", vec![])
            }
            Filter::HasNotes => (
                "(EXISTS (SELECT 1 FROM notes n WHERE n.article_id = a.id AND n.deleted_at IS NULL) \
                 OR EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id AND h.deleted_at IS NULL \
                 AND coalesce(h.note, '') <> ''))",
                vec![],
            ),
            Filter::Saved(from, to) => date_condition("a.saved_at", from, to, &mut c, *negated),
            Filter::Published(from, to) => date_condition("a.published_at", from, to, &mut c, *negated),
        };
        if sql.is_empty() {
            continue;
        }
        if *negated {
            c.push(&format!("NOT coalesce({sql}, 0)"), values);
        } else {
            c.push(sql, values);
        }
    }
    c
}

/// Pushes a date range itself (it has up to two values), returning nothing to push.
fn date_condition(
    column: &str,
    from: &Option<String>,
    to: &Option<String>,
    c: &mut Conditions,
    negated: bool,
) -> (&'static str, Vec<Value>) {
    let mut parts = Vec::new();
    let mut values = Vec::new();
    if let Some(f) = from {
        parts.push(format!("{column} >= ?v"));
        values.push(text(f));
    }
    if let Some(t) = to {
        parts.push(format!("{column} < ?v"));
        values.push(text(t));
    }
    let sql = format!("({})", parts.join(" AND "));
    if negated {
        c.push(&format!("NOT coalesce({sql}, 0)"), values);
    } else {
        c.push(&sql, values);
    }
    ("", vec![])
}

/// The host a `site:` value names: `https://www.bbc.co.uk/news` → `bbc.co.uk`,
/// with LIKE's wildcards escaped.
fn site_host(site: &str) -> String {
    let s = site.trim().to_lowercase();
    let s = s.split_once("://").map(|(_, rest)| rest.to_string()).unwrap_or(s);
    let s = s.split('/').next().unwrap_or("").to_string();
    let s = s.strip_prefix("www.").unwrap_or(&s).to_string();
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// One candidate: the article's rowid, its bm25 score (lower is better; 0 when
/// unranked), its tier (0: title matches of a huge match set, 1: text
/// matches, 2: found by a note or highlight) and saved time.
#[derive(Debug, Clone)]
struct Candidate {
    rid: i64,
    tier: u8,
    score: f64,
    saved_at: String,
}

/// Searches live articles: best matches first, or the newest first when the
/// query has only filters.
pub fn search(c: &Connection, q: &SearchQuery) -> Result<Vec<SearchHit>> {
    let query = parse(&q.q);
    let limit = q.limit.unwrap_or(DEFAULT_HITS).min(MAX_HITS);
    let offset = q.offset.unwrap_or(0).min(RANK_CANDIDATES);
    if limit == 0 {
        return Ok(Vec::new());
    }
    let mut filters = filter_conditions(&query);
    let article_expr = article_expression(&query);
    let cjk_expr = cjk_expression(&query.cjk, " AND ");
    let excluded_cjk = cjk_expression(&query.excluded_cjk, " OR ");
    let ranked = query.text.iter().any(|t| !matches!(t, Text::Author(_)));
    // Counted once: the title pass of a huge match set scores the same phrases.
    let article_idfs = match &article_expr {
        Some(_) if ranked => {
            let phrases: Vec<String> = query.text.iter().map(fts_term).collect();
            phrase_idfs(c, "articles_fts", &phrases)?
        }
        _ => Vec::new(),
    };
    // The driving index gets the MATCH; the other conditions become filters.
    let source = match (&article_expr, &cjk_expr) {
        (Some(expr), _) => {
            if let Some(cjk) = &cjk_expr {
                filters.push("a.rowid IN (SELECT rowid FROM articles_cjk WHERE articles_cjk MATCH ?v)", [text(cjk)]);
            }
            Some(article_source(expr, &article_idfs))
        }
        (None, Some(cjk)) => {
            let phrases: Vec<String> = query.cjk.iter().map(|r| cjk::phrase(r)).collect();
            Some(cjk_source(cjk, &phrase_idfs(c, "articles_cjk", &phrases)?))
        }
        (None, None) => None,
    };
    if article_expr.is_none()
        && let Some(excluded) = any_of(&query.excluded)
    {
        filters.push("a.rowid NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?v)", [text(&excluded)]);
    }
    if let Some(excluded) = excluded_cjk {
        filters.push("a.rowid NOT IN (SELECT rowid FROM articles_cjk WHERE articles_cjk MATCH ?v)", [text(&excluded)]);
    }
    let mut from_notes = std::collections::HashSet::new();
    let page: Vec<i64> = match source {
        None => listed(c, &filters, limit, offset)?,
        Some(source) => {
            let needed = (offset + limit) as usize;
            let mut found = newest_candidates(c, &source, &filters, needed)?;
            if found.len() as u32 >= RANK_CANDIDATES
                && ranked
                && let Some(expr) = &article_expr
            {
                // A huge match set: title matches first (see the module doc).
                let titles = article_source(&format!("{{title}} : ({expr})"), &article_idfs);
                let newest: i64 = c.query_row("SELECT coalesce(max(rowid), 0) FROM articles", [], |r| r.get(0))?;
                let window = format!("AND f.rowid > {}", newest - TITLE_WINDOW);
                let best = candidates(c, &titles, &filters, TITLE_CANDIDATES, 0, &window)?;
                let ids: std::collections::HashSet<i64> = best.iter().map(|b| b.rid).collect();
                found.retain(|f| !ids.contains(&f.rid));
                found.extend(best);
            }
            // Notes and highlights rank after every article whose own text
            // matches, so they are looked up only when those leave room.
            if found.len() < needed
                && let Some(notes) = note_source(&query)
            {
                let ids: std::collections::HashSet<i64> = found.iter().map(|f| f.rid).collect();
                let note_filters = filter_conditions(&query);
                let more = candidates(c, &notes, &note_filters, NOTE_CANDIDATES, 2, "")?;
                for m in more.into_iter().filter(|m| !ids.contains(&m.rid)) {
                    from_notes.insert(m.rid);
                    found.push(m);
                }
            }
            found.sort_by(|x, y| {
                (x.tier, x.score)
                    .partial_cmp(&(y.tier, y.score))
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then_with(|| y.saved_at.cmp(&x.saved_at).then(y.rid.cmp(&x.rid)))
            });
            found.into_iter().skip(offset as usize).take(limit as usize).map(|f| f.rid).collect()
        }
    };
    page.into_iter()
        .map(|rid| {
            let notes_expr = from_notes.contains(&rid).then(|| note_expression(&query)).flatten();
            hit(c, rid, &query, article_expr.as_deref(), notes_expr.as_deref())
        })
        .collect()
}

/// One inverse document frequency per phrase, for `quire_bm25`.
///
/// With one phrase any constant ranks the same, so nothing is counted. With
/// more, each phrase's matches are counted newest first up to [`IDF_SAMPLE`]:
/// fewer than that is the exact count; otherwise the count is scaled by the
/// share of rowids the sample spans (rowids follow save order, so the sample
/// is the most recent part of the library). Bounded, where bm25's own count
/// walks every match.
fn phrase_idfs(c: &Connection, table: &str, phrases: &[String]) -> Result<Vec<f64>> {
    if phrases.len() < 2 {
        return Ok(vec![1.0; phrases.len()]);
    }
    let rows = c.query_row("SELECT coalesce(max(rowid), 0) FROM articles", [], |r| r.get::<_, i64>(0))? as f64;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT count(*), coalesce(min(rowid), 0) FROM
         (SELECT rowid FROM {table} WHERE {table} MATCH ?1 ORDER BY rowid DESC LIMIT {IDF_SAMPLE})"
    ))?;
    phrases
        .iter()
        .map(|p| {
            let (n, lowest): (i64, i64) = stmt.query_row([p], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let hits = if n < IDF_SAMPLE { n as f64 } else { n as f64 * rows / (rows - lowest as f64 + 1.0).max(1.0) };
            Ok(rank::idf(hits, rows.max(hits)))
        })
        .collect()
}

fn idf_args(idfs: &[f64]) -> String {
    idfs.iter().map(|i| format!(", {i:.6}")).collect()
}

fn article_source(expr: &str, idfs: &[f64]) -> TextSource {
    let score = if idfs.is_empty() {
        "0.0".into()
    } else {
        format!("quire_bm25(articles_fts, {ARTICLE_WEIGHTS}{})", idf_args(idfs))
    };
    TextSource {
        select: format!(
            "SELECT f.rowid, {score}, a.saved_at FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
             WHERE articles_fts MATCH ?1 {{window}} {{filters}} AND a.deleted_at IS NULL
             ORDER BY f.rowid DESC LIMIT ?2"
        ),
        expression: expr.to_string(),
    }
}

fn cjk_source(expr: &str, idfs: &[f64]) -> TextSource {
    TextSource {
        select: format!(
            "SELECT f.rowid, quire_bm25(articles_cjk, {CJK_WEIGHTS}{}), a.saved_at FROM articles_cjk f
             JOIN articles a ON a.rowid = f.rowid
             WHERE articles_cjk MATCH ?1 {{window}} {{filters}} AND a.deleted_at IS NULL
             ORDER BY f.rowid DESC LIMIT ?2",
            idf_args(idfs)
        ),
        expression: expr.to_string(),
    }
}

/// The FTS5 expression for `annotations_fts`: the query's words and phrases
/// (an `author:` names the article, not a note, so such queries skip notes).
/// Exclusions apply to the note's own text: checking each noted article's
/// text for them cost 0.2 ms an article.
fn note_expression(q: &Query) -> Option<String> {
    let names_article = |t: &Text| matches!(t, Text::Author(_));
    if q.text.is_empty() || q.text.iter().chain(&q.excluded).any(names_article) {
        return None;
    }
    let mut expr = q.text.iter().map(fts_term).collect::<Vec<_>>().join(" AND ");
    for n in &q.excluded {
        expr = format!("({expr}) NOT {}", fts_term(n));
    }
    Some(expr)
}

/// Articles whose live highlights (quote or note) or page notes match, newest
/// first and unscored: they rank after every text match anyway, and FTS5's
/// `bm25()` counts every match of every phrase in the whole index before it
/// scores the first row (a word in many highlights, or `i*`, paid that on
/// every search). The snippet of each hit shown is looked up on its own (see
/// [`hit`]). `annotations_fts` rowids are `2 * highlights.rowid` and
/// `2 * notes.rowid + 1` (schema v7).
fn note_source(q: &Query) -> Option<TextSource> {
    let expr = note_expression(q)?;
    Some(TextSource {
        select: "SELECT a.rowid, 0.0, a.saved_at FROM (
                 SELECT f.rowid AS fr FROM annotations_fts f
                 WHERE annotations_fts MATCH ?1 ORDER BY f.rowid DESC LIMIT ?2) m
             LEFT JOIN highlights h ON m.fr % 2 = 0 AND h.rowid = m.fr / 2 AND h.deleted_at IS NULL
             LEFT JOIN notes n ON m.fr % 2 = 1 AND n.rowid = m.fr / 2 AND n.deleted_at IS NULL
             JOIN articles a ON a.id = coalesce(h.article_id, n.article_id)
             WHERE 1 {window} {filters} AND a.deleted_at IS NULL
             GROUP BY a.rowid"
            .to_string(),
        expression: expr,
    })
}

/// The newest matches of a source that pass the filters, up to
/// [`RANK_CANDIDATES`], with their scores.
///
/// Without filters that is one bounded scan. With filters, a scan for 500
/// passing matches walks as many matches as it takes (checking `is:`,
/// `has:` or `tag:` reads each article's row; a 2 % filter walked 40,000
/// matches, 0.5 s), so it goes through rowid windows instead, newest first
/// (an FTS5 rowid range seeks its doclists), each sized from the share of
/// rowids that passed so far (at most four times wider), and stops once the
/// windows leave `needed` hits: a filtered search is ranked among its recent
/// matches.
fn newest_candidates(
    c: &Connection,
    source: &TextSource,
    filters: &Conditions,
    needed: usize,
) -> Result<Vec<Candidate>> {
    if filters.sql.is_empty() {
        return candidates(c, source, filters, RANK_CANDIDATES, 1, "");
    }
    let newest: i64 = c.query_row("SELECT coalesce(max(rowid), 0) FROM articles", [], |r| r.get(0))?;
    let mut found = Vec::new();
    let (mut hi, mut span) = (newest, FIRST_WINDOW);
    loop {
        let lo = hi.saturating_sub(span - 1);
        let window =
            if lo <= 1 { format!("AND f.rowid <= {hi}") } else { format!("AND f.rowid BETWEEN {lo} AND {hi}") };
        let cap = RANK_CANDIDATES - found.len() as u32;
        found.extend(candidates(c, source, filters, cap, 1, &window)?);
        if lo <= 1 || found.len() as u32 >= RANK_CANDIDATES || found.len() >= needed {
            return Ok(found);
        }
        // Size the next window from the share of rowids that passed so far,
        // with room to spare, so a selective filter does not overshoot by 4x.
        let scanned = (newest - lo + 1).max(1) as f64;
        let missing = (needed - found.len()) as f64;
        span = match found.len() {
            0 => span.saturating_mul(4),
            n => ((missing * 1.5 * scanned / n as f64).ceil() as i64).clamp(FIRST_WINDOW, span.saturating_mul(4)),
        };
        hi = lo - 1;
    }
}

/// The newest `cap` matches of a source in a rowid window that pass the filters, with their scores.
fn candidates(
    c: &Connection,
    source: &TextSource,
    filters: &Conditions,
    cap: u32,
    tier: u8,
    window: &str,
) -> Result<Vec<Candidate>> {
    let sql = source.select.replace("{filters}", &filters.sql).replace("{window}", window);
    let mut stmt = c.prepare_cached(&sql)?;
    let mut values = vec![text(&source.expression), Value::Integer(cap.into())];
    values.extend(filters.values.iter().cloned());
    let rows = stmt.query_map(params_from_iter(values), |r| {
        Ok(Candidate { rid: r.get(0)?, score: r.get(1)?, tier, saved_at: r.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A page of articles that pass the filters, newest first.
fn listed(c: &Connection, filters: &Conditions, limit: u32, offset: u32) -> Result<Vec<i64>> {
    let sql = format!(
        "SELECT a.rowid FROM articles a WHERE a.deleted_at IS NULL {}
         ORDER BY a.saved_at DESC, a.rowid DESC LIMIT ?2 OFFSET {offset}",
        filters.sql
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut values = vec![Value::Null, Value::Integer(limit.into())];
    values.extend(filters.values.iter().cloned());
    let rows = stmt.query_map(params_from_iter(values), |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One hit: the article's row and a snippet with the matches marked.
fn hit(
    c: &Connection,
    rid: i64,
    query: &Query,
    article_expr: Option<&str>,
    notes_expr: Option<&str>,
) -> Result<SearchHit> {
    let mut stmt = c.prepare_cached(
        "SELECT id, title, site_name, url, bylines, saved_at, state, favourite, coalesce(excerpt, standfirst, '')
         FROM articles WHERE rowid = ?1",
    )?;
    let (mut hit, excerpt) = stmt.query_row([rid], |r| {
        let bylines: String = r.get(4)?;
        let state: String = r.get(6)?;
        Ok((
            SearchHit {
                id: r.get(0)?,
                title: r.get(1)?,
                site_name: r.get(2)?,
                snippet: String::new(),
                url: r.get(3)?,
                bylines: bylines.lines().map(String::from).collect(),
                saved_at: r.get(5)?,
                state: ArticleState::parse(&state).unwrap_or_default(),
                favourite: r.get(7)?,
            },
            r.get::<_, String>(8)?,
        ))
    })?;
    let ranked_text = query.text.iter().any(|t| !matches!(t, Text::Author(_)));
    let prefixes: Vec<String> = query
        .text
        .iter()
        .filter_map(|t| match t {
            Text::Word { text, prefix } if searched_as_prefix(text, *prefix) => Some(text.to_lowercase()),
            _ => None,
        })
        .collect();
    hit.snippet = match (article_expr, notes_expr) {
        // Found by a note or highlight: show the newest that matches (not
        // the best by `rank`, which is bm25 over the whole index).
        (_, Some(expr)) => {
            let mut snip = c.prepare_cached(
                "SELECT snippet(annotations_fts, -1, ?3, ?4, '…', 24) FROM annotations_fts
                 WHERE annotations_fts MATCH ?1 AND rowid IN (
                     SELECT 2 * h.rowid FROM highlights h JOIN articles a ON a.id = h.article_id
                     WHERE a.rowid = ?2 AND h.deleted_at IS NULL
                     UNION ALL SELECT 2 * n.rowid + 1 FROM notes n JOIN articles a ON a.id = n.article_id
                     WHERE a.rowid = ?2 AND n.deleted_at IS NULL)
                 ORDER BY rowid DESC LIMIT 1",
            )?;
            let raw: Option<String> =
                snip.query_row(rusqlite::params![expr, rid, MARK_OPEN, MARK_CLOSE], |r| r.get(0)).optional()?;
            marked_snippet(&raw.unwrap_or_default())
        }
        // FTS5 merges every term of a prefix again for each row it is asked
        // about (40 ms for `inter*`), so prefix queries mark their words here.
        (Some(_), _) if !prefixes.is_empty() => {
            let body: String = c.query_row("SELECT text FROM articles WHERE rowid = ?1", [rid], |r| r.get(0))?;
            marked_snippet(&prefix_snippet(&body, &prefixes))
        }
        // Marked here when the body has the words: FTS5's snippet() sets the
        // query up again for each hit (a seek in each of ~28 segments) and
        // tokenizes the whole article, 1 ms a hit at 100,000 articles.
        (Some(expr), _) if ranked_text => {
            let body: String = c.query_row("SELECT text FROM articles WHERE rowid = ?1", [rid], |r| r.get(0))?;
            if let Some(snippet) = word_snippet(&body, &query.text) {
                hit.snippet = marked_snippet(&snippet);
                return Ok(hit);
            }
            let mut snip = c.prepare_cached(
                "SELECT snippet(articles_fts, -1, ?3, ?4, '…', 24) FROM articles_fts
                 WHERE articles_fts MATCH ?1 AND rowid = ?2",
            )?;
            let raw: Option<String> =
                snip.query_row(rusqlite::params![expr, rid, MARK_OPEN, MARK_CLOSE], |r| r.get(0)).optional()?;
            marked_snippet(&raw.unwrap_or_default())
        }
        _ if !query.cjk.is_empty() => {
            let body: String = c.query_row(
                "SELECT coalesce(standfirst, '') || char(10) || text FROM articles WHERE rowid = ?1",
                [rid],
                |r| r.get(0),
            )?;
            marked_snippet(&cjk_snippet(&body, &query.cjk))
        }
        _ => marked_snippet(&excerpt),
    };
    Ok(hit)
}

/// About 24 words of `text` around the first word starting with one of
/// `prefixes` (lowercase), with every such word marked.
fn prefix_snippet(text: &str, prefixes: &[String]) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let matches = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        prefixes.iter().any(|p| w.starts_with(p.as_str()))
    };
    let first = words.iter().position(|w| matches(w)).unwrap_or(0);
    let start = first.saturating_sub(8);
    let end = (start + 24).min(words.len());
    let window: Vec<String> = words[start..end]
        .iter()
        .map(|w| if matches(w) { format!("{MARK_OPEN}{w}{MARK_CLOSE}") } else { w.to_string() })
        .collect();
    let lead = if start > 0 { "… " } else { "" };
    let tail = if end < words.len() { " …" } else { "" };
    format!("{lead}{}{tail}", window.join(" "))
}

/// Folds a character as `unicode61 remove_diacritics 2` does for Latin letters.
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    const FROM: &str = "àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž";
    const TO: &str = "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzz";
    match FROM.chars().position(|f| f == c) {
        Some(i) => TO.chars().nth(i).unwrap_or(c),
        None => c,
    }
}

/// The tokens of `text` (runs of letters and digits), folded, with their byte ranges.
fn tokens(text: &str) -> impl Iterator<Item = (usize, usize, String)> + '_ {
    let mut chars = text.char_indices().chain(std::iter::once((text.len(), ' ')));
    std::iter::from_fn(move || {
        let mut start = None;
        for (i, ch) in chars.by_ref() {
            match (ch.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let folded = text[s..i].chars().flat_map(char::to_lowercase).map(fold).collect();
                    return Some((s, i, folded));
                }
                _ => {}
            }
        }
        None
    })
}

/// About 24 words of `text` around the first place the query's words or
/// phrases occur, with every occurrence marked; `None` when the text has
/// none (the match was in the title, a byline or the site), so FTS5's own
/// snippet takes over. Reads the text only up to the end of that window.
/// Prefix queries are marked by [`prefix_snippet`] before this is reached.
fn word_snippet(text: &str, query: &[Text]) -> Option<String> {
    let terms: Vec<Vec<String>> = query
        .iter()
        .filter_map(|t| match t {
            Text::Word { text, .. } | Text::Phrase(text) => Some(tokens(text).map(|t| t.2).collect::<Vec<_>>()),
            Text::Author(_) => None,
        })
        .filter(|words| !words.is_empty())
        .collect();
    // Where a term whose words end at token `i` starts.
    let ends_at = |toks: &[(usize, usize, String)], i: usize| -> Option<usize> {
        terms.iter().find_map(|words| {
            let start = (i + 1).checked_sub(words.len())?;
            words.iter().zip(&toks[start..]).all(|(w, t)| t.2 == *w).then_some(start)
        })
    };
    let mut toks = Vec::new();
    let mut first = None;
    for t in tokens(text) {
        toks.push(t);
        let i = toks.len() - 1;
        match first {
            None => first = ends_at(&toks, i),
            Some(f) if i >= f.max(8) + 17 => break,
            _ => {}
        }
    }
    let first = first?;
    let mut marked = vec![false; toks.len()];
    for i in 0..toks.len() {
        if let Some(s) = ends_at(&toks, i) {
            marked[s..=i].iter_mut().for_each(|m| *m = true);
        }
    }
    let more = toks.last().is_some_and(|t| text[t.1..].chars().any(char::is_alphanumeric));
    let start = first.saturating_sub(8);
    let end = (start + 24).min(toks.len());
    let mut out = String::from(if start > 0 { "… " } else { "" });
    let mut at = toks[start].0;
    for (i, (s, e, _)) in toks.iter().enumerate().take(end).skip(start) {
        out.push_str(&text[at..*s]);
        if marked[i] {
            out.push_str(MARK_OPEN);
            out.push_str(&text[*s..*e]);
            out.push_str(MARK_CLOSE);
        } else {
            out.push_str(&text[*s..*e]);
        }
        at = *e;
    }
    if end < toks.len() || more {
        out.push_str(" …");
    }
    Some(out)
}

/// A window of `text` around the first of `runs` found, with every run marked.
fn cjk_snippet(text: &str, runs: &[String]) -> String {
    let Some(at) = runs.iter().filter_map(|r| text.find(r.as_str())).min() else {
        return text.chars().take(2 * CJK_SNIPPET_CONTEXT).collect();
    };
    let before: Vec<(usize, char)> = text[..at].char_indices().collect();
    let start = before.len().checked_sub(CJK_SNIPPET_CONTEXT).map(|i| before[i].0).unwrap_or(0);
    let end = text[at..].char_indices().nth(2 * CJK_SNIPPET_CONTEXT).map(|(i, _)| at + i).unwrap_or(text.len());
    let mut window = text[start..end].to_string();
    for run in runs {
        window = window.replace(run.as_str(), &format!("{MARK_OPEN}{run}{MARK_CLOSE}"));
    }
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < text.len() { "…" } else { "" };
    format!("{lead}{window}{tail}")
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
    fn builds_safe_fts_expressions() {
        assert_eq!(fts_expression("china russia").as_deref(), Some(r#""china" AND "russia""#));
        assert_eq!(fts_expression("\"joint statement\" inter*").as_deref(), Some(r#""joint statement" AND "inter"*"#));
        assert_eq!(fts_expression("china -russia").as_deref(), Some(r#"("china") NOT "russia""#));
        assert_eq!(fts_expression("i* in*").as_deref(), Some(r#""i" AND "in"*"#), "one letter is a word");
        assert_eq!(fts_expression("author:\"Jane Doe\"").as_deref(), Some(r#"bylines : "Jane Doe""#));
        assert_eq!(fts_expression("-only"), None, "exclusions alone ask for no text");
        assert_eq!(fts_expression("  \" ** -- "), None);
        assert_eq!(fts_expression("tag:x is:unread"), None, "filters are not text");
    }

    #[test]
    fn site_values_become_hosts() {
        assert_eq!(site_host("https://www.BBC.co.uk/news"), "bbc.co.uk");
        assert_eq!(site_host("100%_sure"), "100\\%\\_sure");
    }

    #[test]
    fn cjk_snippets_mark_every_run() {
        assert_eq!(cjk_snippet("今日は東京で会議。", &["東京".into()]), "今日は\u{1}東京\u{2}で会議。");
    }

    #[test]
    fn prefix_snippets_mark_words_that_start_with_the_prefix() {
        assert_eq!(
            prefix_snippet("An Internal memo, of interest.", &["inter".into()]),
            "An \u{1}Internal\u{2} memo, of \u{1}interest.\u{2}"
        );
    }

    #[test]
    fn word_snippets_mark_words_and_phrases_like_the_index_matches_them() {
        let words = |s: &str| parse(s).text;
        assert_eq!(
            word_snippet("Interest rates rose; the café's rates, not interest.", &words("\"interest rates\" cafe"))
                .as_deref(),
            Some("\u{1}Interest\u{2} \u{1}rates\u{2} rose; the \u{1}café\u{2}'s rates, not interest")
        );
        assert_eq!(word_snippet("Nothing here", &words("absent")), None, "the match was elsewhere");
        assert_eq!(
            "àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž".chars().count(),
            "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzz".chars().count()
        );
    }

    #[test]
    fn escapes_snippets() {
        assert_eq!(marked_snippet("a <b> \u{1}x\u{2} & y"), "a &lt;b&gt; <mark>x</mark> &amp; y");
    }
}

//! The search box's query language, parsed into plain parts.
//!
//! Words, `"phrases"`, `prefix*`, `-exclusions` and `key:value` filters
//! (`tag:`, `site:`, `author:`, `is:`, `has:`, `before:`, `after:`,
//! `published:`, `published-before:`, `published-after:`, `saved:`), with
//! `key:"quoted values"` for values with spaces. Parsing never fails: what it
//! cannot use is dropped, and a `key:value` it does not understand (an
//! unknown key, `is:shiny`, a date that is not one) is searched for as words,
//! so `re:invent` still finds "re:Invent". Nothing here reaches SQL as text:
//! the SQL side quotes words and binds values as parameters.

use crate::cjk;

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Text every hit must contain.
    pub text: Vec<Text>,
    /// Text no hit may contain.
    pub excluded: Vec<Text>,
    /// Runs of CJK characters every hit must contain (searched in the bigram index).
    pub cjk: Vec<String>,
    /// Runs of CJK characters no hit may contain.
    pub excluded_cjk: Vec<String>,
    /// Filters on the article, each possibly negated (`-tag:x`).
    pub filters: Vec<(Filter, bool)>,
}

impl Query {
    /// Whether the query asks for text (and so is ranked), rather than only listing by filters.
    pub fn has_text(&self) -> bool {
        !self.text.is_empty() || !self.cjk.is_empty()
    }
}

/// A positive or negative piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// A word; `prefix` when typed as `word*`.
    Word { text: String, prefix: bool },
    /// Consecutive words.
    Phrase(String),
    /// A phrase in the bylines (`author:`).
    Author(String),
}

/// A filter on an article's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Tag(String),
    /// The site's name, or the host of its address (with or without `www.` and subdomains).
    Site(String),
    Unread,
    Archived,
    Favourite,
    HasHighlights,
    HasNotes,
    /// Saved at or after `.0` and before `.1` (RFC 3339 prefixes; either may be open).
    Saved(Option<String>, Option<String>),
    Published(Option<String>, Option<String>),
}

/// More parts than anyone types; beyond it the rest is ignored, which keeps
/// the FTS5 expression under its depth limit and the SQL under its parameter limit.
pub const MAX_PARTS: usize = 32;
/// Bytes of a query read at most.
pub const MAX_INPUT: usize = 1024;

/// Parses what a person typed. Never fails.
pub fn parse(input: &str) -> Query {
    let mut query = Query::default();
    let mut end = input.len().min(MAX_INPUT);
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    // FTS5 reads a NUL as the end of its expression; no control character means anything here.
    let cleaned: String = input[..end].chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let mut rest = cleaned.as_str();
    for _ in 0..MAX_PARTS {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let mut negated = false;
        if let Some(after) = rest.strip_prefix('-') {
            negated = true;
            rest = after;
        }
        if let Some(after) = rest.strip_prefix('"') {
            let (phrase, next) = quoted(after);
            add_text(&mut query, phrase, false, true, negated);
            rest = next;
            continue;
        }
        // A `key:"quoted value"`.
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if let Some(colon) = rest[..end].find(':')
            && rest[colon + 1..].starts_with('"')
            && is_key(&rest[..colon])
        {
            let key = &rest[..colon];
            let (value, next) = quoted(&rest[colon + 2..]);
            apply(&mut query, key, value, negated);
            rest = next;
            continue;
        }
        let token = &rest[..end];
        rest = &rest[end..];
        match token.split_once(':') {
            Some((key, value)) if is_key(key) && !value.is_empty() => apply(&mut query, key, value, negated),
            _ => {
                let prefix = token.ends_with('*');
                add_text(&mut query, token.trim_end_matches('*'), prefix, false, negated);
            }
        }
    }
    query
}

/// The text up to the closing quote (or the end), and what follows it.
fn quoted(s: &str) -> (&str, &str) {
    match s.find('"') {
        Some(end) => (&s[..end], &s[end + 1..]),
        None => (s, ""),
    }
}

fn is_key(key: &str) -> bool {
    matches!(
        key.to_ascii_lowercase().as_str(),
        "tag"
            | "site"
            | "author"
            | "by"
            | "is"
            | "has"
            | "before"
            | "after"
            | "saved"
            | "published"
            | "published-before"
            | "published-after"
    )
}

fn apply(query: &mut Query, key: &str, value: &str, negated: bool) {
    let value = value.trim();
    let key = key.to_ascii_lowercase();
    let filter = match key.as_str() {
        "tag" if !value.is_empty() => Some(Filter::Tag(value.to_string())),
        "site" if !value.is_empty() => Some(Filter::Site(value.to_string())),
        "author" | "by" => {
            if has_word(value) {
                let list = if negated { &mut query.excluded } else { &mut query.text };
                list.push(Text::Author(value.to_string()));
            }
            return;
        }
        "is" => match value.to_ascii_lowercase().as_str() {
            "unread" => Some(Filter::Unread),
            "archived" | "read" => Some(Filter::Archived),
            "favorite" | "favourite" | "starred" => Some(Filter::Favourite),
            _ => None,
        },
        "has" => match value.to_ascii_lowercase().as_str() {
            "highlights" | "highlight" => Some(Filter::HasHighlights),
            "notes" | "note" => Some(Filter::HasNotes),
            _ => None,
        },
        _ => date_range(value).map(|(start, end)| match key.as_str() {
            "before" => Filter::Saved(None, Some(start)),
            "after" => Filter::Saved(Some(start), None),
            "saved" => Filter::Saved(Some(start), Some(end)),
            "published" => Filter::Published(Some(start), Some(end)),
            "published-before" => Filter::Published(None, Some(start)),
            _ => Filter::Published(Some(start), None),
        }),
    };
    match filter {
        Some(f) => query.filters.push((f, negated)),
        // Not a filter after all: search for what was typed.
        None => add_text(query, &format!("{key} {value}"), false, false, negated),
    }
}

/// The start of the period `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (also with `/`
/// or `.`), and the start of the next one, as prefixes of stored timestamps.
pub fn date_range(value: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = value.split(['-', '/', '.']).collect();
    let number = |s: &str, digits: usize| {
        (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
    };
    let year = number(parts.first()?, 4)?;
    let month = parts.get(1).map(|m| if m.len() == 1 { format!("0{m}") } else { m.to_string() });
    let day = parts.get(2).map(|d| if d.len() == 1 { format!("0{d}") } else { d.to_string() });
    if parts.len() > 3 || !(1000..=9998).contains(&year) {
        return None;
    }
    let Some(month) = month else { return Some((format!("{year:04}"), format!("{:04}", year + 1))) };
    let month = number(&month, 2).filter(|m| (1..=12).contains(m))?;
    let next_month = if month == 12 { format!("{:04}-01", year + 1) } else { format!("{year:04}-{:02}", month + 1) };
    let Some(day) = day else { return Some((format!("{year:04}-{month:02}"), next_month)) };
    let day = number(&day, 2)?;
    let date = time::Date::from_calendar_date(year as i32, time::Month::try_from(month as u8).ok()?, day as u8).ok()?;
    let next = date.next_day()?;
    Some((
        format!("{year:04}-{month:02}-{day:02}"),
        format!("{:04}-{:02}-{:02}", next.year(), next.month() as u8, next.day()),
    ))
}

/// Adds a word or phrase, sending its CJK runs to the bigram index and the rest to FTS5.
fn add_text(query: &mut Query, text: &str, prefix: bool, phrase: bool, negated: bool) {
    let rest: String = text.chars().map(|c| if cjk::is_cjk(c) { ' ' } else { c }).collect();
    for run in cjk::runs(text) {
        let list = if negated { &mut query.excluded_cjk } else { &mut query.cjk };
        list.push(run.to_string());
    }
    if !has_word(&rest) {
        return;
    }
    let rest = rest.trim();
    let item = if phrase || rest.contains(char::is_whitespace) {
        Text::Phrase(rest.to_string())
    } else {
        Text::Word { text: rest.to_string(), prefix }
    };
    let list = if negated { &mut query.excluded } else { &mut query.text };
    list.push(item);
}

fn has_word(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(t: &str) -> Text {
        Text::Word { text: t.into(), prefix: false }
    }

    #[test]
    fn words_phrases_prefixes_and_exclusions() {
        let q = parse(r#"china "joint statement" inter* -russia -"cold war""#);
        assert_eq!(
            q.text,
            vec![
                word("china"),
                Text::Phrase("joint statement".into()),
                Text::Word { text: "inter".into(), prefix: true }
            ]
        );
        assert_eq!(q.excluded, vec![word("russia"), Text::Phrase("cold war".into())]);
    }

    #[test]
    fn filters_with_quoted_values_and_negation() {
        let q = parse(r#"tag:"long read" -tag:politics site:bbc.co.uk is:favourite IS:Unread has:highlights"#);
        assert_eq!(
            q.filters,
            vec![
                (Filter::Tag("long read".into()), false),
                (Filter::Tag("politics".into()), true),
                (Filter::Site("bbc.co.uk".into()), false),
                (Filter::Favourite, false),
                (Filter::Unread, false),
                (Filter::HasHighlights, false),
            ]
        );
        assert!(q.text.is_empty());
        assert_eq!(parse(r#"author:"Jane Smith""#).text, vec![Text::Author("Jane Smith".into())]);
    }

    #[test]
    fn dates_are_periods() {
        assert_eq!(date_range("2024"), Some(("2024".into(), "2025".into())));
        assert_eq!(date_range("2024-12"), Some(("2024-12".into(), "2025-01".into())));
        assert_eq!(date_range("2024-02-29"), Some(("2024-02-29".into(), "2024-03-01".into())));
        assert_eq!(date_range("2023-02-29"), None, "not a date");
        assert_eq!(date_range("2024-13"), None);
        assert_eq!(date_range("soon"), None);
        let q = parse("after:2024-03 before:2025");
        assert_eq!(
            q.filters,
            vec![
                (Filter::Saved(Some("2024-03".into()), None), false),
                (Filter::Saved(None, Some("2025".into())), false)
            ]
        );
    }

    #[test]
    fn what_is_not_a_filter_is_text() {
        assert_eq!(parse("is:shiny").text, vec![Text::Phrase("is shiny".into())]);
        assert_eq!(parse("re:invent").text, vec![word("re:invent")]);
        assert_eq!(parse("before:someday").text, vec![Text::Phrase("before someday".into())]);
    }

    #[test]
    fn long_queries_are_cut_short() {
        let long = "word ".repeat(500) + &"-other ".repeat(500);
        let q = parse(&long);
        assert_eq!(q.text.len() + q.excluded.len(), MAX_PARTS);
    }

    #[test]
    fn cjk_runs_go_to_the_bigram_index() {
        let q = parse("東京 iPhone用 -大阪");
        assert_eq!(q.cjk, vec!["東京".to_string(), "用".to_string()]);
        assert_eq!(q.text, vec![word("iPhone")]);
        assert_eq!(q.excluded_cjk, vec!["大阪".to_string()]);
    }
}

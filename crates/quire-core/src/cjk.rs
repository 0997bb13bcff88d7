//! Chinese, Japanese and Korean text in search, through a bigram index.
//!
//! FTS5's `unicode61` tokenizer keeps a run of CJK characters together as one
//! token (these scripts do not separate words with spaces), so a two-character
//! word inside a sentence is never found. The trigram tokenizer would find it
//! only from three characters and costs about 3.4× the text on disk. Instead
//! the CJK runs of each article are written, as overlapping bigrams, into a
//! small side index (`articles_cjk`, schema migration "CJK bigrams"), kept in
//! step with `articles` by triggers that call [`grams`] through the SQL
//! function `quire_cjk_grams`, registered on every connection by
//! [`register`] before migrations run.
//!
//! The token stream of a run `ABCD` is `AB BC CD D`: every bigram in order,
//! then the last character alone. A query run becomes the phrase of its
//! bigrams (`"AB BC"` for `ABC`), and since phrases need consecutive tokens,
//! a phrase match is exactly a substring match: the trailing single character
//! keeps the bigrams of two separate runs from ever being consecutive. A
//! one-character query is the prefix `"A"*`, which finds the character both as
//! the start of a bigram and as the last of a run.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

/// Whether `c` is written without spaces between words: Han ideographs,
/// Japanese kana and Korean Hangul (Korean does use spaces, but its words
/// carry particles, so a noun is found only inside a longer token).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF        // Hangul Jamo
        | 0x2E80..=0x2FDF      // CJK radicals
        | 0x3005..=0x3007      // 々 〆 〇
        | 0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3130..=0x318F      // Hangul compatibility Jamo
        | 0x31F0..=0x31FF      // Katakana extensions
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xA960..=0xA97F      // Hangul Jamo extended A
        | 0xAC00..=0xD7AF      // Hangul syllables
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0xFF66..=0xFF9F      // half-width Katakana
        | 0x20000..=0x3134F // CJK extensions B to G
    )
}

/// Whether `s` holds any CJK character.
pub fn has_cjk(s: &str) -> bool {
    s.chars().any(is_cjk)
}

/// The maximal runs of CJK characters in `s`.
pub fn runs(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !is_cjk(c)).filter(|r| !r.is_empty())
}

/// The bigram token stream of the CJK text in `s`, space-separated (for the
/// `ascii` tokenizer, which treats every non-ASCII character as part of a
/// token); empty when `s` has none.
pub fn grams(s: &str) -> String {
    let mut out = String::new();
    for run in runs(s) {
        let chars: Vec<char> = run.chars().collect();
        for pair in chars.windows(2) {
            out.push(pair[0]);
            out.push(pair[1]);
            out.push(' ');
        }
        if let Some(last) = chars.last() {
            out.push(*last);
            out.push(' ');
        }
    }
    out.pop();
    out
}

/// The `articles_cjk` MATCH expression for one run of CJK characters: the
/// phrase of its bigrams, or a prefix for a single character. Only CJK
/// characters reach it, so no quote can appear.
pub fn phrase(run: &str) -> String {
    let chars: Vec<char> = run.chars().filter(|c| is_cjk(*c)).collect();
    match chars.len() {
        0 => "\"\"".to_string(),
        1 => format!("\"{}\"*", chars[0]),
        _ => {
            let bigrams: Vec<String> = chars.windows(2).map(|p| p.iter().collect()).collect();
            format!("\"{}\"", bigrams.join(" "))
        }
    }
}

/// Registers `quire_cjk_grams(text)`, which the `articles_cjk` triggers call.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "quire_cjk_grams",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| grams(&t)).unwrap_or_default())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_end_each_run_with_its_last_character() {
        assert_eq!(grams("東京都 and 大阪"), "東京 京都 都 大阪 阪");
        assert_eq!(grams("no cjk here"), "");
        assert_eq!(grams("서울에서"), "서울 울에 에서 서");
        assert_eq!(phrase("東京都"), "\"東京 京都\"");
        assert_eq!(phrase("東"), "\"東\"*");
    }
}

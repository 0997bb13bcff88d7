//! Whitespace above ASCII, told from UTF-8 bytes without decoding (Quire):
//! text is mostly ASCII with curly quotes and dashes, and what
//! `char::is_whitespace` holds above ASCII starts with one of four lead
//! bytes. Public for quire-extract, which counts text the same way.

/// Whether `encoded` starts with the UTF-8 encoding of a whitespace
/// character above ASCII: U+0085, U+00A0, U+1680, U+2000..=U+200A, U+2028,
/// U+2029, U+202F, U+205F, U+3000 (the rest of Unicode's `White_Space`).
pub fn is_wide_space(encoded: &[u8]) -> bool {
    matches!(
        encoded,
        [0xC2, 0x85 | 0xA0, ..]
            | [0xE1, 0x9A, 0x80, ..]
            | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
            | [0xE2, 0x81, 0x9F, ..]
            | [0xE3, 0x80, 0x80, ..]
    )
}

/// Where whitespace above ASCII starts in `bytes`, found at the lead bytes
/// its encodings start with (vectorised searches).
pub fn wide_spaces(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr3_iter(0xC2, 0xE2, 0xE3, bytes)
        .chain(memchr::memchr_iter(0xE1, bytes))
        .filter(|&at| is_wide_space(&bytes[at..]))
}

#[cfg(test)]
mod tests {
    use super::wide_spaces;

    /// `is_wide_space` is checked against `char::is_whitespace` for every
    /// code point in `text_index`'s tests.
    #[test]
    fn finds_the_wide_spaces_among_other_characters() {
        let text = "a\u{a0}b\u{2019}c\u{3000}d\u{e9}\u{1680}";
        let found: Vec<usize> = wide_spaces(text.as_bytes()).collect();
        assert_eq!(found.len(), 3);
        assert!(found
            .iter()
            .all(|&at| text[at..].starts_with(char::is_whitespace)));
    }
}

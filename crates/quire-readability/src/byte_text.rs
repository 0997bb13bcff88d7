//! Text read on its UTF-8 bytes, without decoding (Quire): whitespace as
//! `char::is_whitespace` holds it, and byte counts that vectorise. Text is
//! mostly ASCII with curly quotes and dashes, and whitespace above ASCII
//! starts with one of four lead bytes. Public for quire-extract, which
//! counts text the same way.

/// `char::is_whitespace` for an ASCII byte (it includes U+000B, which
/// `u8::is_ascii_whitespace` does not).
pub fn is_ascii_space(b: u8) -> bool {
    (b == b' ') | (b.wrapping_sub(b'\t') <= b'\r' - b'\t')
}

/// How many bytes of `bytes` pass `test`: summed branch-free in blocks
/// small enough for `u8` counters, so that it vectorises.
pub fn count_bytes(bytes: &[u8], test: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|block| {
            usize::from(
                block
                    .iter()
                    .map(|&b| u8::from(test(b)))
                    .fold(0u8, u8::wrapping_add),
            )
        })
        .sum()
}

/// How many characters the UTF-8 `bytes` hold: the bytes that are not
/// continuation bytes (`0b10xx_xxxx`), counted as [`count_bytes`] counts.
pub fn count_chars(bytes: &[u8]) -> usize {
    count_bytes(bytes, |b| b & 0xC0 != 0x80)
}

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
    use super::{count_chars, wide_spaces};

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
        let long = text.repeat(40);
        assert_eq!(count_chars(long.as_bytes()), long.chars().count());
    }
}

//! Whitespace above ASCII, told from UTF-8 bytes without decoding: text is
//! mostly ASCII with curly quotes and dashes, and what `char::is_whitespace`
//! holds above ASCII starts with one of four lead bytes.

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
    use super::{is_wide_space, wide_spaces};

    #[test]
    fn every_unicode_whitespace_above_ascii_and_nothing_else() {
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let encoded = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(is_wide_space(encoded), c.is_whitespace(), "{c:?}");
        }
        let text = "a\u{a0}b\u{2019}c\u{3000}";
        assert_eq!(wide_spaces(text.as_bytes()).count(), 2);
    }
}

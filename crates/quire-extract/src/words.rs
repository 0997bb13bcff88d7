//! Counting words in any script.
//!
//! Chinese and Japanese are written without spaces, so splitting on
//! whitespace counts a whole paragraph as one word, reading time as zero, and
//! a full article as a stub. Each ideograph, kana or hangul syllable counts as
//! a word (the convention of word processors); other text counts runs of
//! letters and digits.

/// Words in `text`, CJK characters counted one by one.
pub fn count_words(text: &str) -> u32 {
    let mut count = 0u32;
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii() {
            // Most text is ASCII: the same rules, byte by byte, without
            // decoding or the Unicode tables, and without branches (a word
            // boundary every few bytes defeats branch prediction).
            let class = ASCII_CLASS[usize::from(b)];
            let (letter, joins) = (class == LETTER, class == JOINS);
            count = count.saturating_add(u32::from(letter & !in_word));
            in_word = letter | (joins & in_word);
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else { break };
        at += c.len_utf8();
        if is_cjk(c) {
            count = count.saturating_add(1);
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                count = count.saturating_add(1);
            }
            in_word = true;
        } else if c.is_whitespace() || !matches!(c, '\'' | '’' | '-' | '.' | ',') {
            // Apostrophes, hyphens and decimal points join ("don't", "U.S.", "3.5").
            in_word = false;
        }
    }
    count
}

/// How an ASCII byte reads: part of a word, a joiner inside one
/// (apostrophe, hyphen, decimal point, thousands comma), or a break.
const ASCII_CLASS: [u8; 128] = {
    let mut class = [BREAKS; 128];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            class[b] = LETTER;
        } else if matches!(b as u8, b'\'' | b'-' | b'.' | b',') {
            class[b] = JOINS;
        }
        b += 1;
    }
    class
};
const BREAKS: u8 = 0;
const LETTER: u8 = 1;
const JOINS: u8 = 2;

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // hiragana, katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // hangul syllables
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0x20000..=0x2FFFF) // supplementary ideographs
}

#[cfg(test)]
mod tests {
    use super::count_words;

    /// The ASCII rules as first written, branch by branch.
    fn count_ascii_branching(text: &str) -> u32 {
        let (mut count, mut in_word) = (0, false);
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() {
                count += u32::from(!in_word);
                in_word = true;
            } else if !matches!(b, b'\'' | b'-' | b'.' | b',') {
                in_word = false;
            }
        }
        count
    }

    proptest::proptest! {
        #[test]
        fn ascii_counts_as_the_branching_rules(text in "[a-zA-Z0-9 '.,;\\-\n\t]{0,80}") {
            proptest::prop_assert_eq!(count_words(&text), count_ascii_branching(&text));
        }
    }

    #[test]
    fn scripts() {
        assert_eq!(count_words("The U.S. didn't pay 3.5 million."), 6);
        assert_eq!(count_words("中国和俄罗斯"), 6, "each ideograph is a word");
        assert_eq!(count_words("トレンドマイクロ、公衆無線LAN"), 13);
        assert_eq!(count_words(""), 0);
    }
}

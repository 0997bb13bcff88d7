//! Which of a few short words a string holds anywhere in it, read in one
//! pass: the metadata walk asks it of every class on the page, and one
//! substring search per word (each with its own set-up) was most of that
//! walk's time on class-heavy pages.

/// Up to 32 ASCII words searched for together, as `str::contains` would
/// find each. For short strings such as class names: on long ones (image
/// addresses) a search per word, vectorised, is faster.
pub(crate) struct Substrings {
    words: &'static [&'static str],
    /// For each byte, the words (as bits) that start with it: only those
    /// are compared there.
    starts: [u32; 256],
}

impl Substrings {
    pub(crate) const fn new(words: &'static [&'static str]) -> Self {
        assert!(words.len() <= 32, "a u32 holds one bit a word");
        let mut starts = [0u32; 256];
        let mut i = 0;
        while i < words.len() {
            let word = words[i].as_bytes();
            assert!(!word.is_empty() && words[i].is_ascii());
            starts[word[0] as usize] |= 1 << i;
            i += 1;
        }
        Self { words, starts }
    }

    /// Bit `i` is set when `words[i]` occurs in `hay`.
    pub(crate) fn found(&self, hay: &str) -> u32 {
        let mut found = 0;
        self.scan(hay, |bit| {
            found |= bit;
            false
        });
        found
    }

    /// Whether any of the words occurs in `hay`.
    pub(crate) fn any_in(&self, hay: &str) -> bool {
        self.scan(hay, |_| true)
    }

    /// Calls `hit` with each match's bit until it returns true.
    fn scan(&self, hay: &str, mut hit: impl FnMut(u32) -> bool) -> bool {
        let hay = hay.as_bytes();
        for (at, &b) in hay.iter().enumerate() {
            let mut candidates = self.starts[usize::from(b)];
            while candidates != 0 {
                let i = candidates.trailing_zeros();
                candidates &= candidates - 1;
                let word = self.words[i as usize].as_bytes();
                let Some(head) = hay[at..].get(..word.len()) else { continue };
                if head == word && hit(1 << i) {
                    return true;
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::Substrings;

    const WORDS: &[&str] = &["byline", "Byline", "author-name", "by", "a"];

    fn naive(words: &[&str], hay: &str) -> u32 {
        words.iter().enumerate().filter(|(_, w)| hay.contains(*w)).fold(0, |bits, (i, _)| bits | 1 << i)
    }

    #[test]
    fn examples() {
        let set = Substrings::new(WORDS);
        assert_eq!(set.found("post-Byline author-names"), 0b10110);
        assert_eq!(set.found(""), 0);
        assert!(!set.any_in("BYLINE"));
        assert!(set.any_in("x-author-name"));
    }

    proptest! {
        #[test]
        fn finds_what_contains_finds(hay in "[abyBYlinet\\-mor.éX ]{0,40}") {
            prop_assert_eq!(Substrings::new(WORDS).found(&hay), naive(WORDS, &hay));
            prop_assert_eq!(Substrings::new(WORDS).any_in(&hay), naive(WORDS, &hay) != 0);
        }
    }
}

//! Text as the HTML tokenizer hands it to the tree builder: character
//! references decoded, newlines normalised, NULs dealt with.
//!
//! The pre-pass's scanner leaves text and attribute values raw; the tree is
//! built from its tokens directly (see [`crate::tree`]), so this is the part
//! of html5ever's tokenizer that the scanner skips. It follows html5ever's
//! rules and tables exactly (longest named match, legacy names without a
//! semicolon, the attribute exception, C1 replacements), so the tree is the
//! one html5ever would build from the same markup; the tests hold it to that.

use std::borrow::Cow;

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

/// Where the text stands, which decides what a reference or a NUL becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Text between tags: references decoded, NULs dropped (the tree builder ignores them in a body).
    Data,
    /// A `<title>` or `<textarea>`: references decoded, NULs replaced.
    Rcdata,
    /// An attribute value: references decoded with the historical exception
    /// for `&name=`/`&namex` without a semicolon, NULs replaced.
    Attribute,
    /// A script, style or other raw-text element: nothing decoded, NULs replaced.
    RawText,
}

/// `raw` as the tree builder would receive it; borrowed when nothing in it
/// changes, as in most text and attribute values.
pub fn decode(raw: &str, context: Context) -> Cow<'_, str> {
    let special = match context {
        Context::RawText => memchr::memchr2(b'\r', b'\0', raw.as_bytes()),
        _ => memchr::memchr3(b'&', b'\r', b'\0', raw.as_bytes()),
    };
    if special.is_none() {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    decode_into(&mut out, raw, context);
    Cow::Owned(out)
}

/// Appends `raw` to `out` as the tree builder would receive it.
fn decode_into(out: &mut String, raw: &str, context: Context) {
    let decodes = context != Context::RawText;
    let mut rest = raw;
    loop {
        let special = if decodes {
            memchr::memchr3(b'&', b'\r', b'\0', rest.as_bytes())
        } else {
            memchr::memchr2(b'\r', b'\0', rest.as_bytes())
        };
        let Some(at) = special else {
            out.push_str(rest);
            return;
        };
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        rest = match rest.as_bytes()[at] {
            b'\r' => {
                out.push('\n');
                after.strip_prefix('\n').unwrap_or(after)
            }
            b'\0' => {
                if context != Context::Data {
                    out.push('\u{fffd}');
                }
                after
            }
            _ => reference(out, after, context == Context::Attribute),
        };
    }
}

/// Decodes the reference after an `&` into `out` and returns what follows
/// it; an `&` that starts no reference is written as itself.
fn reference<'a>(out: &mut String, after: &'a str, in_attribute: bool) -> &'a str {
    match after.as_bytes().first() {
        Some(b'#') => numeric(out, &after[1..]).unwrap_or_else(|| {
            out.push('&');
            after
        }),
        Some(b) if b.is_ascii_alphanumeric() => named(out, after, in_attribute),
        _ => {
            out.push('&');
            after
        }
    }
}

/// `&#123;` or `&#x7B;` (the `&#` already consumed), semicolon optional;
/// `None` without digits, when the text stays as written.
fn numeric<'a>(out: &mut String, digits: &'a str) -> Option<&'a str> {
    let bytes = digits.as_bytes();
    let (base, start) = match bytes.first() {
        Some(b'x' | b'X') => (16, 1),
        _ => (10, 0),
    };
    let len = bytes[start..].iter().take_while(|b| (**b as char).is_digit(base)).count();
    if len == 0 {
        return None;
    }
    let mut value: u32 = 0;
    let mut too_big = false;
    for b in &bytes[start..start + len] {
        value = value.wrapping_mul(base);
        too_big |= value > 0x10FFFF;
        value = value.wrapping_add((*b as char).to_digit(base).unwrap_or(0));
    }
    let c = match value {
        _ if too_big || value > 0x10FFFF => '\u{fffd}',
        0 | 0xD800..=0xDFFF => '\u{fffd}',
        0x80..=0x9F => C1_REPLACEMENTS[(value - 0x80) as usize].or(char::from_u32(value)).unwrap_or('\u{fffd}'),
        _ => char::from_u32(value).unwrap_or('\u{fffd}'),
    };
    out.push(c);
    let rest = &digits[start + len..];
    Some(rest.strip_prefix(';').unwrap_or(rest))
}

/// A named reference: the longest name in the table that the text starts
/// with; `&` and the text as written when none matches.
fn named<'a>(out: &mut String, after: &'a str, in_attribute: bool) -> &'a str {
    // Names are ASCII letters and digits, then an optional `;`; the table
    // also holds every prefix of a name (with no value), so the match grows
    // while the text is still a prefix of some name.
    let bytes = after.as_bytes();
    let mut matched: Option<(usize, (u32, u32))> = None;
    let mut len = 0;
    while len < bytes.len() && (bytes[len].is_ascii_alphanumeric() || bytes[len] == b';') {
        len += 1;
        match NAMED_ENTITIES.get(&after[..len]) {
            Some(&m) => {
                if m.0 != 0 {
                    matched = Some((len, m));
                }
            }
            None => break,
        }
        if bytes[len - 1] == b';' {
            break;
        }
    }
    let Some((len, (c1, c2))) = matched else {
        out.push('&');
        return after;
    };
    let ends_with_semicolon = bytes[len - 1] == b';';
    let next = bytes.get(len).copied();
    if in_attribute && !ends_with_semicolon && next.is_some_and(|b| b == b'=' || b.is_ascii_alphanumeric()) {
        out.push('&');
        return after;
    }
    out.extend(char::from_u32(c1));
    if c2 != 0 {
        out.extend(char::from_u32(c2));
    }
    &after[len..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(raw: &str) -> String {
        decode(raw, Context::Data).into_owned()
    }

    fn attr(raw: &str) -> String {
        decode(raw, Context::Attribute).into_owned()
    }

    #[test]
    fn named_references_take_the_longest_name() {
        assert_eq!(text("a &amp; b"), "a & b");
        assert_eq!(text("&notin; &notit; &not"), "∉ ¬it; ¬");
        assert_eq!(text("&ampx &amp"), "&x &");
        assert_eq!(text("&nosuch; & &; &"), "&nosuch; & &; &");
        assert_eq!(text("&NotEqualTilde;"), "\u{2242}\u{338}");
        assert_eq!(text("caf&eacute"), "café");
    }

    #[test]
    fn attributes_keep_legacy_names_before_letters_and_equals() {
        assert_eq!(attr("/a?x=1&copy=2&amp;y"), "/a?x=1&copy=2&y");
        assert_eq!(attr("&copyx &copy; &copy"), "&copyx © ©");
        assert_eq!(text("&copyx"), "©x");
    }

    #[test]
    fn numeric_references_follow_the_replacement_rules() {
        assert_eq!(
            text("&#65;&#x42;&#X43&#0;&#x80;&#xD800;&#x110000;&#99999999999;"),
            "ABC\u{fffd}€\u{fffd}\u{fffd}\u{fffd}"
        );
        assert_eq!(text("&#; &#x; &#xZ"), "&#; &#x; &#xZ");
    }

    #[test]
    fn newlines_and_nuls_as_the_tokenizer_leaves_them() {
        assert_eq!(text("a\r\nb\rc\0d"), "a\nb\ncd");
        assert_eq!(decode("x&amp;\r\n\0", Context::RawText), "x&amp;\n\u{fffd}");
        assert!(matches!(decode("plain & simple", Context::RawText), Cow::Borrowed(_)));
    }
}

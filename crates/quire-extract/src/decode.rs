//! Bytes to text: pages arrive in whatever encoding their server or author
//! chose, often mislabelled, and a wrong guess turns every non-ASCII letter
//! into mojibake that then gets archived forever.
//!
//! Precedence follows the HTML standard's sniffing order: a byte-order mark,
//! then the HTTP `Content-Type` charset, then a `<meta charset>` in the first
//! kilobytes, then statistical detection (chardetng). A declaration is
//! distrusted when the bytes contradict it: malformed sequences under the
//! declared encoding, or a legacy single-byte label on bytes that are valid
//! non-ASCII UTF-8 (the most common lie on the web).

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How many leading bytes the `<meta charset>` prescan looks at. The standard
/// says 1024; pages with long `<head>`s push it later, so we look further.
const META_PRESCAN_BYTES: usize = 8192;
/// How much the detector reads: enough for a confident guess, bounded for huge pages.
const DETECTOR_BYTES: usize = 256 * 1024;

/// Where the chosen encoding came from; kept for warnings and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    ByteOrderMark,
    HttpHeader,
    MetaTag,
    Detected,
}

/// The page as text (borrowed from the bytes when they were valid UTF-8, as
/// most pages are: no copy), with the encoding that produced it.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static Encoding,
    pub source: EncodingSource,
    /// A declared encoding was overruled because the bytes contradicted it.
    pub overruled: Option<&'static Encoding>,
}

/// Decodes page bytes. `tld` (e.g. `b"jp"`) sharpens detection when nothing is declared.
pub fn decode<'a>(bytes: &'a [u8], content_type: Option<&str>, tld: Option<&[u8]>) -> Decoded<'a> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded { text, encoding, source: EncodingSource::ByteOrderMark, overruled: None };
    }
    let declared = content_type
        .and_then(charset_from_content_type)
        .map(|e| (e, EncodingSource::HttpHeader))
        .or_else(|| charset_from_meta(bytes).map(|e| (e, EncodingSource::MetaTag)));
    // Most pages are UTF-8, declared or not: validated once, and the text is
    // the bytes themselves (the general path validates a sample, then all).
    if declared.is_none_or(|(encoding, _)| encoding == UTF_8)
        && let Some(text) = UTF_8.decode_without_bom_handling_and_without_replacement(bytes)
    {
        let source = declared.map_or(EncodingSource::Detected, |(_, source)| source);
        return Decoded { text, encoding: UTF_8, source, overruled: None };
    }
    if let Some((encoding, source)) = declared {
        if !contradicts(encoding, bytes) {
            let (text, _, _) = encoding.decode(bytes);
            return Decoded { text, encoding, source, overruled: None };
        }
        let guessed = detect(bytes, tld);
        let (text, _, _) = guessed.decode(bytes);
        return Decoded { text, encoding: guessed, source: EncodingSource::Detected, overruled: Some(encoding) };
    }
    let encoding = detect(bytes, tld);
    let (text, _, _) = encoding.decode(bytes);
    Decoded { text, encoding, source: EncodingSource::Detected, overruled: None }
}

/// Pure ASCII and valid UTF-8 are settled without the detector: it is both
/// faster and immune to the detector's rare misreadings of short texts.
fn detect(bytes: &[u8], tld: Option<&[u8]>) -> &'static Encoding {
    let sample = &bytes[..bytes.len().min(DETECTOR_BYTES)];
    if valid_utf8_prefix(sample) {
        return UTF_8;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == bytes.len());
    detector.guess(tld, Utf8Detection::Allow)
}

/// Whether `sample` is UTF-8, allowing a multi-byte sequence cut off at its end.
fn valid_utf8_prefix(sample: &[u8]) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// Whether the bytes show the declared encoding to be wrong.
fn contradicts(declared: &'static Encoding, bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(DETECTOR_BYTES)];
    let is_single_byte_legacy = declared == WINDOWS_1252
        || declared.name().starts_with("ISO-8859")
        || declared.name().starts_with("windows-125");
    if is_single_byte_legacy {
        return !sample.is_ascii() && valid_utf8_prefix(sample);
    }
    if declared == UTF_8 {
        return !valid_utf8_prefix(sample);
    }
    let mut decoder = declared.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(decoder.max_utf8_buffer_length(sample.len()).unwrap_or(0));
    let last = sample.len() == bytes.len();
    let (_, _, had_errors) = decoder.decode_to_string(sample, &mut out, last);
    had_errors
}

/// `text/html; charset="Shift_JIS"` → Shift_JIS.
fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let value = lower[at..].trim_start().trim_start_matches(['"', '\'']);
    let end = value.find(|c: char| c == '"' || c == '\'' || c == ';' || c.is_whitespace()).unwrap_or(value.len());
    label_to_encoding(&value[..end])
}

/// Finds `<meta charset=x>` or `<meta http-equiv=Content-Type content="...; charset=x">`.
fn charset_from_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_PRESCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(at) = find(tag, b"charset") {
            let rest = &tag[at + b"charset".len()..];
            let rest = trim_ascii_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let value = trim_ascii_start(rest);
                let value = value.strip_prefix(b"\"").or_else(|| value.strip_prefix(b"'")).unwrap_or(value);
                let len = value
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace())
                    .unwrap_or(value.len());
                if let Some(encoding) = std::str::from_utf8(&value[..len]).ok().and_then(label_to_encoding) {
                    return Some(encoding);
                }
            }
        }
        from = end.max(start + 1);
    }
    None
}

/// Label lookup with the standard's fix-ups: a page that says UTF-16 in ASCII
/// bytes cannot be UTF-16, and `x-user-defined` means windows-1252.
fn label_to_encoding(label: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Some(UTF_8);
    }
    if encoding == encoding_rs::X_USER_DEFINED {
        return Some(WINDOWS_1252);
    }
    Some(encoding)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[skip..]
}

//! Encodings: declared, undeclared and misdeclared pages all read correctly.

use encoding_rs::{BIG5, Encoding, GBK, SHIFT_JIS, UTF_8, WINDOWS_1251};
use quire_extract::{EncodingSource, PageContext, decode, extract};

/// A page in `encoding`, optionally declaring `declared` in a meta tag.
fn page(encoding: &'static Encoding, declared: Option<&str>, body: &str) -> Vec<u8> {
    let meta = declared.map(|d| format!("<meta charset=\"{d}\">")).unwrap_or_default();
    let html = format!(
        "<!doctype html><html><head>{meta}<title>T</title></head><body><article><p>{body}</p></article></body></html>"
    );
    let (bytes, _, unmappable) = encoding.encode(&html);
    assert!(!unmappable, "test text must be representable in {}", encoding.name());
    bytes.into_owned()
}

const JAPANESE: &str = "中国はロシアと共に西側の制裁に反発した。上海発、両国の外相は火曜日に会談し、米国が冷戦のような同盟を作っていると非難した。";
const CHINESE_SIMPLIFIED: &str =
    "中国和俄罗斯周二指责美国建立冷战式联盟，并抨击与人权有关的西方制裁，认为这是对其内政的政治干涉。";
const CHINESE_TRADITIONAL: &str =
    "中國和俄羅斯週二指責美國建立冷戰式聯盟，並抨擊與人權有關的西方制裁，認為這是對其內政的政治干涉。";
const RUSSIAN: &str = "Китай и Россия во вторник обвинили США в создании союза в духе холодной войны и выступили против западных санкций.";

#[test]
fn declared_in_meta() {
    for (encoding, label, text) in [
        (SHIFT_JIS, "shift_jis", JAPANESE),
        (GBK, "gbk", CHINESE_SIMPLIFIED),
        (BIG5, "big5", CHINESE_TRADITIONAL),
        (WINDOWS_1251, "windows-1251", RUSSIAN),
    ] {
        let bytes = page(encoding, Some(label), text);
        let d = decode(&bytes, None, None);
        assert_eq!(d.encoding, encoding);
        assert_eq!(d.source, EncodingSource::MetaTag);
        assert!(d.text.contains(text), "{label} decodes to the original text");
    }
}

#[test]
fn undeclared_is_detected() {
    for (encoding, text, tld) in [
        (SHIFT_JIS, JAPANESE, "jp"),
        (GBK, CHINESE_SIMPLIFIED, "cn"),
        (BIG5, CHINESE_TRADITIONAL, "tw"),
        (WINDOWS_1251, RUSSIAN, "ru"),
    ] {
        let bytes = page(encoding, None, text);
        let d = decode(&bytes, None, Some(tld.as_bytes()));
        assert_eq!(d.source, EncodingSource::Detected);
        assert!(d.text.contains(text), "undeclared {} is detected (got {})", encoding.name(), d.encoding.name());
        let bytes = page(encoding, None, text);
        let d = decode(&bytes, None, None);
        assert!(
            d.text.contains(text),
            "undeclared {} is detected without a TLD hint (got {})",
            encoding.name(),
            d.encoding.name()
        );
    }
}

#[test]
fn http_header_outranks_meta_and_lies_are_caught() {
    let bytes = page(SHIFT_JIS, Some("utf-8"), JAPANESE);
    let d = decode(&bytes, Some("text/html; charset=Shift_JIS"), None);
    assert_eq!((d.encoding, d.source), (SHIFT_JIS, EncodingSource::HttpHeader), "the header outranks the meta tag");

    let d = decode(&bytes, None, None);
    assert!(
        d.text.contains(JAPANESE),
        "a page claiming UTF-8 that is Shift_JIS is read as Shift_JIS (got {})",
        d.encoding.name()
    );
    assert_eq!(d.overruled, Some(UTF_8));

    let utf8 = page(UTF_8, Some("windows-1252"), RUSSIAN);
    let d = decode(&utf8, None, None);
    assert!(d.text.contains(RUSSIAN), "UTF-8 labelled windows-1252 is read as UTF-8");
}

#[test]
fn byte_order_mark_wins() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(page(UTF_8, Some("windows-1251"), RUSSIAN));
    let d = decode(&bytes, Some("text/html; charset=gbk"), None);
    assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::ByteOrderMark));

    // encoding_rs never encodes to UTF-16, so the bytes are built by hand.
    let mut le = vec![0xFF, 0xFE];
    for unit in "<p>Привет</p>".encode_utf16() {
        le.extend(unit.to_le_bytes());
    }
    let d = decode(&le, None, None);
    assert!(d.text.contains("Привет"), "UTF-16 with a BOM");
}

#[test]
fn extraction_reports_the_mislabel() {
    let body = RUSSIAN.repeat(4);
    let url = url::Url::parse("https://example.ru/news/1").expect("valid");
    let e = extract(&page(WINDOWS_1251, Some("utf-8"), &body), &PageContext { url: Some(&url), content_type: None });
    assert!(e.article.text.contains("холодной войны"), "the article text is Russian, not mojibake");
    assert!(e.warnings.iter().any(|w| w.code() == "misdeclared_encoding"));
}

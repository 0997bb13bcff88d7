//! The sanitiser's guarantee: whatever goes in, nothing executable comes out.

use proptest::prelude::*;
use quire_extract::sanitize_fragment;

// The fuzz target's check, so the proptests and the fuzzer hold output to one standard.
use crate::fuzz_corpus::check::assert_safe;

#[test]
fn known_attacks() {
    let cases = [
        "<script>alert(1)</script><p>ok</p>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"  JaVaScRiPt:alert(1)\">x</a>",
        "<iframe src=\"https://evil\"></iframe>",
        "<object data=x></object><embed src=x>",
        "<form action=/x><input name=a></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil\">",
        "<svg><script>alert(1)</script><title>t</title></svg>",
        "<style>body{}</style>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>",
        "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p onclick=\"x()\" onmouseover='y()'>x</p>",
    ];
    for case in cases {
        assert_safe(&sanitize_fragment(case, None));
    }
    let kept = sanitize_fragment("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"a\">", None);
    assert!(kept.contains("data:image/png"), "raster data images are allowed: {kept}");
}

#[test]
fn tracking_pixels_are_dropped() {
    let out = sanitize_fragment(
        "<p>a<img src=\"https://t.example/p.gif\" width=\"1\" height=\"1\"><img src=\"https://e.example/photo.jpg\" width=\"600\" height=\"400\"></p>",
        None,
    );
    assert!(!out.contains("p.gif"), "1×1 beacon removed: {out}");
    assert!(out.contains("photo.jpg"), "real photos stay");
}

#[test]
fn links_become_absolute() {
    let base = url::Url::parse("https://example.com/news/a.html").expect("valid");
    let out = sanitize_fragment("<a href=\"../b.html\">b</a><img src=\"/i.jpg\">", Some(&base));
    assert!(out.contains("https://example.com/b.html") && out.contains("https://example.com/i.jpg"), "{out}");
}

/// Fragments assembled from dangerous pieces.
fn hostile_fragment() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<script>alert(1)</script>".to_string()),
        Just("<scr<script>ipt>".to_string()),
        Just("<svg onload=alert(1)><script>x</script></svg>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("<a href=\"javascript:x\">".to_string()),
        Just("<a href=\"jav&#x09;ascript:x\">".to_string()),
        Just("<iframe srcdoc=\"<script>x</script>\">".to_string()),
        Just("<meta http-equiv=refresh content=0>".to_string()),
        Just("<form><button formaction=javascript:x>".to_string()),
        Just("<object>".to_string()),
        Just("<embed>".to_string()),
        Just("<style>*{}</style>".to_string()),
        Just("<img src=\"data:text/html,x\">".to_string()),
        Just("<a href=\"data:image/png;base64,AA\">".to_string()),
        Just("</p>".to_string()),
        Just("<p title=\"".to_string()),
        Just("\"".to_string()),
        Just("<!--".to_string()),
        Just("<![CDATA[".to_string()),
        "[a-z<>/=\" ]{0,12}".prop_map(|s| s),
        "<[a-z]{1,8}( on[a-z]{2,8}=[a-z]{1,4})?>".prop_map(|s| s),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_input_sanitises_to_safe_output(html in hostile_fragment()) {
        assert_safe(&sanitize_fragment(&html, None));
    }

    #[test]
    fn any_text_sanitises_to_safe_output(html in "\\PC{0,200}") {
        assert_safe(&sanitize_fragment(&html, None));
    }
}

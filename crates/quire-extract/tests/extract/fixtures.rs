//! The Readability test pages as a regression floor: body quality measured as
//! in the `extract_quality` bench must not fall below what was last measured.

use crate::score;

/// Measured 0.998 mean F1 against Readability.js's output (dom_smoothie
/// alone: 0.999); the margin absorbs small deliberate trade-offs such as
/// removing "Related:" links, not regressions.
const MEAN_F1_FLOOR: f64 = 0.99;
/// Measured minimum 0.923 (bug-1255978: a video player's controls are dropped).
const MIN_F1_FLOOR: f64 = 0.88;
/// Measured 0.992 titles equal once a site-name suffix is removed.
const TITLE_RATE_FLOOR: f64 = 0.95;

#[test]
fn readability_pages_stay_above_the_floor() {
    let pages = score::load_pages();
    if pages.is_empty() {
        eprintln!("readability fixtures not found at {}; skipping", score::fixtures_dir().display());
        return;
    }
    let rows: Vec<score::Row> = pages.iter().map(score::score_quire).collect();
    let (_, _, mean_f1, _) = score::mean(&rows);
    let worst = pages.iter().zip(&rows).min_by(|a, b| a.1.f.total_cmp(&b.1.f)).map(|(p, r)| (p.name.clone(), r.f));
    let [title_rate, ..] = score::rates(&rows);
    assert!(mean_f1 >= MEAN_F1_FLOOR, "mean body F1 regressed to {mean_f1:.3}");
    if let Some((name, f)) = worst {
        assert!(f >= MIN_F1_FLOOR, "page {name} fell to F1 {f:.3}");
    }
    assert!(title_rate >= TITLE_RATE_FLOOR, "titles (site suffix aside) regressed to {title_rate:.3}");
}

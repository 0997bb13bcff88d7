//! The window's first page while opening the library runs a long schema
//! upgrade.
//!
//! Upgrading to schema v9 rebuilds the search index inside the open (about
//! 2 minutes at 100,000 articles). Opening before the window exists would
//! show nothing for that long, and a person may kill an app that never
//! appears. So when the probe reports a big rebuild, the main window starts
//! on the static `upgrading.html` (from `ui/public`, no IPC, under the same
//! CSP) while the library opens on a thread, then moves to the app.
//! Libraries below the threshold open exactly as before.

use std::path::Path;
use std::time::Duration;

use quire_api::{PendingUpgrade, pending_upgrade};
use tauri::{Runtime, WebviewWindow};

/// Same default and environment variable as the CLI's stderr notice: below
/// this many articles the rebuild takes a couple of seconds at most.
const NOTICE_MIN_ARTICLES: u64 = 2_000;

/// The upgrade opening `path` will run, if it rebuilds the search index over
/// at least the threshold of articles. A library the probe cannot read gets
/// no page: opening it reports the problem the usual way.
pub fn long_upgrade(path: &Path) -> Option<PendingUpgrade> {
    let pending = pending_upgrade(path).ok().flatten()?;
    let min = std::env::var("QUIRE_UPGRADE_NOTICE_MIN_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(NOTICE_MIN_ARTICLES);
    (pending.articles >= min && pending.index_rebuilds() > 0).then_some(pending)
}

/// The page's address relative to the app, its figures in the fragment
/// (which `upgrading.js` reads; spaces encoded, no `&` or `=` in values).
pub fn page(pending: &PendingUpgrade) -> String {
    let noun = if pending.articles == 1 { "article" } else { "articles" };
    let articles = format!("{} {noun}", thousands(pending.articles));
    let estimate = estimate(pending.estimated_duration());
    format!("upgrading.html#articles={}&estimate={}", articles.replace(' ', "%20"), estimate.replace(' ', "%20"))
}

/// Replaces the upgrade page with the app, at the app's root. The open has
/// finished (well or not): the app shows an open error by its code, as when
/// it fails at startup.
pub fn show_app<R: Runtime>(window: &WebviewWindow<R>) {
    let shown = window.url().and_then(|mut url| {
        url.set_path("/");
        url.set_query(None);
        url.set_fragment(None);
        window.navigate(url)
    });
    if let Err(error) = shown {
        eprintln!("quire-desktop: could not show the app after the upgrade: {error}");
    }
}

/// Whole minutes, rounded up, as the CLI says it: the estimate is already
/// generous, and saying less than it takes would be the worse surprise.
fn estimate(d: Duration) -> String {
    if d < Duration::from_secs(60) {
        return "under a minute".into();
    }
    match d.as_secs().div_ceil(60) {
        1 => "about a minute".into(),
        n => format!("about {n} minutes"),
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    // The leading group has 1 to 3 digits; every later one has exactly 3.
    let (head, rest) = digits.split_at((digits.len() - 1) % 3 + 1);
    let mut out = head.to_string();
    for group in rest.as_bytes().chunks(3) {
        out.push(',');
        out.push_str(std::str::from_utf8(group).expect("ASCII digits"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_carries_the_figures_for_a_big_v8_library() {
        let p = PendingUpgrade { from: 8, to: 9, articles: 100_000 };
        assert_eq!(
            page(&p),
            "upgrading.html#articles=100,000%20articles&estimate=about%202%20minutes",
            "upgrading.js reads these two fields; 2 minutes matches the CLI's notice"
        );
    }

    #[test]
    fn one_article_is_singular() {
        let p = PendingUpgrade { from: 8, to: 9, articles: 1 };
        assert_eq!(page(&p), "upgrading.html#articles=1%20article&estimate=under%20a%20minute");
    }

    #[test]
    fn the_estimate_rounds_up_to_whole_minutes() {
        assert_eq!(estimate(Duration::from_secs(3)), "under a minute");
        assert_eq!(estimate(Duration::from_secs(60)), "about a minute");
        assert_eq!(estimate(Duration::from_secs(61)), "about 2 minutes");
    }

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}

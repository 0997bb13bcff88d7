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

use quire_api::{PendingUpgrade, pending_upgrade};
use tauri::{Runtime, WebviewWindow};

/// The upgrade opening `path` will run, if it rebuilds the search index over
/// at least the threshold of articles. A library the probe cannot read gets
/// no page: opening it reports the problem the usual way.
pub fn long_upgrade(path: &Path) -> Option<PendingUpgrade> {
    pending_upgrade(path).ok().flatten().filter(PendingUpgrade::is_long)
}

/// The page's address relative to the app, its figures in the fragment
/// (which `upgrading.js` reads; spaces encoded, no `&` or `=` in values).
pub fn page(pending: &PendingUpgrade) -> String {
    let articles = pending.articles_phrase();
    let estimate = pending.estimate_phrase();
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
}

//! One line on stderr before a long schema upgrade, and one after, so that
//! opening a big old library does not look like a hang.
//!
//! Upgrading to schema v9 rebuilds the search index inside `Library::open`
//! (about 2 minutes at 100,000 articles). Small libraries upgrade in a blink
//! and get no notice; stdout is never written, since scripts parse it.

use std::path::Path;
use std::time::{Duration, Instant};

use quire_core::{PendingUpgrade, pending_upgrade};

/// Below this many articles the upgrade takes a couple of seconds at most
/// and is not worth a word. The environment can lower it (tests do).
const NOTICE_MIN_ARTICLES: u64 = 2_000;

/// A notice printed before opening, to be closed with [`Notice::finish`].
pub struct Notice {
    started: Instant,
}

/// Prints the notice if opening `path` will run a long upgrade. A library the
/// probe cannot read gets no notice: opening it reports the problem properly.
pub fn before_open(path: &Path) -> Option<Notice> {
    let pending = pending_upgrade(path).ok().flatten()?;
    let min = std::env::var("QUIRE_UPGRADE_NOTICE_MIN_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(NOTICE_MIN_ARTICLES);
    if pending.articles < min || pending.index_rebuilds() == 0 {
        return None;
    }
    eprintln!("{}", starting_line(&pending));
    Some(Notice { started: Instant::now() })
}

impl Notice {
    pub fn finish(self) {
        eprintln!("{}", finished_line(self.started.elapsed()));
    }
}

fn starting_line(p: &PendingUpgrade) -> String {
    format!(
        "Upgrading the library from schema {} to {} (rebuilding the search index for {} {}; {})…",
        p.from,
        p.to,
        thousands(p.articles),
        if p.articles == 1 { "article" } else { "articles" },
        estimate(p.estimated_duration()),
    )
}

fn finished_line(elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64().round() as u64;
    if secs < 60 {
        format!("Library upgraded in {secs}s.")
    } else {
        format!("Library upgraded in {}m {}s.", secs / 60, secs % 60)
    }
}

/// Whole minutes, rounded up: the estimate is already generous, and saying
/// less than it takes would be the worse surprise.
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
    fn the_notice_for_a_big_v8_library_reads_well() {
        let p = PendingUpgrade { from: 8, to: 9, articles: 100_000 };
        assert_eq!(
            starting_line(&p),
            "Upgrading the library from schema 8 to 9 (rebuilding the search index for 100,000 articles; about 2 minutes)…",
            "112 s measured at 100,000 articles, so 2 minutes is honest"
        );
    }

    #[test]
    fn the_estimate_rounds_up_to_whole_minutes() {
        assert_eq!(estimate(Duration::from_secs(3)), "under a minute");
        assert_eq!(estimate(Duration::from_secs(60)), "about a minute");
        assert_eq!(estimate(Duration::from_secs(61)), "about 2 minutes");
        assert_eq!(estimate(Duration::from_secs(360)), "about 6 minutes");
    }

    #[test]
    fn the_elapsed_time_is_in_minutes_and_seconds() {
        assert_eq!(finished_line(Duration::from_millis(112_400)), "Library upgraded in 1m 52s.");
        assert_eq!(finished_line(Duration::from_millis(8_600)), "Library upgraded in 9s.");
    }

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2_000), "2,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
